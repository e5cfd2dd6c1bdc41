"""corpus.text: normalisation, offset maps, search keys and quote finding (no PDF involved)."""

from __future__ import annotations

import random

import pytest

from corpus.document import Document, Page
from corpus.text import (
    LIGATURES,
    Vocabulary,
    find_in_text,
    find_quote,
    join_hyphenated,
    latex_to_text,
    normalise,
    search_key,
    split_sentences,
    to_normalised_offset,
    to_raw_span,
)


def _check_offset_map(raw: str, text: str, offset_map: list[int]) -> None:
    """Independent check: every normalised character comes from the raw character it maps to."""
    assert len(offset_map) == len(text)
    assert offset_map == sorted(offset_map)
    for char, raw_index in zip(text, offset_map, strict=True):
        source = raw[raw_index]
        if char == " " or char == "\n":
            assert source.isspace() or source in "\u00ad\u200b"
        elif source in LIGATURES:
            assert char in LIGATURES[source]
        elif char == "-":
            assert source in "-\u2010\u2011"
        else:
            assert source == char


def test_ligatures_expand_and_map_back() -> None:
    raw = "The ﬁrst eﬀect, the ﬂow and the eﬃcient oﬄine step."
    result = normalise(raw)
    assert result.text == "The first effect, the flow and the efficient offline step."
    _check_offset_map(raw, result.text, result.offset_map)
    start = result.text.index("efficient")
    raw_start, raw_end = result.raw_span(start, start + len("efficient"))
    assert raw[raw_start:raw_end] == "eﬃcient"


def test_white_space_folds_to_one_space_and_blocks_to_one_newline() -> None:
    raw = "  one\t two\n three  \n\n\n four\u00a0five  "
    result = normalise(raw)
    assert result.text == "one two three\nfour five"
    _check_offset_map(raw, result.text, result.offset_map)


def test_invisible_characters_are_dropped() -> None:
    raw = "iso\u00adlation zero\u200bwidth de\x00cay"
    assert normalise(raw).text == "isolation zerowidth decay"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the iso-\nlation cone", "the isolation cone"),  # broken word
        ("a same-\nflavour pair", "a same-flavour pair"),  # typical compound first word
        ("the b-\ntagging step", "the b-tagging step"),  # one-letter first part
        ("the 4-\nlepton mass", "the 4-lepton mass"),  # digit first part
        ("the Drell-\nYan process", "the Drell-Yan process"),  # capitalised continuation
        ("soft\u00ad\nhyphen", "softhyphen"),  # soft hyphen always joins
        ("a likelihood-\nbased method", "a likelihood-based method"),  # typical second word
        ("arXiv:1712.02304 [hep-\nex]", "arXiv:1712.02304 [hep-ex]"),  # arXiv archive
        ("the multi-\njet background", "the multijet background"),
    ],
)
def test_line_break_hyphenation(raw: str, expected: str) -> None:
    result = normalise(raw)
    assert result.text == expected
    _check_offset_map(raw, result.text, result.offset_map)


def test_hyphenation_uses_document_evidence() -> None:
    # "cross-section" written with its hyphen elsewhere keeps the hyphen at a line break ...
    vocab = Vocabulary.from_texts(["the cross-section is large"])
    assert normalise("the cross-\nsection", vocab).text == "the cross-section"
    # ... and a joined word seen elsewhere wins over a plausible compound.
    vocab = Vocabulary.from_texts(["the background is small", "the back door"])
    assert join_hyphenated("back", "ground", vocab)
    # Two real words of the document read as a compound ("track-based").
    vocab = Vocabulary.from_texts(["a track with a based estimate"])
    assert not join_hyphenated("track", "based", vocab)
    # Every pair inside a longer compound is evidence ("to-next" in next-to-next-to-leading).
    vocab = Vocabulary.from_texts(["the next-to-next-to-leading order"])
    assert normalise("next-to-\nnext", vocab).text == "next-to-next"
    # The fragments next to a hyphenated break are not evidence for themselves.
    vocab = Vocabulary.from_texts(["the isola-\ntion of leptons"])
    assert "isola" not in vocab.words and "tion" not in vocab.words


def test_random_hyphenated_text_round_trips() -> None:
    """Independent check: set random sentences with random hyphenated line breaks; every
    original sentence must be found, and must map back to raw text of the same words."""
    rng = random.Random(4)
    words = [
        "isolation",
        "calorimeter",
        "reconstruction",
        "identification",
        "transverse",
        "momentum",
        "lepton",
    ]
    sentences = [" ".join(rng.choice(words) for _ in range(6)) + "." for _ in range(20)]
    raw_lines: list[str] = []
    line = ""
    for word in " ".join(sentences).split():
        if len(line) > 40 and len(word) > 6:
            cut = rng.randint(2, len(word) - 3)
            raw_lines.append(f"{line} {word[:cut]}-".strip())
            line = word[cut:]
        else:
            line = f"{line} {word}".strip()
    raw_lines.append(line)
    raw = "\n".join(raw_lines)
    result = normalise(raw)
    _check_offset_map(raw, result.text, result.offset_map)
    assert result.text == " ".join(sentences)
    for sentence in sentences:
        span = find_in_text(result.text, sentence)
        assert span is not None
        raw_start, raw_end = result.raw_span(*span)
        assert raw[raw_start:raw_end].replace("-\n", "").replace("\n", " ") == sentence


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("electrons with |η| < 2.47 are kept", "|eta| < 2.47"),
        ("muons with p_T > 5 GeV", "pT > 5 GeV"),
        ("muons with p T > 5 GeV", "pT>5 GeV"),
        ("muons with p_{T} > 5 GeV", "pT > 5 GeV"),
        ("electrons with E_T > 7 GeV", "ET > 7 GeV"),
        ("m34 ≥ 12 GeV", "m34 >= 12 GeV"),
        ("d0 ≤ 1 mm", "d0 <= 1 mm"),
        ("Δφ < 0.2 and ΔR > 0.1", "delta phi < 0.2 and DeltaR > 0.1"),
        ("a cut at −2.5", "a cut at -2.5"),
        ("a 2 × 2 matrix", "a 2 x 2 matrix"),
        ("the μ channel and 4ℓ final state", "the mu channel and 4l final state"),
        ("the ﬁrst same-flavour pair", "the first same flavour pair"),
        ("THE ISOLATION", "the isolation"),
        ("Electron | ET > 7 GeV", "Electron ET > 7 GeV"),  # table cell separator
        ("muons with pT ≥ 5 GeV and |η| < 2.7", r"$p_{\mathrm{T}} \geq 5$ GeV and $|\eta| < 2.7$"),
        ("m4ℓ between 115 and 130 GeV", r"$m_{4\ell}$ between 115 and 130 GeV"),
        ("ΔR > 0.1 × 2", r"\Delta R > 0.1 \times 2"),
        ("with 36.1 fb−1 of data", "with 36.1 fb^-1 of data"),
        ("with 36.1 fb⁻¹ of data", "with 36.1 fb^{-1} of data"),
    ],
)
def test_aliases_match(text: str, quote: str) -> None:
    span = find_in_text(text, quote)
    assert span is not None, (text, quote)
    # The match covers the quoted words, not more.
    assert search_key(text[span[0] : span[1]]).key == search_key(latex_to_text(quote)).key


def test_search_key_keeps_minus_before_numbers_and_alias_words() -> None:
    assert search_key("η").key == "eta"
    assert search_key("−2.5").key == "-2.5"
    assert search_key("same-flavour").key == "sameflavour"
    assert search_key("ϕ").key == "phi"


def test_no_false_matches() -> None:
    assert find_in_text("the cut is pT > 25 GeV", "pT > 20 GeV") is None
    assert find_in_text("some text", "") is None
    assert find_in_text("", "text") is None


def test_prefers_word_boundaries() -> None:
    text = "the beta decay and the eta range"
    span = find_in_text(text, "eta")
    assert span is not None and text[span[0] : span[1]] == "eta" and span[0] == text.index(" eta") + 1


def test_ellipsis_quotes_match_parts_in_order() -> None:
    text = "Electrons must have ET > 7 GeV, a loose identification and |η| < 2.47."
    span = find_in_text(text, "Electrons must have ET > 7 GeV ... |η| < 2.47")
    assert span == (0, len(text) - 1)
    assert find_in_text(text, "|η| < 2.47 ... Electrons must") is None


def _document(*texts: str) -> Document:
    pages = [
        Page(number=i + 1, text=normalise(t).text, raw_text=t, offset_map=normalise(t).offset_map)
        for i, t in enumerate(texts)
    ]
    return Document(id="doc", pages=pages)


def test_find_quote_returns_page_and_offsets_in_page_text() -> None:
    document = _document("first page about jets", "the iso-\nlation cone of ΔR < 0.3")
    found = find_quote(document, "isolation cone of DeltaR < 0.3")
    assert found is not None
    page, start, end = found
    assert page == 2
    assert document.page(2).text[start:end] == "isolation cone of ΔR < 0.3"
    raw_start, raw_end = to_raw_span(document.page(2).offset_map, start, end)
    assert document.page(2).raw_text[raw_start:raw_end] == "iso-\nlation cone of ΔR < 0.3"


def test_find_quote_restricted_to_a_page() -> None:
    document = _document("jets with pT > 30 GeV", "muons with pT > 5 GeV")
    assert find_quote(document, "pT > 30 GeV", page=2) is None
    assert find_quote(document, "pT > 30 GeV", page=1) == (1, 10, 21)
    assert find_quote(document, "pT > 30 GeV", page=7) is None


def test_to_normalised_offset_inverts_the_map() -> None:
    raw = "a  ﬁne\n\nday"
    result = normalise(raw)
    for i, raw_index in enumerate(result.offset_map):
        first = to_normalised_offset(result.offset_map, raw_index)
        assert result.offset_map[first] == raw_index and first <= i


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Muons lie within the trigger chambers.a Leptons must be isolated.",
            ["Muons lie within the trigger chambers.a", "Leptons must be isolated."],
        ),
        ("The range is covered.1,2 The jets follow.", ["The range is covered.1,2", "The jets follow."]),
        ("Events are kept (see text).† Jets follow.", ["Events are kept (see text).†", "Jets follow."]),
        ("Shown in Fig. 2a. The jets follow.", ["Shown in Fig. 2a.", "The jets follow."]),
        ("As in Eq. (3). The jets follow.", ["As in Eq. (3).", "The jets follow."]),
    ],
)
def test_a_footnote_mark_after_a_full_stop_ends_the_sentence(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A luminosity of 2 × 1034 cm−2s−1 was reached in the run and m2 Stays as it is.",
        "The threshold is 2.5 GeV and the window 1.5 TeV wide.",
        "Thin foils of Ar.4He Ions are not split.",
        "See Fig.2 The text goes on.",
        "As in Ref.1 The text goes on.",
        "A figure by A. B. Smith shows Fig. 2a in full.",
        "Version v2.a Jets is a name.",
    ],
)
def test_no_footnote_mark_without_a_word_full_stop_and_space(text: str) -> None:
    assert sentences(text) == [text]
