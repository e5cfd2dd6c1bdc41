"""The synthetic generator, checked against independent numpy computations from the stored branches."""

from __future__ import annotations

import json
import math
from pathlib import Path

import awkward as ak
import numpy as np
import pytest
import uproot

from corpus import synth

N_EVENTS = 6000


@pytest.fixture(scope="module")
def sample_2025e(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "synth_2025e.root"
    return synth.write(path, "atlas-2025e", N_EVENTS, seed=11)


@pytest.fixture(scope="module")
def events_2025e(sample_2025e: Path) -> ak.Array:
    return uproot.open(sample_2025e)["analysis"].arrays(library="ak")


@pytest.fixture(scope="module")
def events_2020(tmp_path_factory: pytest.TempPathFactory) -> ak.Array:
    path = synth.write(tmp_path_factory.mktemp("synth") / "synth_2020.root", "atlas-2020", 3000, seed=5)
    return uproot.open(path)["mini"].arrays(library="ak")


def _p4(ev: dict, i: int, gev: float = 1.0) -> np.ndarray:
    pt, eta, phi = float(ev["lep_pt"][i]) * gev, float(ev["lep_eta"][i]), float(ev["lep_phi"][i])
    energy = float(ev["lep_e"][i] if "lep_e" in ev else ev["lep_E"][i]) * gev
    return np.array([pt * math.cos(phi), pt * math.sin(phi), pt * math.sinh(eta), energy])


def _mass(*vectors: np.ndarray) -> float:
    px, py, pz, e = np.sum(vectors, axis=0)
    return math.sqrt(max(e * e - px * px - py * py - pz * pz, 0.0))


def _records(events: ak.Array) -> list[dict]:
    return ak.to_list(events)


def test_masses_recomputed_from_stored_branches_match_truth(events_2025e: ak.Array) -> None:
    checked = 0
    for ev in _records(events_2025e)[:1500]:
        (a, b), (c, d) = divmod(ev["synth_z1"], 10), divmod(ev["synth_z2"], 10)
        legs = [_p4(ev, i) for i in (a, b, c, d)]
        for value, truth in (
            (_mass(*legs), ev["synth_m4l"]),
            (_mass(legs[0], legs[1]), ev["synth_m12"]),
            (_mass(legs[2], legs[3]), ev["synth_m34"]),
        ):
            assert value == pytest.approx(truth, rel=2e-3, abs=0.02), ev["eventNumber"]
        checked += 1
    assert checked == 1500


def test_masses_in_2020_schema_are_mev_and_match_truth(events_2020: ak.Array) -> None:
    for ev in _records(events_2020)[:500]:
        (a, b), (c, d) = divmod(ev["synth_z1"], 10), divmod(ev["synth_z2"], 10)
        legs = [_p4(ev, i, gev=0.001) for i in (a, b, c, d)]
        assert _mass(*legs) == pytest.approx(ev["synth_m4l"], rel=2e-3, abs=0.02)
    pts = ak.flatten(events_2020["lep_pt"])
    assert float(np.median(ak.to_numpy(pts))) > 1000.0  # MeV


def test_storage_order_2025e_is_electrons_first_not_pt_sorted(events_2025e: ak.Array) -> None:
    types = events_2025e["lep_type"]
    assert ak.all(types[:, :-1] <= types[:, 1:])  # 11 before 13
    pt = events_2025e["lep_pt"]
    sorted_frac = float(ak.mean(ak.all(pt[:, :-1] >= pt[:, 1:], axis=1)))
    assert sorted_frac < 0.35, sorted_frac


def test_storage_order_2020_is_pt_sorted(events_2020: ak.Array) -> None:
    pt = events_2020["lep_pt"]
    assert ak.all(pt[:, :-1] >= pt[:, 1:])


def test_deterministic_and_unique_ids() -> None:
    a = synth.generate("atlas-2025e", 800, seed=3)
    b = synth.generate("atlas-2025e", 800, seed=3)
    c = synth.generate("atlas-2025e", 800, seed=4)
    for field in ("lep_pt", "lep_d0sig", "synth_class", "eventNumber", "trigE"):
        assert ak.all(a[field] == b[field])
    assert (
        not ak.all(ak.flatten(a["lep_pt"]) == ak.flatten(c["lep_pt"]))
        if len(ak.flatten(a["lep_pt"])) == len(ak.flatten(c["lep_pt"]))
        else True
    )
    ids = set(zip(ak.to_list(a["runNumber"]), ak.to_list(a["eventNumber"]), strict=True))
    assert len(ids) == len(a)
    ids_c = set(zip(ak.to_list(c["runNumber"]), ak.to_list(c["eventNumber"]), strict=True))
    assert not ids & ids_c  # another seed gives other event numbers


def test_every_class_and_probe_side_present(events_2025e: ak.Array) -> None:
    classes = set(ak.to_list(events_2025e["synth_class"]))
    assert classes == set(range(len(synth.CLASSES)))
    probe, side = ak.to_numpy(events_2025e["synth_probe"]), ak.to_numpy(events_2025e["synth_side"])
    for i in range(len(synth.PROBES)):
        assert np.sum((probe == i) & (side < 0)) >= 1 and np.sum((probe == i) & (side > 0)) >= 1


def _dr(ev: dict, i: int, j: int) -> float:
    dphi = (ev["lep_phi"][i] - ev["lep_phi"][j] + math.pi) % (2 * math.pi) - math.pi
    return math.hypot(ev["lep_eta"][i] - ev["lep_eta"][j], dphi)


def _probe_value(ev: dict, cut: str) -> float:
    """The event's value of the probed quantity, computed independently from the stored branches
    (extreme over the relevant leptons: min for '>' cuts, max for '<' cuts)."""
    n = len(ev["lep_pt"])
    flav = ev["lep_type"]
    e = [i for i in range(n) if flav[i] == 11]
    mu = [i for i in range(n) if flav[i] == 13]
    pt = ev["lep_pt"]
    theta = [2 * math.atan(math.exp(-x)) for x in ev["lep_eta"]]
    table = {
        "electron.et": lambda: min(pt[i] for i in e),
        "electron.abs_eta": lambda: max(abs(ev["lep_eta"][i]) for i in e),
        "muon.pt": lambda: min(pt[i] for i in mu),
        "muon.abs_eta": lambda: max(abs(ev["lep_eta"][i]) for i in mu),
        "lepton.z0sintheta": lambda: max(abs(ev["lep_z0"][i] * math.sin(theta[i])) for i in range(n)),
        "electron.d0sig": lambda: max(abs(ev["lep_d0sig"][i]) for i in e),
        "muon.d0sig": lambda: max(abs(ev["lep_d0sig"][i]) for i in mu),
        "muon.d0": lambda: max(abs(ev["lep_d0"][i]) for i in mu),
        "lepton.iso_track": lambda: max(ev["lep_ptvarcone30"][i] / pt[i] for i in range(n)),
        "electron.iso_calo": lambda: max(ev["lep_topoetcone20"][i] / pt[i] for i in e),
        "muon.iso_calo": lambda: max(ev["lep_topoetcone20"][i] / pt[i] for i in mu),
        "quadruplet.pt.r1": lambda: sorted(pt, reverse=True)[0],
        "quadruplet.pt.r2": lambda: sorted(pt, reverse=True)[1],
        "quadruplet.pt.r3": lambda: sorted(pt, reverse=True)[2],
        "lepton_pair.dr.same": lambda: min(
            _dr(ev, i, j) for i in range(n) for j in range(i + 1, n) if flav[i] == flav[j]
        ),
        "lepton_pair.dr.different": lambda: min(
            _dr(ev, i, j) for i in range(n) for j in range(i + 1, n) if flav[i] != flav[j]
        ),
        "sfos_pair.mass": lambda: min(
            _mass(_p4(ev, i), _p4(ev, j))
            for i in range(n)
            for j in range(i + 1, n)
            if flav[i] == flav[j] and ev["lep_charge"][i] != ev["lep_charge"][j]
        ),
        "z1.mass": lambda: ev["synth_m12"],
        "z2.mass": lambda: ev["synth_m34"],
        "quadruplet.mass": lambda: ev["synth_m4l"],
    }
    return float(table[cut]())


def _boolean_passes(ev: dict, cut: str) -> bool:
    types, loose = ev["lep_type"], ev["lep_isLooseID"]
    if cut == "electron.id":
        return all(ok for t, ok in zip(types, loose, strict=True) if t == 11)
    if cut == "muon.id":
        return all(ok for t, ok in zip(types, loose, strict=True) if t == 13)
    if cut == "event.trigger":
        return bool(ev["trigE"] or ev["trigM"] or ev["trigDE"] or ev["trigDM"])
    # quadruplet.sfos_pairs: two same-flavour opposite-sign pairs among four leptons
    charges = {t: [q for tt, q in zip(types, ev["lep_charge"], strict=True) if tt == t] for t in (11, 13)}
    pairs = sum(min(qs.count(1), qs.count(-1)) for qs in charges.values())
    return pairs >= 2


def test_boundary_events_sit_on_the_intended_side(events_2025e: ak.Array) -> None:
    boundary = events_2025e[events_2025e["synth_probe"] >= 0]
    assert len(boundary) > 100
    for ev in _records(boundary):
        probe = synth.PROBES[ev["synth_probe"]]
        below = ev["synth_side"] < 0
        if probe.kind == "boolean":
            passes = _boolean_passes(ev, probe.cut)
            assert passes == (not below), (probe.cut, ev["eventNumber"])
            continue
        value = _probe_value(ev, probe.cut)
        if below:
            assert value < probe.threshold, (probe.cut, probe.threshold, value)
        else:
            assert value > probe.threshold, (probe.cut, probe.threshold, value)
        assert abs(value / probe.threshold - 1) < 0.05, (probe.cut, value)  # close to the threshold


def test_m34_edge_probe_sits_at_the_m4l_dependent_threshold(events_2025e: ak.Array) -> None:
    index = next(i for i, p in enumerate(synth.PROBES) if p.cut == "z2.mass" and p.threshold == 31.0)
    edge = events_2025e[events_2025e["synth_probe"] == index]
    assert len(edge)
    threshold = synth.m34_threshold(ak.to_numpy(edge["synth_m4l"]).astype(float))
    side = ak.to_numpy(edge["synth_side"])
    m34 = ak.to_numpy(edge["synth_m34"])
    assert np.all((m34 > threshold) == (side > 0))


def test_2025e_quirks(events_2025e: ak.Array) -> None:
    normal = events_2025e[events_2025e["synth_probe"] < 0]
    lep = ak.zip({k[4:]: normal[k] for k in normal.fields if k.startswith("lep_") and k != "lep_n"})
    theta = 2 * np.arctan(np.exp(-lep.eta))
    z0sin = abs(lep.z0 * np.sin(theta))
    is_e = lep["type"] == 11
    expected_iso = (
        lep.isLooseID
        & (z0sin < 0.5)
        & (abs(lep.d0sig) < 5)
        & (lep.ptvarcone30 / lep.pt < 0.15)
        & (lep.topoetcone20 / lep.pt < 0.20)
    )
    assert ak.all((expected_iso == lep.isLooseIso)[is_e])
    muon_loose = lep.isLooseID & (lep["type"] == 13)
    assert ak.all((abs(lep.d0sig) < 3)[muon_loose]) and ak.all((z0sin < 0.5)[muon_loose])
    assert ak.any(lep.d0sig < 0) and ak.any(lep.d0sig > 0)  # signed
    assert ak.all(lep.isTightID <= lep.isMediumID) and ak.all(lep.isMediumID <= lep.isLooseID)


def test_branch_types_match_the_real_file(sample_2025e: Path, atlas_2025e: Path) -> None:
    real = uproot.open(atlas_2025e)["analysis"]
    ours = uproot.open(sample_2025e)["analysis"]
    shared = [b for b in ours.keys() if b in real.keys()]  # noqa: SIM118 - uproot keys
    assert len(shared) >= 40
    for name in shared:
        mine, theirs = ours[name].array(entry_stop=3), real[name].array(entry_stop=3)
        assert str(ak.type(mine).content) == str(ak.type(theirs).content), name


def test_branch_types_match_the_real_2020_file(tmp_path: Path, atlas_2020: list[Path]) -> None:
    path = synth.write(tmp_path / "s.root", "atlas-2020", 300, seed=1)
    real, ours = uproot.open(atlas_2020[0])["mini"], uproot.open(path)["mini"]
    shared = [b for b in ours.keys() if b in real.keys()]  # noqa: SIM118
    assert len(shared) >= 30
    for name in shared:
        assert str(ak.type(ours[name].array(entry_stop=3)).content) == str(
            ak.type(real[name].array(entry_stop=3)).content
        ), name


def test_sidecar_and_weights(sample_2025e: Path, events_2025e: ak.Array) -> None:
    info = json.loads(sample_2025e.with_name(sample_2025e.name + ".json").read_text())
    assert info["events"] == N_EVENTS and info["schema"] == "atlas-2025e"
    assert sum(info["class_counts"].values()) == N_EVENTS
    assert len(info["probes"]) == len(synth.PROBES)
    # sum_of_weights is the sum of mcWeight over the events of the same DSID
    dsid = ak.to_numpy(events_2025e["channelNumber"])
    w = ak.to_numpy(events_2025e["mcWeight"]).astype(float)
    sumw = ak.to_numpy(events_2025e["sum_of_weights"])
    for d in np.unique(dsid):
        assert sumw[dsid == d][0] == pytest.approx(w[dsid == d].sum(), rel=1e-4)
    assert ak.all(events_2025e["xsec"] > 0)


def test_detected_schemas(sample_2025e: Path, tmp_path: Path) -> None:
    from corpus import schema

    assert schema.detect(sample_2025e).name == "atlas-2025e"
    path = synth.write(tmp_path / "s2020.root", "atlas-2020", 200, seed=2)
    assert schema.detect(path).name == "atlas-2020"


def test_bad_arguments() -> None:
    with pytest.raises(synth.SynthError, match="unknown schema"):
        synth.generate("cms-tutorial", 10)
    with pytest.raises(synth.SynthError):
        synth.generate("atlas-2025e", -1)
    empty = synth.generate("atlas-2025e", 0)
    assert len(empty) == 0
