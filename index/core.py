"""`Index`: the retrieval layer's one entry point (open, ingest, add, search, list).

    idx = Index.open()                       # local folder (default: the user's data folder)
    idx = Index.open(url="http://host:6333")  # or a Qdrant server / cluster
    idx.ingest(["paper.pdf"], references_dir="refs/")
    idx.add_document(doc)                     # any corpus.document.Document
    idx.search("m12 window", k=5, kind="paper") -> list[Evidence]

Within one process, opening the same local folder twice returns the same (reference-counted)
object; another process gets `IndexLockedError`. All operations on one index are serialised
(Qdrant's local mode must not be written from several threads).
"""

from __future__ import annotations

import atexit
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.document import Document, Evidence
from index import store
from index.chunking import chunk_document
from index.ingestion import IngestReport, Reader, ingest_files
from index.manifest import DocumentInfo, Manifest
from index.retrieval import SearchMode, dbsf_fusion
from index.retrieval import search as _search

if TYPE_CHECKING:
    from qdrant_client import QdrantClient

_registry: dict[str, Index] = {}
_registry_lock = threading.Lock()


@atexit.register
def _close_all() -> None:
    """Close indexes still open at exit (Qdrant's local client otherwise complains on shutdown)."""
    for index in list(_registry.values()):
        index._refs = 1
        index.close()


class IndexClosedError(RuntimeError):
    """The index was used after `close()`."""


class Index:
    """A searchable collection of documents (papers, references, API docs, schemas)."""

    def __init__(self, client: QdrantClient, collection: str, manifest: Manifest, location: str) -> None:
        self._client: QdrantClient | None = client
        self.collection = collection
        self.manifest = manifest
        self.location = location
        self._store = store.vector_store(client, collection, dbsf_fusion)
        self._lock = threading.RLock()
        self._refs = 1
        self._key = ""  # registry key (set by open)

    # --- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        url: str | None = None,
        collection: str = store.DEFAULT_COLLECTION,
    ) -> Index:
        """Open (creating if needed) the index in folder `path` or on the Qdrant server `url`.

        With neither, the folder is `assistant.config.default_index_dir()`. With a server, the
        ingestion manifest lives in `path` if given, else in the user's data folder."""
        from assistant import config
        from index.embeddings import disable_llamaindex_llm

        disable_llamaindex_llm()
        if url:
            key = f"{url}#{collection}"
            manifest_dir = Path(path) if path else config.home() / "index-manifests" / _slug(key)
        else:
            folder = Path(path) if path else config.default_index_dir()
            folder = folder.expanduser().resolve()
            key = f"{folder}#{collection}"
            manifest_dir = folder
        with _registry_lock:
            live = _registry.get(key)
            if live is not None and live._client is not None:
                live._refs += 1
                return live
            client = store.connect(url=url) if url else store.connect(path=manifest_dir)
            manifest_name = (
                "manifest.sqlite"
                if collection == store.DEFAULT_COLLECTION
                else f"manifest-{_slug(collection)}.sqlite"
            )
            index = cls(client, collection, Manifest(manifest_dir / manifest_name), url or str(manifest_dir))
            index._key = key
            _registry[key] = index
            return index

    def close(self) -> None:
        """Release this handle; the client closes when the last handle in the process is closed."""
        with _registry_lock:
            if self._client is None:
                return
            self._refs -= 1
            if self._refs > 0:
                return
            _registry.pop(self._key, None)
            client, self._client = self._client, None
        self.manifest.close()
        client.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def client(self) -> QdrantClient:
        if self._client is None:
            raise IndexClosedError(f"the index at {self.location} is closed; open it again with Index.open()")
        return self._client

    # --- writing -------------------------------------------------------------------------

    def add_document(self, doc: Document, *, replace: bool = False) -> DocumentInfo:
        """Chunk, embed and store `doc`. A document already indexed (same id) is skipped,
        unless `replace`, which first removes its old chunks (used to resume a crashed file)."""
        from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode

        from index.embeddings import embed_texts

        with self._lock:
            client = self.client
            known = self.manifest.document(doc.id)
            if known is not None and not replace:
                return known
            chunks = chunk_document(doc)
            vectors = embed_texts([_embedding_text(c.text, c.section) for c in chunks])
            nodes: list[BaseNode] = []
            for chunk, vector in zip(chunks, vectors, strict=True):
                meta = chunk.metadata()
                node = TextNode(
                    id_=store.point_id(chunk.id),
                    text=chunk.text,
                    metadata=meta,
                    embedding=vector,
                    excluded_embed_metadata_keys=list(meta),
                    excluded_llm_metadata_keys=list(meta),
                )
                node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=doc.id)
                nodes.append(node)
            store.delete_document(client, self.collection, doc.id)
            if nodes:
                self._store.add(nodes)
            info = DocumentInfo(
                id=doc.id,
                title=doc.title,
                kind=doc.kind,
                path=doc.path,
                pages=len(doc.pages),
                chunks=len(nodes),
            )
            self.manifest.record_document(info)
            return info

    def ingest(
        self,
        paths: Sequence[str | Path],
        kind: str = "paper",
        references_dir: str | Path | None = None,
        *,
        reader: Reader | None = None,
    ) -> IngestReport:
        """Ingest PDF files (and the PDFs in folders). With `references_dir`, the papers each
        ingested paper cites and that are found there are ingested too, as kind "reference"."""
        with self._lock:
            report = ingest_files(self, paths, kind=kind, reader=reader)
            if references_dir is not None:
                cited = self._cited_files(report, Path(references_dir))
                if cited:
                    more = ingest_files(self, cited, kind="reference", reader=reader)
                    report.files.extend(more.files)
                    report.seconds += more.seconds
            return report

    def add_builtin(self, *, api: bool = True, schemas: bool = True) -> list[DocumentInfo]:
        """Index the documentation shipped with the tool: installed library APIs, Open Data schemas."""
        docs: list[Document] = []
        if schemas:
            from corpus.schemadocs import schema_documents

            docs.extend(schema_documents())
        if api:
            from corpus.apidocs import api_documents

            docs.extend(api_documents())
        return [self.add_document(doc) for doc in docs]

    def remove_document(self, document_id: str) -> None:
        with self._lock:
            store.delete_document(self.client, self.collection, document_id)
            self.manifest.forget_document(document_id)

    # --- reading -------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 5,
        kind: str | Sequence[str] | None = None,
        document: str | Sequence[str] | None = None,
        *,
        mode: SearchMode = "hybrid",
    ) -> list[Evidence]:
        """The `k` chunks that best answer `query`, optionally only of some kinds/documents."""
        with self._lock:
            self.client  # noqa: B018 - raises IndexClosedError when closed
            return _search(self._store, query, k=k, kind=kind, document=document, mode=mode)

    def documents(self) -> list[DocumentInfo]:
        """Documents in the index (id, title, kind, path, pages, chunks)."""
        with self._lock:
            return self.manifest.documents()

    def evidence(self, evidence_id: str) -> Evidence | None:
        """The indexed chunk with this evidence id, if any."""
        from llama_index.core.vector_stores.utils import metadata_dict_to_node

        from index.retrieval import node_to_evidence

        with self._lock:
            points = self.client.retrieve(
                self.collection, ids=[store.point_id(evidence_id)], with_payload=True
            )
        if not points or not points[0].payload:
            return None
        return node_to_evidence(metadata_dict_to_node(points[0].payload), None)

    def __len__(self) -> int:
        with self._lock:
            return store.count_points(self.client, self.collection)

    def __repr__(self) -> str:
        return f"Index({self.location!r}, collection={self.collection!r})"

    # --- references ----------------------------------------------------------------------

    def _cited_files(self, report: IngestReport, folder: Path) -> list[Path]:
        """Local PDFs in `folder` for the bibliography entries of the papers of this ingest
        (papers skipped as already indexed are read again for their bibliography)."""
        from corpus.references import local_reference_files
        from index.ingestion import default_reader

        if not folder.is_dir():
            raise ReferencesFolderError(f"references folder {folder} does not exist or is not a folder")
        wanted: list[Path] = []
        for outcome in report.files:
            if outcome.document is None:
                continue
            entries = report.bibliographies.get(outcome.document)
            if entries is None:
                try:
                    entries = list(default_reader(Path(outcome.path)).bibliography)
                except Exception:  # an unreadable paper has no usable bibliography
                    entries = []
            for path in local_reference_files(entries, folder):
                if path not in wanted:
                    wanted.append(path)
        return wanted


class ReferencesFolderError(FileNotFoundError):
    """The --references folder is missing."""


def _embedding_text(text: str, section: str | None) -> str:
    """What the dense model sees: the section title (short) gives a chunk its context."""
    if not section or text.startswith(section):
        return text
    return f"{section[:60]}: {text}"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:80]
