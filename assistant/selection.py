"""The structured, evidence-bound event selection: the one data model every stage imports.

A `Selection` is an ordered list of `Cut`s (the order is the cutflow order). A cut is fully
structured — object, variable from a controlled vocabulary, operator, numeric value(s) in
canonical units — and never a string to evaluate. Higher-level steps of a four-lepton or
two-object analysis are building blocks spelled in the same vocabulary:

    quadruplet  sfos_pairs  ==  2          two same-flavour opposite-sign pairs form a candidate
    z1          mass        closest 91.1876 Z1 is the SFOS pair with mass closest to mZ
    z1          mass        between 50 106  window on the leading pair (m12)
    z2          mass        between 12 115  with depends_on: low threshold rising with m4l
    quadruplet  pt  >  20  rank=1          leading lepton of the candidate (highest pT)
    lepton_pair dr  >  0.1 flavour=same    every pair of the candidate's leptons
    sfos_pair   mass >  5                  every SFOS pair, including the alternative pairing
    quadruplet  choice closest 91.1876 labels=[z1_mass, z2_mass]   one candidate per event
    dilepton / diphoton                    the same blocks for two-object analyses

Canonical units: energies and masses in GeV, lengths in mm, angles in rad; isolation variables
are relative (divided by the lepton pT; iso_rel is the combined particle-flow isolation I_rel);
sip3d is the significance of the three-dimensional impact parameter (|SIP_3D|); d0, d0sig,
sip3d, z0sintheta, abs_eta, dphi (azimuthal separation of a pair) and dphi_met (azimuthal
separation of each such object from the missing momentum; a cut on it holds for every object,
i.e. on the minimum over them) are absolute values.
`event ht` is the scalar sum of the jets' pT. A window around the Z mass that is vetoed is
`mass outside mZ-x mZ+x` (|m - mZ| > x). A count's labels say which objects are counted
(["b_tagged"]): they are part of the count's key and id.
Every change returns a new `Selection` with `version + 1`; `diff` says what changed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION: Literal["hep-repro-selection/1"] = "hep-repro-selection/1"
Z_MASS = 91.1876

ObjectName = Literal[
    "event",
    "electron",
    "muon",
    "lepton",
    "jet",
    "photon",
    "tau",
    "met",
    "lepton_pair",
    "sfos_pair",
    "z1",
    "z2",
    "quadruplet",
    "dilepton",
    "diphoton",
]
OBJECT_NAMES: tuple[str, ...] = ObjectName.__args__  # type: ignore[attr-defined]

Variable = Literal[
    "pt",
    "et",
    "eta",
    "abs_eta",
    "phi",
    "energy",
    "mass",
    "dr",
    "dphi",
    "dphi_met",
    "ht",
    "d0",
    "d0sig",
    "z0sintheta",
    "iso_track",
    "iso_calo",
    "iso_rel",
    "sip3d",
    "id",
    "iso_wp",
    "count",
    "charge",
    "sum_charge",
    "flavour",
    "sfos_pairs",
    "choice",
    "met",
    "mt",
    "trigger",
    "n_vertices",
    "vertex_chi2",
    "pt_over_mass",
    "overlap_dr",
]
VARIABLES: tuple[str, ...] = Variable.__args__  # type: ignore[attr-defined]

Op = Literal[">", ">=", "<", "<=", "==", "!=", "between", "outside", "is", "any", "closest"]
Unit = Literal["GeV", "mm", "rad", ""]
Status = Literal["documented", "from-reference", "assumed", "not-applicable"]
Flag = Literal["unsupported", "ungrounded", "possibly-missed", "user-edit", "accepted", "conflict"]
Flavour = Literal["e", "mu", "same", "different"]
Channel = Literal["4e", "4mu", "2e2mu", "2mu2e"]
DependenceTarget = Literal["value", "low", "high"]

_LABEL_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
_ID_PATTERN = r"^[a-z0-9_.:-]{1,80}$"

# What the canonical unit of each variable is ("" = dimensionless).
VARIABLE_UNITS: dict[str, str] = {
    "pt": "GeV",
    "et": "GeV",
    "energy": "GeV",
    "mass": "GeV",
    "met": "GeV",
    "mt": "GeV",
    "d0": "mm",
    "z0sintheta": "mm",
    "phi": "rad",
    "dphi": "rad",
    "dphi_met": "rad",
    "ht": "GeV",
}
MIN_OPS = {">", ">="}
MAX_OPS = {"<", "<="}


class SelectionError(ValueError):
    """A selection or a patch to it is invalid; the message says what to change."""


class CutEvidence(BaseModel):
    """Where a cut is stated: the quote must occur in the page text and contain the value."""

    model_config = ConfigDict(extra="forbid")
    document: str = Field(description="Document.id or title")
    page: int = Field(ge=1)
    quote: str = Field(min_length=1, max_length=2000)
    evidence_id: str | None = None
    start: int | None = None
    end: int | None = None
    grounded: bool | None = Field(default=None, description="set by the grounding check")


class Dependence(BaseModel):
    """A threshold that is a function of another quantity: piecewise linear through `knots`
    (x, threshold), constant below the first and above the last knot."""

    model_config = ConfigDict(extra="forbid")
    variable: Literal["m4l", "mass", "pt"] = "m4l"
    applies_to: DependenceTarget = "low"
    knots: list[tuple[float, float]] = Field(min_length=2)
    unit: Unit = "GeV"

    @field_validator("knots")
    @classmethod
    def _sorted_finite(cls, knots: list[tuple[float, float]]) -> list[tuple[float, float]]:
        for x, y in knots:
            if not (math.isfinite(x) and math.isfinite(y)):
                raise ValueError("dependence knots must be finite numbers")
        xs = [x for x, _ in knots]
        if xs != sorted(xs) or len(set(xs)) != len(xs):
            raise ValueError("dependence knots must have strictly increasing x")
        return knots

    def threshold(self, x: float) -> float:
        knots = self.knots
        if x <= knots[0][0]:
            return knots[0][1]
        for (x0, y0), (x1, y1) in zip(knots, knots[1:], strict=False):
            if x <= x1:
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        return knots[-1][1]


class Cut(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)
    id: str = Field(default="", pattern=r"^$|" + _ID_PATTERN)
    object: ObjectName
    variable: Variable
    op: Op
    value: float | None = None
    low: float | None = None
    high: float | None = None
    labels: list[str] = Field(
        default_factory=list, description="working points, trigger kinds, ordering keys"
    )
    unit: Unit = ""
    rank: int | None = Field(default=None, ge=1, le=8, description="1 = highest pT object")
    flavour: Flavour | None = None
    channel: Channel | None = None
    depends_on: Dependence | None = None
    evidence: list[CutEvidence] = Field(default_factory=list)
    status: Status = "documented"
    flags: list[Flag] = Field(default_factory=list)
    votes: int = Field(default=1, ge=0)
    runs: int = Field(default=1, ge=1)
    note: str = Field(default="", max_length=2000)

    @field_validator("labels")
    @classmethod
    def _labels_are_words(cls, labels: list[str]) -> list[str]:
        import re

        for label in labels:
            if not re.match(_LABEL_PATTERN, label):
                raise ValueError(f"label {label!r} must be a lower-case word like 'loose' or 'single_lepton'")
        return labels

    @field_validator("value", "low", "high")
    @classmethod
    def _finite(cls, number: float | None) -> float | None:
        if number is not None and not math.isfinite(number):
            raise ValueError("cut values must be finite numbers")
        return number

    @model_validator(mode="after")
    def _consistent(self) -> Cut:
        op = self.op
        if op in ("between", "outside"):
            if self.low is None and not (self.depends_on and self.depends_on.applies_to == "low"):
                raise ValueError(f"op {op!r} needs low (or a dependence for it)")
            if self.high is None and not (self.depends_on and self.depends_on.applies_to == "high"):
                raise ValueError(f"op {op!r} needs high (or a dependence for it)")
            if self.low is not None and self.high is not None and self.low >= self.high:
                raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        elif op in ("is", "any"):
            if not self.labels:
                raise ValueError(f"op {op!r} needs labels, e.g. ['loose']")
        elif self.value is None and not (self.depends_on and self.depends_on.applies_to == "value"):
            raise ValueError(f"op {op!r} needs a value")
        if not self.id:
            object.__setattr__(self, "id", self.default_id())
        return self

    def key(self) -> tuple[Any, ...]:
        """What makes two cuts 'the same requirement' (for merging, voting and scoring)."""
        counted = tuple(sorted(self.labels)) if self.variable == "count" else ()
        return (self.object, self.variable, self.rank, self.flavour, self.channel, self.side(), counted)

    def side(self) -> str:
        if self.op in MIN_OPS:
            return "min"
        if self.op in MAX_OPS:
            return "max"
        return self.op

    def default_id(self) -> str:
        parts: list[str] = [self.object, self.variable]
        if self.rank is not None:
            parts.append(f"r{self.rank}")
        if self.flavour:
            parts.append(self.flavour)
        if self.channel:
            parts.append(self.channel)
        if self.variable == "count":
            parts.extend(self.labels)
        if self.op in MAX_OPS and self.variable in ("pt", "et", "mass"):
            parts.append("max")
        if self.op == "closest" and self.variable != "choice":
            parts.append("closest")
        return ".".join(parts)

    @property
    def compilable(self) -> bool:
        """May this cut reach compiled code? Not when not applicable, and not when the model
        stated it without a grounded quote — unless the user accepted it."""
        if self.status == "not-applicable":
            return False
        return "unsupported" not in self.flags or "accepted" in self.flags

    def describe(self) -> str:
        """One readable line: 'electron et > 7 GeV'."""
        subject = self.object + (f"[{self.rank}]" if self.rank else "")
        qualifier = " ".join(q for q in (self.flavour, self.channel) if q)
        unit = f" {self.unit}" if self.unit else ""
        if self.op in ("between", "outside"):
            low, high = self._bound("low", self.low), self._bound("high", self.high)
            text = f"{subject} {self.variable} {self.op} {low} and {high}{unit}"
        elif self.op in ("is", "any"):
            text = f"{subject} {self.variable} {self.op} {'|'.join(self.labels)}"
        else:
            value = self._bound("value", self.value)
            text = f"{subject} {self.variable} {self.op} {value}{unit}"
            if self.labels:
                text += f" ({', '.join(self.labels)})"
        if self.depends_on:
            knots = ", ".join(f"{_num(x)}→{_num(y)}" for x, y in self.depends_on.knots)
            text += f" [{self.depends_on.variable}: {knots}]"
        return f"{text} {qualifier}".strip()

    def _bound(self, target: str, number: float | None) -> str:
        """A value as text, or f(variable) where the dependence supplies it."""
        if self.depends_on and self.depends_on.applies_to == target:
            return f"f({self.depends_on.variable})"
        return _num(number)


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:g}"


class DocumentRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str = ""
    path: str = ""


class Selection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: Literal["hep-repro-selection/1"] = SCHEMA_VERSION
    title: str = ""
    documents: list[DocumentRef] = Field(default_factory=list)
    version: int = Field(default=1, ge=1)
    parent: int | None = None
    message: str = ""
    cuts: list[Cut] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Selection:
        seen: set[str] = set()
        for cut in self.cuts:
            if cut.id in seen:
                raise ValueError(f"duplicate cut id {cut.id!r}: merge the two cuts or give one another id")
            seen.add(cut.id)
        return self

    # -- access ---------------------------------------------------------------------------
    def get(self, cut_id: str) -> Cut:
        for cut in self.cuts:
            if cut.id == cut_id:
                return cut
        import difflib

        near = difflib.get_close_matches(cut_id, [c.id for c in self.cuts], n=5, cutoff=0.3)
        hint = f"; nearest: {', '.join(near)}" if near else f"; ids: {', '.join(c.id for c in self.cuts)}"
        raise SelectionError(f"no cut {cut_id!r} in the selection{hint}")

    def compilable_cuts(self) -> list[Cut]:
        return [c for c in self.cuts if c.compilable]

    # -- changes (each returns a new version) --------------------------------------------
    def _next(self, cuts: Iterable[Cut], message: str) -> Selection:
        return self.model_copy(
            update={
                "cuts": list(cuts),
                "version": self.version + 1,
                "parent": self.version,
                "message": message,
            },
            deep=True,
        ).revalidated()

    def revalidated(self) -> Selection:
        return Selection.model_validate(self.model_dump())

    def with_cut(self, cut: Cut, message: str = "") -> Selection:
        """Replace the cut with the same id, or append a new one."""
        cuts = [c.model_copy(deep=True) for c in self.cuts]
        for i, existing in enumerate(cuts):
            if existing.id == cut.id:
                cuts[i] = cut
                break
        else:
            cuts.append(cut)
        return self._next(cuts, message or f"set {cut.id}: {cut.describe()}")

    def without_cut(self, cut_id: str, message: str = "") -> Selection:
        self.get(cut_id)
        return self._next([c for c in self.cuts if c.id != cut_id], message or f"removed {cut_id}")

    def patched(self, cut_id: str, changes: dict[str, Any], message: str = "") -> Selection:
        """Apply field changes to one cut (validated: a bad value raises SelectionError)."""
        current = self.get(cut_id)
        data = current.model_dump()
        unknown = set(changes) - set(data)
        if unknown:
            raise SelectionError(f"unknown cut fields {sorted(unknown)}; fields: {sorted(data)}")
        data.update(changes)
        flags = set(data.get("flags") or [])
        flags.add("user-edit")
        data["flags"] = sorted(flags)
        try:
            cut = Cut.model_validate(data)
        except ValueError as err:
            raise SelectionError(f"invalid change to {cut_id}: {err}") from err
        return self.with_cut(cut, message)

    # -- serialisation -----------------------------------------------------------------
    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent, exclude_none=False)

    @classmethod
    def from_json(cls, text: str) -> Selection:
        try:
            return cls.model_validate(json.loads(text))
        except (ValueError, TypeError) as err:
            raise SelectionError(f"not a valid hep-repro selection: {err}") from err

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        return cls.model_json_schema()


def diff(old: Selection, new: Selection) -> list[str]:
    """Readable lines saying how `new` differs from `old` (added, removed, changed cuts)."""
    lines: list[str] = []
    old_cuts = {c.id: c for c in old.cuts}
    new_cuts = {c.id: c for c in new.cuts}
    for cut_id, cut in new_cuts.items():
        if cut_id not in old_cuts:
            lines.append(f"+ {cut_id}: {cut.describe()}")
        else:
            before = old_cuts[cut_id]
            if before.describe() != cut.describe() or before.status != cut.status:
                lines.append(
                    f"~ {cut_id}: {before.describe()} [{before.status}] -> {cut.describe()} [{cut.status}]"
                )
    for cut_id, cut in old_cuts.items():
        if cut_id not in new_cuts:
            lines.append(f"- {cut_id}: {cut.describe()}")
    return lines
