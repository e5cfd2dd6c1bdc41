"""Gold selection lists of the example papers (`<name>.gold.json` beside this module).

Each file is a JSON list of Cut-compatible dicts (id, object, variable, op, value / low / high,
unit, labels, rank, flavour, channel, depends_on, status, note), one per line, in cutflow order,
plus where the cut is stated: `document` (the example paper's name, e.g. "leptonperf"; if
absent, the gold file's own paper), `page` (1-based, in the rendered PDF) and `quote`
(verbatim page text, modulo white space, ligatures and hyphenated line breaks). Cuts stated
only in a cited paper carry status "from-reference" and that paper's page and quote; cuts that
Open Data cannot evaluate (vertex fit, primary vertex) are still "documented": the compiler
decides applicability.

After editing a paper's text, `python -m corpus.papers --write` re-locates every quote and
updates the page numbers (it refuses when a quote is found on no page or on several).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.selection import Cut, CutEvidence, DocumentRef, Selection

EVIDENCE_KEYS = ("document", "page", "quote")


class GoldError(ValueError):
    """A gold file is missing or does not describe valid cuts."""


def gold_path(name: str) -> Path:
    return Path(__file__).with_name(f"{name}.gold.json")


def gold_entries(name: str) -> list[dict[str, Any]]:
    """The raw gold dicts of one paper."""
    path = gold_path(name)
    if not path.is_file():
        raise GoldError(
            f"no gold list for {name!r} (expected {path}); papers with gold: {', '.join(gold_names())}"
        )
    entries = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise GoldError(f"{path} must hold a JSON list of cut dicts")
    return entries


def gold_names() -> list[str]:
    return sorted(p.name.removesuffix(".gold.json") for p in Path(__file__).parent.glob("*.gold.json"))


def cut_from_entry(entry: dict[str, Any], default_document: str) -> Cut:
    """One gold dict as a `Cut` whose evidence is the dict's document, page and quote."""
    data = {k: v for k, v in entry.items() if k not in EVIDENCE_KEYS}
    try:
        evidence = CutEvidence(
            document=entry.get("document", default_document), page=entry["page"], quote=entry["quote"]
        )
        return Cut.model_validate({**data, "evidence": [evidence.model_dump()]})
    except (ValueError, KeyError, TypeError) as err:
        raise GoldError(
            f"gold cut {entry.get('id') or entry} of {default_document!r} is invalid: {err}"
        ) from err


def load_gold(name: str) -> Selection:
    """The gold list of example paper `name` as a `Selection` (evidence document = paper name)."""
    from corpus.papers.render import paper

    content = paper(name)
    cuts = [cut_from_entry(entry, name) for entry in gold_entries(name)]
    documents = [DocumentRef(id=name, title=_plain(content.title), path=f"{name}.pdf")]
    for other in sorted({e.document for c in cuts for e in c.evidence} - {name}):
        cited = paper(other)
        documents.append(
            DocumentRef(id=other, title=_plain(cited.title), path=f"references/{cited.arxiv}.pdf")
        )
    try:
        return Selection(
            title=_plain(content.title), documents=documents, cuts=cuts, message=f"gold list of {name}"
        )
    except ValueError as err:
        raise GoldError(f"gold list of {name!r} is not a valid selection: {err}") from err


def _plain(text: str) -> str:
    from corpus.papers.markup import plain

    return plain(text)


# -- maintenance: where does a quote appear in the rendered PDF? -----------------------------
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def searchable(text: str) -> str:
    """Page text or a quote folded for comparison: ligatures expanded, line-end hyphens joined
    (other hyphens dropped, as a break at an explicit hyphen loses it), white space removed."""
    import re

    for glyph, letters in _LIGATURES.items():
        text = text.replace(glyph, letters)
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"[\s-]+", "", text)


def locate(name: str, quote: str, pdf: bytes | None = None) -> list[int]:
    """1-based pages of the rendered paper `name` whose text contains `quote`."""
    import pymupdf

    from corpus.papers.render import pdf_bytes

    doc = pymupdf.open("pdf", pdf or pdf_bytes(name))
    try:
        wanted = searchable(quote)
        return [n + 1 for n in range(doc.page_count) if wanted in searchable(doc[n].get_text())]
    finally:
        doc.close()


def refresh_pages(name: str, write: bool = False) -> list[str]:
    """Find every gold quote of `name` in the rendered PDFs again (after the text or layout
    changed); return the problems (quote on no page, or on several), and when `write` is set
    and there are none, store the new page numbers in the gold file."""
    from corpus.papers.render import pdf_bytes

    entries = gold_entries(name)
    pdfs: dict[str, bytes] = {}
    problems = []
    for entry in entries:
        document = entry.get("document", name)
        if document not in pdfs:
            pdfs[document] = pdf_bytes(document)
        pages = locate(document, entry["quote"], pdfs[document])
        if len(pages) != 1:
            problems.append(
                f"{name}: {entry.get('id')}: quote found on pages {pages} of {document}: {entry['quote'][:70]}"
            )
        else:
            entry["page"] = pages[0]
    if write and not problems:
        lines = ",\n".join(" " + json.dumps(entry, ensure_ascii=False) for entry in entries)
        gold_path(name).write_text("[\n" + lines + "\n]\n", encoding="utf-8")
    return problems


def main(argv: list[str] | None = None) -> int:
    """`python -m corpus.papers [--write] [NAME ...]`: check (and update) gold page numbers."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("names", nargs="*", default=None)
    parser.add_argument("--write", action="store_true", help="store the re-located page numbers")
    args = parser.parse_args(argv)
    problems = [p for name in (args.names or gold_names()) for p in refresh_pages(name, write=args.write)]
    print("\n".join(problems) or "all gold quotes found on exactly one page")
    return 1 if problems else 0
