"""The example papers through the project's own reader (corpus.pdf, corpus.text): every gold quote
is found on its page, the bibliography resolves [12] to the leptonperf arXiv id, nothing is hidden."""

from __future__ import annotations

import pytest

from corpus import papers
from corpus.document import Document

pdf = pytest.importorskip("corpus.pdf")
text = pytest.importorskip("corpus.text")


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    paths = papers.render_all(tmp_path_factory.mktemp("reader-papers"))
    return {name: pdf.read_pdf(path) for name, path in paths.items()}


def test_reader_finds_every_gold_quote_on_its_page(documents: dict[str, Document]) -> None:
    missing = []
    for name in papers.gold_names():
        for entry in papers.gold_entries(name):
            document = documents[entry.get("document", name)]
            if text.find_quote(document, entry["quote"], page=entry["page"]) is None:
                missing.append((name, entry["id"], entry["page"]))
    assert not missing


def test_reader_resolves_the_delegating_citation(documents: dict[str, Document]) -> None:
    entries = {entry.key: entry for entry in documents["hzz4l"].bibliography}
    assert entries["12"].arxiv == papers.LEPTONPERF_ARXIV
    assert len(entries) == len(papers.paper("hzz4l").references)


def test_example_papers_hide_nothing(documents: dict[str, Document]) -> None:
    for document in documents.values():
        assert document.hidden == []
        assert len(document.pages) >= 2


def test_reader_sees_the_event_selection_section(documents: dict[str, Document]) -> None:
    titles = [section.title for section in documents["hzz4l"].sections]
    assert any("Event selection" in title for title in titles), titles


def test_quote_is_not_found_on_a_wrong_page(documents: dict[str, Document]) -> None:
    """A quote is not found on a wrong page (the page argument matters)."""
    entry = next(e for e in papers.gold_entries("hzz4l") if e["id"] == "quadruplet.mass")
    wrong = 1 if entry["page"] != 1 else 2
    assert text.find_quote(documents["hzz4l"], entry["quote"], page=wrong) is None
