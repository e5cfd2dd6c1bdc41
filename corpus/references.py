"""References: citation markers in the text, the bibliography entries they point to, and the
cited papers themselves as local PDFs.

* `citations(document)` finds markers such as "[12]", "[3,5]", "[7–9]" in the visible text and
  expands them to bibliography keys; `cited_keys_near(document, page, start, end)` gives the
  keys cited in the sentence around a span, so that "the isolation criteria of Ref. [12]" can
  be followed into the referenced paper.
* `resolve_references(document, references_dir)` finds a PDF for every bibliography entry: in
  the references folder (files named by arXiv id — "1902.04655.pdf", "1902.04655v2.pdf",
  "hep-ex_0601001.pdf" — or by DOI with "/" as "_"), then in the cache
  (`assistant.config.cache_dir() / "references"`), then, only when
  `assistant.config.network_allowed()`, by downloading from arXiv into that cache. Missing
  references are listed, never fatal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import config
from corpus.document import BibEntry, Document
from corpus.text import split_sentences

if TYPE_CHECKING:
    from corpus.pdf import PdfLimits

# "[12]", "[3,5]", "[3, 5, 8]", "[7–9]", "[7-9, 12]"; en dash, hyphen or minus in ranges.
CITATION_MARKER = re.compile(r"\[(\s*\d{1,4}(?:\s*[,;\u2013\u2014\u2212-]\s*\d{1,4})*\s*)\]")
MAX_RANGE = 60
ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$")
ARXIV_ARCHIVES = "hep-ex|hep-ph|hep-th|hep-lat|astro-ph|nucl-ex|nucl-th|gr-qc|math-ph|quant-ph|cond-mat|physics|math|cs|nlin|q-bio|stat"
ARXIV_OLD = re.compile(rf"^((?:{ARXIV_ARCHIVES})(?:\.[A-Za-z]{{2}})?)[/_]?(\d{{7}})(?:v\d+)?$", re.IGNORECASE)
ARXIV_PDF_URL = "https://arxiv.org/pdf/{id}"


@dataclass(frozen=True)
class Citation:
    """One citation marker in `Page.text`: its span and the keys it cites."""

    page: int
    start: int
    end: int
    keys: tuple[str, ...]


def expand_marker(inner: str) -> list[str]:
    """Keys cited by the inside of a marker: "3,5" → ["3", "5"]; "7–9" → ["7", "8", "9"]."""
    keys: list[str] = []
    for part in re.split(r"\s*[,;]\s*", inner.strip()):
        bounds = [b for b in re.split(r"\s*[\u2013\u2014\u2212-]\s*", part) if b]
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high and high - low <= MAX_RANGE:
                keys += [str(k) for k in range(low, high + 1)]
                continue
        keys += [b for b in bounds if b.isdigit()]
    return list(dict.fromkeys(str(int(k)) for k in keys))


def citations(document: Document) -> list[Citation]:
    """Citation markers in the visible text outside the bibliography. When the document has a
    bibliography, only keys it contains count (so "[0, 1]" as an interval is not a citation)."""
    known = {entry.key for entry in document.bibliography}
    found: list[Citation] = []
    for page in document.pages:
        skip = [(b.start, b.end) for b in page.blocks if b.kind == "bibliography"]
        for match in CITATION_MARKER.finditer(page.text):
            if any(start <= match.start() < end for start, end in skip):
                continue
            keys = tuple(k for k in expand_marker(match.group(1)) if not known or k in known)
            if keys:
                found.append(Citation(page.number, match.start(), match.end(), keys))
    return found


def entries(document: Document, keys: list[str] | tuple[str, ...]) -> list[BibEntry]:
    """The bibliography entries for `keys`, in the order given (unknown keys skipped)."""
    by_key = {entry.key: entry for entry in document.bibliography}
    return [by_key[k] for k in keys if k in by_key]


def _sentence_boundaries(text: str) -> list[int]:
    """Offsets where sentences start (not after "Ref.", "Fig.", "et al." and the like)."""
    return [start for start, _ in split_sentences(text)]


def cited_keys_near(
    document: Document, page: int, start: int, end: int | None = None, window: int = 300
) -> list[str]:
    """Keys cited in the sentence(s) that contain Page.text[start:end] of `page`, closest first;
    when that sentence cites nothing, markers within `window` characters. Use it to follow
    "the isolation criteria of Ref. [12]" into reference 12."""
    end = start if end is None else end
    text = document.page(page).text
    boundaries = [0, *_sentence_boundaries(text), len(text)]
    sentence_start = max((b for b in boundaries if b <= start), default=0)
    sentence_end = min((b for b in boundaries if b >= end and b > sentence_start), default=len(text))
    on_page = [c for c in citations(document) if c.page == page]

    def distance(c: Citation) -> int:
        return 0 if c.start < end and c.end > start else min(abs(c.start - end), abs(start - c.end))

    inside = [c for c in on_page if c.start >= sentence_start and c.end <= sentence_end]
    chosen = inside or [c for c in on_page if distance(c) <= window]
    keys: list[str] = []
    for citation in sorted(chosen, key=distance):
        keys += [k for k in citation.keys if k not in keys]
    return keys


# --------------------------------------------------------------------------- identifiers
def normalise_arxiv_id(text: str) -> str | None:
    """Canonical arXiv id without version: "arXiv:1902.04655v2" → "1902.04655",
    "hep-ex_0601001" → "hep-ex/0601001"; None when `text` is not one."""
    value = text.strip()
    value = re.sub(r"^(?:arxiv[:_\- ]?|https?://arxiv\.org/(?:abs|pdf)/)", "", value, flags=re.IGNORECASE)
    value = re.sub(r"\.pdf$", "", value, flags=re.IGNORECASE)
    match = ARXIV_NEW.match(value)
    if match:
        return match.group(1)
    match = ARXIV_OLD.match(value)
    if match:
        return f"{match.group(1)}/{match.group(2)}"
    return None


def _file_keys(path: Path) -> set[str]:
    """The identifiers a file name stands for: an arXiv id and/or a DOI."""
    stem = path.stem
    keys = set()
    arxiv = normalise_arxiv_id(stem)
    if arxiv:
        keys.add(f"arxiv:{arxiv}")
    if stem.lower().startswith("10."):
        keys.add("doi:" + stem.lower().replace("_", "/"))
    return keys


def _version(path: Path) -> int:
    match = re.search(r"v(\d+)$", path.stem)
    return int(match.group(1)) if match else 0


@dataclass
class _Folder:
    """The PDFs of one folder by identifier (highest arXiv version first)."""

    files: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def scan(cls, folder: Path | None) -> _Folder:
        index = cls()
        if folder is None or not folder.is_dir():
            return index
        for path in sorted(folder.rglob("*"), key=lambda p: (str(p.parent), -_version(p), p.name)):
            if path.suffix.lower() != ".pdf" or not path.is_file():
                continue
            for key in _file_keys(path):
                index.files.setdefault(key, path)
        return index

    def find(self, entry: BibEntry) -> Path | None:
        if entry.arxiv:
            arxiv = normalise_arxiv_id(entry.arxiv)
            if arxiv and f"arxiv:{arxiv}" in self.files:
                return self.files[f"arxiv:{arxiv}"]
        if entry.doi and f"doi:{entry.doi.lower()}" in self.files:
            return self.files[f"doi:{entry.doi.lower()}"]
        return None


def local_reference_files(entries: list[BibEntry], folder: Path) -> list[Path]:
    """The PDFs in `folder` (named by arXiv id or DOI) for these bibliography entries, in order."""
    local = _Folder.scan(folder)
    found: list[Path] = []
    for entry in entries:
        path = local.find(entry)
        if path is not None and path not in found:
            found.append(path)
    return found


def reference_cache_dir() -> Path:
    path = config.cache_dir() / "references"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_file_name(arxiv_id: str) -> str:
    return arxiv_id.replace("/", "_") + ".pdf"


class ReferenceDownloadError(RuntimeError):
    """A cited paper could not be downloaded (network off, HTTP error, or not a PDF)."""


def download_arxiv(arxiv_id: str, folder: Path | None = None, timeout: float = 30.0) -> Path:
    """Download the PDF of `arxiv_id` into `folder` (default: the reference cache). Refuses when
    the network is not allowed (set HEP_REPRO_NETWORK=1 to allow it)."""
    if not config.network_allowed():
        raise ReferenceDownloadError(
            f"arXiv:{arxiv_id} is not available locally and downloads are off; put the PDF in the "
            "references folder, or set HEP_REPRO_NETWORK=1 to allow downloading it"
        )
    canonical = normalise_arxiv_id(arxiv_id)
    if canonical is None:
        raise ReferenceDownloadError(f"{arxiv_id!r} is not an arXiv identifier")
    import httpx

    url = ARXIV_PDF_URL.format(id=canonical)
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True, headers={"User-Agent": "hep-repro"})
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise ReferenceDownloadError(f"downloading {url} failed: {exc}") from exc
    if not response.content.startswith(b"%PDF-"):
        raise ReferenceDownloadError(
            f"{url} did not return a PDF (content type {response.headers.get('content-type')})"
        )
    target = (folder or reference_cache_dir()) / cache_file_name(canonical)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(response.content)
    partial.replace(target)
    return target


# --------------------------------------------------------------------------- resolution
@dataclass
class ReferenceReport:
    """Where each bibliography entry was found; what is missing (and why, in `reasons`)."""

    found: dict[str, Path] = field(default_factory=dict)
    missing: list[BibEntry] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)

    def render(self) -> str:
        lines = [f"{len(self.found)} reference(s) found, {len(self.missing)} missing"]
        lines += [f"  [{key}] {path}" for key, path in self.found.items()]
        for entry in self.missing:
            lines.append(
                f"  [{entry.key}] missing: {self.reasons.get(entry.key, 'no identifier')} — {entry.text[:80]}"
            )
        return "\n".join(lines)


def resolve_references(
    document: Document,
    references_dir: str | Path | None = None,
    *,
    download: bool | None = None,
    keys: list[str] | None = None,
) -> ReferenceReport:
    """Find a PDF for each bibliography entry (or only those in `keys`): the references folder,
    then the cache, then arXiv when `download` (default: `config.network_allowed()`)."""
    folder = Path(references_dir) if references_dir is not None else None
    local = _Folder.scan(folder)
    cache = _Folder.scan(reference_cache_dir())
    allow_download = config.network_allowed() if download is None else download and config.network_allowed()
    report = ReferenceReport()
    wanted = document.bibliography if keys is None else entries(document, keys)
    for entry in wanted:
        path = local.find(entry) or cache.find(entry)
        if path is None and entry.arxiv and allow_download:
            try:
                path = download_arxiv(entry.arxiv)
            except ReferenceDownloadError as exc:
                report.reasons[entry.key] = str(exc)
        if path is not None:
            report.found[entry.key] = path
            continue
        report.missing.append(entry)
        if entry.key not in report.reasons:
            if entry.arxiv or entry.doi:
                ident = f"arXiv:{entry.arxiv}" if entry.arxiv else f"doi:{entry.doi}"
                if folder is None:
                    where = "in the cache (no references folder given)"
                elif not folder.is_dir():
                    where = f"in the cache ({folder} is not a folder)"
                else:
                    where = f"in {folder} or the cache"
                report.reasons[entry.key] = f"{ident} not found {where}" + (
                    "" if allow_download else "; downloads are off"
                )
            else:
                report.reasons[entry.key] = "the entry has no arXiv id or DOI"
    return report


def load_references(
    document: Document,
    references_dir: str | Path | None = None,
    *,
    keys: list[str] | None = None,
    limits: PdfLimits | None = None,
) -> tuple[dict[str, Document], ReferenceReport]:
    """Resolve and read the cited papers: ({key: Document(kind="reference")}, report). A
    reference PDF that cannot be read is moved to `report.missing` with the reader's error."""
    from corpus.pdf import PdfError, read_pdf

    report = resolve_references(document, references_dir, keys=keys)
    documents: dict[str, Document] = {}
    by_key = {entry.key: entry for entry in document.bibliography}
    for key, path in list(report.found.items()):
        try:
            referenced = read_pdf(path, limits=limits)
        except (PdfError, OSError) as exc:
            del report.found[key]
            report.missing.append(by_key[key])
            report.reasons[key] = str(exc)
            continue
        referenced.kind = "reference"
        documents[key] = referenced
    return documents, report


__all__ = [
    "Citation",
    "ReferenceDownloadError",
    "ReferenceReport",
    "cited_keys_near",
    "citations",
    "download_arxiv",
    "entries",
    "expand_marker",
    "load_references",
    "local_reference_files",
    "normalise_arxiv_id",
    "resolve_references",
]
