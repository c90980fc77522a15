"""Entity rules added in front of the statistical NER (placeholder until the organization rules land)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


def add_entity_rules(nlp: Language) -> None:
    """Add the gazetteer-driven entity ruler to `nlp`."""
