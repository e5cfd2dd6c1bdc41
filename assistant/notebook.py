"""The compiled analysis as a Jupyter notebook: one markdown cell per cut with its evidence, code
cells for reading, cuts and the engine, and a final cell that runs it and plots m4l."""

from __future__ import annotations

from pathlib import Path

from assistant.compile import CompiledAnalysis, sanitize
from assistant.selection import Selection


def _escape(text: str) -> str:
    """Document text for markdown: one line, no HTML, no markdown control characters."""
    text = sanitize(text, 400)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]#|":
        text = text.replace(ch, "\\" + ch)
    return text


def to_notebook(compiled: CompiledAnalysis, selection: Selection, files: list[str] | None = None):
    """An nbformat v4 notebook holding the same code as `compiled.code`."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    code = compiled.code
    docstring_end = code.index('"""', 3) + 3
    generated_start = code.index("# ---- what this analysis reads")
    engine_start = code.index("\n# --- engine ---\n")
    main_guard = code.rfind('\nif __name__ == "__main__":')
    cells = [
        new_markdown_cell(
            f"# {_escape(selection.title or 'Event selection')}\n\n"
            f"Compiled by hep-repro for schema `{compiled.schema}` (selection version {selection.version})."
        )
    ]
    lines = ["| step | cut | evidence |", "|---|---|---|"]
    by_id = {c.id: c for c in selection.cuts}
    for step in compiled.steps:
        cut = by_id.get(step)
        quote = ""
        if cut is not None and cut.evidence:
            quote = f"p.{cut.evidence[0].page}: “{_escape(cut.evidence[0].quote)}”"
        lines.append(f"| `{step}` | {_escape(compiled.labels.get(step, ''))} | {quote} |")
    cells.append(new_markdown_cell("## Steps and their evidence\n\n" + "\n".join(lines)))
    if compiled.not_applicable:
        items = "\n".join(f"- `{na.cut}`: {_escape(na.reason)}" for na in compiled.not_applicable)
        cells.append(new_markdown_cell("## Not applied on this schema\n\n" + items))
    cells.append(new_code_cell(code[docstring_end:generated_start].strip()))
    cells.append(new_markdown_cell("## What the analysis reads and the cuts it applies"))
    cells.append(new_code_cell(code[generated_start:engine_start].strip()))
    cells.append(new_markdown_cell("## The engine (the same for every selection)"))
    cells.append(new_code_cell(code[engine_start:main_guard].strip()))
    run_cell = (
        f"files = {list(files or [])!r}  # ROOT files with tree {compiled.schema!r}\n"
        "result = run(files)\n"
        "for row in result['cutflow']:\n"
        "    print(f\"{row['step']:<28} {row['events']:>8} {row['weighted']:>12.4g}\")"
    )
    cells.append(new_markdown_cell("## Run"))
    cells.append(new_code_cell(run_cell))
    notebook = new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.validate(notebook)
    return notebook


def code_notebook(code: str, selection: Selection | None) -> str:
    """A notebook (JSON text) for stored code: the full notebook of a compiled analysis, or, for
    other code, the cut list and the code in one cell."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from assistant.compile import CompileError

    if selection is not None:
        try:
            return str(nbformat.writes(to_notebook(CompiledAnalysis.from_code(code), selection)))
        except CompileError:
            pass
    header = "# Event selection\n\n"
    if selection is not None:
        header = f"# {_escape(selection.title or 'Event selection')} (selection v{selection.version})\n\n"
        header += "\n".join(f"- `{c.id}`: {_escape(c.describe())} — {c.status}" for c in selection.cuts)
    return str(nbformat.writes(new_notebook(cells=[new_markdown_cell(header), new_code_cell(code)])))


def write_notebook(
    compiled: CompiledAnalysis, selection: Selection, path: str | Path, files: list[str] | None = None
) -> Path:
    import nbformat

    path = Path(path)
    nbformat.write(to_notebook(compiled, selection, files), str(path))
    return path
