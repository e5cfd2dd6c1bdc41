"""User schema files: a copy of a 2025e file with every branch renamed and another tree, described
by a schema JSON derived by the same renaming, gives exactly the run of the original file; bad
schema files give typed errors that name the wrong field."""

from __future__ import annotations

import json

import numpy as np
import pytest
from layouts import renamed_copy, renamed_schema
from test_compile_reference import hzz_selection

from assistant import cli
from assistant.compile import compile_selection
from assistant.runner import RunError, run_analysis
from corpus import schema, synth


def rename(branch: str) -> str:
    return "rn_" + branch.upper()


@pytest.fixture(scope="module")
def synthetic_2025e(tmp_path_factory):
    """MC events with weights (the real file is data: its weights are all 1)."""
    return synth.write(tmp_path_factory.mktemp("user") / "synth.root", "atlas-2025e", 3000, seed=7)


def _renamed(tmp_path, source):
    data = renamed_copy(source, "analysis", tmp_path / "renamed.root", "events_v2", rename)
    description = renamed_schema("atlas-2025e", "my-renamed", "events_v2", rename, tmp_path / "my.json")
    return data, description


def _same_result(original, renamed):
    """Same cutflow (counts, weights, one-cut and N-1), same per-event progress (last step passed,
    candidate masses) and same selected events."""
    assert [r.model_dump() for r in renamed.cutflow] == [r.model_dump() for r in original.cutflow]
    for columns in ("progress_columns", "selected_columns"):
        a, b = getattr(original, columns)(), getattr(renamed, columns)()
        assert set(a) == set(b), columns
        for name in a:
            np.testing.assert_array_equal(a[name], b[name], err_msg=f"{columns}: {name}")


@pytest.mark.parametrize("source", ["atlas_2025e", "synthetic_2025e"])
def test_renamed_file_with_user_schema_gives_the_same_run(request, tmp_path, source):
    original_path = request.getfixturevalue(source)
    data, description = _renamed(tmp_path, original_path)
    assert schema.detect(data).name is None  # no built-in schema fits the renamed file
    match = schema.detect(data, schemas=[description])
    assert match.name == "my-renamed" and match.tree == "events_v2" and match.warnings == []
    original = run_analysis(hzz_selection(), [original_path], schema="atlas-2025e")
    renamed = run_analysis(hzz_selection(), [data], schema=str(description))
    _same_result(original, renamed)
    assert original.cutflow[-2].events > 0  # the real file (data) keeps 2 events up to the m4l window
    if source == "synthetic_2025e":  # MC: the weights come through the renamed weight branches
        assert original.n_selected > 0 and original.cutflow[-1].weighted != original.cutflow[-1].events


def test_cli_compile_and_run_take_a_schema_file(tmp_path, atlas_2025e, capsys):
    data, description = _renamed(tmp_path, atlas_2025e)
    selection = tmp_path / "hzz.json"
    selection.write_text(hzz_selection().to_json())
    analysis = tmp_path / "analysis.py"
    assert (
        cli.main(
            [
                "compile",
                str(selection),
                "--schema",
                str(description),
                "--data",
                str(data),
                "-o",
                str(analysis),
            ]
        )
        == 0
    )
    assert "for my-renamed" in capsys.readouterr().out and "rn_LEP_PT" in analysis.read_text()
    out = tmp_path / "result.json"
    assert (
        cli.main(["run", str(selection), "--data", str(data), "--schema", str(description), "-o", str(out)])
        == 0
    )
    assert "selected" in capsys.readouterr().out
    assert cli.main(["run", str(analysis), "--data", str(data), "-o", str(tmp_path / "r2.json")]) == 0


def test_data_info_matches_a_user_schema(tmp_path, atlas_2025e, capsys):
    data, description = _renamed(tmp_path, atlas_2025e)
    assert cli.main(["data", "info", str(data)]) == 0
    assert "unknown (no known schema matches)" in capsys.readouterr().out
    assert cli.main(["data", "info", str(data), "--schema", str(description)]) == 0
    out = capsys.readouterr().out
    assert "schema:  my-renamed" in out and "tree:    events_v2" in out and "missing:" not in out


def test_compile_selection_accepts_a_path(tmp_path):
    description = renamed_schema("atlas-2025e", "my-renamed", "events_v2", rename, tmp_path / "my.json")
    compiled = compile_selection(hzz_selection(), description)
    assert compiled.schema == "my-renamed" and "rn_LEP_PT" in compiled.branches


def _broken(tmp_path, change):
    data = json.loads((schema.SCHEMA_DIR / "atlas-2025e.json").read_text())
    change(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    return path


def test_missing_file_and_unknown_name(tmp_path):
    with pytest.raises(schema.SchemaFileError, match="no such schema file.*schema draft"):
        schema.load(tmp_path / "nope.json")
    with pytest.raises(schema.SchemaError, match="atlas-2020, atlas-2025e, cms-tutorial.*json"):
        schema.load("atlas-2099")


def test_a_builtin_name_is_kept_for_the_builtin_layout(tmp_path):
    """A copy of a built-in schema may keep its name; another layout under that name may not (results
    record the schema by name)."""
    assert schema.load(_broken(tmp_path, lambda d: None)) == schema.load("atlas-2025e")
    with pytest.raises(schema.SchemaFileError, match="'atlas-2025e' is a built-in schema's.*name of its own"):
        schema.load(_broken(tmp_path, lambda d: d.update(lumi_fb=d["lumi_fb"] + 1)))
    renamed = schema.load(_broken(tmp_path, lambda d: d.update(name="my-2025e", lumi_fb=d["lumi_fb"] + 1)))
    assert renamed.name == "my-2025e"


def test_invalid_json_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"name": "x",\n "tree": }')
    with pytest.raises(schema.SchemaFileError, match="not valid JSON \\(line 2"):
        schema.load(path)
    path.write_text("[1, 2]")
    with pytest.raises(schema.SchemaFileError, match="JSON object, not list"):
        schema.load(path)


@pytest.mark.parametrize(
    "change,expected",
    [
        (
            lambda d: d["fields"]["lep_"]["pt"].update(kind="brnch"),
            r"fields\.lep_\.pt\.kind: Input should be 'branch'",
        ),
        (lambda d: d.update(energy_unit="TeV"), r"energy_unit: Input should be 'GeV' or 'MeV' \(got 'TeV'\)"),
        (lambda d: d["fields"]["lep_"]["pt"].update(scale="a lot"), r"fields\.lep_\.pt\.scale: .*number"),
        (lambda d: d.pop("tree"), r"tree: required field is missing"),
        (lambda d: d.update(colections={}), r"colections: not a field of the schema format"),
        (lambda d: d["weight"]["factors"].append('x"]; import os'), r"weight\.factors\.8: .*identifiers"),
        (lambda d: d.update(tree='t"""'), r"tree: String should match pattern"),
        (
            lambda d: d["fields"]["lep_"]["pt"].update(branch="lep_ptt"),
            r"fields\.lep_\.pt: branch 'lep_ptt' is not among",
        ),
        (lambda d: d["fields"]["jet_"].pop("energy"), r"fields\.jet_: needs pt, eta, phi, energy"),
        (lambda d: d["collections"]["electron"].pop("flavour_branch"), r"share prefix 'lep_'"),
    ],
)
def test_invalid_fields_are_named(tmp_path, change, expected):
    with pytest.raises(schema.SchemaFileError, match=expected):
        schema.load(_broken(tmp_path, change))


def test_cli_reports_a_bad_schema_file_without_traceback(tmp_path, atlas_2025e, capsys):
    selection = tmp_path / "hzz.json"
    selection.write_text(hzz_selection().to_json())
    bad = _broken(tmp_path, lambda d: d.update(energy_unit="TeV"))
    assert cli.main(["compile", str(selection), "--schema", str(bad), "-o", str(tmp_path / "a.py")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "energy_unit" in err and "Traceback" not in err


def test_branches_the_file_lacks(tmp_path, atlas_2025e):
    data, description = _renamed(tmp_path, atlas_2025e)
    # a collection the file lacks: its cuts become not-applicable, naming the file
    no_jets = json.loads(description.read_text())
    no_jets["fields"]["rn_JET_"] = {
        k: {"kind": "branch", "branch": "rn_JETS_" + k.upper()} for k in ("pt", "eta", "phi", "energy")
    }
    no_jets["branches"] += [
        {"name": "rn_JETS_" + k.upper(), "type": "var * float32"} for k in ("pt", "eta", "phi", "energy")
    ]
    lacking = tmp_path / "no-jets.json"
    lacking.write_text(json.dumps(no_jets))
    match = schema.detect(data, schemas=[lacking])
    assert match.name == "my-renamed" and "rn_JETS_PT" in match.missing
    restricted = schema.load(lacking).restricted_to([b.name for b in match.branches], "renamed.root")
    assert restricted.collection("jet") is None and "renamed.root" in restricted.why_unavailable("jet", "pt")
    # a signature branch the file lacks: no match, and the run names the missing branch
    wrong = json.loads(description.read_text())
    wrong["fields"]["rn_LEP_"]["pt"]["branch"] = "rn_LEP_PTX"
    wrong["signature"][0] = "rn_LEP_PTX"
    wrong["branches"].append({"name": "rn_LEP_PTX", "type": "var * float32"})
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(wrong))
    assert schema.detect(data, schemas=[path]).name is None
    with pytest.raises(RunError, match="rn_LEP_PTX"):
        run_analysis(hzz_selection(), [data], schema=str(path), progress=False)


def test_builtin_schemas_are_consistent():
    for name in schema.known():
        assert schema.load(name).problems() == [], name
