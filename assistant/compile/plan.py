"""From cuts to steps: decide, for each cut of a selection, how the schema computes it (a mask
expression over flat arrays) or why it cannot (a not-applicable entry). No code is written here;
`codegen` turns the plan into the analysis file.

Expressions are built only from numbers of the validated model, branch names of the schema and
fixed templates: nothing from a document is ever evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.selection import Cut, Selection
from corpus.schema import Schema

LEPTONS = ("electron", "muon", "lepton")
FLAVOUR = {"electron": 11, "muon": 13, "lepton": 0}
COLLECTION = {"electron": "lepton", "muon": "lepton", "lepton": "lepton", "jet": "jet", "photon": "photon"}
CANDIDATE_OBJECTS = ("quadruplet", "z1", "z2", "lepton_pair", "sfos_pair", "dilepton", "diphoton")
PAIR_OBJECTS = ("dilepton", "diphoton")


def candidate_kind(obj: str) -> str | None:
    """Which candidates a cut on `obj` acts on: four-lepton quadruplets or two-object pairs."""
    if obj in PAIR_OBJECTS:
        return obj
    return "quadruplet" if obj in CANDIDATE_OBJECTS else None


# Lepton variables read from the schema's per-object fields (canonical name -> field name).
OBJECT_FIELDS = {
    "pt": "pt",
    "et": "pt",
    "eta": "eta",
    "abs_eta": "eta",
    "phi": "phi",
    "energy": "energy",
    "d0": "d0",
    "d0sig": "d0sig",
    "z0sintheta": "z0sintheta",
    "iso_track": "iso_track",
    "iso_calo": "iso_calo",
    "iso_rel": "iso_rel",
    "sip3d": "sip3d",
    "charge": "charge",
}
CANDIDATE_COLUMNS = {"quadruplet": "m4l", "z1": "m12", "z2": "m34"}
CHOICE_LABELS = ("z1_mass", "z2_mass", "mass", "m4l", "channel", "pt")


@dataclass
class Step:
    id: str
    kind: str  # initial | event | object | count | candidate | choice | chosen
    label: str
    cut: Cut | None = None
    collection: str = ""
    flavour: int = 0
    op: str = ""
    value: float = 0.0
    expr: str = ""  # boolean mask expression (event, object, candidate and chosen steps)
    fields: list[str] = field(default_factory=list)  # object fields the expression reads
    notes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    steps: list[Step]
    not_applicable: list[tuple[str, str]]
    requirements: list[tuple[str, int, str, float]]
    choice_keys: list[tuple[str, float]]
    z_mass: float
    notes: list[str]
    candidates: str | None = None  # quadruplet | dilepton | diphoton

    @property
    def candidate_collection(self) -> str | None:
        return {"quadruplet": "lepton", "dilepton": "lepton", "diphoton": "photon"}.get(self.candidates or "")


class NotCompilable(Exception):
    """Internal: the cut cannot be expressed on this schema (the message is the reason)."""


def as_candidate_cut(cut: Cut, kind: str | None) -> Cut:
    """A ranked object cut ("leading lepton pT > 27", "leading photon pT/m > 0.35") read as a cut on
    the ranked members of the candidate, when the analysis builds candidates of those objects."""
    if cut.rank is None or cut.variable not in ("pt", "et", "pt_over_mass"):
        return cut
    target = {"photon": "diphoton", "lepton": kind if kind in ("dilepton", "quadruplet") else None}.get(
        cut.object
    )
    if cut.object == "photon" and kind not in (None, "diphoton"):
        target = None
    if target is None:
        return cut
    return cut.model_copy(update={"object": target})


def num(x: float | None) -> str:
    """A number as Python source (repr of a float is exact and round-trips)."""
    if x is None:
        raise NotCompilable("a required value is missing")
    return repr(float(x))


def comparison(values: str, cut: Cut, dependent: str | None = None) -> str:
    """`values <op> threshold` as source; `dependent` is the array the threshold depends on."""
    op = cut.op
    dep = cut.depends_on
    if dep is not None and dependent is None:
        raise NotCompilable(
            f"a threshold depending on {dep.variable} is only compiled for four-lepton candidates"
        )

    def bound(name: str, number: float | None) -> str:
        if dep is not None and dep.applies_to == name:
            xs = ", ".join(num(x) for x, _ in dep.knots)
            ys = ", ".join(num(y) for _, y in dep.knots)
            return f"np.interp({dependent}, [{xs}], [{ys}])"
        return num(number)

    if op in (">", ">=", "<", "<=", "==", "!="):
        return f"({values} {op} {bound('value', cut.value)})"
    if op == "between":
        return f"(({values} > {bound('low', cut.low)}) & ({values} < {bound('high', cut.high)}))"
    if op == "outside":
        return f"(({values} < {bound('low', cut.low)}) | ({values} > {bound('high', cut.high)}))"
    raise NotCompilable(f"operator {op!r} is not defined for {cut.object}.{cut.variable}")


def plan_selection(selection: Selection, schema: Schema) -> Plan:
    steps = [Step(id="initial", kind="initial", label="all events")]
    not_applicable: list[tuple[str, str]] = []
    notes: list[str] = []
    choice_keys: list[tuple[str, float]] = []
    z_mass = 91.1876
    chosen_seen = False
    kind: str | None = None
    for original in selection.cuts:
        cut = as_candidate_cut(original, kind)
        cut_kind = candidate_kind(cut.object)
        if cut.compilable and cut_kind is not None and kind is not None and cut_kind != kind:
            reason = f"the selection already builds {kind} candidates; one candidate kind per selection is compiled"
            not_applicable.append((cut.id, reason))
            continue
        if not cut.compilable:
            reason = cut.note or (
                "marked not-applicable in the selection"
                if cut.status == "not-applicable"
                else "no grounded quote (flagged unsupported)"
            )
            not_applicable.append((cut.id, reason))
            continue
        try:
            step = plan_cut(cut, schema)
        except NotCompilable as err:
            not_applicable.append((cut.id, str(err)))
            continue
        if step.kind in ("candidate", "choice"):
            kind = cut_kind
        if step.kind == "choice":
            if chosen_seen:
                not_applicable.append((cut.id, "only one candidate choice per selection is compiled"))
                continue
            chosen_seen = True
            choice_keys = [(label, cut.value if cut.value is not None else 91.1876) for label in cut.labels]
        elif step.kind == "candidate" and chosen_seen:
            step.kind = "chosen"
        if cut.object == "z1" and cut.op == "closest":
            z_mass = float(cut.value or z_mass)
        if cut is not original:
            step.cut, step.label = original, original.describe()
            step.notes.append(f"the rank refers to the objects of the chosen {cut.object} candidate")
        notes.extend(f"{cut.id}: {n}" for n in step.notes)
        steps.append(step)
    requirements: list[tuple[str, int, str, float]] = [
        (s.collection, s.flavour, s.op, s.value) for s in steps if s.kind == "count"
    ]
    if any(
        s.cut is not None and s.cut.object == "quadruplet" and s.cut.variable == "sfos_pairs" for s in steps
    ):
        requirements.append(("lepton", 0, ">=", 4.0))
    if kind in PAIR_OBJECTS:
        requirements.append(("photon" if kind == "diphoton" else "lepton", 0, ">=", 2.0))
    if any(s.kind == "chosen" for s in steps) and not choice_keys:
        choice_keys = [("z1_mass", z_mass), ("z2_mass", z_mass)]
        notes.append(
            "no candidate choice in the selection: the candidate with m12, then m34, closest to mZ is used"
        )
    if not choice_keys:
        choice_keys = [("z1_mass", z_mass), ("z2_mass", z_mass)]
    return Plan(steps, not_applicable, requirements, choice_keys, z_mass, notes, kind)


def plan_cut(cut: Cut, schema: Schema) -> Step:
    obj, var = cut.object, cut.variable
    label = cut.describe()
    for key in (f"{obj}.{var}", f"{obj}.*"):
        if key in schema.unavailable:
            raise NotCompilable(schema.unavailable[key])
    if obj == "event" or obj == "met":
        return _event_step(cut, schema, label)
    if obj in COLLECTION:
        return _object_step(cut, schema, label)
    if obj in CANDIDATE_OBJECTS:
        return _candidate_step(cut, schema, label)
    raise NotCompilable(schema.why_unavailable(obj, var))


def _event_step(cut: Cut, schema: Schema, label: str) -> Step:
    var = cut.variable
    if var == "trigger":
        branches: list[str] = []
        missing = []
        for name in cut.labels:
            found = schema.triggers.get(name)
            if found:
                branches.extend(b for b in found if b not in branches)
            else:
                missing.append(name)
        if not branches:
            raise NotCompilable(
                f"{schema.name} stores no trigger decision for {', '.join(cut.labels)} (triggers: {', '.join(schema.triggers) or 'none'})"
            )
        joiner = " | " if cut.op in ("any", "is") and (cut.op == "any" or len(cut.labels) == 1) else " & "
        step = Step(
            cut.id, "event", label, cut, expr="(" + joiner.join(f'events["{b}"]' for b in branches) + ")"
        )
        if missing:
            step.notes.append(
                f"{schema.name} stores no trigger for {', '.join(missing)}: only {', '.join(branches)} are used"
            )
        return step
    if var == "ht":
        raise NotCompilable("H_T (the scalar sum of the jets' pT) is not a compiled building block")
    source_name = {"met": "met", "n_vertices": "n_vertices"}.get(var)
    source = schema.event_variables.get(source_name or "")
    if source is None:
        raise NotCompilable(schema.why_unavailable("event", var))
    from assistant.compile.codegen import source_expr

    values = source_expr(source, lambda b: f'events["{b}"]', pt="")
    return Step(cut.id, "event", label, cut, expr=comparison(values, cut))


def _object_step(cut: Cut, schema: Schema, label: str) -> Step:
    obj, var = cut.object, cut.variable
    collection = COLLECTION[obj]
    flavour = FLAVOUR.get(obj, 0)
    if schema.collection(obj if obj != "lepton" else "electron") is None:
        raise NotCompilable(schema.why_unavailable(obj, var))
    if var == "count":
        if cut.op not in (">", ">=", "<", "<=", "==", "!="):
            raise NotCompilable(f"operator {cut.op!r} is not defined for a count")
        if cut.labels:  # "b-tagged jets": a count of a subset the compiled counts do not select
            raise NotCompilable(
                f"counts of {', '.join(cut.labels)} {obj}s are not compiled (only all {obj}s are counted)"
            )
        return Step(
            cut.id,
            "count",
            label,
            cut,
            collection=collection,
            flavour=flavour,
            op=cut.op,
            value=float(cut.value or 0),
        )
    if cut.rank is not None:
        raise NotCompilable(
            "a cut on the n-th object alone is not compiled for object collections; state it on the candidate (quadruplet pt rank)"
        )
    if collection != "lepton" and var in ("d0", "d0sig", "sip3d", "z0sintheta", "charge"):
        raise NotCompilable(f"{var} is not defined for {obj}s")
    fields_used: list[str] = []
    notes: list[str] = []
    name = f"{collection}s"
    if var in ("id", "iso_wp"):
        if cut.op not in ("is", "any"):
            raise NotCompilable(f"{obj} {var} needs the operator 'is' or 'any' with working-point labels")
        parts = []
        for wp in cut.labels:
            field_name = f"{var}_{wp}"
            if schema.field(obj, field_name) is None:
                raise NotCompilable(_why_field(schema, obj, field_name))
            fields_used.append(field_name)
            parts.append(f'{name}["{field_name}"]')
        joiner = " | " if cut.op == "any" else " & "
        condition = "(" + joiner.join(parts) + ")"
    elif var == "overlap_dr":
        if collection == "lepton":
            raise NotCompilable(
                "lepton overlap removal (shared tracks) needs track information the ntuple does not store"
            )
        condition = comparison(f"{name}_dr_to_electrons", cut)
        notes.append("distance to the electrons passing every electron cut of the selection")
    elif var in OBJECT_FIELDS:
        field_name = OBJECT_FIELDS[var]
        if schema.field(obj, field_name) is None:
            raise NotCompilable(_why_field(schema, obj, field_name))
        fields_used.append(field_name)
        values = f'{name}["{field_name}"]'
        if var in ("abs_eta",):
            values = f"np.abs({values})"
        if var == "et":
            notes.append("ET is taken as the object pT (massless objects; the cluster energy is not stored)")
        condition = comparison(values, cut)
    elif var == "dphi_met":
        raise NotCompilable(f"the azimuthal separation of {obj}s from the missing momentum is not compiled")
    else:
        raise NotCompilable(f"{var} is not defined for {obj}s")
    if flavour:
        condition = f'(({name}["flavour"] != {flavour}) | {condition})'
    return Step(
        cut.id,
        "object",
        label,
        cut,
        collection=collection,
        flavour=flavour,
        expr=condition,
        fields=fields_used,
        notes=notes,
    )


def _why_field(schema: Schema, obj: str, field_name: str) -> str:
    return schema.field_notes.get(field_name) or schema.why_unavailable(obj, field_name)


def _pair_step(cut: Cut, schema: Schema, label: str) -> Step:
    """Cuts on two-object candidates (every pair of surviving leptons or photons)."""
    obj, var = cut.object, cut.variable
    members = "photon" if obj == "diphoton" else "electron"
    if schema.collection(members) is None:
        raise NotCompilable(schema.why_unavailable(members, "pt"))
    if var == "choice":
        unknown = [lab for lab in cut.labels if lab not in ("mass", "pt")]
        if cut.op != "closest" or not cut.labels or unknown:
            raise NotCompilable("a pair choice needs op 'closest' with labels among [mass, pt]")
        return Step(cut.id, "choice", label, cut)
    if cut.rank is not None and cut.rank > 2:
        raise NotCompilable("a pair has only two objects (rank 1 or 2)")
    ranked = f'cand["pt_sorted"][:, {cut.rank - 1}]' if cut.rank else 'cand["pt_pair"]'
    if var == "flavour":
        gates = {
            "same": 'cand["same_flavour"]',
            "different": '~cand["same_flavour"]',
            "e": '(cand["flavour"] == 11).all(axis=1)',
            "mu": '(cand["flavour"] == 13).all(axis=1)',
        }
        unknown = [lab for lab in cut.labels if lab not in gates]
        if cut.op not in ("is", "any") or unknown:
            raise NotCompilable(f"{obj} flavour needs 'is'/'any' with labels among {', '.join(gates)}")
        return Step(
            cut.id, "candidate", label, cut, expr="(" + " | ".join(gates[lab] for lab in cut.labels) + ")"
        )
    values = {
        "mass": 'cand["mass"]',
        "pt": ranked,
        "et": ranked,
        "pt_over_mass": f'{ranked} / cand["mass"]',
        "dr": 'cand["dr"]',
        "charge": 'cand["charge_sum"]',
        "sum_charge": 'cand["charge_sum"]',
    }.get(var)
    if values is None:
        raise NotCompilable(f"{obj} {var} is not a compiled building block")
    expr = comparison(values, cut)
    if cut.flavour is not None:  # the pair must also have this flavour make-up
        members_flavour = 'cand["flavour"]'
        gate = {
            "same": 'cand["same_flavour"]',
            "different": '~cand["same_flavour"]',
            "e": f"({members_flavour} == 11).all(axis=1)",
            "mu": f"({members_flavour} == 13).all(axis=1)",
        }[cut.flavour]
        expr = f"({gate} & {expr})"
    return Step(cut.id, "candidate", label, cut, expr=expr)


def _candidate_step(cut: Cut, schema: Schema, label: str) -> Step:
    obj, var, op = cut.object, cut.variable, cut.op
    if obj in PAIR_OBJECTS:
        return _pair_step(cut, schema, label)
    if schema.collection("electron") is None and schema.collection("muon") is None:
        raise NotCompilable(f"{schema.name} has no leptons to build candidates from")
    expr: str
    if obj == "quadruplet" and var == "choice":
        if op != "closest" or not cut.labels:
            raise NotCompilable(
                "a candidate choice needs op 'closest' and ordering labels such as [z1_mass, z2_mass]"
            )
        unknown = [lab for lab in cut.labels if lab not in CHOICE_LABELS]
        if unknown:
            raise NotCompilable(f"unknown choice keys {unknown}; known: {', '.join(CHOICE_LABELS)}")
        return Step(cut.id, "choice", label, cut)
    if obj == "z1" and var == "mass" and op == "closest":
        return Step(
            cut.id,
            "candidate",
            label,
            cut,
            expr='cand["paired"]',
            notes=[] if cut.value else ["pairing to 91.1876 GeV"],
        )
    if obj in ("quadruplet", "z1", "z2") and var == "mass":
        expr = comparison(f'cand["{CANDIDATE_COLUMNS[obj]}"]', cut, dependent='cand["m4l"]')
    elif obj == "quadruplet" and var == "sfos_pairs":
        expr = comparison('cand["n_sfos"]', cut)
    elif obj == "quadruplet" and var == "pt":
        if cut.rank is not None:
            if cut.rank > 4:
                raise NotCompilable("a four-lepton candidate has only four leptons (rank 1 to 4)")
            expr = comparison(f'cand["pt_sorted"][:, {cut.rank - 1}]', cut)
        else:
            expr = comparison('cand["pt_sorted"]', cut) + ".all(axis=1)"
    elif obj == "quadruplet" and var in ("charge", "sum_charge"):
        expr = comparison('cand["charge_sum"]', cut)
    elif obj == "lepton_pair" and var in ("dr", "mass"):
        column = 'cand["pair_dr"]' if var == "dr" else 'cand["pair_mass"]'
        gate = {
            "same": '~cand["pair_same_flavour"] | ',
            "different": 'cand["pair_same_flavour"] | ',
            None: "",
        }.get(cut.flavour)
        if gate is None:
            raise NotCompilable(
                f"flavour {cut.flavour!r} is not defined for lepton pairs (same or different)"
            )
        expr = f"({gate}{comparison(column, cut)}).all(axis=1)"
    elif obj == "sfos_pair" and var == "mass":
        mass_ok = comparison('cand["pair_mass"]', cut)
        expr = f'(~cand["pair_sfos"] | {mass_ok}).all(axis=1)'
    else:
        raise NotCompilable(f"{obj} {var} is not a compiled building block")
    if obj in ("z1", "z2") or (obj == "quadruplet" and var == "mass"):
        expr = f'cand["paired"] & {expr}'
    return Step(cut.id, "candidate", label, cut, expr=expr)
