"""The extraction step: one article's spaCy Doc in, one validated ArticleResult (or error record) out."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.io import Article, InputError, Item
from pipeline.models import (
    Amount,
    ArticleResult,
    DateMention,
    ErrorInfo,
    ErrorRecord,
    Organization,
    Place,
    Record,
    Span,
)

S = TypeVar("S", bound=Span)
M = TypeVar("M", bound=BaseModel)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# spaCy's NER works on windows of a few sentences; a long article is cut into pieces of about this
# many characters at paragraph (else line, else sentence, else word) boundaries and read one piece at a
# time (pipeline/long_articles.py), with offsets shifted back to the body's.
CHUNK_CHARS = 100_000
BATCH_SIZE = 32


def _cut_points(text: str, limit: int) -> list[int]:
    cuts: list[int] = []
    begin = 0
    while len(text) - begin > limit:
        window_end = begin + limit
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            found = text.rfind(sep, begin + limit // 2, window_end)
            if found != -1:
                cut = found + len(sep)
                break
        if cut == -1:
            cut = window_end
        cuts.append(cut)
        begin = cut
    return cuts


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Pieces whose concatenation is exactly `text`, each at most `limit` characters."""
    bounds = [0, *_cut_points(text, limit), len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:])]


def load_tables() -> None:
    """Load every data table the extractors read (each is loaded once per process, on first use): the place
    gazetteer, the organization data, the money, date and deal-term words, the rates and the deal-term weights.
    A run loads them with the model, before it freezes both out of the garbage collector's generations, so that no
    article pays for them and no collection rescans them."""
    from pipeline.extract.dates.patterns import load_patterns
    from pipeline.extract.dates.words import load_words
    from pipeline.extract.deals.learned import load_role_model
    from pipeline.extract.deals.party_vote import load_party_model
    from pipeline.extract.deals.words import load_deal_words
    from pipeline.extract.money.lexicon import load_lexicon
    from pipeline.extract.orgs.gazetteer import load_org_data
    from pipeline.normalize.calendar import calendar_words
    from pipeline.normalize.currency import load_converter
    from pipeline.normalize.geo import load_gazetteer

    for load in (load_gazetteer, load_org_data, load_lexicon, load_patterns, load_words, calendar_words, load_converter,
                 load_deal_words, load_role_model, load_party_model):
        load()


def make_doc(nlp: Language, text: str) -> Doc:
    """The one Doc of a body of any length; offsets into it are offsets into `text`. Extraction reads a long body
    piece by piece instead (pipeline/long_articles.py); this whole Doc is for benchmarks and tests that want one."""
    from spacy.tokens import Doc

    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    # One piece at a time: the model's memory grows with the text of a batch (all pieces of 5 MB at once: 17 GB).
    docs = [nlp(piece) for piece in split_text(text, CHUNK_CHARS)]
    return Doc.from_docs(docs, ensure_whitespace=False)


def drop_overlapping(spans: list[S], blockers: Sequence[Span]) -> list[S]:
    """`spans` without those overlapping any of `blockers` (both sorted by start, non-overlapping within each)."""
    starts = [b.start for b in blockers]
    kept = []
    for span in spans:
        # Only the last blocker starting before this span's end can reach into it.
        i = bisect.bisect_left(starts, span.end) - 1
        if i < 0 or blockers[i].end <= span.start:
            kept.append(span)
    return kept


def with_ids(items: Sequence[M], prefix: str) -> list[M]:
    """The items numbered `prefix-1`, `prefix-2`, ... in their order (SPEC §7: entities by first mention, mentions by start)."""
    return [item.model_copy(update={"id": f"{prefix}-{n}"}) for n, item in enumerate(items, 1)]


def extract(article: Article, doc: Doc) -> ArticleResult:
    """Run every extractor on one article and validate the result against the contract."""
    from pipeline.extract.dates import extract_dates
    from pipeline.extract.money import extract_money
    from pipeline.extract.orgs import extract_organizations
    from pipeline.extract.view import view_of
    from pipeline.extract.places import extract_places

    text = article.text
    view = view_of(doc, text)
    hints: dict[str, list[tuple[int, int]]] = {"MONEY": [], "DATE": []}
    for start, end, label in view.ents:
        if label in hints:
            hints[label].append((view.starts[start], view.ends[end - 1]))
    organizations = extract_organizations(doc)
    places = extract_places(doc, organizations=organizations)
    amounts = extract_money(text, published=article.published, hints=hints["MONEY"])
    dates, warnings = extract_dates(text, published=article.published, hints=hints["DATE"])
    # A year inside an amount ("$2025") or an amount's number read as a year is money, not a date.
    dates = drop_overlapping(dates, amounts)
    return result_of(article, organizations, places, amounts, dates, warnings)


def result_of(
    article: Article,
    organizations: list[Organization],
    places: list[Place],
    amounts: list[Amount],
    dates: list[DateMention],
    warnings: list[str],
) -> ArticleResult:
    """The validated record of one article from its extractors' findings, with SPEC §7's ids and deal terms."""
    from pipeline.extract.deals import extract_deal_terms

    text = article.text
    organizations, places, amounts, dates = (
        with_ids(organizations, "org"), with_ids(places, "place"), with_ids(amounts, "amount"), with_ids(dates, "date")
    )
    amounts, deals = extract_deal_terms(text, organizations, amounts, places)
    return ArticleResult.model_validate(
        {
            "id": article.id,
            "source": article.source,
            "published": article.published,
            "text_length": len(text),
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "organizations": organizations,
            "places": places,
            "amounts": amounts,
            "dates": dates,
            "deals": deals,
            "warnings": warnings,
            "meta": article.meta,
        },
        context={"body": text},
    )


class NlpFailure(RuntimeError):
    """The model failed on an article's text (an `nlp` error record, not a failure of our rules)."""


def guarded(article: Article, build: Callable[[], ArticleResult]) -> Record:
    """`build()`, with a failure of the model or of ours turned into an error record rather than a stopped run."""
    try:
        return build()
    except NlpFailure as exc:
        return ErrorRecord(id=article.id, source=article.source, error=ErrorInfo(type="nlp", message=str(exc)))
    except ValidationError as exc:
        message = f"the extracted result broke the output contract: {exc.errors()[0]['msg']}"
        return ErrorRecord(id=article.id, source=article.source, error=ErrorInfo(type="invalid_output", message=message))
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch of thousands
        message = f"{type(exc).__name__}: {exc}"
        return ErrorRecord(id=article.id, source=article.source, error=ErrorInfo(type="internal", message=message))


def safe_extract(article: Article, doc: Doc) -> Record:
    """`extract`, with a failure of ours turned into an error record rather than a stopped run."""
    return guarded(article, lambda: extract(article, doc))


def ner_batches(articles: list[Article], limit: int) -> Iterator[list[Article]]:
    """Consecutive articles whose texts add up to at most `limit` characters (one article at least): the model's
    memory follows the text it is given at once, so 32 articles just under one piece each must not go together."""
    group: list[Article] = []
    size = 0
    for article in articles:
        if group and size + len(article.text) > limit:
            yield group
            group, size = [], 0
        group.append(article)
        size += len(article.text)
    if group:
        yield group


def process(items: Iterable[Item], nlp: Language, *, batch_size: int = BATCH_SIZE) -> Iterator[Record]:
    """Records in input order, streaming: at most `batch_size` articles are held at once. An article longer than
    one piece is read piece by piece (pipeline/long_articles.py), in memory that follows the piece."""
    from pipeline.long_articles import extract_long

    iterator = iter(items)
    while batch := list(islice(iterator, batch_size)):
        short = [item for item in batch if isinstance(item, Article) and len(item.text) <= CHUNK_CHARS]
        docs = {}
        for group in ner_batches(short, CHUNK_CHARS):
            docs.update(zip(map(id, group), nlp.pipe([a.text for a in group], batch_size=len(group))))
        for item in batch:
            if isinstance(item, InputError):
                yield item.record()
            elif id(item) in docs:
                yield safe_extract(item, docs.pop(id(item)))
            else:
                yield guarded(item, lambda: extract_long(item, nlp))  # noqa: B023 - called before the next item
