"""A small typesetter on PyMuPDF, in two columns or one (`Paper.columns`): justified text with
hyphenated line breaks, ligatures, sub/superscripts (set one after the other, or stacked as TeX
does with `Paper.stack_scripts`), headings, equations, booktabs tables and drawn figures.

It uses MuPDF's built-in Nimbus Roman fonts ("tiro", "tibo", "tiit"), which cover Greek, ℓ and
the math symbols the papers need, so no system font is involved and the output is the same on
every machine. Wide tables and figures float to the top of the next page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from corpus.papers.hyphenation import hyphenation_points
from corpus.papers.markup import Run, Style, parse
from corpus.papers.model import Equation, Figure, Heading, Paper, Paragraph, Table

if TYPE_CHECKING:
    import pymupdf

PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89  # A4
LEFT = RIGHT = 58.0
TOP, BOTTOM = 66.0, PAGE_HEIGHT - 62.0
GAP = 16.0
COLUMN_WIDTH = (PAGE_WIDTH - LEFT - RIGHT - GAP) / 2
FULL_WIDTH = PAGE_WIDTH - LEFT - RIGHT

BODY_SIZE, BODY_LEADING = 10.2, 12.7
SMALL_SIZE, SMALL_LEADING = 8.4, 10.0
SCRIPT_SCALE = 0.7
SCRIPT_SHIFT = {"sub": 0.24, "sup": -0.36}  # of the font size, downwards
FONT_NAMES: dict[Style, str] = {
    "regular": "tiro",
    "bold": "tibo",
    "italic": "tiit",
    "sub": "tiro",
    "sup": "tiro",
}
LIGATURES = (("ffi", "\ufb03"), ("ffl", "\ufb04"), ("ff", "\ufb00"), ("fi", "\ufb01"), ("fl", "\ufb02"))
TRAILING_PUNCTUATION = ".,;:)]"


@cache
def font(style: Style) -> pymupdf.Font:
    import pymupdf

    return pymupdf.Font(FONT_NAMES[style])


def with_ligatures(text: str) -> str:
    for letters, glyph in LIGATURES:
        text = text.replace(letters, glyph)
    return text


@dataclass
class Word:
    """A word as styled runs (no spaces inside); `soft` marks a head split at a hyphenation
    point, which is drawn with a trailing hyphen."""

    runs: list[Run]
    soft: bool = False

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.runs)


@dataclass
class TextStyle:
    size: float = BODY_SIZE
    leading: float = BODY_LEADING
    base: Style = "regular"
    ligatures: bool = True
    hyphenate: bool = True
    justify: bool = True
    stack_scripts: bool = False  # a superscript right after a subscript sits above it (TeX's E_T^miss)


UNITS = ("GeV", "TeV", "MeV", "keV", "fb", "pb", "nb", "mm", "μm", "cm", "ns", "kHz", "T")


def words_of(text: str, base: Style = "regular") -> list[Word]:
    """Split marked-up text into words; a number and the unit after it stay on one line
    (a tie, like LaTeX's "13~TeV")."""
    words: list[Word] = []
    current: list[Run] = []
    for chunk, style in parse(text, base):
        pieces = chunk.split(" ")
        for i, piece in enumerate(pieces):
            if i > 0 and current:
                words.append(Word(current))
                current = []
            if piece:
                current.append((piece, style))
    if current:
        words.append(Word(current))
    tied: list[Word] = []
    for word in words:
        if tied and tied[-1].plain[-1:].isdigit() and _is_unit(word.plain):
            tied[-1] = Word([*tied[-1].runs, (" ", "regular"), *word.runs])
        else:
            tied.append(word)
    return tied


def _is_unit(text: str) -> bool:
    core = text.rstrip(".,;:)]")
    return any(core == unit or (core.startswith(unit) and not core[len(unit)].isalpha()) for unit in UNITS)


def drawn_text(text: str, style: Style, ts: TextStyle) -> str:
    return with_ligatures(text) if ts.ligatures and style in ("regular", "italic", "bold") else text


def run_width(text: str, style: Style, ts: TextStyle) -> float:
    return _width(drawn_text(text, style, ts), style, ts.size)


@lru_cache(maxsize=65536)
def _width(drawn: str, style: Style, size: float) -> float:
    scaled = size * (SCRIPT_SCALE if style in ("sub", "sup") else 1.0)
    return float(font(style).text_length(drawn, fontsize=scaled))


def drawn_runs(word: Word) -> list[Run]:
    """The runs of a word as drawn: a head split at a hyphenation point ends with a hyphen."""
    return [*word.runs, ("-", word.runs[-1][1])] if word.soft else list(word.runs)


def _stacks(style: Style, before: Style | None, ts: TextStyle) -> bool:
    return ts.stack_scripts and {style, before} == {"sub", "sup"}


def placed_runs(runs: list[Run], ts: TextStyle) -> tuple[list[float], float]:
    """Where each run starts within its word, and the word's width. With `ts.stack_scripts` a
    subscript and a superscript that follow each other start at the same x (one above the
    other) and the word goes on after the wider of the two."""
    starts: list[float] = []
    x = 0.0
    previous: Style | None = None
    for text, style in runs:
        width = run_width(text, style, ts)
        if starts and _stacks(style, previous, ts):
            starts.append(starts[-1])
            x = max(x, starts[-1] + width)
            previous = None  # a third script does not stack again
        else:
            starts.append(x)
            x += width
            previous = style
    return starts, x


def word_width(word: Word, ts: TextStyle) -> float:
    return placed_runs(drawn_runs(word), ts)[1]


def split_word(word: Word, room: float, ts: TextStyle) -> tuple[Word, Word] | None:
    """Split `word` so that its head fits in `room`: after an explicit hyphen, or at a
    hyphenation point (the head then ends with an added hyphen). The longest head wins."""
    if len(word.runs) != 1 or word.runs[0][1] not in ("regular", "italic", "bold"):
        return None
    text, style = word.runs[0]
    options: list[tuple[int, bool]] = [
        (i + 1, False) for i, ch in enumerate(text[:-2]) if ch == "-" and i >= 2
    ]
    lead = len(text) - len(text.lstrip("(["))
    core = text[lead:].rstrip(TRAILING_PUNCTUATION)
    if ts.hyphenate:
        options += [(lead + p, True) for p in hyphenation_points(core)]
    for cut, soft in sorted(options, reverse=True):
        head = Word([(text[:cut], style)], soft=soft)
        if word_width(head, ts) <= room:
            return head, Word([(text[cut:], style)])
    return None


def break_lines(words: list[Word], width: Callable[[int], float], ts: TextStyle) -> list[list[Word]]:
    """Greedy line breaking with hyphenation; `width(i)` is the room of line i."""
    space = run_width(" ", "regular", ts)
    lines: list[list[Word]] = []
    line: list[Word] = []
    used = 0.0
    queue = list(words)
    while queue:
        word = queue.pop(0)
        room = width(len(lines))
        extra = word_width(word, ts) + (space if line else 0.0)
        if used + extra <= room:
            line.append(word)
            used += extra
            continue
        split = split_word(word, room - used - (space if line else 0.0), ts)
        if split:
            line.append(split[0])
            queue.insert(0, split[1])
        elif not line:
            line.append(word)
        else:
            queue.insert(0, word)
        lines.append(line)
        line, used = [], 0.0
    if line:
        lines.append(line)
    return lines


@dataclass
class Flow:
    """Places content on pages: a full-width area on top (title, floats), then two columns (or
    one, `Paper.columns`)."""

    doc: pymupdf.Document
    paper: Paper
    page: pymupdf.Page | None = None
    writer: pymupdf.TextWriter | None = None
    column: int = 0
    y: float = TOP
    columns_top: float = TOP
    pending: list[Table | Figure] = field(default_factory=list)

    # -- pages and columns ---------------------------------------------------------------
    def new_page(self) -> None:
        import pymupdf

        self.finish_page()
        self.page = self.doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        self.writer = pymupdf.TextWriter(self.page.rect)
        number = len(self.doc)
        small = TextStyle(size=7.6, leading=9.0, base="italic", hyphenate=False)
        self.write_line([Word([(self.paper.header, "italic")])], LEFT, 40.0, small, FULL_WIDTH, justify=False)
        label = str(number)
        x = PAGE_WIDTH / 2 - run_width(label, "regular", small) / 2
        self.write_line([Word([(label, "regular")])], x, PAGE_HEIGHT - 38.0, small, 20.0, justify=False)
        self.y = TOP
        self.column = 0
        pending, self.pending = self.pending, []
        for item in pending:
            self.place_wide(item)
        self.columns_top = self.y

    def finish_page(self) -> None:
        if self.page is not None and self.writer is not None:
            self.writer.write_text(self.page)
        self.writer = None

    def next_column(self) -> None:
        if self.column == 0 and self.paper.columns == 2:
            self.column = 1
            self.y = self.columns_top
        else:
            self.new_page()

    @property
    def x0(self) -> float:
        return LEFT + self.column * (COLUMN_WIDTH + GAP)

    @property
    def column_width(self) -> float:
        return COLUMN_WIDTH if self.paper.columns == 2 else FULL_WIDTH

    def styled(self, ts: TextStyle) -> TextStyle:
        """`ts` with the paper's way of setting scripts."""
        return replace(ts, stack_scripts=self.paper.stack_scripts)

    def ensure(self, height: float) -> None:
        if self.y + height > BOTTOM:
            self.next_column()

    # -- text ----------------------------------------------------------------------------
    def write_line(
        self, words: list[Word], x: float, baseline: float, ts: TextStyle, width: float, justify: bool
    ) -> None:
        assert self.writer is not None
        space = run_width(" ", "regular", ts)
        natural = sum(word_width(w, ts) for w in words) + space * (len(words) - 1)
        gap = space
        if justify and len(words) > 1:
            stretched = space + (width - natural) / (len(words) - 1)
            if stretched <= 3.2 * space:
                gap = stretched
        for i, word in enumerate(words):
            runs = drawn_runs(word)
            starts, width = placed_runs(runs, ts)
            for (text, style), start in zip(runs, starts, strict=True):
                scale = SCRIPT_SCALE if style in ("sub", "sup") else 1.0
                shift = SCRIPT_SHIFT.get(style, 0.0) * ts.size
                drawn = drawn_text(text, style, ts)
                self.writer.append(
                    (x + start, baseline + shift), drawn, font=font(style), fontsize=ts.size * scale
                )
            x += width
            if i < len(words) - 1:
                self.writer.append((x, baseline), " ", font=font("regular"), fontsize=ts.size)
                x += gap

    def text_block(
        self,
        text: str,
        ts: TextStyle,
        indent: float = 0.0,
        width: float | None = None,
        x: float | None = None,
        center: bool = False,
        hanging: float = 0.0,
        pad: float = 0.0,
    ) -> None:
        """Set a paragraph in the current column (`pad` points from its left edge), or at a
        fixed `x` with `width` (title block, floats); breaks to the next column when full."""
        full = width or self.column_width
        ts = self.styled(ts)
        words = words_of(text, ts.base)

        def room(i: int) -> float:
            return full - (indent if i == 0 else hanging)

        lines = break_lines(words, room, ts)
        for i, line in enumerate(lines):
            self.ensure(ts.leading)
            origin = self.x0 + pad if x is None else x
            left = origin + (indent if i == 0 else hanging)
            if center:
                natural = sum(word_width(w, ts) for w in line) + run_width(" ", "regular", ts) * (
                    len(line) - 1
                )
                left = origin + (full - natural) / 2
            last = i == len(lines) - 1
            self.write_line(
                line,
                left,
                self.y + ts.size * 0.92,
                ts,
                room(i),
                justify=ts.justify and not last and not center,
            )
            self.y += ts.leading

    def lines_height(self, text: str, ts: TextStyle, width: float, indent: float = 0.0) -> float:
        lines = break_lines(words_of(text, ts.base), lambda i: width - (indent if i == 0 else 0.0), ts)
        return len(lines) * ts.leading

    # -- blocks --------------------------------------------------------------------------
    def title_block(self) -> None:
        paper = self.paper
        title = TextStyle(size=15.5, leading=19.0, base="bold", hyphenate=False, ligatures=False)
        self.y = TOP + 4
        self.text_block(paper.title, title, width=FULL_WIDTH - 40, x=LEFT + 20, center=True)
        self.y += 8
        self.text_block(
            paper.authors,
            TextStyle(size=10.5, leading=13.0, hyphenate=False),
            width=FULL_WIDTH,
            x=LEFT,
            center=True,
        )
        self.text_block(
            paper.affiliation,
            TextStyle(size=8.6, leading=10.5, base="italic", hyphenate=False),
            width=FULL_WIDTH,
            x=LEFT,
            center=True,
        )
        if paper.journal:
            self.text_block(
                paper.journal,
                TextStyle(size=8.6, leading=10.5, hyphenate=False),
                width=FULL_WIDTH,
                x=LEFT,
                center=True,
            )
        self.y += 10
        self.text_block(
            "Abstract",
            TextStyle(size=10.0, leading=13.0, base="bold", hyphenate=False),
            width=FULL_WIDTH,
            x=LEFT,
            center=True,
        )
        self.text_block(paper.abstract, TextStyle(size=9.2, leading=11.2), width=FULL_WIDTH - 60, x=LEFT + 30)
        if paper.keywords:
            self.y += 3
            keywords = TextStyle(size=8.6, leading=10.5, hyphenate=False)
            self.text_block(
                "\\it{Keywords:} " + ", ".join(paper.keywords), keywords, width=FULL_WIDTH - 60, x=LEFT + 30
            )
        self.y += 8
        assert self.page is not None
        self.page.draw_line((LEFT, self.y), (PAGE_WIDTH - RIGHT, self.y), width=0.5)
        self.y += 10
        self.columns_top = self.y

    def heading(self, block: Heading, number: str) -> None:
        ts = TextStyle(
            size=10.6 if block.level == 1 else 9.9,
            leading=13.0,
            base="bold" if block.level == 1 else "italic",
            hyphenate=False,
            justify=False,
        )
        label = f"{number} {block.text}" if number else block.text
        needed = 8 + self.lines_height(label, ts, self.column_width) + 3 * BODY_LEADING
        if self.y > self.columns_top:
            self.ensure(needed)
            if self.y > self.columns_top:
                self.y += 7 if block.level == 1 else 4
        self.text_block(label, ts)
        self.y += 2

    def paragraph(self, block: Paragraph) -> None:
        self.text_block(block.text, TextStyle(), indent=10.0 if block.indent else 0.0)

    def equation(self, block: Equation) -> None:
        ts = self.styled(TextStyle(hyphenate=False, ligatures=False, justify=False))
        self.ensure(ts.leading + 8)
        self.y += 4
        words = words_of(block.text)
        natural = sum(word_width(w, ts) for w in words) + run_width(" ", "regular", ts) * (len(words) - 1)
        baseline = self.y + ts.size * 0.92
        self.write_line(
            words, self.x0 + (self.column_width - natural) / 2, baseline, ts, natural, justify=False
        )
        label = f"({block.number})"
        self.write_line(
            [Word([(label, "regular")])],
            self.x0 + self.column_width - run_width(label, "regular", ts),
            baseline,
            ts,
            30,
            justify=False,
        )
        self.y += ts.leading + 4

    def float_or_place(self, block: Table | Figure) -> None:
        if block.wide:
            self.pending.append(block)
            return
        width = self.column_width
        height = (
            self.table_height(block, width) if isinstance(block, Table) else self.figure_height(block, width)
        )
        self.ensure(height + 6)
        self.y += 6
        self.place(block, self.x0, width)

    def place_wide(self, block: Table | Figure) -> None:
        self.place(block, LEFT, FULL_WIDTH)
        self.y += 4
        assert self.page is not None
        self.page.draw_line((LEFT, self.y), (PAGE_WIDTH - RIGHT, self.y), width=0.3)
        self.y += 10

    def place(self, block: Table | Figure, x: float, width: float) -> None:
        if isinstance(block, Table):
            self.table(block, x, width)
        else:
            self.figure(block, x, width)

    # -- tables --------------------------------------------------------------------------
    def _table_layout(self, block: Table, width: float) -> tuple[list[float], TextStyle]:
        """Column widths: natural widths when they fit; otherwise every column keeps its longest
        word and the remaining room is shared in proportion to how much each column wants."""
        ts = self.styled(TextStyle(size=8.4, leading=10.2, hyphenate=False, justify=False))
        space = run_width(" ", "regular", ts)
        padding = 8.0
        natural = [padding] * len(block.header)
        minimum = [padding] * len(block.header)
        for row in (block.header, *block.rows):
            for j, cell in enumerate(row):
                widths = [word_width(w, ts) for w in words_of(cell)]
                natural[j] = max(natural[j], sum(widths) + space * max(0, len(widths) - 1) + padding)
                minimum[j] = max(minimum[j], max(widths, default=0.0) + padding)
        if sum(natural) <= width:
            spare = (width - sum(natural)) / len(natural)
            return [n + spare for n in natural], ts
        wanted = sum(natural) - sum(minimum)
        room = max(0.0, width - sum(minimum))
        return [m + (n - m) * room / wanted for n, m in zip(natural, minimum, strict=True)], ts

    def _cell_lines(self, cell: str, width: float, ts: TextStyle) -> list[list[Word]]:
        return break_lines(words_of(cell), lambda i: width - 8.0, ts)

    def table_height(self, block: Table, width: float) -> float:
        widths, ts = self._table_layout(block, width)
        caption = self.lines_height(
            f"Table {block.number}: {block.caption}", TextStyle(size=SMALL_SIZE, leading=SMALL_LEADING), width
        )
        rows = 0.0
        for row in (block.header, *block.rows):
            rows += (
                max(len(self._cell_lines(c, w, ts)) for c, w in zip(row, widths, strict=True)) * ts.leading
                + 2
            )
        return caption + rows + 14

    def table(self, block: Table, x: float, width: float) -> None:
        assert self.page is not None
        caption = TextStyle(size=SMALL_SIZE, leading=SMALL_LEADING)
        self.text_block(f"\\it{{Table {block.number}:}} {block.caption}", caption, width=width, x=x)
        self.y += 3
        widths, ts = self._table_layout(block, width)
        align = block.align or "l" * len(block.header)
        self.page.draw_line((x, self.y), (x + sum(widths), self.y), width=0.8)
        self.y += 3
        for r, row in enumerate((block.header, *block.rows)):
            cells = [self._cell_lines(c, w, ts) for c, w in zip(row, widths, strict=True)]
            height = max(len(c) for c in cells) * ts.leading
            cx = x
            for lines, w, how in zip(cells, widths, align, strict=True):
                for k, line in enumerate(lines):
                    natural = sum(word_width(wd, ts) for wd in line) + run_width(" ", "regular", ts) * (
                        len(line) - 1
                    )
                    offset = 4.0 if how == "l" else (w - natural) / 2 if how == "c" else w - 4.0 - natural
                    styled = (
                        [
                            Word([(t, "bold" if r == 0 and s == "regular" else s) for t, s in wd.runs])
                            for wd in line
                        ]
                        if r == 0
                        else line
                    )
                    self.write_line(
                        styled, cx + offset, self.y + ts.size * 0.92 + k * ts.leading, ts, w, justify=False
                    )
                cx += w
            self.y += height + 2
            if r == 0:
                self.page.draw_line((x, self.y - 1), (x + sum(widths), self.y - 1), width=0.4)
                self.y += 1
        self.page.draw_line((x, self.y), (x + sum(widths), self.y), width=0.8)
        self.y += 6

    # -- figures -------------------------------------------------------------------------
    def figure_height(self, block: Figure, width: float) -> float:
        caption = self.lines_height(
            f"Figure {block.number}: {block.caption}",
            TextStyle(size=SMALL_SIZE, leading=SMALL_LEADING),
            width,
        )
        return self._plot_height(width) + caption + 10

    @staticmethod
    def _plot_height(width: float) -> float:
        return min(150.0, width * 0.62)

    def figure(self, block: Figure, x: float, width: float) -> None:
        assert self.page is not None and self.writer is not None
        plot_w = min(width, 300.0)
        height = self._plot_height(width)
        left = x + (width - plot_w) / 2 + 28
        right = x + (width - plot_w) / 2 + plot_w - 6
        top, bottom = self.y + 4, self.y + height - 22
        values = toy_histogram(block)
        peak = max(values) * 1.25
        ticks = TextStyle(size=6.8, leading=8.0, hyphenate=False, ligatures=False, justify=False)
        shape = self.page.new_shape()
        shape.draw_rect((left, top, right, bottom))
        shape.finish(width=0.6, color=(0, 0, 0))
        n = len(values)
        bin_w = (right - left) / n
        for i, value in enumerate(values):
            h = (bottom - top) * value / peak
            shape.draw_rect((left + i * bin_w, bottom - h, left + (i + 1) * bin_w, bottom))
        shape.finish(width=0.2, color=(0.15, 0.25, 0.55), fill=(0.62, 0.74, 0.92))
        for i, value in enumerate(values):  # "data" points with error bars
            cx = left + (i + 0.5) * bin_w
            sigma = 0.015 if block.shape == "efficiency" else math.sqrt(value)  # binomial-ish or Poisson
            observed = min(peak, max(0.0, value + sigma * _noise(block.number * 101 + i)))
            cy = bottom - (bottom - top) * observed / peak
            err = (bottom - top) * sigma / peak
            shape.draw_line((cx, max(top, cy - err)), (cx, min(bottom, cy + err)))
            shape.draw_circle((cx, cy), 1.1)
        shape.finish(width=0.4, color=(0, 0, 0), fill=(0, 0, 0))
        lo, hi = block.x_range
        for k in range(5):
            value = lo + (hi - lo) * k / 4
            tx = left + (right - left) * k / 4
            label = f"{value:g}"
            shape.draw_line((tx, bottom), (tx, bottom - 3))
            self.write_line(
                [Word([(label, "regular")])],
                tx - run_width(label, "regular", ticks) / 2,
                bottom + 8,
                ticks,
                30,
                False,
            )
        for k in range(4):
            value = peak * k / 4
            ty = bottom - (bottom - top) * k / 4
            label = f"{value:.0f}" if block.shape != "efficiency" else f"{value:.2f}"
            shape.draw_line((left, ty), (left + 3, ty))
            self.write_line(
                [Word([(label, "regular")])],
                left - 3 - run_width(label, "regular", ticks),
                ty + 2.4,
                ticks,
                30,
                False,
            )
        shape.finish(width=0.4, color=(0, 0, 0))
        shape.commit()
        axis = TextStyle(size=7.6, leading=9.0, hyphenate=False, ligatures=False, justify=False)
        x_label = words_of(block.x_label)
        x_width = sum(word_width(w, axis) for w in x_label) + run_width(" ", "regular", axis) * (
            len(x_label) - 1
        )
        self.write_line(x_label, right - x_width, bottom + 17, axis, x_width, False)
        self.write_line(words_of(block.y_label), left + 4, top + 9, axis, 200, False)
        self.y = bottom + 24
        caption = TextStyle(size=SMALL_SIZE, leading=SMALL_LEADING)
        self.text_block(f"\\it{{Figure {block.number}:}} {block.caption}", caption, width=width, x=x)
        self.y += 4


def _noise(seed: int) -> float:
    """A deterministic pseudo-random number in [-1, 1] (no global random state)."""
    value = (seed * 2654435761 + 12345) % 4294967296
    return value / 2147483648.0 - 1.0


def toy_histogram(block: Figure, bins: int = 24) -> list[float]:
    lo, hi = block.x_range
    values = []
    for i in range(bins):
        x = lo + (hi - lo) * (i + 0.5) / bins
        if block.shape == "peak":
            value = (
                6.0
                + 40.0 * math.exp(-0.5 * ((x - block.peak) / block.width) ** 2)
                + 4.0 * math.exp(-(x - lo) / (hi - lo))
            )
        elif block.shape == "falling":
            value = 120.0 * math.exp(-3.0 * (x - lo) / (hi - lo)) + 2.0
        else:
            value = 0.96 / (1.0 + math.exp(-(x - block.peak) / block.width)) + 0.02
        values.append(value)
    return values


def typeset(paper: Paper, doc: pymupdf.Document) -> None:
    """Lay out `paper` into `doc` (empty): title block, numbered sections, references."""
    flow = Flow(doc, paper)
    flow.new_page()
    flow.title_block()
    section, subsection = 0, 0
    for block in paper.blocks:
        if isinstance(block, Heading):
            if block.level == 1:
                section, subsection = section + 1, 0
                flow.heading(block, f"{section}")
            else:
                subsection += 1
                flow.heading(block, f"{section}.{subsection}")
        elif isinstance(block, Paragraph):
            flow.paragraph(block)
        elif isinstance(block, Equation):
            flow.equation(block)
        elif isinstance(block, Table | Figure):
            flow.float_or_place(block)
    _references(flow, paper.references)
    while flow.pending:  # floats that never found a next page
        flow.new_page()
    flow.finish_page()


def _references(flow: Flow, references: Iterable[str]) -> None:
    flow.heading(Heading("References"), "")
    ts = TextStyle(size=SMALL_SIZE, leading=SMALL_LEADING)
    label_width = 18.0
    for number, entry in enumerate(references, start=1):
        flow.ensure(ts.leading)
        label = f"[{number}]"
        x = flow.x0 + label_width - 3.0 - run_width(label, "regular", ts)  # right-aligned label
        flow.write_line([Word([(label, "regular")])], x, flow.y + ts.size * 0.92, ts, label_width, False)
        flow.text_block(entry, ts, width=flow.column_width - label_width, pad=label_width)
        flow.y += 1.5
