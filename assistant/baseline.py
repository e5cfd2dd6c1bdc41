"""The hand-written H→ZZ*→4ℓ baseline: the canonical selection coded by hand, independently of
the compiler, in vectorised awkward + vector (the analogue of the reference paper's manual
baseline). `run_baseline(files)` streams the files in chunks and returns an `AnalysisResult`
(producer "baseline") with the full cutflow, per-event progress, the selected events and
histograms, following the step semantics of the team brief:

* steps are the canonical cut ids in order, preceded by "initial";
* object cuts filter the leptons cumulatively; an event passes an object step while it keeps at
  least four surviving leptons (the selection asks for a quadruplet); jet cuts do not touch the
  leptons, so they never change the count;
* composite cuts act on every candidate (two disjoint SFOS pairs of surviving leptons, Z1 = the
  pair closer to mZ); an event passes while at least one candidate survives; the choice keeps
  the candidate with m12 closest to mZ (then m34); the m4ℓ window tests only that candidate.

Supported schemas: atlas-2025e (GeV) and atlas-2020 (MeV, converted; only a tight-ID flag, so the
loose-ID cuts are not applicable there). Cuts a schema cannot express are listed in
`not_applicable` with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import awkward as ak
import numpy as np
import vector

from assistant.result import (
    SELECTED_COLUMNS,
    AnalysisResult,
    CutflowRow,
    EventProgress,
    EventsWriter,
    FileInfo,
    Histogram,
    NotApplicable,
)

vector.register_awkward()

Z_MASS = 91.1876
SUPPORTED = ("atlas-2025e", "atlas-2020")
LUMI_FB = {"atlas-2025e": 36.6, "atlas-2020": 10.0}
TREES = {"atlas-2025e": "analysis", "atlas-2020": "mini"}
CHUNK = 200_000

# (cut id, label) in cutflow order: the canonical selection of the team brief.
CANONICAL_STEPS: tuple[tuple[str, str], ...] = (
    ("event.trigger", "single-, di- or tri-lepton trigger"),
    ("event.n_vertices", ">= 1 primary vertex"),
    ("electron.et", "electron ET > 7 GeV"),
    ("electron.abs_eta", "electron |eta| < 2.47"),
    ("electron.id", "electron loose ID"),
    ("muon.pt", "muon pT > 5 GeV"),
    ("muon.abs_eta", "muon |eta| < 2.7"),
    ("muon.id", "muon loose ID"),
    ("lepton.z0sintheta", "|z0 sin(theta)| < 0.5 mm"),
    ("electron.d0sig", "electron |d0|/sigma < 5"),
    ("muon.d0sig", "muon |d0|/sigma < 3"),
    ("muon.d0", "muon |d0| < 1 mm"),
    ("lepton.iso_track", "track isolation / pT < 0.15"),
    ("electron.iso_calo", "electron calorimeter isolation / pT < 0.20"),
    ("muon.iso_calo", "muon calorimeter isolation / pT < 0.30"),
    ("jet.pt", "jet pT > 30 GeV"),
    ("jet.abs_eta", "jet |eta| < 4.5"),
    ("jet.overlap_dr", "jet-electron overlap removal dR > 0.2"),
    ("quadruplet.sfos_pairs", "two SFOS pairs"),
    ("quadruplet.pt.r1", "leading lepton pT > 20 GeV"),
    ("quadruplet.pt.r2", "second lepton pT > 15 GeV"),
    ("quadruplet.pt.r3", "third lepton pT > 10 GeV"),
    ("z1.mass.closest", "Z1 = SFOS pair closest to mZ"),
    ("z1.mass", "50 < m12 < 106 GeV"),
    ("z2.mass", "m_thr(m4l) < m34 < 115 GeV"),
    ("lepton_pair.dr.same", "dR > 0.10 same flavour"),
    ("lepton_pair.dr.different", "dR > 0.20 different flavour"),
    ("sfos_pair.mass", "every SFOS pair m > 5 GeV"),
    ("quadruplet.vertex_chi2", "four-lepton vertex chi2"),
    ("quadruplet.choice", "one candidate: m12 closest to mZ, then m34"),
    ("quadruplet.mass", "115 < m4l < 130 GeV"),
)

NOT_APPLICABLE: dict[str, dict[str, str]] = {
    "atlas-2025e": {
        "event.n_vertices": "the ntuple stores no primary-vertex information",
        "quadruplet.vertex_chi2": "no four-lepton vertex fit is stored in the ntuple",
    },
    "atlas-2020": {
        "event.n_vertices": "the ntuple stores no primary-vertex information",
        "quadruplet.vertex_chi2": "no four-lepton vertex fit is stored in the ntuple",
        "electron.id": "atlas-2020 stores only lep_isTightID; a loose-ID requirement cannot be checked",
        "muon.id": "atlas-2020 stores only lep_isTightID; a loose-ID requirement cannot be checked",
    },
}

HISTOGRAMS = (
    ("m4l", "$m_{4\\ell}$ [GeV]", 36, 80.0, 170.0),
    ("m12", "$m_{12}$ [GeV]", 30, 40.0, 120.0),
    ("m34", "$m_{34}$ [GeV]", 30, 0.0, 120.0),
)


class BaselineError(ValueError):
    """The baseline cannot run on this input (unknown schema, missing tree or branch)."""


NO_JETS_REASON = "the file has no jet branches (jet_pt): the jet cuts cannot be evaluated"


def not_applicable(schema: str, has_jets: bool = True) -> dict[str, str]:
    """Cut id -> why the baseline cannot apply it on this schema (and file)."""
    reasons = dict(NOT_APPLICABLE[schema])
    if not has_jets:
        reasons.update({cut: NO_JETS_REASON for cut in JET_STEPS})
    return reasons


def steps_for(schema: str, has_jets: bool = True) -> list[str]:
    """The step ids of the baseline on `schema`: "initial" + the applicable canonical cuts."""
    skipped = not_applicable(schema, has_jets)
    return ["initial"] + [cut for cut, _ in CANONICAL_STEPS if cut not in skipped]


# ---------------------------------------------------------------------------------------------
# Reading: one chunk of a file -> leptons (GeV, canonical quantities) and event columns.
BRANCHES = {
    "atlas-2025e": [
        "runNumber", "eventNumber", "channelNumber", "trigE", "trigM", "trigDE", "trigDM", "trigML",
        "mcWeight", "xsec", "kfac", "filteff", "sum_of_weights",
        "ScaleFactor_PILEUP", "ScaleFactor_ELE", "ScaleFactor_MUON", "ScaleFactor_LepTRIGGER",
        "lep_pt", "lep_eta", "lep_phi", "lep_e", "lep_charge", "lep_type", "lep_z0", "lep_d0", "lep_d0sig",
        "lep_ptvarcone30", "lep_topoetcone20", "lep_isLooseID",
    ],
    "atlas-2020": [
        "runNumber", "eventNumber", "channelNumber", "trigE", "trigM", "mcWeight", "XSection", "SumWeights",
        "scaleFactor_PILEUP", "scaleFactor_ELE", "scaleFactor_MUON", "scaleFactor_LepTRIGGER",
        "lep_pt", "lep_eta", "lep_phi", "lep_E", "lep_charge", "lep_type", "lep_z0",
        "lep_trackd0pvunbiased", "lep_tracksigd0pvunbiased", "lep_ptcone30", "lep_etcone20",
    ],
}  # fmt: skip


def _leptons(chunk: ak.Array, schema: str) -> ak.Array:
    """Leptons in canonical units with the quantities the cuts need (absolute IPs, relative isolation)."""
    if schema == "atlas-2025e":
        pt, energy = chunk.lep_pt, chunk.lep_e
        track_iso, calo_iso = chunk.lep_ptvarcone30, chunk.lep_topoetcone20
        d0, d0sig = chunk.lep_d0, chunk.lep_d0sig
        loose = chunk.lep_isLooseID
    else:
        pt, energy = chunk.lep_pt / 1000.0, chunk.lep_E / 1000.0
        track_iso, calo_iso = chunk.lep_ptcone30 / 1000.0, chunk.lep_etcone20 / 1000.0
        d0, d0sig = chunk.lep_trackd0pvunbiased, chunk.lep_tracksigd0pvunbiased
        loose = ak.ones_like(pt, dtype=bool)  # not checked: see NOT_APPLICABLE
    theta = 2.0 * np.arctan(np.exp(-chunk.lep_eta))
    return ak.zip(
        {
            "pt": ak.values_astype(pt, np.float64),
            "eta": ak.values_astype(chunk.lep_eta, np.float64),
            "phi": ak.values_astype(chunk.lep_phi, np.float64),
            "energy": ak.values_astype(energy, np.float64),
            "charge": ak.values_astype(chunk.lep_charge, np.int64),
            "flavour": ak.values_astype(chunk.lep_type, np.int64),
            "z0sintheta": abs(chunk.lep_z0 * np.sin(theta)),
            "d0": abs(d0),
            "d0sig": abs(d0sig),
            "iso_track": track_iso / pt,
            "iso_calo": calo_iso / pt,
            "loose": loose,
        },
        with_name="Momentum4D",
    )


def _trigger(chunk: ak.Array, schema: str) -> np.ndarray:
    """any of single-lepton, dilepton, trilepton triggers that the schema stores."""
    names = (
        ("trigE", "trigM", "trigDE", "trigDM", "trigML") if schema == "atlas-2025e" else ("trigE", "trigM")
    )
    fired = np.zeros(len(chunk), dtype=bool)
    for name in names:
        fired |= ak.to_numpy(chunk[name]).astype(bool)
    return fired


def _weights(chunk: ak.Array, schema: str) -> tuple[np.ndarray, np.ndarray]:
    """MC: lumi·1000/sum_of_weights × xsec × kfac × filteff × mcWeight × scale factors; data: 1."""
    col = {
        name: ak.to_numpy(chunk[name]).astype(np.float64)
        for name in chunk.fields
        if not name.startswith("lep_")
    }
    if schema == "atlas-2025e":
        is_mc = col["xsec"] != 0
        sumw = np.where(col["sum_of_weights"] != 0, col["sum_of_weights"], 1.0)
        w = LUMI_FB[schema] * 1000.0 / sumw * col["xsec"] * col["kfac"] * col["filteff"] * col["mcWeight"]
        for sf in ("ScaleFactor_PILEUP", "ScaleFactor_ELE", "ScaleFactor_MUON", "ScaleFactor_LepTRIGGER"):
            w = w * col[sf]
    else:
        is_mc = col["mcWeight"] != 0
        sumw = np.where(col["SumWeights"] != 0, col["SumWeights"], 1.0)
        w = LUMI_FB[schema] * 1000.0 / sumw * col["XSection"] * col["mcWeight"]
        for sf in ("scaleFactor_PILEUP", "scaleFactor_ELE", "scaleFactor_MUON", "scaleFactor_LepTRIGGER"):
            w = w * col[sf]
    return np.where(is_mc, w, 1.0), is_mc


# ---------------------------------------------------------------------------------------------
# Object cuts: per-lepton masks (True = the lepton survives this cut).
def _object_cuts(lep: ak.Array) -> dict[str, ak.Array]:
    is_e, is_mu = lep.flavour == 11, lep.flavour == 13
    return {
        "electron.et": ~is_e | (lep.pt > 7.0),
        "electron.abs_eta": ~is_e | (abs(lep.eta) < 2.47),
        "electron.id": ~is_e | lep.loose,
        "muon.pt": ~is_mu | (lep.pt > 5.0),
        "muon.abs_eta": ~is_mu | (abs(lep.eta) < 2.7),
        "muon.id": ~is_mu | lep.loose,
        "lepton.z0sintheta": lep.z0sintheta < 0.5,
        "electron.d0sig": ~is_e | (lep.d0sig < 5.0),
        "muon.d0sig": ~is_mu | (lep.d0sig < 3.0),
        "muon.d0": ~is_mu | (lep.d0 < 1.0),
        "lepton.iso_track": lep.iso_track < 0.15,
        "electron.iso_calo": ~is_e | (lep.iso_calo < 0.20),
        "muon.iso_calo": ~is_mu | (lep.iso_calo < 0.30),
    }


JET_STEPS = ("jet.pt", "jet.abs_eta", "jet.overlap_dr")


# ---------------------------------------------------------------------------------------------
# Candidates: every choice of two disjoint SFOS pairs among the surviving leptons.
_SPLITS = ((("0", "1"), ("2", "3")), (("0", "2"), ("1", "3")), (("0", "3"), ("1", "2")))


def _candidates(leptons: ak.Array) -> ak.Array:
    """Jagged (events × candidates) records with the four legs ordered (Z1a, Z1b, Z2a, Z2b)."""
    index = ak.argcombinations(leptons, 4, fields=["0", "1", "2", "3"])
    p4 = {k: leptons[index[k]] for k in ("0", "1", "2", "3")}
    per_split = []
    for (a, b), (c, d) in _SPLITS:
        la, lb, lc, ld = p4[a], p4[b], p4[c], p4[d]
        sfos = (
            (la.flavour == lb.flavour)
            & (la.charge * lb.charge < 0)
            & (lc.flavour == ld.flavour)
            & (lc.charge * ld.charge < 0)
        )
        ab_first = abs((la + lb).mass - Z_MASS) <= abs((lc + ld).mass - Z_MASS)
        # integer indices only: concatenating plain integer lists is cheap
        legs = {
            "i1": ak.where(ab_first, index[a], index[c]),
            "i2": ak.where(ab_first, index[b], index[d]),
            "i3": ak.where(ab_first, index[c], index[a]),
            "i4": ak.where(ab_first, index[d], index[b]),
        }
        per_split.append({k: v[sfos] for k, v in legs.items()})
    chosen = {k: ak.concatenate([split[k] for split in per_split], axis=1) for k in ("i1", "i2", "i3", "i4")}
    return ak.zip({f"l{k}": leptons[chosen[f"i{k}"]] for k in range(1, 5)}, depth_limit=2)


def _candidate_quantities(cand: ak.Array) -> dict[str, ak.Array]:
    legs = [cand.l1, cand.l2, cand.l3, cand.l4]
    legs = [ak.zip({f: leg[f] for f in leg.fields}, with_name="Momentum4D") for leg in legs]
    z1, z2 = legs[0] + legs[1], legs[2] + legs[3]
    four = z1 + z2
    pts = ak.concatenate([leg.pt[:, :, None] for leg in legs], axis=2)
    ranked = ak.sort(pts, axis=2, ascending=False)
    min_dr_same = None
    min_dr_diff = None
    min_sfos_mass = None
    for i in range(4):
        for j in range(i + 1, 4):
            li, lj = legs[i], legs[j]
            dr = li.deltaR(lj)
            same = li.flavour == lj.flavour
            big = ak.ones_like(dr) * np.inf
            dr_same, dr_diff = ak.where(same, dr, big), ak.where(same, big, dr)
            sfos = same & (li.charge * lj.charge < 0)
            mass = ak.where(sfos, (li + lj).mass, big)
            min_dr_same = dr_same if min_dr_same is None else np.minimum(min_dr_same, dr_same)
            min_dr_diff = dr_diff if min_dr_diff is None else np.minimum(min_dr_diff, dr_diff)
            min_sfos_mass = mass if min_sfos_mass is None else np.minimum(min_sfos_mass, mass)
    m4l = four.mass
    return {
        "m12": z1.mass,
        "m34": z2.mass,
        "m4l": m4l,
        "pt1": ranked[:, :, 0],
        "pt2": ranked[:, :, 1],
        "pt3": ranked[:, :, 2],
        "dr_same": min_dr_same,
        "dr_diff": min_dr_diff,
        "sfos_mass": min_sfos_mass,
        "z1_flavour": legs[0].flavour,
        "z2_flavour": legs[2].flavour,
    }


def _m34_low(m4l: ak.Array) -> ak.Array:
    """12 GeV up to m4ℓ = 140, rising linearly to 50 GeV at 190, 50 above."""
    linear = 12.0 + (m4l - 140.0) * (50.0 - 12.0) / (190.0 - 140.0)
    return np.minimum(np.maximum(linear, 12.0), 50.0)


def _candidate_cuts(q: dict[str, ak.Array]) -> dict[str, ak.Array]:
    return {
        "quadruplet.pt.r1": q["pt1"] > 20.0,
        "quadruplet.pt.r2": q["pt2"] > 15.0,
        "quadruplet.pt.r3": q["pt3"] > 10.0,
        "z1.mass.closest": ak.ones_like(q["m12"], dtype=bool),  # the pairing itself (done in _candidates)
        "z1.mass": (q["m12"] > 50.0) & (q["m12"] < 106.0),
        "z2.mass": (q["m34"] > _m34_low(q["m4l"])) & (q["m34"] < 115.0),
        "lepton_pair.dr.same": q["dr_same"] > 0.10,
        "lepton_pair.dr.different": q["dr_diff"] > 0.20,
        "sfos_pair.mass": q["sfos_mass"] > 5.0,
    }


def _channel_names(z1_flavour: np.ndarray, z2_flavour: np.ndarray) -> list[str]:
    names = {(13, 13): "4mu", (11, 13): "2e2mu", (13, 11): "2mu2e", (11, 11): "4e"}
    return [names.get((int(a), int(b)), "") for a, b in zip(z1_flavour, z2_flavour, strict=True)]


# ---------------------------------------------------------------------------------------------
@dataclass
class ChunkResult:
    passed: np.ndarray  # (n_steps, n_events) cumulative
    weight: np.ndarray
    run: np.ndarray
    event: np.ndarray
    selected: dict[str, Any]
    dsids: list[int]  # channel numbers of the MC events


def process_chunk(chunk: ak.Array, schema: str, steps: list[str] | None = None) -> ChunkResult:
    """The baseline on one chunk of events: cumulative step masks and the selected events."""
    n = len(chunk)
    steps = steps or steps_for(schema)
    lep = _leptons(chunk, schema)
    masks: dict[str, np.ndarray] = {
        "initial": np.ones(n, dtype=bool),
        "event.trigger": _trigger(chunk, schema),
    }

    surviving = ak.ones_like(lep.pt, dtype=bool)
    object_cuts = _object_cuts(lep)
    for step in steps:
        if step in object_cuts:
            surviving = surviving & object_cuts[step]
        if step in object_cuts or step in JET_STEPS:
            masks[step] = ak.to_numpy(ak.sum(surviving, axis=1) >= 4)

    cand = _candidates(lep[surviving])
    q = _candidate_quantities(cand)
    alive = ak.ones_like(q["m12"], dtype=bool)
    masks["quadruplet.sfos_pairs"] = ak.to_numpy(ak.num(cand, axis=1) > 0)
    for cut, cut_mask in _candidate_cuts(q).items():
        alive = alive & cut_mask
        masks[cut] = ak.to_numpy(ak.any(alive, axis=1))
    masks["quadruplet.choice"] = masks["sfos_pair.mass"]

    # choice among survivors: smallest |m12 - mZ|, then smallest |m34 - mZ|
    far = 1e9
    key1 = ak.where(alive, abs(q["m12"] - Z_MASS), far)
    key2 = ak.where(alive, abs(q["m34"] - Z_MASS), far)
    order = ak.argsort(key2, axis=1, stable=True)
    order = order[ak.argsort(key1[order], axis=1, stable=True)]
    best = order[:, :1]  # jagged index of the chosen candidate (empty when there is none)
    has = masks["quadruplet.choice"]
    chosen = {
        name: ak.to_numpy(ak.fill_none(ak.firsts(q[name][best], axis=1), np.nan)).astype(float)
        for name in ("m12", "m34", "m4l", "z1_flavour", "z2_flavour")
    }
    masks["quadruplet.mass"] = has & (chosen["m4l"] > 115.0) & (chosen["m4l"] < 130.0)

    passed = np.zeros((len(steps), n), dtype=bool)
    running = np.ones(n, dtype=bool)
    for k, step in enumerate(steps):
        running = running & masks[step]
        passed[k] = running
    weight, is_mc = _weights(chunk, schema)
    run = ak.to_numpy(chunk.runNumber).astype(np.int64)
    event = ak.to_numpy(chunk.eventNumber).astype(np.int64)
    rows = np.flatnonzero(passed[-1])
    selected = {
        "runNumber": run[rows].tolist(),
        "eventNumber": event[rows].tolist(),
        "channel": _channel_names(chosen["z1_flavour"][rows], chosen["z2_flavour"][rows]),
        "m4l": chosen["m4l"][rows].tolist(),
        "m12": chosen["m12"][rows].tolist(),
        "m34": chosen["m34"][rows].tolist(),
        "weight": weight[rows].tolist(),
    }
    channel_number = ak.to_numpy(chunk.channelNumber).astype(np.int64)
    dsids = sorted(set(channel_number[is_mc].tolist()))
    return ChunkResult(passed, weight, run, event, selected, dsids)


def detect_schema(path: str | Path) -> str:
    """The schema name of a file (corpus.schema.detect, or the tree name as a fallback)."""
    try:
        from corpus import schema as schemas

        match = schemas.detect(path)
        if match.name in SUPPORTED:
            return str(match.name)
        if match.name:
            raise BaselineError(
                f"{path}: schema {match.name!r} is not supported by the baseline (supported: {', '.join(SUPPORTED)})"
            )
    except ImportError:  # pragma: no cover - corpus.schema is part of the project
        pass
    import uproot

    with uproot.open(path) as handle:
        keys = {k.split(";")[0] for k in handle}
    for name, tree in TREES.items():
        if tree in keys:
            return name
    raise BaselineError(
        f"{path}: no tree of a supported schema ({', '.join(f'{t!r}' for t in TREES.values())}) found"
    )


def _has_branch(path: Path, schema: str, branch: str) -> bool:
    import uproot

    try:
        with uproot.open(path) as handle:
            return TREES[schema] in handle and branch in handle[TREES[schema]]
    except Exception:  # unreadable files are reported by _iterate with the file name
        return True


def _iterate(path: Path, schema: str, step_size: int) -> Iterable[ak.Array]:
    import uproot

    with uproot.open(path) as handle:
        if TREES[schema] not in handle:
            raise BaselineError(f"{path}: no tree {TREES[schema]!r} (schema {schema})")
        tree = handle[TREES[schema]]
        missing = [b for b in BRANCHES[schema] if b not in tree]
        if missing:
            import difflib

            near = {m: difflib.get_close_matches(m, tree.keys(), n=3) for m in missing}
            raise BaselineError(f"{path}: branches missing for schema {schema}: {near}")
        yield from tree.iterate(BRANCHES[schema], step_size=step_size, library="ak")


def run_baseline(
    files: str | Path | Sequence[str | Path],
    schema: str = "auto",
    *,
    step_size: int = CHUNK,
    events_path: str | Path | None = None,
) -> AnalysisResult:
    """Run the hand-written baseline over `files` (all of one schema). With `events_path` the
    per-event records stream to that Parquet file (memory flat in the number of events)."""
    start = time.perf_counter()
    paths = [Path(files)] if isinstance(files, str | Path) else [Path(f) for f in files]
    if not paths:
        raise BaselineError("no input files given")
    names = [detect_schema(p) if schema == "auto" else schema for p in paths]
    if len(set(names)) > 1:
        raise BaselineError(
            f"files of different schemas in one run: {dict(zip(map(str, paths), names, strict=True))}"
        )
    schema_name = names[0]
    if schema_name not in SUPPORTED:
        raise BaselineError(
            f"schema {schema_name!r} is not supported by the baseline (supported: {', '.join(SUPPORTED)})"
        )
    has_jets = all(_has_branch(p, schema_name, "jet_pt") for p in paths)
    steps = steps_for(schema_name, has_jets)
    counts = np.zeros(len(steps), dtype=np.int64)
    weighted = np.zeros(len(steps))
    selected: dict[str, list[Any]] = {c: [] for c in SELECTED_COLUMNS}
    progress = EventProgress()
    histograms = _empty_histograms()
    writer = None if events_path is None else EventsWriter(events_path, len(steps))

    def consume(chunk: ak.Array) -> None:
        part = process_chunk(chunk, schema_name, steps)
        counts[:] += part.passed.sum(axis=1)
        weighted[:] += (part.passed * part.weight).sum(axis=1)
        _fill(histograms, part.selected)
        if writer is not None:
            writer.add(part.run, part.event, part.passed.sum(axis=0), part.selected)
            return
        for column, values in part.selected.items():
            selected[column].extend(values)
        progress.runNumber.extend(part.run.tolist())
        progress.eventNumber.extend(part.event.tolist())
        progress.passed.extend(part.passed.sum(axis=0).tolist())

    # small files are batched together: the per-chunk cost of awkward is then paid once
    infos = []
    buffer: list[ak.Array] = []
    buffered = 0
    try:
        for path in paths:
            entries, dsids = 0, set()
            for chunk in _iterate(path, schema_name, step_size):
                entries += len(chunk)
                _, is_mc = _weights(chunk, schema_name)
                dsids.update(ak.to_numpy(chunk.channelNumber)[is_mc].astype(np.int64).tolist())
                buffer.append(chunk)
                buffered += len(chunk)
                if buffered >= step_size:
                    consume(ak.concatenate(buffer) if len(buffer) > 1 else buffer[0])
                    buffer, buffered = [], 0
            dsid = next(iter(dsids)) if len(dsids) == 1 else None
            infos.append(
                FileInfo(
                    path=str(path), schema_name=schema_name, entries=entries, is_mc=bool(dsids), dsid=dsid
                )
            )
        if buffer:
            consume(ak.concatenate(buffer) if len(buffer) > 1 else buffer[0])
    except BaseException:
        if writer is not None:
            writer.abort()  # no partial events file; an earlier one stays
        raise
    labels = dict(CANONICAL_STEPS)
    cutflow = [
        CutflowRow(
            step=step,
            label=labels.get(step, "all events"),
            events=int(counts[k]),
            weighted=float(weighted[k]),
        )
        for k, step in enumerate(steps)
    ]
    return AnalysisResult(
        producer="baseline",
        files=infos,
        steps=steps,
        cutflow=cutflow,
        selected=selected if writer is None else {},
        progress=progress,
        events_file=None if writer is None else writer.close(),
        histograms=_histogram_models(histograms),
        not_applicable=[
            NotApplicable(cut=c, reason=r) for c, r in not_applicable(schema_name, has_jets).items()
        ],
        duration_s=time.perf_counter() - start,
        events_processed=int(counts[0]),
    )


def _empty_histograms() -> dict[str, Any]:
    import hist

    return {
        name: hist.Hist.new.Reg(bins, low, high, name=name, label=label).Weight()
        for name, label, bins, low, high in HISTOGRAMS
    }


def _fill(histograms: dict[str, Any], selected: dict[str, Any]) -> None:
    """Add one chunk's selected events (NaN or None masses skipped) to the histograms."""
    weights = np.asarray(selected["weight"], dtype=float)
    for name, h in histograms.items():
        values = np.asarray(selected[name], dtype=float)
        good = np.isfinite(values)
        h.fill(values[good], weight=weights[good])


def _histogram_models(histograms: dict[str, Any]) -> list[Histogram]:
    return [
        Histogram(
            name=name,
            label=h.axes[0].label,
            edges=h.axes[0].edges.tolist(),
            counts=h.values().tolist(),
            variances=h.variances().tolist(),
        )
        for name, h in histograms.items()
    ]
