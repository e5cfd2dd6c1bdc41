"""Open Data file schemas: which tree, which branches, which units, and how every quantity of the
selection vocabulary is computed from them (or why it cannot be).

The descriptions live in `corpus/schemas/<name>.json` (written in our own words, every branch name
and type checked against the real files). `load(name)` gives a `Schema`; `detect(path)` matches any
ROOT file to a known schema by tree and branch names, or describes an unknown one (trees, branches
with types, and units inferred from branch statistics — with the evidence, never silently).

How a collection field is computed (`FieldSource.kind`):
  branch      the branch times `scale` (unit conversion to GeV)
  abs         |branch| times `scale` (signed impact parameters)
  relative    branch times `scale`, divided by the object's pT (isolation)
  z0sintheta  |branch · sin θ| with θ = 2 atan(exp(−η))
  hypot       sqrt(branch² + other²) times `scale` (event-level magnitudes such as MET)
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_DIR = Path(__file__).with_name("schemas")
LEPTON_OBJECTS = ("electron", "muon", "lepton")
KINEMATIC_FIELDS = ("pt", "eta", "phi", "energy")
CARTESIAN_FIELDS = ("px", "py", "pz", "energy")
_IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]{0,127}$"


class SchemaError(ValueError):
    """A schema name is unknown or a file cannot be matched; the message lists what exists."""


class BranchInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=_IDENTIFIER)
    type: str
    unit: str = ""
    meaning: str = ""


class FieldSource(BaseModel):
    """How one per-object (or per-event) quantity is computed from branches."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["branch", "abs", "relative", "z0sintheta", "hypot"]
    branch: str = Field(pattern=_IDENTIFIER)
    other: str | None = Field(default=None, pattern=_IDENTIFIER)
    scale: float = 1.0

    def branches(self) -> list[str]:
        return [self.branch] + ([self.other] if self.other else [])


class Collection(BaseModel):
    """An object collection: branches named `<prefix><field>`; leptons of both flavours may share
    one prefix and be told apart by `flavour_branch` (|value| == `flavour`)."""

    model_config = ConfigDict(extra="forbid")
    prefix: str = Field(pattern=_IDENTIFIER)
    flavour: int | None = None
    flavour_branch: str | None = Field(default=None, pattern=_IDENTIFIER)


class WeightSpec(BaseModel):
    """MC weight = lumi·1000 / sum_of_weights × Π factors, when `mc_marker` != 0; data weight 1.
    Or, when `event_weight` is set, that branch alone (already normalised samples)."""

    model_config = ConfigDict(extra="forbid")
    mc_marker: str = ""
    lumi_over_sumw: str = ""
    factors: list[str] = Field(default_factory=list)
    event_weight: str = ""


class EventIds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    run: str = ""
    event: str = ""


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    title: str
    tree: str
    energy_unit: Literal["GeV", "MeV"]
    length_unit: Literal["mm"] = "mm"
    momentum: Literal["pt_eta_phi_e", "cartesian"]
    lumi_fb: float = 0.0
    event_id: EventIds = Field(default_factory=EventIds)
    signature: list[str] = Field(description="branches whose presence identifies the schema")
    branches: list[BranchInfo]
    quirks: list[str] = Field(default_factory=list)
    collections: dict[str, Collection]
    fields: dict[str, dict[str, FieldSource]]
    field_notes: dict[str, str] = Field(default_factory=dict)
    triggers: dict[str, list[str]] = Field(default_factory=dict)
    event_variables: dict[str, FieldSource] = Field(default_factory=dict)
    weight: WeightSpec = Field(default_factory=WeightSpec)
    unavailable: dict[str, str] = Field(default_factory=dict)

    # -- questions the compiler asks ---------------------------------------------------
    def branch_names(self) -> list[str]:
        return [b.name for b in self.branches]

    def collection(self, obj: str) -> Collection | None:
        return self.collections.get(obj)

    def lepton_prefixes(self) -> list[str]:
        """Distinct prefixes holding electrons and muons (one when they share a collection)."""
        prefixes: list[str] = []
        for obj in ("electron", "muon"):
            coll = self.collections.get(obj)
            if coll and coll.prefix not in prefixes:
                prefixes.append(coll.prefix)
        return prefixes

    def field(self, obj: str, name: str) -> FieldSource | None:
        """How `name` is computed for objects of type `obj` (lepton = electron and muon)."""
        objs = ("electron", "muon") if obj == "lepton" else (obj,)
        sources = []
        for o in objs:
            coll = self.collections.get(o)
            if coll is None:
                return None
            source = self.fields.get(coll.prefix, {}).get(name)
            if source is None and name in ("pt", "eta", "phi") and self._is_cartesian(coll.prefix):
                source = FieldSource(kind="branch", branch=self.fields[coll.prefix]["px"].branch)
            if source is None:
                return None
            sources.append(source)
        return sources[0]

    def _is_cartesian(self, prefix: str) -> bool:
        return "px" in self.fields.get(prefix, {})

    def restricted_to(self, present: set[str] | list[str], source: str = "the file") -> Schema:
        """This schema limited to the branches a file really has: collections, fields, triggers and
        weights whose branches are absent become unavailable (with the reason naming `source`)."""
        present = set(present)
        data = self.model_copy(deep=True)
        for obj, coll in list(data.collections.items()):
            fields = data.fields.get(coll.prefix, {})
            kinematic = [fields[k].branch for k in ("pt", "px") if k in fields]
            if not kinematic or kinematic[0] not in present:
                del data.collections[obj]
                data.unavailable[f"{obj}.*"] = (
                    f"{source} has no {obj} branches ({coll.prefix}*), although {self.name} describes them"
                )
        for fields in data.fields.values():
            for name in [n for n, src in fields.items() if not set(src.branches()) <= present]:
                data.field_notes.setdefault(name, f"{source} lacks {', '.join(fields[name].branches())}")
                del fields[name]
        for label in list(data.triggers):
            data.triggers[label] = [b for b in data.triggers[label] if b in present]
            if not data.triggers[label]:
                del data.triggers[label]
        for name in [n for n, src in data.event_variables.items() if not set(src.branches()) <= present]:
            del data.event_variables[name]
        return data

    def why_unavailable(self, obj: str, variable: str, detail: str = "") -> str:
        """A readable reason why (obj, variable[, detail]) cannot be computed on this schema."""
        for key in (f"{obj}.{variable}", f"{obj}.*", f"lepton.{variable}" if obj in LEPTON_OBJECTS else ""):
            if key and key in self.unavailable:
                return self.unavailable[key]
        for key in (f"{variable}_{detail}" if detail else "", variable):
            if key and key in self.field_notes:
                return self.field_notes[key]
        if obj not in self.collections and obj in ("electron", "muon", "jet", "photon", "tau"):
            return f"{self.name} has no {obj} collection"
        what = f"{variable} ({detail})" if detail else variable
        return f"{self.name} stores no branch for {obj} {what}"

    def describe(self) -> dict[str, Any]:
        """The public description (the JSON contract others read)."""
        return self.model_dump(
            include={"name", "title", "tree", "energy_unit", "length_unit", "momentum", "branches", "quirks"}
        )


def known() -> list[str]:
    """Names of the schemas described in corpus/schemas/."""
    return sorted(p.stem for p in SCHEMA_DIR.glob("*.json"))


@cache
def load(name: str) -> Schema:
    path = SCHEMA_DIR / f"{name}.json"
    if not path.is_file():
        raise SchemaError(
            f"unknown schema {name!r}; known schemas: {', '.join(known())} (or 'auto' to detect from a file)"
        )
    return Schema.model_validate(json.loads(path.read_text()))


# -- detection ------------------------------------------------------------------------------------
class TreeInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    entries: int
    branches: list[BranchInfo]


class SchemaMatch(BaseModel):
    """What `detect` found: the matching schema (or None), the tree used, its branches, the expected
    branches that are missing, and the energy unit inferred from the data with its evidence."""

    model_config = ConfigDict(extra="forbid")
    path: str
    name: str | None = None
    tree: str | None = None
    entries: int = 0
    branches: list[BranchInfo] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    trees: list[TreeInfo] = Field(default_factory=list)
    energy_unit: str | None = None
    unit_evidence: str = ""
    warnings: list[str] = Field(default_factory=list)

    @property
    def matched(self) -> bool:
        return self.name is not None


class NotRootFileError(SchemaError):
    """The file cannot be read as ROOT (empty, truncated or another format)."""


def _type_name(branch: Any) -> str:
    try:
        return str(branch.typename)
    except Exception:  # a type uproot cannot name is still listed
        return "unknown"


def list_trees(path: str | Path) -> list[TreeInfo]:
    """Every TTree in the file with its branches and ROOT types; typed error for non-ROOT files."""
    import uproot

    path = Path(path)
    if not path.is_file():
        raise NotRootFileError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise NotRootFileError(f"{path}: the file is empty (0 bytes), not a ROOT file")
    try:
        with uproot.open(path) as handle:
            trees = []
            for key, cls in handle.classnames(recursive=True).items():
                if cls not in ("TTree", "TNtuple", "ROOT::RNTuple"):
                    continue
                tree = handle[key]
                if cls == "ROOT::RNTuple":  # uproot writes RNTuples by default: same reading API
                    names = [k for k in tree.keys() if "." not in k]  # noqa: SIM118 - an RNTuple, not a dict
                    branches = [BranchInfo(name=k, type=_type_name(tree[k])) for k in names]
                else:
                    branches = [BranchInfo(name=b.name, type=_type_name(b)) for b in tree.branches]
                trees.append(
                    TreeInfo(name=key.split(";")[0], entries=int(tree.num_entries), branches=branches)
                )
            return trees
    except NotRootFileError:
        raise
    except Exception as err:  # uproot raises several kinds for garbage input
        raise NotRootFileError(f"{path}: not a readable ROOT file ({type(err).__name__}: {err})") from err


def detect(path: str | Path) -> SchemaMatch:
    """Match a ROOT file to a known schema by tree name and signature branches; describe it if none fits.

    The energy unit is checked from the data (median lepton/object pT), so a renamed MeV file is
    not taken for GeV: a mismatch with the schema's unit is reported as a warning.
    """
    trees = list_trees(path)
    match = SchemaMatch(path=str(path), trees=trees)
    best: tuple[float, str, TreeInfo] | None = None
    for name in known():
        schema = load(name)
        for tree in trees:
            if tree.name != schema.tree:
                continue
            present = {b.name for b in tree.branches}
            score = sum(b in present for b in schema.signature) / len(schema.signature)
            if score == 1.0 and (best is None or score > best[0]):
                best = (score, name, tree)
    if best is not None:
        _, name, tree = best
        schema = load(name)
        present = {b.name for b in tree.branches}
        match.name, match.tree, match.entries, match.branches = name, tree.name, tree.entries, tree.branches
        match.missing = [b for b in schema.branch_names() if b not in present]
        pt_branch = schema.field("lepton", "pt")
        if pt_branch is not None and schema.momentum == "pt_eta_phi_e":
            unit, evidence = infer_energy_unit(path, tree.name, pt_branch.branch)
            match.energy_unit, match.unit_evidence = unit, evidence
            if unit and unit != schema.energy_unit:
                match.warnings.append(
                    f"{pt_branch.branch} looks like {unit}, but schema {name} says {schema.energy_unit}: {evidence}"
                )
        else:
            match.energy_unit, match.unit_evidence = (
                schema.energy_unit,
                f"schema {name} (Cartesian momenta, unit from the description)",
            )
        return match
    if trees:
        main = max(trees, key=lambda t: (len(t.branches), t.entries))
        match.tree, match.entries, match.branches = main.name, main.entries, main.branches
        pt_like = [b.name for b in main.branches if b.name.lower().endswith("_pt")]
        if pt_like:
            match.energy_unit, match.unit_evidence = infer_energy_unit(path, main.name, pt_like[0])
        else:
            match.unit_evidence = "no *_pt branch: the energy unit cannot be inferred"
    match.warnings.append(
        f"no known schema ({', '.join(known())}) matches trees {[t.name for t in trees]}: describe the file with a new schema"
    )
    return match


def infer_energy_unit(path: str | Path, tree: str, branch: str, sample: int = 2000) -> tuple[str | None, str]:
    """Guess GeV vs MeV from the median of a transverse-momentum branch, returning the evidence."""
    import awkward as ak
    import numpy as np
    import uproot

    with uproot.open(path) as handle:
        values = handle[tree][branch].array(entry_stop=sample, library="ak")
    flat = np.asarray(ak.flatten(values, axis=None), dtype=np.float64)
    flat = flat[np.isfinite(flat) & (flat > 0)]
    if flat.size == 0:
        return None, f"{branch} has no positive values in the first {sample} entries: unit unknown"
    median = float(np.median(flat))
    evidence = f"median {branch} = {median:.4g} over {flat.size} values"
    if median > 1000:
        return "MeV", evidence + " (> 1000: MeV)"
    if 1 < median < 1000:
        return "GeV", evidence + " (1–1000: GeV)"
    return None, evidence + " (outside the ranges expected for GeV or MeV)"
