"""Reading a sentence: flattened text, mentions of objects and variables, comparators, values
with units, clauses, table cells and channel names. Pure functions over one sentence's text;
positions are offsets in the flattened text (quotes are always whole sentences)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import vocabulary as V
from .text import NUMBER, NUMBER_WORDS, UNIT_RE, fold, to_canonical

# --- flattened sentence text -----------------------------------------------------------------------


def flatten(text: str) -> str:
    """Folded text with typesetting removed: "m_{12}" -> "m12", "E_T^{miss}" -> "ETmiss",
    "χ^2" -> "χ2", "p T" kept for the patterns that allow a space."""
    text = fold(text)
    text = re.sub(r"[_{}]", "", text)
    text = re.sub(r"\^(?=[\w(-])", "", text)
    return text.replace("·", " ").replace("×", " ")


_HEAD = re.compile(rf"([^\s,;()]+)\s*([<>]=?)\s*(?={NUMBER})")
_LIST_GAP = re.compile(rf"{NUMBER}\s*(?:{UNIT_RE})?\s*(?:,\s*(?:and\s+)?|,?\s+and\s+|,?\s+or\s+)")


_WORD_NUMBERS = r"(?:two|three|four|five|six|seven|eight|nine|ten)"
_COMPARATOR_WORD_VALUE = re.compile(
    rf"\b(than|exceeds?|exceeding|exceeded|least|most|under|above|below)\s+({_WORD_NUMBERS})\b(\s*\(\s*({_WORD_NUMBERS})\s*\))?",
    re.IGNORECASE,
)


def words_to_digits(flat: str) -> str:
    """ "may not exceed five (three) times" -> "may not exceed 5 (3) times" (values after comparators)."""

    def digits(m: re.Match[str]) -> str:
        text = f"{m.group(1)} {NUMBER_WORDS[m.group(2).lower()]}"
        if m.group(4):
            text += f" ({NUMBER_WORDS[m.group(4).lower()]})"
        return text

    return _COMPARATOR_WORD_VALUE.sub(digits, flat)


def collapse_repeats(flat: str) -> str:
    """ "pT > 20 GeV, pT > 15 GeV and pT > 10 GeV" -> "pT > 20 GeV, 15 GeV and 10 GeV" (one list)."""
    heads = list(_HEAD.finditer(flat))
    drop: list[tuple[int, int]] = []
    for previous, current in zip(heads, heads[1:], strict=False):
        if (previous.group(1), previous.group(2)) != (current.group(1), current.group(2)):
            continue
        if _LIST_GAP.fullmatch(flat[previous.end() : current.start()]):
            drop.append((current.start(), current.end()))
    for start, end in reversed(drop):
        flat = flat[:start] + flat[end:]
    return flat


def selection_section(title: str | None) -> bool:
    """May a section state the selection? Not abstracts, introductions, detector, samples,
    backgrounds, uncertainties, results... unless its title says selection/objects."""
    if not title:
        return True
    if V.SELECTION_SECTION.search(title):
        return True
    return not V.NON_SELECTION_SECTION.search(title)


def table_cells(row: str) -> list[str]:
    """Cells of the first line of a table row ("a | b | c"); continuation lines are ignored."""
    first_line = row.split("\n", 1)[0].strip().strip("|")
    return [cell.strip() for cell in re.split(r"\s\|\s", f" {first_line} ")]


def table_rows(text: str) -> list[str]:
    """The rows of a table block: a line with fewer cells than the block's first line continues
    the row above (a wrapped cell, appended to that row's last cells), any other line starts a row."""
    rows: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        cells = table_cells(line)
        if rows and len(cells) < len(rows[0]):
            last = rows[-1]
            offset = len(last) - len(cells)
            for i, cell in enumerate(cells):
                last[offset + i] = f"{last[offset + i]} {cell}".strip()
        else:
            rows.append(cells)
    return [" | ".join(cells) for cells in rows]


_COUNT_LABEL = re.compile(
    r"^\s*(?:(?:number|no\.|multiplicity)\s+of\s+|N\s?_?\s?(?=[\w-]*jets?\b|[\w-]*leptons?\b))(?P<what>[^(|]+)",
    re.IGNORECASE,
)
_COUNT_VALUE = re.compile(r"^\s*(?P<op><=|>=|<|>|==|=)?\s*(?P<n>\d+)\s*$")
TAGGED = re.compile(r"\bb-?tag|\bb-?jets?\b", re.IGNORECASE)
# jets that failed the b-tagging: "untagged jets", "non-b-tagged jets", "jets that are not b-tagged"
UNTAGGED = re.compile(
    r"\b(?:un|non-?)(?:b-?)?tagged\b|\bnot\s+(?:b-?tagged|(?:identified|tagged) as (?:an?\s+)?b-(?:quark\s+)?jets?)\b",
    re.IGNORECASE,
)


def jet_label(text: str) -> str | None:
    """Which subset of jets a phrase counts: "untagged" (failed b-tagging), "b_tagged", or None."""
    if UNTAGGED.search(text):
        return "untagged"
    if TAGGED.search(text):
        return "b_tagged"
    return None


def count_row(label: str, value: str) -> tuple[str, str, float, list[str]] | None:
    """ "Number of b-tagged jets (pT > 20 GeV) | 0" -> ("jet", "==", 0, ["b_tagged"]): a table row
    stating how many objects of a kind an event has (the parenthesis defines the objects counted)."""
    label_match = _COUNT_LABEL.match(fold(label))
    value_match = _COUNT_VALUE.match(fold(value))
    if not label_match or not value_match:
        return None
    what = label_match.group("what").strip()
    words = what.split()
    obj = _object_word(words[-1]) if words else None
    if obj is None or obj not in V.PHYSICS_OBJECTS:
        return None
    op = value_match.group("op") or "=="
    subset = jet_label(what) if obj == "jet" else None
    labels = [subset] if subset else []
    return obj, "==" if op == "=" else op, float(value_match.group("n")), labels


_HEADER_OBJECT = re.compile(r"(?:electron|muon|lepton|photon|jet|tau)s?$", re.IGNORECASE)


def header_cells(header: str) -> list[str]:
    """The cells of a header row; a cell naming two objects one after the other ("Electron
    channel Muon channel", "Leading photon Subleading photon") is two centred column heads the
    PDF reader could not tell apart, and is split in two."""
    cells: list[str] = []
    for cell in table_cells(header):
        words = cell.split()
        half = len(words) // 2
        first, second = words[:half], words[half:]
        at = [
            [i for i, word in enumerate(part) if _HEADER_OBJECT.fullmatch(word)] for part in (first, second)
        ]
        if (
            len(words) % 2 == 0
            and at[0] == at[1]
            and len(at[0]) == 1
            and [w.lower() for w in first[at[0][0] + 1 :]] == [w.lower() for w in second[at[1][0] + 1 :]]
            and not {"and", "or", "/", "&", "+", "vs", "vs."} & {w.lower() for w in words}
        ):
            # two halves of the same shape: "Electron channel | Muon channel", "Leading photon |
            # Subleading photon", "Electrons | Muons"
            cells.extend([" ".join(first), " ".join(second)])
        else:
            cells.append(cell)
    return cells


def table_columns(header: str) -> list[str | None] | None:
    """Objects named by the header cells of a table ("Criterion | Electron | Muon channel"),
    or None when fewer than two columns name an object."""
    cells = header_cells(header)
    columns: list[str | None] = []
    for cell in cells:
        # "Electron channel", "Leading photon": the object word may follow a qualifier
        m = re.match(
            r"\s*(?:(?:[\w-]+\s+){0,2}?)(electron|muon|lepton|photon|jet|tau)s?\b(?!\s*(?:/|isolation|identification))",
            cell,
            re.IGNORECASE,
        )
        columns.append(m.group(1).lower() if m else None)
    return columns if sum(1 for c in columns if c) >= 2 else None


def _channels_in(flat: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for regex, channel in V.CHANNEL_RES:
        for m in regex.finditer(flat):
            found.append((m.start(), channel))
    return list(dict.fromkeys(c for _, c in sorted(found)))


_CHANNEL_WORD = r"(?:4\s?μ|4mu|2e\s?2\s?μ|2e2mu|2\s?μ\s?2e|2mu2e|4e)"
_CHANNEL_LIST = re.compile(
    rf"\s*(?:\(\s*|,?\s*(?:in|for)\s+(?:the\s+)?)((?:{_CHANNEL_WORD}(?:\s*,\s*|\s+and\s+|\s+or\s+)?)+)(?:\s*(?:channels?|final states?))?",
    re.IGNORECASE,
)
_OTHER_CHANNELS = re.compile(
    r"\s*(?:\(\s*|,?\s*(?:in|for)\s+(?:all\s+)?(?:the\s+)?)(?:other|remaining)\s*(?:channels?|final states?)?|\s*(?:for|in)\s+the\s+others\b",
    re.IGNORECASE,
)


def _channels_after(flat: str, position: int, named: list[str]) -> list[str]:
    """Channels a value is stated for: "< 6 in the 4μ channel", "(4μ)", "in the 2e2μ, 2μ2e and 4e
    channels", "(other channels)" = the channels not named before in the sentence."""
    m = _CHANNEL_LIST.match(flat, position)
    if m:
        return _channels_in(m.group(1))
    if _OTHER_CHANNELS.match(flat, position):
        before = _channels_in(flat[:position])
        return [c for c in ("4mu", "2e2mu", "2mu2e", "4e") if c not in before] if before else []
    return []


@dataclass(order=True)
class Mention:
    start: int
    end: int
    kind: str  # "object" | "variable"
    name: str
    implied_object: str | None = None
    definition: bool = False
    rank: int | None = None  # written in the symbol's script: "p_T^{j1}" is the leading jet's


@dataclass
class Comparator:
    start: int
    end: int
    op: str


@dataclass
class ValueGroup:
    """Numbers after a comparator: main values (lists), alternatives in parentheses, unit."""

    start: int
    end: int
    values: list[float]
    alternatives: list[float]
    unit: str


# --- mention finding -------------------------------------------------------------------------------


def _non_overlapping(matches: list[tuple[int, int, int, Any]]) -> list[tuple[int, int, int, Any]]:
    """Keep the earliest, longest, highest-priority matches that do not overlap."""
    chosen: list[tuple[int, int, int, Any]] = []
    taken: list[tuple[int, int]] = []
    for match in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]), m[2])):
        if any(match[0] < end and start < match[1] for start, end in taken):
            continue
        chosen.append(match)
        taken.append((match[0], match[1]))
    return sorted(chosen)


def _scripted(match: re.Match[str]) -> tuple[str | None, int | None]:
    """The object and rank a variable's script names ("pTj1": jet, 1), from the groups `obj` and
    `rank` of its pattern (several alternatives may each have them)."""
    groups = match.groupdict()
    obj = next((V.SCRIPT_OBJECTS[v] for k, v in groups.items() if k.startswith("obj") and v), None)
    rank = next((V.SCRIPT_RANKS[v] for k, v in groups.items() if k.startswith("rank") and v), None)
    return obj, rank


_EXPRESSION_GAP = re.compile(r"\s*[-+*/·×]?\s*")


def _outside_expressions(
    variables: list[tuple[int, int, int, Any]], flat: str
) -> list[tuple[int, int, int, Any]]:
    """Symbols with an object in their script that an operator joins to another symbol, or that
    stand side by side ("η^{j1} · η^{j2} < 0", "p_T^{j1} + p_T^{j2}"), make an expression: neither
    is one object's variable, both are dropped."""
    dropped: set[int] = set()
    for i, (a, b) in enumerate(zip(variables, variables[1:], strict=False)):
        if (a[3][4] or b[3][4]) and _EXPRESSION_GAP.fullmatch(flat[a[1] : b[0]]):
            dropped |= {i, i + 1}
    return [v for i, v in enumerate(variables) if i not in dropped]


# an isolation cone: "the summed track pT within ΔR < 0.3 of the muon", "inside a cone of ΔR < 0.4
# around the electron": the cone's size is part of the summed quantity's definition, not a cut
_CONE = re.compile(
    r"\b(?:within|inside|in|around)\s+(?:an?\s+|the\s+)?"
    r"(?P<cone>(?:isolation\s+)?cone\s+(?:of\s+)?(?:(?:size|radius|opening)\s+(?:of\s+)?)?)?"
    rf"(?P<dr>Δ\s?R|Delta\s?R|dR)\s*(?:<=?|≤|=)\s*{NUMBER}"
    r"(?=\s*(?:cone\s+)?(?:of|around|about|from|to)\s+(?:the|each|its|their|every|an?)\s+(?!other\b)\w)",
    re.IGNORECASE,
)
# the sum's own clause has ended: "the total energy is not used, and a muon within ΔR < 0.3 ..."
_NEW_PREDICATE = re.compile(r",\s*(?:and|but|while)\b|\b(?:is|are|was|were)\b", re.IGNORECASE)
_SUMMED = re.compile(r"\b(?:sum(?:med|s)?|total|isolation|deposit(?:ed|s)?|activity)\b", re.IGNORECASE)


def isolation_cones(flat: str) -> list[tuple[int, int]]:
    """Spans of ΔR bounds that size an isolation cone: written as a cone, or after a summed
    quantity ("the scalar sum of the track pT within ΔR < 0.4 of the muon must stay below 25%")
    that is compared only after the cone. Not an object found within ΔR of another one (an
    overlap removal), nor a sum already compared or whose clause has ended ("the summed pT
    exceeds 50 GeV and two leptons lie within ΔR < 0.1 of each other")."""
    spans = []
    for m in _CONE.finditer(flat):
        if not m.group("cone"):
            head = max(flat.rfind(c, 0, m.start()) for c in ".;:") + 1
            summed = list(_SUMMED.finditer(flat, head, m.start()))
            between = flat[summed[-1].end() : m.start()] if summed else ""
            if not summed or find_comparators(between) or _NEW_PREDICATE.search(between):
                continue
        spans.append((m.start("dr"), m.end()))
    return spans


def find_mentions(flat: str) -> list[Mention]:
    raw: list[tuple[int, int, int, Any]] = []
    for priority, (regex, variable, implied) in enumerate(V.VARIABLE_RES):
        for m in regex.finditer(flat):
            if m.end() > m.start():
                obj, rank = _scripted(m)
                scripted = obj is not None or rank is not None
                raw.append(
                    (m.start(), m.end(), priority, ("variable", variable, obj or implied, rank, scripted))
                )
    variables = _outside_expressions(_non_overlapping(raw), flat)
    cones = isolation_cones(flat)
    mentions = [
        Mention(
            s,
            e,
            "variable",
            info[1],
            info[2],
            definition=bool(re.match(r"\s*=\s*[\d.]", flat[e:])) or any(a <= s < b for a, b in cones),
            rank=info[3],
        )
        for s, e, _, info in variables
    ]
    raw_objects: list[tuple[int, int, int, Any]] = []
    for priority, (regex, name) in enumerate(V.OBJECT_RES):
        for m in regex.finditer(flat):
            if any(m.start() < v.end and v.start < m.end() for v in mentions):
                continue
            raw_objects.append((m.start(), m.end(), priority, name))
    for s, e, _, name in _non_overlapping(raw_objects):
        mentions.append(Mention(s, e, "object", name))
    return sorted(mentions)


def find_comparators(flat: str) -> list[Comparator]:
    raw: list[tuple[int, int, int, Any]] = []
    for priority, (regex, op) in enumerate(V.COMPARATOR_RES):
        for m in regex.finditer(flat):
            # a pattern may read words before the comparator proper (group "at") to know it is one
            start = m.start("at") if "at" in regex.groupindex and m.start("at") >= 0 else m.start()
            raw.append((start, m.end(), priority, op))
    return [Comparator(s, e, op) for s, e, _, op in _non_overlapping(raw)]


_VALUE = rf"({NUMBER})\s*({UNIT_RE})?"
_VALUE_START = re.compile(
    rf"\s*(?:(?:a|the) )?(?:(?:value|threshold|cut) of |(?:fraction|factor)(?: of)? )?{_VALUE}(?!\w|\.\d)"
)
_ALTERNATIVE = re.compile(rf"\s*\(\s*{_VALUE}\s*\)")
_NEXT_IN_LIST = re.compile(
    rf"\s*(?:,\s*(?:and|or)?|and|or)\s*(?:(?:the )?(?:value )?)?{_VALUE}(?!\w|\.\d|\s*(?:<|>|-\s*\d))"
)


def parse_values(flat: str, position: int) -> ValueGroup | None:
    """The number(s) right after a comparator: "7 GeV", "20, 15 and 10 GeV", "5 (3)"."""
    m = _VALUE_START.match(flat, position)
    if not m:
        return None
    values = [float(m.group(1))]
    units = [m.group(2)]
    alternatives: list[float] = []
    end = m.end()
    alt = _ALTERNATIVE.match(flat, end)
    if alt:
        alternatives.append(float(alt.group(1)))
        units.append(alt.group(2))
        end = alt.end()
    while True:
        nxt = _NEXT_IN_LIST.match(flat, end)
        if not nxt:
            break
        # a list continues only with plain numbers (not "and |η| < 2.5")
        values.append(float(nxt.group(1)))
        units.append(nxt.group(2))
        end = nxt.end()
        alt = _ALTERNATIVE.match(flat, end)
        if alt:
            alternatives.append(float(alt.group(1)))
            units.append(alt.group(2))
            end = alt.end()
    unit = next((u for u in reversed(units) if u), "") or ""
    if len({u for u in units if u}) > 1:
        # mixed units in one list: keep only the first value with its own unit
        values, alternatives, unit = values[:1], [], units[0] or ""
    return ValueGroup(m.start(1), end, values, alternatives, unit)


# --- object attribution ----------------------------------------------------------------------------

_FOR_OBJECT = re.compile(
    r"\s*(?:GeV|MeV|TeV|mm|μm)?\s*,?\s*(?:is required |are required )?(?:for|of|on)\s+"
    r"(?:the\s+|all\s+|each\s+|every\s+|both\s+|any\s+)?(?:pairs?\s+of\s+(?:leptons?\s+)?(?:of\s+)?(?:the\s+)?)?"
    r"(?P<qual>same|different|opposite)?(?:[- ]flavou?r)?(?:\s*\((?P<qual2>same|different|opposite)(?:[- ]flavou?r)?\))?"
    r"(?:[- ]?flavou?r)?\s*(?:lepton\s+)?(?P<obj>[\w-]+)(?:\s*\((?P<obj2>[^)]+)\))?(?:\s+and\s+(?P<obj3>\w+))?",
    re.IGNORECASE,
)
_LETTER_OBJECTS = {"e": "electron", "μ": "muon", "mu": "muon", "ℓ": "lepton", "γ": "photon"}


def _object_word(word: str | None, letters: bool = False) -> str | None:
    if not word:
        return None
    if letters and word.strip() in _LETTER_OBJECTS:
        return _LETTER_OBJECTS[word.strip()]
    for regex, name in V.OBJECT_RES:
        if regex.fullmatch(word.strip()) or regex.match(word.strip()):
            return name
    channel = _channel(word)
    if channel:
        return "channel:" + channel
    return None


def _channel(text: str) -> str | None:
    for regex, channel in V.CHANNEL_RES:
        if regex.search(text):
            return channel
    return None


def _flavour(text: str | None) -> str | None:
    if not text:
        return None
    lowered = text.lower()
    if re.search(r"\bsame\b", lowered):
        return "same"
    if re.search(r"\bdifferent\b|\bopposite-flav", lowered):
        return "different"
    return None


def clause_bounds(flat: str, position: int) -> tuple[int, int]:
    """The clause around `position`: between semicolons (or sentence edges)."""
    start = max(flat.rfind(";", 0, position), flat.rfind(":", 0, position)) + 1
    end_candidates = [i for i in (flat.find(";", position), flat.find(":", position)) if i >= 0]
    end = min(end_candidates) if end_candidates else len(flat)
    return start, end


def _dimension_ok(variable: str, unit: str, value: float) -> bool:
    expected = V.DIMENSION.get(variable)
    canonical = to_canonical(1.0, unit)[1] if unit else ""
    if expected:
        if unit:
            return canonical == expected  # "15%" is a fraction, never an energy
        # a bare number for an energy: plausible only if it is not a small ratio
        return value >= 1.0
    return canonical in ("", "rad") or (variable in ("iso_track", "iso_calo", "iso_rel") and canonical == "")
