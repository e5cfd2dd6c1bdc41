"""corpus.references: citation markers, cited keys near a span, local/cache resolution, no network."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import config
from corpus import pdf, references
from corpus.document import BibEntry, Document, Page
from tests import pdf_factory


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return pdf.read_pdf(pdf_factory.two_column_pdf(tmp_path_factory.mktemp("paper")))


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to reach the network fails the test."""
    import httpx

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network used: {args}")

    monkeypatch.setattr(httpx, "get", refuse)
    monkeypatch.setattr(httpx.Client, "send", refuse)


@pytest.mark.parametrize(
    ("inner", "keys"),
    [
        ("12", ["12"]),
        ("3,5", ["3", "5"]),
        ("3, 5 ,8", ["3", "5", "8"]),
        ("7–9", ["7", "8", "9"]),
        ("7-9, 12", ["7", "8", "9", "12"]),
        ("2−4", ["2", "3", "4"]),
        ("9–7", ["9", "7"]),  # a reversed range is two keys, not a range
        ("1–500", ["1", "500"]),  # absurd ranges are not expanded
        ("05", ["5"]),
    ],
)
def test_expand_marker(inner: str, keys: list[str]) -> None:
    assert references.expand_marker(inner) == keys


def test_citations_in_the_text_map_to_entries(paper: Document) -> None:
    found = references.citations(paper)
    assert [c.keys for c in found] == [("12",), ("3", "5"), ("7", "8", "9")]
    text = paper.page(1).text
    assert [text[c.start : c.end] for c in found] == ["[12]", "[3,5]", "[7–9]"]
    assert all(c.page == 1 for c in found)
    # Nothing is taken from the bibliography itself, where [n] labels entries.
    assert not [c for c in found if c.page == 2]
    cited = references.entries(paper, ["12", "3", "99"])
    assert [e.arxiv for e in cited] == ["1902.04655", "hep-ex/0601001"]


def test_markers_not_in_the_bibliography_are_ignored() -> None:
    text = "the interval [0, 1] and Ref. [2] and [4-5]"
    document = Document(
        id="d",
        pages=[Page(number=1, text=text)],
        bibliography=[BibEntry(key="2", text="two"), BibEntry(key="4", text="four")],
    )
    assert [c.keys for c in references.citations(document)] == [("2",), ("4",)]


def test_cited_keys_near_follow_the_sentence(paper: Document) -> None:
    text = paper.page(1).text
    start = text.index("following the criteria of")
    assert references.cited_keys_near(paper, 1, start, start + 10) == ["12"]
    start = text.index("see also")
    # Same sentence: [3,5] is closest, then [7–9].
    assert references.cited_keys_near(paper, 1, start) == ["3", "5", "7", "8", "9"]
    start = text.index("Leptons must have")
    assert references.cited_keys_near(paper, 1, start) == []


def test_normalise_arxiv_id() -> None:
    cases = {
        "arXiv:1902.04655v2": "1902.04655",
        "1902.04655": "1902.04655",
        "https://arxiv.org/abs/1902.04655": "1902.04655",
        "hep-ex_0601001": "hep-ex/0601001",
        "hep-ex/0601001v1": "hep-ex/0601001",
        "hep-ex0601001": "hep-ex/0601001",
        "math.AG/0601001": "math.AG/0601001",
        "1902.04655v3.pdf": "1902.04655",
        "report_2019001": None,
        "paper": None,
        "19020.4655": None,
    }
    assert {k: references.normalise_arxiv_id(k) for k in cases} == cases


def test_resolve_finds_local_pdfs_by_arxiv_id(paper: Document, tmp_path: Path) -> None:
    folder = tmp_path / "refs"
    pdf_factory.reference_pdfs(folder, ["1902.04655", "hep-ex/0601001"])
    # Two versions of 1701.00001: the highest wins; an unrelated file is ignored.
    (folder / "1701.00001v1.pdf").write_bytes((folder / "1902.04655.pdf").read_bytes())
    (folder / "1701.00001v3.pdf").write_bytes((folder / "1902.04655.pdf").read_bytes())
    (folder / "notes.pdf").write_bytes(b"%PDF-1.7")
    (folder / "10.1016_j.physletb.2012.08.020.pdf").write_bytes(b"%PDF-1.7")

    report = references.resolve_references(paper, folder)
    assert report.found == {
        "3": folder / "hep-ex_0601001.pdf",
        "5": folder / "10.1016_j.physletb.2012.08.020.pdf",
        "7": folder / "1701.00001v3.pdf",
        "12": folder / "1902.04655.pdf",
    }
    assert [e.key for e in report.missing] == ["1", "8", "9"]
    assert "no arXiv id or DOI" in report.reasons["1"]
    assert "1702.00002" in report.reasons["8"] and "downloads are off" in report.reasons["8"]
    rendered = report.render()
    assert "4 reference(s) found, 3 missing" in rendered and "[8] missing" in rendered


def test_resolve_uses_the_cache_and_never_the_network(paper: Document) -> None:
    assert not config.network_allowed()
    cache = references.reference_cache_dir()
    assert cache == config.cache_dir() / "references"
    pdf_factory.reference_pdfs(cache, ["1702.00002"])
    report = references.resolve_references(paper, None, download=True)  # download refused: network off
    assert report.found == {"8": cache / "1702.00002.pdf"}
    assert "no references folder" in report.reasons["12"]


def test_resolve_only_some_keys(paper: Document, tmp_path: Path) -> None:
    report = references.resolve_references(paper, tmp_path, keys=["12", "42"])
    assert report.found == {} and [e.key for e in report.missing] == ["12"]
    report = references.resolve_references(paper, tmp_path / "absent", keys=["12"])
    assert "is not a folder" in report.reasons["12"]


def test_download_refused_without_permission() -> None:
    with pytest.raises(references.ReferenceDownloadError, match="HEP_REPRO_NETWORK=1"):
        references.download_arxiv("1902.04655")


def test_download_when_allowed_writes_the_cache(
    paper: Document, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The download path with a stand-in for httpx.get (still no network)."""
    import httpx

    source = pdf_factory.reference_pdfs(tmp_path, ["1902.04655"])["1902.04655"]
    calls: list[str] = []

    def fake_get(url: str, **kwargs: object) -> httpx.Response:
        calls.append(url)
        body = source.read_bytes() if "1902.04655" in url else b"<html>not found</html>"
        return httpx.Response(200, content=body, request=httpx.Request("GET", url))

    monkeypatch.setattr(httpx, "get", fake_get)
    monkeypatch.setenv("HEP_REPRO_NETWORK", "1")
    report = references.resolve_references(paper, None, keys=["12", "7"])
    assert calls == ["https://arxiv.org/pdf/1902.04655", "https://arxiv.org/pdf/1701.00001"]
    assert report.found == {"12": references.reference_cache_dir() / "1902.04655.pdf"}
    assert report.found["12"].read_bytes() == source.read_bytes()
    assert "did not return a PDF" in report.reasons["7"]
    # A second resolution finds it in the cache without downloading.
    calls.clear()
    assert references.resolve_references(paper, None, keys=["12"]).found == report.found
    assert calls == []


def test_load_references_reads_cited_papers(paper: Document, tmp_path: Path) -> None:
    folder = tmp_path / "refs"
    pdf_factory.reference_pdfs(folder, ["1902.04655"])
    pdf_factory.corrupt_pdf(folder, "1701.00001.pdf")
    documents, report = references.load_references(paper, folder)
    assert list(documents) == ["12"]
    assert documents["12"].kind == "reference"
    assert documents["12"].title == "Referenced paper 1902.04655"
    assert "7" in {e.key for e in report.missing} and "CorruptPdfError" not in report.reasons["7"]
    assert "1701.00001.pdf" in report.reasons["7"]
    # Following "the criteria of Ref. [12]" leads to text in the referenced paper.
    text = paper.page(1).text
    start = text.index("following the criteria of")
    keys = references.cited_keys_near(paper, 1, start)
    assert keys == ["12"]
    assert "track isolation is below 0.15" in documents[keys[0]].page(1).text
