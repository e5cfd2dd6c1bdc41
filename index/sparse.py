"""Offline sparse (BM25-style) vectors for Qdrant's hybrid search.

Documents get BM25 term-frequency weights (saturation k1, length normalisation b); queries get
1 per term; Qdrant's `Modifier.IDF` on the sparse vector supplies the inverse document frequency
from the collection itself, so the score is BM25. Terms are hashed to 31-bit indices.

Tokenisation keeps what physicists and programmers search for: identifiers with underscores or
dots are indexed whole and by their parts (`lep_d0sig` → lep_d0sig, lep, d0sig; `ak.zip` →
ak.zip, ak, zip), Greek letters and math symbols are spelled out (η → eta, ≥ → geq), `p_T` → pt.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter

K1 = 1.2
B = 0.75
AVERAGE_TERMS = 120.0  # typical terms per chunk; fixed so that documents can be encoded alone

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "Δ": "delta", "ε": "epsilon",
    "η": "eta", "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "µ": "mu", "ν": "nu",
    "π": "pi", "ρ": "rho", "σ": "sigma", "Σ": "sigma", "τ": "tau", "φ": "phi", "ϕ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "ℓ": "l", "γ*": "gamma",
    "≥": " geq ", "≤": " leq ", ">=": " geq ", "<=": " leq ", "±": " pm ",
}  # fmt: skip
_GREEK_RE = re.compile("|".join(re.escape(k) for k in sorted(_GREEK, key=len, reverse=True)))
_SUBSCRIPT_RE = re.compile(r"\b([a-z])_\{?([a-z0-9]{1,3})\}?", re.IGNORECASE)  # p_T, m_{12}
_TOKEN_RE = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "which",
        "with",
        "what",
        "when",
        "where",
        "who",
        "why",
        "do",
        "does",
        "did",
        "can",
        "we",
        "our",
        "you",
        "your",
        "there",
        "these",
        "those",
        "than",
        "then",
        "into",
        "also",
        "such",
        "used",
        "use",
        "using",
        "per",
        "each",
    ]
)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Search terms of `text`, in order, repeated as often as they occur."""
    text = unicodedata.normalize("NFKC", text)
    text = _GREEK_RE.sub(lambda m: _GREEK[m.group()], text)
    text = _SUBSCRIPT_RE.sub(r"\1\2", text).lower()
    out: list[str] = []
    for token in _TOKEN_RE.findall(text):
        token = token.strip("_")
        if not token or token in _STOPWORDS:
            continue
        out.append(_stem(token))
        if ("_" in token or "." in token) and any(c.isalpha() for c in token):
            out.extend(_stem(part) for part in re.split(r"[._]+", token) if part and part not in _STOPWORDS)
    return out


def term_index(term: str) -> int:
    return zlib.crc32(term.encode()) & 0x7FFFFFFF


def _weights(counts: Counter[str], length: int) -> tuple[list[int], list[float]]:
    norm = K1 * (1 - B + B * length / AVERAGE_TERMS)
    merged: dict[int, float] = {}
    for term, tf in counts.items():
        index = term_index(term)
        merged[index] = merged.get(index, 0.0) + tf * (K1 + 1) / (tf + norm)
    return list(merged), list(merged.values())


def encode_documents(texts: list[str]) -> tuple[list[list[int]], list[list[float]]]:
    """Sparse vectors of document texts (llama-index `sparse_doc_fn`)."""
    indices, values = [], []
    for text in texts:
        found = terms(text)
        idx, val = _weights(Counter(found), len(found))
        indices.append(idx)
        values.append(val)
    return indices, values


def encode_queries(texts: list[str]) -> tuple[list[list[int]], list[list[float]]]:
    """Sparse vectors of queries (llama-index `sparse_query_fn`): weight 1 per distinct term."""
    indices, values = [], []
    for text in texts:
        idx = sorted({term_index(t) for t in terms(text)})
        indices.append(idx)
        values.append([1.0] * len(idx))
    return indices, values
