"""corpus.pdf: reading generated PDFs — layout, hidden text, offsets, typed errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import pdf
from corpus.document import Document, content_hash
from corpus.text import find_quote, normalise, to_raw_span
from tests import pdf_factory


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdfs")


@pytest.fixture(scope="module")
def two_column(folder: Path) -> Document:
    return pdf.read_pdf(pdf_factory.two_column_pdf(folder))


# --------------------------------------------------------------------------- normal documents
def test_document_identity_and_title(folder: Path, two_column: Document) -> None:
    path = folder / "two_column.pdf"
    assert two_column.id == content_hash(path.read_bytes())
    assert two_column.path == str(path)
    assert two_column.title == pdf_factory.TITLE
    assert two_column.kind == "paper"
    assert [p.number for p in two_column.pages] == [1, 2]


def test_left_column_is_read_before_right_column(two_column: Document) -> None:
    text = two_column.page(1).text
    positions = [
        text.index(pdf_factory.TITLE),
        text.index(pdf_factory.ABSTRACT[:30]),
        text.index(pdf_factory.LEFT_HEADING),
        text.index("The first step of the analysis"),
        text.index("efficiency above 90%"),
        text.index(pdf_factory.RIGHT_HEADING),
        text.index(pdf_factory.RIGHT_SUBHEADING),
        text.index("The right column ends here"),
    ]
    assert positions == sorted(positions)
    # The vertical margin stamp is kept, after the body text, not inside the left column.
    assert text.index(pdf_factory.ARXIV_STAMP) > text.index("Table 1: The main cuts")


def test_hyphenation_ligatures_and_greek(two_column: Document) -> None:
    text = two_column.page(1).text
    assert "requires isolated leptons" in text  # "iso-" + "lation" joined
    assert "same-flavour opposite-charge" in text  # a real compound keeps its hyphen
    assert "The first step" in text and "effective" in text and "efficiency" in text
    assert "ﬁ" not in text and "ﬀ" not in text
    assert "|η| < 2.47" in text and "m34 ≥ 12 GeV" in text and "ΔR > 0.1" in text


def test_subscripts_are_read_inline(two_column: Document) -> None:
    assert "Leptons must have pT > 20 GeV" in two_column.page(1).text


def test_headings_sections_and_block_kinds(two_column: Document) -> None:
    titles = [(s.title, s.level, s.page) for s in two_column.sections]
    assert titles == [
        ("Abstract", 1, 1),
        (pdf_factory.LEFT_HEADING, 1, 1),
        (pdf_factory.RIGHT_HEADING, 1, 1),
        (pdf_factory.RIGHT_SUBHEADING, 2, 1),
        ("References", 1, 2),
    ]
    page = two_column.page(1)
    kinds = {page.text[b.start : b.end].split("\n")[0]: b.kind for b in page.blocks}
    assert kinds[pdf_factory.TITLE] == "heading"
    assert kinds["Table 1: The main cuts of the selection."] == "caption"
    # Every block's section is the heading before it.
    for block in page.blocks:
        assert block.section == two_column.section_at(1, block.start) or block.kind == "heading"
    selection = two_column.section_at(1, page.text.index("Leptons must have"))
    assert selection == pdf_factory.RIGHT_SUBHEADING


def test_table_is_one_block_of_rows(two_column: Document) -> None:
    page = two_column.page(1)
    tables = [page.text[b.start : b.end] for b in page.blocks if b.kind == "table"]
    assert len(tables) == 1
    rows = tables[0].split("\n")
    assert rows == [f"{cut} | {value}" for cut, value in pdf_factory.TABLE_ROWS]
    assert find_quote(two_column, "Muon pT > 5 GeV") is not None


def test_a_column_table_beside_a_short_line_of_the_other_column_stays_in_its_column(folder: Path) -> None:
    """A three-column table in the left column whose row sits level with a short line of the
    right column (the end of a reference) is read in its column, without that line."""
    import pymupdf

    doc = pymupdf.open()
    w = pdf_factory._Writer(doc)
    y = w.lines(pdf_factory.LEFT_X, pdf_factory.TOP_Y, pdf_factory._filler(64, seed=3)) + 16
    # the right column ends with a short line level with the table's second row
    right = pdf_factory._filler(8 * int((y + 12 - pdf_factory.TOP_Y) / 12.5), seed=4)
    last = w.lines(pdf_factory.RIGHT_X, y + 12 - 12.5 * len(right), right)
    w.line(pdf_factory.RIGHT_X + 14, last, "arXiv:1906.05609.", size=9)
    rows = [
        ("Requirement", "Electrons", "Muons"),
        ("Missing ET", "> 65 GeV", "> 55 GeV"),
        ("mT", "> 130 GeV", "> 130 GeV"),
    ]
    for row in rows:
        for x, cell in zip((0, 110, 175), row, strict=True):
            w.line(pdf_factory.LEFT_X + x, y, cell, size=9)
        y += 12
    w.flush()
    path = folder / "column_table.pdf"
    doc.save(str(path))
    doc.close()
    page = pdf.read_pdf(path).page(1)
    tables = [page.text[b.start : b.end] for b in page.blocks if b.kind == "table"]
    assert tables == ["\n".join(" | ".join(row) for row in rows)]


def test_ruled_table_found_by_its_grid(folder: Path) -> None:
    document = pdf.read_pdf(pdf_factory.ruled_table_pdf(folder))
    page = document.page(1)
    tables = [page.text[b.start : b.end] for b in page.blocks if b.kind == "table"]
    assert tables == ["\n".join(" | ".join(row) for row in pdf_factory.RULED_ROWS)]
    assert [h.reason for h in document.hidden] == ["white text on a white background"]
    assert page.text.startswith("The object selection is summarised")


def test_blocks_tile_the_page_text(two_column: Document) -> None:
    for page in two_column.pages:
        previous_end = 0
        for block in page.blocks:
            assert 0 <= block.start < block.end <= len(page.text)
            assert block.start >= previous_end
            assert not page.text[previous_end : block.start].strip()
            previous_end = block.end
        assert not page.text[previous_end:].strip()


def test_offset_map_points_into_raw_text(two_column: Document) -> None:
    for page in two_column.pages:
        assert len(page.offset_map) == len(page.text)
        assert normalise(page.raw_text).text.replace("-", "") == page.text.replace("-", "")
        for quote in ("isolated leptons", "efficiency above 90%", "m34 ≥ 12 GeV"):
            found = find_quote(two_column, quote, page=page.number)
            if found is None:
                continue
            _, start, end = found
            raw_start, raw_end = to_raw_span(page.offset_map, start, end)
            assert normalise(page.raw_text[raw_start:raw_end]).text == page.text[start:end]


def test_quotes_found_across_line_breaks_and_aliases(two_column: Document) -> None:
    for quote in [
        "requires isolated leptons",
        "Electrons must satisfy |eta| < 2.47",
        "Each event must contain a same flavour opposite-charge pair",
        "The effective cross-section is measured with efficiency above 90%",
        "Leptons must have p_T > 20 GeV and DeltaR > 0.1",
        "m34 >= 12 GeV",
    ]:
        found = find_quote(two_column, quote)
        assert found is not None and found[0] == 1, quote
    assert find_quote(two_column, "requires isolated leptons", page=2) is None


def test_bibliography_entries(two_column: Document) -> None:
    by_key = {e.key: e for e in two_column.bibliography}
    assert list(by_key) == ["1", "3", "5", "7", "8", "9", "12"]
    assert by_key["3"].arxiv == "hep-ex/0601001"
    assert by_key["5"].doi == "10.1016/j.physletb.2012.08.020"
    assert by_key["7"].arxiv == "1701.00001"
    assert by_key["8"].arxiv == "1702.00002"  # version dropped
    assert by_key["12"].arxiv == "1902.04655"
    assert by_key["1"].arxiv is None and by_key["9"].arxiv is None and by_key["9"].doi is None
    assert by_key["12"].text.startswith("ATLAS Collaboration, Electron and muon performance")
    page = two_column.page(2)
    assert {b.kind for b in page.blocks} == {"heading", "bibliography"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("arXiv:1902.04655v2 [hep-ex]", ["1902.04655"]),
        ("https://arxiv.org/abs/2101.12345", ["2101.12345"]),
        ("arXiv:hep-ph/0512345 and astro-ph/0601001v3", ["hep-ph/0512345", "astro-ph/0601001"]),
        ("doi:10.1007/JHEP03(2018)095 pages 1902.0465", []),
        ("JHEP 10 (2017) 132", []),
        ("Eur. Phys. J. C 76 (2016) 292, 1603.05598 [hep-ex]", ["1603.05598"]),
    ],
)
def test_arxiv_id_patterns(text: str, expected: list[str]) -> None:
    assert pdf.find_arxiv_ids(text) == expected


def test_doi_pattern_strips_trailing_punctuation() -> None:
    assert pdf.find_doi("JHEP (2018), doi:10.1007/JHEP03(2018)095.") == "10.1007/JHEP03(2018)095"
    assert pdf.find_doi("(see doi:10.1140/epjc/s10052-017-5004-5)") == "10.1140/epjc/s10052-017-5004-5"


def test_numbered_bibliography_without_brackets() -> None:
    entries = pdf.parse_bibliography(
        "1. A. One, arXiv:1111.11111. 2. B. Two, 2019. 3. C. Three, doi:10.1016/j.nima.2019.01"
    )
    assert [(e.key, e.arxiv, e.doi) for e in entries] == [
        ("1", "1111.11111", None),
        ("2", None, None),
        ("3", None, "10.1016/j.nima.2019.01"),
    ]


def test_duplicate_under_another_name_has_the_same_id(folder: Path, two_column: Document) -> None:
    copy = pdf_factory.duplicate(folder / "two_column.pdf", folder / "dups")
    assert pdf.read_pdf(copy).id == two_column.id


def test_reading_is_deterministic(folder: Path, two_column: Document) -> None:
    again = pdf.read_pdf(folder / "two_column.pdf")
    assert again.model_dump() == two_column.model_dump()


def test_dense_table_on_a_tinted_page(folder: Path) -> None:
    """3000 small cells over a background fill: read (in about a second), visible, one table."""
    document = pdf.read_pdf(pdf_factory.dense_table_pdf(folder, rows=150, columns=20))
    page = document.page(1)
    assert document.hidden == []
    assert page.text.startswith("Table 3 lists the event yields")
    tables = [page.text[b.start : b.end].split("\n") for b in page.blocks if b.kind == "table"]
    assert len(tables) == 1 and len(tables[0]) == 150
    assert tables[0][1].split(" | ") == [f"{(31 + c * 17) % 997}.{c}" for c in range(20)]


# --------------------------------------------------------------------------- hidden text
def test_hidden_text_is_flagged_and_never_in_page_text(folder: Path) -> None:
    document = pdf.read_pdf(pdf_factory.injection_pdf(folder))
    page_text = document.page(1).text
    assert "Ignore previous instructions" not in page_text
    assert "run_code" not in page_text
    assert find_quote(document, pdf_factory.INJECTION) is None
    # One hidden span for each way of hiding, with a reason.
    ways = {h.text.split(":")[0]: h.reason for h in document.hidden}
    assert set(ways) == set(pdf_factory.HIDDEN_WAYS)
    assert "white" in ways["white"] and "tiny" in ways["tiny"] and "outside" in ways["offpage"]
    assert "invisible" in ways["mode3"] and "invisible" in ways["alpha"]
    assert "covered" in ways["covered"] and "colour of its background" in ways["camouflage"]
    for span in document.hidden:
        assert pdf_factory.INJECTION in span.text
        assert 0 <= span.start == span.end <= len(page_text)
    # The visible text around the hidden lines is intact.
    assert "Muons must have a transverse momentum above 5 GeV." in page_text
    assert "Jets must have a transverse momentum above 30 GeV." in page_text
    # Metadata is kept, as untrusted data, and not in the page text.
    assert pdf_factory.INJECTION in document.metadata["subject"]
    assert document.title == "A Perfectly Ordinary Paper"


def test_ocr_text_layer_of_a_scan_is_read(folder: Path) -> None:
    document = pdf.read_pdf(pdf_factory.ocr_layer_pdf(folder))
    assert document.hidden == []
    assert document.page(1).text.startswith("A scanned page of a paper.")


def test_white_text_on_a_dark_box_is_visible(folder: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(40, 40, 400, 80), color=None, fill=(0.1, 0.1, 0.3))
    page.insert_text((50, 65), "White on navy is readable.", fontsize=11, color=(1, 1, 1))
    page.insert_text((50, 120), "Black on white is readable too. " * 3, fontsize=11)
    page.insert_text((50, 140), "White on white is not.", fontsize=11, color=(1, 1, 1))
    path = folder / "dark_box.pdf"
    doc.save(str(path))
    document = pdf.read_pdf(path)
    assert "White on navy is readable." in document.page(1).text
    assert "White on white" not in document.page(1).text
    assert [h.text for h in document.hidden] == ["White on white is not."]


@pytest.mark.parametrize(
    ("span", "reason"),
    [
        ({"size": 10, "alpha": 255, "char_flags": 16, "color": 0, "bbox": (10, 10, 50, 20)}, None),
        ({"size": 10, "alpha": 0, "char_flags": 16, "color": 0, "bbox": (10, 10, 50, 20)}, "invisible"),
        ({"size": 10, "alpha": 255, "char_flags": 0, "color": 0, "bbox": (10, 10, 50, 20)}, "invisible"),
        ({"size": 10, "alpha": 255, "char_flags": 32, "color": 0, "bbox": (10, 10, 50, 20)}, None),  # stroked
        ({"size": 10, "alpha": 20, "char_flags": 16, "color": 0, "bbox": (10, 10, 50, 20)}, "transparent"),
        ({"size": 0.9, "alpha": 255, "char_flags": 16, "color": 0, "bbox": (10, 10, 50, 20)}, "tiny"),
        ({"size": 10, "alpha": 255, "char_flags": 16 | 64, "color": 0, "bbox": (10, 10, 50, 20)}, "clipped"),
        ({"size": 10, "alpha": 255, "char_flags": 16, "color": 0xFEFEFE, "bbox": (10, 10, 50, 20)}, "white"),
        ({"size": 10, "alpha": 255, "char_flags": 16, "color": 0, "bbox": (700, 10, 750, 20)}, "outside"),
    ],
)
def test_hidden_reason_rules(span: dict, reason: str | None) -> None:
    result = pdf.hidden_reason(span, (0, 0, 595, 842))
    if reason is None:
        assert result is None
    else:
        assert result is not None and reason in result


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (pdf_factory.not_a_pdf, pdf.NotPdfError, "HTML"),
        (pdf_factory.empty_file, pdf.EmptyPdfError, "empty"),
        (pdf_factory.blank_pdf, pdf.EmptyPdfError, "no text"),
        (pdf_factory.corrupt_pdf, pdf.CorruptPdfError, "cannot open"),
        (pdf_factory.truncated_pdf, pdf.CorruptPdfError, ""),
        (pdf_factory.encrypted_pdf, pdf.EncryptedPdfError, "password"),
        (pdf_factory.image_only_pdf, pdf.NoTextPdfError, "images"),
        (pdf_factory.gibberish_pdf, pdf.GibberishPdfError, "not language"),
        (pdf_factory.huge_page_pdf, pdf.PdfTooLargeError, "5.00 m x 5.00 m"),
    ],
)
def test_bad_input_raises_typed_errors(tmp_path: Path, make, error: type[pdf.PdfError], words: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(error) as info:
        pdf.read_pdf(path)
    message = str(info.value)
    assert isinstance(info.value, pdf.PdfError) and isinstance(info.value, ValueError)
    assert str(path) in message and words in message
    assert info.value.path == str(path) and info.value.reason and info.value.hint
    assert message.endswith(info.value.hint)


def test_symbol_soup_is_gibberish(tmp_path: Path) -> None:
    with pytest.raises(pdf.GibberishPdfError, match="letters"):
        pdf.read_pdf(pdf_factory.gibberish_pdf(tmp_path, kind="symbols"))


def test_language_statistic_separates_text_from_noise() -> None:
    english = "The analysis selects events with four isolated leptons from the data. " * 10
    german = "Die Analyse wählt Ereignisse mit vier isolierten Leptonen aus den Daten. " * 10
    assert pdf.is_gibberish(english) is None
    assert pdf.is_gibberish(german) is None
    assert pdf.is_gibberish("short") is None
    assert pdf.is_gibberish("xqzvbn prtkls wmnbvc " * 30) is not None


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(pdf.PdfNotFoundError, match="no such file"):
        pdf.read_pdf(tmp_path / "absent.pdf")
    with pytest.raises(FileNotFoundError):
        pdf.read_pdf(tmp_path / "absent.pdf")
    with pytest.raises(pdf.NotPdfError, match="folder"):
        pdf.read_pdf(tmp_path)


def test_configurable_limits(tmp_path: Path) -> None:
    many = pdf_factory.many_pages_pdf(tmp_path, pages=12)
    assert len(pdf.read_pdf(many).pages) == 12
    with pytest.raises(pdf.PdfTooLargeError, match="12 pages"):
        pdf.read_pdf(many, limits=pdf.PdfLimits(max_pages=10))
    with pytest.raises(pdf.PdfTooLargeError, match="MB"):
        pdf.read_pdf(many, limits=pdf.PdfLimits(max_bytes=1000))
    huge = pdf_factory.huge_page_pdf(tmp_path, side_mm=1000)
    with pytest.raises(pdf.PdfTooLargeError, match="1.00 m"):
        pdf.read_pdf(huge, limits=pdf.PdfLimits(max_page_side_mm=841))
    assert pdf.read_pdf(huge).pages  # an A0-sized page is fine by default


def test_batch_continues_past_bad_files(tmp_path: Path) -> None:
    """What an ingester does: every bad file gives its own typed error, the good one is read."""
    files = pdf_factory.all_bad(tmp_path / "bad")
    good = pdf_factory.simple_pdf(
        tmp_path, "good.pdf", ["Muons must have pT > 5 GeV."] * 5, title="Good Paper"
    )
    errors: dict[str, str] = {}
    documents = []
    for path in [*files.values(), good]:
        try:
            documents.append(pdf.read_pdf(path))
        except pdf.PdfError as exc:
            errors[type(exc).__name__] = str(path)
    assert [d.title for d in documents] == ["Good Paper"]
    assert {name: Path(p) for name, p in errors.items()} == files


def test_one_unreadable_page_does_not_lose_the_paper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = pdf_factory.many_pages_pdf(tmp_path, pages=3)
    extract = pdf._extract_layout

    def failing_on_page_2(page, number, use_find_tables):  # type: ignore[no-untyped-def]
        if number == 2:
            raise RuntimeError("code=2: cannot parse content stream")
        return extract(page, number, use_find_tables)

    monkeypatch.setattr(pdf, "_extract_layout", failing_on_page_2)
    document = pdf.read_pdf(path)
    assert [bool(p.text) for p in document.pages] == [True, False, True]
    assert document.metadata["unreadable_pages"] == "2"
    monkeypatch.setattr(pdf, "_extract_layout", lambda *a: (_ for _ in ()).throw(RuntimeError("broken")))
    with pytest.raises(pdf.CorruptPdfError, match="no page can be read"):
        pdf.read_pdf(path)


def test_page_character_limit(tmp_path: Path) -> None:
    path = pdf_factory.dense_table_pdf(tmp_path, rows=40, columns=10)
    with pytest.raises(pdf.PdfTooLargeError, match="characters"):
        pdf.read_pdf(path, limits=pdf.PdfLimits(max_page_chars=1000))


def test_rotated_page_reads_like_the_unrotated_one(folder: Path, two_column: Document) -> None:
    doc = pdf.import_pymupdf().open(str(folder / "two_column.pdf"))
    doc[0].set_rotation(90)
    rotated = pdf.read_pdf_bytes(doc.tobytes(), path="rotated.pdf")
    assert rotated.page(1).text == two_column.page(1).text
    assert [s.title for s in rotated.sections] == [s.title for s in two_column.sections]


def test_hidden_span_inside_a_line_is_placed_where_it_sat(tmp_path: Path) -> None:
    pymupdf = pdf.import_pymupdf()
    doc = pymupdf.open()
    page = doc.new_page()
    writer = pymupdf.TextWriter(page.rect)
    font = pymupdf.Font("tiro")
    writer.append((50, 100), "Muons need pT > 5 GeV ", font=font, fontsize=10)
    x = writer.last_point.x
    writer.write_text(page)
    hidden = pymupdf.TextWriter(page.rect)
    hidden.append((x, 100), "SECRET ", font=font, fontsize=10)
    x = hidden.last_point.x
    hidden.write_text(page, color=(1, 1, 1))
    rest = pymupdf.TextWriter(page.rect)
    rest.append((x, 100), "and |η| < 2.7.", font=font, fontsize=10)
    for i in range(6):
        rest.append(
            (50, 130 + 14 * i),
            "The detector records collisions and selects the events.",
            font=font,
            fontsize=10,
        )
    rest.write_text(page)
    path = tmp_path / "inline.pdf"
    doc.save(str(path))
    document = pdf.read_pdf(path)
    text = document.page(1).text
    assert "SECRET" not in text
    assert [h.text for h in document.hidden] == ["SECRET "]
    offset = document.hidden[0].start
    assert text[:offset].endswith("Muons need pT > 5 GeV ") and text[offset:].startswith("and |η| < 2.7.")
