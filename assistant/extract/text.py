"""Text helpers of the extractor: sentences with offsets, numbers with units, normalisation.

Everything here is pure and deterministic. Offsets are character offsets into `Page.text`
(the normalised page text of `corpus.document`), so a mined quote is always `page.text[start:end]`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from corpus.document import Document
from corpus.text import split_sentences

# --- sentences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence (or table row) of a document, with its place in the page text."""

    document: str
    title: str
    page: int
    start: int
    end: int
    text: str
    section: str | None
    kind: str = "text"
    paragraph: int = 0

    @property
    def where(self) -> tuple[int, int]:
        return (self.page, self.start)


def document_sentences(document: Document) -> list[Sentence]:
    """All visible sentences of a document in reading order, each tagged with its section, block
    kind and paragraph number (sentences of one block share a paragraph number)."""
    sentences: list[Sentence] = []
    paragraph = 0
    hidden = {(h.page, h.start, h.end) for h in document.hidden}
    for page in document.pages:
        blocks = [b for b in page.blocks if not b.hidden] or None
        spans: list[tuple[int, int, str, str | None]]
        if blocks:
            spans = [
                (b.start, min(b.end, len(page.text)), b.kind, b.section)
                for b in sorted(blocks, key=lambda b: (b.start, b.end))
            ]
        else:
            spans = [(0, len(page.text), "text", None)]
        for block_start, block_end, kind, section in _join_broken_blocks(page.text, spans):
            if kind in ("bibliography", "metadata"):
                continue
            paragraph += 1
            for start, end in split_sentences(page.text[block_start:block_end], block_start):
                if any(p == page.number and hs <= start and end <= he for p, hs, he in hidden):
                    continue
                sentences.append(
                    Sentence(
                        document=document.id,
                        title=document.title,
                        page=page.number,
                        start=start,
                        end=end,
                        text=page.text[start:end],
                        section=section or document.section_at(page.number, start),
                        kind=kind,
                        paragraph=paragraph,
                    )
                )
    return sentences


def _join_broken_blocks(
    text: str, spans: list[tuple[int, int, str, str | None]]
) -> list[tuple[int, int, str, str | None]]:
    """Join text blocks that a column or layout break cut mid-sentence ("... between 50 GeV and" |
    "106 GeV."): the first does not end a sentence, the second starts in lower case or a digit."""
    joined: list[tuple[int, int, str, str | None]] = []
    for span in spans:
        if joined:
            start, end, kind, section = joined[-1]
            head = text[span[0] : span[1]].lstrip()
            tail = text[start:end].rstrip()
            if (
                kind == span[2] == "text"
                and tail
                and tail[-1] not in ".!?:;"
                and head[:1]
                and (head[0].islower() or head[0].isdigit())
                and text[end : span[0]].strip() == ""
            ):
                joined[-1] = (start, span[1], kind, section)
                continue
        joined.append(span)
    return joined


# --- normalisation ---------------------------------------------------------------------------

_FOLD = {
    "\u2212": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2264": "<=",
    "\u2266": "<=",
    "\u2a7d": "<=",
    "\u2265": ">=",
    "\u2267": ">=",
    "\u2a7e": ">=",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00b5": "\u03bc",
}


def fold(text: str) -> str:
    """A comparison form of text: NFKC, dashes/≥/≤ spelled in ASCII, ligatures expanded, µ→μ,
    white space folded. Not offset-preserving: use it to compare, not to cut quotes."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_FOLD.get(ch, ch) for ch in text)
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)  # line-break hyphenation
    return re.sub(r"\s+", " ", text).strip()


# --- numbers and units -------------------------------------------------------------------------

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "single": 1,
    "a": 1,
    "an": 1,
}
# factor to the canonical unit, and the canonical unit
UNITS: dict[str, tuple[float, str]] = {
    "TeV": (1000.0, "GeV"),
    "GeV": (1.0, "GeV"),
    "MeV": (1e-3, "GeV"),
    "keV": (1e-6, "GeV"),
    "mm": (1.0, "mm"),
    "cm": (10.0, "mm"),
    "μm": (1e-3, "mm"),
    "um": (1e-3, "mm"),
    "m": (1000.0, "mm"),
    "rad": (1.0, "rad"),
    "mrad": (1e-3, "rad"),
    "%": (0.01, ""),
}
NUMBER = r"[-+]?(?:\d+(?:\.\d+)?|\.\d+)"
UNIT_RE = r"(?:TeV|GeV|MeV|keV|mm|cm|[μµ]m|um|mrad|rad|%)"
_QUANTITY = re.compile(rf"(?<![\w.])({NUMBER})\s*({UNIT_RE})?(?![\w])")


def to_canonical(number: float, unit: str | None) -> tuple[float, str]:
    """Convert a number written with `unit` to the canonical unit (GeV, mm, rad; % → fraction)."""
    if not unit:
        return number, ""
    unit = unit.replace("µ", "μ")
    factor, canonical = UNITS[unit]
    return round(number * factor, 9), canonical


def quantities(text: str) -> list[tuple[float, str]]:
    """Every number of `text` in canonical units, plus its bare form and number words:
    "7000 MeV" gives (7.0, "GeV") and (7000.0, ""); "four" gives (4.0, "")."""
    folded = fold(text)
    found: list[tuple[float, str]] = []
    for match in _QUANTITY.finditer(folded):
        number = float(match.group(1))
        found.append((abs(number), ""))
        if match.group(2):
            found.append(tuple(to_canonical(abs(number), match.group(2))))  # type: ignore[arg-type]
    for word in re.findall(r"[A-Za-z]+", folded):
        if word.lower() in NUMBER_WORDS and word.lower() not in ("a", "an"):
            found.append((float(NUMBER_WORDS[word.lower()]), ""))
    return found


def same_number(a: float, b: float, rel: float = 1e-6) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def document_from_text(pages: str | list[str], *, title: str = "text", kind: str = "paper") -> Document:
    """A Document built from plain text (one string per page; paragraphs separated by blank
    lines become blocks). For tests, the LLM path and text pasted by a user."""
    from corpus.document import Block, Page, content_hash

    if isinstance(pages, str):
        pages = [pages]
    built: list[Page] = []
    for number, text in enumerate(pages, start=1):
        blocks: list[Block] = []
        for m in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", text):
            kind_of_block = "table" if m.group(0).lstrip().startswith("|") else "text"
            blocks.append(Block(page=number, start=m.start(), end=m.end(), kind=kind_of_block))
        built.append(Page(number=number, text=text, raw_text=text, offset_map=[], blocks=blocks))
    digest = content_hash("\f".join(pages).encode())
    return Document(id=digest, title=title, kind=kind, pages=built)  # type: ignore[arg-type]
