"""Fast checks of the demo's own pieces: the data summary against counts stored in the files,
the verdict line, the cutflow table, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
import uproot

from assistant import demo
from assistant.compare import compare
from assistant.result import AnalysisResult, CutflowRow, EventProgress
from corpus.schema import NotRootFileError


def _result(producer: str, counts: dict[str, int], progress: list[int]) -> AnalysisResult:
    steps = list(counts)
    return AnalysisResult(
        producer=producer,
        steps=steps,
        cutflow=[CutflowRow(step=s, events=n) for s, n in counts.items()],
        progress=EventProgress(
            runNumber=[1] * len(progress), eventNumber=list(range(len(progress))), passed=progress
        ),
    )


def test_cms_summary_matches_the_stored_counts(cms_tutorial):
    info = demo.summarise_file(cms_tutorial)
    with uproot.open(cms_tutorial) as handle:
        n_mu = handle["events"]["NMuon"].array(library="np")
        n_e = handle["events"]["NElectron"].array(library="np")
    n = n_mu + n_e
    assert info["schema"] == "cms-tutorial" and info["events"] == len(n) == 2421
    for k in range(5):
        assert info["multiplicity"][str(k)] == int(np.sum(n == k))
    assert info["multiplicity"]["5+"] == int(np.sum(n >= 5))
    four = n == 4
    assert info["channels_4l"]["4mu"] == int(np.sum(four & (n_mu == 4)))
    assert info["channels_4l"]["2e2mu"] == int(np.sum(four & (n_mu == 2)))
    assert info["channels_4l"]["4e"] == int(np.sum(four & (n_e == 4)))


def test_2020_summary_matches_lep_n(atlas_2020):
    for path in atlas_2020:
        info = demo.summarise_file(path)
        with uproot.open(path) as handle:
            lep_n = handle["mini"]["lep_n"].array(library="np")
        assert info["schema"] == "atlas-2020" and info["events"] == len(lep_n)
        assert info["multiplicity"]["4"] == int(np.sum(lep_n == 4))
        assert info["multiplicity"]["5+"] == int(np.sum(lep_n >= 5))


def test_summary_of_a_file_that_is_not_root(tmp_path):
    bad = tmp_path / "notes.root"
    bad.write_text("not a ROOT file")
    with pytest.raises(NotRootFileError):
        demo.summarise_file(bad)


def test_verdict_line_follows_compare():
    base = _result("baseline", {"initial": 3, "a": 2, "b": 1}, [3, 2, 1])
    same = _result("compiled", {"initial": 3, "a": 2, "b": 1}, [3, 2, 1])
    other = _result("compiled", {"initial": 3, "a": 3, "b": 1}, [3, 2, 2])
    assert demo.verdict_line("x", compare(same, base)) == "VERDICT x: identical"
    assert demo.verdict_line("y", compare(other, base)) == "VERDICT y: different (first divergent step: a)"


def test_cutflow_table_marks_differences_from_the_baseline():
    base = _result("baseline", {"initial": 3, "a": 2, "b": 1}, [3, 2, 1])
    ours = _result("compiled", {"initial": 3, "a": 3, "b": 1, "c": 1}, [4, 4, 1])
    rows = demo.cutflow_table(["d1"], {"d1": ours}, {"d1": base})
    table = {row.split()[0]: row.split()[1:] for row in rows[2:-1]}
    assert table["initial"] == ["3"]
    assert table["a"] == ["3", "≠b"]
    assert table["b"] == ["1"]
    assert table["c"] == ["1", "(r)"]  # a step only the result has


def test_quick_chat_script_has_no_free_text_turn():
    assert all(turn.startswith("/") for turn in demo.chat_script(quick=True))
    assert demo.CHAT_QUESTION in demo.chat_script(quick=False)


def test_bad_arguments_exit_with_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        demo.main(["--events", "0"])
    assert exit_info.value.code == 2
    assert "--events must be at least 1" in capsys.readouterr().err


def test_a_missing_real_file_is_reported_and_the_rest_goes_on(tmp_path, monkeypatch, capsys):
    from corpus import opendata

    real_resolve = opendata.resolve

    def resolve(name, **kwargs):
        if name == "atlas-2020-data-B":
            raise opendata.DataNotFoundError("data_B.4lep.root was not found in [...] (test)")
        return real_resolve(name, **kwargs)

    monkeypatch.setattr(opendata, "resolve", resolve)
    run = demo.Demo(out=tmp_path, quick=True, events=400, seed=3)
    demo.stage_data(run)
    printed = capsys.readouterr().out
    assert "NOT AVAILABLE atlas-2020-data-B: data_B.4lep.root was not found" in printed
    if "2020-data" in run.datasets:  # the real files are there: the three others are used
        assert [p.name for p in run.datasets["2020-data"].files] == [
            "data_A.4lep.root",
            "data_C.4lep.root",
            "data_D.4lep.root",
        ]
        assert "1 of 4 files missing" in run.datasets["2020-data"].description
    assert run.datasets["synth-2025e"].files[0].is_file()
    summary = {s["file"]: s for s in run.report.facts["data"]}
    assert summary["synth-2025e.root"]["events"] == 400


def test_an_unreadable_file_is_reported_in_the_summary_table():
    rows = demo._summary_rows(
        [{"file": "bad.root", "path": "/x/bad.root", "error": "NotRootFileError: empty"}]
    )
    assert "UNREADABLE: NotRootFileError: empty" in rows[-1]
