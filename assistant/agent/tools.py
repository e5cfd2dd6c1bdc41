"""The agent's tools: JSON-schema specs for the model and the functions behind them.

Every tool takes a `Session` (store, session id, index, llm, executor) and a dict of validated
arguments, and returns a `ToolOutput`: text for the model (document text inside evidence
delimiters), plus structured fields the UI shows (new selection version, diff, result summary,
retrieved evidence). Failures raise `ToolError` subclasses whose messages say what to do; the
agent sends them back to the model verbatim.

Slash commands call the same functions, so `/set` and the model's `update_cut` share one path.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from assistant.agent.prompts import NO_INDEX
from assistant.result import AnalysisResult
from assistant.selection import (
    Channel,
    Cut,
    Flavour,
    ObjectName,
    Op,
    Selection,
    SelectionError,
    Unit,
    Variable,
    diff,
)

if TYPE_CHECKING:
    from assistant.store import Store
    from corpus.document import Evidence

MAX_TOOL_TEXT = 6000
MAX_EVIDENCE_PER_SESSION = 400


class ToolError(RuntimeError):
    """A tool could not do what was asked; the message (prefixed by the class name) goes back
    to the model or the user."""

    def render(self) -> str:
        return f"{type(self).__name__}: {self}"


class NoSelectionError(ToolError):
    """The session has no selection yet."""


class NoDataError(ToolError):
    """No data files were given or found."""


class NotAvailableError(ToolError):
    """A pipeline stage (module) is not installed or not configured."""


class CutEditError(ToolError):
    """A cut patch was rejected by the Selection model."""


class RunFailedError(ToolError):
    """Compiling or running the analysis failed."""


@dataclass
class Event:
    """Progress shown while a turn runs (tool calls, results, errors, new versions, runs)."""

    kind: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class ToolOutput:
    text: str
    events: list[Event] = field(default_factory=list)
    selection_version: int | None = None
    diff: list[str] = field(default_factory=list)
    result_summary: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Session:
    """What a tool may touch: one session's store rows and the shared services."""

    store: Store
    id: str
    index: Any = None
    llm: Any = None
    executor: Any = None  # sandbox for model-written code (run_code)
    analysis_executor: Any = (
        None  # for compiled code; None = in-process (trusted: compiled from a validated selection)
    )
    extraction_llm: Any = None  # the extraction model has no tools (prompt-injection defence)
    code_attempts: int = 0

    @property
    def state(self) -> dict[str, Any]:
        return self.store.state(self.id)

    def selection(self) -> Selection:
        selection = self.store.selection(self.id)
        if selection is None:
            raise NoSelectionError(
                "the session has no selection yet: call extract_selection (or /extract PDF) first"
            )
        return selection

    def remember_evidence(self, evidence: list[Evidence]) -> None:
        """Record evidence handed to the model or user: answers may cite only these ids."""
        known: dict[str, Any] = dict(self.state.get("evidence", {}))
        for item in evidence:
            known[item.id] = item.model_dump(mode="json")
        if len(known) > MAX_EVIDENCE_PER_SESSION:
            known = dict(list(known.items())[-MAX_EVIDENCE_PER_SESSION:])
        self.store.update_state(self.id, evidence=known)

    def known_evidence(self) -> dict[str, Evidence]:
        from corpus.document import Evidence

        return {k: Evidence.model_validate(v) for k, v in self.state.get("evidence", {}).items()}


# -- helpers --------------------------------------------------------------------------------
def _quoted_title(text: str, limit: int = 100) -> str:
    """A document-derived title as one short quoted line (it is data, not an instruction)."""
    line = " ".join(text.replace("<", "‹").replace(">", "›").split())
    return '"' + (line if len(line) <= limit else line[:limit] + "…") + '"'


def _plain(text: str) -> str:
    """Without ANSI colour codes (kernel tracebacks are coloured)."""
    import re

    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


def _clip(text: str, limit: int = MAX_TOOL_TEXT) -> str:
    return text if len(text) <= limit else text[:limit] + f"\n… ({len(text) - limit} more characters)"


def evidence_block(item: Evidence) -> str:
    """Document text as a delimited data block (index.answer's format; cannot be forged)."""
    from index.answer import evidence_block as block

    return block(item)


def _require(module: str, attribute: str) -> Any:
    import importlib

    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as err:
        raise NotAvailableError(
            f"{module}.{attribute} is not available in this installation ({err})"
        ) from err


def resolve_files(session: Session, files: list[str] | None) -> list[Path]:
    """Paths of the files to run on: the given names/paths, else the session's data files."""
    names = [str(f) for f in (files or session.state.get("data_files") or [])]
    if not names:
        raise NoDataError("no data files: pass files to run (e.g. a .root path) or set them with /data FILE")
    paths = []
    for name in names:
        path = Path(name).expanduser()
        if path.is_file():
            paths.append(path.resolve())
            continue
        try:
            resolve = _require("corpus.opendata", "resolve")
            paths.append(Path(resolve(name)))
        except NotAvailableError:
            raise NoDataError(f"data file {name!r} not found; give a path to a .root file") from None
        except Exception as err:
            known = ", ".join(session.state.get("data_files") or []) or "none set"
            raise NoDataError(f"data file {name!r} not found ({err}); session data files: {known}") from err
    return paths


def session_schema(session: Session, files: list[Path]) -> Any:
    """The schema the tools use for `files`: the session's (checked against the first file), else
    the detected one (the session's schema files tried first). A file no schema matches raises
    NoSchemaError saying how to describe it; never a silent default (assistant/agent/schemas.py)."""
    from assistant.agent import schemas

    return schemas.resolve(session, files)


def cutflow_table(result: AnalysisResult) -> str:
    lines = [f"{'step':<28} {'events':>9}"]
    lines += [f"{row.step:<28} {row.events:>9}" for row in result.cutflow]
    return "\n".join(lines)


def cutflow_diff(before: AnalysisResult, after: AnalysisResult) -> list[str]:
    """Rows 'step  before -> after (delta)' for steps whose counts changed, in the new order;
    steps present on one side only are marked."""
    old = {row.step: row.events for row in before.cutflow}
    new = {row.step: row.events for row in after.cutflow}
    lines = []
    for row in after.cutflow:
        if row.step not in old:
            lines.append(f"{row.step:<28} (new)  -> {row.events:>7}")
        elif old[row.step] != row.events:
            delta = row.events - old[row.step]
            lines.append(f"{row.step:<28} {old[row.step]:>7} -> {row.events:>7} ({delta:+d})")
    lines += [f"{step:<28} {count:>7} -> (removed)" for step, count in old.items() if step not in new]
    return lines


def summarise_result(result: AnalysisResult) -> str:
    final = result.cutflow[-1].events if result.cutflow else 0
    initial = result.cutflow[0].events if result.cutflow else 0
    text = f"{final} of {initial} events selected ({len(result.steps)} steps, {result.duration_s:.1f} s)"
    if result.not_applicable:
        text += "; not applicable here: " + ", ".join(n.cut for n in result.not_applicable)
    return text


# -- the tools ------------------------------------------------------------------------------
def search_corpus(session: Session, args: dict[str, Any]) -> ToolOutput:
    if session.index is None:
        raise NotAvailableError(NO_INDEX)
    query = str(args["query"]).strip()
    if not query:
        raise ToolError("query is empty: say what to look for, e.g. 'lepton pT thresholds'")
    k = int(args.get("k") or 5)
    evidence = list(session.index.search(query, k=max(1, min(k, 10))))
    session.remember_evidence(evidence)
    if not evidence:
        return ToolOutput(text=f"No passage matches {query!r}.")
    text = "\n\n".join(evidence_block(e) for e in evidence)
    events = [Event("evidence", f"{len(evidence)} passages for {query!r}", {"ids": [e.id for e in evidence]})]
    return ToolOutput(text=_clip(text, 9000), events=events, evidence=evidence)


def extract_selection(session: Session, args: dict[str, Any]) -> ToolOutput:
    extract = _require("assistant.extract", "extract")
    paper = args.get("paper") or session.state.get("paper")
    if not paper:
        raise ToolError("no paper in this session: pass paper=<path to the PDF> or start with --paper")
    if not Path(paper).is_file():
        raise ToolError(f"paper {paper!r} not found")
    started = time.monotonic()
    references = session.state.get("references")
    try:
        report = extract([Path(paper)], references=references, llm=session.extraction_llm)
    except (ValueError, OSError) as err:  # typed reader/extraction errors carry their advice
        raise ToolError(f"extraction from {Path(paper).name} failed: {type(err).__name__}: {err}") from err
    before = session.store.selection(session.id)
    stored = session.store.save_selection(
        session.id, report.selection, message=f"extracted from {Path(paper).name}"
    )
    session.store.update_state(session.id, paper=str(paper))
    evidence = _cut_evidence(stored)
    session.remember_evidence(evidence)
    lines = [
        f"Extracted selection v{stored.version}: {len(stored.cuts)} cuts in {time.monotonic() - started:.1f} s"
    ]
    lines += [_cut_line(c) for c in stored.cuts]
    unsupported = getattr(report, "unsupported", None) or []
    if unsupported:
        lines.append(f"Unsupported (not compiled until accepted): {len(unsupported)}")
    changes = diff(before, stored) if before is not None else []
    return ToolOutput(
        text=_clip("\n".join(lines)),
        events=[
            Event(
                "selection",
                f"selection v{stored.version} ({len(stored.cuts)} cuts)",
                {"version": stored.version},
            )
        ],
        selection_version=stored.version,
        diff=changes,
        evidence=evidence,
    )


def _cut_line(cut: Cut) -> str:
    pages = sorted({e.page for e in cut.evidence})
    where = f" p.{','.join(map(str, pages))}" if pages else ""
    ids = [e.evidence_id for e in cut.evidence if e.evidence_id]
    cite = f" [{ids[0]}]" if ids else ""
    flags = f" ({', '.join(cut.flags)})" if cut.flags else ""
    return f"- {cut.id}: {cut.describe()} — {cut.status}{flags}{where}{cite}"


def _cut_evidence(selection: Selection) -> list[Evidence]:
    """Evidence records of the cuts' quotes (so answers may cite them)."""
    from corpus.document import Evidence

    titles = {d.id: d.title for d in selection.documents if d.title}
    out = []
    for cut in selection.cuts:
        for ev in cut.evidence:
            if ev.evidence_id:
                out.append(
                    Evidence(
                        id=ev.evidence_id,
                        document=ev.document,
                        title=titles.get(ev.document, ev.document),
                        page=ev.page,
                        start=ev.start or 0,
                        end=ev.end or 0,
                        text=ev.quote,
                    )  # fmt: skip
                )
    return out


def show_selection(session: Session, args: dict[str, Any]) -> ToolOutput:
    selection = session.selection()
    head = f"Selection v{selection.version}" + (
        f" of {_quoted_title(selection.title)}" if selection.title else ""
    )
    if selection.message:
        head += f" (last change: {_quoted_title(selection.message)})"
    lines = [head, *(_cut_line(c) for c in selection.cuts)]
    evidence = _cut_evidence(selection)  # the quotes' ids may be cited from now on
    session.remember_evidence(evidence)
    return ToolOutput(
        text=_clip("\n".join(lines), 9000), selection_version=selection.version, evidence=evidence
    )


def explain_cut(session: Session, args: dict[str, Any]) -> ToolOutput:
    selection = session.selection()
    try:
        cut = selection.get(str(args["cut_id"]))
    except SelectionError as err:
        raise CutEditError(str(err)) from err
    lines = [
        f"{cut.id}: {cut.describe()}",
        f"status: {cut.status}" + (f"; flags: {', '.join(cut.flags)}" if cut.flags else ""),
    ]
    if cut.note:
        lines.append(f"note: {cut.note}")
    evidence = _cut_evidence(selection.model_copy(update={"cuts": [cut]}))
    session.remember_evidence(evidence)
    lines += [evidence_block(e) for e in evidence]
    lines += [f"(unlinked quote, p. {e.page}) {e.quote}" for e in cut.evidence if not e.evidence_id]
    if not cut.evidence:
        lines.append("No quote supports this cut (it is assumed or was added by the user).")
    return ToolOutput(text=_clip("\n".join(lines)), evidence=evidence)


def _dependence(data: dict[str, Any]) -> dict[str, Any]:
    knots = data.get("knots") or []
    parsed = []
    for knot in knots:
        if isinstance(knot, dict):
            parsed.append((float(knot["x"]), float(knot["y"])))
        else:
            x, y = knot
            parsed.append((float(x), float(y)))
    return {
        "variable": data.get("variable", "m4l"),
        "applies_to": data.get("applies_to", "low"),
        "knots": parsed,
        "unit": data.get("unit", "GeV"),
    }


def apply_cut_patch(selection: Selection, args: dict[str, Any]) -> Selection:
    """The new selection after a structured patch (raises CutEditError when invalid)."""
    action = args.get("action") or "set"
    cut_id = str(args.get("cut_id") or "")
    reason = str(args.get("reason") or "")
    try:
        if action == "remove":
            return selection.without_cut(cut_id, message=reason or f"removed {cut_id}")
        if action == "add":
            spec = {k: v for k, v in (args.get("cut") or {}).items() if v is not None}
            if "depends_on" in spec and spec["depends_on"] is not None:
                spec["depends_on"] = _dependence(spec["depends_on"])
            spec.setdefault("status", "assumed")
            spec["flags"] = sorted(set(spec.get("flags") or []) | {"user-edit"})
            if cut_id and "id" not in spec:
                spec["id"] = cut_id
            cut = Cut.model_validate(spec)
            if cut.id in {c.id for c in selection.cuts}:
                raise CutEditError(f"a cut {cut.id!r} already exists: use action 'set' to change it")
            return selection.with_cut(cut, message=reason or f"added {cut.id}")
        if action != "set":
            raise CutEditError(f"unknown action {action!r}: use 'set', 'add' or 'remove'")
        changes: dict[str, Any] = {}
        for name in ("op", "value", "low", "high", "labels", "unit", "status"):
            if args.get(name) is not None:
                changes[name] = args[name]
        if "depends_on" in args:
            changes["depends_on"] = _dependence(args["depends_on"]) if args["depends_on"] else None
        if not changes:
            raise CutEditError("nothing to change: give op/value/low/high/labels or depends_on")
        if changes.get("op") and changes["op"] not in ("between", "outside"):
            changes.setdefault("low", None)
            changes.setdefault("high", None)
        return selection.patched(cut_id, changes, message=reason)
    except CutEditError:
        raise
    except (SelectionError, ValueError, TypeError, KeyError) as err:
        raise CutEditError(f"rejected: {err}") from err


def update_cut(session: Session, args: dict[str, Any]) -> ToolOutput:
    session.selection()  # a clear error when there is nothing to edit yet
    # read-patch-append under the store's lock: two concurrent edits both land
    selection, stored = session.store.edit_selection(
        session.id, lambda current: apply_cut_patch(current, args)
    )
    changes = diff(selection, stored)
    text = [f"Selection v{stored.version} (was v{selection.version}):", *changes]
    output = ToolOutput(
        text="\n".join(text),
        events=[
            Event(
                "selection", f"selection v{stored.version}: {'; '.join(changes)}", {"version": stored.version}
            )
        ],
        selection_version=stored.version,
        diff=changes,
    )
    if args.get("rerun", True) and session.store.latest_run(session.id, "compiled") is not None:
        rerun = run(session, {"files": None})
        output.text += "\n\n" + rerun.text
        output.events += rerun.events
        output.result_summary = rerun.result_summary
    return output


def compile_for(session: Session, selection: Selection, files: list[Path], schema: Any) -> tuple[Any, int]:
    """Compile `selection` for `schema` and store the code: (CompiledAnalysis, code id). With files,
    exactly the code a run over them executes (cuts needing branches the first file lacks are out)."""
    try:
        if files:
            compiled = _require("assistant.runner", "compile_for_files")(selection, files, schema)
        else:
            compiled = _require("assistant.compile", "compile_selection")(selection, schema)
    except NotAvailableError:
        raise
    except Exception as err:
        raise RunFailedError(
            f"compiling selection v{selection.version} for {schema.name} failed: {err}"
        ) from err
    code_id = session.store.save_code(
        session.id, compiled.code, kind="compiled", selection_version=selection.version
    )
    return compiled, code_id


def compile_code(session: Session, args: dict[str, Any]) -> ToolOutput:
    selection = session.selection()
    from assistant.agent import schemas

    files = []
    with contextlib.suppress(NoDataError):
        files = resolve_files(session, args.get("files"))
    note = ""
    if files or schemas.setting(session):
        schema = session_schema(session, files).schema
    else:
        schema = schemas.load_ref(schemas.DEFAULT_WITHOUT_DATA)
        note = (
            f"\n(no data file and no session schema: compiled for {schema.name}; "
            "set the data with /data FILE or the layout with /schema NAME|FILE.json)"
        )
    compiled, code_id = compile_for(session, selection, files, schema)
    not_applicable = getattr(compiled, "not_applicable", []) or []
    na = ", ".join(getattr(n, "cut", str(n)) for n in not_applicable)
    text = (
        f"Compiled selection v{selection.version} for {schema.name}: {len(compiled.code.splitlines())} lines, steps: "
        + ", ".join(str(s) for s in getattr(compiled, "steps", []))
        + note
    )
    if na:
        text += f"\nNot applicable to this schema: {na}"
    return ToolOutput(
        text=_clip(text),
        events=[Event("code", f"compiled v{selection.version}", {"code_id": code_id})],
        selection_version=selection.version,
    )


def run(session: Session, args: dict[str, Any]) -> ToolOutput:
    """Run the current selection on files; after an earlier run, show the cutflow diff."""
    selection = session.selection()
    files = resolve_files(session, args.get("files"))
    run_analysis = _require("assistant.runner", "run_analysis")
    previous = session.store.latest_run(session.id, "compiled")
    started = time.monotonic()
    try:
        schema = session_schema(session, files).schema
    except ToolError as err:  # no schema for the file, or a broken file: a failed run, as on screen
        session.store.save_run(
            session.id, kind="compiled", files=[str(f) for f in files], status="error", error=err.render(),
            selection_version=selection.version, duration_s=time.monotonic() - started,
        )  # fmt: skip
        raise
    code, code_id = None, None
    try:
        with contextlib.suppress(NotAvailableError):
            compiled, code_id = compile_for(session, selection, files, schema)
            code = compiled.code
        # the stored code is what runs: the run's code_id names exactly the code that made the result
        result: AnalysisResult = run_analysis(
            code if code is not None else selection,
            [str(f) for f in files],
            schema=schema,
            executor=session.analysis_executor,
            events_path=session.store.new_events_path(session.id, "compiled"),
        )
    except Exception as err:
        session.store.save_run(
            session.id, kind="compiled", files=[str(f) for f in files], status="error", error=str(err),
            selection_version=selection.version, code_id=code_id, duration_s=time.monotonic() - started,
        )  # fmt: skip
        if isinstance(err, RunFailedError):  # the compilation failed: its message says so
            raise
        raise RunFailedError(f"running selection v{selection.version} failed: {err}") from err
    session.store.save_run(
        session.id, kind="compiled", files=[str(f) for f in files], status="ok", result=result,
        selection_version=selection.version, code_id=code_id, duration_s=time.monotonic() - started,
    )  # fmt: skip
    session.store.update_state(session.id, data_files=[str(f) for f in files])
    summary = summarise_result(result)
    lines = [
        f"Ran selection v{selection.version} on {', '.join(f.name for f in files)} ({schema.name}): {summary}",
        cutflow_table(result),
    ]
    events = [Event("run", summary, {"version": selection.version})]
    if previous is not None and previous.result is not None and previous.files == [str(f) for f in files]:
        changed = cutflow_diff(previous.result, result)
        header = f"Cutflow change vs the previous run (selection v{previous.selection_version} -> v{selection.version}):"
        lines += ["", header, *(changed or ["(no step changed)"])]
        events.append(Event("cutflow_diff", "\n".join(changed) or "no change", {"rows": changed}))
        summary += "\n" + header + "\n" + ("\n".join(changed) or "(no step changed)")
    return ToolOutput(
        text=_clip("\n".join(lines)),
        events=events,
        selection_version=selection.version,
        result_summary=summary,
    )


def compare_with_baseline(session: Session, args: dict[str, Any]) -> ToolOutput:
    files = resolve_files(session, args.get("files"))
    names = [str(f) for f in files]
    latest = session.store.latest_run(session.id, "compiled")
    if latest is None or latest.files != names or latest.selection_version != session.selection().version:
        run(session, {"files": names})
        latest = session.store.latest_run(session.id, "compiled")
    assert latest is not None and latest.result is not None
    baseline_run = next(
        (r for r in reversed(session.store.runs(session.id, "baseline")) if r.files == names and r.result),
        None,
    )
    if baseline_run is None:
        run_baseline = _require("assistant.baseline", "run_baseline")
        started = time.monotonic()
        try:
            baseline: AnalysisResult = run_baseline(
                names, events_path=session.store.new_events_path(session.id, "baseline")
            )
        except Exception as err:
            from assistant.baseline import SUPPORTED

            raise RunFailedError(
                f"the baseline failed on {', '.join(f.name for f in files)}: {err} (the hand-written "
                f"baseline reads only the built-in layouts {', '.join(SUPPORTED)}; /run still works with "
                "the session's schema)"
            ) from err
        session.store.save_run(
            session.id,
            kind="baseline",
            files=names,
            status="ok",
            result=baseline,
            duration_s=time.monotonic() - started,
        )
    else:
        assert baseline_run.result is not None
        baseline = baseline_run.result
    compare = _require("assistant.compare", "compare")
    comparison = compare(latest.result, baseline)
    # the producer names the selection by its title, which is paper text: keep it out of the prompt
    comparison.result_producer = f"compiled selection v{latest.selection_version}"
    rendered = comparison.render()
    first = first_divergent_step(comparison)
    text = rendered
    if first:
        selection = session.selection()
        try:
            cut = selection.get(first)
            text = f"First divergent cut: {first} ({cut.describe()}, {cut.status}).\n\n" + rendered
        except SelectionError:
            text = f"First divergent step: {first}.\n\n" + rendered
    identical = bool(getattr(comparison, "identical", False))
    summary = (
        "identical to the baseline, event by event"
        if identical
        else f"differs from the baseline; first divergent step: {first}"
    )
    return ToolOutput(
        text=_clip(text),
        events=[Event("compare", summary, {"first_divergent": first, "identical": identical})],
        result_summary=summary,
    )


def first_divergent_step(comparison: Any) -> str | None:
    for name in ("first_divergent_step", "first_divergent", "first_divergence"):
        value = getattr(comparison, name, None)
        if value:
            return str(getattr(value, "step", value))
    return None


def inspect_data(session: Session, args: dict[str, Any]) -> ToolOutput:
    from assistant.agent import schemas

    [path] = resolve_files(session, [args["file"]])
    lines = [f"{path.name} ({path.stat().st_size / 1e6:.1f} MB)"]
    match = schemas.detect(session, path)
    lines.append(f"schema: {match.name or 'unknown'}; tree: {match.tree or '?'}; entries: {match.entries}")
    current = schemas.setting(session)
    if current and match.name != current["name"]:
        lines.append(
            f"the session schema {current['name']} does not describe this file (/schema auto to detect)"
        )
    elif current:
        lines.append("(the session schema)")
    if match.name is None:
        lines.append(schemas.no_schema_message(path))
    if match.missing:
        lines.append(f"missing branches for that schema: {', '.join(map(str, match.missing))}")
    lines += [f"warning: {w}" for w in match.warnings if match.name]
    lines += [f"  {b.name}: {b.type}" for b in match.branches]
    return ToolOutput(text=_clip("\n".join(lines)))


MAX_CODE_ATTEMPTS = 3


def run_code(session: Session, args: dict[str, Any]) -> ToolOutput:
    """Free-form code, only ever in the sandboxed executor; errors go back to the model."""
    code = str(args["code"])
    if session.code_attempts >= MAX_CODE_ATTEMPTS:
        from assistant.agent.prompts import CODE_ATTEMPTS_EXHAUSTED

        raise ToolError(CODE_ATTEMPTS_EXHAUSTED.format(attempts=session.code_attempts))
    files = []
    if args.get("files") or session.state.get("data_files"):
        files = resolve_files(session, args.get("files"))
    executor = session.executor
    if executor is None or not getattr(executor, "sandboxed", True):
        get_executor = _require("assistant.sandbox", "get_executor")
        try:
            executor = get_executor("sandbox")
        except Exception as err:
            raise NotAvailableError(
                f"the sandbox is not available ({err}); free-form code is never run outside it"
            ) from err
        session.executor = executor
    code_id = session.store.save_code(session.id, code, kind="free")
    result = executor.run(code, files=[str(f) for f in files], timeout=int(args.get("timeout") or 60))
    status = getattr(result, "status", "error")
    ok = status == "ok"
    session.store.save_run(
        session.id, kind="code", files=[str(f) for f in files], status=status, code_id=code_id,
        error=_plain(getattr(result.error, "render", lambda: "")() if getattr(result, "error", None) else ""), duration_s=float(getattr(result, "duration_s", 0.0)),
    )  # fmt: skip
    if not ok:
        session.code_attempts += 1
    parts = [f"status: {status} (sandboxed: {getattr(result, 'sandboxed', '?')})"]
    for label in ("stdout", "stderr"):
        value = getattr(result, label, "")
        if value:
            parts.append(f"{label}:\n{_clip(_plain(str(value)), 2500)}")
    error = getattr(result, "error", None)
    if error is not None:
        rendered = error.render() if hasattr(error, "render") else str(error)
        parts.append("error:\n" + _clip(_plain(rendered)[-2500:], 2500))
    for note in getattr(result, "notes", None) or []:
        parts.append(f"note: {note}")
    if getattr(result, "result", None) is not None:
        import json

        parts.append("result: " + _clip(json.dumps(result.result, default=str), 2500))
    if not ok:
        parts.append(
            f"Fix the code and call run_code again ({MAX_CODE_ATTEMPTS - session.code_attempts} attempts left)."
        )
    return ToolOutput(
        text="\n".join(parts), events=[Event("code_run", f"run_code: {status}", {"code_id": code_id})]
    )


# -- specs shown to the model ---------------------------------------------------------------
ToolFunction = Callable[[Session, dict[str, Any]], ToolOutput]

# Every string a model fills in is bounded: servers that constrain tool arguments with a grammar
# built from these schemas (llama.cpp's function calling) generate arguments without the request's
# max_tokens, and a small model looping inside an unbounded string runs until its context is full.
_PATH = {"type": "string", "maxLength": 500}
_ID = {"type": "string", "maxLength": 80}
_FILES = {
    "type": "array",
    "items": _PATH,
    "description": "data file paths (default: the session's)",
}
_KNOTS = {
    "type": "array",
    "items": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    "description": "[[x, threshold], ...] e.g. [[140, 12], [190, 50]]",
}
_DEPENDS = {
    "type": "object",
    "properties": {
        "variable": {"type": "string", "enum": ["m4l", "mass", "pt"]},
        "applies_to": {"type": "string", "enum": ["low", "high", "value"]},
        "knots": _KNOTS,
    },
    "required": ["knots"],
}
_OP = {"type": "string", "enum": list(get_args(Op))}
_NEW_CUT = {  # the fields of a Cut a model may set (the rest are the tool's: status, flags, evidence)
    "type": "object",
    "description": "for action=add: object, variable, op, value or low/high, unit (and rank, labels, ...)",
    "properties": {
        "object": {"type": "string", "enum": list(get_args(ObjectName))},
        "variable": {"type": "string", "enum": list(get_args(Variable))},
        "op": _OP,
        "value": {"type": "number"},
        "low": {"type": "number"},
        "high": {"type": "number"},
        "unit": {"type": "string", "enum": list(get_args(Unit))},
        "rank": {"type": "integer", "minimum": 1, "maximum": 8},
        "labels": {"type": "array", "items": _ID},
        "flavour": {"type": "string", "enum": list(get_args(Flavour))},
        "channel": {"type": "string", "enum": list(get_args(Channel))},
        "depends_on": _DEPENDS,
        "note": {"type": "string", "maxLength": 300},
    },
    "required": ["object", "variable", "op"],
    "additionalProperties": False,
}
TOOL_PARAMETERS: dict[str, dict[str, Any]] = {
    "search_corpus": {
        "type": "object",
        "properties": {
            "query": {"type": "string", "maxLength": 200},
            "k": {"type": "integer", "minimum": 1, "maximum": 10},
        },
        "required": ["query"],
    },
    "extract_selection": {"type": "object", "properties": {"paper": _PATH}},
    "show_selection": {"type": "object", "properties": {}},
    "update_cut": {
        "type": "object",
        "properties": {
            "cut_id": {**_ID, "description": "e.g. z2.mass"},
            "action": {"type": "string", "enum": ["set", "add", "remove"]},
            "op": _OP,
            "value": {"type": "number"},
            "low": {"type": "number"},
            "high": {"type": "number"},
            "labels": {"type": "array", "items": _ID},
            "depends_on": _DEPENDS,
            "cut": _NEW_CUT,
            "reason": {"type": "string", "maxLength": 300},
            "rerun": {"type": "boolean"},
        },
        "required": ["cut_id"],
    },
    "compile": {"type": "object", "properties": {"files": _FILES}},
    "run": {"type": "object", "properties": {"files": _FILES}},
    "compare_with_baseline": {"type": "object", "properties": {"files": _FILES}},
    "inspect_data": {"type": "object", "properties": {"file": _PATH}, "required": ["file"]},
    "explain_cut": {"type": "object", "properties": {"cut_id": _ID}, "required": ["cut_id"]},
    "run_code": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},  # unbounded: code is long
            "files": _FILES,
            "timeout": {"type": "integer", "maximum": 300},
        },
        "required": ["code"],
    },
}
TOOL_DESCRIPTIONS = {
    "search_corpus": "Search the paper and references; returns passages with evidence ids and pages.",
    "extract_selection": "Extract the paper's event selection into structured cuts (new selection version).",
    "show_selection": "Show the current selection: cut ids, values, status, pages.",
    "update_cut": "Edit one cut (set op/value/low/high/labels, make a threshold depend on m4l via knots, add or remove a cut). Creates a new version, shows the diff and re-runs if data were run.",
    "compile": "Compile the current selection into analysis code.",
    "run": "Compile and run the current selection on data files; shows the cutflow and the change vs the previous run.",
    "compare_with_baseline": "Compare the selection's events with the hand-written baseline; names the first divergent cut.",
    "inspect_data": "Show a data file's schema, tree, entries and branches.",
    "explain_cut": "Show one cut with its quotes, pages and evidence ids.",
    "run_code": "Run free-form Python in the sandbox (no network); call set_result(obj) to return JSON.",
}
TOOLS: dict[str, ToolFunction] = {
    "search_corpus": search_corpus,
    "extract_selection": extract_selection,
    "show_selection": show_selection,
    "update_cut": update_cut,
    "compile": compile_code,
    "run": run,
    "compare_with_baseline": compare_with_baseline,
    "inspect_data": inspect_data,
    "explain_cut": explain_cut,
    "run_code": run_code,
}


def tool_specs(names: list[str] | None = None) -> list[dict[str, Any]]:
    """OpenAI `tools=` entries for the given (default: all) tools."""
    return [
        {
            "type": "function",
            "function": {"name": n, "description": TOOL_DESCRIPTIONS[n], "parameters": TOOL_PARAMETERS[n]},
        }
        for n in (names or list(TOOLS))
    ]


def validate_arguments(name: str, arguments: dict[str, Any]) -> None:
    """Check arguments against the tool's JSON schema (ValueError with the offending path)."""
    import jsonschema

    try:
        jsonschema.validate(arguments, TOOL_PARAMETERS[name])
    except jsonschema.ValidationError as err:
        path = "/".join(str(p) for p in err.absolute_path) or "(arguments)"
        raise ValueError(f"{path}: {err.message}") from None
