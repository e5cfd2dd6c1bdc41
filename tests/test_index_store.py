"""The Index: ingestion (dedup, resume, bad files), stable ids, filters, hybrid vs dense, locking.

Documents are small and built in the test (a tiny text reader stands in for the PDF reader), so
the whole file embeds a few dozen short chunks; the model loads once per session."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from corpus.document import BibEntry, Document, Page, content_hash
from index import Index, IndexLockedError, ReferencesFolderError
from index.chunking import chunk_document
from index.embeddings import embed_model

PAPER = [
    "Event selection. Events are selected with single-lepton, dilepton and trilepton triggers. "
    "Each event must contain at least one collision vertex.",
    "Electrons must satisfy ET > 7 GeV and |eta| < 2.47. Muons must satisfy pT > 5 GeV and |eta| < 2.7. "
    "The transverse impact parameter significance |d0|/sigma(d0) must be below 5 for electrons and 3 for muons. "
    "The longitudinal impact parameter must satisfy |z0 sin theta| < 0.5 mm.",
    "The leading pair mass m12 must lie between 50 and 106 GeV. The subleading pair mass m34 must lie between "
    "12 and 115 GeV. Leptons must be separated by Delta R > 0.1.",
]
REFERENCE = [
    "Lepton isolation. The track isolation is the scalar sum of track momenta in a cone around the lepton, "
    "divided by the lepton pT; it must be below 0.15. Calorimeter isolation uses topological clusters.",
]
SCHEMA_LINES = "\n".join(
    [
        "runNumber (uint32): run number",
        "lep_pt (var * float32, GeV): lepton transverse momentum",
        "lep_eta (var * float32): lepton pseudorapidity",
        "lep_z0 (var * float32, mm): longitudinal impact parameter",
        "lep_d0 (var * float32, mm): transverse impact parameter",
        "lep_d0sig (var * float32): significance of d0",
        "lep_ptvarcone30 (var * float32, GeV): track isolation",
        "lep_topoetcone20 (var * float32, GeV): calorimeter isolation",
    ]
)


class FakeCorruptPdfError(ValueError):
    """Stands in for corpus.pdf.CorruptPdfError."""


class SimulatedCrash(BaseException):
    """A crash in the middle of a batch (not an error the ingestion may swallow)."""


def write_paper(path: Path, pages: list[str]) -> Path:
    path.write_text("\f".join(pages), encoding="utf-8")
    return path


def text_reader(path: Path) -> Document:
    """A stand-in for corpus.pdf.read_pdf: pages separated by form feeds; '%CORRUPT' fails."""
    data = path.read_bytes()
    if data.startswith(b"%CORRUPT"):
        raise FakeCorruptPdfError(f"{path.name}: cross-reference table is damaged")
    pages = data.decode().split("\f")
    return Document(
        id=content_hash(data),
        path=str(path),
        title=path.stem,
        pages=[Page(number=i, text=t) for i, t in enumerate(pages, 1)],
    )


def doc_of(doc_id: str, kind: str, pages: list[str], title: str) -> Document:
    return Document(
        id=doc_id, title=title, kind=kind, pages=[Page(number=i, text=t) for i, t in enumerate(pages, 1)]
    )  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def model() -> object:
    return embed_model()  # loads once; every test below reuses it


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory: pytest.TempPathFactory, model: object) -> Index:
    folder = tmp_path_factory.mktemp("shared-index")
    index = Index.open(path=folder)
    index.add_document(doc_of("paper-1", "paper", PAPER, "H to ZZ to 4l"))
    index.add_document(doc_of("ref-1", "reference", REFERENCE, "Lepton performance"))
    index.add_document(doc_of("schema-1", "schema", [SCHEMA_LINES], "Open Data schema atlas-2025e"))
    yield index
    index.close()


def test_search_returns_evidence_quoting_the_page(shared_index: Index) -> None:
    hits = shared_index.search("What is the window on the leading pair mass?", k=3)
    assert hits and hits[0].document == "paper-1" and hits[0].page == 3
    assert "50 and 106 GeV" in hits[0].text
    assert all(h.score is not None for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    # the evidence is exactly the indexed span of the page
    page_text = PAPER[hits[0].page - 1]
    assert page_text[hits[0].start : hits[0].end] == hits[0].text
    again = shared_index.evidence(hits[0].id)
    assert again is not None and again.text == hits[0].text and again.page == 3
    assert shared_index.evidence("ev-000000000000") is None


def test_filters_by_kind_and_document(shared_index: Index) -> None:
    query = "impact parameter significance"
    assert {h.kind for h in shared_index.search(query, k=10, kind="schema")} == {"schema"}
    assert {h.document for h in shared_index.search(query, k=10, document="paper-1")} == {"paper-1"}
    both = shared_index.search(query, k=10, kind=["paper", "reference"])
    assert {h.kind for h in both} <= {"paper", "reference"} and len(both) >= 2
    assert shared_index.search(query, k=10, kind="api") == []
    assert shared_index.search(query, k=10, kind="paper", document="ref-1") == []


def test_hybrid_finds_an_exact_branch_name_that_dense_ranks_lower(shared_index: Index) -> None:
    query = "lep_d0sig"
    target_doc = "schema-1"

    def rank(mode: str) -> int:
        hits = shared_index.search(query, k=5, mode=mode)  # type: ignore[arg-type]
        ids = [h.document for h in hits]
        return ids.index(target_doc) if target_doc in ids else 99

    assert rank("sparse") == 0
    assert rank("hybrid") == 0
    assert rank("dense") > rank("hybrid")


def test_documents_lists_what_was_added(shared_index: Index) -> None:
    docs = {d.id: d for d in shared_index.documents()}
    assert set(docs) == {"paper-1", "ref-1", "schema-1"}
    assert docs["paper-1"].pages == 3 and docs["paper-1"].kind == "paper"
    expected_chunks = len(chunk_document(doc_of("paper-1", "paper", PAPER, "H to ZZ to 4l")))
    assert docs["paper-1"].chunks == expected_chunks
    assert len(shared_index) == sum(d.chunks for d in docs.values())


def test_bad_file_is_recorded_and_the_batch_continues(tmp_path: Path, model: object) -> None:
    good1 = write_paper(tmp_path / "a.pdf", PAPER)
    bad = tmp_path / "b.pdf"
    bad.write_bytes(b"%CORRUPT not really a pdf")
    good2 = write_paper(tmp_path / "c.pdf", REFERENCE)
    with Index.open(path=tmp_path / "idx") as index:
        report = index.ingest([good1, bad, tmp_path / "missing.pdf", good2], reader=text_reader)
        assert [f.status for f in report.files] == ["ok", "failed", "failed", "ok"]
        failed = report.files[1]
        assert failed.error_type == "FakeCorruptPdfError" and "damaged" in (failed.reason or "")
        assert report.files[2].reason == "no such file"
        entry = index.manifest.get(content_hash(bad.read_bytes()))
        assert entry is not None and entry.status == "failed" and "damaged" in (entry.reason or "")
        assert report.pages == len(PAPER) + len(REFERENCE)
        # a rerun skips what is indexed and tries the failed file again
        again = index.ingest([tmp_path], reader=text_reader)
        assert sorted((Path(f.path).name, f.status) for f in again.files) == [
            ("a.pdf", "already-indexed"),
            ("b.pdf", "failed"),
            ("c.pdf", "already-indexed"),
        ]


def test_same_content_under_another_name_is_indexed_once(tmp_path: Path, model: object) -> None:
    original = write_paper(tmp_path / "paper.pdf", PAPER)
    copy = tmp_path / "renamed-copy.pdf"
    copy.write_bytes(original.read_bytes())
    with Index.open(path=tmp_path / "idx") as index:
        report = index.ingest([original, copy], reader=text_reader)
        assert [f.status for f in report.files] == ["ok", "duplicate"]
        assert report.files[1].duplicate_of == str(original)
        assert len(index.documents()) == 1
        points = len(index)
        index.ingest([copy], reader=text_reader)
        assert len(index) == points
        assert str(copy) in index.manifest.aliases(content_hash(original.read_bytes()))


def test_resume_after_a_crash(tmp_path: Path, model: object) -> None:
    files = [write_paper(tmp_path / f"p{i}.pdf", [f"Paper {i}. " + PAPER[i % 3]]) for i in range(3)]
    calls: list[str] = []
    crash_on = {"p1.pdf"}

    def crashing_reader(path: Path) -> Document:
        calls.append(path.name)
        if path.name in crash_on:
            raise SimulatedCrash("power cut")
        return text_reader(path)

    folder = tmp_path / "idx"
    index = Index.open(path=folder)
    with pytest.raises(SimulatedCrash):
        index.ingest(files, reader=crashing_reader)
    index.close()

    crash_on.clear()
    calls.clear()
    with Index.open(path=folder) as index:
        by_name = {Path(e.path).name: e.status for e in index.manifest.entries()}
        assert by_name == {"p0.pdf": "ok", "p1.pdf": "pending"}  # saved after each file
        report = index.ingest(files, reader=crashing_reader)
        assert calls == ["p1.pdf", "p2.pdf"]  # p0 is not read again
        assert [f.status for f in report.files] == ["already-indexed", "ok", "ok"]
        assert len(index.documents()) == 3


def test_cited_references_found_in_the_folder_are_ingested(tmp_path: Path, model: object) -> None:
    main = write_paper(tmp_path / "main.pdf", PAPER)
    refs = tmp_path / "refs"
    refs.mkdir()
    write_paper(refs / "1902.04655v2.pdf", REFERENCE)  # cited, with a version suffix
    write_paper(refs / "0000.00000.pdf", ["Not cited by anyone."])

    def reader(path: Path) -> Document:
        doc = text_reader(path)
        if path.name == "main.pdf":
            doc.bibliography = [
                BibEntry(key="12", text="Lepton performance, arXiv:1902.04655", arxiv="1902.04655"),
                BibEntry(key="13", text="Muon performance, arXiv:1603.05598", arxiv="1603.05598"),  # absent
                BibEntry(key="14", text="A report without an arXiv id"),
            ]
        return doc

    with Index.open(path=tmp_path / "idx") as index:
        report = index.ingest([main], references_dir=refs, reader=reader)
        assert [(Path(f.path).name, f.status, f.kind) for f in report.files] == [
            ("main.pdf", "ok", "paper"),
            ("1902.04655v2.pdf", "ok", "reference"),
        ]
        assert {d.kind for d in index.documents()} == {"paper", "reference"}
        assert {h.kind for h in index.search("track isolation cone", k=3, kind="reference")} == {"reference"}
        with pytest.raises(ReferencesFolderError, match="does not exist"):
            index.ingest([main], references_dir=tmp_path / "nope", reader=reader)


def test_ids_are_stable_across_reingest(tmp_path: Path, model: object) -> None:
    paper = write_paper(tmp_path / "paper.pdf", PAPER)

    def all_ids(index: Index) -> set[str]:
        return {h.id for h in index.search("lepton mass GeV", k=50)}

    with Index.open(path=tmp_path / "one") as first:
        first.ingest([paper], reader=text_reader)
        ids_one = all_ids(first)
        points = len(first)
        # replacing the document (e.g. after a crash) keeps ids and does not duplicate points
        first.add_document(text_reader(paper), replace=True)
        assert all_ids(first) == ids_one and len(first) == points
    with Index.open(path=tmp_path / "two") as second:
        second.ingest([paper], reader=text_reader)
        assert all_ids(second) == ids_one
    assert len(ids_one) == points


def test_a_second_process_gets_a_clear_lock_error(tmp_path: Path, model: object) -> None:
    folder = tmp_path / "locked"
    Index.open(path=folder).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from qdrant_client import QdrantClient
                client = QdrantClient(path={str(folder)!r})
                print("ready", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(IndexLockedError, match="in use by another hep-repro process"):
            Index.open(path=folder)
    finally:
        holder.communicate("", timeout=30)
    # once the other process is gone the folder opens again
    Index.open(path=folder).close()


def test_same_folder_twice_in_one_process_shares_the_index(tmp_path: Path, model: object) -> None:
    a = Index.open(path=tmp_path / "idx")
    b = Index.open(path=tmp_path / "idx")
    assert a is b
    a.close()
    assert b.search("muon", k=1) == []  # still open: one handle left
    b.close()


def test_an_index_opened_in_one_thread_serves_others(tmp_path: Path, model: object) -> None:
    """The UI opens the index once and calls it from worker threads."""
    from concurrent.futures import ThreadPoolExecutor

    paper = write_paper(tmp_path / "paper.pdf", PAPER)
    with Index.open(path=tmp_path / "idx") as index, ThreadPoolExecutor(max_workers=3) as pool:
        pool.submit(index.ingest, [paper], reader=text_reader).result()
        results = list(pool.map(lambda q: index.search(q, k=2), ["m12 window", "muon pT", "trigger"] * 2))
        assert all(len(r) == 2 for r in results)
        assert pool.submit(index.documents).result()[0].pages == len(PAPER)
