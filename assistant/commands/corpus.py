"""`hep-repro ingest`, `hep-repro search`, `hep-repro ask`, `hep-repro documents`: the index.

    hep-repro ingest PATH... [--references DIR] [--kind paper|reference] [--api-docs] [--schemas]
    hep-repro search "query" [--kind paper|reference|api|schema] [--document ID] [-k 5] [--json]
    hep-repro ask "question" [--llm none|embedded|URL] [--model NAME] [-k 5]
    hep-repro documents [--json]

Every command takes `--index DIR` (a local folder; default: the user's data folder) or
`--index-url URL` (a Qdrant server).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

KINDS = ("paper", "reference", "api", "schema")


class IndexCommandError(ValueError):
    """A command-line request about the index that cannot be served; the message says why."""


def register(subparsers: Any) -> None:
    ingest = subparsers.add_parser(
        "ingest", help="add PDFs (and optionally API docs and schemas) to the index"
    )
    ingest.add_argument("paths", nargs="*", help="PDF files or folders of PDFs")
    ingest.add_argument(
        "--references",
        metavar="DIR",
        default=None,
        help="folder of cited papers named by arXiv id (e.g. 1712.02304.pdf); cited ones are ingested",
    )
    ingest.add_argument(
        "--kind", choices=("paper", "reference"), default="paper", help="kind of the given PDFs"
    )
    ingest.add_argument(
        "--api-docs", action="store_true", help="also index the installed uproot/awkward/vector/hist APIs"
    )
    ingest.add_argument("--schemas", action="store_true", help="also index the Open Data schema descriptions")
    _index_options(ingest)
    ingest.set_defaults(func=ingest_command)

    search = subparsers.add_parser("search", help="ranked evidence for a query (id, document, page, quote)")
    search.add_argument("query")
    search.add_argument(
        "--kind", choices=KINDS, action="append", default=None, help="only this kind (repeatable)"
    )
    search.add_argument(
        "--document", action="append", default=None, help="only this document id (repeatable)"
    )
    search.add_argument("-k", type=int, default=5, help="number of results (default 5)")
    search.add_argument("--mode", choices=("hybrid", "dense", "sparse"), default="hybrid")
    search.add_argument("--json", action="store_true", help="print the evidence as JSON")
    _index_options(search)
    search.set_defaults(func=search_command)

    ask = subparsers.add_parser("ask", help="answer a question with citations (evidence only without an LLM)")
    ask.add_argument("question")
    ask.add_argument(
        "--llm", default="none", help="none (default), embedded, or the URL of an OpenAI-compatible server"
    )
    ask.add_argument("--model", default=None, help="model name on the server")
    ask.add_argument("--kind", choices=KINDS, action="append", default=None)
    ask.add_argument("--document", action="append", default=None)
    ask.add_argument("-k", type=int, default=5)
    ask.add_argument("--json", action="store_true")
    _index_options(ask)
    ask.set_defaults(func=ask_command)

    documents = subparsers.add_parser("documents", help="list the documents in the index")
    documents.add_argument("--json", action="store_true")
    _index_options(documents)
    documents.set_defaults(func=documents_command)


def _index_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--index", metavar="DIR", default=None, help="index folder (default: in the user's data folder)"
    )
    where.add_argument(
        "--index-url", metavar="URL", default=None, help="Qdrant server URL, e.g. http://localhost:6333"
    )


def open_index(args: argparse.Namespace) -> Any:
    from index import Index

    return Index.open(path=args.index, url=args.index_url)


def _one(values: list[str] | None) -> str | list[str] | None:
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def ingest_command(args: argparse.Namespace) -> int:
    if not (args.paths or args.api_docs or args.schemas):
        raise IndexCommandError("nothing to ingest: give PDF paths or folders, --api-docs or --schemas")
    with open_index(args) as index:
        if args.schemas or args.api_docs:
            for info in index.add_builtin(api=args.api_docs, schemas=args.schemas):
                print(f"ok              {info.kind}: {info.title} ({info.pages} pages, {info.chunks} chunks)")
        if not args.paths:
            return 0
        report = index.ingest(args.paths, kind=args.kind, references_dir=args.references)
        print(report.render())
        return 1 if report.failed else 0


def search_command(args: argparse.Namespace) -> int:
    with open_index(args) as index:
        hits = index.search(
            args.query, k=args.k, kind=_one(args.kind), document=_one(args.document), mode=args.mode
        )
    if args.json:
        print(json.dumps([hit.model_dump() for hit in hits], indent=2, ensure_ascii=False))
        return 0
    if not hits:
        print("no results (is anything ingested? see `hep-repro documents`)", file=sys.stderr)
        return 1
    for rank, hit in enumerate(hits, 1):
        section = f" · {hit.section}" if hit.section else ""
        print(
            f"{rank}. [{hit.id}] {hit.title or hit.document} ({hit.kind}) p. {hit.page}{section}  score {hit.score:.3f}"
        )
        quote = " ".join(hit.text.split())
        print(f"   {quote[:400]}{'...' if len(quote) > 400 else ''}")
    return 0


def ask_command(args: argparse.Namespace) -> int:
    from assistant.llm import open_chat_model
    from index.answer import answer

    with open_index(args) as index:
        llm = open_chat_model(args.llm, args.model)
        try:
            result = answer(
                args.question, index, llm, k=args.k, kind=_one(args.kind), document=_one(args.document)
            )
        finally:
            if llm is not None:
                llm.close()
    if args.json:
        print(json.dumps({
            "answer": result.text,
            "citations": [ev.model_dump() for ev in result.citations],
            "removed_citations": result.removed_citations,
            "used_llm": result.used_llm,
        }, indent=2, ensure_ascii=False))  # fmt: skip
    else:
        print(result.render())
    return 0


def documents_command(args: argparse.Namespace) -> int:
    with open_index(args) as index:
        docs = index.documents()
    if args.json:
        print(json.dumps([d.__dict__ for d in docs], indent=2, ensure_ascii=False))
        return 0
    if not docs:
        print("the index is empty; add papers with `hep-repro ingest PAPER.pdf`")
        return 0
    for d in docs:
        print(f"{d.id}  {d.kind:<9} {d.pages:>4} pages {d.chunks:>5} chunks  {d.title or d.path}")
    return 0
