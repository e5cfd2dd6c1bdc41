"""Merging, voting, reconciliation and the canonical cutflow order.

* `merge_statements`: several statements of the same requirement (same `Cut.key()`) become one
  cut with all their evidence; statements that disagree keep the best-supported one and flag
  it "conflict", naming the alternatives in its note.
* `vote`: k LLM runs -> one cut per key with votes = number of runs that produced it.
* `reconcile`: miner cuts the model missed are kept and flagged "possibly-missed"; model cuts
  without a grounded quote are flagged "unsupported" (not compilable unless accepted).
* `canonical_order`: objects -> event multiplicities -> pairing -> windows -> vetoes ->
  choice -> final window; a stable sort with document position as tie-breaker, so the output
  is identical run to run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.selection import Cut, CutEvidence

MAX_EVIDENCE = 4

# -- same requirement? -------------------------------------------------------------------------


def _close(a: float | None, b: float | None, rel: float = 1e-3) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def same_values(a: Cut, b: Cut, rel: float = 1e-3) -> bool:
    """Do two cuts with the same key require the same thing (values within `rel`)?"""
    if a.op in ("is",) or b.op in ("is",):
        return sorted(a.labels) == sorted(b.labels)
    if a.op == "any" and b.op == "any":
        return True  # trigger lists are unions of what each statement names
    if a.op == "closest" or b.op == "closest":
        return _close(a.value, b.value, rel)
    # a dependence given in one statement only does not make two windows differ
    return _close(a.value, b.value, rel) and _close(a.low, b.low, rel) and _close(a.high, b.high, rel)


def value_signature(cut: Cut) -> tuple[Any, ...]:
    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 6)

    labels = tuple(sorted(cut.labels)) if cut.op == "is" else ()
    return (
        cut.op if cut.op in ("between", "outside", "closest", "is", "any") else cut.side(),
        r(cut.value),
        r(cut.low),
        r(cut.high),
        labels,
    )


def _combine_evidence(*lists: Iterable[CutEvidence]) -> list[CutEvidence]:
    seen: set[tuple[str, int, str]] = set()
    combined: list[CutEvidence] = []
    for evidence_list in lists:
        for evidence in evidence_list:
            marker = (evidence.document, evidence.page, evidence.evidence_id or evidence.quote)
            if marker in seen:
                continue
            seen.add(marker)
            combined.append(evidence)
    return combined[:MAX_EVIDENCE]


def _absorb(base: Cut, other: Cut) -> Cut:
    """`base` with the evidence, labels and dependence of an equivalent statement `other`."""
    data = base.model_dump()
    data["evidence"] = [e.model_dump() for e in _combine_evidence(base.evidence, other.evidence)]
    if base.op == "any":
        data["labels"] = list(dict.fromkeys([*base.labels, *other.labels]))
    if base.depends_on is None and other.depends_on is not None:
        data["depends_on"] = other.depends_on.model_dump()
        data["op"], data["low"], data["high"], data["value"] = other.op, other.low, other.high, other.value
    return Cut.model_validate(data)


def merge_statements(cuts: Sequence[Cut]) -> list[Cut]:
    """One cut per key, in first-statement order. Equivalent statements pool their evidence;
    disagreeing ones: the status "documented" beats "from-reference", then more statements,
    then the first in the document; the cut is flagged "conflict"."""
    groups: dict[tuple[Any, ...], list[Cut]] = {}
    for cut in cuts:
        groups.setdefault(cut.key(), []).append(cut)
    merged: list[Cut] = []
    for group in groups.values():
        variants: list[list[Cut]] = []
        for cut in group:
            for variant in variants:
                if same_values(variant[0], cut):
                    variant.append(cut)
                    break
            else:
                variants.append([cut])
        ranked = sorted(
            range(len(variants)),
            key=lambda i: (variants[i][0].status != "documented", -len(variants[i]), i),
        )
        best = variants[ranked[0]]
        cut = best[0]
        for other in best[1:]:
            cut = _absorb(cut, other)
        if len(variants) > 1:
            alternatives = "; ".join(
                f"{variants[i][0].describe()} (page {variants[i][0].evidence[0].page})"
                for i in ranked[1:]
                if variants[i][0].evidence
            )
            cut = cut.model_copy(
                update={
                    "flags": sorted({*cut.flags, "conflict"}),
                    "note": (cut.note + " " if cut.note else "") + f"other statements: {alternatives}"[:1500],
                }
            )
        merged.append(cut)
    return merged


# -- votes over k runs -------------------------------------------------------------------------


def vote(runs: Sequence[Sequence[Cut]]) -> list[Cut]:
    """One cut per key over k runs: votes = runs in which the key appeared; the value variant
    given most often wins (ties: the earliest run's)."""
    total = max(1, len(runs))
    by_key: dict[tuple[Any, ...], list[tuple[int, Cut]]] = {}
    for run_index, run in enumerate(runs):
        for cut in run:
            by_key.setdefault(cut.key(), []).append((run_index, cut))
    voted: list[Cut] = []
    for entries in by_key.values():
        counts = Counter(value_signature(cut) for _, cut in entries)
        best_signature = max(
            counts,
            key=lambda s: (
                counts[s],
                -next(i for i, (_, c) in enumerate(entries) if value_signature(c) == s),
            ),
        )
        chosen = [cut for _, cut in entries if value_signature(cut) == best_signature]
        cut = chosen[0]
        for other in chosen[1:]:
            cut = _absorb(cut, other)
        runs_with_key = len({run_index for run_index, _ in entries})
        voted.append(cut.model_copy(update={"votes": runs_with_key, "runs": total}))
    return voted


# -- reconciliation ----------------------------------------------------------------------------


def reconcile(
    mined: Sequence[Cut], modelled: Sequence[Cut], runs: int
) -> tuple[list[Cut], list[Cut], list[Cut]]:
    """Combine miner cuts with voted, grounding-checked model cuts.

    Returns (cuts, possibly_missed, unsupported). Miner cuts keep their evidence; a model cut
    on the same key with the same values adds its votes; one with other values is noted as a
    conflict (the grounded miner statement wins). Miner cuts the model never produced are
    flagged "possibly-missed"; model-only cuts flagged "unsupported" stay in the list but are
    not compilable; an unsupported model cut contradicting a miner cut is only reported."""
    by_key = {cut.key(): cut for cut in modelled}
    result: list[Cut] = []
    possibly_missed: list[Cut] = []
    unsupported: list[Cut] = []
    for cut in mined:
        model_cut = by_key.pop(cut.key(), None)
        if model_cut is None:
            flagged = cut.model_copy(
                update={"flags": sorted({*cut.flags, "possibly-missed"}), "votes": 0, "runs": runs}
            )
            possibly_missed.append(flagged)
            result.append(flagged)
            continue
        update: dict[str, Any] = {"votes": model_cut.votes, "runs": runs}
        if not same_values(cut, model_cut):
            update["flags"] = sorted({*cut.flags, "conflict"})
            update["note"] = (cut.note + " " if cut.note else "") + f"model said: {model_cut.describe()}"
            update["votes"] = 0
            if "unsupported" in model_cut.flags:
                unsupported.append(model_cut)  # recorded, never in the selection
        result.append(cut.model_copy(update=update))
    for cut in by_key.values():
        result.append(cut)
        if "unsupported" in cut.flags:
            unsupported.append(cut)
    return result, possibly_missed, unsupported


# -- canonical cutflow order -------------------------------------------------------------------

_OBJECT_KINEMATIC_ORDER = {"electron": 0, "muon": 1, "lepton": 2, "photon": 3, "tau": 4}
_OBJECT_QUALITY_ORDER = {"lepton": 0, "electron": 1, "muon": 2, "photon": 3, "tau": 4}
_VARIABLE_ORDER = {
    name: i
    for i, name in enumerate(
        [
            "et",
            "pt",
            "energy",
            "eta",
            "abs_eta",
            "phi",
            "id",
            "pt_over_mass",
            "z0sintheta",
            "d0sig",
            "d0",
            "sip3d",
            "iso_track",
            "iso_calo",
            "iso_rel",
            "iso_wp",
            "overlap_dr",
            "charge",
        ]
    )
}
_KINEMATIC = {"et", "pt", "energy", "eta", "abs_eta", "phi", "id", "pt_over_mass", "charge"}
_IMPACT = {"z0sintheta", "d0sig", "d0", "sip3d"}
_ISOLATION = {"iso_track", "iso_calo", "iso_rel", "iso_wp"}
_FLAVOUR_ORDER = {None: 0, "same": 1, "different": 2, "e": 3, "mu": 4}
_CHANNEL_ORDER = {"4mu": 0, "2e2mu": 1, "2mu2e": 2, "4e": 3, None: 4}


def stage(cut: Cut) -> tuple[int, int, int]:
    """(stage, then two numbers ordering cuts inside the stage)."""
    obj, var = cut.object, cut.variable
    variable_rank = _VARIABLE_ORDER.get(var, 50)
    if obj == "event" and var in ("trigger", "n_vertices"):
        return (0, 0 if var == "trigger" else 1, 0)
    if obj in _OBJECT_KINEMATIC_ORDER and var != "count":
        if var in _KINEMATIC:
            return (1, 0, _OBJECT_KINEMATIC_ORDER[obj] * 100 + variable_rank)
        if var in _IMPACT:
            return (1, 1, variable_rank * 100 + _OBJECT_QUALITY_ORDER[obj])
        if var in _ISOLATION:
            return (1, 2, variable_rank * 100 + _OBJECT_QUALITY_ORDER[obj])
        return (1, 3, _OBJECT_QUALITY_ORDER[obj] * 100 + variable_rank)
    if obj == "jet" and var != "count":
        return (2, 0, variable_rank)
    if var == "count":
        return (3, 0, _OBJECT_KINEMATIC_ORDER.get(obj, 9))
    if var == "sfos_pairs":
        return (3, 1, 0)
    if obj in ("event", "met") or var in ("met", "mt", "sum_charge", "flavour", "charge"):
        return (3, 2, variable_rank)
    if obj in ("quadruplet", "dilepton", "diphoton") and var in ("pt", "et", "pt_over_mass"):
        return (4, 0, cut.rank or 0)
    if obj == "z1" and cut.op == "closest":
        return (5, 0, 0)
    if obj in ("z1", "z2"):
        return (6, 0 if obj == "z1" else 1, 0)
    if obj == "lepton_pair":
        return (7, 0, 0)
    if obj == "sfos_pair":
        return (7, 1, 0)
    if var == "vertex_chi2":
        return (8, 0, 0)
    if var == "choice":
        return (9, 0, 0)
    if obj in ("quadruplet", "dilepton", "diphoton") and var == "mass":
        return (10, 0, 0)
    return (6, 5, variable_rank)


def canonical_order(cuts: Iterable[Cut]) -> list[Cut]:
    def key(item: tuple[int, Cut]) -> tuple[Any, ...]:
        position, cut = item
        first = cut.evidence[0] if cut.evidence else None
        return (
            stage(cut),
            cut.rank or 0,
            _FLAVOUR_ORDER.get(cut.flavour, 9),
            _CHANNEL_ORDER.get(cut.channel, 9),
            cut.side(),
            (first.page, first.start or 0) if first else (10**9, 0),
            cut.id,
            position,
        )

    return [cut for _, cut in sorted(enumerate(cuts), key=key)]


def unique_ids(cuts: Sequence[Cut]) -> list[Cut]:
    """Cuts whose default ids collide (same id, different keys, e.g. '>' and '>=' sides of one
    variable) get a numeric suffix so the Selection stays valid."""
    seen: Counter[str] = Counter()
    result: list[Cut] = []
    for cut in cuts:
        seen[cut.id] += 1
        if seen[cut.id] > 1:
            suffix = (
                "outside" if cut.op == "outside" and f"{cut.id}.outside" not in seen else str(seen[cut.id])
            )
            seen[f"{cut.id}.{suffix}"] += 1
            result.append(cut.model_copy(update={"id": f"{cut.id}.{suffix}"}))
        else:
            result.append(cut)
    return result
