"""The document model every stage shares: a paper read into pages, blocks and a bibliography,
and the `Evidence` record that retrieval, extraction and answers cite.

Offsets are character offsets into `Page.text`, the *normalised* page text (ligatures expanded,
line-break hyphenation removed, white space folded). `Page.raw_text` is what PyMuPDF returned;
`Page.offset_map[i]` is the raw offset of normalised character i, so a quote found in the
normalised text can be shown (highlighted) in the original.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocumentKind = Literal["paper", "reference", "api", "schema"]
BlockKind = Literal["text", "heading", "table", "caption", "bibliography", "metadata"]


def content_hash(data: bytes) -> str:
    """Stable id of a file's content (deduplicates the same PDF under another name)."""
    return hashlib.sha256(data).hexdigest()[:16]


def evidence_id(document_id: str, page: int, start: int, end: int) -> str:
    """Opaque, stable id of a text span: the same span always gets the same id."""
    digest = hashlib.sha256(f"{document_id}:{page}:{start}:{end}".encode()).hexdigest()[:12]
    return f"ev-{digest}"


class Block(BaseModel):
    """A contiguous piece of page text (a paragraph, heading, table or caption)."""

    model_config = ConfigDict(extra="forbid")
    page: int = Field(ge=1)
    start: int = Field(ge=0, description="offset in Page.text")
    end: int = Field(ge=0)
    kind: BlockKind = "text"
    section: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    hidden: bool = False
    hidden_reason: str | None = None


class HiddenSpan(BaseModel):
    """Text a reader cannot see (tiny, white, invisible, transparent). Never evidence."""

    model_config = ConfigDict(extra="forbid")
    page: int
    start: int
    end: int
    reason: str
    text: str


class Page(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int = Field(ge=1, description="1-based page number")
    text: str = Field(description="normalised, de-hyphenated visible text")
    raw_text: str = ""
    offset_map: list[int] = Field(default_factory=list, description="normalised offset -> raw offset")
    blocks: list[Block] = Field(default_factory=list)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    page: int
    start: int
    level: int = 1


class BibEntry(BaseModel):
    """One bibliography item; `key` is the marker used in the text ("12" for [12])."""

    model_config = ConfigDict(extra="forbid")
    key: str
    text: str
    arxiv: str | None = None
    doi: str | None = None


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(description="content hash of the source file")
    path: str = ""
    title: str = ""
    kind: DocumentKind = "paper"
    pages: list[Page] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    bibliography: list[BibEntry] = Field(default_factory=list)
    metadata: dict[str, str] = Field(default_factory=dict, description="untrusted: never evidence")
    hidden: list[HiddenSpan] = Field(default_factory=list)

    def page(self, number: int) -> Page:
        for page in self.pages:
            if page.number == number:
                return page
        raise KeyError(f"{self.title or self.id} has no page {number} (pages 1..{len(self.pages)})")

    def section_at(self, page: int, offset: int) -> str | None:
        """Title of the section that contains (page, offset), if any."""
        current: str | None = None
        for section in self.sections:
            if (section.page, section.start) <= (page, offset):
                current = section.title
            else:
                break
        return current


class Evidence(BaseModel):
    """A span of a document that a cut or an answer cites.

    `id` comes from `evidence_id(document, page, start, end)`; answers may cite only ids that
    were handed to them (others are stripped as hallucinated)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    document: str = Field(description="Document.id")
    title: str = ""
    kind: DocumentKind = "paper"
    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(description="the quoted span, normalised text")
    section: str | None = None
    score: float | None = None
