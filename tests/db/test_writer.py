"""The database sink on both engines: rows of a record, idempotent re-runs, replacement, error records."""

from __future__ import annotations

import json

from pipeline.db.rows import article_rows
from pipeline.db.writer import DatabaseSink
from pipeline.io import Rendered

from . import records as gold
from .dump import counts, dump

SEED_ID = "000_18d6ab6d74ca80e2"


def write_all(url: str, items: list[Rendered]) -> list[Rendered]:
    with DatabaseSink(url) as sink:
        return [sink.write(item) for item in items]


def seed_record() -> dict:
    return next(r for r in gold.all_records() if r["id"] == SEED_ID)


def as_v10(record: dict) -> dict:
    """The same facts as a schema-1.0 record: no ids, no deal terms, no deals."""
    v10 = json.loads(json.dumps(record))
    v10["schema_version"] = "1.0"
    del v10["deals"]
    for key in ("organizations", "places", "amounts", "dates"):
        for item in v10[key]:
            item.pop("id")
            for field in ("role", "payer", "payee", "deal"):
                item.pop(field, None)
    return v10


def test_same_batch_twice_changes_nothing(db_url):
    items = gold.rendered(gold.all_records())
    write_all(db_url, items)
    first = dump(db_url)
    assert len(first["articles"]) == len(items) and first["mentions"] and first["amounts"] and first["deals"]
    write_all(db_url, items)
    assert dump(db_url) == first


def test_an_edited_article_replaces_all_its_rows(db_url):
    labeled = gold.all_records()
    write_all(db_url, gold.rendered(labeled))
    before = dump(db_url)
    edited = seed_record()
    edited["text_sha256"] = "0" * 64
    edited["organizations"] = edited["organizations"][:1]
    edited["amounts"] = [a for a in edited["amounts"] if a["payer"] in (None, "org-1")]
    for a in edited["amounts"]:
        a["deal"] = None
    edited["deals"] = []
    write_all(db_url, gold.rendered([edited]))
    after = dump(db_url)
    assert [r for r in after["articles"] if r[0] == SEED_ID][0][3] == "0" * 64
    for table in ("organizations", "mentions", "amounts", "deals", "deal_parties"):
        theirs = [row for row in after[table] if row[0] == SEED_ID]
        others = [row for row in after[table] if row[0] != SEED_ID]
        assert others == [row for row in before[table] if row[0] != SEED_ID], table
        assert len(theirs) < len([row for row in before[table] if row[0] == SEED_ID]), table
    assert {row[1] for row in after["organizations"] if row[0] == SEED_ID} == {"org-1"}


def test_a_v10_record_gets_the_spec_ids_and_null_deal_terms(db_url):
    write_all(db_url, gold.rendered([as_v10(seed_record())]))
    tables = dump(db_url)
    orgs = [row for row in tables["organizations"]]
    assert [row[1] for row in sorted(orgs, key=lambda r: int(r[1].split("-")[1]))] == [f"org-{n}" for n in range(1, len(orgs) + 1)]
    assert {row[1] for row in tables["amounts"]} == {f"amount-{n}" for n in range(1, len(tables["amounts"]) + 1)}
    assert all(row[-4:] == (None, None, None, None) for row in tables["amounts"])  # role, payer, payee, deal
    assert tables["deals"] == [] and tables["deal_parties"] == []
    assert tables["articles"][0][5] == "1.0"  # schema_version


def test_v10_and_v11_records_of_one_article_give_the_same_entity_rows():
    record = seed_record()
    common = {"key": SEED_ID, "record_sha256": "x", "extracted_at": None, "newsfacts_version": "t"}
    v11 = article_rows(record, **common).children
    v10 = article_rows(as_v10(record), **common).children
    for table in ("organizations", "places", "mentions", "dates"):
        assert v10[table] == v11[table], table
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("role", "payer", "payee", "deal")} for r in rows]  # noqa: E731
    assert strip(v10["amounts"]) == strip(v11["amounts"])


def test_error_records_are_rows_with_their_error(db_url):
    written = write_all(db_url, gold.rendered(gold.ERRORS))
    assert all(item.failed for item in written)
    rows = dump(db_url)["articles"]
    assert sorted((row[0], row[8], row[9]) for row in rows) == sorted(
        (e["id"], e["error"]["type"], e["error"]["message"]) for e in gold.ERRORS
    )


def test_a_second_input_with_the_same_id_is_kept_as_an_error(db_url):
    item = gold.rendered([seed_record()])[0]
    written = write_all(db_url, [item, item])
    assert [w.failed for w in written] == [False, True]
    articles = {row[0]: row for row in dump(db_url)["articles"]}
    assert set(articles) == {SEED_ID, f"{SEED_ID}~2"} and articles[f"{SEED_ID}~2"][8] == "duplicate_id"


def test_a_record_whose_references_do_not_resolve_becomes_an_error_row(db_url):
    broken = seed_record()
    broken["amounts"][0]["payer"] = "org-99"
    (written,) = write_all(db_url, gold.rendered([broken]))
    assert written.failed
    assert counts(db_url)["amounts"] == 0
    (row,) = dump(db_url)["articles"]
    assert row[8] == "invalid_output" and "record does not fit" in row[9]


def test_json_record_is_kept_whole(db_url):
    record = seed_record()
    write_all(db_url, gold.rendered([record]))
    (row,) = dump(db_url)["articles"]
    assert row[-1] == record
