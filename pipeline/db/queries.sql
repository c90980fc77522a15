-- The README's queries over a newsfacts database; each runs unchanged on SQLite and PostgreSQL.
-- A block starts with `-- name: NAME`; `:param` are bound parameters (pipeline/db/queries.py lists their types).

-- name: big_amounts_by_payer
-- Amounts worth more than :min_usd US dollars, by paying organization, in articles published in
-- [:year_start, :next_year_start). A conversion in brackets is a row of its own (same payer).
SELECT COALESCE(payer.canonical, payer.name) AS payer,
       a.article_id, a.amount_id, a.text, a.usd_value, a.role
FROM amounts AS a
JOIN articles AS ar ON ar.id = a.article_id
JOIN organizations AS payer ON payer.article_id = a.article_id AND payer.entity_id = a.payer
WHERE a.usd_value > :min_usd
  AND ar.published >= :year_start AND ar.published < :next_year_start
ORDER BY payer, a.usd_value DESC, a.article_id, a.amount_id;

-- name: most_mentioned_organizations
-- Organizations named in the most articles published in [:week_start, :week_end).
SELECT COALESCE(o.canonical, o.name) AS organization,
       COUNT(DISTINCT o.article_id) AS articles
FROM organizations AS o
JOIN articles AS ar ON ar.id = o.article_id
WHERE ar.published >= :week_start AND ar.published < :week_end
GROUP BY COALESCE(o.canonical, o.name)
ORDER BY articles DESC, organization
LIMIT :limit;

-- name: deals_with_party_from
-- Deals one of whose parties is an organization of country :country (ISO 3166-1), with that party and
-- the deal's headline amount; a deal with two such parties gives two rows.
SELECT d.article_id, d.deal_id, d.kind,
       COALESCE(o.canonical, o.name) AS party,
       h.text AS headline, h.usd_value AS headline_usd
FROM deals AS d
JOIN deal_parties AS p ON p.article_id = d.article_id AND p.deal_id = d.deal_id
JOIN organizations AS o ON o.article_id = p.article_id AND o.entity_id = p.org_id
LEFT JOIN amounts AS h ON h.article_id = d.article_id AND h.amount_id = d.headline
WHERE o.country_code = :country
ORDER BY d.article_id, d.deal_id, party;

-- name: failed_articles
-- Articles whose extraction failed, with the error (SPEC §2 error records).
SELECT id, source, error_type, error_message
FROM articles
WHERE error_type IS NOT NULL
ORDER BY id;
