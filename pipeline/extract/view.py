"""One article's Doc read once into plain columns (`DocView`), shared by the organization and place extractors."""

from __future__ import annotations

import array
import bisect
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc



def _entity_bounds(doc: Doc) -> list[tuple[int, int, str]]:
    """`[(ent.start, ent.end, ent.label_) for ent in doc.ents]`, read from the IOB columns: `Doc.ents` builds a Token
    for every token of the article (about a millisecond an article, as much as our organization rules)."""
    import numpy

    from spacy.attrs import ENT_IOB, ENT_TYPE

    if not len(doc):
        return []
    table = doc.to_array([ENT_IOB, ENT_TYPE]).reshape(len(doc), 2)
    iob = table[:, 0]
    begins = numpy.flatnonzero(iob == 3)  # 3 = B, 1 = I, 2 = O, 0 = unset
    if not len(begins):
        return []
    outside = numpy.append(numpy.flatnonzero(iob != 1), len(doc))
    ends = outside[numpy.searchsorted(outside, begins, side="right")]
    strings = doc.vocab.strings
    return [(int(b), int(e), strings[int(table[b, 1])]) for b, e in zip(begins, ends)]


class DocView:
    """An article's Doc read once. spaCy builds a new Token on every `doc[i]` and rebuilds `Doc.text` and
    `Doc.ents` on every access, and the rules look at each token several times; they read this instead."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, LENGTH, LOWER

        # Columns of plain values rather than Token objects: tens of thousands of live Tokens make every
        # garbage collection slower, so a long article would cost more than its length.
        table = doc.to_array([IDX, LENGTH, LOWER, IS_PUNCT, IS_SPACE, IS_ALPHA, IS_LOWER]).reshape(len(doc), 7)
        if text is None or (len(doc) and text[int(table[-1, 0]) : int(table[-1, 0] + table[-1, 1])] != doc[-1].text):
            text = doc.text  # no body given, or not the one the Doc was made from
        self.text: str = text
        # Compact columns: a 5 MB article has a million tokens; a list of Python ints would cost 36 bytes a token, a list of bools 8.
        self.starts = array.array("q", table[:, 0].astype("int64").tobytes())
        self.ends = array.array("q", (table[:, 0] + table[:, 1]).astype("int64").tobytes())
        self.words: list[str] = [self.text[at:end] for at, end in zip(self.starts, self.ends)]
        lower_ids = table[:, 2].tolist()
        strings = doc.vocab.strings
        lower_of = {key: strings[key] for key in set(lower_ids)}
        self.lowers: list[str] = [lower_of[key] for key in lower_ids]
        # 1 where the token has the property, 0 where not
        self.is_punct, self.is_space, self.is_alpha, self.is_lower = (table[:, k].astype(bool).tobytes() for k in range(3, 7))
        # (start token, end token, label) of each spaCy entity: plain tuples, which the collector stops tracking.
        self.ents: list[tuple[int, int, str]] = _entity_bounds(doc)
        self._token_at: dict[int, int] | None = None
        self._token_ending_at: dict[int, int] | None = None
        self._tokens_by_text: dict[str, list[int]] | None = None
        self._capitalized: list[int] | None = None
        self._ent_at: dict[int, tuple[int, str]] | None = None
        self._ent_end: dict[int, tuple[int, str]] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def ent_at(self) -> dict[int, tuple[int, str]]:
        """First token of each spaCy entity -> (end token, label)."""
        if self._ent_at is None:
            self._ent_at = {start: (end, label) for start, end, label in self.ents}
        return self._ent_at

    def ent_ending_at(self) -> dict[int, tuple[int, str]]:
        """Last token of each spaCy entity -> (start token, label)."""
        if self._ent_end is None:
            self._ent_end = {end - 1: (start, label) for start, end, label in self.ents}
        return self._ent_end

    def capitalized(self) -> list[int]:
        """Indices of the tokens that begin with a capital letter: the only ones that can start a name."""
        if self._capitalized is None:
            self._capitalized = [i for i, word in enumerate(self.words) if word[:1].isupper()]
        return self._capitalized

    def covering(self, start_char: int, end_char: int) -> range:
        """Indices of the tokens these characters touch (`doc.char_span(..., alignment_mode="expand")`)."""
        first = bisect.bisect_right(self.starts, start_char) - 1
        if first >= 0 and start_char == self.ends[first]:
            first += 1  # in the whitespace after a token: that token is not part of it
        last = bisect.bisect_right(self.starts, end_char - 1) - 1
        return range(max(first, 0), last + 1)

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text`, cut from the body rather than joined from new Token objects."""
        return self.text[self.starts[start] : self.ends[end - 1]] if start < end else ""

    def token_span(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """Token bounds of exactly these characters (`doc.char_span(...)` in its strict mode), or None."""
        if self._token_at is None:
            self._token_at = {at: i for i, at in enumerate(self.starts)}
            self._token_ending_at = {at: i + 1 for i, at in enumerate(self.ends)}
        start = self._token_at.get(start_char)
        end = self._token_ending_at.get(end_char)
        return (start, end) if start is not None and end is not None and start < end else None

    def occurrences(self, form: str) -> list[int]:
        """Start characters of every occurrence of `form` that begins and ends on token boundaries, in order.

        A whole-token occurrence starts with a token that is a prefix of `form`, so only tokens spelled as one of
        its prefixes are tried: the cost follows the number of candidates, not the article's length."""
        if self._tokens_by_text is None:
            self._tokens_by_text = {}
            for word, at in zip(self.words, self.starts):
                self._tokens_by_text.setdefault(word, []).append(at)
        starts: list[int] = []
        for size in range(1, len(form) + 1):
            starts.extend(self._tokens_by_text.get(form[:size], ()))
        return [at for at in sorted(starts) if self.text.startswith(form, at) and self.token_span(at, at + len(form))]


_VIEWS: weakref.WeakKeyDictionary[Doc, DocView] = weakref.WeakKeyDictionary()


def view_of(doc: Doc | DocView, text: str | None = None) -> DocView:
    """The DocView of `doc`, built once for the organization and place extractors of the same article
    (an extracted Doc is not changed afterwards) and dropped with the Doc. `text` is the body the Doc was made
    from, when the caller has it: spaCy rebuilds `Doc.text` token by token on every access."""
    if isinstance(doc, DocView):
        return doc
    view = _VIEWS.get(doc)
    if view is None:
        view = _VIEWS[doc] = DocView(doc, text)
    return view
