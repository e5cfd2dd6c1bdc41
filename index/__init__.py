"""hep-repro index layer: chunks of papers, references, API docs and schemas in Qdrant, searched
by hybrid (dense MiniLM + sparse BM25) retrieval, returned as `corpus.document.Evidence`.

    from index import Index
    with Index.open() as idx:                       # or Index.open(path=DIR) / Index.open(url=URL)
        idx.ingest(["paper.pdf"], references_dir="refs/")
        hits = idx.search("m12 window", k=5, kind="paper")

Heavy libraries (torch, llama-index, qdrant-client) load on first use, not on import.
"""

from index.core import Index, IndexClosedError, ReferencesFolderError
from index.ingestion import FileOutcome, IngestReport
from index.manifest import DocumentInfo
from index.retrieval import SearchError
from index.store import IndexConnectionError, IndexLockedError

__all__ = [
    "DocumentInfo",
    "FileOutcome",
    "Index",
    "IndexClosedError",
    "IndexConnectionError",
    "IndexLockedError",
    "IngestReport",
    "ReferencesFolderError",
    "SearchError",
]
