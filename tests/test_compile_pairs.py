"""Two-object blocks (dilepton, diphoton) against independent per-event Python counts."""

from __future__ import annotations

import itertools
import math

import awkward as ak
import numpy as np
import pytest
import uproot

from assistant.compile import compile_selection
from assistant.runner import run_analysis
from assistant.selection import Cut, Selection


def _mass(a, b):
    px, py, pz, e = (x + y for x, y in zip(a, b, strict=True))
    return math.sqrt(max(e * e - px * px - py * py - pz * pz, 0.0))


def test_dimuon_z_on_the_cms_file(cms_tutorial):
    selection = Selection(
        title="Z to mumu",
        cuts=[
            Cut(object="muon", variable="pt", op=">", value=10, unit="GeV"),
            Cut(object="dilepton", variable="sum_charge", op="==", value=0, flavour="mu"),
            Cut(object="dilepton", variable="mass", op="between", low=60, high=120, unit="GeV"),
            Cut(object="dilepton", variable="choice", op="closest", value=91.1876, labels=["mass"]),
            Cut(object="dilepton", variable="pt", op=">", value=20, rank=1, unit="GeV"),
        ],
    )
    result = run_analysis(selection, [cms_tutorial])
    arrays = uproot.open(cms_tutorial)["events"].arrays(filter_name=["Muon_*", "Electron_*"]).to_list()
    expected, masses = [], []
    for index, ev in enumerate(arrays):
        muons = [
            (px, py, pz, e, q)
            for px, py, pz, e, q in zip(
                ev["Muon_Px"], ev["Muon_Py"], ev["Muon_Pz"], ev["Muon_E"], ev["Muon_Charge"], strict=True
            )
            if math.hypot(px, py) > 10
        ]
        pairs = [
            (abs(_mass(a[:4], b[:4]) - 91.1876), a, b)
            for a, b in itertools.combinations(muons, 2)
            if a[4] + b[4] == 0 and 60 < _mass(a[:4], b[:4]) < 120
        ]
        if pairs:
            _, a, b = min(pairs, key=lambda p: p[0])
            if max(math.hypot(a[0], a[1]), math.hypot(b[0], b[1])) > 20:
                expected.append(index)
                masses.append(_mass(a[:4], b[:4]))
    assert len(expected) > 100
    assert result.selected["eventNumber"] == expected
    assert result.selected["m12"] == pytest.approx(masses, abs=1e-3)
    assert set(result.selected["channel"]) == {"mumu"}


def _photon_file(path, events):
    counts = [len(ev) for ev in events]
    flat = [g for ev in events for g in ev]
    jag = lambda k: ak.unflatten(np.array([g[k] for g in flat], dtype=np.float32), counts)  # noqa: E731
    n = len(events)
    with uproot.recreate(path) as out:
        out.mktree(
            "analysis",
            {
                "runNumber": np.uint32,
                "eventNumber": np.uint64,
                "xsec": np.float32,
                "mcWeight": np.float32,
                "sum_of_weights": np.float64,
                "kfac": np.float32,
                "filteff": np.float32,
                "ScaleFactor_PILEUP": np.float32,
                "ScaleFactor_ELE": np.float32,
                "ScaleFactor_MUON": np.float32,
                "ScaleFactor_LepTRIGGER": np.float32,
                "photon_pt": "var * float32",
                "photon_eta": "var * float32",
                "photon_phi": "var * float32",
                "photon_e": "var * float32",
                "photon_isTightID": "var * bool",
            },
        )
        ones = np.ones(n, dtype=np.float32)
        out["analysis"].extend(
            {
                "runNumber": np.full(n, 1, np.uint32),
                "eventNumber": np.arange(n, dtype=np.uint64),
                "xsec": np.zeros(n, np.float32),
                "mcWeight": ones,
                "sum_of_weights": np.ones(n),
                "kfac": ones,
                "filteff": ones,
                "ScaleFactor_PILEUP": ones,
                "ScaleFactor_ELE": ones,
                "ScaleFactor_MUON": ones,
                "ScaleFactor_LepTRIGGER": ones,
                "photon_pt": jag("pt"),
                "photon_eta": jag("eta"),
                "photon_phi": jag("phi"),
                "photon_e": jag("e"),
                "photon_isTightID": ak.unflatten(np.array([g["tight"] for g in flat], dtype=bool), counts),
            }
        )


def test_diphoton_selection_against_a_python_loop(tmp_path):
    rng = np.random.default_rng(7)
    events = []
    for _ in range(3000):
        photons = []
        for _ in range(rng.integers(0, 5)):
            pt, eta, phi = rng.uniform(10, 90), rng.uniform(-2.5, 2.5), rng.uniform(-np.pi, np.pi)
            photons.append(
                {"pt": pt, "eta": eta, "phi": phi, "e": pt * np.cosh(eta), "tight": bool(rng.random() < 0.8)}
            )
        events.append(photons)
    path = tmp_path / "photons.root"
    _photon_file(path, events)
    selection = Selection(
        title="H to gamma gamma",
        cuts=[
            Cut(object="photon", variable="id", op="is", labels=["tight"]),
            Cut(object="photon", variable="pt", op=">", value=25, unit="GeV"),
            Cut(object="diphoton", variable="choice", op="closest", value=0, labels=["pt"]),
            Cut(object="diphoton", variable="pt_over_mass", op=">", value=0.35, rank=1),
            Cut(object="diphoton", variable="pt_over_mass", op=">", value=0.25, rank=2),
            Cut(object="diphoton", variable="mass", op="between", low=105, high=160, unit="GeV"),
        ],
    )
    compiled = compile_selection(selection, "atlas-2025e")
    assert compiled.not_applicable == []
    result = run_analysis(compiled.code, [path])
    expected = []
    for index, photons in enumerate(events):
        good = sorted((g for g in photons if g["tight"] and np.float32(g["pt"]) > 25), key=lambda g: -g["pt"])
        if len(good) < 2:
            continue
        a, b = good[0], good[1]  # the highest scalar pT sum is the two leading photons
        p4 = [
            (
                g["pt"] * math.cos(g["phi"]),
                g["pt"] * math.sin(g["phi"]),
                g["pt"] * math.sinh(g["eta"]),
                g["e"],
            )
            for g in (a, b)
        ]
        m = _mass(*p4)
        if a["pt"] / m > 0.35 and b["pt"] / m > 0.25 and 105 < m < 160:
            expected.append(index)
    assert len(expected) > 20
    assert result.selected["eventNumber"] == expected
    assert set(result.selected["channel"]) == {"gamgam"}
    rows = {r.step: r.events for r in result.cutflow}
    assert rows["photon.pt"] == sum(
        1 for ev in events if sum(g["tight"] and np.float32(g["pt"]) > 25 for g in ev) >= 2
    )


@pytest.mark.parametrize("schema_name", ["atlas-2020", "atlas-2025e", "cms-tutorial"])
def test_cuts_without_a_compiled_block_are_reported_not_applicable(schema_name):
    from assistant.compile.plan import plan_selection
    from assistant.selection import Z_MASS
    from corpus.schema import load

    selection = Selection(
        cuts=[
            Cut(object="event", variable="ht", op=">", value=300, unit="GeV"),
            Cut(object="jet", variable="dphi_met", op=">", value=0.4, unit="rad"),
            Cut(object="jet", variable="count", op=">=", value=1, labels=["b_tagged"]),
            Cut(object="jet", variable="count", op=">=", value=2),
            Cut(
                object="dilepton",
                variable="mass",
                op="outside",
                low=Z_MASS - 15,
                high=Z_MASS + 15,
                unit="GeV",
            ),
        ]
    )
    plan = plan_selection(selection, load(schema_name))
    reasons = dict(plan.not_applicable)
    assert set(reasons) == {"event.ht", "jet.dphi_met", "jet.count.b_tagged"}
    assert all(reasons.values())
    compiled = {step.id: step for step in plan.steps}
    assert set(compiled) == {"initial", "jet.count", "dilepton.mass"}
    assert "<" in compiled["dilepton.mass"].expr and "|" in compiled["dilepton.mass"].expr  # |m - mZ| > 15
    assert plan.requirements[0] == ("jet", 0, ">=", 2.0)  # the b-tagged count does not count all jets


@pytest.mark.parametrize("label", ["b_tagged", "untagged"])
def test_a_labelled_jet_count_is_not_applicable_and_does_not_count_all_jets(label):
    from assistant.compile.plan import plan_selection
    from corpus.schema import load

    selection = Selection(
        cuts=[
            Cut(object="jet", variable="count", op=">=", value=2, labels=[label]),
            Cut(object="jet", variable="count", op=">=", value=3),
        ]
    )
    plan = plan_selection(selection, load("atlas-2020"))
    reasons = dict(plan.not_applicable)
    assert set(reasons) == {f"jet.count.{label}"}
    assert label.replace("_", "-") in reasons[f"jet.count.{label}"].replace("_", "-")
    assert plan.requirements == [("jet", 0, ">=", 3.0)]


@pytest.mark.parametrize("schema_name", ["atlas-2020", "atlas-2025e", "cms-tutorial"])
def test_a_named_isolation_working_point_is_reported_not_applicable(schema_name):
    from assistant.compile.plan import plan_selection
    from corpus.schema import load

    selection = Selection(cuts=[Cut(object="lepton", variable="iso_wp", op="is", labels=["gradient"])])
    plan = plan_selection(selection, load(schema_name))
    reasons = dict(plan.not_applicable)
    assert set(reasons) == {"lepton.iso_wp"}
    assert "gradient" in reasons["lepton.iso_wp"]
    assert "lepton.iso_wp" not in {step.id for step in plan.steps}
