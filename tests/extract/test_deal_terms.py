"""Deal terms (SPEC §7): each rule of pipeline/extract/deals on sentences of our own, as data in tests/cases/deal_terms.jsonl.

A row gives, per amount text, the expected [role, payer, payee] (payer and payee as one of the organization's mention
texts, or null), and optionally the expected deals as [kind, [amount texts], headline amount text or null]."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from pipeline import core
from pipeline.extract.deals import words
from pipeline.io import Article

from ..conftest import ROOT, assert_unreadable

CASES = [json.loads(line) for line in (ROOT / "tests" / "cases" / "deal_terms.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def _extract(nlp, text):
    return core.extract(Article("case", text, dt.date(2025, 3, 5), "case.txt"), nlp(text))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_deal_terms(nlp, case):
    result = _extract(nlp, case["text"])
    mentions = {org.id: {m.text for m in org.mentions} for org in result.organizations}
    by_text = {amount.text: amount for amount in result.amounts}
    for text, (role, payer, payee) in case["expected"].items():
        amount = by_text[text]
        assert amount.role.value == role, text
        for name, ref in (("payer", payer), ("payee", payee)):
            got = getattr(amount, name)
            assert (got is None) if ref is None else (ref in mentions.get(got, ())), f"{text} {name}: {got} {mentions.get(got)}"
    if "deals" in case:
        amount_text = {amount.id: amount.text for amount in result.amounts}
        deals = [[d.kind.value, [amount_text[a] for a in d.amounts], amount_text.get(d.headline)] for d in result.deals]
        assert deals == case["deals"]


def test_deals_refer_to_their_amounts_and_parties(nlp):
    result = _extract(nlp, CASES[0]["text"])
    (deal,) = result.deals
    assert all(amount.deal == deal.id for amount in result.amounts)
    assert set(deal.parties) == {result.amounts[0].payer, result.amounts[0].payee}


def test_a_bad_word_list_fails_loudly(tmp_path, monkeypatch):
    raw = json.loads(words.DEAL_WORDS_FILE.read_text(encoding="utf-8"))
    raw["roles"][0]["role"] = "bonanza"
    bad = tmp_path / "deal_words.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    assert_unreadable(monkeypatch, words, "DEAL_WORDS_FILE", bad, words.load_deal_words, words.DealWordsError, "unknown role 'bonanza'")


@pytest.mark.parametrize(
    ("pattern", "word", "ok"),
    [("acqui*", "acquisition", True), ("acqui*", "aqua", False), ("_", "anything", True), ("deal", "deals", False)],
)
def test_cue_words(pattern, word, ok):
    assert words.word_matches(pattern, word) is ok


PHRASES = [("cost", "_"), ("cost", "_", "_"), ("_", "per", "share"), ("up", "to"), ("acqui*",), ("mil*", "_"), ("_",), ("in", "milestones")]
SENTENCE = "it will cost about $5 per share up to the acquisition of in milestones cost".split()


@pytest.mark.parametrize("lo", [0, 2, 5])
def test_the_phrase_index_finds_what_trying_every_phrase_finds(lo):
    """Exact, `x*` and `_` words, first, last and in between: the index's shortcuts (by first or last words, by the first
    exact word of a loose phrase) find the same phrases, in the same order, as trying each phrase at each word."""
    index = words.PhraseIndex((phrase, n) for n, phrase in enumerate(PHRASES))
    hi = len(SENTENCE)
    for at in range(lo, hi):
        tried = [n for n, phrase in enumerate(PHRASES) if at + len(phrase) <= hi and words.matches_at(SENTENCE, at, phrase)]
        assert sorted(n for _, n in index.starting(SENTENCE, at, hi)) == tried
        ends = [n for n, phrase in enumerate(PHRASES) if at + 1 - len(phrase) >= lo and words.matches_at(SENTENCE, at + 1 - len(phrase), phrase)]
        assert sorted(n for _, n in index.ending(SENTENCE, at + 1, lo)) == ends
    # `cost about` ends at word 4: found from lo 0, not from lo 3 (its exact word stands before lo)
    assert ((("cost", "_"), 0) in index.ending(SENTENCE, 4, 0)) and ((("cost", "_"), 0) not in index.ending(SENTENCE, 4, 3))


def test_sentences_do_not_end_after_abbreviations():
    text = "Aldren Inc. paid $5 million in the U.S. last year. Then it stopped.\nNew paragraph here."
    tokens = words.tokens_of(text, [])
    sentences = words.sentences_of(text, tokens, words.load_deal_words().abbreviations)
    assert [re.sub(r"\s+", " ", text[s.tokens[0].start : s.tokens[-1].end]) for s in sentences] == [
        "Aldren Inc. paid $5 million in the U.S. last year.", "Then it stopped.", "New paragraph here."
    ]


def test_only_paragraphs_with_an_amount_and_the_one_before_are_read():
    text = "A para.\n\nB para $5.\n\nC para.\n\nD para $6 and $7."
    at = [(text.index(m), text.index(m) + len(m)) for m in ("$5", "$6", "$7")]
    assert [text[a:b] for a, b in words.reading_ranges(text, at)] == ["A para.\n\nB para $5.", "C para.\n\nD para $6 and $7."]


def _long_article(paragraphs: int):
    """A body of `paragraphs` deal paragraphs, with its organizations and amounts written by hand (no model)."""
    from pipeline.models import Amount, Mention, Organization

    paragraph = "Acme Corp will pay Borealis Bio $5 million upfront. Borealis Bio said on Monday it would hire staff.\n\n"
    text = paragraph * paragraphs
    acme, borealis, amounts = [], [], []
    for n in range(paragraphs):
        base = n * len(paragraph)
        acme.append(Mention(text="Acme Corp", start=base, end=base + 9))
        for at in (base + 19, base + 52):
            borealis.append(Mention(text="Borealis Bio", start=at, end=at + 12))
        start = base + 32
        amounts.append(Amount(id=f"amount-{n + 1}", text="$5 million", start=start, end=start + 10, value=5e6,
                              currency="USD", modifier="exact", low=None, high=None))
    assert all(text[m.start:m.end] == m.text for m in [*acme, *borealis, *amounts])
    orgs = [Organization(id="org-1", name="Acme Corp", canonical=None, mentions=acme),
            Organization(id="org-2", name="Borealis Bio", canonical=None, mentions=borealis)]
    return text, orgs, amounts


def test_bug_deal_terms_cost_linear_time_on_long_articles():
    # A 5 MB article spent 100 s in deal terms: every sentence looked back over all sentences before it for its
    # paragraph's, so the cost grew with the square of the article. Four times the text must cost about four times.
    import time

    from pipeline.extract.deals import extract_deal_terms

    def seconds(paragraphs: int) -> float:
        article = _long_article(paragraphs)
        started = time.perf_counter()
        amounts, _ = extract_deal_terms(*article)
        assert {a.role.value for a in amounts} == {"upfront"}
        return time.perf_counter() - started

    seconds(50)  # word tables loaded
    assert seconds(6000) / seconds(1500) < 8


def test_bug_an_article_of_one_paragraph_reads_a_bounded_context_per_amount(monkeypatch):
    # An article with no line breaks is one paragraph: each amount read the cues of every sentence before it in the
    # paragraph (100 KB took 0.9 s of deal terms, growing with the square). Each reads at most PARAGRAPH_REACH now.
    import pipeline.extract.deals as deals
    from pipeline.extract.deals import roles
    from pipeline.models import Amount, Mention, Organization

    sentence = "Acme Corp will pay Borealis Bio $5 million upfront. "
    count = 400
    text = sentence * count
    acme = [Mention(text="Acme Corp", start=n * len(sentence), end=n * len(sentence) + 9) for n in range(count)]
    borealis = [Mention(text="Borealis Bio", start=n * len(sentence) + 19, end=n * len(sentence) + 31) for n in range(count)]
    amounts = [Amount(id=f"amount-{n + 1}", text="$5 million", start=n * len(sentence) + 32, end=n * len(sentence) + 42,
                      value=5e6, currency="USD", modifier="exact", low=None, high=None) for n in range(count)]
    assert all(text[m.start:m.end] == m.text for m in [*acme, *borealis, *amounts])
    orgs = [Organization(id="org-1", name="Acme Corp", canonical=None, mentions=acme),
            Organization(id="org-2", name="Borealis Bio", canonical=None, mentions=borealis)]
    calls = []
    real = roles._context_candidates
    monkeypatch.setattr(roles, "_context_candidates", lambda *args: calls.append(1) or real(*args))
    read, _ = deals.extract_deal_terms(text, orgs, amounts)
    assert {a.role.value for a in read} == {"upfront"} and {(a.payer, a.payee) for a in read} == {("org-1", "org-2")}
    assert len(calls) <= count * (deals.PARAGRAPH_REACH + 1)
