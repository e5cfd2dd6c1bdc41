"""The hand-written baseline against the naive per-event loop, and `compare` catching a wrong cut."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import cli
from assistant.baseline import BaselineError, run_baseline
from assistant.compare import compare
from assistant.result import AnalysisResult
from benchmarks import naive_loop
from corpus import synth


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.write(tmp_path_factory.mktemp("base") / "s.root", "atlas-2025e", 5000, seed=21)


@pytest.fixture(scope="module")
def synthetic_baseline(synthetic: Path) -> AnalysisResult:
    return run_baseline([synthetic])


def _assert_same(baseline: AnalysisResult, naive: dict) -> None:
    assert baseline.steps == naive["steps"]
    assert [row.events for row in baseline.cutflow] == naive["counts"]
    ours = dict(
        zip(
            zip(baseline.progress.runNumber, baseline.progress.eventNumber, strict=True),
            baseline.progress.passed,
            strict=True,
        )
    )
    theirs = {(r, e): p for r, e, p in naive["progress"]}
    assert ours == theirs
    selected = {(r, e): o for r, e, o in naive["selected"]}
    assert baseline.selected_ids() == set(selected)
    for i, key in enumerate(
        zip(baseline.selected["runNumber"], baseline.selected["eventNumber"], strict=True)
    ):
        assert baseline.selected["m4l"][i] == pytest.approx(selected[key].m4l, abs=1e-3)
        assert baseline.selected["m12"][i] == pytest.approx(selected[key].m12, abs=1e-3)
        assert baseline.selected["channel"][i] == selected[key].channel


def test_baseline_equals_naive_loop_on_real_2025e(atlas_2025e: Path) -> None:
    baseline = run_baseline([atlas_2025e])
    _assert_same(baseline, naive_loop.run([atlas_2025e], "atlas-2025e"))
    assert baseline.cutflow[0].events == 3424 and baseline.producer == "baseline"
    assert {n.cut for n in baseline.not_applicable} == {"event.n_vertices", "quadruplet.vertex_chi2"}
    assert baseline.cutflow[-1].weighted == baseline.cutflow[-1].events  # data: weight 1


def test_baseline_equals_naive_loop_on_real_2020(atlas_2020: list[Path]) -> None:
    baseline = run_baseline(atlas_2020)
    _assert_same(baseline, naive_loop.run(atlas_2020, "atlas-2020"))
    assert baseline.cutflow[0].events == 832
    assert {"electron.id", "muon.id"} <= {n.cut for n in baseline.not_applicable}
    assert "electron.id" not in baseline.steps
    assert baseline.cutflow[-1].events > 0  # some H->4l candidates in 2016 data


def test_baseline_equals_naive_loop_on_synthetic(synthetic: Path, synthetic_baseline: AnalysisResult) -> None:
    _assert_same(synthetic_baseline, naive_loop.run([synthetic], "atlas-2025e"))
    last = synthetic_baseline.cutflow[-1]
    assert last.events > 500 and last.weighted > 0
    assert {h.name for h in synthetic_baseline.histograms} == {"m4l", "m12", "m34"}
    assert sum(synthetic_baseline.histograms[0].counts) == pytest.approx(
        sum(synthetic_baseline.selected["weight"])
    )


def test_baseline_on_synthetic_2020(tmp_path: Path) -> None:
    path = synth.write(tmp_path / "s2020.root", "atlas-2020", 1500, seed=4)
    _assert_same(run_baseline([path]), naive_loop.run([path], "atlas-2020"))


def test_boundary_events_fail_exactly_at_their_probe(
    synthetic: Path, synthetic_baseline: AnalysisResult
) -> None:
    import uproot

    truth = uproot.open(synthetic)["analysis"].arrays(
        ["eventNumber", "synth_probe", "synth_side"], library="np"
    )
    progress = dict(
        zip(synthetic_baseline.progress.eventNumber, synthetic_baseline.progress.passed, strict=True)
    )
    steps = synthetic_baseline.steps
    checked = 0
    for event, probe_index, side in zip(
        truth["eventNumber"], truth["synth_probe"], truth["synth_side"], strict=True
    ):
        if probe_index < 0:
            continue
        probe = synth.PROBES[probe_index]
        passed = progress[int(event)]
        step = steps.index(probe.cut)
        if synth.expected_first_failure(int(probe_index), int(side)) is None:
            assert passed > step, (probe.cut, side, steps[passed] if passed < len(steps) else "all")
        else:
            assert passed == step, (probe.cut, side, steps[passed] if passed < len(steps) else "all")
        checked += 1
    assert checked >= 2 * len(synth.PROBES)


def test_compare_identical_and_wrong_m12_window(synthetic: Path, synthetic_baseline: AnalysisResult) -> None:
    right = naive_loop.to_result(naive_loop.run([synthetic], "atlas-2025e"))
    same = compare(right, synthetic_baseline)
    assert same.cutflow and all(row.result == row.baseline for row in same.cutflow)
    assert same.first_divergent_step is None and same.n_only_in_result == 0
    wrong = naive_loop.to_result(
        naive_loop.run([synthetic], "atlas-2025e", naive_loop.Params(m12_window=(40.0, 106.0))), "m12 40-106"
    )
    diff = compare(wrong, synthetic_baseline)
    assert not diff.identical
    assert diff.first_divergent_step == "z1.mass"
    assert diff.n_only_in_result > 0 and diff.n_only_in_baseline == 0
    assert all(ev.baseline_failed_at == "z1.mass" for ev in diff.only_in_result)
    text = diff.render()
    assert "first divergent step z1.mass" in text and "<-- first divergence" in text
    json.dumps(diff.to_json())


def test_compare_lists_steps_present_on_one_side(synthetic_baseline: AnalysisResult) -> None:
    data = synthetic_baseline.model_dump()
    data["cutflow"] = [row for row in data["cutflow"] if row["step"] != "muon.d0"]
    data["steps"] = [s for s in data["steps"] if s != "muon.d0"]
    data["progress"]["passed"] = [
        p - 1 if p > synthetic_baseline.steps.index("muon.d0") else p for p in data["progress"]["passed"]
    ]
    fewer = AnalysisResult.model_validate({**data, "producer": "no muon.d0"})
    result = compare(fewer, synthetic_baseline)
    assert result.steps_only_in_baseline == ["muon.d0"] and not result.identical


def test_compare_and_baseline_cli(
    tmp_path: Path, synthetic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "baseline.json"
    assert cli.main(["baseline", "--data", str(synthetic), "-o", str(out)]) == 0
    assert cli.main(["compare", str(out), "--baseline", str(out)]) == 0
    capsys.readouterr()
    wrong = naive_loop.to_result(
        naive_loop.run([synthetic], "atlas-2025e", naive_loop.Params(m4l_window=(110.0, 130.0))), "m4l 110"
    )
    wrong.save(tmp_path / "wrong.json")
    assert cli.main(["compare", str(tmp_path / "wrong.json"), "--baseline", str(out), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["first_divergent_step"] == "quadruplet.mass" and not report["identical"]
    assert cli.main(["compare", str(tmp_path / "missing.json"), "--baseline", str(out)]) == 2


def test_baseline_bad_input(tmp_path: Path, cms_tutorial: Path) -> None:
    with pytest.raises(BaselineError, match="not supported"):
        run_baseline([cms_tutorial])
    with pytest.raises(BaselineError, match="no input"):
        run_baseline([])
    bad = tmp_path / "bad.root"
    bad.write_bytes(b"not a root file")
    with pytest.raises(Exception, match="bad.root"):
        run_baseline([bad])


def test_compare_flags_different_weights(synthetic_baseline: AnalysisResult) -> None:
    data = synthetic_baseline.model_dump()
    for row in data["cutflow"]:
        row["weighted"] *= 1.5
    reweighted = AnalysisResult.model_validate({**data, "producer": "weights x1.5"})
    result = compare(reweighted, synthetic_baseline)
    assert not result.identical and result.first_divergent_step is None
    assert any("weighted" in note for note in result.notes)


def test_jet_cuts_not_applicable_without_jet_branches(tmp_path: Path) -> None:
    events = synth.generate("atlas-2025e", 400, seed=8)
    jetless = events[[f for f in events.fields if not f.startswith("jet_")]]
    path = synth.write(tmp_path / "nojets.root", "atlas-2025e", jetless, seed=8)
    result = run_baseline([path])
    assert not any(step.startswith("jet.") for step in result.steps)
    reasons = {n.cut: n.reason for n in result.not_applicable}
    assert {"jet.pt", "jet.abs_eta", "jet.overlap_dr"} <= set(reasons) and "jet_pt" in reasons["jet.pt"]


def test_compare_blames_a_cut_missing_from_the_result(
    synthetic: Path, synthetic_baseline: AnalysisResult
) -> None:
    """A result that never applied the track-isolation cut: the divergence is first seen at the
    next common step, but the comparison must name the missing cut."""
    loose = naive_loop.to_result(
        naive_loop.run([synthetic], "atlas-2025e", naive_loop.Params(iso_track=1e9)), "no track isolation"
    )
    data = loose.model_dump()
    gone = loose.steps.index("lepton.iso_track")
    data["steps"] = [s for s in data["steps"] if s != "lepton.iso_track"]
    data["cutflow"] = [row for row in data["cutflow"] if row["step"] != "lepton.iso_track"]
    data["progress"]["passed"] = [p - 1 if p > gone else p for p in data["progress"]["passed"]]
    missing = AnalysisResult.model_validate(data)
    result = compare(missing, synthetic_baseline)
    assert result.steps_only_in_baseline == ["lepton.iso_track"]
    assert result.first_divergent_step == "lepton.iso_track"
    assert any("only the baseline has: lepton.iso_track" in note for note in result.notes)
