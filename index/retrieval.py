"""Hybrid retrieval: dense (MiniLM) and sparse (BM25) rankings, fused.

Dense vectors find paraphrases ("the window on the leading pair's mass"); the sparse ranking
finds exact terms a small embedding model blurs (branch names like `lep_d0sig`, `ak.zip`,
numbers). Both are asked for a deeper candidate list than `k`; distribution-based score fusion
(DBSF, the default) or reciprocal-rank fusion (RRF) merges them, and the top `k` come back as
`Evidence` with the fused score in [0, 1]. On the retrieval benchmark both fusions reach the
same recall@5; DBSF keeps score gaps, so an exact identifier that only the sparse side finds
still comes first (see `dbsf_fusion`).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from corpus.document import Evidence

if TYPE_CHECKING:
    from llama_index.core.vector_stores.types import MetadataFilters, VectorStoreQueryResult
    from llama_index.vector_stores.qdrant import QdrantVectorStore

SearchMode = Literal["hybrid", "dense", "sparse"]
SEARCH_MODES: tuple[SearchMode, ...] = ("hybrid", "dense", "sparse")
RRF_K = 60
CANDIDATES = 30  # per ranking, before fusion


class SearchError(ValueError):
    """A search request that cannot be served as asked."""


def dbsf_fusion(
    dense_result: VectorStoreQueryResult,
    sparse_result: VectorStoreQueryResult,
    alpha: float = 0.5,
    top_k: int = 5,
    **_: Any,
) -> VectorStoreQueryResult:
    """Distribution-based score fusion: each ranking's scores are mapped to [0, 1] using its own
    mean ± 3 standard deviations as limits, then summed with weights alpha (dense) and 1 - alpha
    (sparse). Unlike rank fusion it keeps score gaps: a chunk that is the only one containing an
    exact identifier ("lep_d0sig") stands out in the sparse scores and wins even when the
    dense model ranks it low."""
    scores: dict[str, float] = {}
    nodes: dict[str, Any] = {}
    for weight, result in ((alpha, dense_result), (1.0 - alpha, sparse_result)):
        found = list(zip(result.nodes or [], result.similarities or [], strict=False))
        if not found:
            continue
        values = [float(s) for _, s in found]
        mean = statistics.fmean(values)
        spread = 3 * statistics.pstdev(values)
        low, high = mean - spread, mean + spread
        for node, score in found:
            norm = (float(score) - low) / (high - low) if high > low else 1.0
            scores[node.node_id] = scores.get(node.node_id, 0.0) + weight * min(1.0, max(0.0, norm))
            nodes.setdefault(node.node_id, node)
    return _ranked(scores, nodes, top_k, scale=1.0)


def rrf_fusion(
    dense_result: VectorStoreQueryResult,
    sparse_result: VectorStoreQueryResult,
    alpha: float = 0.5,
    top_k: int = 5,
    **_: Any,
) -> VectorStoreQueryResult:
    """Weighted reciprocal-rank fusion (alpha weights the dense ranking), scaled to [0, 1]."""
    scores: dict[str, float] = {}
    nodes: dict[str, Any] = {}
    for weight, result in ((alpha, dense_result), (1.0 - alpha, sparse_result)):
        for rank, node in enumerate(result.nodes or []):
            scores[node.node_id] = scores.get(node.node_id, 0.0) + weight / (RRF_K + rank + 1)
            nodes.setdefault(node.node_id, node)
    return _ranked(scores, nodes, top_k, scale=RRF_K + 1.0)  # first in both rankings -> 1.0


FUSIONS = {"dbsf": dbsf_fusion, "rrf": rrf_fusion}


def _ranked(
    scores: dict[str, float], nodes: dict[str, Any], top_k: int, scale: float
) -> VectorStoreQueryResult:
    from llama_index.core.vector_stores.types import VectorStoreQueryResult

    ranked = sorted(scores, key=lambda i: (-scores[i], i))[:top_k]
    return VectorStoreQueryResult(
        nodes=[nodes[i] for i in ranked], similarities=[scores[i] * scale for i in ranked], ids=ranked
    )


def metadata_filters(
    kind: str | Sequence[str] | None = None, document: str | Sequence[str] | None = None
) -> MetadataFilters | None:
    """llama-index filters on the chunk payload (`kind`, `document`); a sequence means any of."""
    from llama_index.core.vector_stores.types import FilterOperator, MetadataFilter, MetadataFilters

    filters = []
    for key, value in (("kind", kind), ("document", document)):
        if value is None:
            continue
        if isinstance(value, str):
            filters.append(MetadataFilter(key=key, value=value, operator=FilterOperator.EQ))
        else:
            filters.append(MetadataFilter(key=key, value=list(value), operator=FilterOperator.IN))
    return MetadataFilters(filters=filters) if filters else None


def search(
    store: QdrantVectorStore,
    query: str,
    *,
    k: int = 5,
    kind: str | Sequence[str] | None = None,
    document: str | Sequence[str] | None = None,
    mode: SearchMode = "hybrid",
    alpha: float = 0.5,
) -> list[Evidence]:
    """The `k` best chunks for `query` as Evidence (best first)."""
    from llama_index.core.vector_stores.types import VectorStoreQuery, VectorStoreQueryMode

    from index.embeddings import embed_query

    if mode not in SEARCH_MODES:
        raise SearchError(f"unknown search mode {mode!r}; expected one of {', '.join(SEARCH_MODES)}")
    if k < 1:
        raise SearchError(f"k must be at least 1, got {k}")
    query = query.strip()
    if not query:
        raise SearchError("the search query is empty; ask for something, e.g. 'the m12 window'")
    depth = max(CANDIDATES, 3 * k)
    request = VectorStoreQuery(
        query_embedding=embed_query(query) if mode != "sparse" else None,
        query_str=query,
        similarity_top_k=k if mode == "dense" else depth,
        sparse_top_k=k if mode == "sparse" else depth,
        hybrid_top_k=k,
        alpha=alpha,
        mode={
            "hybrid": VectorStoreQueryMode.HYBRID,
            "sparse": VectorStoreQueryMode.SPARSE,
            "dense": VectorStoreQueryMode.DEFAULT,
        }[mode],
        filters=metadata_filters(kind, document),
    )
    result = store.query(request)
    similarities = list(result.similarities or [])
    return [
        node_to_evidence(node, similarities[i] if i < len(similarities) else None)
        for i, node in enumerate((result.nodes or [])[:k])
    ]


def node_to_evidence(node: Any, score: float | None) -> Evidence:
    meta = node.metadata
    return Evidence(
        id=meta["evidence_id"],
        document=meta["document"],
        title=meta.get("title", ""),
        kind=meta.get("kind", "paper"),
        page=int(meta["page"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        text=node.get_content(),
        section=meta.get("section"),
        score=None if score is None else round(float(score), 6),
    )
