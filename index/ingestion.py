"""Ingest files into an index: hash, deduplicate, read, index, record — one file at a time.

The manifest is updated before and after every file, so a crash resumes where it stopped and a
file that cannot be read (the corpus layer's typed `PdfError`, or any other reading error) is
recorded as failed with its reason while the rest of the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from corpus.document import BibEntry, Document, content_hash

if TYPE_CHECKING:
    from index.core import Index

Reader = Callable[[Path], Document]
OutcomeStatus = Literal["ok", "duplicate", "already-indexed", "failed"]
INPUT_SUFFIXES = (".pdf",)


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input file."""

    path: str
    status: OutcomeStatus
    kind: str = "paper"
    document: str | None = None
    title: str = ""
    pages: int = 0
    chunks: int = 0
    reason: str | None = None
    error_type: str | None = None
    duplicate_of: str | None = None  # path first ingested with the same content
    seconds: float = 0.0


@dataclass
class IngestReport:
    """Outcome of one `Index.ingest` call, with throughput of the files actually indexed."""

    files: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    #: bibliographies of the documents read in this call, by document id (to follow references)
    bibliographies: dict[str, list[BibEntry]] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "ok"]

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def skipped(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status in ("duplicate", "already-indexed")]

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.ok)

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.ok)

    def rates(self) -> tuple[float, float]:
        """(pages/s, chunks/s) over the files indexed in this call."""
        busy = sum(f.seconds for f in self.ok)
        return (self.pages / busy, self.chunks / busy) if busy > 0 else (0.0, 0.0)

    def render(self) -> str:
        lines = []
        for f in self.files:
            what = f"{f.status:<15} {f.path}"
            if f.status == "ok":
                what += f"  [{f.kind}] {f.title or f.document}: {f.pages} pages, {f.chunks} chunks, {f.seconds:.1f}s"
            elif f.status == "duplicate":
                what += f"  same content as {f.duplicate_of}"
            elif f.status == "failed":
                what += f"  {f.error_type}: {f.reason}"
            lines.append(what)
        pps, cps = self.rates()
        lines.append(
            f"{len(self.ok)} indexed, {len(self.skipped)} skipped, {len(self.failed)} failed; "
            f"{self.pages} pages, {self.chunks} chunks in {self.seconds:.1f}s"
            + (f" ({pps:.1f} pages/s, {cps:.1f} chunks/s)" if self.ok else "")
        )
        return "\n".join(lines)


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest: the given files, and the PDFs directly inside given folders (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            )
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def default_reader(path: Path) -> Document:
    from corpus.pdf import read_pdf

    return read_pdf(path)


def reading_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean "this file cannot be read" (recorded; the batch goes on)."""
    errors: list[type[BaseException]] = [OSError, ValueError, UnicodeError]
    try:
        from corpus.pdf import PdfError

        errors.insert(0, PdfError)
    except ImportError:
        pass
    return tuple(errors)


def ingest_files(
    index: Index,
    paths: Sequence[str | Path],
    *,
    kind: str = "paper",
    reader: Reader | None = None,
) -> IngestReport:
    """Index every readable file of `paths` as documents of `kind` (see module docstring)."""
    read = reader or default_reader
    recoverable = reading_errors()
    report = IngestReport()
    began = time.perf_counter()
    manifest = index.manifest
    files = input_files(paths)
    if files:
        from index.embeddings import embed_model

        embed_model()  # load once up front, so per-file times measure reading and indexing only
    for path in files:
        t0 = time.perf_counter()
        try:
            data = path.read_bytes()
        except OSError as err:
            reason = "no such file" if isinstance(err, FileNotFoundError) else str(err)
            report.files.append(
                FileOutcome(str(path), "failed", kind, reason=reason, error_type=type(err).__name__)
            )
            continue
        digest = content_hash(data)
        previous = manifest.get(digest)
        if previous is not None and previous.status == "ok":
            same_file = previous.path == str(path)
            manifest.add_alias(str(path), digest)
            report.files.append(
                FileOutcome(
                    str(path),
                    "already-indexed" if same_file else "duplicate",
                    previous.kind,
                    document=previous.document,
                    title=previous.title or "",
                    duplicate_of=None if same_file else previous.path,
                )
            )
            continue
        manifest.mark_pending(digest, str(path), kind)
        try:
            doc = read(path)
        except recoverable as err:
            manifest.mark_failed(digest, reason=str(err), error_type=type(err).__name__)
            report.files.append(
                FileOutcome(str(path), "failed", kind, reason=str(err), error_type=type(err).__name__)
            )
            continue
        doc = doc.model_copy(update={"kind": kind, "path": doc.path or str(path)})
        report.bibliographies[doc.id] = list(doc.bibliography)
        try:
            info = index.add_document(doc, replace=True)
        except BaseException as err:
            manifest.mark_failed(digest, reason=f"indexing failed: {err}", error_type=type(err).__name__)
            raise
        manifest.mark_ok(digest, document=doc.id, title=doc.title, pages=len(doc.pages), chunks=info.chunks)
        report.files.append(
            FileOutcome(
                str(path),
                "ok",
                kind,
                document=doc.id,
                title=doc.title,
                pages=len(doc.pages),
                chunks=info.chunks,
                seconds=time.perf_counter() - t0,
            )
        )
    report.seconds = time.perf_counter() - began
    return report
