"""`hep-repro extract`.

    hep-repro extract PAPER.pdf [--references DIR] [--llm none|embedded|URL] [--model NAME]
                      [--runs K] [--json] [-o selection.json]

`--llm none` (the default) runs the deterministic miner alone; with a model, its cuts are voted
over K runs and reconciled with the miner. The table shows every cut with its page, status,
flags and the start of its quote; `--json` prints the whole report, `-o` writes the Selection.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


class ExtractCommandError(ValueError):
    """Bad arguments to `hep-repro extract`; the message says what to pass."""


def register(subparsers: Any) -> None:
    extract = subparsers.add_parser("extract", help="extract the event selection of a paper (evidence-bound)")
    extract.add_argument("paper", nargs="+", help="PDF of the paper (more PDFs: supplementary documents)")
    extract.add_argument(
        "--references",
        default=None,
        help="folder with PDFs of cited papers (delegated cuts are followed there)",
    )
    extract.add_argument(
        "--llm",
        default="none",
        help="none (miner only, default), embedded, or the URL of an OpenAI-compatible server",
    )
    extract.add_argument(
        "--model", default=None, help="model name on the server (default: the first it lists)"
    )
    extract.add_argument("--runs", type=int, default=1, help="LLM runs to vote over (default 1)")
    extract.add_argument("--seed", type=int, default=0, help="base seed of the LLM runs")
    extract.add_argument("--json", action="store_true", help="print the whole report as JSON")
    extract.add_argument("-o", "--output", default=None, help="write the Selection JSON to this file")
    extract.set_defaults(func=extract_command)


def extract_command(args: argparse.Namespace) -> int:
    from assistant.extract import extract

    if args.runs < 1:
        raise ExtractCommandError(f"--runs must be at least 1 (got {args.runs})")
    for paper in args.paper:
        if not Path(paper).exists():
            raise ExtractCommandError(f"no such file: {paper} (pass the path of a PDF)")
    report = extract(
        args.paper, references=args.references, llm=args.llm, runs=args.runs, model=args.model, seed=args.seed
    )
    if args.output:
        Path(args.output).write_text(report.selection.to_json() + "\n", encoding="utf-8")
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print(render_table(report))
        if args.output:
            print(f"selection written to {args.output}")
    return 0


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(report: Any, quote_width: int = 60) -> str:
    """A readable table of the report: one line per cut, then a summary."""
    selection = report.selection
    rows = [("id", "object", "cut", "page", "status", "flags", "quote")]
    for cut in selection.cuts:
        evidence = cut.evidence[0] if cut.evidence else None
        subject = cut.object + (f"[{cut.rank}]" if cut.rank else "")
        text = cut.describe()
        cut_text = text[len(subject) + 1 :] if text.startswith(subject + " ") else text
        rows.append(
            (
                cut.id,
                subject,
                cut_text,
                str(evidence.page) if evidence else "-",
                cut.status,
                ",".join(cut.flags) or "-",
                _shorten(evidence.quote, quote_width) if evidence else "-",
            )
        )
    widths = [
        min(max(len(r[i]) for r in rows), cap) for i, cap in enumerate((30, 14, 48, 4, 14, 22, quote_width))
    ]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(_shorten(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    summary = f"{len(selection.cuts)} cuts from {selection.title or 'the paper'}"
    if report.model:
        summary += (
            f"; model {report.model}, {report.runs} run(s), {report.tokens} tokens, "
            f"{len(report.possibly_missed)} possibly missed, {len(report.unsupported)} unsupported (not compiled)"
        )
    summary += f"; {report.duration_s:.2f} s"
    lines.append("")
    lines.append(summary)
    lines.extend(report.messages)
    for error in report.errors[:5]:
        lines.append(f"model error: {error}")
    return "\n".join(lines)
