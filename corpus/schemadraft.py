"""Draft a schema from a ROOT file for the user to review: `draft(path)` → `Draft(schema, review)`.

Inferred from branch names and types (uproot) and a few values:
  tree          the tree with the most branches (then entries)
  collections   jagged branches `<prefix>_<field>` grouped by prefix; the prefix names the object
                (ATLAS `lep_`/`jet_`/`photon_`, leptons of both flavours told apart by `lep_type`;
                NanoAOD-style `Electron_`/`Muon_`/`Jet_`/`Photon_`)
  fields        by suffix: pt, eta, phi, e/E/energy, px/py/pz, charge, impact parameters, cone
                isolations (track, calorimeter, combined relative), identification and isolation flags (`FIELD_RULES`)
  energy unit   from the median pT in the data (`infer_energy_unit`); MeV fields get scale 0.001
  event ids, MC weights, trigger-like booleans (labels guessed from the names), MET, vertices

Whatever the inference is unsure of is a review item (in `schema.quirks`, printed as "review: …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.schema import (
    CARTESIAN_FIELDS,
    IDENTIFIER,
    KINEMATIC_FIELDS,
    BranchInfo,
    Collection,
    FieldSource,
    Schema,
    SchemaError,
    infer_energy_unit,
    list_trees,
)

REVIEW = "review: "
OBJECT_ALIASES = {
    "lepton": ("lep", "lepton", "leptons"),
    "electron": ("el", "ele", "elec", "electron", "electrons"),
    "muon": ("mu", "muon", "muons"),
    "jet": ("jet", "jets"),
    "photon": ("ph", "pho", "photon", "photons", "gamma"),
}
LEPTON_FLAVOURS = {"electron": 11, "muon": 13}
# (suffix pattern, field, kind, unit of the values: "energy" → GeV scale, "cm" → ×10 to mm)
FIELD_RULES: list[tuple[str, str, str, str]] = [
    (r"pt", "pt", "branch", "energy"),
    (r"eta", "eta", "branch", ""),
    (r"phi", "phi", "branch", ""),
    (r"e|energy", "energy", "branch", "energy"),
    (r"px", "px", "branch", "energy"),
    (r"py", "py", "branch", "energy"),
    (r"pz", "pz", "branch", "energy"),
    (r"m|mass", "mass", "branch", "energy"),
    (r"charge|q", "charge", "branch", ""),
    (r"d0sig|sigd0|d0_?significance|tracksigd0\w*", "d0sig", "abs", ""),
    (r"d0|trackd0\w*", "d0", "abs", ""),
    (r"dxy", "d0", "abs", "cm"),
    (r"z0|trackz0\w*", "z0sintheta", "z0sintheta", ""),
    (r"dz", "z0sintheta", "z0sintheta", "cm"),
    (r"ptvarcone\d+|ptcone\d+", "iso_track", "relative", "energy"),
    (r"topoetcone\d+|etcone\d+", "iso_calo", "relative", "energy"),
    (r"tkreliso", "iso_track", "branch", ""),
    (r"pfreliso\d+_all|reliso\d*", "iso_rel", "branch", ""),  # combined (particle-flow) relative isolation
    (r"sip3d", "sip3d", "abs", ""),
    (r"(is)?loose_?id", "id_loose", "branch", ""),
    (r"(is)?medium_?id", "id_medium", "branch", ""),
    (r"(is)?tight_?id", "id_tight", "branch", ""),
    (r"(is)?loose_?iso", "iso_wp_loose", "branch", ""),
    (r"(is)?tight_?iso", "iso_wp_tight", "branch", ""),
]
FLAVOUR_SUFFIX = re.compile(r"type|pdg_?id|flavou?r", re.IGNORECASE)
RUN_NAMES = ("runnumber", "run")
EVENT_NAMES = ("eventnumber", "event", "evt", "eventno")
MET_NAMES = ("met", "met_et", "met_pt", "pfmet_pt")
VERTEX_NAMES = ("nprimaryvertices", "pv_npvs", "npv", "npvs", "nvtx", "n_vertices")
SUMW_NAMES = ("sum_of_weights", "sumweights", "sumw", "sumofweights")
XSEC_NAMES = ("xsec", "xsection", "cross_section", "crosssection")
NORMALISATION = (("kfac", "kfactor"), ("filteff", "filter_eff", "filterefficiency"))
MCWEIGHT_NAMES = ("mcweight", "generator_weight")
EVENT_WEIGHT_NAMES = ("eventweight", "event_weight", "weight", "evtweight", "genweight")
# scale factors a lepton selection needs; the others are listed for review
LEPTON_SCALE_FACTORS = ("pileup", "ele", "muon", "leptrigger")
TRIGGER_NAME = re.compile(r"^(?:trig(?:ger)?_?|hlt_|l1_)(?P<rest>\w+)$", re.IGNORECASE)
# ATLAS Open Data single-letter trigger codes
TRIGGER_CODES = {
    "e": ("single_electron", "single_lepton"),
    "m": ("single_muon", "single_lepton"),
    "de": ("dielectron", "dilepton"),
    "dm": ("dimuon", "dilepton"),
    "em": ("electron_muon", "dilepton"),
    "me": ("electron_muon", "dilepton"),
    "ml": ("trilepton",),
    "p": ("single_photon", "diphoton"),
    "dp": ("diphoton",),
    "met": ("met",),
    "xe": ("met",),
    "j": ("jet",),
}


@dataclass
class Draft:
    schema: Schema
    review: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return self.schema.model_dump_json(indent=1, exclude_none=True) + "\n"


def _key(name: str) -> str:
    return name.lower()


def branch_types(path: str | Path, tree: str) -> list[BranchInfo]:
    """Branches of `tree` with awkward type strings (`var * float32`), as the built-in schemas write them."""
    import uproot

    with uproot.open(path) as handle:
        obj = handle[tree]
        infos = []
        for name in obj.keys(recursive=False):  # noqa: SIM118 - a TTree/RNTuple, not a dict
            try:
                kind = str(obj[name].interpretation.awkward_form(None).type)
            except Exception:  # RNTuple fields or types without an interpretation
                kind = str(getattr(obj[name], "typename", "unknown"))
            infos.append(BranchInfo(name=name, type=kind))
        return infos


class _Drafter:
    def __init__(self, path: Path, tree: str, branches: list[BranchInfo]) -> None:
        self.path, self.tree = path, tree
        self.branches = [b for b in branches if re.fullmatch(IDENTIFIER, b.name)]  # the schema's branch names
        self.types = {b.name: b.type for b in self.branches}
        self.by_key = {_key(b.name): b.name for b in self.branches}
        self.review: list[str] = []
        skipped = sorted({b.name for b in branches} - set(self.types))
        if skipped:
            self.note(f"branches with names that are not identifiers are left out: {', '.join(skipped)}")

    def note(self, text: str) -> None:
        self.review.append(text)

    def scalar(self, names: tuple[str, ...], kinds: tuple[str, ...] = ()) -> str:
        for name in names:
            branch = self.by_key.get(name)
            if branch and "var" not in self.types[branch] and (not kinds or self.types[branch] in kinds):
                return branch
        return ""

    # -- collections ------------------------------------------------------------------------
    def prefixes(self) -> dict[str, list[str]]:
        """Jagged branches grouped by the text before their first underscore."""
        groups: dict[str, list[str]] = {}
        for b in self.branches:
            if b.type.startswith("var *") and "_" in b.name.strip("_"):
                groups.setdefault(b.name.split("_", 1)[0] + "_", []).append(b.name)
        return groups

    def objects(self, groups: dict[str, list[str]]) -> dict[str, str]:
        """object → prefix; prefixes naming no object we compile are noted."""
        found: dict[str, str] = {}
        unknown = []
        for prefix in sorted(groups, key=lambda p: -len(groups[p])):
            stem = prefix[:-1].lower()
            obj = next((o for o, aliases in OBJECT_ALIASES.items() if stem in aliases), None)
            if obj is None:
                unknown.append(prefix)
            elif obj in found:
                self.note(
                    f"{prefix} and {found[obj]} both look like {obj}s: {found[obj]} (more branches) is used"
                )
            else:
                found[obj] = prefix
        if unknown:
            self.note(
                f"prefixes not described (the compiler builds electrons, muons, jets and photons): {', '.join(sorted(unknown))}"
            )
        return found

    def fields(self, prefix: str, names: list[str], scale: float) -> dict[str, FieldSource]:
        fields: dict[str, FieldSource] = {}
        unmatched = []
        for name in names:
            suffix = name[len(prefix) :]
            rule = next((r for r in FIELD_RULES if re.fullmatch(r[0], suffix, re.IGNORECASE)), None)
            if rule is None or rule[1] in fields:
                if not FLAVOUR_SUFFIX.fullmatch(suffix):
                    unmatched.append(suffix)
                continue
            _, target, kind, unit = rule
            factor = scale if unit == "energy" else 10.0 if unit == "cm" else 1.0
            fields[target] = FieldSource(kind=kind, branch=name, scale=factor)  # type: ignore[arg-type]
            if unit == "cm":
                self.note(f"{name} taken as {target} in cm (NanoAOD convention), ×10 to mm: check the unit")
        if unmatched:
            self.note(f"{prefix}: not recognised, left out: {', '.join(unmatched)}")
        return fields

    def flavour_branch(self, prefix: str, names: list[str]) -> str | None:
        return next((n for n in names if FLAVOUR_SUFFIX.fullmatch(n[len(prefix) :])), None)

    # -- event level ------------------------------------------------------------------------
    def weight(self) -> dict[str, Any]:
        sumw, xsec = self.scalar(SUMW_NAMES), self.scalar(XSEC_NAMES)
        if sumw and xsec:
            factors = [xsec] + [self.scalar(names) for names in NORMALISATION]
            mc_weight = self.scalar(MCWEIGHT_NAMES)
            factors.append(mc_weight)
            scale_factors = [b.name for b in self.branches if _key(b.name).startswith("scalefactor_")]
            used = [s for s in scale_factors if _key(s).split("_", 1)[1] in LEPTON_SCALE_FACTORS]
            factors = [f for f in factors + used if f]
            marker = self._mc_marker([m for m in (xsec, mc_weight) if m])
            others = [s for s in scale_factors if s not in used]
            self.note(
                f"MC weight = lumi_fb·1000 / {sumw} × {' × '.join(factors)} (events with {marker} == 0 are data, weight 1); "
                "set lumi_fb to your data's luminosity (0 gives MC weight 0)"
                + (f"; scale factors left out: {', '.join(others)}" if others else "")
            )
            return {"mc_marker": marker, "lumi_over_sumw": sumw, "factors": factors}
        event_weight = self.scalar(EVENT_WEIGHT_NAMES)
        if event_weight:
            self.note(f"{event_weight} taken as the complete per-event weight (not normalised here)")
            return {"event_weight": event_weight}
        self.note("no weight branches recognised: every event weighs 1")
        return {}

    def _mc_marker(self, candidates: list[str]) -> str:
        """The candidate that is 0 in this file (data), else the first (ambiguous on MC files)."""
        import awkward as ak
        import uproot

        with uproot.open(self.path) as handle:
            arrays = handle[self.tree].arrays(candidates, entry_stop=1000, library="ak")
        zero = [c for c in candidates if len(arrays[c]) and not ak.any(arrays[c] != 0)]
        if zero:
            return zero[0]
        self.note(f"mc_marker {candidates[0]}: must be 0 in data files (not checkable on this file)")
        return candidates[0]

    def triggers(self) -> dict[str, list[str]]:
        labels: dict[str, list[str]] = {}
        guessed: list[str] = []
        unknown: list[str] = []
        for b in self.branches:
            match = TRIGGER_NAME.match(b.name)
            if b.type != "bool" or not match:
                continue
            kinds = trigger_labels(match.group("rest"))
            (guessed if kinds else unknown).append(f"{b.name} → {', '.join(kinds)}" if kinds else b.name)
            for kind in kinds:
                labels.setdefault(kind, []).append(b.name)
        if guessed:
            self.note(f"trigger labels guessed from names: {'; '.join(guessed)}")
        if unknown:
            self.note(
                f"trigger-like booleans without a label: {', '.join(unknown)} (add them under `triggers`)"
            )
        return labels

    def event_variables(self, scale: float) -> dict[str, FieldSource]:
        variables = {}
        met = self.scalar(MET_NAMES)
        px, py = self.scalar(("met_px", "met_ex")), self.scalar(("met_py", "met_ey"))
        if met:
            variables["met"] = FieldSource(kind="branch", branch=met, scale=scale)
        elif px and py:
            variables["met"] = FieldSource(kind="hypot", branch=px, other=py, scale=scale)
        vertices = self.scalar(VERTEX_NAMES)
        if vertices:
            variables["n_vertices"] = FieldSource(kind="branch", branch=vertices)
        return variables


def trigger_labels(rest: str) -> list[str]:
    """Selection-vocabulary trigger labels for a trigger name without its trig/HLT prefix."""
    text = rest.lower()
    if text in TRIGGER_CODES:
        return list(TRIGGER_CODES[text])
    if re.search(r"pf?met|\bxe\d", text):
        return ["met"]
    photons = len(re.findall(r"photon|pho(?!n)|gamma", text))
    if photons:
        return ["diphoton"] if photons > 1 or "diphoton" in text else ["single_photon"]
    muons = len(re.findall(r"mu(?!lti)", text))
    electrons = len(re.findall(r"ele|(?<![a-z])e\d", text))
    multiplier = 3 if re.search(r"tri(?!g)|triple", text) else 2 if re.search(r"double|di", text) else 1
    if muons + electrons == 1:
        muons, electrons = muons * multiplier, electrons * multiplier
    count = muons + electrons
    if count == 1:
        return ["single_muon", "single_lepton"] if muons else ["single_electron", "single_lepton"]
    if count == 2:
        flavour = "dimuon" if not electrons else "dielectron" if not muons else "electron_muon"
        return [flavour, "dilepton"]
    if count >= 3:
        return ["trilepton"]
    return ["jet"] if re.search(r"jet|pfht", text) else []


def draft(path: str | Path, name: str | None = None) -> Draft:
    """A draft Schema for the ROOT file at `path` (validated), with what to review."""
    path = Path(path)
    trees = list_trees(path)
    if not trees:
        raise SchemaError(f"{path}: no TTree in the file: nothing to describe")
    main = max(trees, key=lambda t: (len(t.branches), t.entries))
    d = _Drafter(path, main.name, branch_types(path, main.name))
    if len(trees) > 1:
        d.note(f"tree {main.name!r} chosen (most branches) among {', '.join(t.name for t in trees)}")
    groups = d.prefixes()
    objects = d.objects(groups)
    unit, evidence = _energy_unit(d, groups, objects)
    scale = 0.001 if unit == "MeV" else 1.0
    collections: dict[str, Collection] = {}
    fields: dict[str, dict[str, FieldSource]] = {}
    for obj, prefix in objects.items():
        found = d.fields(prefix, groups[prefix], scale)
        mass = found.pop("mass", None)
        if mass is not None and "energy" not in found and {"pt", "eta"} <= set(found):
            found["energy"] = mass.model_copy(update={"kind": "energy_from_mass"})
            d.note(f"{prefix}: no energy branch, energy computed from pt, eta and {mass.branch}")
        if not any(set(kin) <= set(found) for kin in (KINEMATIC_FIELDS, CARTESIAN_FIELDS)):
            d.note(
                f"{prefix}: no complete momentum (needs {', '.join(KINEMATIC_FIELDS)} or "
                f"{', '.join(CARTESIAN_FIELDS)}; has {', '.join(found) or 'none'}): {obj}s left out"
            )
            continue
        if "px" in found:
            found = {k: v for k, v in found.items() if k not in ("pt", "eta", "phi")}
        if obj == "lepton":
            flavour = d.flavour_branch(prefix, groups[prefix])
            if flavour is None:
                d.note(f"{prefix}: a shared lepton collection without a type/pdgId branch: leptons left out")
                continue
            for lepton, code in LEPTON_FLAVOURS.items():
                collections[lepton] = Collection(prefix=prefix, flavour=code, flavour_branch=flavour)
        else:
            collections[obj] = Collection(prefix=prefix, flavour=LEPTON_FLAVOURS.get(obj))
        fields[prefix] = found
    if not collections:
        d.note("no object collection recognised: only event-level cuts can be compiled")
    momentum = (
        "cartesian"
        if any("px" in f for f in fields.values())
        else "pt_eta_phi_m"
        if any(f["energy"].kind == "energy_from_mass" for f in fields.values())
        else "pt_eta_phi_e"
    )
    run, event = d.scalar(RUN_NAMES), d.scalar(EVENT_NAMES)
    if not (run and event):
        d.note("no run/event number branches: events are numbered by their entry in the file")
    signature = []
    for coll in collections.values():
        source = fields[coll.prefix]
        transverse = source.get("pt") or source["px"]
        for branch in (transverse.branch, source["energy"].branch, coll.flavour_branch):
            if branch and branch not in signature:
                signature.append(branch)
    schema = Schema(
        name=name or draft_name(path),
        title=f"Draft schema for {path.name} (inferred by hep-repro schema draft: review before use)",
        tree=main.name,
        energy_unit=unit,  # type: ignore[arg-type]
        momentum=momentum,  # type: ignore[arg-type]
        event_id={"run": run, "event": event} if run and event else {},  # type: ignore[arg-type]
        signature=signature or [d.branches[0].name],
        branches=d.branches,
        collections=collections,
        fields=fields,
        triggers=d.triggers(),
        event_variables=d.event_variables(scale),
        weight=d.weight(),  # type: ignore[arg-type]
        quirks=[],
    )
    d.note(f"energy unit {unit}: {evidence}")
    schema.quirks = [REVIEW + text for text in d.review]
    problems = schema.problems()
    if problems:  # a bug of the drafter, not of the file
        raise SchemaError(f"{path}: the drafted schema is inconsistent: {'; '.join(problems)}")
    return Draft(schema=schema, review=list(d.review))


def _energy_unit(d: _Drafter, groups: dict[str, list[str]], objects: dict[str, str]) -> tuple[str, str]:
    """GeV or MeV from the median of the first lepton-like pT (or energy) branch."""
    order = [objects[o] for o in ("lepton", "muon", "electron", "jet", "photon") if o in objects]
    for prefix in order:
        for suffix in ("pt", "e", "energy"):
            branch = next((n for n in groups[prefix] if n[len(prefix) :].lower() == suffix), None)
            if branch:
                unit, evidence = infer_energy_unit(d.path, d.tree, branch)
                if unit:
                    return unit, evidence
    d.note("energy unit not inferable from the data: GeV assumed")
    return "GeV", "no pT or energy branch with values in the GeV or MeV range"


def draft_name(path: str | Path) -> str:
    """The default name of a draft: `draft-<file name>` (letters, digits, -._+)."""
    path = Path(path)
    stem = re.sub(r"[^A-Za-z0-9_.+-]+", "-", path.stem).strip("-.") or "file"
    return f"draft-{stem}"[:64]
