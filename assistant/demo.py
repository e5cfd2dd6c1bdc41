"""`make demo` / `python -m assistant.demo`: hep-repro's main job end to end, on the embedded default.

    python -m assistant.demo [--quick] [--out DIR] [--events N] [--seed S] [--llm-budget SECONDS]

Stages (each prints a readable report and writes its files into DIR, default out/demo):
  1. data      the real Open Data files (2025e period D, 2020 A–D, CMS tutorial) found through
               corpus.opendata (a missing file is reported, the rest goes on), plus synthetic
               2025e and 2020 samples; per file: schema, events, lepton multiplicities, flavour
               channels of the four-lepton events
  2. extract   the example papers rendered to PDF; the selection of hzz4l.pdf mined
               deterministically (twice: byte-identical) and scored against the gold list; the
               embedded SmolLM2 model starts its extraction run in the background
  3. analysis  the selection compiled per schema (analysis-*.py, analysis.ipynb), run on the real
               and synthetic files, the hand-written baseline run on the same files, compared
               event by event; cutflow table and m4ℓ plots
  4. wrong cut a deliberately wrong m12 window (40–106 GeV): compare names the first divergent step
  5. LLM       (not with --quick) the model's extraction: grounded vs unsupported proposals, proof
               that no unsupported cut reaches compiled code, score against the gold list
  6. chat      a scripted conversation with the agent (slash commands; one free-text question
               through the embedded llama.cpp server unless --quick)
The last lines are a verdict per comparison (`VERDICT <name>: identical|different ...`) and
summary.md / summary.json. Exit code 0 when every stage ran (whatever the comparisons say),
1 when a stage crashed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path("out") / "demo"
SYNTH_EVENTS = 100_000
SYNTH_2020_EVENTS = 5_000
SEED = 2025
WRONG_CUT = ("z1.mass", {"low": 40.0, "high": 106.0})
WRONG_CUT_TEXT = "m12 window 40–106 GeV instead of 50–106 GeV"
CHAT_QUESTION = "what are the lepton pT thresholds?"
CHAT_TOOLS = ["search_corpus"]  # the one tool the question needs: a short prompt for a small model
CONSOLE_REPLY_LINES = 24
LLM_BUDGET_S = 600.0  # wall-clock budget of the LLM extraction (it runs beside stages 3 and 4)
LLM_CALL_TIMEOUT_S = 600.0
CHAT_CALL_TIMEOUT_S = 90.0  # per chat model call; a working answer takes < 10 s

# (dataset tag, registry sample names) of the real files; the first file decides the schema
REAL_DATASETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("2025e-data", ("atlas-2025e-data15-periodD",)),
    ("2020-data", tuple(f"atlas-2020-data-{p}" for p in "ABCD")),
    ("cms-tutorial", ("cms-hep-tutorial-hzz",)),
)
ANALYSED = ("2025e-data", "2020-data", "synth-2025e", "synth-2020")  # the baseline covers ATLAS schemas


class DemoError(RuntimeError):
    """A demo stage cannot go on (its input is missing because an earlier stage failed)."""


# -- reporting ------------------------------------------------------------------------------------
@dataclass
class Report:
    """Prints as it goes and keeps every line for summary.md."""

    lines: list[str] = field(default_factory=list)
    stages: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    verdicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def heading(self, title: str) -> None:
        self.say()
        self.say("=" * 100)
        self.say(title)
        self.say("=" * 100)

    def block(self, text: str, limit: int | None = None) -> None:
        rows = text.rstrip().splitlines()
        shown = rows if limit is None or len(rows) <= limit else rows[:limit]
        for row in shown:
            self.say("  " + row)
        if len(shown) < len(rows):
            self.say(f"  … ({len(rows) - len(shown)} more lines in the files)")

    @contextmanager
    def stage(self, name: str, title: str) -> Iterator[None]:
        """Run one stage: a crash is reported with its traceback and recorded, not raised."""
        self.heading(title)
        started = time.perf_counter()
        try:
            yield
            self.stages.setdefault(name, "ok")
        except Exception as err:  # a crashed stage is reported; the next stages still run
            self.stages[name] = f"CRASHED: {type(err).__name__}: {err}"
            self.say(f"!! stage {name} crashed: {type(err).__name__}: {err}")
            self.block(traceback.format_exc(), limit=30)
        finally:
            self.timings[name] = round(time.perf_counter() - started, 1)
            self.say(f"[{name}: {self.stages.get(name)} in {self.timings[name]:.1f} s]")

    def crashed(self) -> list[str]:
        return [name for name, status in self.stages.items() if status.startswith("CRASHED")]


@dataclass
class Dataset:
    tag: str
    files: list[Path]
    description: str
    synthetic: bool = False


@dataclass
class Demo:
    out: Path
    quick: bool
    events: int
    seed: int
    report: Report = field(default_factory=Report)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    papers: dict[str, Path] = field(default_factory=dict)
    references: Path | None = None
    selection: Any = None  # the miner's Selection
    llm_selection: Any = None
    model: Any = None  # the embedded ChatModel (None with --quick or when it could not start)
    background: BackgroundExtraction | None = None
    llm_budget: float = 0.0
    results: dict[str, Any] = field(default_factory=dict)
    baselines: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str = "") -> None:
        self.report.say(text)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- 1. data --------------------------------------------------------------------------------------
def lepton_counts(path: Path, schema_name: str, tree: str) -> tuple[Any, Any]:
    """Electrons and muons per event (numpy arrays), read the way the schema stores them: a shared
    lepton list told apart by a flavour branch, or one collection per flavour."""
    import awkward as ak
    import numpy as np
    import uproot

    from corpus.schema import load

    schema = load(schema_name)
    counts = []
    with uproot.open(path) as handle:
        events = handle[tree]
        for obj in ("electron", "muon"):
            collection = schema.collection(obj)
            if collection is None:
                counts.append(np.zeros(events.num_entries, dtype=np.int64))
                continue
            if collection.flavour_branch:
                flavour = events[collection.flavour_branch].array(library="ak")
                counts.append(ak.to_numpy(ak.sum(abs(flavour) == collection.flavour, axis=1)))
                continue
            fields = schema.fields.get(collection.prefix, {})
            source = fields.get("charge") or next(iter(fields.values()))
            counts.append(ak.to_numpy(ak.num(events[source.branch].array(library="ak"), axis=1)))
    return counts[0].astype(np.int64), counts[1].astype(np.int64)


def summarise_file(path: Path) -> dict[str, Any]:
    """Schema, entries, lepton multiplicity distribution and flavour channels of the 4ℓ events."""
    import numpy as np

    from corpus.schema import detect

    match = detect(path)
    info: dict[str, Any] = {
        "file": path.name,
        "path": str(path),
        "schema": match.name,
        "tree": match.tree,
        "events": match.entries,
        "energy_unit": match.energy_unit,
        "warnings": list(match.warnings),
    }
    if match.name is None or match.tree is None:
        return info
    electrons, muons = lepton_counts(path, match.name, match.tree)
    leptons = electrons + muons
    info["multiplicity"] = {str(n): int(np.sum(leptons == n)) for n in range(5)}
    info["multiplicity"]["5+"] = int(np.sum(leptons >= 5))
    four = leptons == 4
    info["channels_4l"] = {
        "4e": int(np.sum(four & (electrons == 4))),
        "4mu": int(np.sum(four & (muons == 4))),
        "2e2mu": int(np.sum(four & (electrons == 2))),
        "3+1": int(np.sum(four & ((electrons == 1) | (electrons == 3)))),
    }
    return info


def _summary_rows(summaries: list[dict[str, Any]]) -> list[str]:
    header = (
        f"{'file':44s} {'schema':13s} {'events':>7s} | leptons/event: "
        f"{'0':>5s} {'1':>5s} {'2':>5s} {'3':>5s} {'4':>7s} {'5+':>5s} | 4ℓ events: "
        f"{'4e':>6s} {'4μ':>6s} {'2e2μ':>6s} {'3+1':>5s}"
    )
    rows = [header, "-" * len(header)]
    for s in summaries:
        if "error" in s:
            rows.append(f"{_short(s['file'], 44):44s} UNREADABLE: {_short(s['error'], 100)}")
            continue
        if "multiplicity" not in s:
            rows.append(
                f"{_short(s['file'], 44):44s} {'(unknown)':13s} {s['events']:>7d} | schema not recognised"
            )
            continue
        m, c = s["multiplicity"], s["channels_4l"]
        rows.append(
            f"{_short(s['file'], 44):44s} {s['schema']:13s} {s['events']:>7d} | {'':15s}"
            f"{m['0']:>5d} {m['1']:>5d} {m['2']:>5d} {m['3']:>5d} {m['4']:>7d} {m['5+']:>5d} | {'':11s}"
            f"{c['4e']:>6d} {c['4mu']:>6d} {c['2e2mu']:>6d} {c['3+1']:>5d}"
        )
    return rows


def stage_data(demo: Demo) -> None:
    from corpus import opendata, synth

    found: list[Path] = []
    for tag, names in REAL_DATASETS:
        files = []
        for name in names:
            try:
                files.append(opendata.resolve(name))
            except opendata.OpenDataError as err:  # missing or corrupt: say so and go on
                demo.say(f"NOT AVAILABLE {name}: {err}")
        if files:
            missing = len(names) - len(files)
            note = f" ({missing} of {len(names)} files missing)" if missing else ""
            demo.datasets[tag] = Dataset(tag, files, f"real Open Data{note}")
            found.extend(files)
    demo.say(f"real files found: {len(found)} (searched {', '.join(str(d) for d in _data_dirs())})")

    for schema, tag, events in (
        ("atlas-2025e", "synth-2025e", demo.events),
        ("atlas-2020", "synth-2020", min(demo.events, SYNTH_2020_EVENTS)),
    ):
        started = time.perf_counter()
        path = synth.write(demo.out / f"{tag}.root", schema, events=events, seed=demo.seed)
        sidecar = json.loads(path.with_name(path.name + ".json").read_text())
        classes = ", ".join(f"{k} {v}" for k, v in sidecar["class_counts"].items())
        demo.say(
            f"synthetic {schema}: {events} events, seed {demo.seed}, {time.perf_counter() - started:.1f} s "
            f"-> {path.name} (classes: {classes})"
        )
        demo.datasets[tag] = Dataset(tag, [path], f"synthetic {schema}, seed {demo.seed}", synthetic=True)

    summaries = []
    for dataset in demo.datasets.values():
        for path in dataset.files:
            try:
                summaries.append(summarise_file(path))
            except (OSError, ValueError) as err:  # an unreadable file is reported, the others go on
                summaries.append(
                    {"file": path.name, "path": str(path), "error": f"{type(err).__name__}: {err}"}
                )
    demo.say()
    for row in _summary_rows(summaries):
        demo.say(row)
    for s in summaries:
        for warning in s.get("warnings", []):
            demo.say(f"warning {s['file']}: {warning}")
    demo.say(
        "(leptons = electrons + muons as stored; 4ℓ channels count events with exactly four leptons; "
        "3+1 = three of one flavour: no two SFOS pairs)"
    )
    (demo.out / "data-summary.json").write_text(json.dumps(summaries, indent=1))
    demo.report.facts["data"] = summaries


def _data_dirs() -> list[Path]:
    from assistant import config

    return config.data_dirs()


# -- 2. extraction --------------------------------------------------------------------------------
def _cut_rows(selection: Any) -> list[str]:
    rows = []
    for cut in selection.cuts:
        evidence = cut.evidence[0] if cut.evidence else None
        where = f"p.{evidence.page} “{_short(evidence.quote, 60)}”" if evidence else "(no evidence)"
        flags = f" [{', '.join(cut.flags)}]" if cut.flags else ""
        rows.append(f"{cut.id:28s} {_short(cut.describe(), 46):46s} {cut.status:15s} {where}{flags}")
    return rows


def _score_line(name: str, selection: Any) -> str:
    from assistant.extract.score import score
    from corpus.papers import load_gold

    s = score(selection, load_gold("hzz4l"))
    line = (
        f"{name}: recall {s.recall:.2f} ({s.matched}/{s.gold} gold cuts), precision {s.precision:.2f} "
        f"({s.predicted} predicted), grounded {s.grounded_fraction:.2f}"
    )
    if s.missing:
        line += f"; missing: {', '.join(m.split(':')[0] for m in s.missing)}"
    if s.spurious:
        line += f"; not in gold: {', '.join(m.split(':')[0] for m in s.spurious)}"
    return line


def stage_extract(demo: Demo) -> None:
    from assistant.extract import extract
    from corpus.papers import references_dir, render_all

    folder = demo.out / "papers"
    started = time.perf_counter()
    demo.papers = render_all(folder)
    demo.references = references_dir(folder)
    cited = sorted(p.name for p in demo.references.glob("*.pdf")) if demo.references.is_dir() else []
    demo.say(
        f"rendered {', '.join(p.name for p in demo.papers.values())} into {folder} "
        f"(references/: {', '.join(cited) or 'none'}) in {time.perf_counter() - started:.1f} s"
    )

    paper = demo.papers["hzz4l"]
    first = extract(paper, references=demo.references, llm=None)
    second = extract(paper, references=demo.references, llm=None)
    demo.selection = first.selection
    (demo.out / "selection.json").write_text(first.selection.to_json())
    (demo.out / "extraction-miner.json").write_text(first.model_dump_json(indent=1))
    same = first.selection.to_json() == second.selection.to_json()
    statuses: dict[str, int] = {}
    for cut in first.selection.cuts:
        statuses[cut.status] = statuses.get(cut.status, 0) + 1
    demo.say(
        f"deterministic miner on {paper.name} (+ references): {len(first.selection.cuts)} cuts in "
        f"{first.duration_s:.1f} s ({', '.join(f'{v} {k}' for k, v in statuses.items())}); "
        f"second run byte-identical: {'yes' if same else 'NO'}"
    )
    for message in first.messages:
        demo.say(f"note: {message}")
    demo.say()
    for row in _cut_rows(first.selection):
        demo.say("  " + row)
    demo.say()
    demo.say(_score_line("miner vs gold", first.selection))
    demo.report.facts["miner"] = {"cuts": len(first.selection.cuts), "deterministic": same}
    if not demo.quick:
        demo.background = BackgroundExtraction(paper, demo.references).start()
        demo.say(
            "started the embedded SmolLM2 model and the LLM-assisted extraction in the background (stage 5)"
        )


class BackgroundExtraction:
    """The LLM-assisted extraction, run in a thread while the analysis stages use the other core
    (llama.cpp's server works on its own cores; this thread mostly waits for HTTP answers).
    `wait(budget)` stops the server when the budget is exceeded: the calls still open then fail
    and are reported as errors of the extraction, never hidden."""

    def __init__(self, paper: Path, references: Path | None) -> None:
        import threading

        self.paper, self.references = paper, references
        self.model: Any = None
        self.report: Any = None
        self.error: BaseException | None = None
        self.started = time.perf_counter()
        self.model_ready_s: float | None = None
        self.stopped_early = False
        self._thread = threading.Thread(target=self._work, name="llm-extraction", daemon=True)

    def start(self) -> BackgroundExtraction:
        self._thread.start()
        return self

    def _work(self) -> None:
        from assistant.extract import extract
        from assistant.llm import open_chat_model

        try:
            self.model = open_chat_model("embedded", timeout=LLM_CALL_TIMEOUT_S, max_retries=0)
            self.model_ready_s = time.perf_counter() - self.started
            self.report = extract(self.paper, references=self.references, llm=self.model)
        except BaseException as err:  # handed to the stage that reports it
            self.error = err

    def wait(self, budget_s: float) -> None:
        remaining = budget_s - (time.perf_counter() - self.started)
        self._thread.join(max(remaining, 0.0))
        if self._thread.is_alive():
            self.stopped_early = True
            if self.model is not None:
                self.model.close()  # open calls fail now; extract() records them and finishes
            self._thread.join(120)
        if self._thread.is_alive():
            raise DemoError("the LLM extraction did not stop after its server was shut down")
        if self.error is not None:
            raise self.error


def stage_llm_extract(demo: Demo) -> None:
    """One extraction run with the embedded SmolLM2 model (started in the background after the
    miner stage): what it proposed, what was grounded, and proof that nothing unsupported
    reaches compiled code."""
    from assistant.compile import compile_selection

    if demo.selection is None or demo.background is None:
        raise DemoError("the extraction stage did not produce the papers and the miner selection")
    job = demo.background
    if job._thread.is_alive():
        demo.say(f"waiting for the model (running for {time.perf_counter() - job.started:.0f} s) …")
    job.wait(demo.llm_budget)
    report = job.report
    demo.model = None if job.stopped_early else job.model
    if job.model_ready_s is not None:
        demo.say(f"embedded model {job.model.name} ready after {job.model_ready_s:.1f} s")
    if job.stopped_early:
        demo.say(
            f"!! the LLM extraction exceeded its budget of {demo.llm_budget:.0f} s (a slow or busy machine): "
            "its server was stopped; what it answered before is reported below, and the chat runs without a model"
        )
    demo.llm_selection = report.selection
    (demo.out / "selection-llm.json").write_text(report.selection.to_json())
    (demo.out / "extraction-llm.json").write_text(report.model_dump_json(indent=1))
    calls = [c for c in job.model.calls if c.purpose.startswith("extract")]
    demo.say(
        f"model calls: {len(calls)} ({sum(c.ok for c in calls)} answered), prompt tokens "
        f"{sum(c.usage.prompt_tokens for c in calls)}, completion tokens {sum(c.usage.completion_tokens for c in calls)}, "
        f"{sum(c.duration_s for c in calls):.0f} s in calls"
    )

    miner_ids = {c.id for c in demo.selection.cuts}
    proposed = sorted({cut_id for run in report.run_keys for cut_id in run})
    cuts = report.selection.cuts
    confirmed = [c for c in cuts if c.votes > 0 and c.id in miner_ids and "conflict" not in c.flags]
    conflicts = [c for c in cuts if "conflict" in c.flags]
    model_only = [c for c in cuts if c.id not in miner_ids]
    grounded_new = [c for c in model_only if "unsupported" not in c.flags]
    unsupported = report.unsupported
    demo.say(
        f"LLM-assisted extraction: {report.duration_s:.1f} s, {report.tokens} tokens; the model proposed "
        f"{len(proposed)} distinct cut ids ({len(report.rejected)} more answers rejected by validation, "
        f"{len(report.errors)} call errors)"
    )
    demo.say(
        f"  the same requirement as a grounded miner cut (vote added, the miner's quote kept): {len(confirmed)}"
    )
    demo.say(
        f"  new and grounded (quote found in the paper, value in the quote): {len(grounded_new)}"
        + (f" -> {', '.join(c.id for c in grounded_new)}" if grounded_new else "")
    )
    demo.say(
        f"  contradicting a grounded miner cut (the miner's value kept, flagged 'conflict'): {len(conflicts)}"
    )
    demo.say(
        f"  unsupported (quote not in the paper or without the value; never compiled): {len(unsupported)}"
    )
    for cut in unsupported[:10]:
        demo.say(f"    - {cut.id}: {_short(cut.describe(), 60)}")
    if not proposed:
        demo.say(
            "  the model proposed no cut: the selection is the miner's grounded cuts, each flagged possibly-missed "
            "(a 135M model is smoke-test grade; `hep-repro extract --llm URL` uses a capable server)"
        )
    demo.say(
        f"  miner cuts the model did not produce (flagged possibly-missed): {len(report.possibly_missed)}"
    )
    for error in report.errors[:3]:
        demo.say(f"  model error: {_short(error, 150)}")

    compiled = compile_selection(report.selection, "atlas-2025e")
    leaked = [c.id for c in cuts if not c.compilable and c.id in compiled.steps]
    unsupported_in_selection = [c.id for c in cuts if "unsupported" in c.flags]
    miner_steps = compile_selection(demo.selection, "atlas-2025e").steps
    demo.say(
        f"compiled the LLM-assisted selection for atlas-2025e: {len(compiled.steps) - 1} steps; "
        f"unsupported cuts in the compiled code: {len(leaked)} "
        + ("(none reach it: confirmed)" if not leaked else f"LEAKED: {leaked}")
        + f"; {len(unsupported_in_selection)} unsupported cuts kept in the selection only as flagged, non-compilable entries"
    )
    demo.say(
        "compiled steps identical to the miner's: "
        + (
            "yes"
            if compiled.steps == miner_steps
            else f"no (extra: {sorted(set(compiled.steps) - set(miner_steps))}, "
            f"missing: {sorted(set(miner_steps) - set(compiled.steps))})"
        )
    )
    demo.say(_score_line("LLM-assisted vs gold", report.selection))
    demo.report.facts["llm_extraction"] = {
        "model": report.model,
        "tokens": report.tokens,
        "proposed_ids": len(proposed),
        "grounded_agreeing": len(confirmed),
        "grounded_new": len(grounded_new),
        "conflicts": len(conflicts),
        "unsupported": len(unsupported),
        "rejected": len(report.rejected),
        "unsupported_in_compiled_code": leaked,
    }
    if leaked:
        raise DemoError(f"unsupported cuts reached the compiled code: {leaked}")


# -- 3. compile, run, compare ---------------------------------------------------------------------
def verdict_line(name: str, comparison: Any) -> str:
    """The one-line verdict the demo prints (and the demo test parses)."""
    if comparison.identical:
        return f"VERDICT {name}: identical"
    return f"VERDICT {name}: different (first divergent step: {comparison.first_divergent_step or 'none'})"


def _record_verdict(demo: Demo, name: str, comparison: Any, result_file: str, baseline_file: str) -> None:
    demo.report.verdicts[name] = {
        "identical": comparison.identical,
        "first_divergent_step": comparison.first_divergent_step,
        "result": result_file,
        "baseline": baseline_file,
        "selected_result": comparison.selected_result,
        "selected_baseline": comparison.selected_baseline,
    }
    (demo.out / f"compare-{name}.txt").write_text(comparison.render() + "\n")
    (demo.out / f"compare-{name}.json").write_text(json.dumps(comparison.to_json(), indent=1))


def _move_plots(result: Any, folder: Path, out: Path, tag: str) -> list[Path]:
    from assistant.runner import save_plots

    moved = []
    for name, path in save_plots(result, folder).items():
        target = out / f"{name}-{tag}.png"
        shutil.move(path, target)
        result.images[name] = str(target)
        moved.append(target)
    shutil.rmtree(folder, ignore_errors=True)
    return moved


def overlay_plot(result: Any, baseline: Any, name: str, path: Path, title: str) -> Path | None:
    """One histogram of the compiled result (points) over the baseline's (line), ATLAS style."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import mplhep
    import numpy as np

    ours = next((h for h in result.histograms if h.name == name), None)
    theirs = next((h for h in baseline.histograms if h.name == name), None)
    if ours is None or theirs is None:
        return None
    with plt.style.context(mplhep.style.ATLAS):
        figure, axes = plt.subplots(figsize=(7, 5))
        mplhep.histplot(np.asarray(theirs.counts), np.asarray(theirs.edges), histtype="step",
                        color="tab:blue", label="hand-written baseline", ax=axes)  # fmt: skip
        errors = np.sqrt(np.asarray(ours.variances)) if ours.variances is not None else None
        mplhep.histplot(np.asarray(ours.counts), np.asarray(ours.edges), yerr=errors, histtype="errorbar",
                        color="black", label="compiled from the paper", ax=axes)  # fmt: skip
        axes.set_xlabel(ours.label or name)
        axes.set_ylabel("Events / bin (weighted)")
        axes.set_title(title, fontsize=11, loc="right")
        axes.legend()
        mplhep.atlas.text("Open Data", ax=axes, loc=1)
        figure.savefig(path, dpi=100)
        plt.close(figure)
    return path


def analyse(demo: Demo, dataset: Dataset) -> tuple[Any, Any, Any]:
    """Compile for the dataset's schema and branches, run the written code, run the baseline,
    compare. Returns (compiled, result, comparison)."""
    from assistant.baseline import run_baseline
    from assistant.compare import compare
    from assistant.compile import compile_selection
    from assistant.runner import run_analysis
    from corpus.schema import detect

    tag, files = dataset.tag, dataset.files
    match = detect(files[0])
    if match.name is None:
        raise DemoError(f"{files[0]}: no known schema ({'; '.join(match.warnings)})")
    compiled = compile_selection(
        demo.selection, match.name, branches=[b.name for b in match.branches], source=files[0].name
    )
    code_path = compiled.write(demo.out / f"analysis-{tag}.py")
    result = run_analysis(code_path, files, schema=match.name)
    _move_plots(result, demo.out / f".plots-{tag}", demo.out, tag)
    result.save(demo.out / f"result-{tag}.json")
    baseline = run_baseline(files)
    baseline.save(demo.out / f"baseline-{tag}.json")
    comparison = compare(result, baseline)
    _record_verdict(demo, tag, comparison, f"result-{tag}.json", f"baseline-{tag}.json")
    overlay_plot(
        result, baseline, "m4l", demo.out / f"m4l-vs-baseline-{tag}.png", f"{tag}: {dataset.description}"
    )
    demo.results[tag], demo.baselines[tag] = result, baseline
    demo.say(
        f"{tag:12s} {match.name:12s} {len(files)} file(s), {result.events_processed:>7d} events: "
        f"compiled {result.duration_s:5.2f} s, baseline {baseline.duration_s:5.2f} s, "
        f"selected {comparison.selected_result} vs {comparison.selected_baseline} -> "
        + ("identical" if comparison.identical else f"DIFFERENT at {comparison.first_divergent_step}")
    )
    return compiled, result, comparison


def cutflow_table(tags: list[str], results: dict[str, Any], baselines: dict[str, Any]) -> list[str]:
    """Events after each step per dataset; `≠b` marks a count that differs from the baseline."""
    steps: list[str] = []
    for tag in tags:
        for step in results[tag].steps:
            if step not in steps:
                steps.append(step)
    width = max(13, *(len(t) + 2 for t in tags))
    header = f"{'step':28s}" + "".join(f"{t:>{width}s}" for t in tags)
    rows = [header, "-" * len(header)]
    for step in steps:
        cells = []
        for tag in tags:
            r = {row.step: row.events for row in results[tag].cutflow}
            b = {row.step: row.events for row in baselines[tag].cutflow}
            if step not in r:
                cells.append(f"{'n/a':>{width}s}")
                continue
            mark = "" if b.get(step) == r[step] else (" ≠b" if step in b else " (r)")
            cells.append(f"{str(r[step]) + mark:>{width}s}")
        rows.append(f"{step:28s}" + "".join(cells))
    weighted = []
    for tag in tags:
        last = results[tag].cutflow[-1]
        weighted.append(f"{last.weighted:>{width}.4g}")
    rows.append(f"{'weighted (last step)':28s}" + "".join(weighted))
    return rows


def stage_analysis(demo: Demo) -> None:
    from assistant.notebook import write_notebook

    if demo.selection is None:
        raise DemoError("no selection: the extraction stage failed")
    tags = [t for t in ANALYSED if t in demo.datasets]
    missing = [t for t in ANALYSED if t not in demo.datasets]
    if missing:
        demo.say(f"not analysed (no files): {', '.join(missing)}")
    compiled_by_tag = {}
    failures = []
    for tag in tags:
        try:
            compiled_by_tag[tag], _, _ = analyse(demo, demo.datasets[tag])
        except Exception as err:  # one dataset failing does not hide the others
            failures.append(f"{tag}: {type(err).__name__}: {err}")
            demo.say(f"!! {tag} failed: {type(err).__name__}: {err}")
    if not compiled_by_tag:
        raise DemoError("no dataset could be analysed: " + "; ".join(failures))

    main = next(t for t in ("2025e-data", "synth-2025e", *compiled_by_tag) if t in compiled_by_tag)
    compiled = compiled_by_tag[main]
    shutil.copyfile(demo.out / f"analysis-{main}.py", demo.out / "analysis.py")
    write_notebook(
        compiled, demo.selection, demo.out / "analysis.ipynb", [str(f) for f in demo.datasets[main].files]
    )
    demo.say()
    demo.say(
        f"analysis.py / analysis.ipynb: the code compiled for {main} ({compiled.schema}), "
        f"{len(compiled.code.splitlines())} lines, {len(compiled.steps) - 1} steps; each cut's code quotes its evidence"
    )
    schemas_seen = set()
    for tag, item in compiled_by_tag.items():
        if item.schema in schemas_seen:
            continue
        schemas_seen.add(item.schema)
        demo.say(f"not applicable on {item.schema} ({tag}):")
        for na in item.not_applicable:
            demo.say(f"  - {na.cut}: {_short(na.reason, 110)}")

    done = [t for t in tags if t in demo.results]
    demo.say()
    demo.say("cutflow of the compiled analysis (events after each step; ≠b = differs from the baseline):")
    for row in cutflow_table(done, demo.results, demo.baselines):
        demo.say("  " + row)
    demo.say()
    for tag in done:
        images = ", ".join(Path(p).name for p in demo.results[tag].images.values())
        demo.say(f"plots {tag}: {images}")
        verdict = demo.report.verdicts[tag]
        if not verdict["identical"]:
            demo.say(f"comparison {tag} (see compare-{tag}.txt):")
            demo.report.block((demo.out / f"compare-{tag}.txt").read_text(), limit=CONSOLE_REPLY_LINES)
    if failures:
        raise DemoError("; ".join(failures))


# -- 4. a deliberately wrong cut ------------------------------------------------------------------
def stage_wrong_cut(demo: Demo) -> None:
    from assistant.compare import compare
    from assistant.runner import run_analysis

    if demo.selection is None or not demo.baselines:
        raise DemoError("needs the selection and the baseline results of the analysis stage")
    cut_id, changes = WRONG_CUT
    wrong = demo.selection.patched(cut_id, changes, message=f"deliberately wrong: {WRONG_CUT_TEXT}")
    (demo.out / "selection-wrong.json").write_text(wrong.to_json())
    demo.say(f"changed {cut_id}: {demo.selection.get(cut_id).describe()}  ->  {wrong.get(cut_id).describe()}")
    for tag in [t for t in ("synth-2025e", "2020-data", "2025e-data") if t in demo.baselines]:
        result = run_analysis(wrong, demo.datasets[tag].files)
        name = f"wrong-{tag}"
        result.save(demo.out / f"result-{name}.json")
        comparison = compare(result, demo.baselines[tag])
        _record_verdict(demo, name, comparison, f"result-{name}.json", f"baseline-{tag}.json")
        found = comparison.first_divergent_step
        if comparison.identical:
            demo.say(f"{tag}: identical — the wider window changes no event of this file")
            continue
        expected = "as expected" if found == cut_id else f"UNEXPECTED (expected {cut_id})"
        demo.say(
            f"{tag}: first divergent step {found} ({expected}); {comparison.n_only_in_result} events kept only "
            f"by the wrong analysis, {comparison.n_only_in_baseline} only by the baseline"
        )
        for event in comparison.only_in_result[:3]:
            values = " ".join(
                f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in event.values.items()
            )
            demo.say(
                f"    run {event.runNumber} event {event.eventNumber}: baseline fails {event.baseline_failed_at} "
                f"{values}".rstrip()
            )


# -- 5. chat --------------------------------------------------------------------------------------
def chat_script(quick: bool) -> list[str]:
    """The scripted turns: ask (not with --quick; first, so the model's prompt holds no long
    history), show, run and compare the wrong selection, fix the cut (which re-runs and shows
    the cutflow change), compare again."""
    script = [CHAT_QUESTION, "/show", "/run", "/compare", "/set z1.mass between 50 106", "/compare"]
    return [turn for turn in script if not (quick and not turn.startswith("/"))]


def stage_chat(demo: Demo) -> None:
    from assistant.agent import Agent
    from assistant.store import Store

    if demo.selection is None:
        raise DemoError("no selection to talk about: the extraction stage failed")
    data = demo.datasets.get("2020-data") or demo.datasets.get("synth-2025e")
    if data is None:
        raise DemoError("no data files for the chat")
    store_path = demo.out / "chat.sqlite"
    store_path.unlink(missing_ok=True)
    index = None if demo.quick else _paper_index(demo)
    chat_llm = None
    if demo.model is not None:  # the embedded server, with a shorter per-call timeout for the chat
        from assistant.llm import ChatModel

        chat_llm = ChatModel(
            demo.model.base_url, demo.model.model, timeout=CHAT_CALL_TIMEOUT_S, max_retries=0
        )
    transcript: list[str] = []
    with Store(store_path) as store:
        agent = Agent(store, index=index, llm=chat_llm, tools=CHAT_TOOLS, max_steps=2, max_tokens=160)
        session = agent.new_session(
            "demo", paper=str(demo.papers["hzz4l"]), data=[str(f) for f in data.files]
        )
        cut_id, changes = WRONG_CUT
        start = demo.selection.patched(cut_id, changes, message=f"start of the chat: {WRONG_CUT_TEXT}")
        store.save_selection(session, start)
        demo.say(
            f"session {session}: paper hzz4l.pdf, data {data.tag} ({len(data.files)} files), "
            f"model: {chat_llm.name if chat_llm else 'none (slash commands only)'}, "
            f"index: {'the paper and its reference' if index is not None else 'none'}; "
            f"the session starts from the wrong selection ({WRONG_CUT_TEXT}) and fixes it"
        )
        for message in chat_script(demo.quick):
            started = time.perf_counter()
            reply = agent.respond(session, message)
            seconds = time.perf_counter() - started
            demo.say()
            demo.say(f"you> {message}")
            tools_used = [e.text for e in reply.events if e.kind == "tool_call"]
            meta = [f"{seconds:.1f} s"]
            if tools_used:
                meta.append("tools: " + "; ".join(_short(t, 60) for t in tools_used))
            if reply.usage.total_tokens:
                meta.append(f"{reply.usage.total_tokens} tokens")
            if reply.citations:
                meta.append(f"{len(reply.citations)} citations")
            demo.say(f"hep-repro> [{', '.join(meta)}]")
            demo.report.block(reply.text or "(empty reply)", limit=CONSOLE_REPLY_LINES)
            transcript += [f"you> {message}", "", f"hep-repro> [{', '.join(meta)}]", reply.text, ""]
            if reply.diff:
                transcript.append("changes: " + "; ".join(reply.diff))
            if not message.startswith("/") and index is not None:
                transcript += _retrieved(demo, index, message)
        versions = store.selection_versions(session)
        runs = store.runs(session, "compiled")
        final = store.selection(session)
        demo.say()
        demo.say(
            f"session saved in {store_path.name}: {len(versions)} selection versions, {len(runs)} runs; "
            f"final {cut_id}: {final.get(cut_id).describe() if final else '?'}"
        )
        with _suppress_report(demo, "export of the session"):
            bundle = store.export(session, demo.out / "chat-bundle")
            demo.say(f"reproducible bundle of the session: {bundle}")
    if index is not None:
        index.close()
    if chat_llm is not None:
        chat_llm.close()  # its own HTTP client only: the server belongs to the extraction's model
    (demo.out / "chat-transcript.md").write_text("# Scripted chat\n\n" + "\n".join(transcript) + "\n")


def _retrieved(demo: Demo, index: Any, question: str, k: int = 3) -> list[str]:
    """What retrieval alone finds for the question (the passages a model would cite)."""
    lines = [f"(retrieval alone, index.search, top {k}:)"]
    for evidence in index.search(question, k=k):
        lines.append(f"  p.{evidence.page} [{evidence.id}] “{_short(evidence.text, 150)}”")
    demo.say("  " + lines[0])
    for line in lines[1:]:
        demo.say("  " + line)
    return lines + [""]


@contextmanager
def _suppress_report(demo: Demo, what: str) -> Iterator[None]:
    try:
        yield
    except Exception as err:  # optional extras: report, do not fail the stage
        demo.say(f"({what} failed: {type(err).__name__}: {err})")


def _paper_index(demo: Demo) -> Any:
    """A fresh retrieval index of the paper and its reference in DIR/index (None if it cannot be built)."""
    try:
        from index import Index  # type: ignore[attr-defined]

        folder = demo.out / "index"
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        index = Index.open(folder)
        index.ingest([demo.papers["hzz4l"]], references_dir=demo.references)
        demo.say(
            f"indexed hzz4l.pdf and its reference in {time.perf_counter() - started:.1f} s ({len(index)} chunks)"
        )
        return index
    except Exception as err:  # the chat still works with slash commands
        demo.say(f"(no retrieval index: {type(err).__name__}: {err})")
        return None


# -- summary --------------------------------------------------------------------------------------
def write_summary(demo: Demo, started: float) -> None:
    report = demo.report
    total = time.perf_counter() - started
    summary = {
        "quick": demo.quick,
        "events": demo.events,
        "seed": demo.seed,
        "stages": report.stages,
        "timings_s": report.timings,
        "total_s": round(total, 1),
        "verdicts": report.verdicts,
        "facts": report.facts,
        "datasets": {t: [str(f) for f in d.files] for t, d in demo.datasets.items()},
    }
    (demo.out / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
    lines = [
        "# hep-repro demo",
        "",
        f"Total {total:.0f} s{' (--quick: no language model)' if demo.quick else ''}. Files in this folder:",
        "selection*.json, analysis.py, analysis.ipynb, result-*.json, baseline-*.json, compare-*.txt, "
        "*.png, chat-transcript.md, summary.json.",
        "",
        "## Stages",
        "",
        *[
            f"- {name}: {status} ({report.timings.get(name, 0):.1f} s)"
            for name, status in report.stages.items()
        ],
        "",
        "## Comparisons with the hand-written baseline",
        "",
        *[
            f"- {name}: {'identical' if v['identical'] else 'different, first divergent step ' + str(v['first_divergent_step'])}"
            f" ({v['selected_result']} vs {v['selected_baseline']} selected)"
            for name, v in report.verdicts.items()
        ],
        "",
        "## Console log",
        "",
        "```",
        *report.lines,
        "```",
        "",
    ]
    (demo.out / "summary.md").write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the language-model parts")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--events", type=int, default=SYNTH_EVENTS, help="synthetic 2025e events")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the synthetic samples")
    parser.add_argument(
        "--llm-budget", type=float, default=LLM_BUDGET_S, help="seconds allowed for the LLM extraction"
    )
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # a terminated demo still stops the llama.cpp server it started (finally blocks and atexit run)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    demo = Demo(out=out, quick=args.quick, events=args.events, seed=args.seed, llm_budget=args.llm_budget)
    started = time.perf_counter()
    demo.say(f"hep-repro demo -> {out.resolve()}{'  (--quick: no language model)' if args.quick else ''}")

    stages: list[tuple[str, str, Callable[[Demo], None]]] = [
        ("data", "1. Data: real Open Data files and synthetic samples", stage_data),
        ("extract", "2. Paper -> selection (deterministic miner)", stage_extract),
        (
            "analysis",
            "3. Selection -> compiled code -> run -> compare with the hand-written baseline",
            stage_analysis,
        ),
        ("wrong_cut", f"4. A deliberately wrong cut ({WRONG_CUT_TEXT})", stage_wrong_cut),
    ]
    if not args.quick:
        stages.append(
            ("llm_extract", "5. LLM-assisted extraction with the embedded SmolLM2 model", stage_llm_extract)
        )
    stages.append(("chat", f"{len(stages) + 1}. A scripted chat with the agent", stage_chat))
    try:
        for name, title, function in stages:
            with demo.report.stage(name, title):
                function(demo)
    finally:
        for model in {
            id(m): m for m in (demo.model, demo.background and demo.background.model) if m
        }.values():
            model.close()

    demo.report.heading("Summary")
    for name, status in demo.report.stages.items():
        demo.say(f"stage {name:12s} {status} ({demo.report.timings.get(name, 0):.1f} s)")
    for name, verdict in demo.report.verdicts.items():
        demo.say(verdict_line(name, _Verdict(verdict)))
    demo.say(f"total {time.perf_counter() - started:.0f} s; report and files in {out}")
    write_summary(demo, started)
    crashed = demo.report.crashed()
    if crashed:
        demo.say(f"stages that crashed: {', '.join(crashed)} (exit code 1)")
        return 1
    return 0


@dataclass
class _Verdict:
    """The attributes `verdict_line` reads, from a recorded verdict."""

    data: dict[str, Any]

    @property
    def identical(self) -> bool:
        return bool(self.data["identical"])

    @property
    def first_divergent_step(self) -> str | None:
        return self.data["first_divergent_step"]


if __name__ == "__main__":
    sys.exit(main())
