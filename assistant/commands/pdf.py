"""`hep-repro pdf`: read one PDF the way every stage sees it and report what was found.

    hep-repro pdf PAPER.pdf [--text] [--page N] [--quote "..."] [--references DIR] [--json]

Shows the title, sections, block kinds, tables, the bibliography, hidden (never evidence) text
and untrusted metadata; `--quote` finds a quote (tolerant to hyphenation, ligatures, η/eta, ≥/>=)
and prints its page and offsets; `--references` resolves the cited papers in a folder.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "pdf", help="read a PDF and show its structure, hidden text and references"
    )
    parser.add_argument("path", type=Path, help="the PDF file")
    parser.add_argument("--text", action="store_true", help="print the normalised page text")
    parser.add_argument("--page", type=int, default=None, help="only this page (with --text or --quote)")
    parser.add_argument("--quote", default=None, help="find this quote and print page and offsets")
    parser.add_argument(
        "--references", metavar="DIR", default=None, help="resolve cited papers in this folder"
    )
    parser.add_argument("--json", action="store_true", help="print the whole Document as JSON")
    parser.set_defaults(func=pdf_command)


def pdf_command(args: argparse.Namespace) -> int:
    from corpus.pdf import read_pdf
    from corpus.references import citations, resolve_references
    from corpus.text import find_quote

    document = read_pdf(args.path)
    if args.json:
        print(json.dumps(document.model_dump(), ensure_ascii=False, indent=1))
        return 0
    print(f"{document.title}\n  id {document.id}, {len(document.pages)} page(s), file {document.path}")
    kinds = Counter(block.kind for page in document.pages for block in page.blocks)
    print("  blocks: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))
    print(f"  sections ({len(document.sections)}):")
    for section in document.sections:
        print(f"    {'  ' * (section.level - 1)}{section.title}  (p. {section.page})")
    cited = {key for c in citations(document) for key in c.keys}
    print(f"  bibliography: {len(document.bibliography)} entries, {len(cited)} cited in the text")
    for entry in document.bibliography:
        ident = f"arXiv:{entry.arxiv}" if entry.arxiv else f"doi:{entry.doi}" if entry.doi else "-"
        print(f"    [{entry.key}] {ident}  {entry.text[:70]}")
    if document.hidden:
        print(f"  HIDDEN text ({len(document.hidden)} span(s), excluded from the page text, never evidence):")
        for span in document.hidden:
            print(f"    p. {span.page}: {span.reason}: {span.text[:80]!r}")
    if document.metadata:
        shown = {k: v[:60] for k, v in document.metadata.items() if k != "xmp"}
        print(f"  metadata (untrusted): {shown}")
    if args.references is not None:
        print(resolve_references(document, args.references).render())
    if args.quote is not None:
        found = find_quote(document, args.quote, page=args.page)
        if found is None:
            print(f"quote not found{f' on page {args.page}' if args.page else ''}: {args.quote!r}")
            return 1
        number, start, end = found
        print(f"quote found on page {number} at [{start}, {end}): {document.page(number).text[start:end]!r}")
    if args.text:
        for page in document.pages:
            if args.page is None or page.number == args.page:
                print(f"\n--- page {page.number} ---\n{page.text}")
    return 0
