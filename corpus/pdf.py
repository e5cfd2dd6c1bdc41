"""Read a PDF into the shared `Document` model with PyMuPDF.

What the reader guarantees:
* `Page.text` holds only *visible* text, normalised by `corpus.text.normalise` (offsets in every
  Block, Section, HiddenSpan and Evidence refer to it); `Page.raw_text` is the visible text as
  extracted, `Page.offset_map` maps the one to the other.
* Hidden text — invisible render mode, zero or near-zero opacity, smaller than 1 pt, clipped
  away, outside the page, white on white, in the colour of the box behind it, or under a box
  drawn over it — is recorded in `Document.hidden` (with the offset in `Page.text` where it
  sat, start == end) and never enters `Page.text`, so it can never become evidence. The
  invisible OCR layer over a scanned page image is read as visible. Metadata is kept in
  `Document.metadata`, untrusted.
* Blocks come in reading order (two-column pages: the left column before the right, full-width
  blocks such as titles and wide tables in between; running headers first, footers, page
  numbers and rotated margin text such as the arXiv stamp last), with kinds: heading, caption,
  table (one row per line, cells joined by " | "), bibliography, text. Numbered headings
  ("4 Event selection", "4.1 Electrons", also run into the paragraph) become sections.
* The bibliography is parsed into `BibEntry` items (key "12" for "[12]", arXiv ids, DOIs).
* Bad input raises a `PdfError` subclass naming the file, the reason and what to do; limits
  (file size, pages, page size, characters per page) are set with `PdfLimits`.
"""

from __future__ import annotations

import bisect
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.document import BibEntry, Block, Document, HiddenSpan, Page, Section, content_hash
from corpus.text import Vocabulary, normalise, to_normalised_offset

MM_PER_POINT = 25.4 / 72

# MuPDF character flags (fz_stext_char flags) as reported in the "char_flags" span key.
_FILLED = 16
_STROKED = 32
_CLIPPED = 64


def import_pymupdf() -> Any:
    """Import PyMuPDF without its optional ONNX layout analyser (pymupdf.layout), which loads a
    model at import time (about 4 s per process) that this reader does not use: it does its
    own layout analysis. Set HEP_REPRO_PYMUPDF_LAYOUT=1 to keep it. Without effect when
    PyMuPDF was imported before."""
    if "pymupdf" not in sys.modules and os.environ.get("HEP_REPRO_PYMUPDF_LAYOUT", "0") != "1":
        sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
        os.environ.setdefault("PYMUPDF_SUGGEST_LAYOUT_ANALYZER", "0")
    import pymupdf

    return pymupdf


# --------------------------------------------------------------------------- errors
class PdfError(ValueError):
    """A PDF that cannot be read. `path`, `reason` and `hint` (what to do) are attributes."""

    default_hint = "Check the file, or leave it out of the batch."

    def __init__(self, path: str | Path, reason: str, hint: str | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.hint = hint or self.default_hint
        super().__init__(f"{self.path}: {reason}. {self.hint}")


class PdfNotFoundError(PdfError, FileNotFoundError):
    default_hint = "Check the path (relative paths are taken from the current folder)."


class NotPdfError(PdfError):
    default_hint = "Give the paper as a PDF file (for arXiv, the PDF link, not the abstract page)."


class CorruptPdfError(PdfError):
    default_hint = "The file is damaged or truncated: download it again."


class EncryptedPdfError(PdfError):
    default_hint = "The PDF needs a password: save an unencrypted copy (e.g. `qpdf --decrypt`) and use that."


class NoTextPdfError(PdfError):
    default_hint = (
        "It looks scanned (images only): run OCR first (e.g. `ocrmypdf in.pdf out.pdf`) or find a text PDF."
    )


class EmptyPdfError(PdfError):
    default_hint = "The PDF has no visible text: check that it is the right file."


class PdfTooLargeError(PdfError):
    default_hint = "Split the file, or raise the limit (corpus.pdf.PdfLimits) if it is genuine."


class GibberishPdfError(PdfError):
    default_hint = (
        "The text layer is not readable language (broken font encoding or random text): "
        "re-create the PDF, or run OCR on it."
    )


@dataclass(frozen=True)
class PdfLimits:
    """Refuse files that would exhaust memory or time. A0 is 1189 mm on its long side."""

    max_bytes: int = 150 * 1024 * 1024
    max_pages: int = 600
    max_page_side_mm: float = 2000.0
    max_page_chars: int = 400_000  # a dense journal page holds about 10,000
    min_visible_chars: int = 20


# --------------------------------------------------------------------------- layout records
@dataclass
class _Span:
    text: str
    bbox: tuple[float, float, float, float]
    size: float
    bold: bool
    hidden: str | None = None
    italic: bool = False


@dataclass
class _Line:
    spans: list[_Span]
    bbox: tuple[float, float, float, float]
    block: int
    rotated: bool = False  # not horizontal (e.g. arXiv's vertical stamp in the margin)

    @property
    def visible_text(self) -> str:
        return "".join(s.text for s in self.spans if s.hidden is None)


@dataclass
class _Block:
    lines: list[_Line]
    kind: str = "text"
    table_rows: list[str] | None = None
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    heading_level: int | None = None
    furniture: bool = False  # running header, footer, page number or rotated margin text
    rotated: bool = False

    def compute_bbox(self) -> None:
        boxes = [s.bbox for ln in self.lines for s in ln.spans if s.hidden is None and s.text.strip()]
        if not boxes:
            boxes = [ln.bbox for ln in self.lines]
        self.bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    @property
    def visible_spans(self) -> list[_Span]:
        return [s for ln in self.lines for s in ln.spans if s.hidden is None and s.text.strip()]

    def raw_text(self) -> str:
        if self.table_rows is not None:
            return "\n\n".join(self.table_rows)  # one row per line in Page.text
        return "\n".join(t for t in (ln.visible_text.strip() for ln in self.lines) if t)

    def hidden_offsets(self) -> list[tuple[int, _Span]]:
        """Each hidden span with the offset in `raw_text()` where it sat (between the visible
        text before and after it; the end of the block for tables)."""
        if self.table_rows is not None:
            end = len(self.raw_text())
            return [(end, s) for ln in self.lines for s in ln.spans if s.hidden and s.text.strip()]
        found: list[tuple[int, _Span]] = []
        cursor = 0
        for line in self.lines:
            text = line.visible_text
            lead = len(text) - len(text.lstrip())
            stripped = text.strip()
            position = 0
            for span in line.spans:
                if span.hidden is None:
                    position += len(span.text)
                elif span.text.strip():
                    inside = min(max(position - lead, 0), len(stripped))
                    found.append((cursor + inside, span))
            if stripped:
                cursor += len(stripped) + 1  # the line and its "\n"
        end = len(self.raw_text())
        return [(min(offset, end), span) for offset, span in found]


@dataclass
class _PageLayout:
    number: int
    width: float
    height: float
    blocks: list[_Block] = field(default_factory=list)
    has_images: bool = False
    gutter: float | None = None  # x between two text columns


# --------------------------------------------------------------------------- hidden text
def _colour(value: int) -> tuple[float, float, float]:
    return ((value >> 16 & 255) / 255, (value >> 8 & 255) / 255, (value & 255) / 255)


def _is_whiteish(rgb: tuple[float, float, float]) -> bool:
    return min(rgb) >= 0.92


def hidden_reason(span: dict[str, Any], page_rect: tuple[float, float, float, float]) -> str | None:
    """Why a reader would not see this span (None when visible). White text is judged against
    a white page; `_PageReader` re-checks it against filled shapes drawn under it."""
    flags = span.get("char_flags", _FILLED)
    alpha = span.get("alpha", 255)
    if alpha == 0 or not flags & (_FILLED | _STROKED):
        return "invisible text (render mode 3 or zero opacity)"
    if alpha < 26:
        return f"nearly transparent text (opacity {alpha / 255:.0%})"
    if span.get("size", 10.0) < 1.0:
        return f"tiny text ({span.get('size', 0):.2g} pt)"
    if flags & _CLIPPED:
        return "text clipped away"
    x0, y0, x1, y1 = span["bbox"]
    px0, py0, px1, py1 = page_rect
    if x1 <= px0 or x0 >= px1 or y1 <= py0 or y0 >= py1:
        return "text outside the page"
    if _is_whiteish(_colour(span.get("color", 0))):
        return "white text on a white background"
    return None


Box = tuple[float, float, float, float]


def _contains(box: Box, x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


class _PageSurface:
    """What lies under and over the text of a page: opaque filled rectangles in drawing order
    and page-sized images (scans). Used to re-judge a span's visibility against what is
    actually behind it, and to find text covered by a box drawn over it."""

    def __init__(self, page: Any, drawings: list[dict[str, Any]]) -> None:
        self.page = page
        self.fills: list[tuple[Box, tuple[float, float, float], int]] = []
        for drawing in drawings:
            fill = drawing.get("fill")
            items = drawing.get("items", [])
            if fill is None or (drawing.get("fill_opacity") or 1.0) <= 0.5 or not items:
                continue
            if all(item[0] in ("re", "qu") for item in items):
                r = drawing["rect"]
                rgb = tuple(float(c) for c in fill[:3]) if len(fill) >= 3 else (float(fill[0]),) * 3
                self.fills.append(((r.x0, r.y0, r.x1, r.y1), rgb, int(drawing.get("seqno", 0))))  # type: ignore[arg-type]
        area = page.rect.width * page.rect.height
        self.scans: list[Box] = []
        self.images = page.get_image_info()
        for info in self.images:
            x0, y0, x1, y1 = info["bbox"]
            if (x1 - x0) * (y1 - y0) >= 0.5 * area:
                self.scans.append((x0, y0, x1, y1))
        self._trace: list[tuple[Box, int]] | None = None

    def _text_seqno(self, bbox: Box) -> int | None:
        """Drawing-order number of the text at `bbox` (the trace span overlapping it most)."""
        if self._trace is None:
            self._trace = [(tuple(t["bbox"]), int(t["seqno"])) for t in self.page.get_texttrace()]  # type: ignore[misc]
        best, best_overlap = None, 0.0
        for box, seqno in self._trace:
            w = min(box[2], bbox[2]) - max(box[0], bbox[0])
            h = min(box[3], bbox[3]) - max(box[1], bbox[1])
            if w > 0 and h > 0 and w * h > best_overlap:
                best, best_overlap = seqno, w * h
        return best

    def judge(self, span: dict[str, Any], reason: str | None) -> str | None:
        x0, y0, x1, y1 = span["bbox"]
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if reason and reason.startswith("invisible") and any(_contains(box, cx, cy) for box in self.scans):
            return None  # the invisible text layer of a scanned page (OCR): the image shows it
        here = [f for f in self.fills if _contains(f[0], cx, cy)]
        if not here:
            return reason
        seqno = self._text_seqno((x0, y0, x1, y1))
        if seqno is None:
            return reason
        if reason is None and any(f[2] > seqno for f in here):
            return "text covered by a box drawn over it"
        below = [f for f in here if f[2] < seqno]
        background = max(below, key=lambda f: f[2])[1] if below else (1.0, 1.0, 1.0)
        colour = _colour(span.get("color", 0))
        if reason and reason.startswith("white") and not _is_whiteish(background):
            reason = None  # white text on a dark box is readable
        if reason is None and max(abs(a - b) for a, b in zip(colour, background, strict=True)) < 0.1:
            return "text in the colour of its background"
        return reason


# --------------------------------------------------------------------------- page reading
def _extract_layout(page: Any, number: int, use_find_tables: bool) -> _PageLayout:
    pymupdf = import_pymupdf()

    if page.rotation:
        page.set_rotation(0)  # read in the page's own coordinates (in memory only, never saved)
    rect = page.rect
    page_rect = (rect.x0, rect.y0, rect.x1, rect.y1)
    flags = (pymupdf.TEXTFLAGS_DICT | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE) & ~(
        pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_PRESERVE_IMAGES
    )
    # No clip: text placed outside the page is read too, so that it can be flagged.
    data = page.get_text("dict", flags=flags, clip=pymupdf.INFINITE_RECT())
    layout = _PageLayout(number, rect.width, rect.height)
    drawings = page.get_drawings()
    surface = _PageSurface(page, drawings)
    layout.has_images = bool(surface.images) or bool(page.get_images(full=False))
    for index, raw_block in enumerate(data.get("blocks", [])):
        if raw_block.get("type", 0) != 0:
            continue
        lines: list[_Line] = []
        for raw_line in raw_block.get("lines", []):
            spans: list[_Span] = []
            for s in raw_line.get("spans", []):
                if not s.get("text"):
                    continue
                reason = surface.judge(s, hidden_reason(s, page_rect))
                bold = bool(s.get("flags", 0) & 16) or "bold" in s.get("font", "").lower()
                font = s.get("font", "").lower()
                italic = bool(s.get("flags", 0) & 2) or "italic" in font or "oblique" in font
                spans.append(
                    _Span(s["text"], tuple(s["bbox"]), float(s.get("size", 0.0)), bold, reason, italic)
                )
            if spans:
                direction = raw_line.get("dir", (1.0, 0.0))
                rotated = abs(direction[1]) > 0.1 or direction[0] < 0
                lines.append(_Line(spans, tuple(raw_line["bbox"]), index, rotated))
        # Rotated lines (margin stamps, rotated labels) form blocks of their own.
        for rotated_line in [ln for ln in lines if ln.rotated]:
            layout.blocks.append(_Block([rotated_line], rotated=True))
        lines = [ln for ln in lines if not ln.rotated]
        if not lines:
            continue
        for run in _split_by_style(lines):
            layout.blocks += [_Block(part) for part in _split_run_in_heading(run)]
    _attach_scripts(layout)
    _join_lines_broken_at_scripts(layout)
    for block in layout.blocks:
        block.compute_bbox()
    layout.gutter = _find_gutter(layout)
    _split_blocks_at_gutter(layout)
    _detect_tables(page, layout, use_find_tables, drawings)
    return layout


def _line_style(line: _Line) -> tuple[bool, bool, float] | None:
    """(mostly bold, mostly italic, dominant font size) of a line's visible text; None when it
    has none."""
    sizes: Counter[float] = Counter()
    bold = italic = total = 0
    for span in line.spans:
        if span.hidden is None and span.text.strip():
            n = len(span.text.strip())
            sizes[round(span.size * 2) / 2] += n
            bold += n if span.bold else 0
            italic += n if span.italic else 0
            total += n
    if not total:
        return None
    return (bold / total > 0.6, italic / total > 0.6, sizes.most_common(1)[0][0])


@dataclass
class _LineInfo:
    line: _Line
    spans: list[_Span]
    box: Box
    em: float
    chars: int


def _box_of(spans: list[_Span]) -> Box:
    return (
        min(s.bbox[0] for s in spans),
        min(s.bbox[1] for s in spans),
        max(s.bbox[2] for s in spans),
        max(s.bbox[3] for s in spans),
    )


def _line_infos(layout: _PageLayout) -> list[_LineInfo]:
    """The visible, horizontal lines of a page with their visible spans and box."""
    infos: list[_LineInfo] = []
    for block in layout.blocks:
        for line in block.lines:
            spans = [s for s in line.spans if s.hidden is None and s.text.strip()]
            if spans and not line.rotated:
                chars = sum(len(s.text.strip()) for s in spans)
                infos.append(_LineInfo(line, spans, _box_of(spans), max(s.size for s in spans), chars))
    return infos


def _drop_empty_lines(layout: _PageLayout) -> None:
    for block in layout.blocks:
        block.lines = [ln for ln in block.lines if ln.spans]
    layout.blocks = [b for b in layout.blocks if b.lines]


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _attach_scripts(layout: _PageLayout) -> None:
    """MuPDF may make a raised or lowered script ("μ = 1.28 ⁺⁰·²¹₋₀.₁₉", "fb⁻¹") a line, even a
    block, of its own, which reading order then puts elsewhere. Put such a line back into the
    line it belongs to: a line in larger type that it touches, shifted up or down from it."""
    infos = _line_infos(layout)
    if not infos:
        return
    by_top = sorted(infos, key=lambda i: i.box[1])
    tops = [i.box[1] for i in by_top]
    tallest = max(i.box[3] - i.box[1] for i in infos)
    largest = max(i.em for i in infos)
    for script in infos:
        if script.chars > 12 or not script.line.spans:
            continue
        smallest = min(s.size for s in script.spans)
        if smallest > 0.85 * largest:
            continue  # nothing on the page is large enough to carry it
        # Hosts overlap the script vertically: their top lies in [top - tallest, bottom].
        first = bisect.bisect_left(tops, script.box[1] - tallest)
        last = bisect.bisect_right(tops, script.box[3])
        for host in by_top[first:last]:
            if host is script or not host.line.spans or smallest > 0.85 * host.em:
                continue
            small = [s for s in script.spans if s.size <= 0.85 * host.em]
            if sum(len(s.text.strip()) for s in small) < 0.6 * script.chars:
                continue
            small_box = _box_of(small)
            height = host.box[3] - host.box[1]
            overlap = min(small_box[3], host.box[3]) - max(small_box[1], host.box[1])
            shift = abs((small_box[1] + small_box[3]) - (host.box[1] + host.box[3])) / 2
            touches = (
                -1 <= script.box[0] - host.box[2] <= host.em
                or -1 <= host.box[0] - script.box[2] <= host.em
                or host.box[0] <= script.box[0] <= host.box[2]
            )
            if overlap > 0.2 * (small_box[3] - small_box[1]) and shift > 0.12 * height and touches:
                host.line.spans = sorted(host.line.spans + script.line.spans, key=lambda s: s.bbox[0])
                script.line.spans = []
                break
    _drop_empty_lines(layout)


def _main_spans(info: _LineInfo) -> list[_Span]:
    """The spans of a line in its main type size (not its raised or lowered scripts)."""
    return [s for s in info.spans if s.size > 0.85 * info.em]


def _is_script(span: _Span, info: _LineInfo) -> bool:
    return span.size <= 0.85 * info.em


def _continues_at_script(left: _LineInfo, right: _LineInfo) -> bool:
    """Does `right` go on where `left` stops, on the same baseline, with a raised or lowered
    script at the junction ("... (i) E_T" | "^miss > 250 GeV")? A script stacked over the one
    before it may start where that one starts; a gap of half an em at most (a word space)."""
    if left is right or not (left.line.spans and right.line.spans):
        return False
    if not (0.85 * left.em <= right.em <= left.em / 0.85):
        return False
    if not (_is_script(left.spans[-1], left) or _is_script(right.spans[0], right)):
        return False
    em = max(left.em, right.em)
    left_main, right_main = _main_spans(left), _main_spans(right)
    main_end = max(s.bbox[2] for s in left_main)
    if not main_end - 1 <= right.box[0] <= left.box[2] + 0.5 * em:
        return False
    baseline = abs(max(s.bbox[3] for s in left_main) - max(s.bbox[3] for s in right_main))
    return baseline <= 0.2 * em


def _join_lines_broken_at_scripts(layout: _PageLayout) -> None:
    """MuPDF ends a line where a script changes the baseline and starts a new one, often in a
    block of its own, with the script: "(i) E_T" | "miss > 250 GeV; (ii) a". In justified text the
    halves then line up like table cells. Join such halves into one line, and the block the
    right half opened to the block the left half closes (one paragraph again)."""
    infos = _line_infos(layout)
    if not infos:
        return
    owner = {id(line): block for block in layout.blocks for line in block.lines}
    by_top = sorted(infos, key=lambda i: i.box[1])
    tops = [i.box[1] for i in by_top]
    tallest = max(i.box[3] - i.box[1] for i in infos)
    for right in sorted(infos, key=lambda i: i.box[0]):  # left to right: chains join in order
        first = bisect.bisect_left(tops, right.box[1] - tallest)
        last = bisect.bisect_right(tops, right.box[3])
        left = next((i for i in by_top[first:last] if _continues_at_script(i, right)), None)
        if left is not None:
            _join_line_halves(left, right, owner)
    _drop_empty_lines(layout)


def _join_line_halves(left: _LineInfo, right: _LineInfo, owner: dict[int, _Block]) -> None:
    left.line.spans += right.line.spans
    left.line.bbox = _union(left.line.bbox, right.line.bbox)
    left.spans += right.spans
    left.box = _box_of(left.spans)
    left.chars += right.chars
    right.line.spans, right.spans = [], []
    closing, opened = owner[id(left.line)], owner[id(right.line)]
    if closing is not opened and closing.lines[-1] is left.line and opened.lines[0] is right.line:
        for line in opened.lines[1:]:
            owner[id(line)] = closing
        closing.lines += opened.lines[1:]
        opened.lines = [right.line]


def _split_run_in_heading(lines: list[_Line]) -> list[list[_Line]]:
    """A numbered heading set in bold or italic at the start of a paragraph's first line
    ("4.1 Electrons Electrons are reconstructed ...") becomes a line of its own."""
    first = lines[0]
    lead: list[_Span] = []
    for span in first.spans:
        if span.hidden is None and span.text.strip() and not (span.bold or span.italic):
            break
        lead.append(span)
    rest = first.spans[len(lead) :]
    title = " ".join("".join(s.text for s in lead if s.hidden is None).split())
    if not lead or not rest or not _NUMBERED_HEADING.match(title) or not title[0].isdigit():
        return [lines]
    if not any(s.hidden is None and s.text.strip() for s in rest):
        return [lines]

    def line_of(spans: list[_Span]) -> _Line:
        boxes = [s.bbox for s in spans]
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        return _Line(spans, bbox, first.block)

    return [[line_of(lead)], [line_of(rest), *lines[1:]]]


def _split_by_style(lines: list[_Line]) -> list[list[_Line]]:
    """MuPDF may put a heading and the paragraph under it in one block: start a new block
    wherever the line style (bold, size) changes."""
    runs: list[list[_Line]] = []
    previous: tuple[bool, bool, float] | None = None
    for line in lines:
        style = _line_style(line)
        if runs and (style is None or previous is None or style == previous):
            runs[-1].append(line)
        else:
            runs.append([line])
        previous = style if style is not None else previous
    return runs


# --------------------------------------------------------------------------- tables
def _fragments(line: _Line) -> list[tuple[float, float, str]]:
    """Pieces of a visible line separated by gaps wider than one em: (x0, x1, text)."""
    pieces: list[tuple[float, float, str]] = []
    for span in line.spans:
        if span.hidden is not None:
            continue
        if not span.text.strip():
            if pieces:
                pieces[-1] = (pieces[-1][0], pieces[-1][1], pieces[-1][2] + " ")
            continue
        if pieces and span.bbox[0] - pieces[-1][1] <= max(span.size, 4.0):
            x0, _, text = pieces[-1]
            pieces[-1] = (x0, span.bbox[2], text + span.text)
        else:
            pieces.append((span.bbox[0], span.bbox[2], span.text))
    return [(x0, x1, " ".join(text.split())) for x0, x1, text in pieces]


def _rows(lines: list[_Line]) -> list[list[_Line]]:
    """Group lines whose vertical centres agree into rows, top to bottom."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda ln: ((ln.bbox[1] + ln.bbox[3]) / 2, ln.bbox[0])):
        centre = (line.bbox[1] + line.bbox[3]) / 2
        height = max(line.bbox[3] - line.bbox[1], 1.0)
        if rows:
            first = rows[-1][0]
            first_centre = (first.bbox[1] + first.bbox[3]) / 2
            if abs(centre - first_centre) <= 0.4 * height:
                rows[-1].append(line)
                continue
        rows.append([line])
    return rows


def _row_cells(row: list[_Line]) -> list[tuple[float, float, str]]:
    cells = [frag for line in row for frag in _fragments(line)]
    return sorted(cells)


_Cell = tuple[float, float, str]


def _cells_fit(cells: list[_Cell], min_cells: int, max_width: float) -> bool:
    return len(cells) >= min_cells and all(x1 - x0 <= max_width for x0, x1, _ in cells)


def _aligned(a: list[_Cell], b: list[_Cell]) -> bool:
    """Do two rows share a column (left, right or centre edge within 3 pt)?"""
    for ax0, ax1, _ in a:
        for bx0, bx1, _ in b:
            if abs(ax0 - bx0) < 3 or abs(ax1 - bx1) < 3 or abs((ax0 + ax1) - (bx0 + bx1)) < 6:
                return True
    return False


def _table_runs(
    rows: list[tuple[list[_Line], list[_Cell]]],
    accept: Callable[[list[_Cell]], bool],
    proves: Callable[[list[_Cell]], bool],
) -> list[list[_Line]]:
    """Runs of at least two accepted, mutually aligned, vertically close rows, one of which
    `proves` a table; a one-cell row that starts under a later column of the run (a wrapped
    cell) continues it."""
    regions: list[list[_Line]] = []
    run: list[tuple[list[_Line], list[_Cell]]] = []

    def close() -> None:
        if sum(1 for _, cells in run if len(cells) >= 2) >= 2 and any(proves(cells) for _, cells in run):
            regions.append([ln for row, _ in run for ln in row])

    for row, cells in rows:
        close_enough = bool(run) and row[0].bbox[1] - max(ln.bbox[3] for ln in run[-1][0]) < 2.0 * max(
            row[0].bbox[3] - row[0].bbox[1], 1.0
        )
        if accept(cells):
            last_multi = next((c for _, c in reversed(run) if len(c) >= 2), None)
            if run and not (close_enough and last_multi is not None and _aligned(last_multi, cells)):
                close()
                run = []
            run.append((row, cells))
            continue
        inner_edges = [c[0] for _, cs in run if len(cs) >= 2 for c in cs[1:]]
        if close_enough and len(cells) == 1 and any(abs(cells[0][0] - e) < 3 for e in inner_edges):
            run.append((row, cells))
            continue
        close()
        run = []
    close()
    return regions


def _spans_both_columns(region: list[_Line], gutter: float) -> bool:
    """Is a table found on the whole width of a two-column page really wide: a cell across
    the gutter, or cells on both sides of it in at least two rows? A table in one column whose
    row happens to sit beside a short line of the other column (a reference, a heading) is not."""
    both = 0
    for row in _rows(region):
        cells = _row_cells(row)
        if any(x0 < gutter < x1 for x0, x1, _ in cells):
            return True
        if any(x1 <= gutter for _, x1, _ in cells) and any(x0 >= gutter for x0, _, _ in cells):
            both += 1
    return both >= 2


def _table_block(lines: list[_Line]) -> _Block:
    rows = [" | ".join(text for _, _, text in _row_cells(row)) for row in _rows(lines)]
    block = _Block(lines=lines, kind="table", table_rows=[r for r in rows if r])
    block.compute_bbox()
    return block


def _replace_with_tables(layout: _PageLayout, regions: list[list[_Line]]) -> None:
    taken = {id(line) for region in regions for line in region}
    if not taken:
        return
    kept: list[_Block] = []
    for block in layout.blocks:
        rest = [ln for ln in block.lines if id(ln) not in taken]
        if len(rest) == len(block.lines):
            kept.append(block)
        elif rest:
            block.lines = rest
            block.compute_bbox()
            kept.append(block)
    kept.extend(_table_block(region) for region in regions)
    layout.blocks = kept


def _ruled_grid(drawings: list[dict[str, Any]]) -> Box | None:
    """The area of a ruled grid — at least three long horizontal rules each crossing at least
    three long vertical ones — worth PyMuPDF's (slow) find_tables; else None. Plot frames,
    histogram bars and booktabs rules (horizontal only) do not qualify."""
    vertical: list[tuple[float, float, float]] = []  # x, y0, y1
    horizontal: list[tuple[float, float, float]] = []  # y, x0, x1
    for drawing in drawings:
        for item in drawing.get("items", []):
            if item[0] == "l":
                (x0, y0), (x1, y1) = (item[1].x, item[1].y), (item[2].x, item[2].y)
            elif item[0] == "re":
                rect = item[1]
                if min(rect.width, rect.height) > 2:
                    continue  # a box, not a rule
                x0, y0, x1, y1 = rect.x0, rect.y0, rect.x1, rect.y1
            else:
                continue
            if abs(x1 - x0) < 1 and abs(y1 - y0) >= 10:
                vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
            elif abs(y1 - y0) < 2.5 and abs(x1 - x0) >= 20:
                horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    if len(vertical) < 3 or len(horizontal) < 3 or len(vertical) * len(horizontal) > 4_000_000:
        return None
    crossing = [
        (y, x0, x1)
        for y, x0, x1 in horizontal
        if sum(1 for x, v0, v1 in vertical if x0 - 1 <= x <= x1 + 1 and v0 - 1 <= y <= v1 + 1) >= 3
    ]
    if len(crossing) < 3:
        return None
    return (
        min(x0 for _, x0, _ in crossing),
        min(y for y, _, _ in crossing),
        max(x1 for _, _, x1 in crossing),
        max(y for y, _, _ in crossing),
    )


def _detect_tables(
    page: Any, layout: _PageLayout, use_find_tables: bool, drawings: list[dict[str, Any]]
) -> None:
    """Tables as text blocks of rows ("cell | cell"): ruled tables found by PyMuPDF's
    find_tables (only on pages with vector drawings), then runs of aligned multi-cell rows."""
    lines = [ln for b in layout.blocks if not b.rotated for ln in b.lines if ln.visible_text.strip()]
    regions: list[list[_Line]] = []
    grid = _ruled_grid(drawings) if use_find_tables else None
    if grid is not None:
        try:
            found = page.find_tables(clip=grid, use_layout=False).tables
        except Exception:  # layout analysis is best effort
            found = []
        for table in found:
            x0, y0, x1, y1 = table.bbox
            inside = [
                ln
                for ln in lines
                if x0 - 1 <= (ln.bbox[0] + ln.bbox[2]) / 2 <= x1 + 1
                and y0 - 1 <= (ln.bbox[1] + ln.bbox[3]) / 2 <= y1 + 1
            ]
            if inside:
                regions.append(inside)
    used = {id(ln) for r in regions for ln in r}
    remaining = [ln for ln in lines if id(ln) not in used]
    gutter = layout.gutter
    # The whole page first (wide tables), where two text columns side by side must not pass
    # for a two-cell table; then each column on its own.
    # Each group: lines, a row test to join a table, a row test that proves one.
    Test = Callable[[list[_Cell]], bool]
    groups: list[tuple[list[_Line], Test, Test]] = []
    if gutter is None:

        def fits(cells: list[_Cell]) -> bool:
            return _cells_fit(cells, 2, 0.6 * layout.width)

        groups.append((remaining, fits, fits))
    else:
        g, w = gutter, layout.width

        def wide_joins(cells: list[_Cell]) -> bool:
            column_line = any(
                (x1 <= g and x1 - x0 >= 0.5 * g) or (x0 >= g and x1 - x0 >= 0.5 * (w - g))
                for x0, x1, _ in cells
            )
            return _cells_fit(cells, 2, 0.75 * w) and not column_line

        def wide_proves(cells: list[_Cell]) -> bool:
            return wide_joins(cells) and (len(cells) >= 3 or any(x0 < g < x1 for x0, x1, _ in cells))

        def left_fits(cells: list[_Cell]) -> bool:
            return _cells_fit(cells, 2, 0.6 * g)

        def right_fits(cells: list[_Cell]) -> bool:
            return _cells_fit(cells, 2, 0.6 * (w - g))

        groups.append((remaining, wide_joins, wide_proves))
        groups.append(([ln for ln in remaining if ln.bbox[2] <= g], left_fits, left_fits))
        groups.append(([ln for ln in remaining if ln.bbox[0] >= g], right_fits, right_fits))
    for number, (group, joins, proves) in enumerate(groups):
        rows = [(row, _row_cells(row)) for row in _rows([ln for ln in group if id(ln) not in used])]
        for region in _table_runs(rows, joins, proves):
            if gutter is not None and number == 0 and not _spans_both_columns(region, gutter):
                continue  # a column's table beside a short line of the other column: read per column
            regions.append(region)
            used.update(id(ln) for ln in region)
    _replace_with_tables(layout, regions)


# --------------------------------------------------------------------------- reading order
def _visible_box(line: _Line) -> tuple[float, float, float, float] | None:
    boxes = [s.bbox for s in line.spans if s.hidden is None and s.text.strip()]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _find_gutter(layout: _PageLayout) -> float | None:
    """x of the gap between two text columns, or None for a single-column page. Measured on
    lines (MuPDF blocks may join lines of both columns): the x in the middle 40% of the page
    crossed by the fewest lines, if at least three lines on each side sit side by side."""
    boxes = [
        box for b in layout.blocks if not b.rotated for ln in b.lines if (box := _visible_box(ln)) is not None
    ]
    if len(boxes) < 6:
        return None
    width = layout.width
    best_x, best_cross = width / 2, len(boxes) + 1
    for step in range(0, 81):
        x = width * (0.3 + 0.4 * step / 80)
        crossing = sum(1 for b in boxes if b[0] < x < b[2])
        if crossing < best_cross or (crossing == best_cross and abs(x - width / 2) < abs(best_x - width / 2)):
            best_x, best_cross = x, crossing
    left = [b for b in boxes if b[2] <= best_x]
    right = [b for b in boxes if b[0] >= best_x]
    if len(left) < 3 or len(right) < 3 or best_cross > 0.5 * (len(left) + len(right)):
        return None
    # Lines of the left column level with some line of the right column (merged y intervals).
    spans: list[list[float]] = []
    for y0, y1 in sorted((b[1], b[3]) for b in right):
        if spans and y0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], y1)
        else:
            spans.append([y0, y1])
    starts = [span[0] for span in spans]
    side_by_side = 0
    for box in left:
        i = bisect.bisect_right(starts, box[3]) - 1  # last interval starting above the box bottom
        if i >= 0 and spans[i][1] > box[1] and spans[i][0] < box[3]:
            side_by_side += 1
            if side_by_side >= 2:
                return best_x
    return None


def _split_blocks_at_gutter(layout: _PageLayout) -> None:
    """Cut blocks whose lines lie in different columns into one block per column run."""
    gutter = layout.gutter
    if gutter is None:
        return
    blocks: list[_Block] = []
    for block in layout.blocks:
        runs: list[list[_Line]] = []
        previous_side = None
        for line in block.lines:
            box = _visible_box(line) or line.bbox
            side = "left" if box[2] <= gutter else "right" if box[0] >= gutter else "wide"
            if runs and side == previous_side:
                runs[-1].append(line)
            else:
                runs.append([line])
            previous_side = side
        if len(runs) == 1:
            blocks.append(block)
            continue
        for run in runs:
            part = _Block(run)
            part.compute_bbox()
            blocks.append(part)
    layout.blocks = blocks


def order_blocks(layout: _PageLayout) -> list[_Block]:
    """Reading order: top to bottom on single-column pages; on two-column pages, between
    full-width blocks, the whole left column and then the whole right column."""
    margin = 0.07 * layout.height
    for block in layout.blocks:
        near_edge = block.bbox[3] <= margin or block.bbox[1] >= layout.height - margin
        block.furniture = block.rotated or (near_edge and len(block.lines) <= 2 and block.kind != "table")
    header = sorted(
        (b for b in layout.blocks if b.furniture and b.bbox[3] <= margin), key=lambda b: b.bbox[1]
    )
    footer = sorted((b for b in layout.blocks if b.furniture and b.bbox[3] > margin), key=lambda b: b.bbox[1])
    body = [b for b in layout.blocks if not b.furniture]
    return header + _order_body(layout, body) + footer


def _order_body(layout: _PageLayout, blocks: list[_Block]) -> list[_Block]:
    gutter = layout.gutter
    if gutter is None:
        return sorted(blocks, key=lambda b: (round(b.bbox[1], 1), b.bbox[0]))
    full = sorted((b for b in blocks if b.bbox[0] < gutter < b.bbox[2]), key=lambda b: b.bbox[1])
    columns = [b for b in blocks if not (b.bbox[0] < gutter < b.bbox[2])]
    ordered: list[_Block] = []
    previous_y = float("-inf")
    for separator_y in [*(b.bbox[1] for b in full), float("inf")]:
        band = [b for b in columns if previous_y <= (b.bbox[1] + b.bbox[3]) / 2 < separator_y]
        ordered += sorted((b for b in band if b.bbox[2] <= gutter), key=lambda b: b.bbox[1])
        ordered += sorted((b for b in band if b.bbox[2] > gutter), key=lambda b: b.bbox[1])
        ordered += [b for b in full if b.bbox[1] == separator_y and all(b is not o for o in ordered)]
        previous_y = separator_y
    return ordered


# --------------------------------------------------------------------------- headings
_NUMBERED_HEADING = re.compile(
    r"^(?P<number>(?:\d{1,2}(?:\.\d{1,2}){0,4}|[A-H](?:\.\d{1,2}){0,3}))\.?\s+(?P<title>[A-Z].*)$"
)
_UNNUMBERED_HEADINGS = {
    "abstract",
    "introduction",
    "references",
    "bibliography",
    "acknowledgements",
    "acknowledgments",
    "acknowledgement",
    "conclusion",
    "conclusions",
    "summary",
    "contents",
    "appendix",
    "appendices",
}
_BIBLIOGRAPHY_HEADINGS = {"references", "bibliography", "reference list", "literature"}
_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Tab\.)\s*\d+[.:]", re.IGNORECASE)


def _body_size(layouts: list[_PageLayout]) -> float:
    sizes: Counter[float] = Counter()
    for layout in layouts:
        for block in layout.blocks:
            for span in block.visible_spans:
                sizes[round(span.size, 1)] += len(span.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _classify(block: _Block, body_size: float) -> None:
    if block.kind == "table":
        return
    text = " ".join(block.raw_text().split())
    if not text:
        return
    if _CAPTION.match(text):
        block.kind = "caption"
        return
    spans = block.visible_spans
    chars = sum(len(s.text) for s in spans) or 1
    size = sum(s.size * len(s.text) for s in spans) / chars
    bold = sum(len(s.text) for s in spans if s.bold) / chars > 0.6
    larger = size >= body_size * 1.12
    short = len(text) <= 120 and len(block.lines) <= 3 and not text.endswith((".", ",", ";"))
    if not short:
        return
    numbered = _NUMBERED_HEADING.match(text)
    bare = re.sub(r"^[\dIVX.]+\s+", "", text).strip().rstrip(":").lower()
    if numbered and len(text.split()) <= 14:
        number = numbered.group("number")
        if bold or larger or (number[0].isdigit() and len(block.lines) == 1):
            block.kind = "heading"
            block.heading_level = number.count(".") + 1
            return
    if (
        bare in _UNNUMBERED_HEADINGS
        or bare in _BIBLIOGRAPHY_HEADINGS
        or (bare.startswith("appendix") and (bold or larger))
    ):
        block.kind = "heading"
        block.heading_level = 1
        return
    if (bold or larger) and size >= body_size * 1.05 and len(text.split()) <= 14:
        block.kind = "heading"
        block.heading_level = 1


# --------------------------------------------------------------------------- bibliography
ARXIV_NEW = re.compile(
    r"(?:arXiv:\s*|arxiv\.org/(?:abs|pdf)/)?\b(\d{2}(?:0[1-9]|1[0-2])\.\d{4,5})(?:v\d+)?\b", re.IGNORECASE
)
ARXIV_OLD = re.compile(
    r"\b((?:hep-(?:ex|ph|th|lat)|astro-ph|nucl-(?:ex|th)|gr-qc|math-ph|quant-ph|cond-mat|physics|math|cs)"
    r"(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b"
)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_BIB_MARKER = re.compile(r"(?:^|(?<=\s))\[(\d{1,4})\]\s+")
_BIB_NUMBERED = re.compile(r"(?:^|(?<=\s))(\d{1,4})\.\s+(?=\S)")


def find_arxiv_ids(text: str) -> list[str]:
    """arXiv identifiers in `text`, without version: "1902.04655", "hep-ex/0601001". A new-style
    number counts when written as an arXiv id ("arXiv:1902.04655", an arxiv.org link) or
    followed by its category ("1902.04655 [hep-ex]"); a bare number may be anything."""
    ids = [match.group(1) for match in ARXIV_OLD.finditer(text)]
    for match in ARXIV_NEW.finditer(text):
        prefixed = bool(re.match(r"arxiv", match.group(0), re.IGNORECASE))
        categorised = re.match(r"\s*\[[a-z-]+(?:\.[A-Za-z-]+)?\]", text[match.end() :]) is not None
        if prefixed or categorised:
            ids.append(match.group(1))
    return list(dict.fromkeys(ids))


def find_doi(text: str) -> str | None:
    match = DOI.search(text)
    if not match:
        return None
    doi = match.group(1).rstrip(".,;")
    while doi.endswith(")") and doi.count(")") > doi.count("("):
        doi = doi[:-1]
    return doi


def parse_bibliography(text: str) -> list[BibEntry]:
    """Split bibliography text into entries: "[12] A. Author, ..." markers, or "12. A. Author"
    numbering when it counts up from 1."""
    entries: list[BibEntry] = []
    markers = list(_BIB_MARKER.finditer(text))
    if not markers:
        chain: list[re.Match[str]] = []
        for match in _BIB_NUMBERED.finditer(text):
            if int(match.group(1)) == len(chain) + 1:
                chain.append(match)
        markers = chain if len(chain) >= 2 else []
    for i, match in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        body = " ".join(text[match.end() : end].split())
        if not body:
            continue
        arxiv = find_arxiv_ids(body)
        entries.append(
            BibEntry(key=match.group(1), text=body, arxiv=arxiv[0] if arxiv else None, doi=find_doi(body))
        )
    return entries


# --------------------------------------------------------------------------- language check
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "in",
        "to",
        "a",
        "is",
        "for",
        "with",
        "are",
        "by",
        "on",
        "at",
        "from",
        "that",
        "as",
        "be",
        "this",
        "which",
        "an",
        "or",
        "we",
        "was",
        "were",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "von",
        "le",
        "la",
        "les",
        "et",
        "des",
        "du",
        "une",
        "el",
        "los",
        "las",
        "y",
        "en",
        "que",
        "di",
        "il",
    ]
)
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûüæøåα")


def language_score(text: str) -> tuple[float, float, int]:
    """(share of word-like tokens, share of function words, number of tokens) of `text`.
    A word-like token has a vowel, no run of 5 consonants and no letter repeated 3 times."""
    tokens = [t.lower() for t in re.findall(r"[^\W\d_]+", text)]
    long_tokens = [t for t in tokens if len(t) >= 4]
    if not tokens:
        return (0.0, 0.0, 0)

    def plausible(token: str) -> bool:
        if not any(c in _VOWELS for c in token):
            return False
        if re.search(r"(.)\1\1", token):
            return False
        run = 0
        for c in token:
            run = 0 if c in _VOWELS else run + 1
            if run >= 5:
                return False
        return True

    wordlike = sum(plausible(t) for t in long_tokens) / len(long_tokens) if long_tokens else 1.0
    function = sum(t in _FUNCTION_WORDS for t in tokens) / len(tokens)
    return (wordlike, function, len(tokens))


def is_gibberish(text: str) -> str | None:
    """A reason when `text` is not language, else None (short texts are never judged)."""
    compact = "".join(text.split())
    if len(compact) < 200:
        return None
    letters = sum(c.isalpha() for c in compact)
    if letters / len(compact) < 0.35:
        return f"only {letters / len(compact):.0%} of the characters are letters"
    wordlike, function, count = language_score(text)
    if count >= 30 and wordlike < 0.75 and function < 0.03:
        return (
            f"only {wordlike:.0%} of the words look like words and {function:.1%} are common function words"
        )
    return None


# --------------------------------------------------------------------------- the reader
def read_pdf(path: str | Path, *, limits: PdfLimits | None = None, use_find_tables: bool = True) -> Document:
    """Read a PDF file into a `Document` (see the module docstring); raises `PdfError`s."""
    path = Path(path)
    limits = limits or PdfLimits()
    if not path.exists():
        raise PdfNotFoundError(path, "no such file")
    if path.is_dir():
        raise NotPdfError(path, "is a folder, not a PDF file", "Give the PDF files inside it.")
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise PdfTooLargeError(
            path,
            f"the file has {size / 1024**2:.0f} MB, more than the limit of {limits.max_bytes / 1024**2:.0f} MB",
        )
    return read_pdf_bytes(path.read_bytes(), path=str(path), limits=limits, use_find_tables=use_find_tables)


def _check_header(data: bytes, path: str) -> None:
    if not data:
        raise EmptyPdfError(path, "the file is empty (0 bytes)", "Download it again.")
    head = data[:1024]
    if b"%PDF-" in head:
        return
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        what = "an HTML page"
    elif head.startswith(b"PK"):
        what = "a ZIP archive"
    elif head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8"):
        what = "an image"
    elif head.startswith(b"%!PS"):
        what = "a PostScript file"
    else:
        what = "not a PDF"
    raise NotPdfError(path, f"the file does not start with a PDF header (it looks like {what})")


def _open(data: bytes, path: str, limits: PdfLimits) -> Any:
    pymupdf = import_pymupdf()

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise CorruptPdfError(path, f"PyMuPDF cannot open it ({exc})") from exc
    if doc.needs_pass:
        raise EncryptedPdfError(path, "it is encrypted and needs a password")
    if doc.page_count == 0:
        raise CorruptPdfError(path, "no pages could be read (the page tree is missing or broken)")
    if doc.page_count > limits.max_pages:
        raise PdfTooLargeError(
            path, f"it has {doc.page_count} pages, more than the limit of {limits.max_pages}"
        )
    return doc


def read_pdf_bytes(
    data: bytes, *, path: str = "<bytes>", limits: PdfLimits | None = None, use_find_tables: bool = True
) -> Document:
    """Read PDF content given as bytes; `path` names it in errors and in `Document.path`."""
    pymupdf = import_pymupdf()

    limits = limits or PdfLimits()
    if len(data) > limits.max_bytes:
        raise PdfTooLargeError(path, f"the file has {len(data) / 1024**2:.0f} MB, more than the limit")
    _check_header(data, path)
    # MuPDF prints its complaints about damaged files to stderr; the typed errors say it better.
    display = pymupdf.TOOLS.mupdf_display_errors()
    pymupdf.TOOLS.mupdf_display_errors(False)
    try:
        return _read(data, path, limits, use_find_tables)
    finally:
        pymupdf.TOOLS.mupdf_display_errors(display)


def _read(data: bytes, path: str, limits: PdfLimits, use_find_tables: bool) -> Document:
    pymupdf = import_pymupdf()
    doc = _open(data, path, limits)
    try:
        layouts: list[_PageLayout] = []
        unreadable: list[int] = []
        last_error: Exception | None = None
        for index in range(doc.page_count):
            try:
                page = doc.load_page(index)
                width_mm, height_mm = page.rect.width * MM_PER_POINT, page.rect.height * MM_PER_POINT
                if max(width_mm, height_mm) > limits.max_page_side_mm:
                    raise PdfTooLargeError(
                        path,
                        f"page {index + 1} measures {width_mm / 1000:.2f} m x {height_mm / 1000:.2f} m, "
                        f"more than the limit of {limits.max_page_side_mm / 1000:.2f} m",
                    )
                layout = _extract_layout(page, index + 1, use_find_tables)
                chars = sum(len(s.text) for b in layout.blocks for ln in b.lines for s in ln.spans)
                if chars > limits.max_page_chars:
                    raise PdfTooLargeError(
                        path,
                        f"page {index + 1} holds {chars} characters, more than the limit of {limits.max_page_chars}",
                    )
                layouts.append(layout)
            except PdfError:
                raise
            except (RuntimeError, ValueError, pymupdf.FileDataError) as exc:
                # One damaged page does not lose the paper: keep it empty and say so.
                unreadable.append(index + 1)
                layouts.append(_PageLayout(index + 1, 0.0, 0.0))
                last_error = exc
        if unreadable and len(unreadable) == doc.page_count:
            raise CorruptPdfError(path, f"no page can be read ({last_error})")
        metadata = {k: str(v) for k, v in (doc.metadata or {}).items() if v}
        if unreadable:
            metadata["unreadable_pages"] = ", ".join(map(str, unreadable))
        try:
            xmp = doc.get_xml_metadata()
        except Exception:
            xmp = ""
        if xmp:
            metadata["xmp"] = xmp[:20000]
        if doc.is_repaired:
            metadata["repaired"] = "MuPDF repaired a damaged cross-reference table"
    finally:
        doc.close()
    return _build_document(data, path, layouts, metadata, limits)


def _build_document(
    data: bytes, path: str, layouts: list[_PageLayout], metadata: dict[str, str], limits: PdfLimits
) -> Document:
    body_size = _body_size(layouts)
    ordered_pages: list[tuple[_PageLayout, list[_Block]]] = []
    for layout in layouts:
        blocks = order_blocks(layout)
        for block in blocks:
            _classify(block, body_size)
        ordered_pages.append((layout, _merge_paragraph_pieces(_split_at_footnotes(blocks))))

    vocabulary = Vocabulary.from_texts(b.raw_text() for _, blocks in ordered_pages for b in blocks)
    document = Document(id=content_hash(data), path=path, metadata=metadata)
    title_blocks = _title_blocks(ordered_pages, body_size)
    sections: list[Section] = []
    in_bibliography = False
    bibliography_ranges: list[tuple[int, int, int]] = []  # (page, start, end) in Page.text
    current_section: str | None = None
    for layout, blocks in ordered_pages:
        raw_parts: list[str] = []
        block_ranges: list[tuple[_Block, int, int]] = []
        hidden_raw: list[tuple[int, _Span]] = []
        cursor = 0
        for block in blocks:
            text = block.raw_text()
            if raw_parts:
                cursor += 2
            start = cursor
            hidden_raw += [(start + offset, span) for offset, span in block.hidden_offsets()]
            raw_parts.append(text)
            cursor += len(text)
            if text:
                block_ranges.append((block, start, cursor))
        # Lines that hold only hidden text are not part of any visible block.
        raw = "\n\n".join(raw_parts)
        norm = normalise(raw, vocabulary)
        page = Page(number=layout.number, text=norm.text, raw_text=raw, offset_map=norm.offset_map)
        for block, raw_start, raw_end in block_ranges:
            start = to_normalised_offset(norm.offset_map, raw_start)
            end = to_normalised_offset(norm.offset_map, raw_end)
            if end <= start:
                continue
            kind = block.kind
            heading_text = " ".join(norm.text[start:end].split())
            if block.furniture:
                kind = "text"  # running headers and page numbers are never headings or references
            elif any(block is t for t in title_blocks):
                kind = "heading"  # the paper's title: a heading, not a section
            elif kind == "heading":
                title = heading_text
                bare = re.sub(r"^[\dA-H.]+\s+", "", title).strip().rstrip(":").lower()
                in_bibliography = (
                    title.lower().rstrip(":") in _BIBLIOGRAPHY_HEADINGS or bare in _BIBLIOGRAPHY_HEADINGS
                )
                sections.append(
                    Section(title=title, page=layout.number, start=start, level=block.heading_level or 1)
                )
                current_section = title
            elif in_bibliography and kind == "text":
                kind = "bibliography"
                # Consecutive entries blocks are read as one text (a word may be hyphenated
                # across them).
                if bibliography_ranges and bibliography_ranges[-1][0] == layout.number:
                    _, previous_start, previous_end = bibliography_ranges[-1]
                    if not norm.text[previous_end:start].strip():
                        bibliography_ranges[-1] = (layout.number, previous_start, end)
                        start_new = False
                    else:
                        start_new = True
                else:
                    start_new = True
                if start_new:
                    bibliography_ranges.append((layout.number, start, end))
            page.blocks.append(
                Block(
                    page=layout.number,
                    start=start,
                    end=end,
                    kind=kind,  # type: ignore[arg-type]
                    section=current_section,
                    bbox=tuple(round(v, 2) for v in block.bbox),  # type: ignore[arg-type]
                )
            )
        for raw_offset, span in hidden_raw:
            offset = to_normalised_offset(norm.offset_map, raw_offset)
            document.hidden.append(
                HiddenSpan(
                    page=layout.number,
                    start=offset,
                    end=offset,
                    reason=span.hidden or "hidden",
                    text=span.text,
                )
            )
        document.pages.append(page)
    document.sections = sections
    document.bibliography = parse_bibliography(
        "\n".join(document.page(number).text[start:end] for number, start, end in bibliography_ranges)
    )
    title = " ".join(normalise(" ".join(b.raw_text() for b in title_blocks)).text.split())[:300]
    document.title = title or metadata.get("title", "") or Path(path).stem
    _check_content(document, layouts, path, limits)
    return document


_MARK = re.compile(r"(?:[a-z]|\d{1,2}|[*†‡§¶])(?:,(?:[a-z]|\d{1,2}|[*†‡§¶]))*")


def _opens_with_mark(line: _Line) -> bool:
    """Does the line open with a footnote mark: a short raised script ("a", "1", "†") in smaller
    type, set apart from the text after it by a space or a gap? An isotope's mass number
    ("⁴He ions") touches its symbol and opens no footnote."""
    spans = [s for s in line.spans if s.hidden is None and s.text.strip()]
    if len(spans) < 2 or not _MARK.fullmatch(spans[0].text.strip()):
        return False
    mark, rest = spans[0], spans[1:]
    size = max(s.size for s in rest)
    bottom = max(s.bbox[3] for s in rest)
    raised = mark.size <= 0.85 * size and mark.bbox[3] < bottom - 0.15 * (bottom - mark.bbox[1])
    apart = rest[0].text[:1].isspace() or rest[0].bbox[0] - mark.bbox[2] >= 0.15 * size
    return raised and apart


def _ends_sentence(line: _Line) -> bool:
    return line.visible_text.rstrip().endswith((".", "!", "?", ":", ")"))


def _split_at_footnotes(blocks: list[_Block]) -> list[_Block]:
    """A footnote opened by its mark ("ᵃ For muons this means ...") is a block of its own, even
    where MuPDF set it in one block with the paragraph above it (the line before it ends a
    sentence), so that it is never read into that paragraph."""
    result: list[_Block] = []
    for block in blocks:
        lines: list[_Line] = []
        for line in block.lines:
            if lines and block.kind == "text" and _opens_with_mark(line) and _ends_sentence(lines[-1]):
                result.append(_piece(block, lines))
                lines = []
            lines.append(line)
        result.append(block if len(lines) == len(block.lines) else _piece(block, lines))
    return result


def _piece(block: _Block, lines: list[_Line]) -> _Block:
    piece = _Block(lines=lines, kind=block.kind, furniture=block.furniture, rotated=block.rotated)
    piece.compute_bbox()
    return piece


def _merge_paragraph_pieces(blocks: list[_Block]) -> list[_Block]:
    """Join a text block to the one before it when MuPDF cut one paragraph in two: same left
    edge and style, the next line right below, and the earlier block's last line full; never a
    footnote opened by its mark."""
    merged: list[_Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == block.kind == "text"
            and not (previous.furniture or block.furniture)
        ):
            last, first = previous.lines[-1], block.lines[0]
            last_box, first_box = _visible_box(last), _visible_box(first)
            if last_box and first_box:
                height = last_box[3] - last_box[1]
                widest = max(previous.bbox[2], block.bbox[2]) - min(previous.bbox[0], block.bbox[0])
                if (
                    abs(previous.bbox[0] - block.bbox[0]) < 2
                    and not _opens_with_mark(first)
                    and 0 <= first_box[1] - last_box[1] <= 1.6 * height
                    and last_box[2] - last_box[0] >= 0.9 * widest
                    and _line_style(last) == _line_style(first)
                ):
                    previous.lines += block.lines
                    previous.compute_bbox()
                    continue
        merged.append(block)
    return merged


def _title_blocks(ordered_pages: list[tuple[_PageLayout, list[_Block]]], body_size: float) -> list[_Block]:
    """The title: the block in the largest type in the upper half of page 1 (if larger than
    the body text) and the blocks in the same type right below it (a title of several lines)."""
    if not ordered_pages:
        return []
    layout, blocks = ordered_pages[0]
    candidates = [
        b
        for b in blocks
        if b.visible_spans and b.bbox[1] < layout.height * 0.5 and b.kind != "table" and not b.furniture
    ]
    if not candidates:
        return []

    def size(block: _Block) -> float:
        """Dominant font size (by characters, to the half point)."""
        sizes: Counter[float] = Counter()
        for span in block.visible_spans:
            sizes[round(span.size * 2) / 2] += len(span.text)
        return sizes.most_common(1)[0][0]

    largest = max(size(b) for b in candidates)
    if largest < body_size * 1.15:
        return []
    first = next(b for b in candidates if size(b) == largest)
    title = [first]
    for block in blocks[blocks.index(first) + 1 :]:
        gap = block.bbox[1] - title[-1].bbox[3]
        if block.furniture or size(block) != largest or gap > largest:
            break
        title.append(block)
    return title


def _check_content(document: Document, layouts: list[_PageLayout], path: str, limits: PdfLimits) -> None:
    text = "\n".join(p.text for p in document.pages)
    visible = len("".join(text.split()))
    if visible < limits.min_visible_chars:
        hidden = sum(len(h.text) for h in document.hidden)
        if "repaired" in document.metadata:
            raise CorruptPdfError(path, "it is damaged (truncated or broken) and no text could be recovered")
        if any(layout.has_images for layout in layouts):
            raise NoTextPdfError(path, f"its {len(layouts)} page(s) hold images but no text layer")
        if hidden:
            raise EmptyPdfError(path, f"it has no visible text, only {hidden} characters of hidden text")
        raise EmptyPdfError(path, f"its {len(layouts)} page(s) hold no text")
    # Tables are mostly numbers by nature: judge the language of the other blocks.
    prose = "\n".join(p.text[b.start : b.end] for p in document.pages for b in p.blocks if b.kind != "table")
    reason = is_gibberish(prose[:50_000])  # a sample is enough to judge
    if reason:
        raise GibberishPdfError(path, f"its text is not language: {reason}")


__all__ = [
    "CorruptPdfError",
    "EmptyPdfError",
    "EncryptedPdfError",
    "GibberishPdfError",
    "NoTextPdfError",
    "NotPdfError",
    "PdfError",
    "PdfLimits",
    "PdfNotFoundError",
    "PdfTooLargeError",
    "find_arxiv_ids",
    "find_doi",
    "hidden_reason",
    "is_gibberish",
    "parse_bibliography",
    "read_pdf",
    "read_pdf_bytes",
]
