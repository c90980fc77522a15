"""Long articles read piece by piece (issue 12): one Doc at a time, the short-article record unchanged, names,
declared currencies and qualified places carried across pieces."""

from __future__ import annotations

import datetime as dt
import gc
import weakref

import pytest

from pipeline import core
from pipeline.evaluate import read_gold
from pipeline.io import Article
from pipeline.long_articles import extract_long

from .conftest import GOLD_DIR, SEED_GOLD

PUBLISHED = dt.date(2026, 3, 5)
# A piece limit that cuts the articles below into several pieces at their paragraphs.
LIMIT = 400


def _sample_gold():
    dev, test = read_gold(GOLD_DIR / "dev.jsonl"), read_gold(GOLD_DIR / "test.jsonl")
    return read_gold(SEED_GOLD) + dev[::12] + test[::12]


@pytest.mark.parametrize("gold", _sample_gold(), ids=lambda g: g.id)
def test_an_article_of_one_piece_gives_the_record_of_extract(nlp, gold):
    assert len(gold.text) <= core.CHUNK_CHARS
    article = Article(gold.id, gold.text, gold.published, gold.where)
    assert extract_long(article, nlp) == core.extract(article, nlp(gold.text))


def _paragraphs(*paragraphs: str) -> str:
    text = "\n\n".join(paragraphs)
    pieces = core.split_text(text, LIMIT)
    assert len(pieces) >= len(paragraphs)  # precondition: each paragraph in a piece of its own
    return text


def _filler(n: int) -> str:
    return " ".join(["The company gave no further details on the timing of the programme."] * n)


def test_the_model_sees_one_piece_at_a_time_and_drops_it(nlp):
    text = _paragraphs(*(f"Quorvent Therapeutics said it raised $40 million in Boston. {_filler(4)}" for _ in range(6)))
    seen: list[str] = []
    alive: list[weakref.ref] = []

    def one_piece(piece):
        gc.collect()
        assert all(ref() is None for ref in alive), "an earlier piece's Doc is still held"
        seen.append(piece)
        doc = nlp(piece)
        alive.append(weakref.ref(doc))
        return doc

    record = extract_long(Article("a", text, PUBLISHED, "a.txt"), one_piece, limit=LIMIT)
    assert "".join(seen) == text and len(seen) > 3 and max(map(len, seen)) <= LIMIT
    assert len(record.amounts) == text.count("$40 million")


def _long_record(nlp, *paragraphs: str):
    text = _paragraphs(*paragraphs)
    record = extract_long(Article("long", text, PUBLISHED, "long.txt"), nlp, limit=LIMIT)
    for entity in [*record.organizations, *record.places]:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text
    for span in [*record.amounts, *record.dates]:
        assert text[span.start : span.end] == span.text
    return text, record


def test_an_organization_in_several_pieces_is_one_entity(nlp):
    text, record = _long_record(
        nlp,
        f"Quorvent Therapeutics signed a licence with Roche on Monday. {_filler(4)}",
        f"Analysts expect more deals this year. {_filler(4)}",
        f"Quorvent Therapeutics will receive the payment from Roche in May. {_filler(4)}",
    )
    by_name = {org.name: org for org in record.organizations}
    assert [m.start for m in by_name["Quorvent Therapeutics"].mentions] == [0, text.rindex("Quorvent Therapeutics")]
    assert len([org for org in record.organizations if org.canonical == by_name["Roche"].canonical]) == 1
    assert len(by_name["Roche"].mentions) == 2
    firsts = [org.mentions[0].start for org in record.organizations]
    assert firsts == sorted(firsts)


def test_a_name_seen_in_an_earlier_piece_is_found_where_the_model_misses_it(nlp):
    later = f"The licence with Quibra covers two programmes. {_filler(4)}"
    assert not [e for e in nlp(later).ents if e.text == "Quibra"]  # precondition: the model alone misses it
    text, record = _long_record(nlp, f"Analysts at Quibra said the price was fair. {_filler(4)}", later)
    (quibra,) = [org for org in record.organizations if org.name == "Quibra"]
    assert [m.start for m in quibra.mentions] == [text.index("Quibra"), text.rindex("Quibra")]


def test_a_currency_declared_in_the_first_piece_holds_in_the_last(nlp):
    text, record = _long_record(
        nlp,
        f"All figures in Canadian dollars. Maple Leaf Biologics raised $40 million on Monday. {_filler(4)}",
        f"Analysts expect more deals this year. {_filler(4)}",
        f"The company will pay $12 million to its partner in May. {_filler(4)}",
    )
    assert [(a.text, a.currency) for a in record.amounts] == [("$40 million", "CAD"), ("$12 million", "CAD")]
    assert record.amounts[1].start > LIMIT


def test_a_place_qualified_in_one_piece_keeps_its_reading_in_another(nlp):
    text, record = _long_record(
        nlp,
        f"Quorvent Therapeutics opened a laboratory in Cambridge, Massachusetts, on Monday. {_filler(4)}",
        f"Analysts expect more deals this year. {_filler(4)}",
        f"The company will hire 40 scientists in Cambridge by May. {_filler(4)}",
    )
    (cambridge,) = [place for place in record.places if place.name == "Cambridge"]
    assert cambridge.country_code == "US"
    assert [m.start for m in cambridge.mentions] == [text.index("Cambridge"), text.rindex("Cambridge")]


def test_an_unqualified_place_alone_keeps_its_best_known_reading(nlp):
    # The control of the test above: without the qualifying piece, Cambridge is the English one.
    _, record = _long_record(
        nlp,
        f"Analysts expect more deals this year. {_filler(4)}",
        f"The company will hire 40 scientists in Cambridge by May. {_filler(4)}",
    )
    assert [(p.name, p.country_code) for p in record.places] == [("Cambridge", "GB")]


def test_a_model_failure_on_a_piece_is_an_nlp_error_record(nlp, monkeypatch):
    monkeypatch.setattr(core, "CHUNK_CHARS", LIMIT)
    text = _paragraphs(*(f"Roche paid $5 million. {_filler(4)}" for _ in range(3)))

    def failing(piece):
        if "Roche" in piece and piece is not text:
            raise MemoryError("piece too big")
        return nlp(piece)

    failing.pipe = nlp.pipe  # the short articles of a batch go through nlp.pipe
    (record,) = core.process([Article("a", text, PUBLISHED, "a.txt")], failing)
    assert record.error.type == "nlp" and "MemoryError: piece too big" in record.error.message


def test_an_extractor_failure_on_a_long_article_is_an_internal_error_record(nlp, monkeypatch):
    monkeypatch.setattr(core, "CHUNK_CHARS", LIMIT)
    monkeypatch.setattr("pipeline.extract.dates.extract_dates", lambda text, **kw: 1 / 0)
    text = _paragraphs(*(f"Roche paid $5 million in May. {_filler(4)}" for _ in range(3)))
    first, second = core.process([Article("a", text, PUBLISHED, "a.txt"), Article("b", "Roche grew.", PUBLISHED, "b.txt")], nlp)
    assert first.error.type == "internal" and "ZeroDivisionError" in first.error.message
    assert second.id == "b"  # the run goes on
