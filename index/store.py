"""Qdrant storage of chunks: a local folder by default, a Qdrant server when a URL is given.

One collection holds named dense vectors (MiniLM, cosine) and sparse BM25 vectors
(`Modifier.IDF`, so Qdrant computes IDF from the collection). The llama-index
`QdrantVectorStore` writes and queries it, with our offline sparse encoder (never fastembed).
On a server, payload indexes on `document` and `kind` make the filters fast; local mode scans
(Qdrant's local mode ignores payload indexes and warns about them, so none are created there).

Local mode allows one client per folder and per process: a second opener gets `IndexLockedError`.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.embeddings import EMBED_DIM

if TYPE_CHECKING:
    from llama_index.vector_stores.qdrant import QdrantVectorStore
    from qdrant_client import QdrantClient

DEFAULT_COLLECTION = "hep-repro"
DENSE_VECTOR = "text-dense"
SPARSE_VECTOR = "text-sparse-new"
FILTER_FIELDS = ("document", "kind")
_POINT_NAMESPACE = uuid.UUID("5b0f4f9e-3c55-4a52-9d8a-2f0a5e7c1d11")


class IndexLockedError(RuntimeError):
    """Another process has the local index folder open."""


class IndexConnectionError(RuntimeError):
    """The Qdrant server could not be reached or refused the request."""


def point_id(evidence_id: str) -> str:
    """Qdrant point id (a UUID) of a chunk, derived from its stable evidence id."""
    return str(uuid.uuid5(_POINT_NAMESPACE, evidence_id))


def connect(path: Path | None = None, url: str | None = None) -> QdrantClient:
    """A Qdrant client on a local folder (`path`) or a server (`url`)."""
    from qdrant_client import QdrantClient

    if url:
        try:
            client = QdrantClient(
                url=url,
                api_key=os.environ.get("QDRANT_API_KEY") or None,
                timeout=30,
                check_compatibility=False,  # its background thread only warns; the call below checks
            )
            client.get_collections()
        except Exception as err:  # httpx/grpc errors differ by transport
            raise IndexConnectionError(
                f"cannot reach the Qdrant server at {url}: {err}. Check the URL (e.g. http://localhost:6333), "
                "that the server runs, and QDRANT_API_KEY if it needs one; or use --index DIR for a local index"
            ) from err
        return client
    if path is None:
        raise ValueError("connect() needs a local folder (path) or a Qdrant server URL (url)")
    path.mkdir(parents=True, exist_ok=True)
    try:
        return QdrantClient(path=str(path))
    except RuntimeError as err:
        if "already accessed" in str(err):
            raise IndexLockedError(
                f"the index folder {path} is in use by another hep-repro process (Qdrant's local mode allows "
                "one process per folder). Close the other process, use another --index folder, or run a "
                "Qdrant server and pass --index-url"
            ) from err
        raise


def is_local(client: QdrantClient) -> bool:
    from qdrant_client.local.qdrant_local import QdrantLocal

    return isinstance(getattr(client, "_client", None), QdrantLocal)


def ensure_collection(client: QdrantClient, name: str) -> None:
    """Create the hybrid collection (and, on a server, the payload indexes) if missing."""
    from qdrant_client import models

    if not client.collection_exists(name):
        client.create_collection(
            collection_name=name,
            vectors_config={
                DENSE_VECTOR: models.VectorParams(size=EMBED_DIM, distance=models.Distance.COSINE)
            },
            sparse_vectors_config={SPARSE_VECTOR: _sparse_params()},
        )
    if not is_local(client):
        for field in (*FILTER_FIELDS, "doc_id"):
            client.create_payload_index(name, field_name=field, field_schema=models.PayloadSchemaType.KEYWORD)


def _sparse_params() -> Any:
    from qdrant_client import models

    return models.SparseVectorParams(index=models.SparseIndexParams(), modifier=models.Modifier.IDF)


def vector_store(client: QdrantClient, name: str, fusion: Any) -> QdrantVectorStore:
    """The llama-index store over the collection, with our offline sparse encoder."""
    from llama_index.vector_stores.qdrant import QdrantVectorStore

    from index import sparse

    ensure_collection(client, name)
    return QdrantVectorStore(
        collection_name=name,
        client=client,
        enable_hybrid=True,
        sparse_doc_fn=sparse.encode_documents,
        sparse_query_fn=sparse.encode_queries,
        sparse_config=_sparse_params(),
        hybrid_fusion_fn=fusion,
        dense_vector_name=DENSE_VECTOR,
        sparse_vector_name=SPARSE_VECTOR,
        index_doc_id=not is_local(client),
        batch_size=128,
    )


def count_points(client: QdrantClient, name: str, document: str | None = None) -> int:
    from qdrant_client import models

    flt = None
    if document is not None:
        flt = models.Filter(
            must=[models.FieldCondition(key="document", match=models.MatchValue(value=document))]
        )
    return int(client.count(name, count_filter=flt, exact=True).count)


def delete_document(client: QdrantClient, name: str, document: str) -> None:
    from qdrant_client import models

    client.delete(
        name,
        points_selector=models.FilterSelector(
            filter=models.Filter(
                must=[models.FieldCondition(key="document", match=models.MatchValue(value=document))]
            )
        ),
    )
