"""NanoAOD-style momenta (pt, eta, phi, mass; no energy): a 2025e sample rewritten in that layout,
described by `schema draft`, gives the run of the original with the built-in schema.

Counts (cutflow, one-cut, N-1, weights) and the last step passed per event are identical; the
candidate masses agree to 1e-4 relative: the stored mass is float32 and E = sqrt((pT cosh η)² + m²)
is computed in float32 as the original energies were stored, and the invariant masses amplify that
rounding by (E/m)² (largest for m34)."""

from __future__ import annotations

import numpy as np
import pytest
from layouts import nanoaod_copy
from test_compile_reference import hzz_selection

from assistant.compile import compile_selection
from assistant.runner import run_analysis
from assistant.selection import Cut, Selection
from corpus import schema, synth
from corpus.schemadraft import draft

MASS_RTOL = 1e-4


@pytest.fixture(scope="module")
def synthetic_2025e(tmp_path_factory):
    return synth.write(tmp_path_factory.mktemp("nano") / "synth.root", "atlas-2025e", 3000, seed=7)


@pytest.mark.parametrize("source", ["atlas_2025e", "synthetic_2025e"])
def test_nanoaod_layout_gives_the_same_run(request, tmp_path, source):
    original_path = request.getfixturevalue(source)
    nano = nanoaod_copy(original_path, "analysis", tmp_path / "nano.root")
    drafted = draft(nano)
    s = drafted.schema
    assert s.tree == "Events" and s.momentum == "pt_eta_phi_m" and s.event_id.run == "run"
    assert {o: c.prefix for o, c in s.collections.items()} == {
        "electron": "Electron_",
        "muon": "Muon_",
        "jet": "Jet_",
    }
    assert s.fields["Muon_"]["energy"] == schema.FieldSource(kind="energy_from_mass", branch="Muon_mass")
    assert any("energy computed from pt, eta and Muon_mass" in r for r in drafted.review)
    s.lumi_fb = schema.load("atlas-2025e").lumi_fb  # what the user sets on review
    description = tmp_path / "nano.json"
    description.write_text(drafted.to_json())
    assert schema.detect(nano, schemas=[description]).warnings == []

    original = run_analysis(hzz_selection(), [original_path], schema="atlas-2025e")
    converted = run_analysis(hzz_selection(), [nano], schema=str(description))
    assert [r.model_dump() for r in converted.cutflow] == [r.model_dump() for r in original.cutflow]
    a, b = original.progress_columns(), converted.progress_columns()
    for column in ("runNumber", "eventNumber", "passed", "channel"):
        np.testing.assert_array_equal(a[column], b[column], err_msg=column)
    for column in ("m4l", "m12", "m34"):
        np.testing.assert_allclose(b[column], a[column], rtol=MASS_RTOL, err_msg=column)
    if source == "synthetic_2025e":
        assert original.n_selected > 0


def test_energy_from_mass_in_the_generated_code(tmp_path, synthetic_2025e):
    nano = nanoaod_copy(synthetic_2025e, "analysis", tmp_path / "nano.root")
    code = compile_selection(hzz_selection(), draft(nano).schema).code
    assert 'energy = np.sqrt((pt * np.cosh(eta)) ** 2 + (values(events, "Muon_mass", offsets)) ** 2)' in code


def test_a_muon_only_schema_compiles(tmp_path, synthetic_2025e):
    nano = nanoaod_copy(synthetic_2025e, "analysis", tmp_path / "nano.root")
    muons_only = draft(nano).schema
    del muons_only.collections["electron"]
    compiled = compile_selection(hzz_selection(), muons_only)
    assert "electron.et" in {na.cut for na in compiled.not_applicable} and "muon.pt" in compiled.steps
    result = compiled.run([nano])
    assert result.cutflow[-1].events > 0


def test_combined_isolation_and_sip3d_compile_from_nanoaod_branches(tmp_path, synthetic_2025e):
    """CMS-style lepton cuts (I_rel, |SIP3D|) on NanoAOD-style branches, counted independently."""
    nano = nanoaod_copy(synthetic_2025e, "analysis", tmp_path / "nano.root")
    s = draft(nano).schema
    assert s.fields["Muon_"]["iso_rel"] == schema.FieldSource(kind="branch", branch="Muon_pfRelIso03_all")
    assert s.fields["Electron_"]["sip3d"] == schema.FieldSource(kind="abs", branch="Electron_sip3d")
    selection = Selection(
        cuts=[
            Cut(object="muon", variable="iso_rel", op="<", value=0.35),
            Cut(object="lepton", variable="sip3d", op="<", value=0.5),
        ]
    )
    result = compile_selection(selection, s).run([nano])
    assert [row.step for row in result.cutflow] == ["initial", "muon.iso_rel", "lepton.sip3d"]

    import awkward as ak
    import uproot

    e = uproot.open(nano)["Events"].arrays()
    muon_ok = e.Muon_pfRelIso03_all < 0.35
    # without count requirements, an object step passes the events that keep at least one object of
    # its kind (muons for the muon step, leptons of both flavours for the lepton step)
    after_iso = ak.sum(muon_ok, axis=1) >= 1
    muons_left = ak.sum(muon_ok & (abs(e.Muon_sip3d) < 0.5), axis=1)
    after_sip = muons_left + ak.sum(abs(e.Electron_sip3d) < 0.5, axis=1) >= 1
    expected = [len(e), int(ak.sum(after_iso)), int(ak.sum(after_iso & after_sip))]
    assert [row.events for row in result.cutflow] == expected
    assert expected[2] < expected[1] < expected[0]  # both cuts remove events
