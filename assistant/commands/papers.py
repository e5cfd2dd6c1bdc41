"""`hep-repro papers`: the example papers (render them to PDF, list them with their gold lists)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("papers", help="example papers: render to PDF, list with gold cut counts")
    commands = parser.add_subparsers(dest="papers_command", metavar="ACTION")
    render = commands.add_parser(
        "render", help="write the example papers as PDFs (plus references/<arXiv id>.pdf)"
    )
    render.add_argument("names", nargs="*", help="papers to render (default: all)")
    render.add_argument(
        "-o", "--out", type=Path, default=Path("papers"), help="output folder (default: ./papers)"
    )
    render.set_defaults(func=_render)
    listing = commands.add_parser("list", help="list the example papers")
    listing.set_defaults(func=_list)
    parser.set_defaults(func=_list)


def _render(args: argparse.Namespace) -> int:
    from corpus import papers

    if args.names:
        for name in args.names:
            papers.paper(name)  # unknown names fail before anything is written
        paths = {name: papers.render(name, args.out) for name in args.names}
    else:
        paths = papers.render_all(args.out)
    for name, path in paths.items():
        print(f"{name:<12} {path}")
    references = papers.references_dir(args.out)
    if references.is_dir():
        for path in sorted(references.glob("*.pdf")):
            print(f"{'(reference)':<12} {path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from corpus import papers
    from corpus.papers.markup import plain

    for name in papers.names():
        content = papers.paper(name)
        try:
            cuts = len(papers.gold_entries(name))
        except papers.GoldError:
            cuts = 0
        arxiv = f"arXiv:{content.arxiv}" if content.arxiv else "-"
        print(f"{name:<12} {arxiv:<18} {cuts:>3} gold cuts  {plain(content.title)}")
        print(f"{'':<12} role: {content.role}")
    return 0
