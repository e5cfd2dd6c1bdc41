"""Text normalisation and quote finding, shared by every stage that matches quotes.

Two layers:

* `normalise(raw)` → `NormalisedText(text, offset_map)`: the text a reader sees, cleaned for
  search and display: ligatures expanded (ﬁ → fi), invisible control characters dropped, white
  space folded (one space inside a block, one newline between blocks), hyphenated line breaks
  joined when the joined word is plausible ("iso-\\nlation" → "isolation") and kept as a hyphen
  otherwise ("same-\\nflavour" → "same-flavour"). `offset_map[i]` is the raw offset of character i.
* `search_key(text)` → a matching key used only for comparing quotes: case folded, white space
  and word-internal hyphens removed, Greek letters spelled out (η → eta), math symbols in ASCII
  (≥ → >=, × → x, − → -), sub/superscript markup dropped (p_T, p_{T}, p T → pt). Every key
  character remembers the text offset it came from, so a match maps back to `Page.text`.

`find_quote(document, quote, page=None)` finds a quote in a `Document` and returns
`(page, start, end)` offsets in `Page.text`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.document import Document, Page

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
}
# Characters with no visible glyph that PDF text extraction leaves behind.
_DROPPED = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\x00", "\ufffd"}
HYPHENS = {"-", "\u2010", "\u2011"}  # ASCII hyphen-minus, hyphen, non-breaking hyphen
SOFT_HYPHEN = "\u00ad"

# First words that usually form a hyphenated compound rather than a broken word.
COMPOUND_FIRST_WORDS = frozenset(
    [
        "same",
        "opposite",
        "different",
        "non",
        "low",
        "high",
        "well",
        "next",
        "two",
        "three",
        "four",
        "five",
        "six",
        "one",
        "anti",
        "cross",
        "self",
        "double",
        "single",
        "triple",
        "quasi",
        "pseudo",
        "best",
        "worst",
        "data",
        "signal",
        "background",
        "track",
        "calorimeter",
        "particle",
        "detector",
        "event",
        "object",
        "lepton",
        "electron",
        "muon",
        "jet",
        "photon",
        "tau",
        "leading",
        "trailing",
    ]
)
# Second words that usually end a hyphenated compound ("likelihood-based", "event-level").
COMPOUND_SECOND_WORDS = frozenset(
    [
        "based",
        "level",
        "like",
        "type",
        "dependent",
        "independent",
        "specific",
        "related",
        "induced",
        "driven",
        "tagged",
        "matched",
        "sign",
        "flavour",
        "flavor",
        "charge",
        "order",
        "loop",
        "only",
        "free",
        "wise",
        "scale",
        "inclusive",
        "exclusive",
        "selected",
        "corrected",
        "averaged",
        "integrated",
    ]
)
# arXiv archive names, hyphenated by nature ("hep-\nex" is "hep-ex").
KNOWN_COMPOUNDS = frozenset(
    [
        "hep-ex",
        "hep-ph",
        "hep-th",
        "hep-lat",
        "astro-ph",
        "nucl-ex",
        "nucl-th",
        "gr-qc",
        "cond-mat",
        "math-ph",
        "quant-ph",
    ]
)

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_HYPHEN_SPLIT = re.compile(r"[-\u2010\u2011]")


# --------------------------------------------------------------------------- normalisation
@dataclass
class Vocabulary:
    """Words seen in a document, the evidence used to decide line-break hyphenation."""

    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        vocab = cls()
        for text in texts:
            vocab.add(text)
        return vocab

    def add(self, text: str) -> None:
        """Record the words and hyphenated compounds of `text` that do not touch a line break
        (the fragments around a hyphenated line break are not evidence of anything)."""
        expanded = "".join(LIGATURES.get(c, c) for c in text)
        continues_word = False
        for line in expanded.splitlines():
            body = line.strip()
            if continues_word:
                body = body[len(body.split()[0]) :] if body.split() else body
            continues_word = body.endswith(tuple(HYPHENS) + (SOFT_HYPHEN,))
            if continues_word:
                body = body[: len(body) - len(body.split()[-1])]
            self.words.update(w.lower() for w in _WORD_RE.findall(body))
            for token in body.split():
                parts = _HYPHEN_SPLIT.split(token.strip(".,;:()[]{}\"'"))
                for a, b in zip(parts, parts[1:], strict=False):
                    if a.isalpha() and b.isalpha():  # every adjacent pair: "next-to-next-to-leading"
                        self.compounds.add(f"{a}-{b}".lower())


def join_hyphenated(left: str, right: str, vocabulary: Vocabulary | None = None) -> bool:
    """Should "left-\\nright" be read as one word (True) or as the compound "left-right"?

    Joined when the continuation is lower case and there is no evidence of a real compound: the
    joined word seen elsewhere wins; the compound seen elsewhere, an arXiv archive ("hep-ex"),
    a digit or one-letter first part ("b-tagging"), a typical compound first or second word
    ("same-flavour", "likelihood-based") or two parts that are both words of the document keep
    the hyphen."""
    if not left or not right or not left[-1].isalpha() or not right[0].islower():
        return False
    vocab = vocabulary or Vocabulary()
    lo_left, lo_right = left.lower(), right.lower()
    if lo_left + lo_right in vocab.words:
        return True
    if f"{lo_left}-{lo_right}" in vocab.compounds or f"{lo_left}-{lo_right}" in KNOWN_COMPOUNDS:
        return False
    if len(left) == 1 or any(c.isdigit() for c in left) or lo_left in COMPOUND_FIRST_WORDS:
        return False
    if lo_right in COMPOUND_SECOND_WORDS:
        return False
    return not (
        len(lo_left) >= 3 and len(lo_right) >= 4 and lo_left in vocab.words and lo_right in vocab.words
    )


@dataclass
class NormalisedText:
    text: str
    offset_map: list[int]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw (start, end) of the normalised span [start, end)."""
        return to_raw_span(self.offset_map, start, end)


def to_raw_span(offset_map: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a normalised span to the raw text. The end maps past the last raw character used
    (a ligature expanded to several characters maps to the one raw character)."""
    if not offset_map:
        return (0, 0)
    if end <= start:
        raw = offset_map[min(start, len(offset_map) - 1)] if start < len(offset_map) else offset_map[-1] + 1
        return (raw, raw)
    return (offset_map[start], offset_map[end - 1] + 1)


def to_normalised_offset(offset_map: list[int], raw_offset: int) -> int:
    """First normalised offset whose raw offset is >= raw_offset (offset_map is sorted)."""
    lo, hi = 0, len(offset_map)
    while lo < hi:
        mid = (lo + hi) // 2
        if offset_map[mid] < raw_offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _word_before(chars: list[str], end: int) -> str:
    start = end
    while start > 0 and chars[start - 1].isalpha():
        start -= 1
    return "".join(chars[start:end])


def normalise(raw: str, vocabulary: Vocabulary | None = None) -> NormalisedText:
    """Normalise extracted PDF text; see the module docstring. `vocabulary` (usually built from
    the whole document) decides hyphenated line breaks; by default the text's own words."""
    vocab = vocabulary if vocabulary is not None else Vocabulary.from_texts([raw])
    out: list[str] = []
    omap: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c.isspace() or c in _DROPPED:
            j = i
            newlines = 0
            while j < n and (raw[j].isspace() or raw[j] in _DROPPED):
                newlines += raw[j] == "\n"
                j += 1
            soft = SOFT_HYPHEN in raw[i:j]
            if out and j < n:
                if not any(ch.isspace() for ch in raw[i:j]):
                    pass  # invisible characters inside a word (discretionary hyphen): drop
                elif soft and raw[j].isalpha() and out[-1].isalpha():
                    pass  # soft hyphen at a line break: always join
                elif newlines and out[-1] in HYPHENS and raw[j].isalpha():
                    left = _word_before(out, len(out) - 1)
                    right = _WORD_RE.match(raw, j)
                    if join_hyphenated(left, right.group(0) if right else "", vocab):
                        out.pop()
                        omap.pop()
                    elif out[-1] != "-":
                        out[-1] = "-"
                else:
                    out.append("\n" if newlines >= 2 else " ")
                    omap.append(i)
            i = j
            continue
        expansion = LIGATURES.get(c)
        if expansion is not None:
            out.extend(expansion)
            omap.extend([i] * len(expansion))
        elif unicodedata.category(c) == "Cc":
            pass  # other control characters carry no text
        else:
            out.append("-" if c in HYPHENS else c)
            omap.append(i)
        i += 1
    return NormalisedText("".join(out), omap)


# --------------------------------------------------------------------------- search keys
_SYMBOLS = {
    "\u2265": ">=",  # ≥
    "\u2a7e": ">=",  # ⩾
    "\u2264": "<=",  # ≤
    "\u2a7d": "<=",  # ⩽
    "\u2260": "!=",
    "\u00d7": "x",  # ×
    "\u2212": "-",  # unicode minus
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2012": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2192": "->",
    "\u00b1": "+-",
    "\u2248": "~",
    "\u223c": "~",
    "\u2018": "'",
    "\u2019": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2113": "l",  # ℓ
    "\u00b5": "mu",  # micro sign
    "\u2206": "delta",  # increment sign
    "\u00b7": ".",
}
# Markup of sub- and superscripts that text extraction or a quote writer may add or omit.
_MARKUP = {"_", "^", "{", "}", "$", "\\"}


@lru_cache(maxsize=4096)
def _key_of_char(c: str) -> str:
    if c in _SYMBOLS:
        return _SYMBOLS[c]
    if c in LIGATURES:
        return LIGATURES[c].lower()
    if c.isspace() or c in _MARKUP or c in _DROPPED:
        return ""
    folded = unicodedata.normalize("NFKC", c)
    if folded != c:
        return "".join(_key_of_char(f) for f in folded)
    if "GREEK" in (name := unicodedata.name(c, "")):
        words = name.split()
        for marker in ("LETTER", "SYMBOL"):
            if marker in words:
                index = words.index(marker)
                letter = words[index + 1] if marker == "LETTER" else words[index - 1]
                if letter == "FINAL":
                    letter = words[-1]
                return letter.lower()
    return c.casefold()


@dataclass(frozen=True)
class SearchKey:
    key: str
    positions: tuple[int, ...]  # text offset of each key character


@lru_cache(maxsize=512)
def search_key(text: str) -> SearchKey:
    """Matching key of `text` with the text offset of every key character (see module doc)."""
    chars: list[str] = []
    positions: list[int] = []
    last = len(text) - 1
    for i, c in enumerate(text):
        if c == "|" and (i == 0 or text[i - 1].isspace()) and (i == last or text[i + 1].isspace()):
            continue  # a table cell separator "a | b" reads as "a b"
        key = _key_of_char(c)
        for k in key:
            chars.append(k)
            positions.append(i)
    # Drop hyphens between letters ("same-flavour" ~ "same flavour" ~ "sameflavour").
    keep_chars: list[str] = []
    keep_positions: list[int] = []
    for j, k in enumerate(chars):
        if (
            k == "-"
            and keep_chars
            and keep_chars[-1].isalpha()
            and j + 1 < len(chars)
            and chars[j + 1].isalpha()
        ):
            continue
        keep_chars.append(k)
        keep_positions.append(positions[j])
    return SearchKey("".join(keep_chars), tuple(keep_positions))


_ELLIPSIS_RE = re.compile(r"\s*(?:\.\.\.|\u2026|\[\.\.\.\]|\[\u2026\])\s*")


def _is_word_char(c: str) -> bool:
    return c.isalnum()


def _boundary_score(text: str, start: int, end: int) -> int:
    """2 when the match starts and ends at word boundaries, less otherwise."""
    score = 0
    if start == 0 or not (_is_word_char(text[start - 1]) and _is_word_char(text[start])):
        score += 1
    if end >= len(text) or not (_is_word_char(text[end - 1]) and _is_word_char(text[end])):
        score += 1
    return score


def _find_key(text: str, needle: str, after: int = 0) -> tuple[int, int] | None:
    """Best (start, end) text offsets of key `needle` in `text` at or after text offset
    `after`: the first occurrence at word boundaries, else the first occurrence."""
    if not needle:
        return None
    haystack = search_key(text)
    begin = 0
    if after:
        begin = next((j for j, p in enumerate(haystack.positions) if p >= after), len(haystack.key))
    best: tuple[int, int] | None = None
    best_score = -1
    pos = haystack.key.find(needle, begin)
    while pos != -1:
        start = haystack.positions[pos]
        end = haystack.positions[pos + len(needle) - 1] + 1
        score = _boundary_score(text, start, end)
        if score > best_score:
            best, best_score = (start, end), score
            if score == 2:
                break
        pos = haystack.key.find(needle, pos + 1)
    return best


_LATEX_SYMBOLS = {
    "geq": "≥",
    "ge": "≥",
    "leq": "≤",
    "le": "≤",
    "times": "×",
    "pm": "±",
    "to": "→",
    "rightarrow": "→",
    "ell": "ℓ",
    "sim": "~",
    "approx": "~",
    "neq": "≠",
    "ne": "≠",
    "mu": "μ",
    "gamma": "γ",
    "Delta": "Δ",
}
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
_LATEX_STYLE = re.compile(
    r"\\(?:mathrm|text|textrm|mathit|mathbf|textit|textbf|rm|it|bf|mathsf|operatorname)\b\s*"
)


def latex_to_text(quote: str) -> str:
    """Undo LaTeX a quote writer may have used for what the PDF shows as symbols:
    "p_{\\mathrm{T}} \\geq 20" → "p_{T} ≥ 20" (Greek macros already read as their names)."""
    if "\\" not in quote:
        return quote
    quote = _LATEX_STYLE.sub("", quote)
    return _LATEX_COMMAND.sub(lambda m: _LATEX_SYMBOLS.get(m.group(1), m.group(1)), quote)


def find_in_text(text: str, quote: str) -> tuple[int, int] | None:
    """(start, end) of `quote` in `text`, tolerant to white space, hyphenation, ligatures,
    case and aliases (η/eta, ≥/>=, p_T/pT, −/-, LaTeX such as \\geq or p_{\\mathrm{T}}). A quote
    with an ellipsis ("a ... b") matches its parts in order, at most a few hundred characters
    apart."""
    quote = latex_to_text(quote)
    parts = [p for p in _ELLIPSIS_RE.split(quote.strip()) if search_key(p).key]
    if not parts:
        return None
    if len(parts) == 1:
        return _find_key(text, search_key(parts[0]).key)
    first = _find_key(text, search_key(parts[0]).key)
    if first is None:
        return None
    start, end = first
    for part in parts[1:]:
        span = _find_key(text, search_key(part).key, after=end)
        if span is None or span[0] - end > 300 + len(quote):
            return None
        end = span[1]
    return (start, end)


def find_quote(document: Document, quote: str, page: int | None = None) -> tuple[int, int, int] | None:
    """Find `quote` in the document's visible text: (page number, start, end) in `Page.text`,
    or None. With `page`, only that page is searched. Hidden text is never in Page.text, so a
    quote of hidden text is never found."""
    pages: list[Page] = [p for p in document.pages if page is None or p.number == page]
    for candidate in pages:
        span = find_in_text(candidate.text, quote)
        if span is not None:
            return (candidate.number, span[0], span[1])
    return None


def matches(text: str, quote: str) -> bool:
    """True when `quote` occurs in `text` up to normalisation and aliases."""
    return find_in_text(text, quote) is not None


# --- sentences ----------------------------------------------------------------------------------

#: Words after which a full stop does not end a sentence ("Ref. [12]", "e.g.", "et al.").
SENTENCE_ABBREVIATIONS = frozenset(
    [
        "ref",
        "refs",
        "fig",
        "figs",
        "eq",
        "eqs",
        "sec",
        "secs",
        "sect",
        "tab",
        "tabs",
        "e.g",
        "i.e",
        "al",
        "et",
        "cf",
        "vs",
        "approx",
        "resp",
        "ch",
        "no",
        "nos",
        "app",
        "viz",
        "etc",
        "ca",
        "dr",
        "prof",
        "mr",
        "ms",
        "st",
        "vol",
        "pp",
    ]
)
# A footnote mark set after a word's full stop ("... trigger chambers.a Leptons ...",
# "... chambers.1,2 The ..."): a lower-case letter, one or two digits or a dagger-like symbol,
# several separated by commas, then white space. Not after a digit ("2.5 GeV") or in a word.
_FOOTNOTE_MARK = r"(?:[a-z]|\d{1,2}|[*†‡§¶])"
# A sentence ends at . ! ? (and its footnote mark, if any) followed by white space and an
# upper-case letter, a digit, a bracket, a Greek letter or a quote; or at a blank line / line
# break before a capital or a table row.
_SENTENCE_END = re.compile(
    rf"(?<=[.!?])(?P<mark>(?<=[A-Za-z)\]][.!?]){_FOOTNOTE_MARK}(?:,{_FOOTNOTE_MARK})*)?"
    r"\s+(?=[A-Z0-9(\[\"'“\u0370-\u03ff|√])|\n\s*\n|\n(?=\s*[A-Z|])"
)


def _ends_with_abbreviation(text: str) -> bool:
    match = re.search(r"(?<![A-Za-z0-9])([A-Za-z.]+)\.\s*$", text)  # a word, not "2a" of "Fig. 2a"
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    # an abbreviation, or a single capital initial ("A. Author")
    return word in SENTENCE_ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str, offset: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of `text`, shifted by `offset`, white space trimmed.
    Decimal points, "Ref. [3]"-style abbreviations and initials do not end a sentence; a footnote
    mark after the full stop ends it and belongs to it."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()]
        if "\n" not in match.group(0) and _ends_with_abbreviation(candidate):
            continue
        yield from _trimmed_span(
            text, start, match.end("mark") if match.group("mark") else match.start(), offset
        )
        start = match.end()
    yield from _trimmed_span(text, start, len(text), offset)


def _trimmed_span(text: str, start: int, end: int, offset: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield (start + offset, end + offset)
