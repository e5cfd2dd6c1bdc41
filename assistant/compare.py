"""Event-level comparison of two analysis results (a compiled analysis against the baseline).

`compare(result, baseline)` aligns the cutflows by step id, finds the first step at which the
two event sets diverge (from `progress`: how many consecutive steps each event passed), and lists
the events that only one side keeps there, with their values. `Comparison.render()` is readable
text; `Comparison.to_json()` the same as a dictionary.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.result import AnalysisResult

MAX_LISTED = 50
MASS_TOLERANCE = 1e-3  # GeV: selected-event values closer than this are the same
WEIGHT_RTOL = 1e-6  # relative tolerance of weighted cutflow sums


class CompareError(ValueError):
    """The two results cannot be compared (e.g. no common steps)."""


class StepDifference(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: str
    result: int | None = Field(description="events passing in the result (None: step absent)")
    baseline: int | None
    result_weighted: float | None = None
    baseline_weighted: float | None = None

    @property
    def delta(self) -> int | None:
        if self.result is None or self.baseline is None:
            return None
        return self.result - self.baseline


class EventDifference(BaseModel):
    model_config = ConfigDict(extra="forbid")
    runNumber: int
    eventNumber: int
    side: str = Field(description="'result' or 'baseline': the side that keeps the event at the step")
    result_passed: int | None = Field(default=None, description="consecutive steps passed in the result")
    baseline_passed: int | None = None
    result_failed_at: str | None = None
    baseline_failed_at: str | None = None
    values: dict[str, Any] = Field(
        default_factory=dict,
        description="channel and masses of the event's candidate at the last step it passed (the chosen "
        "one when selected), from the result when it records them, else from the baseline",
    )
    values_from: str = Field(default="", description="'result' or 'baseline': whose candidate `values` are")


class Comparison(BaseModel):
    model_config = ConfigDict(extra="forbid")
    identical: bool
    result_producer: str = ""
    baseline_producer: str = ""
    steps_only_in_result: list[str] = Field(default_factory=list)
    steps_only_in_baseline: list[str] = Field(default_factory=list)
    cutflow: list[StepDifference] = Field(default_factory=list)
    first_divergent_step: str | None = None
    only_in_result: list[EventDifference] = Field(default_factory=list)
    only_in_baseline: list[EventDifference] = Field(default_factory=list)
    n_only_in_result: int = 0
    n_only_in_baseline: int = 0
    selected_result: int = 0
    selected_baseline: int = 0
    value_mismatches: list[dict[str, Any]] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump()

    def render(self) -> str:
        lines = [
            f"result:   {self.result_producer}",
            f"baseline: {self.baseline_producer}",
            "IDENTICAL: same cutflow and the same selected events"
            if self.identical
            else "DIFFERENT"
            + (f": first divergent step {self.first_divergent_step}" if self.first_divergent_step else ""),
            "",
            f"{'step':30s} {'result':>9s} {'baseline':>9s} {'delta':>7s}",
        ]
        for row in self.cutflow:
            r = "-" if row.result is None else str(row.result)
            b = "-" if row.baseline is None else str(row.baseline)
            d = "" if row.delta is None else (f"{row.delta:+d}" if row.delta else "0")
            mark = "  <-- first divergence" if row.step == self.first_divergent_step else ""
            lines.append(f"{row.step:30s} {r:>9s} {b:>9s} {d:>7s}{mark}")
        if self.steps_only_in_result:
            lines.append(f"steps only in the result: {', '.join(self.steps_only_in_result)}")
        if self.steps_only_in_baseline:
            lines.append(f"steps only in the baseline: {', '.join(self.steps_only_in_baseline)}")
        lines.append(f"selected: result {self.selected_result}, baseline {self.selected_baseline}")
        for title, events, total in (
            ("kept by the result only", self.only_in_result, self.n_only_in_result),
            ("kept by the baseline only", self.only_in_baseline, self.n_only_in_baseline),
        ):
            if not total:
                continue
            at = f" at {self.first_divergent_step}" if self.first_divergent_step else ""
            lines.append(
                f"{total} events {title}{at}"
                + (f" (first {len(events)})" if total > len(events) else "")
                + ":"
            )
            for ev in events:
                where = ev.baseline_failed_at if ev.side == "result" else ev.result_failed_at
                other = "baseline" if ev.side == "result" else "result"
                values = " ".join(f"{k}={_fmt(v)}" for k, v in ev.values.items() if k != "weight")
                if values:
                    values = f"({ev.values_from} candidate: {values})"
                lines.append(
                    f"  run {ev.runNumber} event {ev.eventNumber}: {other} fails {where or '?'}  {values}".rstrip()
                )
        for mismatch in self.value_mismatches[:10]:
            lines.append(f"  value differs: {mismatch}")
        lines.extend(f"note: {n}" for n in self.notes)
        return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.3f}"
    return str(value)


EVENT_KEY = np.dtype([("run", np.int64), ("event", np.int64)])
LISTED_VALUES = ("channel", "m4l", "m12", "m34", "weight")  # shown for each differing event


def _code(*columns: dict[str, np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """One integer code per distinct (run, event) over all the given tables, in sorted key order:
    the union of keys (a structured array) and, per table, the code of each of its rows."""
    runs = np.concatenate([np.asarray(c["runNumber"], dtype=np.int64) for c in columns])
    events = np.concatenate([np.asarray(c["eventNumber"], dtype=np.int64) for c in columns])
    order = np.lexsort((events, runs))  # numeric sorts: far faster than sorting structured keys
    run, event = runs[order], events[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (run[1:] != run[:-1]) | (event[1:] != event[:-1])
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    union = np.empty(int(first.sum()), dtype=EVENT_KEY)
    union["run"], union["event"] = run[first], event[first]
    bounds = np.cumsum([len(c["runNumber"]) for c in columns])[:-1]
    return union, np.split(inverse, bounds)


def _row_of(codes: np.ndarray, size: int) -> np.ndarray:
    """For every key code, the row of the table that has it (-1: absent)."""
    rows = np.full(size, -1, dtype=np.int64)
    rows[codes] = np.arange(len(codes))
    return rows


def _plain(value: Any) -> Any:
    value = value.item() if isinstance(value, np.generic) else value
    return None if isinstance(value, float) and math.isnan(value) else value


def _values(
    sources: list[tuple[str, dict[str, np.ndarray], np.ndarray]], code: int
) -> tuple[dict[str, Any], str]:
    """The first source (side, columns, row of each event code) with candidate values for the event."""
    for side, columns, rows in sources:
        row = int(rows[code])
        if row < 0:
            continue
        values = {name: _plain(columns[name][row]) for name in LISTED_VALUES if name in columns}
        if values.get("channel") or any(isinstance(v, float) for k, v in values.items() if k != "weight"):
            return values, side
    return {}, ""


def _failed_at(steps: list[str], passed: int | None) -> str | None:
    if passed is None:
        return "(event not processed)"
    return steps[passed] if passed < len(steps) else None


def _blame_one_sided_steps(
    comparison: Comparison, first: str | None, r_steps: list[str], b_steps: list[str]
) -> str | None:
    """When the first diverging common step comes right after steps that only one side has
    (a cut missing from the result, or an extra one), the divergence starts at those steps:
    name the first of them and say so."""
    if first is None:
        return None
    for steps, other, side in ((b_steps, r_steps, "baseline"), (r_steps, b_steps, "result")):
        if first not in steps:
            continue
        position = steps.index(first)
        previous_common = max((i for i in range(position) if steps[i] in other), default=-1)
        one_sided = [s for s in steps[previous_common + 1 : position] if s not in other]
        if one_sided:
            comparison.notes.append(
                f"the event sets first differ at {first}, right after steps only the {side} has: "
                f"{', '.join(one_sided)} (a cut missing on the other side)"
            )
            return one_sided[0]
    return first


def compare(result: AnalysisResult, baseline: AnalysisResult, *, max_listed: int = MAX_LISTED) -> Comparison:
    """Compare `result` with `baseline` step by step and event by event."""
    r_rows = {row.step: row for row in result.cutflow}
    b_rows = {row.step: row for row in baseline.cutflow}
    r_steps = result.steps or [row.step for row in result.cutflow]
    b_steps = baseline.steps or [row.step for row in baseline.cutflow]
    if not set(r_steps) & set(b_steps):
        raise CompareError(
            f"the results share no step id: result {r_steps[:5]}..., baseline {b_steps[:5]}..."
        )
    order = list(b_steps) + [s for s in r_steps if s not in b_steps]
    cutflow = [
        StepDifference(
            step=s,
            result=r_rows[s].events if s in r_rows else None,
            baseline=b_rows[s].events if s in b_rows else None,
            result_weighted=r_rows[s].weighted if s in r_rows else None,
            baseline_weighted=b_rows[s].weighted if s in b_rows else None,
        )
        for s in order
    ]
    comparison = Comparison(
        identical=False,
        result_producer=result.producer,
        baseline_producer=baseline.producer,
        steps_only_in_result=[s for s in r_steps if s not in b_steps],
        steps_only_in_baseline=[s for s in b_steps if s not in r_steps],
        cutflow=cutflow,
    )

    # One code per event over the progress and the selected events of both sides.
    r_prog, b_prog = result.progress_columns(), baseline.progress_columns()
    r_sel, b_sel = result.selected_columns(), baseline.selected_columns()
    comparison.selected_result, comparison.selected_baseline = (
        len(r_sel["runNumber"]),
        len(b_sel["runNumber"]),
    )
    has_progress = r_prog is not None and b_prog is not None
    if not has_progress:
        comparison.notes.append(
            "progress missing on one side: the first divergent step is taken from the cutflow counts"
        )
    tables = [r_sel, b_sel] + ([r_prog, b_prog] if r_prog is not None and b_prog is not None else [])
    union, codes = _code(*tables)
    size = len(union)
    r_row, b_row = _row_of(codes[0], size), _row_of(codes[1], size)

    # Which events survive each common step, on each side (from progress).
    common = [s for s in b_steps if s in r_steps]
    r_index = {s: i for i, s in enumerate(r_steps)}
    b_index = {s: i for i, s in enumerate(b_steps)}
    first: str | None = None
    only_r = only_b = np.zeros(0, dtype=np.int64)
    r_passed = b_passed = np.zeros(size, dtype=np.int64)
    r_has = b_has = np.zeros(size, dtype=bool)
    if r_prog is not None and b_prog is not None:
        r_passed, b_passed = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
        r_passed[codes[2]], b_passed[codes[3]] = r_prog["passed"], b_prog["passed"]
        r_has, b_has = np.zeros(size, dtype=bool), np.zeros(size, dtype=bool)
        r_has[codes[2]], b_has[codes[3]] = True, True
        for step in common:
            # an event passes step k on a side when it passed more than k consecutive steps
            r_keep, b_keep = r_passed > r_index[step], b_passed > b_index[step]
            if np.any(r_keep != b_keep):
                first = step
                only_r, only_b = np.flatnonzero(r_keep & ~b_keep), np.flatnonzero(b_keep & ~r_keep)
                break
    if first is None:
        for row in cutflow:
            if row.result is not None and row.baseline is not None and row.result != row.baseline:
                first = row.step
                break
    comparison.first_divergent_step = _blame_one_sided_steps(comparison, first, r_steps, b_steps)

    r_selected, b_selected = r_row >= 0, b_row >= 0
    if first is None or not has_progress:  # list the selected events only one side has
        only_r, only_b = np.flatnonzero(r_selected & ~b_selected), np.flatnonzero(b_selected & ~r_selected)
    comparison.n_only_in_result, comparison.n_only_in_baseline = len(only_r), len(only_b)
    # values: the result's candidate at its last passed step, else the selected-event values
    sources = [("result", r_sel, r_row), ("baseline", b_sel, b_row)]
    if r_prog is not None and b_prog is not None:
        sources.insert(0, ("result", r_prog, _row_of(codes[2], size)))
        sources.append(("baseline", b_prog, _row_of(codes[3], size)))
    for codes_, side, target in (
        (only_r, "result", comparison.only_in_result),
        (only_b, "baseline", comparison.only_in_baseline),
    ):
        for code in codes_[:max_listed].tolist():
            rp = int(r_passed[code]) if r_has[code] else None
            bp = int(b_passed[code]) if b_has[code] else None
            values, values_from = _values(sources, code)
            difference = EventDifference(
                runNumber=int(union[code]["run"]),
                eventNumber=int(union[code]["event"]),
                side=side,
                values=values,
                values_from=values_from,
            )
            if has_progress:
                difference.result_passed, difference.baseline_passed = rp, bp
                difference.result_failed_at = _failed_at(r_steps, rp)
                difference.baseline_failed_at = _failed_at(b_steps, bp)
            target.append(difference)

    # Values of events selected by both (channel, masses).
    both = np.flatnonzero(r_selected & b_selected)
    rows_r, rows_b = r_row[both], b_row[both]
    for column in ("channel", "m4l", "m12", "m34"):
        rv, bv = r_sel[column][rows_r], b_sel[column][rows_b]
        if column == "channel":
            differs = rv.astype(str) != bv.astype(str)
        else:
            differs = ~((np.abs(rv - bv) <= MASS_TOLERANCE) | (np.isnan(rv) & np.isnan(bv)))
        for k in np.flatnonzero(differs).tolist():
            if len(comparison.value_mismatches) >= max_listed:
                break
            comparison.value_mismatches.append(
                {
                    "runNumber": int(union[both[k]]["run"]),
                    "eventNumber": int(union[both[k]]["event"]),
                    "column": column,
                    "result": _plain(rv[k]),
                    "baseline": _plain(bv[k]),
                }
            )
    same_selection = not np.any(r_selected != b_selected)

    same_counts = all(
        row.result == row.baseline for row in cutflow if row.result is not None and row.baseline is not None
    )
    weighted_differs = [
        row.step
        for row in cutflow
        if row.result_weighted is not None
        and row.baseline_weighted is not None
        and abs(row.result_weighted - row.baseline_weighted)
        > WEIGHT_RTOL * max(1.0, abs(row.baseline_weighted))
    ]
    if weighted_differs:
        comparison.notes.append(
            f"weighted cutflow differs at: {', '.join(weighted_differs[:10])} (check the event weights)"
        )
    comparison.identical = (
        first is None
        and same_counts
        and not weighted_differs
        and same_selection
        and not comparison.value_mismatches
        and not comparison.steps_only_in_result
        and not comparison.steps_only_in_baseline
    )
    if not comparison.identical and first is None and not same_selection:
        comparison.notes.append(
            "the selected events differ although no common step diverges: check the steps present on one side only"
        )
    return comparison
