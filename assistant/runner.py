"""Run an analysis — a Selection (compiled here) or the code of a compiled analysis — over files.

    run_analysis(selection, files)                       # compile for the detected schema, run here
    run_analysis(code, files, executor=get_executor("sandbox"))   # untrusted code: in the sandbox
    run_analysis(selection, files, scheduler="dask")     # partitions on a local Dask cluster
    run_analysis(selection, files, scheduler="tcp://host:8786")   # an existing Dask scheduler
    run_analysis(selection, files, events_path="result.events.parquet")  # per-event records on disk

In-process execution is for code this project compiled from a validated selection (trusted);
anything a model wrote or a user edited goes through a sandbox executor. The Dask path applies the
same `process()` of the compiled code to every partition of `uproot.dask` arrays and merges the
partial sums exactly as the single-process run does. With `events_path`, every path streams the
per-event records (progress, selected events) to that Parquet file instead of keeping them in the
result, so memory stays flat in the number of events.
"""

from __future__ import annotations

import hashlib
import inspect
import shutil
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from assistant.compile import STEP_SIZE
from assistant.digests import file_digests
from assistant.result import AnalysisResult
from assistant.selection import Selection
from corpus.schema import Schema

MAIN_GUARD = '\nif __name__ == "__main__":'


class RunError(RuntimeError):
    """The analysis could not run: the message names the file or the executor's error."""


def _as_code(
    analysis: Selection | str | Path, files: Sequence[str | Path], schema: str | Path | Schema
) -> tuple[str, str]:
    """(code, schema name) for a Selection, a selection JSON path, an analysis .py path or code text.
    `schema`: "auto", a known name, a schema .json file or a Schema."""
    if isinstance(analysis, Path) or (
        isinstance(analysis, str) and "\n" not in analysis and analysis.endswith((".json", ".py"))
    ):
        path = Path(analysis)
        if not path.is_file():
            raise RunError(f"{path}: no such file (expected a selection .json or a compiled analysis .py)")
        if path.suffix == ".py":
            return path.read_text(), str(schema)
        analysis = Selection.from_json(path.read_text())
    if isinstance(analysis, Selection):
        compiled = compile_for_files(analysis, files, schema)
        return compiled.code, compiled.schema
    return str(analysis), str(schema)


def compile_for_files(
    selection: Selection, files: Sequence[str | Path], schema: str | Path | Schema = "auto"
) -> Any:
    """The CompiledAnalysis a run of `selection` over `files` executes: for `schema` ("auto": detected
    from the first file), limited to the branches that file has (cuts needing others are not
    applicable, naming the file). RunError for a file no schema matches or in other units."""
    from assistant.compile import compile_selection
    from corpus.schema import detect, load

    if not files:
        raise RunError("compiling a selection needs at least one data file (its schema and branches)")
    explicit = None if schema == "auto" else schema if isinstance(schema, Schema) else load(schema)
    try:
        match = detect(files[0], schemas=[explicit] if explicit else [])
    except ValueError as err:
        if explicit is None or Path(files[0]).stat().st_size != 0:
            raise RunError(str(err)) from err
        return compile_selection(selection, explicit)  # an empty file: zero events
    chosen = explicit or match.matched_schema
    if chosen is None:
        raise RunError(f"{files[0]}: no known schema matches ({'; '.join(match.warnings)}); pass --schema")
    matched = match.matched_schema is chosen
    unit_warnings = [w for w in match.warnings if "looks like" in w]
    if matched and unit_warnings:
        raise RunError(f"{files[0]}: units do not match schema {chosen.name}: {unit_warnings[0]}")
    branches = [b.name for b in match.branches] if matched else None
    return compile_selection(selection, chosen, branches=branches, source=Path(files[0]).name)


def run_analysis(
    analysis: Selection | str | Path,
    files: Sequence[str | Path],
    *,
    schema: str | Path | Schema = "auto",
    executor: Any = None,
    scheduler: str | None = None,
    step_size: str | int = STEP_SIZE,
    detail: bool = True,
    progress: bool = True,
    events_path: str | Path | None = None,
    workers: int | None = None,
    timeout: float = 600,
) -> AnalysisResult:
    """Run a selection or compiled analysis code over `files` and return its AnalysisResult.
    `schema` (for a selection): "auto" (detected from the first file), a known name, a schema .json
    file or a Schema.
    `workers`: processes sharing the chunks (default: one per core on more than two cores; not with
    a scheduler)."""
    paths = [str(f) for f in files]
    for path in paths:
        if not Path(path).is_file():
            raise RunError(f"{path}: no such data file")
    if events_path is not None:
        events_path = Path(events_path).resolve()
        events_path.parent.mkdir(parents=True, exist_ok=True)
    in_process = executor is None and not (scheduler and scheduler != "local")
    # the files' digests, computed while the selection compiles (the run needs them only at its end)
    hashes = _hashing(paths) if in_process else None
    code, _ = _as_code(analysis, paths, schema)
    options: dict[str, Any] = {
        "step_size": step_size,
        "detail": detail,
        "progress": progress,
        "workers": workers,
    }
    if executor is not None:
        return _run_in_executor(code, paths, executor, options, events_path, timeout)
    if scheduler and scheduler != "local":
        return _run_on_dask(code, paths, scheduler, options, events_path)
    namespace = analysis_namespace(code)
    if "hashes" in inspect.signature(namespace["run"]).parameters:  # (not in code compiled before it)
        options["hashes"] = hashes
    try:
        return AnalysisResult.model_validate(
            namespace["run"](paths, events_path=None if events_path is None else str(events_path), **options)
        )
    except (namespace["MissingBranchError"], namespace["BadFileError"]) as err:
        raise RunError(str(err)) from err


def _hashing(paths: list[str]) -> Future[list[str]]:
    """The Future of the SHA-256 digests of `paths` (see digests), computed in a thread of its own."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hep-repro-hash")
    future = executor.submit(file_digests, paths)
    executor.shutdown(wait=False)  # the thread ends with the task
    return future


_NAMESPACES: dict[str, dict[str, Any]] = {}


def analysis_namespace(code: str) -> dict[str, Any]:
    """Execute trusted analysis code once per process (cached by content hash)."""
    key = hashlib.sha256(code.encode()).hexdigest()
    if key not in _NAMESPACES:
        namespace: dict[str, Any] = {"__name__": "hep_repro_analysis"}
        exec(compile(code, f"<analysis {key[:8]}>", "exec"), namespace)  # noqa: S102 - trusted compiled code
        _NAMESPACES[key] = namespace
    return _NAMESPACES[key]


def _run_in_executor(
    code: str,
    files: list[str],
    executor: Any,
    options: dict[str, Any],
    events_path: Path | None,
    timeout: float,
) -> AnalysisResult:
    names = [Path(f).name for f in files]
    if len(set(names)) != len(names):
        raise RunError("data files given to the sandbox must have distinct names")
    # a sandboxed kernel writes the events file into its work folder (its current directory);
    # the host then moves it to events_path
    work_dir = getattr(executor, "work_dir", None)
    inner_path = None
    if events_path is not None:
        inner_path = f"{uuid.uuid4().hex}.events.parquet" if work_dir is not None else str(events_path)
    body = code.split(MAIN_GUARD, 1)[0]
    driver = (
        f"\n\n_files = [DATA_FILES[name] for name in {names!r}]\n"
        f"_result = run(_files, events_path={inner_path!r}, **{options!r})\n"
        f"for _info, _host in zip(_result['files'], {files!r}):\n"
        "    _info['path'] = _host\n"
        "set_result(_result)\n"
    )
    outcome = executor.run(body + driver, files=files, timeout=timeout)
    if not outcome.ok or outcome.result is None:
        error = outcome.error.render() if outcome.error is not None else outcome.summary()
        raise RunError(f"the analysis failed in the executor ({outcome.status}): {error}")
    result = AnalysisResult.model_validate(outcome.result)
    if result.events_file is not None and events_path is not None and work_dir is not None:
        shutil.move(Path(work_dir) / str(inner_path), events_path)
        result.events_file.path = str(events_path)
    return result


# -- Dask ---------------------------------------------------------------------------------------
def process_partition(code: str, events: Any, entry_start: int, detail: bool) -> dict[str, Any]:
    """Worker side: the compiled `process()` on one partition (code executed once per worker)."""
    return analysis_namespace(code)["process"](events, entry_start, detail=detail)


def _run_on_dask(
    code: str, files: list[str], scheduler: str, options: dict[str, Any], events_path: Path | None
) -> AnalysisResult:
    import dask
    import uproot
    from distributed import Client, LocalCluster

    namespace = analysis_namespace(code)
    namespace["use_fast_inflate"]()  # for the local cluster's threads (remote workers read with zlib)
    start = time.perf_counter()
    infos, tasks = [], []
    for path in files:
        tree = namespace["open_tree"](path)
        info = {"path": path, "schema_name": namespace["SCHEMA"], "entries": 0, "is_mc": False}
        info["sha256"] = namespace["file_sha256"](path)
        infos.append(info)
        if tree is None or tree.num_entries == 0:
            continue
        namespace["check_branches"](tree, path)
        info["entries"] = int(tree.num_entries)
        array = uproot.dask(
            {path: namespace["TREE"]}, filter_name=namespace["BRANCHES"], step_size=options["step_size"]
        )
        divisions = array.divisions
        for k, partition in enumerate(array.to_delayed()):
            entry_start = int(divisions[k]) if divisions and divisions[k] is not None else 0
            tasks.append(dask.delayed(process_partition)(code, partition, entry_start, options["detail"]))
    if scheduler == "dask":
        cluster = LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
        client = Client(cluster)
    else:
        cluster, client = None, Client(scheduler)
    accumulator = namespace["Accumulator"](
        None if events_path is None else str(events_path), options["progress"]
    )
    try:
        # partition summaries are added in order as they arrive: the client holds one at a time
        for future in client.compute(tasks) if tasks else []:
            accumulator.add(future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return AnalysisResult.model_validate(accumulator.result(infos, time.perf_counter() - start))


# -- plots --------------------------------------------------------------------------------------
def save_plots(result: AnalysisResult, out_dir: str | Path) -> dict[str, str]:
    """PNG plots of the result's histograms in ATLAS style (mplhep); returns name -> path and
    records them in `result.images`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import mplhep
    import numpy as np

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    images: dict[str, str] = {}
    with plt.style.context(mplhep.style.ATLAS):
        for histogram in result.histograms:
            figure, axes = plt.subplots(figsize=(7, 5))
            counts = np.asarray(histogram.counts)
            errors = np.sqrt(np.asarray(histogram.variances)) if histogram.variances is not None else None
            mplhep.histplot(
                counts,
                np.asarray(histogram.edges),
                yerr=errors,
                histtype="errorbar",
                color="black",
                label="selected",
                ax=axes,
            )
            axes.set_xlabel(histogram.label or histogram.name)
            axes.set_ylabel("Events / bin")
            axes.legend()
            mplhep.atlas.text("Open Data", ax=axes, loc=1)
            path = out / f"{histogram.name}.png"
            figure.savefig(path, dpi=100)
            plt.close(figure)
            images[histogram.name] = str(path)
    result.images.update(images)
    return images
