"""Per-event records streamed to a Parquet events file: the same content as the inline form, for
the compiled analysis (in-process, sandboxed, Dask) and the baseline, and `compare` on top of it."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq
import pytest
from test_compile_reference import hzz_selection

from assistant.baseline import run_baseline
from assistant.compare import compare
from assistant.result import AnalysisResult
from assistant.runner import run_analysis
from corpus import synth


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    return synth.write(tmp_path_factory.mktemp("events") / "s.root", "atlas-2025e", 3000, seed=5)


def _assert_same_records(streamed: AnalysisResult, inline: AnalysisResult) -> None:
    assert streamed.selected == {} and streamed.progress.passed == []
    assert streamed.events_file is not None and inline.events_file is None
    assert [r.model_dump() for r in streamed.cutflow] == [r.model_dump() for r in inline.cutflow]
    assert [h.model_dump() for h in streamed.histograms] == [h.model_dump() for h in inline.histograms]
    ours, theirs = streamed.progress_columns(), inline.progress_columns()
    assert ours is not None and theirs is not None
    for name in ("runNumber", "eventNumber", "passed"):
        np.testing.assert_array_equal(ours[name], theirs[name])
    ours, theirs = streamed.selected_columns(), inline.selected_columns()
    assert len(ours["runNumber"]) == streamed.cutflow[-1].events > 0
    for name, values in theirs.items():
        if values.dtype == object:
            assert ours[name].tolist() == values.tolist()
        else:
            np.testing.assert_array_equal(ours[name], values)


def test_streamed_compiled_run_equals_inline(tmp_path, sample):
    inline = run_analysis(hzz_selection(), [sample], step_size=700)  # several chunks
    path = tmp_path / "compiled.events.parquet"
    streamed = run_analysis(hzz_selection(), [sample], step_size=700, events_path=path)
    _assert_same_records(streamed, inline)
    file = pq.ParquetFile(path)
    assert file.metadata.num_rows == streamed.events_file.rows == 3000
    # one row group per chunk: the file's one 3000-entry cluster cut into 4 equal chunks of ~700
    groups = [file.metadata.row_group(k).num_rows for k in range(file.metadata.num_row_groups)]
    assert groups == [750] * 4


def test_selected_only_events_file_without_progress(tmp_path, sample):
    streamed = run_analysis(
        hzz_selection(), [sample], progress=False, events_path=tmp_path / "sel.parquet", detail=False
    )
    assert streamed.progress_columns() is None
    assert streamed.events_file is not None and streamed.events_file.rows == streamed.cutflow[-1].events
    assert streamed.selected_ids() == run_analysis(hzz_selection(), [sample], detail=False).selected_ids()


def test_streamed_baseline_and_compare(tmp_path, sample):
    inline = run_baseline([sample], step_size=1000)
    streamed = run_baseline([sample], step_size=1000, events_path=tmp_path / "baseline.events.parquet")
    _assert_same_records(streamed, inline)
    compiled = run_analysis(hzz_selection(), [sample], events_path=tmp_path / "c.events.parquet")
    assert compare(compiled, streamed).identical and compare(compiled, inline).identical
    wrong = run_analysis(
        hzz_selection(m12_low=40.0), [sample], events_path=tmp_path / "w.events.parquet", detail=False
    )
    diff = compare(wrong, streamed)
    assert diff.first_divergent_step == "z1.mass" and not diff.identical
    # the wider window keeps a superset at z1.mass: the extra events are the cutflow difference
    step = wrong.steps.index("z1.mass")
    assert diff.n_only_in_result == wrong.cutflow[step].events - streamed.cutflow[step].events > 0
    assert diff.n_only_in_baseline == 0
    assert all(ev.baseline_failed_at == "z1.mass" for ev in diff.only_in_result)


def test_saved_result_finds_its_events_file_after_a_move(tmp_path, sample):
    first = tmp_path / "a"
    first.mkdir()
    result = run_analysis(hzz_selection(), [sample], events_path=first / "r.events.parquet", detail=False)
    result.save(first / "r.json")
    expected = result.selected_ids()
    moved = tmp_path / "b"
    first.rename(moved)
    loaded = AnalysisResult.load(moved / "r.json")
    assert loaded.selected_ids() == expected and len(expected) == result.cutflow[-1].events
    (moved / "r.events.parquet").unlink()
    with pytest.raises(FileNotFoundError, match="events file of this result is missing"):
        AnalysisResult.load(moved / "r.json").selected_columns()


def test_empty_file_gives_an_empty_events_file(tmp_path):
    empty = tmp_path / "empty.root"
    empty.write_bytes(b"")
    result = run_analysis(hzz_selection(), [empty], schema="atlas-2025e", events_path=tmp_path / "e.parquet")
    assert result.events_file is not None and result.events_file.rows == 0
    assert len(result.selected_columns()["runNumber"]) == 0 and result.cutflow[0].events == 0


@pytest.mark.sandbox
def test_sandboxed_run_moves_its_events_file_out(tmp_path, sample):
    sandbox = pytest.importorskip("assistant.sandbox")
    if not sandbox.sandbox_available():
        pytest.skip("bubblewrap not available")
    path = tmp_path / "sandboxed.events.parquet"
    with sandbox.get_executor("sandbox") as executor:  # two worker processes forked in the sandbox
        streamed = run_analysis(
            hzz_selection(),
            [sample],
            executor=executor,
            events_path=path,
            timeout=120,
            step_size=700,
            workers=2,
        )
        assert not list(executor.work_dir.glob("*.parquet")) and not list(
            executor.work_dir.glob("hep-repro-*")
        )
    assert streamed.events_file is not None and streamed.events_file.path == str(path)
    _assert_same_records(streamed, run_analysis(hzz_selection(), [sample], step_size=700, workers=1))


@pytest.mark.sandbox
def test_sandboxed_run_beyond_the_kernel_result_limit(tmp_path):
    """The kernel returns at most 1 MB of JSON: inline per-event records of 40k events exceed it,
    the events file does not."""
    sandbox = pytest.importorskip("assistant.sandbox")
    if not sandbox.sandbox_available():
        pytest.skip("bubblewrap not available")
    from assistant.runner import RunError

    big = synth.write(tmp_path / "big.root", "atlas-2025e", 40_000, seed=9)
    with sandbox.get_executor("sandbox") as executor:
        with pytest.raises(RunError, match="larger than"):
            run_analysis(hzz_selection(), [big], executor=executor, timeout=300)
        streamed = run_analysis(
            hzz_selection(), [big], executor=executor, events_path=tmp_path / "big.parquet", timeout=300
        )
    assert streamed.events_file is not None and streamed.events_file.rows == 40_000
    assert streamed.selected_ids() == run_analysis(hzz_selection(), [big], detail=False).selected_ids()


@pytest.mark.slow
def test_dask_streams_the_same_records(tmp_path, sample):
    streamed = run_analysis(
        hzz_selection(), [sample], scheduler="dask", step_size=1000, events_path=tmp_path / "d.parquet"
    )
    _assert_same_records(streamed, run_analysis(hzz_selection(), [sample], step_size=1000))


@pytest.mark.parametrize("streamed", [False, True])
def test_compare_shows_the_values_that_fail_the_divergent_cut(tmp_path, sample, streamed):
    """With an m12 window of 40-106 GeV, every event only the result keeps at z1.mass must show a
    result candidate with 40 <= m12 < 50 GeV: the values that explain the divergence."""
    baseline = run_baseline([sample])
    events_path = tmp_path / "wrong.events.parquet" if streamed else None
    wrong = run_analysis(hzz_selection(m12_low=40.0), [sample], detail=False, events_path=events_path)
    diff = compare(wrong, baseline, max_listed=1000)
    assert diff.first_divergent_step == "z1.mass" and diff.n_only_in_result == len(diff.only_in_result) > 0
    for event in diff.only_in_result:
        assert event.values_from == "result" and 40.0 <= event.values["m12"] < 50.0, event
        assert event.values["channel"] in ("4e", "4mu", "2e2mu", "2mu2e")
    assert "(result candidate: channel=" in diff.render()


def test_a_failed_run_keeps_the_earlier_events_file(tmp_path, sample):
    """A truncated second file fails the run: the events file of the previous good run stays as
    it was and no partial file is left behind (compiled analysis and baseline alike)."""
    from assistant.baseline import BaselineError
    from assistant.runner import RunError

    truncated = tmp_path / "truncated.root"
    truncated.write_bytes(sample.read_bytes()[: sample.stat().st_size // 2])
    for name, good, bad, errors in (
        ("compiled", lambda path: run_analysis(hzz_selection(), [sample], events_path=path),
         lambda path: run_analysis(hzz_selection(), [sample, truncated], events_path=path), RunError),
        ("baseline", lambda path: run_baseline([sample], events_path=path),
         lambda path: run_baseline([sample, truncated], events_path=path), (BaselineError, OSError, ValueError)),
    ):  # fmt: skip
        path = tmp_path / f"{name}.events.parquet"
        good(path)
        before = path.read_bytes()
        with pytest.raises(errors, match="truncated.root"):
            bad(path)
        assert path.read_bytes() == before, name
        assert sorted(p.name for p in tmp_path.glob(f"{name}.events.parquet*")) == [path.name], name
