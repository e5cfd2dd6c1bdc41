"""The example papers render to PDF deterministically, with the typographic traps the reader
must survive: two columns, hyphenated line breaks, ligatures, Greek letters, sub/superscripts."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from assistant.cli import main
from corpus import papers
from corpus.papers.hyphenation import hyphenation_points
from corpus.papers.layout import TextStyle, Word, split_word


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return papers.render_all(tmp_path_factory.mktemp("papers"))


def page_texts(path: Path) -> list[str]:
    with pymupdf.open(path) as doc:
        return [page.get_text() for page in doc]


def test_render_all_names_files_and_references_copy(rendered: dict[str, Path]) -> None:
    assert set(rendered) == set(papers.names()) >= {"hzz4l", "leptonperf"}
    for name, path in rendered.items():
        assert path.name == f"{name}.pdf"
        assert path.read_bytes().startswith(b"%PDF-")
    reference = papers.references_dir(rendered["hzz4l"].parent) / f"{papers.LEPTONPERF_ARXIV}.pdf"
    assert reference.read_bytes() == rendered["leptonperf"].read_bytes()


def test_rendering_is_byte_identical(rendered: dict[str, Path]) -> None:
    assert papers.pdf_bytes("hzz4l") == rendered["hzz4l"].read_bytes()


def test_rendering_is_identical_in_a_fresh_process(rendered: dict[str, Path]) -> None:
    """No per-process state (font subset tags, file ids, dates) leaks into the bytes."""
    import hashlib
    import subprocess
    import sys

    code = "import hashlib, corpus.papers as p; print(hashlib.sha256(p.pdf_bytes('leptonperf')).hexdigest())"
    root = Path(__file__).resolve().parent.parent
    digest = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert digest == hashlib.sha256(rendered["leptonperf"].read_bytes()).hexdigest()


def test_page_counts(rendered: dict[str, Path]) -> None:
    counts = {name: len(page_texts(path)) for name, path in rendered.items()}
    assert 6 <= counts["hzz4l"] <= 10
    assert all(count >= 2 for count in counts.values()), counts


def test_fixed_metadata(rendered: dict[str, Path]) -> None:
    with pymupdf.open(rendered["hzz4l"]) as doc:
        assert doc.metadata["creationDate"] == "D:20250115000000Z"
        assert doc.metadata["modDate"] == "D:20250115000000Z"
        assert "Higgs" in doc.metadata["title"]


def test_hyphenated_line_breaks_split_real_words(rendered: dict[str, Path]) -> None:
    text = "\n".join(page_texts(rendered["hzz4l"]))
    breaks = re.findall(r"([A-Za-z]+)-\n([a-z]+)", text)
    assert len(breaks) >= 10
    words = set(re.findall(r"[A-Za-z]+", text.replace("-\n", "\0")))
    joined = [head + tail for head, tail in breaks]
    # a split word is a real word: most of them also occur unbroken somewhere in the paper
    seen_unbroken = [w for w in joined if w in words or w.lower() in words]
    assert len(seen_unbroken) >= len(joined) // 3, joined
    assert all(not head[-1].isdigit() for head, _ in breaks)


def test_greek_letters_and_symbols_extract_as_their_code_points(rendered: dict[str, Path]) -> None:
    text = "\n".join(page_texts(rendered["hzz4l"]))
    for symbol in ("η", "φ", "μ", "ℓ", "χ", "σ", "Δ", "θ", "ψ", "≥", "√", "±", "→"):
        assert symbol in text, symbol
    assert "\u03bc" in text and "\u00b5" not in text  # Greek mu, not the micro sign
    assert "\u2113" in text  # script small l
    assert "\ufb01" in text  # ligatures are kept: the reader must expand them


def test_subscripts_stay_inline(rendered: dict[str, Path]) -> None:
    text = " ".join(" ".join(page_texts(rendered["hzz4l"])).split())
    for snippet in (
        "pT > 30 GeV",
        "115 < m4ℓ < 130 GeV",
        "|z0 sin θ| < 0.5 mm",
        "χ2/Ndof < 6",
        "50 < m12 < 106 GeV",
    ):
        assert snippet in text, snippet


def test_two_columns_on_body_pages(rendered: dict[str, Path]) -> None:
    with pymupdf.open(rendered["hzz4l"]) as doc:
        page = doc[1]
        middle = page.rect.width / 2
        lefts = {round(b[0]) for b in page.get_text("blocks") if b[2] < middle}
        rights = {round(b[0]) for b in page.get_text("blocks") if b[0] > middle}
        assert lefts and rights


def test_bibliography_holds_the_leptonperf_arxiv_id(rendered: dict[str, Path]) -> None:
    text = "".join("".join(page_texts(rendered["hzz4l"])).split())
    bibliography = text.rsplit("References", 1)[1]
    entry = bibliography.split("[12]", 1)[1].split("[13]", 1)[0]
    assert f"arXiv:{papers.LEPTONPERF_ARXIV}" in entry


def test_hyphenation_rules() -> None:
    assert hyphenation_points("isolation") == (3, 5)
    assert hyphenation_points("GeV") == ()
    assert hyphenation_points("ptvarcone30") == ()
    assert hyphenation_points("muons") == ()  # too short
    for word in ("transverse", "calorimeter", "selection", "estimated", "following"):
        for point in hyphenation_points(word):
            assert 2 <= point <= len(word) - 3


def test_split_word_never_splits_numbers_or_scripts() -> None:
    ts = TextStyle()
    assert split_word(Word([("91.1876", "regular")]), 20.0, ts) is None
    assert split_word(Word([("p", "regular"), ("T", "sub")]), 3.0, ts) is None
    head, tail = split_word(Word([("isolation,", "regular")]), 30.0, ts) or (None, None)
    assert head is not None and tail is not None
    assert head.soft and head.plain + tail.plain == "isolation,"
    compound = split_word(Word([("same-flavour", "regular")]), 28.0, ts)
    assert compound is not None and compound[0].plain == "same-" and not compound[0].soft


def test_unknown_paper_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(papers.UnknownPaperError, match="known: hzz4l"):
        papers.render("nonexistent", tmp_path)
    assert not list(tmp_path.iterdir())


def test_cli_render_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["papers", "render", "leptonperf", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "leptonperf.pdf").is_file()
    assert main(["papers", "list"]) == 0
    out = capsys.readouterr().out
    assert "hzz4l" in out and f"arXiv:{papers.LEPTONPERF_ARXIV}" in out
    assert main(["papers", "render", "nope", "-o", str(tmp_path)]) == 2
    assert "known:" in capsys.readouterr().err
