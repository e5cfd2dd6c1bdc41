"""Write the analysis file from a plan: a generated, selection-specific head (constants, reading,
weights, the cuts with their evidence) followed by the fixed engine from `runtime.py`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from assistant.compile.plan import Plan, Step
from assistant.selection import Cut, Selection
from corpus.schema import FieldSource, Schema

RUNTIME = Path(__file__).with_name("runtime.py")
ENGINE_MARK = "# --- engine ---"
KINEMATICS = ("pt", "eta", "phi", "energy")


def sanitize(text: str, limit: int = 160) -> str:
    """Document text made safe for a one-line comment or a markdown line: no line breaks or other
    control characters, no triple quotes, bounded length."""
    cleaned = "".join(
        ch if (ch.isprintable() and unicodedata.category(ch) not in ("Zl", "Zp")) else " " for ch in text
    )
    cleaned = re.sub(r"\s+", " ", cleaned).replace('"""', "'''").strip()
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned


def evidence_comment(cut: Cut | None) -> list[str]:
    if cut is None:
        return []
    lines = []
    for ev in cut.evidence[:2]:
        lines.append(f'# p.{ev.page}: "{sanitize(ev.quote)}" [{cut.status}]')
    if not cut.evidence:
        lines.append(f"# no quote in the selection [{cut.status}]")
    if cut.note:
        lines.append(f"# note: {sanitize(cut.note)}")
    return lines


def source_expr(source: FieldSource, branch: Callable[[str], str], pt: str) -> str:
    """Source of one computed field, from branch accessors (`branch(name)` gives the array)."""
    scaled = branch(source.branch) + (f" * {source.scale!r}" if source.scale != 1.0 else "")
    if source.kind == "branch":
        return scaled
    if source.kind == "abs":
        return f"np.abs({scaled})"
    if source.kind == "relative":
        return f"{scaled} / {pt}"
    if source.kind == "z0sintheta":
        return f"np.abs({scaled} * np.sin(2 * np.arctan(np.exp(-eta))))"
    if source.kind == "energy_from_mass":  # (pt, eta, phi, mass) objects; pt and eta come first
        return f"np.sqrt(({pt} * np.cosh(eta)) ** 2 + ({scaled}) ** 2)"
    if source.kind == "hypot":
        assert source.other is not None
        other = branch(source.other) + (f" * {source.scale!r}" if source.scale != 1.0 else "")
        return f"np.hypot({scaled}, {other})"
    raise ValueError(f"unknown field kind {source.kind!r}")


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.branches: list[str] = []

    def branch(self, name: str) -> str:
        """A per-event branch as an array (one value per event)."""
        self._use(name)
        return f'events["{name}"]'

    def values(self, name: str) -> str:
        """The flat values of an object branch (one per object; the collection's `offsets`)."""
        self._use(name)
        return f'values(events, "{name}", offsets)'

    def offsets(self, name: str) -> str:
        self._use(name)
        return f'object_offsets(events, "{name}")'

    def _use(self, name: str) -> None:
        if name not in self.branches:
            self.branches.append(name)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


def _needed_fields(plan: Plan, collection: str) -> list[str]:
    fields: list[str] = []
    for step in plan.steps:
        if step.collection == collection:
            fields.extend(f for f in step.fields if f not in fields)
    return fields


def _uses(plan: Plan, kinds: tuple[str, ...]) -> bool:
    return any(s.kind in kinds for s in plan.steps)


def emit_reader(w: Writer, plan: Plan, schema: Schema) -> list[str]:
    """read_objects(events): every collection the steps use, as flat per-object arrays in GeV/mm."""
    collections = []

    def needed(name: str) -> bool:
        return plan.candidate_collection == name or any(s.collection == name for s in plan.steps)

    if needed("lepton"):
        collections.append("lepton")
    collections += [name for name in ("jet", "photon") if needed(name)]
    w.add(
        "def read_objects(events):",
        f'    """Objects of schema {schema.name} in GeV and mm, per collection one flat array per quantity',
        '    (see object_table); leptons = electrons + muons."""',
    )
    w.add("    objects = {}")
    if "lepton" in collections:
        extra = _needed_fields(plan, "lepton")
        present = [obj for obj in ("electron", "muon") if obj in schema.collections]
        if len(present) == 2 and len(schema.lepton_prefixes()) == 1:
            coll = schema.collections["electron"]
            fields = _emit_fields(w, schema, coll.prefix, extra)
            assert coll.flavour_branch
            w.add(f"    flavour = np.abs({w.values(coll.flavour_branch)})")
            keep = "(flavour == 11) | (flavour == 13)"
            _emit_table(w, 'objects["lepton"]', [*fields, '"flavour": flavour'], keep=keep)
        else:
            parts = []
            for obj in present:
                coll = schema.collections[obj]
                fields = _emit_fields(w, schema, coll.prefix, extra)
                _emit_table(w, f"{obj}s", [*fields, f'"flavour": np.full(len(pt), {coll.flavour})'])
                parts.append(f"{obj}s")
            w.add(
                f'    objects["lepton"] = concatenate_objects([{", ".join(parts)}])  # per event: electrons, then muons'
            )
    for name in collections[1:] if "lepton" in collections else collections:
        coll = schema.collections[name]
        fields = _emit_fields(w, schema, coll.prefix, _needed_fields(plan, name))
        _emit_table(w, f'objects["{name}"]', fields)
    w.add("    return objects", "", "")
    return collections


def _emit_fields(w: Writer, schema: Schema, prefix: str, extra: list[str]) -> list[str]:
    """Lines computing one collection's kinematics (and its `offsets`); returns its fields as
    dictionary items."""
    sources = schema.fields[prefix]
    cartesian = "px" in sources
    w.add(f"    offsets = {w.offsets(sources['px' if cartesian else 'pt'].branch)}")
    if cartesian:
        comps = ", ".join(f'"{c}": {w.values(sources[c].branch)}' for c in ("px", "py", "pz"))
        w.add(
            f'    p4 = vector.array({{{comps}, "E": {w.values(sources["energy"].branch)}}})  # Cartesian momenta'
        )
        w.add("    pt, eta, phi, energy = p4.pt, p4.eta, p4.phi, p4.E")
    else:
        for name in KINEMATICS:
            if name in sources:
                w.add(f"    {name} = {source_expr(sources[name], w.values, pt='pt')}")
    fields = [f'"{name}": {name}' for name in KINEMATICS if name in sources or cartesian]
    fields.append(
        f'"charge": {source_expr(sources["charge"], w.values, pt="pt")}'
        if "charge" in sources
        else '"charge": np.zeros_like(pt)'
    )
    for name in extra:
        if name in KINEMATICS or name == "charge":
            continue
        fields.append(f'"{name}": {source_expr(sources[name], w.values, pt="pt")}')
    return fields


def _emit_table(w: Writer, target: str, fields: list[str], keep: str | None = None) -> None:
    w.add(f"    {target} = object_table({{")
    w.add(*(f"        {item}," for item in fields))
    w.add(f"    }}, offsets{f', keep={keep}' if keep else ''})")


def emit_weights(w: Writer, schema: Schema) -> None:
    spec = schema.weight
    w.add("def is_simulated(events):", '    """True for simulated events (their weight is not 1)."""')
    if spec.event_weight:
        w.add("    return np.ones(len(events), dtype=bool)", "", "")
        w.add(
            "def event_weight(events):",
            f'    """The per-event weight stored by the sample ({spec.event_weight})."""',
        )
        w.add(f"    return np.asarray({w.branch(spec.event_weight)}, dtype=np.float64)", "", "")
        return
    if not (spec.mc_marker and spec.lumi_over_sumw):
        w.add("    return np.zeros(len(events), dtype=bool)  # the schema describes no MC weights", "", "")
        w.add("def event_weight(events):", '    """No weight branches in the schema: 1."""')
        w.add("    return np.ones(len(events), dtype=np.float64)", "", "")
        return
    w.add(f"    return np.asarray({w.branch(spec.mc_marker)}) != 0", "", "")
    w.add(
        "def event_weight(events):",
        '    """MC: lumi x 1000 / sum of weights x cross-section x factors; data: 1."""',
        '    with np.errstate(divide="ignore", invalid="ignore"):',
        f"        weight = LUMI_FB * 1000.0 / np.asarray({w.branch(spec.lumi_over_sumw)}, dtype=np.float64)",
    )
    for factor in spec.factors:
        w.add(f"        weight = weight * np.asarray({w.branch(factor)}, dtype=np.float64)")
    w.add("    return np.where(is_simulated(events), weight, 1.0)", "", "")


def emit_ids(w: Writer, schema: Schema) -> None:
    w.add(
        "def event_ids(events, entry_start):",
        '    """(runNumber, eventNumber) of every event as int64 arrays."""',
    )
    if schema.event_id.run and schema.event_id.event:
        w.add(f"    run = np.asarray({w.branch(schema.event_id.run)}).astype(np.int64)")
        w.add(f"    event = np.asarray({w.branch(schema.event_id.event)}).astype(np.int64)")
    else:
        w.add("    # the schema stores no run/event numbers: run 0, event = entry number in the file")
        w.add("    run = np.zeros(len(events), dtype=np.int64)")
        w.add("    event = entry_start + np.arange(len(events), dtype=np.int64)")
    w.add("    return run, event", "", "")


def _cut_block(w: Writer, step: Step, target: str, expr: str) -> None:
    w.add("", *(f"    {line}" for line in evidence_comment(step.cut)))
    for note in step.notes:
        w.add(f"    # {sanitize(note)}")
    w.add(f'    {target}["{step.id}"] = {expr}')


def emit_cuts(w: Writer, plan: Plan, schema: Schema) -> None:
    w.add("def event_cuts(events):", '    """Event-level cuts: one boolean per event."""', "    cuts = {}")
    for step in plan.steps:
        if step.kind == "event":
            _cut_block(
                w, step, "cuts", re.sub(r'events\["(\w+)"\]', lambda m: w.branch(m.group(1)), step.expr)
            )
    w.add("    return cuts", "", "")

    w.add(
        "def object_cuts(objects):",
        '    """Object-level cuts: one boolean per object (flat arrays, see flatten_objects)."""',
        "    cuts = {}",
    )
    for name in ("lepton", "jet", "photon"):
        if any(s.collection == name and s.kind == "object" for s in plan.steps):
            w.add(f'    {name}s = objects["{name}"]')
    overlap = [
        s for s in plan.steps if s.kind == "object" and s.cut is not None and s.cut.variable == "overlap_dr"
    ]
    for step in plan.steps:
        if step.kind == "object" and step not in overlap:
            _cut_block(w, step, "cuts", step.expr)
    for step in overlap:
        name = step.collection
        electron_steps = [
            s.id
            for s in plan.steps
            if s.kind == "object" and s.collection == "lepton" and s.flavour in (0, 11)
        ]
        w.add("", f"    # electrons for the {name} overlap removal: every electron cut of the selection")
        w.add(
            '    electron_mask = leptons["flavour"] == 11'
            if "lepton" in {s.collection for s in plan.steps if s.kind == "object"}
            else "    electron_mask = np.zeros(0, dtype=bool)"
        )
        for sid in electron_steps:
            w.add(f'    electron_mask = electron_mask & cuts["{sid}"]')
        w.add(f'    {name}s_dr_to_electrons = min_delta_r({name}s, objects.get("lepton"), electron_mask)')
        _cut_block(w, step, "cuts", step.expr)
    w.add("    return cuts", "", "")

    w.add(
        "def candidate_cuts(cand):",
        '    """Four-lepton candidate cuts: one boolean per candidate (see build_candidates)."""',
        "    cuts = {}",
    )
    for step in plan.steps:
        if step.kind in ("candidate", "chosen"):
            _cut_block(w, step, "cuts", step.expr)
    w.add("    return cuts", "", "")


MIN_DELTA_R = '''def min_delta_r(objects, others, others_mask):
    """For every object, the smallest Delta R to a selected `others` object of the same event (inf if none)."""
    result = np.full(len(objects["event"]), np.inf)
    if others is None or not len(objects["event"]):
        return result
    n_events = int(max(objects["event"].max(initial=-1), others["event"].max(initial=-1))) + 1
    mine = ak.unflatten(np.arange(len(objects["event"])), np.bincount(objects["event"], minlength=n_events))
    theirs = ak.unflatten(np.flatnonzero(others_mask), np.bincount(others["event"][others_mask], minlength=n_events))
    pairs = ak.cartesian([mine, theirs], axis=1)
    a, b = (np.asarray(ak.flatten(x)) for x in ak.unzip(pairs))
    dr = delta_r(objects["eta"][a], objects["phi"][a], others["eta"][b], others["phi"][b])
    np.minimum.at(result, a, dr)
    return result


'''


def engine_source() -> str:
    text = RUNTIME.read_text()
    return text[text.index("\n" + ENGINE_MARK + "\n") + 1 :]


def generate(selection: Selection, schema: Schema, plan: Plan) -> tuple[str, list[str]]:
    w = Writer()
    title = sanitize(selection.title or "event selection", 100)
    w.add('"""' + f"{title}: event selection compiled by hep-repro.", "")
    w.add(
        f"Selection {title!r} version {selection.version}; schema {schema.name} (tree {schema.tree!r}, {schema.energy_unit} in the file, GeV here)."
    )
    w.add("Run it:  python analysis.py FILE.root [FILE.root ...] -o result.json", "")
    w.add("Steps (cutflow order):")
    for step in plan.steps:
        w.add(f"  {step.id}: {sanitize(step.label, 90)}")
    if plan.not_applicable:
        w.add("", "Not applied (not applicable on this schema or not compilable):")
        for cut_id, reason in plan.not_applicable:
            w.add(f"  {cut_id}: {sanitize(reason, 120)}")
    w.add('"""', "")
    header_end = len(w.lines)
    w.add("# ---- what this analysis reads and applies (generated) ----", "")
    body_start = len(w.lines)
    collections = emit_reader(w, plan, schema)
    emit_weights(w, schema)
    emit_ids(w, schema)
    emit_cuts(w, plan, schema)
    body = w.lines[body_start:]
    w.lines = w.lines[:body_start]
    constants = [
        f"SCHEMA = {schema.name!r}",
        f"TREE = {schema.tree!r}",
        f"LUMI_FB = {schema.lumi_fb!r}  # integrated luminosity used for MC weights (fb^-1)",
        f"Z_MASS = {plan.z_mass!r}  # GeV, pairing target for Z1",
        f"PRODUCER = {('compiled: ' + title + ' v' + str(selection.version))!r}",
        f"BRANCHES = {sorted(w.branches)!r}",
        f"OBJECTS = {collections!r}",
        f"REQUIREMENTS = {[(c, f, op, v) for c, f, op, v in plan.requirements]!r}  # (collection, flavour, op, count) per event",
        f"CHOICE_KEYS = {plan.choice_keys!r}  # candidate choice: smallest |value - target| first",
        f"CANDIDATES = {{'kind': {plan.candidates!r}, 'collection': {plan.candidate_collection!r}}}",
        "NOT_APPLICABLE = [",
        *(
            f"    {{'cut': {cut_id!r}, 'reason': {sanitize(reason, 300)!r}}},"
            for cut_id, reason in plan.not_applicable
        ),
        "]",
        "STEPS = [",
    ]
    for step in plan.steps:
        entry = f"'id': {step.id!r}, 'kind': {step.kind!r}"
        if step.kind in ("object", "count"):  # which objects, and which flavour (0: any)
            entry += f", 'collection': {step.collection!r}, 'flavour': {step.flavour!r}"
        if step.kind == "count":
            entry += f", 'op': {step.op!r}, 'value': {step.value!r}"
        constants.append(f"    {{{entry}, 'label': {sanitize(step.label, 200)!r}}},")
    constants += ["]", "", ""]
    imports = [
        "import argparse",
        "import difflib",
        "import itertools",
        "import json",
        "import os",
        "import sys",
        "",
        "import awkward as ak",
        "import hist",
        "import numpy as np",
        "import uproot",
        *(["import vector"] if any("vector." in line for line in body) else []),  # Cartesian schemas
        "",
    ]
    lines = w.lines[:header_end] + imports + w.lines[header_end:] + constants + body
    lines.append(MIN_DELTA_R.rstrip("\n"))
    lines += ["", ""]
    code = "\n".join(lines) + engine_source()
    return code, sorted(w.branches)
