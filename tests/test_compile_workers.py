"""One large file shared among worker processes: the same chunks, so exactly the result of one
process, whatever the number of workers; a failure in a worker fails the run, naming the file."""

from __future__ import annotations

import threading
import time

import numpy as np
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
    "sizes,per_chunk,workers", [((6000,), 700, 2), ((6000, 0, 90), 700, 3), ((100, 5), 7, 4)]
)
def test_worker_groups_split_the_chunks_of_all_files_in_order(engine, sizes, per_chunk, workers):
    chunks = [
        chunk for index, size in enumerate(sizes) for chunk in engine["file_chunks"](index, size, per_chunk)
    ]
    assert sum(end - begin for _, begin, end in chunks) == sum(sizes)
    assert all(begin % per_chunk == 0 and 0 < end - begin <= per_chunk for _, begin, end in chunks)
    groups = engine["worker_groups"](chunks, workers)
    assert len(groups) == min(workers, len(chunks))
    assert [chunk for group in groups for chunk in group] == chunks  # contiguous, in file order
    assert max(map(len, groups)) - min(map(len, groups)) <= 1
    runs = engine["file_runs"](groups[0])  # a worker reads each file's consecutive chunks in one go
    assert [index for index, *_ in runs] == sorted({index for index, _, _ in groups[0]})


def _iterated(runs):
    """The chunks uproot.iterate(entry_start, entry_stop, step_size) yields for each run."""
    return [
        (index, begin, min(begin + step, end))
        for index, first, end, step in runs
        for begin in range(first, end, step)
    ]


@pytest.mark.parametrize("seed", range(6))
def test_chunks_follow_the_clusters_and_reading_yields_them(engine, seed):
    """Chunks start and end where every branch starts a basket (merging small clusters, cutting a
    large one into equal parts), are at most 1.5x the size asked, and the runs read them exactly."""
    rng = np.random.default_rng(seed)
    per_chunk = int(rng.integers(50, 400))
    sizes = rng.choice([int(rng.integers(1, 60)), int(rng.integers(200, 900))], size=int(rng.integers(1, 30)))
    clusters = [0, *np.cumsum(sizes).tolist()]
    entries = clusters[-1]
    chunks = engine["file_chunks"](3, entries, per_chunk, clusters)
    assert [b for _, b, _ in chunks] == [0] + [e for _, _, e in chunks[:-1]] and chunks[-1][2] == entries
    assert all(0 < end - begin <= 1.5 * per_chunk + 1 for _, begin, end in chunks)
    for _, begin, end in chunks:  # a boundary inside a cluster only when that cluster is cut
        for edge in (begin, end):
            if edge not in clusters:
                inside = next(size for a, size in zip(clusters, sizes, strict=False) if a < edge < a + size)
                assert inside > per_chunk
    assert _iterated(engine["file_runs"](chunks)) == chunks
    # regular clusters cut in halves are read in one go
    halves = engine["file_chunks"](0, 1000, 110, [0, 200, 400, 600, 800, 1000])
    assert halves == [(0, b, b + 100) for b in range(0, 1000, 100)]
    assert engine["file_runs"](halves) == [(0, 0, 1000, 100)]


def test_any_number_of_workers_or_threads_gives_the_same_result(tmp_path, sample, engine, monkeypatch):
    """Worker processes (each a contiguous group of chunks) and, in one process, processing threads
    (chunks processed concurrently, added in file order): the result of one thread in one process."""
    shared = []  # how many groups of chunks the parent handed to worker processes
    handed_out = engine["run_in_workers"]
    monkeypatch.setitem(
        engine,
        "run_in_workers",
        lambda groups, *rest: shared.append(len(groups)) or handed_out(groups, *rest),
    )
    code = compile_selection(hzz_selection(), "atlas-2025e").code
    runs = {}
    for workers, threads in ((1, 1), (1, 2), (1, 3), (2, 1), (3, 1)):
        monkeypatch.setitem(engine, "PROCESSING_THREADS", threads)
        inline = run_analysis(code, [sample, sample], step_size=STEP, workers=workers)
        path = tmp_path / f"w{workers}t{threads}.events.parquet"
        streamed = run_analysis(
            code, [sample], step_size=STEP, workers=workers, events_path=path, detail=False
        )
        runs[workers, threads] = (_comparable(inline), _comparable(streamed), _table(path))
    assert shared == [2, 2, 3, 3]  # workers 2 and 3: two files inline, one streamed
    one = runs[1, 1]
    assert one[0]["cutflow"][-1]["events"] > 0 and "n_minus_1" in one[0]["cutflow"][-1]
    for key, run in runs.items():
        assert run[0] == one[0], key
        assert run[1] == one[1], key
        pd.testing.assert_frame_equal(run[2], one[2], check_exact=True)
    assert pq.ParquetFile(tmp_path / "w3t1.events.parquet").metadata.num_row_groups == 9  # one per chunk
    assert not list(tmp_path.glob("hep-repro-parts-*"))  # worker parts are cleaned up


def test_small_files_are_shared_among_workers_file_by_file(atlas_2020):
    """Four real 2020 files of one chunk each: two workers take two files each."""
    alone = run_analysis(hzz_selection(), atlas_2020, workers=1)
    shared = run_analysis(hzz_selection(), atlas_2020, workers=2)
    assert _comparable(shared) == _comparable(alone)
    assert [f.entries for f in shared.files] == [39, 156, 237, 400]
    assert shared.cutflow[0].events == 832 and shared.cutflow[-1].events > 0


def run_threads():
    """The threads alive, but fsspec's process-wide IO loop (started once, by the first uproot.open
    with uproot's default source)."""
    return sorted(t.name for t in threading.enumerate() if not t.name.startswith(("fsspecIO", "asyncio")))


def test_a_damaged_basket_fails_the_run_naming_the_file(tmp_path, sample):
    """Junk in the middle of the file: the parent opens it fine, a worker fails to inflate a basket."""
    damaged = tmp_path / "damaged.root"
    data = bytearray(sample.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = bytes(range(256)) * 16
    damaged.write_bytes(bytes(data))
    threads = run_threads()
    for workers in (1, 2):
        events = tmp_path / f"w{workers}.events.parquet"
        with pytest.raises(RunError, match="damaged.root"):
            run_analysis(hzz_selection(), [damaged], step_size=STEP, workers=workers, events_path=events)
        assert not list(tmp_path.glob("w*.events.parquet*")) and not list(tmp_path.glob("hep-repro-parts-*"))
        time.sleep(0.2)  # (a finished thread pool's idle threads end on their own)
        assert run_threads() == threads  # no reading or inflating thread left behind
