"""Schema descriptions against the real files, detection, unit inference and bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest
import uproot

from corpus import schema

ROOT_TYPES = {
    "float": "float32",
    "double": "float64",
    "int32_t": "int32",
    "uint32_t": "uint32",
    "uint64_t": "uint64",
    "bool": "bool",
    "std::string": "string",
}


def _canonical(root_type: str) -> str:
    for wrapper in ("RVec<", "std::vector<"):
        if root_type.startswith(wrapper):
            return "var * " + ROOT_TYPES[root_type[len(wrapper) : -1]]
    if root_type.endswith("[]"):
        return "var * " + ROOT_TYPES[root_type[:-2]]
    return ROOT_TYPES[root_type]


def _tree_type(array):
    import awkward as ak

    return ak.type(array).content


def test_known_and_load():
    assert schema.known() == ["atlas-2020", "atlas-2025e", "cms-tutorial"]
    s = schema.load("atlas-2020")
    assert s.tree == "mini" and s.energy_unit == "MeV" and s.field("lepton", "pt").scale == 0.001
    assert s.field("lepton", "d0sig").branch == "lep_tracksigd0pvunbiased"
    assert (
        s.field("electron", "id_loose") is None
        and "tight" in s.why_unavailable("electron", "id_loose").lower()
    )
    with pytest.raises(schema.SchemaError, match="atlas-2025e"):
        schema.load("atlas-2099")
    description = json.loads((schema.SCHEMA_DIR / "cms-tutorial.json").read_text())
    assert {"name", "title", "tree", "energy_unit", "length_unit", "momentum", "branches", "quirks"} <= set(
        description
    )
    assert description["momentum"] == "cartesian"


@pytest.mark.parametrize(
    "fixture,name",
    [("atlas_2025e", "atlas-2025e"), ("atlas_2020", "atlas-2020"), ("cms_tutorial", "cms-tutorial")],
)
def test_every_branch_name_and_type_matches_the_real_file(request, fixture, name):
    path = request.getfixturevalue(fixture)
    path = path[0] if isinstance(path, list) else path
    match = schema.detect(path)
    assert match.name == name and match.missing == [] and match.warnings == []
    real = {b.name: _canonical(b.type) for b in match.branches}
    for branch in schema.load(name).branches:
        assert real[branch.name] == branch.type, branch.name


def test_units_are_inferred_from_the_data(atlas_2025e, atlas_2020):
    assert schema.detect(atlas_2025e).energy_unit == "GeV"
    match = schema.detect(atlas_2020[0])
    assert match.energy_unit == "MeV" and "median lep_pt" in match.unit_evidence


def test_mislabelled_units_are_reported(tmp_path, atlas_2025e):
    arrays = uproot.open(atlas_2025e)["analysis"].arrays(
        filter_name=["lep_*", "runNumber", "eventNumber"], entry_stop=200
    )
    fields = {n: arrays[n] for n in arrays.fields}
    fields["lep_pt"] = arrays["lep_pt"] * 1000.0  # MeV values in a file claiming the GeV schema
    path = tmp_path / "mev.root"
    with uproot.recreate(path) as out:
        out.mktree("analysis", {n: _tree_type(fields[n]) for n in fields})
        out["analysis"].extend(fields)
    match = schema.detect(path)
    assert match.name == "atlas-2025e" and match.energy_unit == "MeV"
    assert any("MeV" in w and "GeV" in w for w in match.warnings)


def test_unknown_file_is_described(tmp_path):
    path = tmp_path / "other.root"
    with uproot.recreate(path) as out:
        out.mktree("Events", {"Muon_pt": np.float64, "nJet": np.int32})
        out["Events"].extend(
            {"Muon_pt": np.array([30.0, 40.0, 50.0]), "nJet": np.array([1, 2, 3], dtype=np.int32)}
        )
    match = schema.detect(path)
    assert match.name is None and match.tree == "Events" and match.entries == 3
    assert {b.name for b in match.branches} == {"Muon_pt", "nJet"}
    assert match.energy_unit == "GeV" and "Muon_pt" in match.unit_evidence
    assert match.warnings


def test_bad_files_raise_typed_errors(tmp_path):
    empty = tmp_path / "empty.root"
    empty.write_bytes(b"")
    with pytest.raises(schema.NotRootFileError, match="empty.root"):
        schema.detect(empty)
    text = tmp_path / "text.root"
    text.write_text("hello\n" * 100)
    with pytest.raises(schema.NotRootFileError, match="text.root"):
        schema.detect(text)
    with pytest.raises(schema.NotRootFileError, match="missing.root"):
        schema.detect(tmp_path / "missing.root")


def test_restricted_schema_names_the_file():
    s = schema.load("atlas-2025e").restricted_to(
        [b.name for b in schema.load("atlas-2025e").branches if not b.name.startswith("jet_")], "synth.root"
    )
    assert s.collection("jet") is None and "synth.root" in s.why_unavailable("jet", "pt")


def test_rntuple_files_are_described(tmp_path):
    path = tmp_path / "rntuple.root"
    with uproot.recreate(path) as out:
        out["events"] = {"Muon_Px": np.array([1.0, 2.0]), "Muon_E": np.array([3.0, 4.0])}
    match = schema.detect(path)
    assert (
        match.tree == "events"
        and match.entries == 2
        and {b.name for b in match.branches} == {"Muon_Px", "Muon_E"}
    )
