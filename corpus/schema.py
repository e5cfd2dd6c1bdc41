"""Open Data file schemas: which tree, which branches, which units, and how every quantity of the
selection vocabulary is computed from them (or why it cannot be).

The descriptions live in `corpus/schemas/<name>.json` (written in our own words, every branch name
and type checked against the real files). `load(name)` gives a `Schema`, `load(path)` reads a user's
schema file (same format; `SchemaFileError` says which field is wrong); `detect(path, schemas=[...])`
matches any ROOT file to the given and the known schemas by tree and branch names, or describes an
unknown one (trees, branches with types, and units inferred from branch statistics — with the
evidence, never silently). `corpus/schemadraft.py` drafts a schema file from a ROOT file.

How a collection field is computed (`FieldSource.kind`):
  branch      the branch times `scale` (unit conversion to GeV)
  abs         |branch| times `scale` (signed impact parameters)
  relative    branch times `scale`, divided by the object's pT (isolation)
  z0sintheta  |branch · sin θ| with θ = 2 atan(exp(−η))
  hypot       sqrt(branch² + other²) times `scale` (event-level magnitudes such as MET)
  energy_from_mass  sqrt((pT cosh η)² + (branch · scale)²): the energy of objects stored as
              (pt, eta, phi, mass), NanoAOD-style (`momentum: pt_eta_phi_m`)
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

SCHEMA_DIR = Path(__file__).with_name("schemas")
LEPTON_OBJECTS = ("electron", "muon", "lepton")
KINEMATIC_FIELDS = ("pt", "eta", "phi", "energy")
CARTESIAN_FIELDS = ("px", "py", "pz", "energy")
IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]{0,127}$"
# names that end up in generated code (inside string literals and docstrings): no quotes, no escapes
_SCHEMA_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$"
_TREE_PATH = r"^[A-Za-z0-9_][A-Za-z0-9_./+-]{0,199}$"
Branch = Annotated[str, Field(pattern=IDENTIFIER)]
OptionalBranch = Annotated[str, Field(pattern=r"^$|" + IDENTIFIER)]


class SchemaError(ValueError):
    """A schema name is unknown or a file cannot be matched; the message lists what exists."""


class SchemaFileError(SchemaError):
    """A user's schema file is missing, not JSON or not a valid description: the message names
    each wrong field and what to do."""


class BranchInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=IDENTIFIER)
    type: str
    unit: str = ""
    meaning: str = ""


class FieldSource(BaseModel):
    """How one per-object (or per-event) quantity is computed from branches."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["branch", "abs", "relative", "z0sintheta", "hypot", "energy_from_mass"]
    branch: str = Field(pattern=IDENTIFIER)
    other: str | None = Field(default=None, pattern=IDENTIFIER)
    scale: float = 1.0

    def branches(self) -> list[str]:
        return [self.branch] + ([self.other] if self.other else [])


class Collection(BaseModel):
    """An object collection: branches named `<prefix><field>`; leptons of both flavours may share
    one prefix and be told apart by `flavour_branch` (|value| == `flavour`)."""

    model_config = ConfigDict(extra="forbid")
    prefix: str = Field(pattern=IDENTIFIER)
    flavour: int | None = None
    flavour_branch: str | None = Field(default=None, pattern=IDENTIFIER)


class WeightSpec(BaseModel):
    """MC weight = lumi·1000 / sum_of_weights × Π factors, when `mc_marker` != 0; data weight 1.
    Or, when `event_weight` is set, that branch alone (already normalised samples)."""

    model_config = ConfigDict(extra="forbid")
    mc_marker: OptionalBranch = ""
    lumi_over_sumw: OptionalBranch = ""
    factors: list[Branch] = Field(default_factory=list)
    event_weight: OptionalBranch = ""

    def branches(self) -> list[str]:
        names = [self.event_weight] if self.event_weight else [self.mc_marker, self.lumi_over_sumw]
        return [n for n in names + self.factors if n]


class EventIds(BaseModel):
    model_config = ConfigDict(extra="forbid")
    run: OptionalBranch = ""
    event: OptionalBranch = ""


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=_SCHEMA_NAME)
    title: str
    tree: str = Field(pattern=_TREE_PATH)
    energy_unit: Literal["GeV", "MeV"]
    length_unit: Literal["mm"] = "mm"
    momentum: Literal["pt_eta_phi_e", "pt_eta_phi_m", "cartesian"]
    lumi_fb: float = 0.0
    event_id: EventIds = Field(default_factory=EventIds)
    signature: list[Branch] = Field(min_length=1, description="branches whose presence identifies the schema")
    branches: list[BranchInfo]
    quirks: list[str] = Field(default_factory=list)
    collections: dict[str, Collection]
    fields: dict[str, dict[str, FieldSource]]
    field_notes: dict[str, str] = Field(default_factory=dict)
    triggers: dict[str, list[Branch]] = Field(default_factory=dict)
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

    def problems(self) -> list[str]:
        """What the compiler would trip over: collections without kinematics, leptons that cannot be
        told apart, branches used but not declared in `branches` (usually a typo)."""
        found = []
        for obj, coll in self.collections.items():
            fields = self.fields.get(coll.prefix)
            if fields is None:
                found.append(f"collections.{obj}: no fields.{coll.prefix} describes prefix {coll.prefix!r}")
            elif not any(set(kin) <= set(fields) for kin in (KINEMATIC_FIELDS, CARTESIAN_FIELDS)):
                found.append(
                    f"fields.{coll.prefix}: needs {', '.join(KINEMATIC_FIELDS)} or {', '.join(CARTESIAN_FIELDS)}"
                    f" (has {', '.join(fields) or 'none'})"
                )
        leptons = [self.collections[o] for o in ("electron", "muon") if o in self.collections]
        for obj in ("electron", "muon"):
            lepton = self.collections.get(obj)
            if lepton is not None and lepton.flavour is None:
                found.append(f"collections.{obj}.flavour: missing (11 for electrons, 13 for muons)")
        if len(leptons) == 2 and leptons[0].prefix == leptons[1].prefix and not leptons[0].flavour_branch:
            found.append(
                "collections.electron.flavour_branch: electrons and muons share prefix "
                f"{leptons[0].prefix!r}, so a branch telling them apart (|value| 11 or 13) is needed"
            )
        declared = set(self.branch_names())
        for where, name in self._used_branches():
            if name not in declared:
                found.append(f"{where}: branch {name!r} is not among the schema's `branches`")
        return found

    def _used_branches(self) -> list[tuple[str, str]]:
        used = [(f"signature[{i}]", b) for i, b in enumerate(self.signature)]
        used += [
            (f"fields.{p}.{n}", b)
            for p, fs in self.fields.items()
            for n, s in fs.items()
            for b in s.branches()
        ]
        used += [(f"event_variables.{n}", b) for n, s in self.event_variables.items() for b in s.branches()]
        used += [(f"triggers.{label}", b) for label, bs in self.triggers.items() for b in bs]
        used += [("weight", b) for b in self.weight.branches()]
        used += [(f"event_id.{k}", b) for k, b in self.event_id.model_dump().items() if b]
        used += [
            (f"collections.{o}.flavour_branch", c.flavour_branch)
            for o, c in self.collections.items()
            if c.flavour_branch
        ]
        return used

    def describe(self) -> dict[str, Any]:
        """The public description (the JSON contract others read)."""
        return self.model_dump(
            include={"name", "title", "tree", "energy_unit", "length_unit", "momentum", "branches", "quirks"}
        )


def known() -> list[str]:
    """Names of the schemas described in corpus/schemas/."""
    return sorted(p.stem for p in SCHEMA_DIR.glob("*.json"))


def is_schema_file(ref: str | Path) -> bool:
    """A reference to a schema file rather than a built-in name (a path or a `.json` name)."""
    text = str(ref)
    return isinstance(ref, Path) or text.endswith(".json") or "/" in text or "\\" in text


def load(ref: str | Path) -> Schema:
    """A built-in schema by name, or a user's schema JSON file by path (validated, typed errors)."""
    if is_schema_file(ref):
        return load_file(ref)
    return _load_builtin(str(ref))


@cache
def _load_builtin(name: str) -> Schema:
    path = SCHEMA_DIR / f"{name}.json"
    if not path.is_file():
        raise SchemaError(
            f"unknown schema {name!r}; known schemas: {', '.join(known())} (or 'auto' to detect from a "
            "file, or the path of a schema .json file: `hep-repro schema draft DATA.root -o my.json`)"
        )
    return Schema.model_validate(json.loads(path.read_text()))


def load_file(path: str | Path) -> Schema:
    """A user's schema file: JSON in the format of corpus/schemas/*.json, checked for consistency."""
    path = Path(path)
    advice = (
        "see corpus/schemas/atlas-2025e.json for the format, or draft one: hep-repro schema draft DATA.root"
    )
    if not path.is_file():
        raise SchemaFileError(f"{path}: no such schema file ({advice}; built-in names: {', '.join(known())})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise SchemaFileError(f"{path}: not a text file ({err.reason}); {advice}") from err
    except json.JSONDecodeError as err:
        raise SchemaFileError(
            f"{path}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from err
    if not isinstance(data, dict):
        raise SchemaFileError(f"{path}: a schema is a JSON object, not {type(data).__name__}; {advice}")
    try:
        schema = Schema.model_validate(data)
    except ValidationError as err:
        raise SchemaFileError(f"{path}: invalid schema: {summarise(err)}\n  ({advice})") from err
    problems = schema.problems()
    if problems:
        listed = "".join(f"\n  - {p}" for p in problems)
        raise SchemaFileError(f"{path}: inconsistent schema:{listed}\n  (fix these fields; {advice})")
    if schema.name in known() and schema != _load_builtin(schema.name):
        raise SchemaFileError(
            f"{path}: name {schema.name!r} is a built-in schema's, but the file describes another layout: "
            "give it a name of its own (results record the schema by name)"
        )
    return schema


def summarise(err: ValidationError, limit: int = 8) -> str:
    """pydantic's errors as one readable line per wrong field: where, what is wrong, what was given."""
    lines = []
    for item in err.errors()[:limit]:
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        if item["type"] == "missing":
            what = "required field is missing"
        elif item["type"] == "extra_forbidden":
            what = "not a field of the schema format (misspelt?)"
        else:
            given = repr(item.get("input"))
            what = f"{item['msg']} (got {given if len(given) <= 60 else given[:57] + '...'})"
        if item["type"] == "string_pattern_mismatch":
            what += ": branch names are identifiers (letters, digits, _), schema names letters, digits, -._+"
        lines.append(f"\n  - {where}: {what}")
    more = len(err.errors()) - limit
    return "".join(lines) + (f"\n  … and {more} more" if more > 0 else "")


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
    matched_schema: Schema | None = Field(default=None, exclude=True, repr=False)

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


@contextmanager
def _opened(path: str | Path) -> Iterator[Any]:
    """The open ROOT file at `path`; NotRootFileError for a missing, empty or unreadable file
    (also when reading it fails inside the block)."""
    import uproot

    path = Path(path)
    if not path.is_file():
        raise NotRootFileError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise NotRootFileError(f"{path}: the file is empty (0 bytes), not a ROOT file")
    try:
        with uproot.open(path) as handle:
            yield handle
    except NotRootFileError:
        raise
    except Exception as err:  # uproot raises several kinds for garbage input
        raise NotRootFileError(f"{path}: not a readable ROOT file ({type(err).__name__}: {err})") from err


def list_trees(path: str | Path, handle: Any = None) -> list[TreeInfo]:
    """Every TTree in the file with its branches and ROOT types; typed error for non-ROOT files.
    `handle`: the file already open (see _opened)."""
    if handle is None:
        with _opened(path) as opened:
            return list_trees(path, opened)
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
        trees.append(TreeInfo(name=key.split(";")[0], entries=int(tree.num_entries), branches=branches))
    return trees


def detect(path: str | Path, schemas: Sequence[Schema | str | Path] = ()) -> SchemaMatch:
    """Match a ROOT file to a schema by tree name and signature branches; describe it if none fits.
    `schemas` (Schema objects, names or schema files) are tried before the known ones and win ties.

    The energy unit is checked from the data (median lepton/object pT), so a renamed MeV file is
    not taken for GeV: a mismatch with the schema's unit is reported as a warning.
    """
    with _opened(path) as handle:  # opened once: its trees are read once
        return _match(path, schemas, handle)


def _match(path: str | Path, schemas: Sequence[Schema | str | Path], handle: Any) -> SchemaMatch:
    trees = list_trees(path, handle)
    match = SchemaMatch(path=str(path), trees=trees)
    candidates = [s if isinstance(s, Schema) else load(s) for s in schemas]
    candidates += [load(name) for name in known() if all(c.name != name for c in candidates)]
    for schema in candidates:
        tree = next((t for t in trees if t.name == schema.tree), None)
        present = {b.name for b in tree.branches} if tree else set()
        if tree is None or not set(schema.signature) <= present:
            continue
        match.name, match.tree, match.entries, match.branches = (
            schema.name,
            tree.name,
            tree.entries,
            tree.branches,
        )
        match.matched_schema = schema
        match.missing = [b for b in schema.branch_names() if b not in present]
        pt_branch = schema.field("lepton", "pt") or _first_pt(schema)
        if pt_branch is not None and schema.momentum != "cartesian":
            unit, evidence = infer_energy_unit(path, tree.name, pt_branch.branch, handle=handle)
            match.energy_unit, match.unit_evidence = unit, evidence
            if unit and unit != schema.energy_unit:
                match.warnings.append(
                    f"{pt_branch.branch} looks like {unit}, but schema {schema.name} says {schema.energy_unit}: {evidence}"
                )
        else:
            match.energy_unit, match.unit_evidence = (
                schema.energy_unit,
                f"schema {schema.name} (Cartesian momenta, unit from the description)",
            )
        return match
    if trees:
        main = max(trees, key=lambda t: (len(t.branches), t.entries))
        match.tree, match.entries, match.branches = main.name, main.entries, main.branches
        pt_like = [b.name for b in main.branches if b.name.lower().endswith("_pt")]
        if pt_like:
            match.energy_unit, match.unit_evidence = infer_energy_unit(
                path, main.name, pt_like[0], handle=handle
            )
        else:
            match.unit_evidence = "no *_pt branch: the energy unit cannot be inferred"
    names = [c.name for c in candidates]
    match.warnings.append(
        f"no schema ({', '.join(names)}) matches trees {[t.name for t in trees]}: describe the file with a "
        f"new schema (hep-repro schema draft {Path(path).name} -o my-schema.json, review it, pass --schema my-schema.json)"
    )
    return match


def _first_pt(schema: Schema) -> FieldSource | None:
    """The pT of the first collection (for unit inference when a schema has no leptons)."""
    for coll in schema.collections.values():
        source = schema.fields.get(coll.prefix, {}).get("pt")
        if source is not None:
            return source
    return None


def infer_energy_unit(
    path: str | Path, tree: str, branch: str, sample: int = 2000, handle: Any = None
) -> tuple[str | None, str]:
    """Guess GeV vs MeV from the median of a transverse-momentum branch, returning the evidence.
    `handle`: the file already open."""
    import awkward as ak
    import numpy as np

    if handle is None:
        with _opened(path) as opened:
            return infer_energy_unit(path, tree, branch, sample, opened)
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
