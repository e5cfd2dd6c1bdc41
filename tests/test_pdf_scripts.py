"""corpus.pdf: symbols with a subscript and a superscript (E_T^miss, p_T^{j1}) in running text.

MuPDF ends a line where a script moves the baseline and starts a new one with the script, so
one justified line comes out as two pieces whose right edges line up with the pieces of the
lines below: without care, a paragraph or an enumerated list reads as a table ("ET | miss").
The papers here are typeset by our own layout, in one and in two columns, with the scripts set
one after the other and stacked as TeX sets them; a real table beside them must stay a table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from corpus import pdf
from corpus.document import Document
from corpus.papers.layout import typeset
from corpus.papers.markup import plain
from corpus.papers.model import Heading, Paper, Paragraph, Table

PROSE = (
    "Candidate events are kept when E_{T}^{miss} exceeds 180 GeV and the hardest jet carries "
    "p_{T}^{j1} > 140 GeV inside |η^{j1}| < 2.1; a second jet, where one exists, needs "
    "p_{T}^{j2} > 60 GeV. Every jet must point away from the missing momentum, "
    "Δφ(j, p_{T}^{miss}) > 0.6, and the scalar sum H_{T}^{jets} stays below 2 TeV, which keeps "
    "the region apart from the high-multiplicity search of a companion note."
)
LIST = (
    "The search region is built from five requirements, taken in turn: (a) E_{T}^{miss} > 300 GeV; "
    "(b) p_{T}^{j1} > 200 GeV together with |η^{j1}| < 2.4; (c) N_{jet} ≤ 3; "
    "(d) min Δφ(j_{i}, E_{T}^{miss}) > 0.5 over the three hardest jets; (e) m_{T}^{ℓν} above "
    "50 GeV in the single-lepton sample only; (f) no b-tagged jet with p_{T}^{b} > 20 GeV."
)
TABLE = Table(
    1,
    "Thresholds of the three regions.",
    ("Region", "E_{T}^{miss} [GeV]", "p_{T}^{j1} [GeV]"),
    (("SR", "> 300", "> 200"), ("CR1", "> 250", "> 150"), ("CR2", "> 200", "> 120")),
    align="lcc",
)
FILLER = (
    "The remaining text of the note describes the simulated samples and the estimate of the "
    "backgrounds, none of which bears on the reading of symbols with two scripts. "
) * 3


def script_paper(columns: int, stacked: bool) -> Paper:
    return Paper(
        name="scripts",
        arxiv="",
        title="Symbols with two scripts in running text",
        authors="The hep-repro example collaboration",
        affiliation="A test document.",
        abstract="A short note whose selection is written with E_{T}^{miss} and p_{T}^{j1}.",
        blocks=(
            Heading("Event selection"),
            Paragraph(PROSE, indent=False),
            Paragraph(LIST),
            TABLE,
            Heading("Backgrounds"),
            Paragraph(FILLER),
        ),
        references=("A. Author, A companion note, arXiv:2001.00001.",),
        columns=columns,
        stack_scripts=stacked,
    )


def read(folder: Path, columns: int, stacked: bool) -> Document:
    doc = pymupdf.open()
    typeset(script_paper(columns, stacked), doc)
    path = folder / f"scripts_{columns}_{int(stacked)}.pdf"
    doc.save(str(path))
    doc.close()
    return pdf.read_pdf(path)


def squash(text: str) -> str:
    """Text without spaces and hyphens (line breaks may hyphenate a word or add a space)."""
    return re.sub(r"[\s\-\u2010\u2011]", "", text)


LAYOUTS = [(1, False), (1, True), (2, False), (2, True)]


@pytest.fixture(
    scope="module", params=LAYOUTS, ids=[f"{c}col-{'stacked' if s else 'inline'}" for c, s in LAYOUTS]
)
def document(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Document:
    columns, stacked = request.param
    return read(tmp_path_factory.mktemp("scripts"), columns, stacked)


def blocks_of(document: Document, kind: str) -> list[str]:
    return [page.text[b.start : b.end] for page in document.pages for b in page.blocks if b.kind == kind]


def test_stacked_layout_sets_the_superscript_above_the_subscript(tmp_path: Path) -> None:
    doc = pymupdf.open()
    typeset(script_paper(2, stacked=True), doc)
    spans = [s for b in doc[0].get_text("dict")["blocks"] for ln in b.get("lines", []) for s in ln["spans"]]
    doc.close()
    subscript = next(s for s in spans if s["text"] == "T" and s["size"] < 8)
    following = spans[spans.index(subscript) + 1]
    assert following["text"].startswith("miss")
    assert abs(following["bbox"][0] - subscript["bbox"][0]) < 0.5  # same x: one above the other


def test_the_only_table_is_the_real_one(document: Document) -> None:
    rows = [" | ".join(plain(cell) for cell in row) for row in (TABLE.header, *TABLE.rows)]
    assert blocks_of(document, "table") == ["\n".join(rows)]


def test_prose_and_list_read_as_text_with_their_scripts_inline(document: Document) -> None:
    text = squash(" ".join(blocks_of(document, "text")))
    for paragraph in (PROSE, LIST):
        assert squash(plain(paragraph)) in text
    for symbol in ("ETmiss > 300 GeV", "pTj1 > 200 GeV", "|ηj1| < 2.4", "Njet ≤ 3", "pTmiss) > 0.6"):
        assert squash(symbol) in text, symbol


def test_the_enumerated_list_is_one_paragraph(document: Document) -> None:
    holding = [block for block in blocks_of(document, "text") if "(c)" in block]
    assert len(holding) == 1
    assert squash(plain(LIST)) == squash(holding[0])


# --------------------------------------------------------------------------- the joining rule
def piece(*spans: tuple[str, float, float, float, float]) -> pdf._LineInfo:
    """A line piece from spans (text, x0, x1, size, baseline); a span's box reaches 0.8 of its
    size above the baseline and 0.25 below."""
    made = [
        pdf._Span(t, (x0, base - 0.8 * size, x1, base + 0.25 * size), size, False)
        for t, x0, x1, size, base in spans
    ]
    box = pdf._box_of(made)
    return pdf._LineInfo(
        pdf._Line(made, box, 0), made, box, max(s.size for s in made), sum(len(s.text) for s in made)
    )


BODY = 10.0
LEFT_HALF = piece(("(i) E", 58, 100, BODY, 700), ("T", 100, 104, 7, 702.4))


def miss_then(x0: float, size: float = 7.0, baseline: float = 700.0, body: float = BODY) -> pdf._LineInfo:
    """The right half: the raised "miss" from `x0` on, then " > 250 GeV" in body type."""
    end = x0 + 13
    return piece(("miss", x0, end, size, baseline - 3.6), (" > 250 GeV", end, end + 40, body, baseline))


@pytest.mark.parametrize(
    ("right", "joins"),
    [
        pytest.param(miss_then(104), True, id="after-the-subscript"),
        pytest.param(miss_then(100), True, id="stacked-above-it"),
        pytest.param(miss_then(106), True, id="a-word-space-between"),
        pytest.param(miss_then(120), False, id="a-cell-an-em-and-more-away"),
        pytest.param(miss_then(104, baseline=712.7), False, id="the-next-line-down"),
        pytest.param(miss_then(104, size=5.6, body=8.0), False, id="smaller-type-a-caption"),
        pytest.param(miss_then(80), False, id="starts-inside-the-left-text"),
    ],
)
def test_a_piece_continues_a_line_broken_at_a_script(right: pdf._LineInfo, joins: bool) -> None:
    assert pdf._continues_at_script(LEFT_HALF, right) is joins


def test_pieces_without_a_script_at_the_junction_stay_apart() -> None:
    """Two pieces in body type that touch on one baseline are left to the table reader (a
    cell that ends where the next begins is not a script break)."""
    left = piece(("Missing energy", 58, 120, BODY, 700))
    right = piece((" > 250 GeV", 121, 160, BODY, 700))
    assert not pdf._continues_at_script(left, right)


def test_a_word_hyphenated_before_a_line_broken_at_scripts_is_joined(tmp_path: Path) -> None:
    """ "require-" ends a line, "ments" opens one that MuPDF breaks at E_T^miss: the word is read
    whole, in the one paragraph the lines make."""
    from tests import pdf_factory

    doc = pymupdf.open()
    w = pdf_factory._Writer(doc)
    x0, y = pdf_factory.LEFT_X, pdf_factory.TOP_Y
    w.line(x0, y, "The signal selection consists of the following require-")
    for pieces in (
        [("ments, taken in turn: (i) E", 0.0), ("T", 2.4), ("miss", -3.6), (" > 250 GeV; (ii) a", 0.0)],
        [("leading jet with p", 0.0), ("T", 2.4), ("j1", -3.6), (" > 120 GeV and |η", 0.0), ("j1", -3.6)],
    ):
        y += 12.5
        x = x0
        for text, shift in pieces:
            x = w.line(x, y + shift, text, size=7.0 if shift else 10.0)
    w.line(x, y, "| < 2.4.")
    w.flush()
    path = tmp_path / "hyphen_scripts.pdf"
    doc.save(str(path))
    doc.close()
    texts = blocks_of(pdf.read_pdf(path), "text")
    assert any(
        "following requirements, taken in turn: (i) ETmiss > 250 GeV; (ii) a leading jet with pTj1 > 120 GeV"
        in text
        for text in texts
    ), texts


# --------------------------------------------------------------------------- footnote marks
FOOTNOTED = (
    "Muons are reconstructed from tracks of the spectrometer and of the inner detector, and a muon "
    "is accepted if it lies within the acceptance of the trigger chambers.^{a} Leptons of both "
    "flavours must pass the isolation working point, and the jets need p_{T} > 30 GeV."
)
FOOTNOTE = "^{a} For muons this means |η| < 2.4; the chambers do not extend further forward."


def footnote_paper(columns: int) -> Paper:
    return Paper(
        name="footnotes",
        arxiv="",
        title="A footnote opened by its mark",
        authors="The hep-repro example collaboration",
        affiliation="A test document.",
        abstract="A short note whose muon acceptance is given in a footnote.",
        blocks=(
            Heading("Object selection"),
            Paragraph(FOOTNOTED, indent=False),
            Paragraph(FOOTNOTE, indent=False),
            Paragraph(FILLER),
        ),
        references=("A. Author, A companion note, arXiv:2001.00001.",),
        columns=columns,
    )


@pytest.mark.parametrize("columns", [1, 2])
def test_a_footnote_is_a_paragraph_of_its_own_and_its_mark_ends_a_sentence(
    tmp_path: Path, columns: int
) -> None:
    from assistant.extract.text import document_sentences

    doc = pymupdf.open()
    typeset(footnote_paper(columns), doc)
    path = tmp_path / f"footnotes_{columns}.pdf"
    doc.save(str(path))
    doc.close()
    sentences = document_sentences(pdf.read_pdf(path))
    texts = [" ".join(s.text.split()) for s in sentences]
    assert any(t.endswith("trigger chambers.a") for t in texts)
    assert any(t.startswith("Leptons of both flavours must pass") for t in texts)
    note = next(s for s in sentences if "For muons" in s.text)
    assert (
        " ".join(note.text.split())
        == "a For muons this means |η| < 2.4; the chambers do not extend further forward."
    )
    assert all(s.paragraph != note.paragraph for s in sentences if s is not note)


def mark_then(mark_size: float, lift: float, gap: float, rest: str = " For muons this means") -> pdf._Line:
    """A line that opens with `mark` in `mark_size` type lifted by `lift` above the baseline and
    set `gap` before the body text."""
    return piece(
        ("a" if rest.startswith(" ") else "4", 58, 61, mark_size, 700 - lift),
        (rest, 61 + gap, 160, BODY, 700),
    ).line


@pytest.mark.parametrize(
    ("line", "opens"),
    [
        pytest.param(mark_then(7.0, 3.6, 0), True, id="raised-mark-then-a-space"),
        pytest.param(mark_then(7.0, 3.6, 0, "He ions are used"), False, id="isotope-touches-its-symbol"),
        pytest.param(mark_then(BODY, 0, 0), False, id="a-word-in-body-type"),
        pytest.param(mark_then(7.0, -2.4, 0), False, id="lowered-a-subscript"),
    ],
)
def test_a_line_opens_with_a_footnote_mark(line: pdf._Line, opens: bool) -> None:
    assert pdf._opens_with_mark(line) is opens
