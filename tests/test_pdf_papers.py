"""The example papers (corpus.papers) read back: every gold quote is found on its stated page,
and the main paper's references resolve to the rendered performance paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import pdf, references
from corpus.document import Document
from corpus.text import find_quote

papers = pytest.importorskip("corpus.papers")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Document]]:
    out = tmp_path_factory.mktemp("papers")
    paths = papers.render_all(out)
    return out, {name: pdf.read_pdf(path) for name, path in paths.items()}


def _gold_cases() -> list[tuple[str, int, dict]]:
    from corpus.papers.gold import gold_names

    return [(name, i, entry) for name in gold_names() for i, entry in enumerate(papers.gold_entries(name))]


@pytest.mark.parametrize(
    ("name", "index", "entry"), _gold_cases(), ids=lambda v: str(v) if not isinstance(v, dict) else ""
)
def test_gold_quote_is_on_its_page(
    rendered: tuple[Path, dict[str, Document]], name: str, index: int, entry: dict
) -> None:
    document = rendered[1][entry.get("document", name)]
    found = find_quote(document, entry["quote"], page=entry["page"])
    where = find_quote(document, entry["quote"])
    assert found is not None, (
        f"{name} #{index} {entry.get('id')}: not on page {entry['page']} (found at {where})"
    )


def test_papers_read_cleanly(rendered: tuple[Path, dict[str, Document]]) -> None:
    for name, document in rendered[1].items():
        assert document.hidden == [], name
        assert document.title and document.title != name
        assert document.sections, name
        assert document.bibliography, name
        assert all(p.text for p in document.pages), name
        # Each page's text holds no unexpanded ligatures or extraction debris.
        for page in document.pages:
            assert not set(page.text) & {"\ufb00", "\ufb01", "\ufb02", "\ufb03", "\ufb04", "\x00", "\ufffd"}


def test_main_paper_structure(rendered: tuple[Path, dict[str, Document]]) -> None:
    document = rendered[1]["hzz4l"]
    titles = [s.title for s in document.sections]
    assert any("Event selection" in t for t in titles)
    assert titles[-1] == "References"
    assert any(b.kind == "table" for p in document.pages for b in p.blocks)
    numbered = [s for s in document.sections if s.title[0].isdigit()]
    assert [s.level for s in numbered if "." in s.title.split()[0]] and all(
        s.level == s.title.split()[0].count(".") + 1 for s in numbered
    )


def test_main_paper_cites_the_performance_paper(rendered: tuple[Path, dict[str, Document]]) -> None:
    out, documents = rendered
    main = documents["hzz4l"]
    arxiv = papers.paper("leptonperf").arxiv
    keys = [e.key for e in main.bibliography if e.arxiv == arxiv]
    assert keys, f"no bibliography entry with arXiv:{arxiv}"
    report = references.resolve_references(main, papers.references_dir(out))
    assert report.found[keys[0]].name == f"{arxiv}.pdf"
    loaded, _ = references.load_references(main, papers.references_dir(out), keys=keys)
    assert loaded[keys[0]].id == documents["leptonperf"].id
    # Every quote of a cut delegated to the performance paper sits in a sentence of the main
    # paper that cites it, or is found in the performance paper itself.
    for entry in papers.gold_entries("hzz4l"):
        if entry.get("document") == "leptonperf":
            assert find_quote(loaded[keys[0]], entry["quote"], page=entry["page"]) is not None
    citing = [c for c in references.citations(main) if keys[0] in c.keys]
    assert citing
    nearby = references.cited_keys_near(main, citing[0].page, citing[0].start, citing[0].end)
    assert keys[0] in nearby


def test_line_break_hyphens_resolved_as_in_the_source(rendered: tuple[Path, dict[str, Document]]) -> None:
    """Independent check against the papers' source text: every word hyphenated at a line
    break is joined or keeps its hyphen exactly as the authors wrote it."""
    import re

    from corpus.text import LIGATURES

    for name, document in rendered[1].items():
        source = repr(papers.paper(name))
        wrong = []
        for page in document.pages:
            raw = "".join(LIGATURES.get(c, c) for c in page.raw_text)
            for match in re.finditer(r"([^\W\d_]+)-\n\n?([^\W\d_]+)", raw):
                joined, hyphenated = match.group(1) + match.group(2), f"{match.group(1)}-{match.group(2)}"
                expected = "joined" if joined in source else "hyphen" if hyphenated in source else None
                got = "joined" if joined in page.text else "hyphen" if hyphenated in page.text else None
                if expected and got != expected:
                    wrong.append((page.number, hyphenated, got, expected))
        assert wrong == [], name
