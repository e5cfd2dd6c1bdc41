"""Cuts that no event or object can pass, or that restrict nothing, are not cuts.

Every variable below is a magnitude (a momentum, a mass, a distance, an absolute value, a
count): it is never negative, and an azimuthal separation never exceeds π. A bound that
contradicts that is a misreading (a sign taken from a signed η window, a unit lost, a value from
another statement), so the candidate is dropped with a reason instead of becoming a cut:

    |η| < 0, |η| < -2.5, pT < 0      select nothing
    pT > -5 GeV, ΔR > -0.1           restrict nothing
    count == -1                      cannot hold
    Δφ > 4                           selects nothing (Δφ ≤ π)
    -1 < |η| < 2.5                   a window on a magnitude below zero (the signed η was meant)

A window symmetric about zero on a magnitude ("-2.5 < η < 2.5" read on |η|) is the upper bound
it says (`fold_symmetric_window`). Windows whose lower edge is not below the upper one are
already refused by `Cut` itself; the miner records that reason too.
"""

from __future__ import annotations

import math
from typing import Any

from assistant.selection import Cut

NON_NEGATIVE = frozenset(
    {
        "pt",
        "et",
        "energy",
        "mass",
        "met",
        "mt",
        "ht",
        "abs_eta",
        "dr",
        "overlap_dr",
        "dphi",
        "dphi_met",
        "d0",
        "d0sig",
        "sip3d",
        "z0sintheta",
        "iso_track",
        "iso_calo",
        "iso_rel",
        "count",
        "n_vertices",
        "sfos_pairs",
        "vertex_chi2",
        "pt_over_mass",
    }
)
AZIMUTHAL = frozenset({"dphi", "dphi_met"})


def fold_symmetric_window(fields: dict[str, Any]) -> dict[str, Any]:
    """`between -x and x` on a magnitude is `< x` (the fields of a cut about to be built)."""
    low, high = fields.get("low"), fields.get("high")
    if (
        fields.get("op") == "between"
        and fields.get("variable") in NON_NEGATIVE
        and low is not None
        and high is not None
        and high > 0
        and math.isclose(low, -high)
        and not fields.get("depends_on")
    ):
        folded = {k: v for k, v in fields.items() if k not in ("low", "high")}
        return {**folded, "op": "<", "value": high}
    return fields


def unsatisfiable(cut: Cut) -> str | None:
    """Why `cut` cannot be a requirement (it selects nothing, or restricts nothing), or None."""
    if cut.depends_on is not None or cut.variable not in NON_NEGATIVE:
        return None
    name = cut.variable
    op, value, low, high = cut.op, cut.value, cut.low, cut.high
    if op in ("<", "<=") and value is not None and (value < 0 or (op == "<" and value == 0)):
        return f"{name} is never negative: an upper bound of {value:g} selects nothing"
    if op in (">", ">=") and value is not None and value < 0:
        return f"{name} is never negative: a lower bound of {value:g} restricts nothing"
    if op in ("==",) and value is not None and value < 0:
        return f"{name} is never negative: it cannot equal {value:g}"
    if op in ("between", "outside") and low is not None and high is not None:
        if high <= 0:
            return f"{name} is never negative: the window {low:g} to {high:g} lies below zero"
        if low < 0:
            return f"{name} is never negative: a window from {low:g} to {high:g} reads a signed quantity on its magnitude"
    if name in AZIMUTHAL and op in (">", ">=") and value is not None and value >= math.pi + 1e-3:
        return f"an azimuthal separation never exceeds π: a lower bound of {value:g} selects nothing"
    return None
