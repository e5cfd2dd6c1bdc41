"""A deliberately naive, per-event pure-Python implementation of the canonical H→ZZ*→4ℓ selection.

It is the independent oracle of the baseline's tests (plain loops and `math`, no awkward, no
vector) and the "naive loop" of the throughput benchmark. `Params` holds every threshold, so a
test can build a deliberately wrong analysis (e.g. an m12 window of 40–106 GeV).

    python -m benchmarks.naive_loop [FILE ...] [--events N]

runs the loop over files (default: a synthetic sample), prints events/s and the cutflow, and
writes out/bench/naive_loop.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Z_MASS = 91.1876


@dataclass
class Params:
    electron_pt: float = 7.0
    electron_eta: float = 2.47
    muon_pt: float = 5.0
    muon_eta: float = 2.7
    z0sintheta: float = 0.5
    electron_d0sig: float = 5.0
    muon_d0sig: float = 3.0
    muon_d0: float = 1.0
    iso_track: float = 0.15
    electron_iso_calo: float = 0.20
    muon_iso_calo: float = 0.30
    pt_ranks: tuple[float, float, float] = (20.0, 15.0, 10.0)
    m12_window: tuple[float, float] = (50.0, 106.0)
    m34_high: float = 115.0
    m34_knots: tuple[tuple[float, float], tuple[float, float]] = ((140.0, 12.0), (190.0, 50.0))
    dr_same: float = 0.10
    dr_different: float = 0.20
    sfos_min_mass: float = 5.0
    m4l_window: tuple[float, float] = (115.0, 130.0)
    check_loose_id: bool = True
    triggers: tuple[str, ...] = ("trigE", "trigM", "trigDE", "trigDM", "trigML")


def steps_for(schema: str) -> list[str]:
    """The step ids in cutflow order (identical to the canonical ids of the team brief)."""
    steps = ["initial", "event.trigger", "electron.et", "electron.abs_eta"]
    if schema == "atlas-2025e":
        steps.append("electron.id")
    steps += ["muon.pt", "muon.abs_eta"]
    if schema == "atlas-2025e":
        steps.append("muon.id")
    steps += [
        "lepton.z0sintheta", "electron.d0sig", "muon.d0sig", "muon.d0", "lepton.iso_track",
        "electron.iso_calo", "muon.iso_calo", "jet.pt", "jet.abs_eta", "jet.overlap_dr",
        "quadruplet.sfos_pairs", "quadruplet.pt.r1", "quadruplet.pt.r2", "quadruplet.pt.r3",
        "z1.mass.closest", "z1.mass", "z2.mass", "lepton_pair.dr.same", "lepton_pair.dr.different",
        "sfos_pair.mass", "quadruplet.choice", "quadruplet.mass",
    ]  # fmt: skip
    return steps


@dataclass
class Lepton:
    pt: float
    eta: float
    phi: float
    e: float
    charge: int
    flavour: int
    z0sintheta: float
    d0: float
    d0sig: float
    iso_track: float
    iso_calo: float
    loose: bool

    def p4(self) -> tuple[float, float, float, float]:
        return (
            self.pt * math.cos(self.phi),
            self.pt * math.sin(self.phi),
            self.pt * math.sinh(self.eta),
            self.e,
        )


def mass(*leptons: Lepton) -> float:
    px = py = pz = e = 0.0
    for lep in leptons:
        a, b, c, d = lep.p4()
        px, py, pz, e = px + a, py + b, pz + c, e + d
    m2 = e * e - px * px - py * py - pz * pz
    return math.sqrt(m2) if m2 > 0 else 0.0


def delta_r(a: Lepton, b: Lepton) -> float:
    dphi = (a.phi - b.phi + math.pi) % (2 * math.pi) - math.pi
    return math.hypot(a.eta - b.eta, dphi)


def m34_threshold(m4l: float, params: Params) -> float:
    (x0, y0), (x1, y1) = params.m34_knots
    if m4l <= x0:
        return y0
    if m4l >= x1:
        return y1
    return y0 + (y1 - y0) * (m4l - x0) / (x1 - x0)


@dataclass
class Outcome:
    passed: int  # consecutive steps passed, "initial" included
    channel: str = ""
    m4l: float = math.nan
    m12: float = math.nan
    m34: float = math.nan
    weight: float = 1.0


@dataclass
class Candidate:
    legs: tuple[Lepton, Lepton, Lepton, Lepton]  # Z1a, Z1b, Z2a, Z2b
    m12: float
    m34: float
    m4l: float
    survived: list[str] = field(default_factory=list)


def _object_ok(lep: Lepton, cut: str, p: Params) -> bool:
    e, mu = lep.flavour == 11, lep.flavour == 13
    checks = {
        "electron.et": (not e) or lep.pt > p.electron_pt,
        "electron.abs_eta": (not e) or abs(lep.eta) < p.electron_eta,
        "electron.id": (not e) or lep.loose,
        "muon.pt": (not mu) or lep.pt > p.muon_pt,
        "muon.abs_eta": (not mu) or abs(lep.eta) < p.muon_eta,
        "muon.id": (not mu) or lep.loose,
        "lepton.z0sintheta": lep.z0sintheta < p.z0sintheta,
        "electron.d0sig": (not e) or lep.d0sig < p.electron_d0sig,
        "muon.d0sig": (not mu) or lep.d0sig < p.muon_d0sig,
        "muon.d0": (not mu) or lep.d0 < p.muon_d0,
        "lepton.iso_track": lep.iso_track < p.iso_track,
        "electron.iso_calo": (not e) or lep.iso_calo < p.electron_iso_calo,
        "muon.iso_calo": (not mu) or lep.iso_calo < p.muon_iso_calo,
    }
    return checks[cut]


def _candidate_ok(c: Candidate, cut: str, p: Params) -> bool:
    legs = c.legs
    if cut.startswith("quadruplet.pt.r"):
        rank = int(cut[-1])
        return sorted((leg.pt for leg in legs), reverse=True)[rank - 1] > p.pt_ranks[rank - 1]
    if cut == "z1.mass.closest":
        return True
    if cut == "z1.mass":
        return p.m12_window[0] < c.m12 < p.m12_window[1]
    if cut == "z2.mass":
        return m34_threshold(c.m4l, p) < c.m34 < p.m34_high
    if cut in ("lepton_pair.dr.same", "lepton_pair.dr.different"):
        for a, b in itertools.combinations(legs, 2):
            same = a.flavour == b.flavour
            if cut.endswith("same") and same and delta_r(a, b) <= p.dr_same:
                return False
            if cut.endswith("different") and not same and delta_r(a, b) <= p.dr_different:
                return False
        return True
    if cut == "sfos_pair.mass":
        for a, b in itertools.combinations(legs, 2):
            if a.flavour == b.flavour and a.charge * b.charge < 0 and mass(a, b) <= p.sfos_min_mass:
                return False
        return True
    raise KeyError(cut)


def _candidates(leptons: list[Lepton]) -> list[Candidate]:
    out = []
    for quad in itertools.combinations(leptons, 4):
        a, b, c, d = quad
        for (i, j), (k, m) in (((a, b), (c, d)), ((a, c), (b, d)), ((a, d), (b, c))):
            if (
                i.flavour == j.flavour
                and i.charge * j.charge < 0
                and k.flavour == m.flavour
                and k.charge * m.charge < 0
            ):
                mij, mkm = mass(i, j), mass(k, m)
                if abs(mij - Z_MASS) <= abs(mkm - Z_MASS):
                    out.append(Candidate((i, j, k, m), mij, mkm, mass(i, j, k, m)))
                else:
                    out.append(Candidate((k, m, i, j), mkm, mij, mass(i, j, k, m)))
    return out


def select_event(event: dict[str, Any], leptons: list[Lepton], steps: list[str], params: Params) -> Outcome:
    """How many consecutive steps one event passes, and the chosen candidate."""
    passed = 1  # "initial"
    surviving = list(leptons)
    candidates: list[Candidate] | None = None
    chosen: Candidate | None = None
    for step in steps[1:]:
        if step == "event.trigger":
            ok = any(bool(event.get(name, False)) for name in params.triggers)
        elif step.startswith(("electron.", "muon.", "lepton.")):
            surviving = [lep for lep in surviving if _object_ok(lep, step, params)]
            ok = len(surviving) >= 4
        elif step.startswith("jet."):
            ok = len(surviving) >= 4
        elif step == "quadruplet.sfos_pairs":
            candidates = _candidates(surviving)
            ok = bool(candidates)
        elif step == "quadruplet.choice":
            assert candidates is not None
            chosen = min(candidates, key=lambda c: (abs(c.m12 - Z_MASS), abs(c.m34 - Z_MASS)))
            ok = True
        elif step == "quadruplet.mass":
            assert chosen is not None
            ok = params.m4l_window[0] < chosen.m4l < params.m4l_window[1]
        else:
            assert candidates is not None
            candidates = [c for c in candidates if _candidate_ok(c, step, params)]
            ok = bool(candidates)
        if not ok:
            return Outcome(passed)
        passed += 1
    if chosen is None:  # steps without the choice (one-cut and N-1 counts): no candidate values
        return Outcome(passed)
    names = {(13, 13): "4mu", (11, 13): "2e2mu", (13, 11): "2mu2e", (11, 11): "4e"}
    channel = names[(chosen.legs[0].flavour, chosen.legs[2].flavour)]
    return Outcome(passed, channel, chosen.m4l, chosen.m12, chosen.m34)


def read_events(
    path: str | Path, schema: str, entry_stop: int | None = None
) -> Iterator[tuple[dict[str, Any], list[Lepton]]]:
    """Events as plain Python dicts and Lepton lists (GeV), read with uproot as lists (up to
    `entry_stop`: a subsample reads and converts only its own events)."""
    import uproot

    tree_name = "analysis" if schema == "atlas-2025e" else "mini"
    with uproot.open(path) as handle:
        tree = handle[tree_name]
        if schema == "atlas-2025e":
            names = ["runNumber", "eventNumber", "trigE", "trigM", "trigDE", "trigDM", "trigML", "lep_pt", "lep_eta", "lep_phi", "lep_e",
                     "lep_charge", "lep_type", "lep_z0", "lep_d0", "lep_d0sig", "lep_ptvarcone30", "lep_topoetcone20", "lep_isLooseID"]  # fmt: skip
        else:
            names = ["runNumber", "eventNumber", "trigE", "trigM", "lep_pt", "lep_eta", "lep_phi", "lep_E", "lep_charge", "lep_type",
                     "lep_z0", "lep_trackd0pvunbiased", "lep_tracksigd0pvunbiased", "lep_ptcone30", "lep_etcone20"]  # fmt: skip
        for batch in tree.iterate(names, library="np", step_size=50_000, entry_stop=entry_stop):
            columns = {k: v.tolist() if hasattr(v, "tolist") else list(v) for k, v in batch.items()}
            for i in range(len(columns["runNumber"])):
                row = {k: v[i] for k, v in columns.items()}
                yield row, _leptons(row, schema)


def _leptons(row: dict[str, Any], schema: str) -> list[Lepton]:
    out = []
    gev = 1.0 if schema == "atlas-2025e" else 0.001
    for k in range(len(row["lep_pt"])):
        pt = row["lep_pt"][k] * gev
        eta = row["lep_eta"][k]
        theta = 2 * math.atan(math.exp(-eta))
        if schema == "atlas-2025e":
            e, d0, d0sig = row["lep_e"][k], row["lep_d0"][k], row["lep_d0sig"][k]
            track, calo, loose = (
                row["lep_ptvarcone30"][k],
                row["lep_topoetcone20"][k],
                bool(row["lep_isLooseID"][k]),
            )
        else:
            e, d0, d0sig = (
                row["lep_E"][k] * gev,
                row["lep_trackd0pvunbiased"][k],
                row["lep_tracksigd0pvunbiased"][k],
            )
            track, calo, loose = row["lep_ptcone30"][k] * gev, row["lep_etcone20"][k] * gev, True
        out.append(
            Lepton(pt=pt, eta=eta, phi=row["lep_phi"][k], e=e, charge=int(row["lep_charge"][k]), flavour=int(row["lep_type"][k]),
                   z0sintheta=abs(row["lep_z0"][k] * math.sin(theta)), d0=abs(d0), d0sig=abs(d0sig),
                   iso_track=track / pt, iso_calo=calo / pt, loose=loose)
        )  # fmt: skip
    return out


def run(
    files: Sequence[str | Path], schema: str, params: Params | None = None, limit: int | None = None
) -> dict[str, Any]:
    """Cutflow counts, per-event progress and the selected events of the naive loop."""
    params = params or Params(
        triggers=("trigE", "trigM", "trigDE", "trigDM", "trigML")
        if schema == "atlas-2025e"
        else ("trigE", "trigM")
    )
    steps = steps_for(schema)
    counts = [0] * len(steps)
    progress: list[tuple[int, int, int]] = []
    selected: list[tuple[int, int, Outcome]] = []
    n = 0
    for path in files:
        for row, leptons in read_events(path, schema, None if limit is None else limit - n):
            if limit is not None and n >= limit:
                break
            n += 1
            outcome = select_event(row, leptons, steps, params)
            for k in range(outcome.passed):
                counts[k] += 1
            progress.append((int(row["runNumber"]), int(row["eventNumber"]), outcome.passed))
            if outcome.passed == len(steps):
                selected.append((int(row["runNumber"]), int(row["eventNumber"]), outcome))
    return {"steps": steps, "counts": counts, "progress": progress, "selected": selected, "events": n}


def to_result(outcome: dict[str, Any], producer: str = "naive loop") -> Any:
    """The naive loop's output as an AnalysisResult (unweighted: weights are 1)."""
    from assistant.result import AnalysisResult, CutflowRow, EventProgress

    selected = outcome["selected"]
    return AnalysisResult(
        producer=producer,
        steps=outcome["steps"],
        cutflow=[
            CutflowRow(step=s, events=c, weighted=float(c))
            for s, c in zip(outcome["steps"], outcome["counts"], strict=True)
        ],
        selected={
            "runNumber": [r for r, _, _ in selected],
            "eventNumber": [e for _, e, _ in selected],
            "channel": [o.channel for _, _, o in selected],
            "m4l": [o.m4l for _, _, o in selected],
            "m12": [o.m12 for _, _, o in selected],
            "m34": [o.m34 for _, _, o in selected],
            "weight": [o.weight for _, _, o in selected],
        },
        progress=EventProgress(
            runNumber=[r for r, _, _ in outcome["progress"]],
            eventNumber=[e for _, e, _ in outcome["progress"]],
            passed=[p for _, _, p in outcome["progress"]],
        ),
        events_processed=outcome["events"],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.naive_loop", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("files", nargs="*", help="ROOT files (default: a synthetic 2025e sample)")
    parser.add_argument("--schema", default="atlas-2025e", choices=["atlas-2025e", "atlas-2020"])
    parser.add_argument(
        "--events", type=int, default=20_000, help="synthetic events when no file is given / event limit"
    )
    parser.add_argument("--out", default="out/bench/naive_loop.json")
    args = parser.parse_args(argv)
    files = list(args.files)
    if not files:
        from corpus import synth

        path = Path("out/bench/naive_loop_input.root")
        synth.write(path, args.schema, args.events, seed=1)
        files = [str(path)]
    start = time.perf_counter()
    outcome = run(files, args.schema, limit=args.events)
    elapsed = time.perf_counter() - start
    rate = outcome["events"] / elapsed if elapsed > 0 else float("inf")
    print(f"naive loop: {outcome['events']} events in {elapsed:.2f} s = {rate:,.0f} events/s")
    for step, count in zip(outcome["steps"], outcome["counts"], strict=True):
        print(f"  {step:28s} {count:8d}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "events": outcome["events"],
                "seconds": elapsed,
                "events_per_s": rate,
                "cutflow": dict(zip(outcome["steps"], outcome["counts"], strict=True)),
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
