"""The Gradio chat: ask about a paper's selection, see the evidence, fix cuts in the chat or in
the table, run, and watch the cutflow and the comparison with the baseline change.

Every browser keeps its own store session (its id lives in the browser's local storage, so a
reload restores the conversation); edits made in the table go through the same slash commands
as the chat (`/set`, `/undo`), so they create selection versions exactly like chat edits.
Model output and document text are shown as escaped text, never as HTML.
"""

import html
import queue
import shutil
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant import config

MAX_UPLOAD_MB = 50
SELECTION_COLUMNS = [
    "id",
    "object",
    "variable",
    "op",
    "value",
    "low",
    "high",
    "unit",
    "status",
    "flags",
    "page",
    "quote",
]
EDITABLE_COLUMNS = ("op", "value", "low", "high")
CUTFLOW_COLUMNS = ["step", "events", "weighted", "one cut", "N-1"]


class UploadError(ValueError):
    """An uploaded file was refused; the message says why and what to upload instead."""


class TableEditError(ValueError):
    """An edit in the selection table cannot become a cut change; the message says what to fill in."""


class AgentThread:
    """Runs every agent call on one dedicated thread, in order.

    The local Qdrant index and its manifest must be used from the thread that opened them, and
    concurrent writes would corrupt them; so the agent is built and driven on this thread and
    turns from all browsers queue here (gradio's own queue bounds how many wait)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hep-repro-agent")

    def call(self, function: Callable[..., Any], *args: Any) -> Any:
        return self._pool.submit(function, *args).result()

    def stream(self, produce: Callable[[], Iterator[Any]]) -> Iterator[Any]:
        """Iterate `produce()` on the agent thread, yielding its items here as they come."""
        items: queue.Queue[Any] = queue.Queue()
        done = object()

        def pump() -> None:
            try:
                for item in produce():
                    items.put(item)
            except BaseException as err:  # re-raised on the caller's thread
                items.put(err)
            finally:
                items.put(done)

        self._pool.submit(pump)
        while (item := items.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class AppContext:
    """What every handler shares: the agent (store, index, model, executor), its thread, labels."""

    agent: Any
    backend: str
    sandboxed: bool
    default_data: list[str]
    thread: AgentThread

    @property
    def store(self) -> Any:
        return self.agent.store

    def close(self) -> None:
        """Stop the kernels, the language-model server and the agent thread."""
        for service in (self.agent.executor, self.agent.llm):
            if service is not None and hasattr(service, "close"):
                service.close()
        self.thread.close()


# -- helpers that turn store contents into what the components show ------------------------


def escape(text: str) -> str:
    """Model output is text: escape HTML so no markup or script from a paper or a model runs."""
    return html.escape(text or "", quote=False)


def chat_messages(ctx: AppContext, session_id: str) -> list[dict[str, Any]]:
    messages = []
    for item in ctx.agent.history(session_id):
        content = escape(item["content"])
        if item["role"] == "assistant" and item["data"].get("citations"):
            content += "\n\n" + escape("cited: " + ", ".join(item["data"]["citations"]))
        messages.append({"role": item["role"], "content": content})
    return messages


def selection_rows(ctx: AppContext, session_id: str) -> list[list[Any]]:
    selection = ctx.store.selection(session_id)
    if selection is None:
        return []
    rows = []
    for cut in selection.cuts:
        evidence = cut.evidence[0] if cut.evidence else None
        rows.append(
            [
                cut.id, cut.object, cut.variable, cut.op,
                _cell(cut.value if cut.op not in ("is", "any") else "|".join(cut.labels)),
                _cell(cut.low), _cell(cut.high), cut.unit, cut.status, ", ".join(cut.flags),
                evidence.page if evidence else "", (evidence.quote[:160] if evidence else ""),
            ]
        )  # fmt: skip
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def edit_commands(before: list[list[Any]], after: list[list[Any]]) -> list[str]:
    """The `/set` commands that turn the table `before` into `after` (editable columns only)."""
    index = {name: SELECTION_COLUMNS.index(name) for name in SELECTION_COLUMNS}
    old_rows = {str(row[0]): row for row in before}
    commands = []
    for row in after:
        cut_id = str(row[0]).strip()
        old = old_rows.get(cut_id)
        if old is None or not cut_id:
            continue
        changed = any(str(row[index[c]]).strip() != str(old[index[c]]).strip() for c in EDITABLE_COLUMNS)
        if not changed:
            continue
        op = str(row[index["op"]]).strip()
        if op in ("between", "outside"):
            values = [str(row[index["low"]]).strip(), str(row[index["high"]]).strip()]
        else:
            values = [str(row[index["value"]]).strip()]
        if any(not v or any(ch.isspace() for ch in v) for v in values):
            raise TableEditError(
                f"row {cut_id}: fill in {'low and high' if len(values) == 2 else 'value'} for op {op!r}"
            )
        commands.append(f"/set {cut_id} {op} {' '.join(values)}")
    return commands


def cutflow_rows(result: Any) -> list[list[Any]]:
    return [
        [row.step, row.events, round(row.weighted, 4), _cell(row.one_cut), _cell(row.n_minus_1)]
        for row in result.cutflow
    ]


def results_view(ctx: AppContext, session_id: str) -> tuple[list[list[Any]], str | None, str]:
    """Cutflow rows, an m4l plot and the comparison with the baseline, for the latest good run."""
    latest = ctx.store.latest_run(session_id, "compiled")
    if latest is None or latest.result is None:
        return [], None, "No run yet: ask to run the selection, or type /run."
    result = latest.result
    plot = _m4l_plot(result, session_id)
    lines = [f"Selection v{latest.selection_version} on {', '.join(Path(f).name for f in latest.files)}"]
    failed = ctx.store.runs(session_id, "compiled")
    if failed and failed[-1].status != "ok":
        lines.append(f"The last run failed: {failed[-1].error}. Showing the previous good run.")
    baseline = next(
        (r for r in reversed(ctx.store.runs(session_id, "baseline")) if r.files == latest.files and r.result),
        None,
    )
    if baseline is not None:
        from assistant.compare import compare

        lines.append(compare(result, baseline.result).render())
    else:
        lines.append("No baseline comparison yet: type /compare.")
    return cutflow_rows(result), plot, "\n\n".join(lines)


def _m4l_plot(result: Any, session_id: str) -> str | None:
    histogram = next((h for h in result.histograms if h.name == "m4l"), None)
    if histogram is None:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import mplhep

    plt.style.use(mplhep.style.ATLAS)
    figure, axes = plt.subplots(figsize=(6, 4.5))
    mplhep.histplot(
        histogram.counts, histogram.edges, ax=axes, histtype="errorbar", color="black", label="selected"
    )
    axes.set_xlabel(histogram.label or "m4l [GeV]")
    axes.set_ylabel("Events")
    axes.legend()
    out = config.home() / "ui" / session_id
    out.mkdir(parents=True, exist_ok=True)
    path = out / "m4l.png"
    figure.savefig(path, dpi=90, bbox_inches="tight")
    plt.close(figure)
    return str(path)


def code_view(ctx: AppContext, session_id: str) -> tuple[str, str | None, str | None]:
    record = ctx.store.latest_code(session_id, "compiled")
    if record is None:
        return "# no compiled code yet: type /code or /run", None, None
    out = config.home() / "ui" / session_id
    out.mkdir(parents=True, exist_ok=True)
    script = out / "analysis.py"
    script.write_text(record.code)
    notebook_path: str | None = None
    selection = ctx.store.selection(session_id, record.selection_version)
    if selection is not None:
        from assistant.notebook import code_notebook  # the notebook the export bundle writes

        notebook = out / "analysis.ipynb"
        notebook.write_text(code_notebook(record.code, selection))
        notebook_path = str(notebook)
    return record.code, str(script), notebook_path


@lru_cache(maxsize=8)
def _document(path: str) -> Any:
    from corpus.pdf import read_pdf

    return read_pdf(path)


def evidence_html(ctx: AppContext, session_id: str, cut_id: str | None = None) -> str:
    """The page text around each piece of evidence, the quote highlighted (all text escaped)."""
    quotes: list[tuple[str, int, str]] = []  # (heading, page, quote)
    selection = ctx.store.selection(session_id)
    if cut_id and selection is not None:
        cut = next((c for c in selection.cuts if c.id == cut_id), None)
        if cut is not None:
            quotes = [(f"{cut.id}: {cut.describe()} [{cut.status}]", e.page, e.quote) for e in cut.evidence]
    else:
        history = ctx.agent.history(session_id)
        last = next((m for m in reversed(history) if m["role"] == "assistant"), None)
        known = _known_evidence(ctx, session_id)
        for evidence_id in (last or {}).get("data", {}).get("citations", []):
            if evidence_id in known:
                ev = known[evidence_id]
                quotes.append((f"[{ev.id}] {ev.title or ev.document}", ev.page, ev.text))
    if not quotes:
        return "<p>Citations of the last answer, or the evidence of a selected cut, appear here.</p>"
    paper = ctx.store.state(session_id).get("paper")
    parts = []
    for heading, page, quote in quotes:
        parts.append(f"<h4>{escape(heading)} — page {page}</h4>")
        parts.append(_highlighted_page(paper, page, quote))
    return "\n".join(parts)


def _known_evidence(ctx: AppContext, session_id: str) -> dict[str, Any]:
    from assistant.agent.tools import Session

    session = Session(ctx.store, session_id, index=ctx.agent.index, llm=None, executor=None)
    return session.known_evidence()


def _highlighted_page(paper: str | None, page: int, quote: str) -> str:
    if not paper or not Path(paper).is_file():
        return f"<blockquote>{escape(quote)}</blockquote>"
    from corpus.text import find_quote

    document = _document(paper)
    found = find_quote(document, quote, page=page) or find_quote(document, quote)
    if found is None:
        return f"<blockquote>{escape(quote)}</blockquote><p><em>quote not found in the page text</em></p>"
    number, start, end = found
    text = document.page(number).text
    lo, hi = max(0, start - 600), min(len(text), end + 600)
    return (
        "<div class='page-text'>…"
        + escape(text[lo:start])
        + "<mark>"
        + escape(text[start:end])
        + "</mark>"
        + escape(text[end:hi])
        + "…</div>"
    )


def session_choices(ctx: AppContext) -> list[tuple[str, str]]:
    choices = []
    for info in ctx.store.sessions()[:50]:
        label = f"{info.title or 'untitled'} · {info.messages} messages · {info.id[:8]}"
        choices.append((label, info.id))
    return choices


def status_line(ctx: AppContext, session_id: str) -> str:
    state = ctx.store.state(session_id) if session_id else {}
    paper = Path(state["paper"]).name if state.get("paper") else "no paper"
    data = ", ".join(Path(f).name for f in state.get("data_files") or []) or "no data"
    execution = (
        "sandboxed (bubblewrap kernel)" if ctx.sandboxed else "NOT sandboxed (trusted compiled code only)"
    )
    setting = state.get("schema") or {}
    schema = setting.get("name") or "auto (detected per file)"
    return (
        f"**LLM:** {escape(ctx.backend)} · **execution:** {execution} · **paper:** {escape(paper)} · "
        f"**data:** {escape(data)} · **schema:** {escape(schema)}"
    )


def store_reference(session_id: str, upload: str) -> Path:
    """Keep an uploaded cited paper in the session's references folder, named by the arXiv id
    printed on its first page (how the extractor finds "the criteria of Ref. [12]")."""
    import re

    from corpus.references import cache_file_name, normalise_arxiv_id

    document = _checked_pdf(Path(upload))
    first_page = document.pages[0].text if document.pages else ""
    arxiv_id = next(
        (
            found
            for token in re.findall(r"arXiv:\s*\S+", first_page)
            if (found := normalise_arxiv_id(token.replace(" ", "")))
        ),
        None,
    )
    folder = references_folder(session_id)
    target = folder / (cache_file_name(arxiv_id) if arxiv_id else Path(upload).name)
    shutil.copyfile(upload, target)
    return target


def references_folder(session_id: str) -> Path:
    folder = config.home() / "uploads" / session_id / "references"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(session_id: str, upload: str) -> Path:
    """Check an uploaded PDF (size, type, readability) and keep a copy in the session folder."""
    source = Path(upload)
    _checked_pdf(source)
    target = config.home() / "uploads" / session_id / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _checked_pdf(source: Path) -> Any:
    """The Document of an uploaded file, or UploadError saying why it was refused."""
    from corpus.pdf import PdfError, read_pdf

    size_mb = source.stat().st_size / 1e6
    if size_mb > MAX_UPLOAD_MB:
        raise UploadError(
            f"{source.name} is {size_mb:.0f} MB; the limit is {MAX_UPLOAD_MB} MB — upload the paper alone"
        )
    with source.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            raise UploadError(f"{source.name} is not a PDF; upload the paper as a PDF file")
    try:
        return read_pdf(source)
    except PdfError as err:
        raise UploadError(str(err)) from err


# -- the app --------------------------------------------------------------------------------


def build_app(ctx: AppContext) -> Any:
    import gradio as gr

    lock = threading.Lock()  # session creation only; turns queue through gradio

    def ensure_session(session_id: str | None) -> str:
        with lock:
            if session_id and ctx.store.has_session(session_id):
                return session_id
            return ctx.agent.new_session("", data=ctx.default_data or None)

    def view(session_id: str) -> tuple[Any, ...]:
        rows, plot, comparison = results_view(ctx, session_id)
        code, script, notebook = code_view(ctx, session_id)
        return (
            session_id,
            session_id,
            status_line(ctx, session_id),
            chat_messages(ctx, session_id),
            selection_rows(ctx, session_id),
            evidence_html(ctx, session_id),
            code,
            gr.update(value=script, interactive=script is not None),
            gr.update(value=notebook, interactive=notebook is not None),
            rows,
            plot,
            comparison,
            gr.update(choices=session_choices(ctx), value=session_id),
        )

    def restore(browser_session: str | None) -> tuple[Any, ...]:
        return view(ensure_session(browser_session))

    def new_session() -> tuple[Any, ...]:
        return view(ensure_session(None))

    def switch_session(chosen: str | None, current: str) -> tuple[Any, ...]:
        return view(ensure_session(chosen or current))

    def respond(message: str, session_id: str) -> Iterator[tuple[Any, ...]]:
        session_id = ensure_session(session_id)
        message = (message or "").strip()
        if not message:
            yield ("", *view(session_id))
            return
        history = chat_messages(ctx, session_id) + [{"role": "user", "content": escape(message)}]
        progress: list[str] = []
        for item in ctx.thread.stream(lambda: ctx.agent.respond_stream(session_id, message)):
            if hasattr(item, "kind"):
                progress.append(f"{item.kind}: {item.text.splitlines()[0] if item.text else ''}")
                pending = {
                    "role": "assistant",
                    "content": escape("\n".join(progress[-6:])),
                    "metadata": {"title": "working…"},
                }
                yield ("", *view_with_chat(session_id, history + [pending]))
        yield ("", *view(session_id))

    def view_with_chat(session_id: str, messages: list[dict[str, Any]]) -> tuple[Any, ...]:
        """Progress while a turn runs: only the chat changes (no plot or code rendered per event)."""
        return (gr.skip(), gr.skip(), gr.skip(), messages, *[gr.skip()] * 9)

    def command(line: str, session_id: str) -> tuple[Any, ...]:
        session_id = ensure_session(session_id)
        ctx.thread.call(ctx.agent.respond, session_id, line)
        return view(session_id)

    def upload(file: str | None, session_id: str) -> tuple[Any, ...]:
        session_id = ensure_session(session_id)
        if not file:
            return view(session_id)
        try:
            path = store_upload(session_id, file)
        except UploadError as err:
            gr.Warning(str(err))
            values = list(view(session_id))
            values[2] = f"⚠️ {escape(str(err))}  \n" + values[2]
            return tuple(values)
        ctx.store.set_title(session_id, path.stem)
        return command(f"/paper {_quote(str(path))}", session_id)

    def upload_references(files: list[str] | None, session_id: str) -> tuple[Any, ...]:
        session_id = ensure_session(session_id)
        stored, refused = [], []
        for file in files or []:
            try:
                stored.append(store_reference(session_id, file).name)
            except UploadError as err:
                refused.append(str(err))
        ctx.store.update_state(session_id, references=str(references_folder(session_id)))
        values = list(view(session_id))
        note = f"cited papers: {', '.join(stored) or 'none'}"
        if refused:
            gr.Warning("; ".join(refused))
            note += " · refused: " + "; ".join(refused)
        values[2] = escape(note) + "  \n" + values[2]
        return tuple(values)

    def arxiv(arxiv_id: str, session_id: str) -> tuple[Any, ...]:
        session_id = ensure_session(session_id)
        from corpus.references import normalise_arxiv_id

        clean = normalise_arxiv_id(arxiv_id or "")
        values = list(view(session_id))
        if clean is None:
            values[2] = f"⚠️ {escape(repr(arxiv_id))} is not an arXiv id (e.g. 1712.02304)  \n" + values[2]
            return tuple(values)
        if not config.network_allowed():
            values[2] = (
                f"⚠️ arXiv:{escape(clean)} needs a download: start hep-repro with HEP_REPRO_NETWORK=1, "
                "or upload the PDF  \n" + values[2]
            )
            return tuple(values)
        from corpus.references import download_arxiv

        path = download_arxiv(clean, config.cache_dir() / "references")
        return upload(str(path), session_id)

    def apply_edits(table: Any, session_id: str) -> tuple[Any, ...]:
        session_id = ensure_session(session_id)
        after = table.values.tolist() if hasattr(table, "values") else list(table or [])
        try:
            commands = edit_commands(selection_rows(ctx, session_id), after)
        except TableEditError as err:
            gr.Warning(str(err))
            return view(session_id)
        for line in commands:
            ctx.thread.call(ctx.agent.respond, session_id, line)
        return view(session_id)

    def select_cut(session_id: str, event: gr.SelectData) -> str:
        rows = selection_rows(ctx, session_id)
        row = event.index[0] if isinstance(event.index, list | tuple) else event.index
        cut_id = rows[row][0] if rows and 0 <= row < len(rows) else None
        return evidence_html(ctx, session_id, cut_id)

    with gr.Blocks(title="hep-repro") as app:
        browser_session = gr.BrowserState(None, storage_key="hep-repro-session")
        session_state = gr.State("")
        gr.Markdown("## hep-repro — reproduce a paper's event selection")
        status = gr.Markdown(elem_id="status-line")
        with gr.Row():
            sessions = gr.Dropdown(label="Session", choices=[], scale=3, elem_id="session-list")
            new_button = gr.Button("New session", scale=1)
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Chat", height=460, elem_id="chat", sanitize_html=True)
                message = gr.Textbox(
                    placeholder="Ask about the selection, or /help, /extract, /run, /compare …",
                    show_label=False,
                    elem_id="message",
                )
                with gr.Row():
                    paper_file = gr.File(
                        label="Paper (PDF)", file_types=[".pdf"], type="filepath", elem_id="paper-upload"
                    )
                    references_files = gr.File(
                        label="Cited papers (PDF)",
                        file_count="multiple",
                        file_types=[".pdf"],
                        type="filepath",
                        elem_id="references-upload",
                    )
                    with gr.Column():
                        arxiv_id = gr.Textbox(label="or arXiv id", placeholder="1712.02304")
                        arxiv_button = gr.Button("Fetch")
                    with gr.Column():
                        extract_button = gr.Button("Extract selection", elem_id="extract")
                        run_button = gr.Button("Run", variant="primary", elem_id="run")
                        compare_button = gr.Button("Compare with baseline", elem_id="compare")
            with gr.Column(scale=2):
                gr.Markdown("### Evidence")
                evidence = gr.HTML(elem_id="evidence")
        with gr.Tabs():
            with gr.Tab("Selection"):
                table = gr.Dataframe(
                    headers=SELECTION_COLUMNS, interactive=True, wrap=True, elem_id="selection-table"
                )
                with gr.Row():
                    apply_button = gr.Button("Apply edits (new version)", elem_id="apply-edits")
                    undo_button = gr.Button("Undo", elem_id="undo")
            with gr.Tab("Code"):
                code = gr.Code(language="python", interactive=False, elem_id="code")
                with gr.Row():
                    download_py = gr.DownloadButton("analysis.py", interactive=False)
                    download_nb = gr.DownloadButton("analysis.ipynb", interactive=False)
            with gr.Tab("Results"):
                cutflow = gr.Dataframe(headers=CUTFLOW_COLUMNS, interactive=False, elem_id="cutflow")
                plot = gr.Image(label="m4l", type="filepath", interactive=False)
                comparison = gr.Textbox(
                    label="Comparison with the baseline", lines=12, interactive=False, elem_id="comparison"
                )

        outputs = [
            session_state, browser_session, status, chatbot, table, evidence, code,
            download_py, download_nb, cutflow, plot, comparison, sessions,
        ]  # fmt: skip
        app.load(restore, inputs=[browser_session], outputs=outputs, api_name="restore")
        new_button.click(new_session, outputs=outputs, api_name="new_session")
        sessions.input(
            switch_session, inputs=[sessions, session_state], outputs=outputs, api_name="switch_session"
        )
        message.submit(
            respond, inputs=[message, session_state], outputs=[message, *outputs], api_name="respond"
        )
        paper_file.upload(upload, inputs=[paper_file, session_state], outputs=outputs, api_name="upload")
        references_files.upload(
            upload_references,
            inputs=[references_files, session_state],
            outputs=outputs,
            api_name="upload_references",
        )
        arxiv_button.click(arxiv, inputs=[arxiv_id, session_state], outputs=outputs, api_name="arxiv")
        extract_button.click(
            lambda s: command("/extract", s), inputs=[session_state], outputs=outputs, api_name="extract"
        )
        run_button.click(
            lambda s: command("/run", s), inputs=[session_state], outputs=outputs, api_name="run"
        )
        compare_button.click(
            lambda s: command("/compare", s), inputs=[session_state], outputs=outputs, api_name="compare"
        )
        apply_button.click(
            apply_edits, inputs=[table, session_state], outputs=outputs, api_name="apply_edits"
        )
        undo_button.click(
            lambda s: command("/undo", s), inputs=[session_state], outputs=outputs, api_name="undo"
        )
        table.select(select_cut, inputs=[session_state], outputs=[evidence])
    app.queue(default_concurrency_limit=2)
    return app


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def launch(
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    llm: str = "none",
    model: str | None = None,
    data: list[str] | None = None,
    store_path: str | None = None,
    index_dir: str | None = None,
    prevent_thread_lock: bool = False,
) -> tuple[Any, AppContext]:
    """Build the agent (on its own thread) and start the app; returns (gradio app, context)."""
    thread = AgentThread()
    ctx = thread.call(_build_context, thread, llm, model, data, store_path, index_dir)
    app = build_app(ctx)
    app.launch(
        server_name=host,
        server_port=port,
        prevent_thread_lock=prevent_thread_lock,
        max_file_size=f"{MAX_UPLOAD_MB}mb",
        allowed_paths=[str(config.home())],
        footer_links=["api"],
        show_error=True,
        quiet=True,
    )
    return app, ctx


def _build_context(
    thread: AgentThread,
    llm: str,
    model: str | None,
    data: list[str] | None,
    store_path: str | None,
    index_dir: str | None,
) -> AppContext:
    from assistant.agent import Agent
    from assistant.llm import open_chat_model
    from assistant.store import Store

    store = Store(store_path)
    index = None
    try:
        from index import Index

        index = Index.open(Path(index_dir) if index_dir else config.default_index_dir())
    except Exception as err:  # the chat still works without retrieval
        print(f"warning: no index ({err}); answers will carry no retrieved evidence")
    chat_model = open_chat_model(llm, model)
    executor = None
    sandboxed = False
    try:
        from assistant.sandbox import SessionPool, sandbox_available

        if sandbox_available():
            executor = SessionPool(spare=1)  # one kernel and work folder per browser session
            sandboxed = True
    except Exception as err:
        print(f"warning: sandbox unavailable ({err}); model-written code will not run")
    agent = Agent(store, index=index, llm=chat_model, executor=executor)
    backend = (
        "none (slash commands, evidence-only answers)" if chat_model is None else f"{llm} · {chat_model.name}"
    )
    return AppContext(
        agent=agent, backend=backend, sandboxed=sandboxed, default_data=list(data or []), thread=thread
    )
