"""`hep-repro schema draft`: schemas inferred from the real files reproduce the built-in ones
(differences only where documented below) and give the same runs."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_compile_reference import hzz_selection

from assistant import cli
from assistant.runner import run_analysis
from corpus import schema
from corpus.schemadraft import draft, trigger_labels

FILES = [("atlas_2025e", "atlas-2025e"), ("atlas_2020", "atlas-2020"), ("cms_tutorial", "cms-tutorial")]
# Documented differences between a draft and the built-in description:
#  - lumi_fb: not in the file; the draft leaves 0 and asks for it (review line);
#  - branches, signature, name, title, quirks, field_notes, unavailable: the draft lists every
#    branch, signs with the kinematic branches and explains in review lines instead of notes;
#  - triggers: the draft also labels what the built-in leaves out (trigDE → dielectron,
#    trigDM → dimuon, trigMET → met); every built-in label has the same branches.
EXTRA_TRIGGER_LABELS = {
    "atlas-2025e": {"dielectron", "dimuon", "met"},
    "atlas-2020": set(),
    "cms-tutorial": set(),
}


def _first(path):
    return path[0] if isinstance(path, list) else path


@pytest.mark.parametrize("fixture,name", FILES)
def test_draft_reproduces_the_builtin_schema(request, fixture, name):
    result = draft(_first(request.getfixturevalue(fixture)))
    drafted, builtin = result.schema, schema.load(name)
    assert schema.Schema.model_validate(json.loads(result.to_json())) == drafted and drafted.problems() == []
    assert (drafted.tree, drafted.energy_unit, drafted.momentum) == (
        builtin.tree,
        builtin.energy_unit,
        builtin.momentum,
    )
    assert drafted.collections == builtin.collections
    assert drafted.fields == builtin.fields  # kinematics, charge, impact parameters, isolation, flags
    assert drafted.event_id == builtin.event_id and drafted.event_variables == builtin.event_variables
    assert drafted.weight.model_copy(
        update={"factors": sorted(drafted.weight.factors)}
    ) == builtin.weight.model_copy(update={"factors": sorted(builtin.weight.factors)})
    assert set(drafted.triggers) - set(builtin.triggers) == EXTRA_TRIGGER_LABELS[name]
    for label, branches in builtin.triggers.items():
        assert sorted(drafted.triggers[label]) == sorted(branches), label
    assert set(builtin.branch_names()) <= set(drafted.branch_names())
    assert all(q.startswith("review: ") for q in drafted.quirks) and result.review


@pytest.mark.parametrize("fixture,name", [("atlas_2025e", "atlas-2025e"), ("atlas_2020", "atlas-2020")])
def test_a_drafted_schema_gives_the_builtin_run(request, tmp_path, fixture, name):
    files = request.getfixturevalue(fixture)
    files = files if isinstance(files, list) else [files]
    path = tmp_path / "draft.json"
    path.write_text(draft(files[0]).to_json())
    builtin = run_analysis(hzz_selection(), files, schema=name)
    drafted = run_analysis(hzz_selection(), files, schema=str(path))
    assert [r.model_dump() for r in drafted.cutflow] == [r.model_dump() for r in builtin.cutflow]
    a, b = builtin.progress_columns(), drafted.progress_columns()
    for column in a:
        np.testing.assert_array_equal(a[column], b[column], err_msg=column)


def test_cli_draft_then_run(tmp_path, atlas_2020, capsys):
    out = tmp_path / "my-schema.json"
    assert cli.main(["schema", "draft", str(atlas_2020[0]), "-o", str(out), "--name", "my-2020"]) == 0
    printed = capsys.readouterr().out
    assert "tree 'mini', MeV" in printed and "review: MC weight" in printed and f"--schema {out}" in printed
    assert schema.load(out).name == "my-2020"
    selection = tmp_path / "hzz.json"
    selection.write_text(hzz_selection().to_json())
    assert (
        cli.main(
            [
                "run",
                str(selection),
                "--data",
                *map(str, atlas_2020),
                "--schema",
                str(out),
                "-o",
                str(tmp_path / "r.json"),
            ]
        )
        == 0
    )
    assert "selected" in capsys.readouterr().out
    assert cli.main(["schema", "draft", str(atlas_2020[0])]) == 0  # to stdout, review lines to stderr
    captured = capsys.readouterr()
    assert json.loads(captured.out)["tree"] == "mini" and "review: " in captured.err


def test_draft_of_a_bad_file_is_a_typed_error(tmp_path, capsys):
    text = tmp_path / "notes.root"
    text.write_text("not ROOT\n")
    with pytest.raises(schema.NotRootFileError):
        draft(text)
    assert (
        cli.main(["schema", "draft", str(text)]) == 2
        and "not a readable ROOT file" in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    "name,labels",
    [
        ("IsoMu24", ["single_muon", "single_lepton"]),
        ("Ele32_WPTight_Gsf", ["single_electron", "single_lepton"]),
        ("Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ", ["dimuon", "dilepton"]),
        ("Mu23_TrkIsoVVL_Ele12_CaloIdL_TrackIdL_IsoVL", ["electron_muon", "dilepton"]),
        ("DoubleEle33_CaloIdL", ["dielectron", "dilepton"]),
        ("TripleMu_12_10_5", ["trilepton"]),
        ("Photon200", ["single_photon"]),
        ("Diphoton30_22", ["diphoton"]),
        ("PFMET120_PFMHT120_IDTight", ["met"]),
        ("DT", []),
    ],
)
def test_trigger_labels_from_names(name, labels):
    assert trigger_labels(name) == labels
