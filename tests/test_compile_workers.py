"""One large file shared among worker processes: the same chunks, so exactly the result of one
process, whatever the number of workers; a failure in a worker fails the run, naming the file."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_compile_reference import hzz_selection

from assistant.compile import compile_selection
from assistant.runner import RunError, analysis_namespace, run_analysis
from corpus import synth

STEP = 700  # entries per chunk: the 6000-event sample has 9 chunks


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    return synth.write(tmp_path_factory.mktemp("workers") / "s.root", "atlas-2025e", 6000, seed=21)


@pytest.fixture(scope="module")
def engine() -> dict:
    return analysis_namespace(compile_selection(hzz_selection(), "atlas-2025e").code)


def _comparable(result) -> dict:
    dumped = result.model_dump()
    dumped.pop("duration_s")
    if dumped.get("events_file"):
        dumped["events_file"].pop("path")
    return dumped


def _table(path):
    return pq.read_table(path).to_pandas()


@pytest.mark.parametrize(
    "entries,per_chunk,workers", [(6000, 700, 2), (6000, 700, 3), (100, 7, 4), (50, 60, 2)]
)
def test_worker_ranges_are_whole_chunks_covering_the_file(engine, entries, per_chunk, workers):
    ranges = engine["worker_ranges"](entries, per_chunk, workers)
    chunks = -(-entries // per_chunk)
    assert len(ranges) == min(workers, chunks)
    assert ranges[0][0] == 0 and ranges[-1][1] == entries
    assert all(stop == start for (_, stop), (start, _) in zip(ranges, ranges[1:], strict=False))
    assert all(start % per_chunk == 0 and stop > start for start, stop in ranges)
    sizes = [-(-(stop - start) // per_chunk) for start, stop in ranges]  # chunks per worker
    assert max(sizes) - min(sizes) <= 1


def test_any_number_of_workers_gives_the_result_of_one_process(tmp_path, sample, engine, monkeypatch):
    shared = []  # files the parent handed to worker processes
    handed_out = engine["run_in_workers"]
    monkeypatch.setitem(
        engine, "run_in_workers", lambda path, *rest: shared.append(path) or handed_out(path, *rest)
    )
    code = compile_selection(hzz_selection(), "atlas-2025e").code
    runs = {}
    for workers in (1, 2, 3):
        inline = run_analysis(code, [sample, sample], step_size=STEP, workers=workers)
        path = tmp_path / f"w{workers}.events.parquet"
        streamed = run_analysis(
            code, [sample], step_size=STEP, workers=workers, events_path=path, detail=False
        )
        runs[workers] = (_comparable(inline), _comparable(streamed), _table(path))
    assert shared == [str(sample)] * 6  # workers 2 and 3: two files inline, one streamed
    one = runs[1]
    assert one[0]["cutflow"][-1]["events"] > 0 and "n_minus_1" in one[0]["cutflow"][-1]
    for workers in (2, 3):
        assert runs[workers][0] == one[0], workers
        assert runs[workers][1] == one[1], workers
        pd.testing.assert_frame_equal(runs[workers][2], one[2], check_exact=True)
    assert pq.ParquetFile(tmp_path / "w3.events.parquet").metadata.num_row_groups == 9  # one per chunk
    assert not list(tmp_path.glob("hep-repro-parts-*"))  # worker parts are cleaned up


def test_a_damaged_basket_fails_the_run_naming_the_file(tmp_path, sample):
    """Junk in the middle of the file: the parent opens it fine, a worker fails to inflate a basket."""
    damaged = tmp_path / "damaged.root"
    data = bytearray(sample.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = bytes(range(256)) * 16
    damaged.write_bytes(bytes(data))
    for workers in (1, 2):
        events = tmp_path / f"w{workers}.events.parquet"
        with pytest.raises(RunError, match="damaged.root"):
            run_analysis(hzz_selection(), [damaged], step_size=STEP, workers=workers, events_path=events)
        assert not list(tmp_path.glob("w*.events.parquet*")) and not list(tmp_path.glob("hep-repro-parts-*"))
