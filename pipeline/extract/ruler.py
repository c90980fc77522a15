"""Entity rules put in front of the statistical NER: gazetteer organizations and organization-shaped names as ORG."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.extract.orgs.gazetteer import load_org_data

if TYPE_CHECKING:
    from spacy.language import Language

RULER_NAME = "org_ruler"
# A name word: capitalized or an initialism (BioNTech, ABL, J&J); the pattern is anchored and linear, so it cannot backtrack.
NAME_WORD = r"^[A-Z0-9][A-Za-z0-9&'\u2019.-]*$"


def organization_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns: every strong gazetteer alias, and `Name... Head` / `Head of Name...` token shapes."""
    data = load_org_data()
    patterns: list[dict[str, Any]] = [
        {"label": "ORG", "pattern": alias, "id": data.canonical_by_alias[alias]} for alias in data.strong_aliases
    ]
    starts = sorted(data.not_name_starts | data.of_heads)
    # Stop words (However, First, Then) and listed sentence openers never start a rule-made name.
    first = {"TEXT": {"REGEX": NAME_WORD, "NOT_IN": starts}, "IS_STOP": False}
    word = {"TEXT": {"REGEX": NAME_WORD}}
    # A name ends in an organization word or a legal form, possibly both and a comma form (`X Pharma Co., Ltd.`).
    term = {"ORTH": {"IN": sorted(data.name_heads | data.legal_suffixes)}}
    name = [first, {**word, "OP": "{0,3}"}]
    shapes = [
        [*name, term],
        [*name, term, term],
        [*name, term, {"ORTH": ","}, term],
        [*name, term, term, {"ORTH": ","}, term],
        [{**first, "OP": "{0,2}"}, {"ORTH": {"IN": sorted(data.of_heads)}}, {"LOWER": "of"}, {**word, "OP": "{1,3}"}],
        [
            {**first, "OP": "{0,2}"},
            {"ORTH": {"IN": sorted(data.of_heads)}},
            {"LOWER": "of"},
            {**word, "OP": "{1,3}"},
            {"ORTH": {"IN": ["and", "&"]}},
            {"TEXT": {"REGEX": NAME_WORD, "NOT_IN": sorted(data.of_heads | data.not_name_starts)}},
            {**word, "OP": "{0,1}"},
        ],
    ]
    patterns.extend({"label": "ORG", "pattern": shape} for shape in shapes)
    return patterns


def add_entity_rules(nlp: Language) -> None:
    """Add the gazetteer-driven entity ruler to `nlp`, before its NER so the model labels around what the rules fixed."""
    if RULER_NAME in nlp.pipe_names:
        return
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before, config={"validate": True, "overwrite_ents": False})
    ruler.add_patterns(organization_patterns())
