"""Scoring an extracted selection against a gold list, and run-to-run stability.

A predicted cut matches a gold cut when their `Cut.key()` is equal and their values agree
within a relative tolerance (labels for working points and triggers; the dependence knots when
the gold cut has a dependence). Matching is one-to-one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.selection import Cut, Selection

from .merge import value_signature

GOLD_ONLY_FIELDS = {"page", "quote", "document", "evidence_id", "comment", "comments", "source"}


def gold_cut(item: Cut | dict[str, Any]) -> Cut:
    """A gold entry (a Cut, or a Cut-compatible dict with page and quote) as a Cut."""
    if isinstance(item, Cut):
        return item
    data = {k: v for k, v in item.items() if k not in GOLD_ONLY_FIELDS}
    if "quote" in item and "evidence" not in data:
        data["evidence"] = [
            {
                "document": str(item.get("document", "gold")),
                "page": int(item.get("page") or 1),
                "quote": item["quote"],
            }
        ]
    data.setdefault("id", "")
    return Cut.model_validate(data)


def _close(a: float | None, b: float | None, rel: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def agrees(predicted: Cut, gold: Cut, rel: float = 0.01) -> bool:
    """Same requirement: same key and values within `rel`."""
    if predicted.key() != gold.key():
        return False
    if gold.op in ("is", "any"):
        return sorted(predicted.labels) == sorted(gold.labels)
    if gold.op == "closest":
        return _close(predicted.value, gold.value, rel) and (
            not gold.labels or predicted.labels == gold.labels
        )
    if not (_close(predicted.value, gold.value, rel) and _close(predicted.high, gold.high, rel)):
        return False
    low_dependent = gold.depends_on is not None and gold.depends_on.applies_to == "low"
    if not low_dependent and not _close(predicted.low, gold.low, rel):
        return False
    if gold.depends_on is not None:
        dep = predicted.depends_on
        if (
            dep is None
            or dep.applies_to != gold.depends_on.applies_to
            or len(dep.knots) != len(gold.depends_on.knots)
        ):
            return False
        return all(
            _close(px, gx, rel) and _close(py, gy, rel)
            for (px, py), (gx, gy) in zip(dep.knots, gold.depends_on.knots, strict=True)
        )
    return True


@dataclass
class Score:
    recall: float
    precision: float
    grounded_fraction: float
    matched: int
    predicted: int
    gold: int
    missing: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def is_grounded(cut: Cut) -> bool:
    """A located quote states the cut (set by the grounding check) and no flag says otherwise."""
    if "ungrounded" in cut.flags or "unsupported" in cut.flags:
        return False
    return any(e.grounded is True for e in cut.evidence)


def score(
    predicted: Selection | Sequence[Cut], gold: Selection | Iterable[Cut | dict[str, Any]], rel: float = 0.01
) -> Score:
    """Recall, precision (one-to-one matches) and the grounded fraction of the predicted cuts."""
    cuts = list(predicted.cuts if isinstance(predicted, Selection) else predicted)
    gold_cuts = [gold_cut(g) for g in (gold.cuts if isinstance(gold, Selection) else gold)]
    used: set[int] = set()
    matched_gold: set[int] = set()
    for gi, g in enumerate(gold_cuts):
        for pi, p in enumerate(cuts):
            if pi not in used and agrees(p, g, rel):
                used.add(pi)
                matched_gold.add(gi)
                break
    matched = len(matched_gold)
    grounded = sum(1 for c in cuts if is_grounded(c))
    return Score(
        recall=matched / len(gold_cuts) if gold_cuts else 1.0,
        precision=matched / len(cuts) if cuts else (1.0 if not gold_cuts else 0.0),
        grounded_fraction=grounded / len(cuts) if cuts else 1.0,
        matched=matched,
        predicted=len(cuts),
        gold=len(gold_cuts),
        missing=[f"{g.id}: {g.describe()}" for gi, g in enumerate(gold_cuts) if gi not in matched_gold],
        spurious=[f"{c.id}: {c.describe()}" for pi, c in enumerate(cuts) if pi not in used],
    )


def cut_set(cuts: Iterable[Cut]) -> frozenset[tuple[Any, ...]]:
    """What a run produced, as a set of (key, values) for comparing runs."""
    return frozenset((c.key(), value_signature(c)) for c in cuts)


def jaccard(a: frozenset[Any], b: frozenset[Any]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def stability(runs: Sequence[Iterable[Cut]]) -> dict[str, Any]:
    """Mean and minimum pairwise Jaccard of the runs' cut sets, and whether all are identical."""
    sets = [cut_set(run) for run in runs]
    pairs = [jaccard(a, b) for a, b in itertools.combinations(sets, 2)]
    return {
        "runs": len(sets),
        "mean_jaccard": sum(pairs) / len(pairs) if pairs else 1.0,
        "min_jaccard": min(pairs) if pairs else 1.0,
        "identical": len(set(sets)) <= 1,
    }
