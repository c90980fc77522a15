"""The role of an amount as learned from the hand-labeled dev split: an averaged perceptron over the words around the
amount in its sentence (pipeline/data/role_model.json, written by pipeline/extract/deals/training.py).

The cue rules (roles.py) were written from the dev articles and read those almost perfectly, but on articles written
later, in other words, they missed a cue they did not list about one time in four; the learned weights give every
word around the amount a say, so a cue word they have seen in other positions and forms (stems of six letters) still
counts, and they know whether the sentence names a public body or a government (`public=`, `gov_word=`). The rule
role joins the vote with a bonus by where its cue stood (`bonus_by_cue`, tiers of the cue's score, chosen by
cross-validation, training.py): a cue of the amount's own clause (`$20 million upfront`) and one of its sentence
outside the clause (`acquire X ... for $N`, where the words around the amount say least) get the most, one elsewhere in
the clause less, one of an earlier sentence or none (the verb's role, the default) the least; so the weights outvote a
clear cue only on strong evidence, and a word the weights never saw (`Roche is pouring ...`) leaves the rule role
standing. Without the model file, the rule role stands."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from itertools import pairwise
from pathlib import Path

import numpy

from pipeline.extract.deals.words import Sentence

ROLE_MODEL_FILE = Path(__file__).resolve().parents[2] / "data" / "role_model.json"
BEFORE, AFTER, STEM = 10, 8, 6  # words of the sentence read before and after the amount; letters kept of a word

# While set (training), each amount's features and rule role are handed to it and the rule role is kept.
OBSERVE: ContextVar[Callable[[int, list[str], str], None] | None] = ContextVar("observe_roles", default=None)


class RoleModelError(ValueError):
    """pipeline/data/role_model.json is unreadable or names a feature's weights badly."""


def _size(value: float | None) -> str:
    if value is None:
        return "size=none"
    return "size=small" if value < 1000 else "size=mid" if value < 1e6 else "size=big"


def features(sentence: Sentence, at: int, value: float | None, public: bool = False, government: bool = False) -> list[str]:
    """The words around the amount at token `at` (an organization reads `<org>`, another amount `<amount>`), by
    position (the three nearest each side), as bags (the ten before, the eight after) and as neighbouring pairs; and
    whether the sentence names a public body (`public`) or a government word (`government`)."""
    words = [w[:STEM] for w in sentence.words]
    before, after = words[max(0, at - BEFORE) : at], words[at + 1 : at + 1 + AFTER]
    found = ["bias", _size(value), f"public={public}", f"gov_word={government}"]
    found += [f"b{k}={w}" for k, w in enumerate(reversed(before[-3:]))]
    found += [f"a{k}={w}" for k, w in enumerate(after[:3])]
    found += [f"bw={w}" for w in set(before)] + [f"aw={w}" for w in set(after)]
    found += [f"bb={x}_{y}" for x, y in pairwise(before)] + [f"ab={x}_{y}" for x, y in pairwise(after)]
    return found


class RoleModel:
    def __init__(self, weights: dict[str, dict[str, float]], bonuses: float | Sequence[tuple[float, float]]) -> None:
        """`bonuses`: the rule role's bonus in the vote by the score of the cue it was read from, as (below, bonus)
        tiers in rising order, the first whose bound the score is under; a score under none takes the last bonus. A
        single number is one bonus for every score."""
        self.weights = weights
        self.tiers = [(float("inf"), float(bonuses))] if isinstance(bonuses, (int, float)) else [(float(b), float(x)) for b, x in bonuses]
        # The same weights as a matrix, one row per feature, for summing the rows of an amount's features at once;
        # `known` marks the roles a feature has a weight for (a role no feature names gets no score, as in `weights`).
        self.roles = sorted({role for by_role in weights.values() for role in by_role})
        self.row = {feature: n for n, feature in enumerate(weights)}
        column = {role: k for k, role in enumerate(self.roles)}
        self.matrix = numpy.zeros((len(weights) + 1, len(self.roles)))  # the last row: a feature without weights
        self.known = numpy.zeros(self.matrix.shape, dtype=bool)
        for n, by_role in enumerate(weights.values()):
            for role, weight in by_role.items():
                self.matrix[n, column[role]], self.known[n, column[role]] = weight, True

    def bonus(self, cue: float) -> float:
        """The rule role's bonus in the vote for a cue scored `cue` (infinity: no cue, the verb's role or the default)."""
        return next((bonus for below, bonus in self.tiers if cue < below), self.tiers[-1][1])

    def scores(self, found: Sequence[str]) -> dict[str, float]:
        missing = len(self.row)
        rows = [self.row.get(feature, missing) for feature in found]
        sums, known = self.matrix[rows].sum(axis=0).tolist(), self.known[rows].any(axis=0).tolist()
        return {role: total for role, total, named in zip(self.roles, sums, known) if named}

    def role(self, found: Sequence[str], rule_role: str, cue: float = float("inf")) -> str:
        """The role with the highest score, the rule role's raised by its bonus for a cue scored `cue`; the rule
        role on a tie."""
        totals = self.scores(found)
        totals[rule_role] = totals.get(rule_role, 0.0) + self.bonus(cue)
        best = max(totals.values())
        return rule_role if totals[rule_role] == best else min(r for r, s in totals.items() if s == best)


@functools.lru_cache(maxsize=1)
def load_role_model() -> RoleModel | None:
    """The committed model, or None when the file is absent (the rules alone then)."""
    if not ROLE_MODEL_FILE.exists():
        return None
    try:
        raw = json.loads(ROLE_MODEL_FILE.read_text(encoding="utf-8"))
        weights = {str(f): {str(r): float(w) for r, w in by_role.items()} for f, by_role in raw["weights"].items()}
        tiers = [(float("inf") if below is None else float(below), float(bonus)) for below, bonus in raw["bonus_by_cue"]]
        if not tiers:
            raise ValueError("bonus_by_cue names no tier")
        return RoleModel(weights, tiers)
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError) as exc:
        raise RoleModelError(f"{ROLE_MODEL_FILE.name}: cannot read: {type(exc).__name__} {exc}") from None


def learned_role(sentence: Sentence, at: int, rule_role: str, cue: float, value: float | None, public: bool = False, government: bool = False) -> str:
    """The amount's role: the model's vote with the rule role (read from a cue scored `cue`) in it; the rule role
    alone while training or without a model. `public` and `government`: whether the sentence names a public body or
    a government word."""
    observe = OBSERVE.get()
    model = None if observe is not None else load_role_model()
    if observe is None and model is None:
        return rule_role
    found = features(sentence, at, value, public, government)
    if observe is not None:
        observe(sentence.tokens[at].ref, found, rule_role)
        return rule_role
    return model.role(found, rule_role, cue)
