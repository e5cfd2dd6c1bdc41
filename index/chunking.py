"""Cut a `Document` into sentence-aware chunks that fit the embedding model's window.

A chunk is a contiguous span `[start, end)` of one page's normalised text (`Page.text`), so its
text can be quoted and located exactly; its evidence id is `evidence_id(doc, page, start, end)`.
Hidden spans, metadata blocks and `Document.metadata` never become chunks.

Packing: the page is split into regions (a section's paragraphs on one page; tables and the
bibliography on their own), each region into sentence units, and units are packed greedily
up to `max_tokens` word pieces ([CLS]/[SEP] included); the next chunk repeats the last units of
the previous one up to `overlap_tokens`. A sentence longer than a chunk is cut at token offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from corpus.document import Block, Document, Page, evidence_id
from corpus.text import split_sentences
from index.embeddings import MODEL_MAX_TOKENS

DEFAULT_MAX_TOKENS = MODEL_MAX_TOKENS - 16  # room for the section title the dense model also sees
DEFAULT_OVERLAP_TOKENS = 32


Tokenize = Callable[[list[str]], list[list[tuple[int, int]]]]


@dataclass(frozen=True)
class Chunk:
    """One indexed span: the unit of retrieval and of citation."""

    id: str  # evidence id
    document: str
    title: str
    kind: str
    page: int
    start: int
    end: int
    text: str
    section: str | None
    n_tokens: int  # word pieces including [CLS]/[SEP]

    def metadata(self) -> dict[str, str | int]:
        """Payload stored beside the vectors (filters use `document` and `kind`)."""
        meta: dict[str, str | int] = {
            "evidence_id": self.id,
            "document": self.document,
            "title": self.title,
            "kind": self.kind,
            "page": self.page,
            "start": self.start,
            "end": self.end,
        }
        if self.section:
            meta["section"] = self.section
        return meta


def hf_offsets(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Character offsets of the MiniLM word pieces of each text (no special tokens)."""
    from index.embeddings import tokenizer

    if not texts:
        return []
    encoded = tokenizer()(texts, add_special_tokens=False, return_offsets_mapping=True, truncation=False)
    return [[(int(a), int(b)) for a, b in offsets] for offsets in encoded["offset_mapping"]]


def chunk_document(
    doc: Document,
    *,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    overlap_tokens: int = DEFAULT_OVERLAP_TOKENS,
    tokenize: Tokenize = hf_offsets,
) -> list[Chunk]:
    """All chunks of `doc`, in reading order."""
    if max_tokens < 16:
        raise ValueError(f"max_tokens must be at least 16 word pieces, got {max_tokens}")
    budget = max_tokens - 2  # room for [CLS] and [SEP]
    overlap = max(0, min(overlap_tokens, budget // 2))
    chunks: list[Chunk] = []
    for page in doc.pages:
        for start, end, section in _regions(doc, page):
            units = _sentence_units(page.text, start, end)
            if not units:
                continue
            for s, e, n in _pack(page.text, units, budget, overlap, tokenize):
                chunks.append(
                    Chunk(
                        id=evidence_id(doc.id, page.number, s, e),
                        document=doc.id,
                        title=doc.title,
                        kind=doc.kind,
                        page=page.number,
                        start=s,
                        end=e,
                        text=page.text[s:e],
                        section=section or doc.section_at(page.number, s),
                        n_tokens=n + 2,
                    )
                )
    return chunks


# --- regions ---------------------------------------------------------------------------------

_ALONE = ("table", "bibliography")


def _excluded(block: Block) -> bool:
    return block.hidden or block.kind == "metadata"


def _regions(doc: Document, page: Page) -> list[tuple[int, int, str | None]]:
    """Spans of visible page text worth indexing, with their section titles."""
    hidden = sorted((h.start, h.end) for h in doc.hidden if h.page == page.number and h.end > h.start)
    hidden += sorted((b.start, b.end) for b in page.blocks if _excluded(b))
    spans: list[tuple[int, int, str | None]] = []
    if not page.blocks:
        spans.append((0, len(page.text), None))
    else:
        current: list[Block] = []
        for block in sorted(page.blocks, key=lambda b: (b.start, b.end)):
            if _excluded(block) or block.end <= block.start:
                if current:
                    spans.append(_span(current))
                current = []
                continue
            if current and _starts_region(current[-1], block):
                spans.append(_span(current))
                current = []
            current.append(block)
        if current:
            spans.append(_span(current))
    return [piece for span in spans for piece in _subtract(span, hidden)]


def _starts_region(previous: Block, block: Block) -> bool:
    if previous.kind == "heading":
        return False  # a heading stays with what it introduces
    if block.kind in _ALONE or previous.kind in _ALONE:
        return previous.kind != block.kind or block.kind != "bibliography"
    return block.section != previous.section or block.kind == "heading"


def _span(blocks: Sequence[Block]) -> tuple[int, int, str | None]:
    section = next((b.section for b in blocks if b.section), None)
    return blocks[0].start, max(b.end for b in blocks), section


def _subtract(
    span: tuple[int, int, str | None], holes: Iterable[tuple[int, int]]
) -> list[tuple[int, int, str | None]]:
    start, end, section = span
    pieces = []
    for h_start, h_end in sorted(holes):
        if h_end <= start or h_start >= end:
            continue
        if h_start > start:
            pieces.append((start, h_start, section))
        start = max(start, h_end)
    if start < end:
        pieces.append((start, end, section))
    return pieces


# --- sentences -------------------------------------------------------------------------------


def _sentence_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (white space trimmed) of text[start:end]."""
    return list(split_sentences(text[start:end], start))


# --- packing ---------------------------------------------------------------------------------


def _pack(
    text: str, units: list[tuple[int, int]], budget: int, overlap: int, tokenize: Tokenize
) -> list[tuple[int, int, int]]:
    """Greedy packing of units into (start, end, n_tokens) spans of at most `budget` pieces."""
    pieces: list[tuple[int, int, int]] = []  # units, long ones already cut
    offsets = tokenize([text[s:e] for s, e in units])
    for (s, e), token_offsets in zip(units, offsets, strict=True):
        if len(token_offsets) <= budget:
            pieces.append((s, e, len(token_offsets)))
        else:
            pieces.extend(_cut_long(text, s, token_offsets, budget, overlap))
    spans: list[tuple[int, int, int]] = []
    i = 0
    while i < len(pieces):
        j, total = i, 0
        while j < len(pieces) and total + pieces[j][2] <= budget:
            total += pieces[j][2]
            j += 1
        start, end, n, used = _fit(text, pieces[i : max(j, i + 1)], budget, tokenize)
        spans.append((start, end, n))
        j = i + used
        if j >= len(pieces):
            break
        # overlap: restart at the trailing pieces of this chunk that fit in `overlap`
        k, carried = j, 0
        while k - 1 > i and carried + pieces[k - 1][2] <= overlap:
            carried += pieces[k - 1][2]
            k -= 1
        i = k
    return spans


def _fit(
    text: str, group: list[tuple[int, int, int]], budget: int, tokenize: Tokenize
) -> tuple[int, int, int, int]:
    """(start, end, n_tokens, pieces used): the group's span, dropping trailing pieces while
    the joined text tokenizes longer than the budget (word pieces are not always additive)."""
    while True:
        start, end = group[0][0], group[-1][1]
        offsets = tokenize([text[start:end]])[0]
        if len(offsets) <= budget:
            return start, end, len(offsets), len(group)
        if len(group) == 1:  # a window of a cut sentence re-tokenized longer: trim it
            return start, start + offsets[budget - 1][1], budget, 1
        group = group[:-1]


def _cut_long(
    text: str, start: int, token_offsets: list[tuple[int, int]], budget: int, overlap: int
) -> list[tuple[int, int, int]]:
    """Cut an over-long sentence at token boundaries into overlapping windows."""
    windows = []
    step = max(1, budget - overlap)
    i = 0
    while i < len(token_offsets):
        window = token_offsets[i : i + budget]
        windows.append((start + window[0][0], start + window[-1][1], len(window)))
        if i + budget >= len(token_offsets):
            break
        i += step
    return windows
