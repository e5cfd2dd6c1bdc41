"""Deterministic cut miner: finds cut statements in a Document and turns them into `Cut`s.

Each sentence (or table row) is read as mentions — physics objects, variables, comparators,
numbers with units — and a set of small rules keyed on the vocabulary of `vocabulary.py`
combines them: "ET > 7 GeV", "transverse momentum of at least 5 GeV", "50 < m12 < 106 GeV",
"between 50 and 106 GeV", "50–106 GeV", "within 10 GeV of the Z mass", "exactly four leptons",
"pT > 20, 15 and 10 GeV" for the three leading leptons, "< 5 (3) for electrons (muons)",
working points ("loose likelihood identification"), triggers, SFOS pairing, the Z1 choice,
vetoes, thresholds rising linearly with another variable. Every cut carries the sentence it
came from as evidence. Thresholds in clauses about detectors, luminosity, resolution,
triggers, simulation or uncertainties are not cuts and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.selection import VARIABLE_UNITS, Z_MASS, Cut, CutEvidence, Dependence
from corpus.document import Document, evidence_id

from . import vocabulary as V
from .interpret import (
    _IN_UNITS_OF_UNCERTAINTY,
    _default_object,
    _distracted,
    _driver_name,
    _driver_object,
    _has_comparator_between,
    _inside,
    _is_distractor_number,
    _isolation_in_words,
    _object_list_after,
    _objects_named_later,
    _preferred,
    _rank_alternatives,
    _ranks_for_list,
    _refine,
    _section_object,
    _sentence_subject,
    _variable_after,
    _variable_before,
    against_met_object,
    condition_spans,
    definition_working_points,
    descending_thresholds,
    is_removal,
    names_a_region,
    names_whom,
    ranked_group,
    ranked_members,
    relative_isolation_object,
)
from .reading import (
    _FOR_OBJECT,
    TAGGED,
    UNTAGGED,
    Comparator,
    Mention,
    ValueGroup,
    _channels_after,
    _channels_in,
    _dimension_ok,
    _flavour,
    _object_word,
    clause_bounds,
    collapse_repeats,
    count_row,
    find_comparators,
    find_mentions,
    flatten,
    header_cells,
    isolation_cones,
    jet_label,
    parse_values,
    selection_section,
    table_cells,
    table_columns,
    table_rows,
    words_to_digits,
)
from .sanity import fold_symmetric_window, unsatisfiable
from .text import NUMBER, NUMBER_WORDS, UNIT_RE, Sentence, document_sentences, fold, to_canonical

MAX_QUOTE = 2000


@dataclass
class Context:
    """What earlier sentences of the same paragraph/section said (objects carry over)."""

    paragraph: int = -1
    section: str | None = None
    object: str | None = None
    section_object: str | None = None
    columns: list[str | None] | None = None
    headers: list[str] | None = None
    particle_level: bool = False  # the paragraph defines a particle-level (fiducial) phase space


@dataclass
class Mined:
    cut: Cut
    sentence: Sentence
    order: int
    extra: dict[str, Any] = field(default_factory=dict)


# --- the miner -------------------------------------------------------------------------------------


# a quantity of a non-target (a discriminant, a classifier output) named between a variable and a
# later comparator takes that comparator
_NONTARGET_QUANTITY = re.compile(
    r"\bdiscriminants?\b|\bclassifier (?:outputs?|scores?)\b|\b(?:BDT|MVA|NN) (?:outputs?|scores?)\b",
    re.IGNORECASE,
)
# the words that say a non-target (cluster, track, vertex) is what a physics object is made of
# or comes from
_MADE_OF = re.compile(
    r"\b(?:buil[dt]s?|reconstruct\w*|form(?:s|ed)?|made|make|construct\w*|cluster(?:s|ed)?|obtain\w*|seeded)\s+"
    r"(?:[\w-]+\s+)?(?:from|out of)\b[^;()]*$|"
    r"\bmatched\s+to\s+(?:[\w-]+\s+){0,3}$|"
    r"\b(?:come|comes|coming|originat\w*|stem\w*)\s+from\s+(?:[\w-]+\s+){0,3}$|"
    r"\b(?:compatible|associated)\s+with\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _closing_parenthetical(flat: str, start: int, position: int) -> bool:
    """Is `position` inside a parenthesis opened after `start` (only words before it, no
    comparator) that closes the phrase ("tracks (pT > 25 GeV)," but not "tracks (pT > 1 GeV) in")?"""
    opening = flat.rfind("(", start, position)
    while opening >= 0 and _paren_end(flat, opening) < position:
        opening = flat.rfind("(", start, opening)
    if opening < 0 or re.search(r"[<>=;]|\d", flat[start:opening]):
        return False
    end = _paren_end(flat, opening)
    return end < len(flat) and re.match(r"\)\s*(?:[,;.]|$)", flat[end:]) is not None


def _paren_end(flat: str, opening: int) -> int:
    depth = 0
    for i in range(opening, len(flat)):
        if flat[i] == "(":
            depth += 1
        elif flat[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(flat)


_OTHER_REGION = re.compile(r"\b(?:control|validation|side-?band)\s+(?:regions?|samples?)\b", re.IGNORECASE)
# a phase space defined at the particle level ("the fiducial phase space ... at the particle
# level", "particle-level jets"): what an unfolded measurement is corrected to, not reco cuts
_PARTICLE_LEVEL = re.compile(
    r"\bfiducial\b[^.]*\b(?:particle|generator|truth|hadron)[- ]level\b|"
    r"\b(?:particle|generator|truth)[- ]level\s+(?:jets?|leptons?|electrons?|muons?|photons?|objects?)\b|"
    r"\bfiducial\s+(?:phase[- ]space|region|volume)\b[^.]*\bdefined\b",
    re.IGNORECASE,
)
# ... unless the sentence speaks of the reconstructed objects, or calibrates them to that level
_RECONSTRUCTED_LEVEL = re.compile(
    r"\breconstruct\w*[- ]level\b|\bdetector[- ]level\b|\bcalibrat", re.IGNORECASE
)


# a vertex every event must have, in words without a number ("each event is required to have a
# primary vertex", "events must contain a good reconstructed vertex", "a primary vertex is
# required"); not a jet's vertex fraction or tagger, not where a vertex is only defined
_VERTEX_QUALIFIER = r"(?:(?:good|valid|reconstructed|well-reconstructed|primary|hard-scatter)\s+){0,3}"
_VERTEX_REQUIRED = re.compile(
    r"\bevents?\b[^.;]{0,40}?\b(?:(?:is|are)\s+required\s+to\s+(?:have|contain)|must\s+(?:have|contain)|"
    r"needs?\s+to\s+(?:have|contain)|requir(?:e|es|ing))\s+(?:a|one)\s+" + _VERTEX_QUALIFIER + r"vertex\b|"
    r"(?:^|[,;]\s*)(?:a|one)\s+" + _VERTEX_QUALIFIER + r"vertex\s+(?:is|must\s+be)\s+required\b",
    re.IGNORECASE,
)


# triggers and online objects; not the detector's trigger chambers or system (the acceptance of "the
# muon trigger chambers" is where a muon lies, not a trigger requirement)
_TRIGGER_OBJECTS = re.compile(
    r"\btrigger(?!\s+(?:chambers?|detectors?|system|stations?|layers?)\b)|\bonline\b", re.IGNORECASE
)


def _names_rank(text: str) -> bool:
    return any(re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) for word in V.RANK_WORDS)


class Miner:
    """Mines one document; `mine()` returns cuts in document order (not yet merged)."""

    def __init__(self, document: Document, status: str = "documented") -> None:
        self.document = document
        self.status = status
        self.sentences = document_sentences(document)
        self.found: list[Mined] = []
        # candidates read but not kept, each with its reason (`rejected_statement`)
        self.rejected: list[str] = []
        self.found_dependences: list[tuple[int, Sentence, str | None, str, list[tuple[float, float]]]] = []
        self._order = 0

    # -- public ----------------------------------------------------------------------------------
    def mine(self) -> list[Mined]:
        context = Context()
        allow_table_until = deny_table_until = -1
        for index, sentence in enumerate(self.sentences):
            flat = collapse_repeats(words_to_digits(flatten(sentence.text)))
            if sentence.kind == "caption":
                context.columns = None
                # a caption describes a figure or table: a table of requirements below it is mined,
                # a table of efficiencies, yields or uncertainties is not
                if V.NON_SELECTION_CAPTION.search(flat):
                    deny_table_until = sentence.paragraph + 2
                elif V.SELECTION_CAPTION.search(flat):
                    allow_table_until = sentence.paragraph + 2
                continue
            if sentence.kind == "table" and sentence.paragraph <= deny_table_until:
                continue
            if not selection_section(sentence.section) and sentence.paragraph > allow_table_until:
                if sentence.kind == "text" and V.DATA_SECTION.search(sentence.section or ""):
                    self._data_taking(sentence, flat)
                continue
            mentions = find_mentions(flat)
            if sentence.section != context.section:
                context.section = sentence.section
                context.section_object = _section_object(sentence.section)
                context.object = None
            if sentence.paragraph != context.paragraph:
                context.paragraph = sentence.paragraph
                context.object = None
                context.particle_level = False
            if _PARTICLE_LEVEL.search(flat) and not _RECONSTRUCTED_LEVEL.search(flat):
                context.particle_level = True  # this sentence and the rest of its paragraph
            if context.particle_level and sentence.kind == "text":
                continue
            if sentence.kind == "heading" or (sentence.kind == "text" and len(sentence.text.split()) >= 12):
                context.columns = None  # a table's column objects hold until the prose resumes
            if sentence.kind == "table":
                for row in table_rows(sentence.text):
                    self._mine_table_line(index, sentence, row, context)
                continue
            self._mine_sentence(index, sentence, flat, mentions, context)
            subject = _sentence_subject(mentions)
            if subject:
                context.object = subject
        self._attach_dependences()
        return self.found

    def _data_taking(self, sentence: Sentence, flat: str) -> None:
        """A section on the data ("Detector and data sample") states no object cuts, but may say
        which triggers recorded the events and demand a primary vertex: those two are read."""
        if not (
            V.REQUIREMENT_VERB.search(flat) or re.search(r"\b(?:recorded|collected)\b", flat, re.IGNORECASE)
        ):
            return
        self._trigger(sentence, flat)
        first = len(self.found)
        self._multiplicities(sentence, flat)
        self.found[first:] = [m for m in self.found[first:] if m.cut.variable == "n_vertices"]

    def _mine_table_line(self, index: int, sentence: Sentence, row: str, context: Context) -> None:
        """One row of a table block: a header naming objects per column, a count ("Number of
        jets | ≤ 1"), a row read per object column, or a row read as a sentence."""
        header = table_columns(row)
        if header:
            context.columns, context.headers = header, header_cells(row)
            return  # the header row names the columns
        cells = table_cells(row)
        counted = count_row(cells[0], cells[-1]) if len(cells) == 2 else None
        if counted:
            obj, op, number, labels = counted
            self._emit(sentence, object=obj, variable="count", op=op, value=number, labels=labels, unit="")
            return
        if context.columns:
            self._mine_table_row(index, sentence, row, context)
            return
        flat = collapse_repeats(words_to_digits(flatten(row)))
        mentions = find_mentions(flat)
        self._mine_sentence(index, sentence, flat, mentions, context)
        context.object = _sentence_subject(mentions) or context.object

    def _mine_table_row(self, index: int, sentence: Sentence, row: str, context: Context) -> None:
        """A row of a table whose columns are objects ("Criterion | Electron | Muon"): each
        column's cell is read with the row label, for that column's object; cells that say the
        same for electrons and muons are read once, for leptons."""
        columns = context.columns or []
        headers = context.headers or []
        cells = table_cells(row)
        if len(cells) != len(columns):
            flat = collapse_repeats(words_to_digits(flatten(row)))
            self._mine_sentence(index, sentence, flat, find_mentions(flat), context)
            return
        label = cells[0]
        object_columns = [(i, obj) for i, obj in enumerate(columns) if obj]
        texts = {" ".join(cells[i].split()) for i, _ in object_columns}
        saved = context.object
        if len(texts) == 1 and len(object_columns) > 1:
            objects = {obj for _, obj in object_columns}
            reading = [
                (
                    object_columns[0][0],
                    "lepton" if objects <= {"electron", "muon", "lepton"} else object_columns[0][1],
                )
            ]
        else:
            reading = object_columns
        for column, obj in reading:
            if not cells[column].strip() or cells[column].strip() in ("-", "–", "—"):
                continue
            # a column headed "Leading photon" ranks the values below it
            ranked = len(reading) > 1 and column < len(headers) and _names_rank(headers[column])
            text = f"{headers[column]} {label} {cells[column]}" if ranked else f"{label} {cells[column]}"
            flat = collapse_repeats(words_to_digits(flatten(text)))
            context.object = obj
            before = len(self.found)
            self._mine_sentence(index, sentence, flat, find_mentions(flat), context)
            if len(reading) > 1:
                channel = column < len(headers) and bool(self._CHANNEL_HEADER.search(headers[column]))
                self._in_column(before, obj, channel)
        context.object = saved

    # a column headed "Electron channel" / "μ channel": the events of one lepton flavour
    _CHANNEL_HEADER = re.compile(r"\bchannels?\b|\bfinal states?\b", re.IGNORECASE)
    _CHANNEL_FLAVOUR = {"electron": "e", "muon": "mu"}

    def _in_column(self, first: int, obj: str, channel: bool) -> None:
        """Cuts read from one of several object columns: the generic lepton of a row ("Lepton
        pT") is that column's electron or muon; in a channel column ("Electron channel"),
        event-level quantities (E_T^miss, m_T, H_T) hold for that channel's events only
        (flavour e or mu)."""
        flavour = self._CHANNEL_FLAVOUR.get(obj)
        if flavour is None:
            return
        for mined in self.found[first:]:
            cut = mined.cut
            update: dict[str, Any] = {}
            if cut.object == "lepton" and cut.variable != "count":
                update["object"] = obj
            elif (
                channel and cut.object == "event" and cut.variable in ("met", "mt", "ht") and not cut.flavour
            ):
                update["flavour"] = flavour
            if update:
                data = cut.model_dump()
                data.update(update)
                data.pop("id", None)
                try:
                    mined.cut = Cut(**data)
                except ValueError:
                    continue

    # -- helpers -----------------------------------------------------------------------------------
    def _emit(self, sentence: Sentence, span: tuple[int, int] | None = None, **fields: Any) -> Cut | None:
        fields.setdefault("status", self.status)
        variable = fields["variable"]
        if "unit" not in fields:
            fields["unit"] = VARIABLE_UNITS.get(variable, "")
        fields["evidence"] = [self._evidence(sentence)]
        fields = fold_symmetric_window(fields)
        try:
            cut = Cut(**fields)
        except ValueError as err:
            self._reject(sentence, _sketch(fields), _validation_reason(err))
            return None
        reason = unsatisfiable(cut)
        if reason:
            self._reject(sentence, cut.describe(), reason)
            return None
        self._order += 1
        self.found.append(Mined(cut, sentence, self._order))
        return cut

    def _reject(self, sentence: Sentence, what: str, reason: str) -> None:
        self.rejected.append(rejected_statement(self.document.id, sentence, what, reason))

    def _evidence(self, sentence: Sentence) -> CutEvidence:
        start, end = sentence.start, sentence.end
        if end - start > MAX_QUOTE:
            end = start + MAX_QUOTE
        quote = self.document.page(sentence.page).text[start:end]
        return CutEvidence(
            document=self.document.id,
            page=sentence.page,
            quote=quote,
            start=start,
            end=end,
            evidence_id=evidence_id(self.document.id, sentence.page, start, end),
        )

    # -- one sentence ----------------------------------------------------------------------------
    def _mine_sentence(
        self, index: int, sentence: Sentence, flat: str, mentions: list[Mention], context: Context
    ) -> None:
        consumed: list[tuple[int, int]] = []
        self._dependence(index, sentence, flat, mentions, consumed)
        # "m34 > 12 GeV for same-flavour pairs", "pT > 25 GeV within |η| < 2.4 and 30 GeV
        # elsewhere": values under a condition a cut cannot carry, and the condition's bounds
        conditions = condition_spans(flat, mentions, consumed)
        consumed += conditions + isolation_cones(flat)
        constraints: list[tuple[int, int]] = []
        self._windows(sentence, flat, mentions, context, consumed, constraints)
        self._thresholds(sentence, flat, mentions, context, consumed, constraints)
        self._multiplicities(sentence, flat, conditions)
        self._overlap_removal(sentence, flat)
        self._sfos(sentence, flat)
        self._pair_properties(sentence, flat)
        self._working_points(sentence, flat, mentions, context)
        self._trigger(sentence, flat, conditions)
        self._closest(sentence, flat)

    # numeric windows: "50 < m12 < 106 GeV", "between 50 and 106 GeV", "50-106 GeV", "within 10 GeV of mZ"
    def _windows(
        self,
        sentence: Sentence,
        flat: str,
        mentions: list[Mention],
        context: Context,
        consumed: list[tuple[int, int]],
        constraints: list[tuple[int, int]],
    ) -> None:
        variables = [m for m in mentions if m.kind == "variable"]
        for var in variables:
            before = re.search(rf"({NUMBER})\s*({UNIT_RE})?\s*(<=?)\s*$", flat[: var.start])
            after = re.match(rf"\s*(<=?)\s*({NUMBER})\s*({UNIT_RE})?(?!\w|\.\d)", flat[var.end :])
            if before and after and not _inside(consumed, before.start()):
                unit = after.group(3) or before.group(2) or ""
                low, high = float(before.group(1)), float(after.group(2))
                span = (before.start(), var.end + after.end())
                self._window_cut(sentence, flat, mentions, context, var, low, high, unit, span, consumed)
        # worded ranges
        pattern = re.compile(
            rf"\b(?:between|in the (?:range|interval|window)(?: of)?|within the (?:range|interval|window)(?: of)?|"
            rf"range of|window of|from)\s*(?:\[)?\s*({NUMBER})\s*({UNIT_RE})?\s*(?:and|to|-|,)\s*({NUMBER})\s*({UNIT_RE})?",
            re.IGNORECASE,
        )
        for m in pattern.finditer(flat):
            if _inside(consumed, m.start()):
                continue
            excluded = bool(
                re.search(
                    r"\bexclu|\bexcept|\bnot\b|\bveto|\bremov|\bcrack|\btransition",
                    flat[max(0, m.start() - 60) : m.end() + 40],
                    re.IGNORECASE,
                )
            )
            found = _variable_before(mentions, flat, m.start(), allow_far=excluded)
            if found is None:
                continue
            var = found
            unit = m.group(4) or m.group(2) or ""
            self._window_cut(
                sentence,
                flat,
                mentions,
                context,
                var,
                float(m.group(1)),
                float(m.group(3)),
                unit,
                (m.start(), m.end()),
                consumed,
            )
        # bare dash ranges with a unit: "a 115-130 GeV window"
        for m in re.finditer(
            rf"(?<![\w.\-])(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*({UNIT_RE})(?![\w])", flat
        ):
            if _inside(consumed, m.start()):
                continue
            nearby = _variable_before(mentions, flat, m.start()) or _variable_after(mentions, flat, m.end())
            if nearby is None:
                continue
            var = nearby
            self._window_cut(
                sentence,
                flat,
                mentions,
                context,
                var,
                float(m.group(1)),
                float(m.group(2)),
                m.group(3),
                (m.start(), m.end()),
                consumed,
            )
        # "|m_ℓℓ − m_Z| > 15 GeV" (a veto of the Z window), "|m_Z − m_ℓℓ| < 10 GeV" (the window)
        z_term = r"(?:m\s?Z|91(?:\.\d+)?(?:\s?GeV)?)"
        for var in variables:
            if var.name != "mass":
                continue
            before = re.search(rf"\|\s?(?:{z_term}\s?-\s?)?$", flat[: var.start])
            after = re.match(rf"(?:\s?-\s?{z_term})?\s?\|", flat[var.end :])
            if not before or not after:
                continue
            if (before.end() - before.start() > 2) == (after.end() > 2 and "-" in after.group(0)):
                continue  # the Z mass must be subtracted exactly once: |m - mZ| or |mZ - m|
            start, end = before.start(), var.end + after.end()
            comparator = next((c for c in find_comparators(flat) if end <= c.start <= end + 12), None)
            group = parse_values(flat, comparator.end) if comparator else None
            if comparator is None or group is None or not group.unit or _inside(consumed, start):
                continue
            half, unit = to_canonical(group.values[0], group.unit)
            if unit != "GeV":
                continue
            self._z_window(
                sentence,
                flat,
                mentions,
                context,
                var,
                half,
                (start, group.end),
                consumed,
                outside=comparator.op in (">", ">="),
            )
        # "required to differ from the Z boson mass by more than 15 GeV"
        for m in re.finditer(r"\b(?:differ|deviat)\w*\s+from\s+(?:the\s+)?", flat, re.IGNORECASE):
            z = V.Z_MASS_PHRASE.match(flat, m.end())
            by = re.compile(r"\s*by\s+").match(flat, z.end()) if z else None
            comparator = next((c for c in find_comparators(flat) if by and c.start == by.end()), None)
            group = parse_values(flat, comparator.end) if comparator else None
            found_var = _variable_before(mentions, flat, m.start())
            if comparator is None or group is None or found_var is None or found_var.name != "mass":
                continue
            half, unit = to_canonical(group.values[0], group.unit)
            if unit != "GeV" or _inside(consumed, m.start()):
                continue
            self._z_window(
                sentence,
                flat,
                mentions,
                context,
                found_var,
                half,
                (m.start(), group.end),
                consumed,
                outside=comparator.op in (">", ">="),
            )
        # "outside a 15 GeV window around the Z boson mass" (the half-width is the number)
        for m in re.finditer(
            rf"(?:(?:±|\+-|\+/-)\s*)?({NUMBER})\s*({UNIT_RE})\s*(?:-\s*)?(?:wide\s+)?(?:mass\s+)?window\s+"
            rf"(?:around|about|centred on|centered on|of)\s+(?:the\s+)?",
            flat,
        ):
            if _inside(consumed, m.start()) or not V.Z_MASS_PHRASE.match(flat, m.end()):
                continue
            half, unit = to_canonical(float(m.group(1)), m.group(2))
            found_var = _variable_before(mentions, flat, m.start())
            if unit != "GeV" or found_var is None or found_var.name != "mass":
                continue
            self._z_window(sentence, flat, mentions, context, found_var, half, (m.start(), m.end()), consumed)
        # "within 10 GeV of the Z boson mass"
        for m in re.finditer(
            rf"\bwithin\s*(?:±|\+-|\+/-)?\s*({NUMBER})\s*({UNIT_RE})\s*of\s+(?:the\s+)?", flat
        ):
            tail = flat[m.end() : m.end() + 40]
            if not V.Z_MASS_PHRASE.match(tail) and not V.Z_MASS_PHRASE.search(tail[:25]):
                continue
            half, unit = to_canonical(float(m.group(1)), m.group(2))
            if unit != "GeV":
                continue
            var = _variable_before(mentions, flat, m.start()) or Mention(
                m.start(), m.start(), "variable", "mass", None
            )
            self._z_window(sentence, flat, mentions, context, var, half, (m.start(), m.end()), consumed)

    def _z_window(
        self,
        sentence: Sentence,
        flat: str,
        mentions: list[Mention],
        context: Context,
        var: Mention,
        half: float,
        span: tuple[int, int],
        consumed: list[tuple[int, int]],
        outside: bool = False,
    ) -> None:
        """A mass window of half-width `half` GeV around the Z mass (a veto when `outside`)."""
        self._window_cut(
            sentence, flat, mentions, context, var, Z_MASS - half, Z_MASS + half, "GeV", span, consumed,
            around_z=half, outside=outside,
        )  # fmt: skip

    def _window_cut(
        self,
        sentence: Sentence,
        flat: str,
        mentions: list[Mention],
        context: Context,
        var: Mention,
        low: float,
        high: float,
        unit: str,
        span: tuple[int, int],
        consumed: list[tuple[int, int]],
        around_z: float | None = None,
        outside: bool = False,
    ) -> None:
        consumed.append(span)
        if _distracted(flat, span[0]) or names_a_region(flat, span[0], span[1]):
            return
        removal = is_removal(flat, span[0], span[1], consumed[:-1])
        variable = var.name
        if not _dimension_ok(variable, unit, high):
            return
        low, canonical = to_canonical(low, unit)
        high, _ = to_canonical(high, unit)
        obj = self._object_for(flat, mentions, context, var, span[1], variable)
        if obj is None:
            return
        target, variable, extra = _refine(obj, variable, flat, var, mentions, removal=removal)
        if target is None:
            return
        if low >= high:
            what = f"{target} {variable} from {low:g} to {high:g}"
            self._reject(
                sentence, what, "the lower edge is not below the upper edge: the window selects nothing"
            )
            return
        negated = re.search(
            r"\b(?:not|excluding|except(?:ing)?|outside(?: of)?|apart from)\s*(?:the\s+)?(?:[\w-]+\s+){0,4}$",
            flat[max(0, span[0] - 60) : span[0]],
            re.IGNORECASE,
        )
        op = "outside" if outside != bool(removal or negated) else "between"
        cut = self._emit(
            sentence,
            object=target,
            variable=variable,
            op=op,
            low=low,
            high=high,
            unit=canonical or VARIABLE_UNITS.get(variable, ""),
            **extra,
        )
        if cut is not None and around_z is not None:
            self.found[-1].extra["around_z"] = around_z

    # single-sided thresholds: "ET > 7 GeV", "pT of at least 5 GeV", "< 5 (3) for electrons (muons)"
    def _thresholds(
        self,
        sentence: Sentence,
        flat: str,
        mentions: list[Mention],
        context: Context,
        consumed: list[tuple[int, int]],
        constraints: list[tuple[int, int]],
    ) -> None:
        channels_named = _channels_in(flat)
        vetoed = self.extra_object_spans(flat)
        for comparator in find_comparators(flat):
            if _inside(consumed, comparator.start):
                continue
            group = parse_values(flat, comparator.end)
            if group is None:
                continue
            if re.match(
                r"thresholds?\b", flat[comparator.start : comparator.end], re.IGNORECASE
            ) and re.search(
                r"\b(?:upper|maximum|max\.)\s+(?:[\w-]+\s+){0,2}$", flat[: comparator.start], re.IGNORECASE
            ):
                continue  # "the upper pT threshold is 500 GeV" is no lower threshold
            if _distracted(flat, comparator.start) or _is_distractor_number(flat, group):
                continue
            tag_window = flat[max(0, comparator.start - 40) : comparator.start]
            if TAGGED.search(tag_window) or UNTAGGED.search(tag_window):
                continue  # "b-tagged jets with pT > 20 GeV": defines the tagged jets counted or vetoed
            if _inside(vetoed, comparator.start):
                continue  # "a third lepton with pT > 10 GeV is vetoed": defines the vetoed lepton
            var = self._variable_for(flat, mentions, comparator, group) or self._variable_placed_on(
                flat, mentions, group
            )
            isolation_of: str | None = None
            if var is None:
                var = self._variable_from_unit(flat, mentions, comparator, group)
                if var is None:
                    var = _isolation_in_words(flat, comparator, group)
                    isolation_of = relative_isolation_object(flat, group.end)
                if var is None:
                    continue
            if names_a_region(flat, min(var.start, comparator.start), group.end):
                continue
            if self._split_by_condition(flat, group, var):
                continue  # "27 GeV in 2016 and 25 GeV in 2015", "12 GeV for same-flavour pairs and 5 GeV otherwise"
            if var.end <= comparator.start and _NONTARGET_QUANTITY.search(flat[var.end : comparator.start]):
                continue  # "|η| < 2.4 must have a tagger discriminant above 0.59": the discriminant's value
            if var.name == "abs_eta" and re.match(
                r"(?:thresholds?|is|are|was|were)\b", flat[comparator.start : comparator.end], re.IGNORECASE
            ):
                continue  # "the |η| threshold is 2.47": an acceptance limit, not a lower threshold
            if var.name in ("d0", "z0sintheta") and _IN_UNITS_OF_UNCERTAINTY.match(flat, group.end):
                var = Mention(var.start, var.end, "variable", "d0sig" if var.name == "d0" else "z0sig")
                if var.name == "z0sig":
                    continue
            op = comparator.op
            removal = is_removal(flat, comparator.start, group.end, consumed + constraints)
            constraints.append((comparator.start, group.end))
            if removal:
                op = V.INVERTED[op]

            def emit(
                value: float,
                obj: str | None,
                flavour: str | None,
                rank: int | None,
                var: Mention = var,
                op: str = op,
                group: ValueGroup = group,
                removal: bool = removal,
                unit: str | None = None,
            ) -> None:
                self._threshold_cut(
                    sentence,
                    flat,
                    mentions,
                    context,
                    var,
                    op,
                    value,
                    group.unit if unit is None else unit,
                    obj,
                    flavour,
                    rank,
                    group,
                    removal,
                )

            channels = _channels_after(flat, group.end, channels_named)
            if channels:
                for channel in channels:
                    emit(group.values[0], "channel:" + channel, None, None)
                continue
            # objects after the value: "for electrons (muons)", "for the 4μ channel"
            units_of = _IN_UNITS_OF_UNCERTAINTY.match(flat, group.end)
            after = _FOR_OBJECT.match(flat, units_of.end() if units_of else group.end)
            after_objects: list[str | None] = []
            after_flavours: list[str | None] = []
            if after and not _has_comparator_between(flat, group.end, after.end()):
                first = _object_word(after.group("obj"), letters=True)
                second = _object_word(after.group("obj2"), letters=True) if after.group("obj2") else None
                third = _object_word(after.group("obj3")) if after.group("obj3") else None
                if third and {first, third} <= {"electron", "muon", "lepton"} and first != third:
                    first = "lepton"  # "for electrons and muons (alike)"
                if first or _flavour(after.group("qual")):
                    after_objects = [first, second] if after.group("obj2") else [first]
                    after_flavours = [_flavour(after.group("qual")), _flavour(after.group("qual2"))]
            values = group.values
            ranks: list[int | None] = [None] * len(values)
            if len(values) > 1:
                ranks = _ranks_for_list(flat, var, len(values), group.end)
                if ranks == [None] * len(values):
                    # "0.20 and 0.30 for electrons and muons (respectively)"
                    objects = _object_list_after(flat, group.end, len(values))
                    if objects:
                        for value, obj_name in zip(values, objects, strict=False):
                            emit(value, obj_name, None, None)
                        continue
                    if descending_thresholds(var.name, values) and not self._PER_OTHER_LIST.match(
                        flat, group.end
                    ):
                        ranks = list(range(1, len(values) + 1))  # "pT > 25, 15 and 10 GeV": leading first
                    else:
                        values = values[:1]
                        ranks = [None]
            elliptical, elided_rank = self._elliptical_object(flat, comparator)
            elided_rank = elided_rank or self._partitive_rank(flat, comparator)
            primary_obj = after_objects[0] if after_objects else (elliptical or isolation_of)
            primary_flav = after_flavours[0] if after_flavours else None
            # "the leading (subleading) photon must satisfy pT/m > 0.35 (0.25)"
            rank_pair = _rank_alternatives(flat, clause_bounds(flat, comparator.start)[0], comparator.start)
            if rank_pair and group.alternatives and len(values) == 1:
                ranks = [rank_pair[0]]
            elif elided_rank and len(values) == 1:
                ranks = [elided_rank]
            elif ranks == [None] and self._leads_ranked_sequel(flat, mentions, var, group):
                ranks = [1]  # "E_T above 40 GeV and the subleading one above 30 GeV": this is the leading
            chain = (
                self._value_chain(flat, group) if len(group.values) == 1 and not group.alternatives else None
            )
            if chain is not None:
                # "27 GeV for electrons and 25 GeV for muons", "27 GeV for the leading lepton and
                # 15 GeV for the subleading one": each value for its own (ranked) object; an
                # object named twice leaves the values without a reading
                if len({(obj, rank) for _, _, obj, rank in chain}) == len(chain):
                    for value, unit, obj, rank in chain:
                        emit(value, obj, None, rank, unit=unit)
                continue
            for value, rank in zip(values, ranks, strict=False):
                emit(value, primary_obj, primary_flav, rank)
            if group.alternatives:
                second_obj = after_objects[1] if len(after_objects) > 1 else None
                second_flav = after_flavours[1] if len(after_flavours) > 1 else None
                second_rank = rank_pair[1] if rank_pair and len(values) == 1 else None
                if second_obj is None and second_flav is None and second_rank is None:
                    continue  # "5 (3)" with no "(muons)" to say what the alternative is for
                for value in group.alternatives[:1]:
                    emit(value, second_obj, second_flav, second_rank)

    # a data-taking period: "in 2016", "for the 2015 data", "during Run 2", "in 2015-2016"
    _PERIOD = (
        r"(?:in|for|during|with)\s+(?:the\s+)?(?:(?:19|20)\d\d(?:\s*[–-]\s*\d{2,4})?|run[- ]?(?:\d|i{1,3})\b|"
        r"(?:early|late|first|second)\s+(?:\w+\s+)?data)"
    )
    _PERIOD_AFTER = re.compile(rf"\s*(?:{UNIT_RE})?\s*(?:\)\s*)?{_PERIOD}", re.IGNORECASE)
    _PERIOD_BEFORE = re.compile(rf"{_PERIOD}\s*(?:data\s*)?,?\s*(?:[\w-]+\s+){{0,6}}$", re.IGNORECASE)
    _YEAR = re.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d.])|\brun[- ]?(?:\d|i{1,3})\b", re.IGNORECASE)
    # "12 GeV for same-flavour pairs and 5 GeV otherwise": a value that holds under a condition
    _CONDITIONED = re.compile(
        rf"\s*(?:{UNIT_RE})?\s*(?:for|in|when|if|with|within)\s+(?P<cond>[^,;:.<>=≤≥]{{1,60}}?)\s*,?\s*"
        rf"(?:and|while|whereas|but|or)\s+(?:[^,;:.]{{0,40}}?)?{NUMBER}\s*(?:{UNIT_RE})?\s*"
        r"(?P<other>otherwise|elsewhere|else\b|for\s+(?:all\s+)?(?:the\s+)?(?:other|remaining|rest)|"
        r"in\s+(?:all\s+)?(?:the\s+)?other|(?:for|in|when|if|with|within)\s+(?P<cond2>[^,;:.]{1,60}))",
        re.IGNORECASE,
    )

    _OTHERWISE = re.compile(
        rf"\s*(?:{UNIT_RE})?\s*,?\s*(?:otherwise|elsewhere|else\b|for\s+(?:all\s+)?(?:the\s+)?(?:other|remaining|rest)\b|"
        r"in\s+(?:all\s+)?(?:the\s+)?other\b)",
        re.IGNORECASE,
    )

    def _split_by_condition(self, flat: str, group: ValueGroup, var: Mention) -> bool:
        """A value that holds in one data-taking period, or under a condition the cut cannot carry,
        while another value holds otherwise, is no single selection: "the lepton pT threshold is
        27 GeV in 2016 and 25 GeV in 2015", "the dilepton mass threshold is 12 GeV for same-flavour
        pairs and 5 GeV otherwise". Values per object ("27 GeV for electrons and 25 GeV for muons")
        are read elsewhere and are not split here."""
        start, end = clause_bounds(flat, group.end)
        if self._OTHERWISE.match(flat, group.end):
            return True  # "... and m_ℓℓ > 5 GeV otherwise": the value of the other case
        period_after = self._PERIOD_AFTER.match(flat, group.end)
        if period_after and re.match(
            r"\s*(?:data\s*)?(?:,|and|or|to|–|-)\s*(?:19|20)\d\d", flat[period_after.end() :]
        ):
            period_after = None  # "pT > 20 GeV in 2015 and 2016": one value for both periods
        values_in_clause = re.findall(rf"{NUMBER}\s*{UNIT_RE}(?!\w)", flat[start:end])
        if (
            len(set(m.group(0).lower() for m in self._YEAR.finditer(flat, start, end))) >= 2
            and len(values_in_clause) >= 2
        ) and (
            period_after
            or self._PERIOD_BEFORE.search(
                flat, max(start, group.end - 120), var.start if var.start < group.end else group.end
            )
        ):
            return True
        m = self._CONDITIONED.match(flat, group.end)
        if m is None:
            return False
        for condition in [m.group("cond")] + ([m.group("cond2")] if m.group("cond2") else []):
            # "27 GeV for electrons and 25 GeV for muons", "for the leading lepton and ...", "ΔR > 0.1
            # for same-flavour pairs ..." (the pair cut carries the flavour)
            if names_whom(condition, var.name):
                return False
        return True

    # "electrons need pT above 27 GeV and muons above 25 GeV": the second object's variable is
    # left out; the object named right after the first value takes the second comparator
    _ELLIPSIS = re.compile(
        rf"{NUMBER}\s*(?:{UNIT_RE})?\s*(?:,\s*(?:and\s+|while\s+|whereas\s+)?|\s+(?:and|while|whereas)\s+)"
        r"(?:for\s+)?(?:the\s+|all\s+)?(?:(?P<rank>sub-?leading|second|third|fourth|softer|next-to-leading|leading|first|hardest|harder)\s+)?"
        r"(?P<obj>electrons?|muons?|photons?|jets?|leptons?|taus?|one)\s*,?\s*"
        r"(?:(?:need|needs|must have|must be|have|has|have to be|are required to be|are required to have|require)\s+)?(?:a\s+value\s+|values\s+)?$",
        re.IGNORECASE,
    )

    # "for the subleading lepton", "for muons", "for the subleading one": whom a value is for
    _RANK_WORD = "|".join(re.escape(w) for w in sorted(V.RANK_WORDS, key=len, reverse=True))
    _FOR_WHOM = rf"for\s+(?:the\s+|all\s+|each\s+)?(?:(?P<rank>{_RANK_WORD})\s+)?(?P<obj>[\w-]+)"
    _FIRST_FOR = re.compile(rf"\s*,?\s*{_FOR_WHOM}", re.IGNORECASE)
    _NEXT_FOR = re.compile(
        r"\s*(?:,\s*(?:and\s+|while\s+|whereas\s+)?|\s+(?:and|while|whereas)\s+)"
        rf"(?:of\s+|at\s+)?(?P<value>{NUMBER})\s*(?P<unit>{UNIT_RE})?\s*{_FOR_WHOM}",
        re.IGNORECASE,
    )

    def _value_chain(self, flat: str, group: ValueGroup) -> list[tuple[float, str, str, int | None]] | None:
        """A value for one object followed by values for others, each with no comparator of its
        own: "27 GeV for electrons, 25 GeV for muons and 20 GeV for taus", "27 GeV for the
        leading lepton and 15 GeV for the subleading lepton". Returns (value, unit, object,
        rank) for each, or None when no second value follows; "one" is the first object."""
        first = self._FIRST_FOR.match(flat, group.end)
        head = self._whom(first, None) if first else None
        if first is None or head is None:
            return None
        chain = [(group.values[0], group.unit, *head)]
        following = self._NEXT_FOR.match(flat, first.end())
        while following:
            whom = self._whom(following, head[0])
            if whom is None:
                break
            chain.append((float(following.group("value")), following.group("unit") or group.unit, *whom))
            following = self._NEXT_FOR.match(flat, following.end())
        return chain if len(chain) > 1 else None

    @staticmethod
    def _whom(m: re.Match[str], first: str | None) -> tuple[str, int | None] | None:
        rank = V.RANK_WORDS.get(m.group("rank").lower()) if m.group("rank") else None
        word = m.group("obj")
        obj = first if word.lower() == "one" and rank is not None else _object_word(word, letters=True)
        return (obj, rank) if obj in V.PHYSICS_OBJECTS else None

    # the rank words of a second object ("the subleading one"), after which the first is the leading
    _SECOND_RANK = re.compile(r"sub-?leading|second|next-to-leading|softer", re.IGNORECASE)

    def _leads_ranked_sequel(
        self, flat: str, mentions: list[Mention], var: Mention, group: ValueGroup
    ) -> bool:
        """Is this unranked value followed, in its clause, by an elided value for "the subleading
        one" (or the subleading object of the same kind)? Then it is the leading object's. Not when
        the value is said of all the objects ("all photons ... and the subleading one ...")."""
        clause_start, clause_end = clause_bounds(flat, group.end)
        following = [c for c in find_comparators(flat) if group.end <= c.start < clause_end]
        if not following:
            return False
        sequel_end = following[0].start
        # "... and the subleading one E_T above 30 GeV": the sequel may repeat the same variable
        repeated = [
            x for x in mentions if x.kind == "variable" and group.end <= x.start and x.end <= sequel_end
        ]
        if repeated:
            if len(repeated) > 1 or repeated[0].name != var.name:
                return False
            if not re.fullmatch(r"\s*(?:of\s*)?", flat[repeated[0].end : sequel_end], re.IGNORECASE):
                return False
            article = re.search(r"\b(?:an?|its|their)\s+$", flat[: repeated[0].start], re.IGNORECASE)
            sequel_end = article.start() if article else repeated[0].start
        m = self._ELLIPSIS.match(flat, group.start, sequel_end)
        if not m or not m.group("rank") or not self._SECOND_RANK.fullmatch(m.group("rank")):
            return False
        if re.search(r"\b(?:all|each|every|any|both)\b", flat[clause_start : var.start], re.IGNORECASE):
            return False
        if m.group("obj").lower() == "one":
            return True
        named = [x for x in mentions if x.kind == "object" and clause_start <= x.end <= var.start]
        return bool(named) and named[-1].name == _object_word(m.group("obj"))

    def _elliptical_object(self, flat: str, comparator: Comparator) -> tuple[str | None, int | None]:
        """The object (and rank) named without a variable before a second comparator: "... and
        muons above 25 GeV", "... and the subleading one above 15 GeV"."""
        clause_start = clause_bounds(flat, comparator.start)[0]
        m = self._ELLIPSIS.search(flat, max(0, comparator.start - 90), comparator.start)
        if not m or m.start() < clause_start - 2:
            return None, None
        rank = V.RANK_WORDS.get(m.group("rank").lower()) if m.group("rank") else None
        if m.group("obj").lower() == "one":
            return None, rank  # "the subleading one": the object of the first value
        obj = _object_word(m.group("obj"))
        return (obj, rank) if obj in V.PHYSICS_OBJECTS else (None, None)

    # "at least one of the four leptons must have pT > 20 GeV, and at least one other must have
    # pT > 10 GeV": the leading object passes the first value, the next one the second
    _AT_LEAST_ONE = re.compile(
        r"\bat least (?:one|1)\b(?P<other>\s+other\b)?|\b(?P<another>another|a second)\b", re.IGNORECASE
    )
    _MUST_HAVE = re.compile(
        r"[^<>,;]*?\b(?:must|(?:is|are) required to|ha(?:s|ve) to|needs? to|should)\s+(?:also\s+)?(?:have|satisfy|exceed|be)\b"
        r"[^<>;]{0,40}$",
        re.IGNORECASE,
    )

    def _partitive_rank(self, flat: str, comparator: Comparator) -> int | None:
        clause_start = clause_bounds(flat, comparator.start)[0]
        phrases = list(self._AT_LEAST_ONE.finditer(flat, clause_start, comparator.start))
        if not phrases or not self._MUST_HAVE.match(flat[phrases[-1].end() : comparator.start]):
            return None
        last = phrases[-1]
        if not (last.group("other") or last.group("another")):
            return 1
        earlier = [p for p in phrases[:-1] if not (p.group("other") or p.group("another"))]
        return 2 if earlier else None

    # "pT > 30 and 20 GeV in the central and forward regions (respectively)": one value per item of
    # another list, not per rank
    _PER_OTHER_LIST = re.compile(
        r"[^.;]{0,80}?(?:\brespectively\b|\b(?:in|for|during|within)\s+(?:the\s+)?[^.;]{0,40}?\b(?:and|or)\b)",
        re.IGNORECASE,
    )

    def _threshold_cut(
        self,
        sentence: Sentence,
        flat: str,
        mentions: list[Mention],
        context: Context,
        var: Mention,
        op: str,
        value: float,
        unit: str,
        forced_object: str | None,
        forced_flavour: str | None,
        rank: int | None,
        group: ValueGroup,
        removal: bool = False,
    ) -> None:
        variable = var.name
        if not _dimension_ok(variable, unit, value):
            return
        value, canonical = to_canonical(value, unit)
        channel = None
        if forced_object and forced_object.startswith("channel:"):
            channel = forced_object.split(":", 1)[1]
            forced_object = None if variable != "vertex_chi2" else forced_object
        if forced_object == "nontarget":
            return
        obj = forced_object or self._object_for(flat, mentions, context, var, group.end, variable)
        if obj is None:
            return
        # "the two leading jets must have |η| < 2.4": the constraint holds for each ranked jet
        group_ranks = ranked_group(flat, var, group.end, obj) if rank is None and var.rank is None else []
        if variable != "dphi" and len(group_ranks) > 1:
            for member in group_ranks:
                self._threshold_cut(
                    sentence,
                    flat,
                    mentions,
                    context,
                    var,
                    op,
                    value,
                    unit,
                    obj,
                    forced_flavour,
                    member,
                    group,
                    removal,
                )
            return
        target, variable, extra = _refine(
            obj, variable, flat, var, mentions, rank=rank, flavour=forced_flavour, removal=removal
        )
        if target is None:
            return
        if channel and variable == "vertex_chi2":
            extra["channel"] = channel
        if variable in ("iso_track", "iso_calo", "iso_rel") and canonical == "" and unit == "%":
            canonical = ""
        ranked: list[dict[str, Any]] = [{}]  # one cut, or one per ranked object
        if variable == "dphi_met" and "rank" not in extra:
            # "Δφ(j, E_T^miss) > 0.4 for the leading two jets": one cut per ranked jet
            clause_start, clause_end = clause_bounds(flat, var.start)
            numbered = re.search(r"[(,]\s?(?:jets?|j)\s?(\d(?:\s?,\s?\d)*)\s?[,)]", flat[var.start : var.end])
            members = (
                sorted({int(n) for n in re.findall(r"\d", numbered.group(1))} - {0})
                if numbered  # "Δφ(j_{1,2}, E_T^miss)": the first and second jet
                else ranked_members(
                    flat, max(clause_start, var.start - 80), min(clause_end, group.end + 60), target
                )
            )
            ranked = [{"rank": member} for member in members] or ranked
        for rank_field in ranked:
            self._emit(
                sentence,
                object=target,
                variable=variable,
                op=op,
                value=value,
                unit=canonical or VARIABLE_UNITS.get(variable, ""),
                **extra,
                **rank_field,
            )

    def _variable_for(
        self, flat: str, mentions: list[Mention], comparator: Comparator, group: ValueGroup
    ) -> Mention | None:
        """The variable a comparator constrains: the nearest variable before it in the clause
        that is not defined by "=" and whose dimension fits the value."""
        clause_start, _ = clause_bounds(flat, comparator.start)
        candidates = [
            m
            for m in mentions
            if m.kind == "variable" and clause_start <= m.start and m.end <= comparator.start
        ]
        value = group.values[0]
        for var in reversed(candidates):
            if var.definition:
                continue
            if var.name == "met" and self._second_argument_of_dphi(flat, candidates, var):
                continue  # "Δφ between the dilepton system and the missing momentum > 1.5"
            if not _dimension_ok(var.name, group.unit, value):
                continue
            between = flat[var.end : comparator.start]
            if re.search(r"[.!?]\s", between):
                continue
            if len(between) > 160:
                return None
            return self._summed_quantity(flat, candidates, var, comparator, group) or var
        return None

    # "a lower bound of 65 GeV is placed on their transverse energy": the variable follows the value
    _PLACED_ON = re.compile(
        r"\s*(?:is|are)\s+(?:then\s+|also\s+|further\s+|in addition\s+)?(?:placed|imposed|applied|set|put)\s+"
        r"(?:on|to)\s+(?:the\s+|their\s+|its\s+|each\s+|every\s+)?",
        re.IGNORECASE,
    )

    def _variable_placed_on(self, flat: str, mentions: list[Mention], group: ValueGroup) -> Mention | None:
        placed = self._PLACED_ON.match(flat, group.end)
        if not placed:
            return None
        for var in mentions:
            if var.kind != "variable" or var.start < placed.end():
                continue
            # "... placed on the muon |z0 sin θ|": the bars of an absolute value open the variable
            if not re.fullmatch(r"(?:[\w-]+\s+){0,2}(?:\|\s*)?", flat[placed.end() : var.start]):
                return None  # "... placed on the electron transverse energy": at most two words between
            return (
                var if not var.definition and _dimension_ok(var.name, group.unit, group.values[0]) else None
            )
        return None

    @staticmethod
    def _second_argument_of_dphi(flat: str, candidates: list[Mention], met: Mention) -> bool:
        """Is this mention of the missing momentum what an earlier Δφ is measured against
        ("Δφ between the dilepton system and the missing transverse momentum")?"""
        dphi = [m for m in candidates if m.name == "dphi" and m.end <= met.start]
        if not dphi:
            return False
        between = flat[dphi[-1].end : met.start]
        return (
            len(between) <= 80
            and not _has_comparator_between(flat, dphi[-1].end, met.start)
            and bool(re.match(r"\s*\|?\s*(?:\(\s*min\s*\)\s*)?(?:between|of|from)\b", between, re.IGNORECASE))
        )

    @staticmethod
    def _summed_quantity(
        flat: str, candidates: list[Mention], var: Mention, comparator: Comparator, group: ValueGroup
    ) -> Mention | None:
        """ "H_T of all jets with pT > 30 GeV must exceed 600 GeV": the pT threshold defines the
        objects summed; the later value belongs to the quantity named before them."""
        if not _has_comparator_between(flat, var.end, comparator.start):
            return None
        for earlier in reversed([c for c in candidates if c.end <= var.start]):
            between = flat[earlier.end : var.start]
            if (
                not earlier.definition
                and earlier.name != var.name
                and _dimension_ok(earlier.name, group.unit, group.values[0])
                and re.fullmatch(r"[^<>]{0,40}\b(?:with|having|satisfying|passing)\b[^<>]{0,20}", between)
            ):
                return earlier
            break
        return None

    def _variable_from_unit(
        self, flat: str, mentions: list[Mention], comparator: Comparator, group: ValueGroup
    ) -> Mention | None:
        """ "Jets above 30 GeV": no variable word, an energy unit right after an object -> pT."""
        if not group.unit or to_canonical(1.0, group.unit)[1] != "GeV":
            return None
        objects = [m for m in mentions if m.kind == "object" and m.end <= comparator.start]
        if not objects:
            return None
        last = objects[-1]
        between = flat[last.end : comparator.start]
        if last.name in V.PHYSICS_OBJECTS and len(between) <= 30 and not re.search(r"\d", between):
            return Mention(last.end, last.end, "variable", "et" if last.name in ("photon",) else "pt")
        return None

    # ", and are selected if they have", ", and they must have": a second predicate of the subject
    _PREDICATE_RESUMES = re.compile(
        r",\s*(?:and|but)\s+(?:they\s+|these\s+|it\s+)?(?:then\s+|also\s+)?"
        r"(?:are|is|must|have|has|should|need|needs|were|was)\b[^,;<>]*$",
        re.IGNORECASE,
    )

    def _object_for(
        self,
        flat: str,
        mentions: list[Mention],
        context: Context,
        var: Mention,
        value_end: int,
        variable: str,
    ) -> str | None:
        """Which object a variable belongs to (see module doc for the order of evidence)."""
        if var.implied_object:
            return var.implied_object
        against = against_met_object(flat, var)
        if against:
            return against
        # "pT of the leading lepton", "ET of tracks"
        of = re.match(
            r"\s*(?:\(|,)?\s*(?:of|for)\s+(?:the\s+|all\s+|each\s+|any\s+)?(?:[\w-]+\s+){0,2}?(\w+)",
            flat[var.end :],
        )
        if of:
            obj = _object_word(of.group(1))
            if obj and not obj.startswith("channel:"):
                return obj if obj != "nontarget" else None
        clause_start, _ = clause_bounds(flat, var.start)
        before = [
            m
            for m in mentions
            if m.kind == "object"
            and m.end <= var.start
            and not (
                m.name == "nontarget"
                and (
                    re.search(
                        r"\b(?:their|its|whose|the (?:electron|muon|photon|lepton)'?s?)\s+(?:[\w-]+\s+)?$",
                        flat[: m.start],
                    )
                    # "Electrons are built from clusters. ... the cluster must lie within |η| < 2.47"
                    or (
                        (context.object or context.section_object) in V.PHYSICS_OBJECTS
                        and re.search(r"\bthe\s+$", flat[: m.start], re.IGNORECASE)
                        and flat[m.start : m.end].lower() in ("cluster", "track")
                    )
                    # "electrons built from clusters matched to tracks (ET > 25 GeV ...)", "leptons
                    # must come from the primary vertex (|z0 sin θ| < 0.5 mm)": how the object is made
                    or (
                        _MADE_OF.search(flat[max(clause_start, m.start - 80) : m.start]) is not None
                        and (
                            any(
                                o.kind == "object"
                                and o.name in V.PHYSICS_OBJECTS
                                and clause_start <= o.end <= m.start
                                for o in mentions
                            )
                            or re.search(
                                r"\b(?:they|these|those)\b", flat[clause_start : m.start], re.IGNORECASE
                            )
                            is not None
                        )
                        and _closing_parenthetical(flat, m.end, var.start)
                    )
                    # "electrons are built from clusters matched to tracks, and are selected if
                    # they have pT > 7 GeV": the subject's next predicate, not the track's
                    or (
                        _MADE_OF.search(flat[max(clause_start, m.start - 80) : m.start]) is not None
                        and self._PREDICATE_RESUMES.search(flat, m.end, var.start) is not None
                    )
                )
            )
        ]  # "their calorimeter cluster" is part of the object, not another object
        if before:
            nearest = before[-1]
            if (
                nearest.name == "nontarget"
                and var.start - nearest.end <= 40
                and nearest.start >= clause_start
            ):
                return None
            targets = [m for m in before if m.name != "nontarget"]
            if targets:
                # prefer a physics object in the same clause; composite words ("quadruplet") win
                # over the lepton word they qualify.
                in_clause = [m for m in targets if m.start >= clause_start]
                if not in_clause:
                    # "...; |d0|/σ(d0) below 5 for electrons": the object named right after the
                    # value wins over one of an earlier clause
                    named = re.match(
                        r"\s*(?:GeV|MeV|mm)?\s*(?:for|of)\s+(?:the\s+|all\s+)?(\w+)", flat[value_end:]
                    )
                    obj = _object_word(named.group(1)) if named else None
                    if obj in V.PHYSICS_OBJECTS:
                        return obj
                return _preferred(in_clause or targets, flat)
        clause_end = clause_bounds(flat, value_end)[1]
        after = [m for m in mentions if m.kind == "object" and value_end <= m.start < clause_end]
        if (
            after
            and after[0].name != "nontarget"
            and after[0].start - value_end <= 40
            and not _has_comparator_between(flat, value_end, after[0].start)
        ):
            return after[0].name
        later = _objects_named_later(mentions, var.end, clause_bounds(flat, var.end)[1])
        if later:
            return later
        return context.object or context.section_object or _default_object(variable)

    def _vertex_required(self, sentence: Sentence, flat: str, conditions: Sequence[tuple[int, int]]) -> None:
        """'Each event is required to have a primary vertex': at least one vertex, said without
        a number word (the counted forms are read with the other multiplicities)."""
        m = _VERTEX_REQUIRED.search(flat)
        if m and re.match(r"[\s-]*(?:fraction|tagg|finding|reconstruction)", flat[m.end() :], re.IGNORECASE):
            return
        if m and not (_distracted(flat, m.start(), strict=False) or _inside(conditions, m.start())):
            self._emit(sentence, object="event", variable="n_vertices", op=">=", value=1.0, unit="")

    # multiplicities: "exactly four leptons", "at least one primary vertex", "two or more jets"
    def _multiplicities(
        self, sentence: Sentence, flat: str, conditions: Sequence[tuple[int, int]] = ()
    ) -> None:
        """Counts of objects; not those inside a condition ("... for events with two electrons")."""
        if _OTHER_REGION.search(flat):
            return  # "the top control region requires two b-tagged jets": not the signal selection
        self._tagged_veto(sentence, flat)
        objects = r"(electrons?|muons?|leptons?|jets?|photons?|taus?|b-jets?|vertex|vertices)"
        self._count_ranges(sentence, flat, objects)
        self._vertex_required(sentence, flat, conditions)
        patterns = [
            (
                rf"\b(exactly|at least|at most|no fewer than|no more than|no less than|a minimum of|only|precisely|one and only|"
                rf"more than|fewer than|less than)\s+"
                rf"({V.NUMBER_WORD_RE})\s+(?:(?:[\w/-]+|\(\w+\))\s+){{0,4}}?{objects}\b",
                None,
            ),
            (rf"\b({V.NUMBER_WORD_RE})\s+or\s+more\s+(?:[\w/-]+\s+){{0,3}}?{objects}\b", ">="),
            (
                rf"\b(?:contain(?:s|ing)?|hav(?:e|ing)|with|requir\w+|select\w*)\s+({V.NUMBER_WORD_RE})\s+(?:(?:isolated|prompt|good|reconstructed|"
                rf"identified|selected|signal|tight|loose|medium|charged|candidate)\s+){{0,3}}{objects}\b",
                "==",
            ),
        ]
        for regex, fixed_op in patterns:
            for m in re.finditer(regex, flat, re.IGNORECASE):
                if _distracted(flat, m.start(), strict=False) or _inside(conditions, m.start()):
                    continue
                number_end = m.end(2) if fixed_op is None else m.end(1)
                if re.match(rf"\s*{UNIT_RE}(?!\w)", flat[number_end:]):
                    continue  # "at least 40 GeV for the leading photon" is a threshold, not a count
                groups = m.groups()
                if fixed_op is None:
                    quantifier, number, word = groups
                    op = {
                        "exactly": "==",
                        "only": "==",
                        "precisely": "==",
                        "one and only": "==",
                        "at most": "<=",
                        "no more than": "<=",
                        "more than": ">",
                        "fewer than": "<",
                        "less than": "<",
                    }.get(quantifier.lower(), ">=")
                else:
                    number, word = groups
                    op = fixed_op
                    if fixed_op == "==" and re.match(r"\s*or more", flat[m.end() :]):
                        op = ">="
                if re.match(r"-", flat[m.end() : m.end() + 1]):
                    continue  # "four-lepton" is a name, not a count
                if re.match(r"\s*of\s+(?:the|these|those|its|their)\b", flat[number_end:], re.IGNORECASE):
                    continue  # "at least one of the four leptons": some of them, not how many there are
                if re.search(
                    r"\b(?:such|additional|extra|non-prompt|fake|other)\b",
                    flat[m.start() : m.end()],
                    re.IGNORECASE,
                ):
                    continue  # a subset defined elsewhere, not the event's multiplicity
                if re.match(
                    r"\s*(?:per \w+\s+)?(?:is|are)\s+(?:added|used|merged|combined|included)\b",
                    flat[m.end() :],
                ):
                    continue
                count = float(NUMBER_WORDS.get(number.lower(), number) if not number.isdigit() else number)
                # the counted word must not be qualified by a non-target ("two tracks", "vertex with two tracks")
                word = word.lower()
                if word.startswith("vert"):
                    self._emit(sentence, object="event", variable="n_vertices", op=op, value=count, unit="")
                    continue
                obj = _object_word(word)
                if obj in V.PHYSICS_OBJECTS:
                    if re.search(r"\bpairs?\b", flat[m.start() : m.end()], re.IGNORECASE):
                        continue
                    counted = self._COUNTED_TAGGED.match(flat, m.end())
                    label = jet_label(flat[m.start() : m.end()]) or (
                        jet_label(counted.group(0)) if counted else None
                    )
                    labels = [label] if obj == "jet" and label else []
                    op, count = self._kept_count(flat, m.start(), m.end(), op, count)
                    self._emit(
                        sentence, object=obj, variable="count", op=op, value=count, labels=labels, unit=""
                    )
                    # "two or more jets, at least one of which is b-tagged": the tagged jets are counted too
                    subset = self._OF_WHICH.match(flat, m.end())
                    subset_label = jet_label(subset.group("what")) if subset else None
                    if obj == "jet" and not labels and subset and subset_label:
                        quantifier = (
                            subset.group("quantifier") or subset.group("quantifier2") or "at least"
                        ).lower()
                        tagged_op = {"exactly": "==", "only": "==", "at most": "<="}.get(quantifier, ">=")
                        number = (subset.group("number") or subset.group("number2")).lower()
                        tagged = float(NUMBER_WORDS.get(number, number) if not number.isdigit() else number)
                        self._emit(
                            sentence,
                            object="jet",
                            variable="count",
                            op=tagged_op,
                            value=tagged,
                            labels=[subset_label],
                            unit="",
                        )
                    # "exactly one electron and one muon": the second count shares the quantifier
                    also = re.match(
                        rf"\s+and\s+({V.NUMBER_WORD_RE})\s+(electrons?|muons?|leptons?|jets?|photons?|taus?)\b",
                        flat[m.end() :],
                        re.IGNORECASE,
                    )
                    other = _object_word(also.group(2)) if also else None
                    if also and other in V.PHYSICS_OBJECTS and other != obj:
                        number = also.group(1).lower()
                        value = float(NUMBER_WORDS.get(number, number) if not number.isdigit() else number)
                        self._emit(sentence, object=other, variable="count", op=op, value=value, unit="")

        self._extra_object_veto(sentence, flat)
        self._any_object_veto(sentence, flat)
        self._symbol_counts(sentence, flat, conditions)
        self._no_objects(sentence, flat, conditions)

    # "N_jet ≤ 4", "N_{b-jet} = 0", "N_ℓ = 2": a count written as a symbol
    _COUNT_SYMBOL = re.compile(
        r"\bN\s?(?P<what>b-?jets?|jets?|leptons?|electrons?|muons?|photons?|taus?|ℓ|e|μ|γ|j)\s*"
        r"(?P<op><=|>=|==|=|<|>)\s*(?P<n>\d+)(?!\d|\.\d)"
    )

    def _symbol_counts(self, sentence: Sentence, flat: str, conditions: Sequence[tuple[int, int]]) -> None:
        for m in self._COUNT_SYMBOL.finditer(flat):
            if _distracted(flat, m.start(), strict=False) or _inside(conditions, m.start()):
                continue
            what = m.group("what")
            obj = "jet" if what == "j" or TAGGED.match(what) else _object_word(what, letters=True)
            if obj not in V.PHYSICS_OBJECTS:
                continue
            labels = ["b_tagged"] if TAGGED.match(what) else []
            op = "==" if m.group("op") == "=" else m.group("op")
            self._emit(
                sentence,
                object=obj,
                variable="count",
                op=op,
                value=float(m.group("n")),
                labels=labels,
                unit="",
            )

    # "(v) no electron, muon or τ lepton": a veto of each object named
    _VETOED_WORD = r"(?:(?:hadronically decaying\s+|hadronic\s+)?τ(?:[- ]?leptons?)?|electrons?|muons?|photons?|taus?|leptons?)"
    _NO_OBJECTS = re.compile(
        rf"\bno\s+(?:(?:isolated|identified|selected|reconstructed)\s+)?(?P<list>{_VETOED_WORD}(?:\s*,\s*{_VETOED_WORD})*"
        rf"(?:\s*,?\s+(?:or|nor)\s+(?:an?\s+)?{_VETOED_WORD})?)\b"
        r"(?!\s+(?:trigger|identification|isolation|requirement|cut|selection|threshold|efficienc|calibration|channel|veto))"
        r"(?P<rest>[^.;]{0,60})",
        re.IGNORECASE,
    )

    def _no_objects(self, sentence: Sentence, flat: str, conditions: Sequence[tuple[int, int]]) -> None:
        """ "We require no electron, muon or τ lepton", "(v) no electrons or muons": a count of zero
        for each object named; not when such events are what is removed, nor in a condition."""
        listed = re.match(r"\s*\((?:[ivx]+|[a-h]|\d)\)\s", flat)  # an item of a list of requirements
        if not (V.REQUIREMENT_VERB.search(flat) or re.search(r"\bveto", flat, re.IGNORECASE) or listed):
            return
        for m in self._NO_OBJECTS.finditer(flat):
            if _distracted(flat, m.start(), strict=False) or _inside(conditions, m.start()):
                continue
            if re.search(
                r"\b(?:are|is)\s+(?:then\s+)?(?:rejected|vetoed|removed|discarded)\b", m.group("rest")
            ):
                continue  # "events with no electron are rejected" says something else
            words = re.findall(self._VETOED_WORD, m.group("list"), re.IGNORECASE)
            for obj in dict.fromkeys(
                _object_word(w.split()[-1] if w.startswith(("h", "H")) else w) for w in words
            ):
                if obj in V.PHYSICS_OBJECTS:
                    self._emit(sentence, object=obj, variable="count", op="==", value=0.0, unit="")

    # "one or two b-tagged jets", "two or three jets": a count inside a range of two numbers
    def _count_ranges(self, sentence: Sentence, flat: str, objects: str) -> None:
        regex = (
            rf"\b(?:requir\w+|select\w*|contain(?:s|ing)?|hav(?:e|ing)|with|demand\w*|keep|retain\w*|accept\w*)\s+"
            rf"(?:either\s+)?({V.NUMBER_WORD_RE})\s+or\s+({V.NUMBER_WORD_RE})\s+"
            rf"((?:(?:[\w/-]+|\(\w+\))\s+){{0,3}}?){objects}\b"
        )
        for m in re.finditer(regex, flat, re.IGNORECASE):
            if _distracted(flat, m.start()) or re.match(r"\s*(?:or more|or fewer)\b", flat[m.end() :]):
                continue
            if re.match(rf"\s*{UNIT_RE}(?!\w)", flat[m.end(2) :]) or re.match(
                r"-", flat[m.end() : m.end() + 1]
            ):
                continue
            low, high = (
                float(NUMBER_WORDS.get(n.lower(), n) if not n.isdigit() else n)
                for n in (m.group(1), m.group(2))
            )
            obj = _object_word(m.group(4).lower())
            if obj not in V.PHYSICS_OBJECTS or high != low + 1:
                continue
            label = jet_label(m.group(3) + m.group(4))
            labels = [label] if obj == "jet" and label else []
            self._emit(
                sentence,
                object=obj,
                variable="count",
                op="between",
                low=low,
                high=high,
                labels=labels,
                unit="",
            )

    _OF_WHICH = re.compile(
        rf"[^.;]{{0,60}}?\b(?:(?P<quantifier>at least|exactly|only|at most)?\s*(?P<number>{V.NUMBER_WORD_RE})\s+"
        r"of\s+(?:which|them|these|those|the jets)\b|(?:of|among)\s+(?:which|them|these|those)\s*,?\s+"
        rf"(?P<quantifier2>at least|exactly|only|at most)?\s*(?P<number2>{V.NUMBER_WORD_RE})\b)(?P<what>[^.;]{{0,60}})",
        re.IGNORECASE,
    )
    # "at least one jet must be b-tagged", "two jets that are identified as b-jets", "... not b-tagged"
    _COUNTED_TAGGED = re.compile(
        r"\s*(?:(?:must|has to|have to|should|is required to|are required to)\s+be|(?:that|which)\s+(?:are|is|must be)|is|are|be)\s+"
        r"(?:not\s+|un)?(?:b-tagged|tagged|(?:identified|tagged) as (?:an?\s+)?b-(?:quark\s+)?jets?|b-jets?)\b",
        re.IGNORECASE,
    )

    # what the counted objects must pass: "more than two leptons with pT > 10 GeV", "(pT > 10 GeV)"
    _COUNTED_PASSING = re.compile(
        rf"\s*\(?\s*(?:with|having|of|above|exceeding|passing)\s+[^.;,()<>]{{0,30}}?"
        rf"(?:(?:[<>]=?|[≤≥])\s*)?{NUMBER}\s*(?:{UNIT_RE})?(?!\w)\s*\)?",
        re.IGNORECASE,
    )
    # a count of more objects than kept: "events with more than two leptons ... are rejected"
    _REMOVED_COUNT = re.compile(
        rf"\b(?:more than|at least)\s+{V.NUMBER_WORD_RE}\s+(?:[\w-]+\s+){{0,2}}?"
        r"(?:leptons?|electrons?|muons?|photons?|jets?|taus?)\b",
        re.IGNORECASE,
    )

    @classmethod
    def _kept_count(cls, flat: str, start: int, end: int, op: str, count: float) -> tuple[str, float]:
        """ "Events with three or more leptons are rejected": the count that is kept is the
        complement (<= 2); a count that is not removed is returned as stated. What the counted
        objects must pass ("with pT > 10 GeV") belongs to the count."""
        passing = cls._COUNTED_PASSING.match(flat, end)
        if not is_removal(flat, start, passing.end() if passing else end, []):
            return op, count
        if op in (">=", ">"):
            return "<=", count - 1 if op == ">=" else count
        if op in ("<=", "<"):
            return ">=", count + 1 if op == "<=" else count
        return "!=", count

    # vetoes of objects beyond the selected ones: "events with a third lepton are vetoed",
    # "events containing additional leptons with pT > 10 GeV are rejected"
    _EXTRA_OBJECT = re.compile(
        r"(?:\b(?P<lead>with|containing|contain|contains|having|has|have|on|against|without|and)\s+|^\s*)"
        r"(?:(?P<quantifier>an?|any|one or more|at least one|no)\s+)?"
        r"(?P<which>third|fourth|fifth|additional|extra|further|another|other)\s+(?:[\w-]+\s+){0,2}?"
        r"(?P<obj>leptons?|electrons?|muons?|photons?|jets?|taus?)\b(?P<rest>[^.;]{0,80})",
        re.IGNORECASE,
    )
    # the objects themselves are rejected: "... is vetoed", "... leads to the rejection of the event"
    _VETOED_AFTER = re.compile(
        r"\b(?:(?:are|is)\s+(?:then\s+|also\s+)?(?:rejected|vetoed|removed|discarded|excluded)|"
        r"leads?\s+to\s+(?:the\s+)?(?:rejection|veto)|causes?\s+the\s+event\s+to\s+be\s+(?:rejected|vetoed))\b",
        re.IGNORECASE,
    )
    _ORDINAL_BASE = {"third": 2.0, "fourth": 3.0, "fifth": 4.0}
    # "events with a lepton of pT > 10 GeV are rejected": a veto of any such object, defined by
    # its momentum or energy
    _ANY_OBJECT_VETO = re.compile(
        r"\bevents?\s+(?:that\s+)?(?:with|containing|contain|contains|having|has|have)\s+"
        r"(?:an?|any|one or more|at least one)\s+(?:[\w-]+\s+){0,2}?"
        r"(?P<obj>leptons?|electrons?|muons?|photons?|jets?|taus?)\b(?P<rest>[^.;]{0,80})",
        re.IGNORECASE,
    )
    _MOMENTUM_VALUE = re.compile(rf"{NUMBER}\s*(?:GeV|TeV|MeV)\b")

    def _any_object_vetoes(self, flat: str) -> list[re.Match[str]]:
        """Vetoes of any object above a momentum ("events with a lepton of pT > 10 GeV are
        rejected"); not an object defined by another quantity ("a muon with |d0| > 1 mm", which
        is read as a removal of such muons)."""
        return [
            m
            for m in self._ANY_OBJECT_VETO.finditer(flat)
            if self._VETOED_AFTER.search(m.group("rest"))
            and not TAGGED.search(m.group(0))  # "events with a b-tagged jet ...": read as a b-jet veto
            and not self._EXTRA_OBJECT.search(m.group(0))  # "an additional lepton": beyond the selected ones
            and self._MOMENTUM_VALUE.search(m.group("rest"))
            and not re.search(r"\b(?:d0|z0|d_0|z_0|SIP|isolation|η|eta)\b|\|", m.group("rest"), re.IGNORECASE)
        ]

    def extra_object_spans(self, flat: str) -> list[tuple[int, int]]:
        """Where a vetoed additional object is defined ("a third lepton with pT > 10 GeV"): its
        thresholds define what is vetoed, they are not cuts on the selected objects; nor are the
        thresholds of objects counted in a removed count ("more than two leptons with pT > 10 GeV
        are rejected")."""
        spans = [(m.start(), m.end()) for m in self._EXTRA_OBJECT.finditer(flat) if self._vetoes(flat, m)]
        spans += [(m.start(), m.end()) for m in self._any_object_vetoes(flat)]
        for m in self._REMOVED_COUNT.finditer(flat):
            passing = self._COUNTED_PASSING.match(flat, m.end())
            if passing and is_removal(flat, m.start(), passing.end(), []):
                spans.append((m.start(), passing.end()))
        return spans

    @staticmethod
    def _vetoes(flat: str, m: re.Match[str]) -> bool:
        lead, quantifier = (m.group("lead") or "").lower(), (m.group("quantifier") or "").lower()
        if lead == "without" or quantifier == "no":
            return True  # "with no additional photons", "without a third lepton"
        if Miner._VETOED_AFTER.search(m.group("rest")):
            return True  # "..., and another lepton with pT > 5 GeV is vetoed"
        if lead in ("and", ""):
            return False  # "two leptons and a third lepton with pT > 10 GeV are required"
        before = flat[max(0, m.start() - 60) : m.start()]
        return bool(
            re.search(
                r"\b(?:veto(?:es|ed)?|reject(?:s|ed)?|discard(?:s|ed)?|remov(?:e|es|ed))\b[^.;,]{0,40}$",
                before,
                re.IGNORECASE,
            )
        )

    def _any_object_veto(self, sentence: Sentence, flat: str) -> None:
        """A veto of any object above a momentum is a count of zero, when the selection keeps no
        objects of that kind (otherwise the two statements give no reading)."""
        for m in self._any_object_vetoes(flat):
            obj = _object_word(m.group("obj"))
            if obj not in V.PHYSICS_OBJECTS or _distracted(flat, m.start(), strict=False):
                continue
            if self._selected_count(obj)[0] is not None:
                continue
            note = f"a veto of any {obj}; what it must pass to be vetoed: {m.group('rest').strip()}"
            self._emit(sentence, object=obj, variable="count", op="==", value=0.0, unit="", note=note[:300])

    def _extra_object_veto(self, sentence: Sentence, flat: str) -> None:
        for m in self._EXTRA_OBJECT.finditer(flat):
            if not self._vetoes(flat, m) or _distracted(flat, m.start(), strict=False):
                continue
            obj = _object_word(m.group("obj"))
            if obj not in V.PHYSICS_OBJECTS:
                continue
            which = m.group("which").lower()
            base: float | None = self._ORDINAL_BASE.get(which)
            sources: list[Sentence] = []
            if base is None:
                base, sources = self._selected_count(obj)
            if base is None:
                continue  # "additional leptons" with no count of the selected ones to add to
            cut = self._emit(
                sentence,
                object=obj,
                variable="count",
                op="==",
                value=base,
                unit="",
                note=f"a veto of {which} {obj}s; what they must pass to be vetoed: {m.group('rest').strip()}"[
                    :300
                ],
            )
            if cut is not None and sources:  # the count that "additional" adds to is stated there
                evidence = [*cut.evidence, *(self._evidence(s) for s in sources if s is not sentence)]
                self.found[-1].cut = cut.model_copy(update={"evidence": evidence})

    def _selected_count(self, obj: str) -> tuple[float | None, list[Sentence]]:
        """How many objects of this kind the selection already keeps (for "additional" ones),
        and the sentences that say so."""
        counts: dict[str, Mined] = {
            m.cut.object: m
            for m in self.found
            if m.cut.variable == "count" and not m.cut.labels and m.cut.op in ("==", ">=")
        }
        if obj in counts:
            return counts[obj].cut.value, [counts[obj].sentence]
        if obj == "lepton" and "electron" in counts and "muon" in counts:
            electron, muon = counts["electron"], counts["muon"]
            return float(electron.cut.value or 0) + float(muon.cut.value or 0), [
                electron.sentence,
                muon.sentence,
            ]
        building = {
            "lepton": (("quadruplet", "z1", "z2", "sfos_pair"), 4.0, ("dilepton",), 2.0),
            "photon": ((), 0.0, ("diphoton",), 2.0),
        }.get(obj)
        if building is None:
            return None, []
        many, many_count, pair, pair_count = building
        for objects, number in ((many, many_count), (pair, pair_count)):
            source = next((m for m in self.found if m.cut.object in objects), None)
            if source is not None:
                return number, [source.sentence]
        return None, []

    # b-jet vetoes: "events with any b-tagged jet are rejected", "events containing no b-jets"
    _VETO_TAGGED = re.compile(
        r"\b(?:with|containing|contain|having|has|have|and)\s+(?P<quantifier>any|a|one or more|at least one|no)\s+"
        r"(?:additional\s+)?(?:b-tagged jets?|b-jets?|jets? (?:that are |identified as |tagged as )?b-tagged)\b"
        r"(?P<rest>[^.;]{0,80})",
        re.IGNORECASE,
    )

    def _tagged_veto(self, sentence: Sentence, flat: str) -> None:
        m = self._VETO_TAGGED.search(flat)
        if not m or _distracted(flat, m.start(), strict=False):
            return
        rejected = re.search(
            r"\b(?:are|is)\s+(?:then\s+)?(?:rejected|vetoed|removed|discarded)\b", m.group("rest")
        )
        if (m.group("quantifier").lower() == "no") == bool(rejected):
            return  # "with no b-jets are rejected" / "with a b-jet are kept" say something else
        self._emit(sentence, object="jet", variable="count", op="==", value=0.0, labels=["b_tagged"], unit="")

    # overlap removal in words: "a jet closer than ΔR = 0.2 to an electron is dropped",
    # "any lepton that lies within ΔR = 0.4 of a remaining jet is discarded"
    _OVERLAP = re.compile(
        rf"\b(?P<removed>jets?|electrons?|muons?|leptons?|photons?|taus?)\b"
        rf"(?:(?!\b(?:jet|electron|muon|lepton|photon|tau)s?\b)[^.;,<>]){{0,40}}?"
        rf"\b(?:closer than|within|inside|less than)\s+(?:a\s+)?(?:distance\s+(?:of\s+)?)?"
        rf"(?:Δ\s?R|dR|Delta\s?R)\s*(?:=|<|of)?\s*(?P<value>{NUMBER})\s+(?:of|to|from|around)\s+"
        rf"(?:the\s+|an?\s+|any\s+)?(?:[\w-]+\s+)?(?P<other>jets?|electrons?|muons?|leptons?|photons?|taus?)\b"
        rf"[^.;<>]{{0,40}}?\b(?:is|are)\s+(?:then\s+|also\s+)?(?:removed|dropped|discarded|rejected|vetoed|ignored)\b",
        re.IGNORECASE,
    )

    def _overlap_removal(self, sentence: Sentence, flat: str) -> None:
        for m in self._OVERLAP.finditer(flat):
            removed = _object_word(m.group("removed"))
            if removed not in V.PHYSICS_OBJECTS or _distracted(flat, m.start(), strict=False):
                continue
            self._emit(
                sentence,
                object=removed,
                variable="overlap_dr",
                op=">",
                value=float(m.group("value")),
                unit="",
            )

    # SFOS pairs: "two same-flavour opposite-sign (SFOS) lepton pairs"
    def _sfos(self, sentence: Sentence, flat: str) -> None:
        sfos = r"(?:SFOS|same-flavou?r[,]?\s+(?:and\s+)?opposite-(?:sign|charge)|opposite-(?:sign|charge)[,]?\s+(?:and\s+)?same-flavou?r)"
        regex = re.compile(
            rf"\b({V.NUMBER_WORD_RE}|a|one|single)\s+(?:pairs?\s+of\s+)?(?:[\w-]+\s+){{0,2}}?{sfos}(?:\s*\(SFOS\))?\s+"
            rf"(?:lepton\s+|dilepton\s+)?(pairs?|leptons?)\b",
            re.IGNORECASE,
        )
        seen = False
        for m in regex.finditer(flat):
            if seen or _distracted(flat, m.start(), strict=False):
                continue
            number = m.group(1).lower()
            count = float(NUMBER_WORDS.get(number, number) if not number.isdigit() else number)
            noun = m.group(2).lower()
            pairs = (
                count
                if noun.startswith("pair") and "pairs of" not in flat[m.start() : m.end()].lower()
                else count
            )
            if noun.startswith("lepton"):
                pairs = count / 2 if count >= 2 else 1
            if "pairs of" in flat[m.start() : m.end()].lower():
                pairs = count
            if pairs == 2:
                self._emit(sentence, object="quadruplet", variable="sfos_pairs", op="==", value=2.0, unit="")
                seen = True
        if not seen:
            self._two_z_candidates(sentence, flat)

    # "ZZ candidates are built from two Z candidates", where the paragraph says a Z candidate is a
    # pair of same-flavour leptons of opposite charge
    _TWO_Z = re.compile(
        r"\b(?:two|2)\s+(?:non-overlapping\s+|distinct\s+)?Z(?:\s?boson)?\s+candidates\b", re.IGNORECASE
    )
    _Z_AS_PAIR = re.compile(r"\bZ(?:\s?boson)?\s+candidates?\s+(?:are|is|consists? of)\b", re.IGNORECASE)

    def _two_z_candidates(self, sentence: Sentence, flat: str) -> None:
        m = self._TWO_Z.search(flat)
        if m is None or _distracted(flat, m.start(), strict=False) or _OTHER_REGION.search(flat):
            return
        paragraph = [
            fold(s.text)
            for s in self.sentences
            if s.paragraph == sentence.paragraph and s.page == sentence.page
        ]
        defined = any(
            self._Z_AS_PAIR.search(text) and V.SAME_FLAVOUR.search(text) and V.OPPOSITE_CHARGE.search(text)
            for text in paragraph
        )
        if defined:
            self._emit(sentence, object="quadruplet", variable="sfos_pairs", op="==", value=2.0, unit="")

    # one lepton pair: "exactly two leptons of the same flavour and with charges that add up to zero"
    def _pair_properties(self, sentence: Sentence, flat: str) -> None:
        if _OTHER_REGION.search(flat):
            return  # "the Z control region demands two muons of opposite charge": not the signal selection
        if not V.ONE_LEPTON_PAIR.search(flat) or re.search(
            r"\bpairs\b|\bquadruplets?\b|Δ\s?R", flat, re.IGNORECASE
        ):
            return
        if _distracted(flat, 0, strict=False) or not (
            V.REQUIREMENT_VERB.search(flat) or sentence.kind == "table"
        ):
            return
        if V.SAME_FLAVOUR.search(flat):
            self._emit(sentence, object="dilepton", variable="flavour", op="is", labels=["same"], unit="")
        elif V.DIFFERENT_FLAVOUR.search(flat):
            self._emit(
                sentence, object="dilepton", variable="flavour", op="is", labels=["different"], unit=""
            )
        if V.OPPOSITE_CHARGE.search(flat):
            self._emit(sentence, object="dilepton", variable="sum_charge", op="==", value=0.0, unit="")

    # working points: "loose likelihood identification", "the Medium isolation working point"
    def _working_points(
        self, sentence: Sentence, flat: str, mentions: list[Mention], context: Context
    ) -> None:
        lowered = flat.lower()
        wp_names = [w for w in V.WORKING_POINTS if re.search(rf"\b{w}\b", lowered)]
        regex = re.compile(
            r"\b(very loose|loose|medium|tight|"
            # the muon "high-pT" working point: only when it names the identification itself
            r"high-p\s?T(?=\s+(?:[\w-]+\s+)?(?:identification|ID|quality|criteria|working point|operating point)\b))"
            r"\b(?:\s*\+\s*\w+)?[\s\w()-]{0,40}?\b(likelihood|identification|ID|quality|"
            r"criteria|criterion|working point|operating point|isolation|requirements?)\b",
            re.IGNORECASE,
        )
        emitted: set[tuple[str, str]] = set()
        # without a verb, only the items of a definition line ("Muons: pT > 10 GeV, medium identification")
        verbless = sentence.kind != "table" and not V.REQUIREMENT_VERB.search(flat)
        listed = definition_working_points(flat, mentions) if verbless else []
        if verbless and not listed:
            return
        if _TRIGGER_OBJECTS.search(flat):
            return  # working points of trigger objects are not offline selection
        vetoed = self.extra_object_spans(flat)
        paired = self._respective_working_points(sentence, flat, emitted)
        paired += self._named_isolation_points(sentence, flat, mentions, context, vetoed, emitted)
        # "either the loose or the tight working point": alternatives, neither is required
        paired += [
            (m.start(), m.end())
            for m in self._WP_PAIR.finditer(flat)
            if re.search(r"\sor\s", flat[m.start("a") : m.start("b")])
            and not re.search(r"\brespectively\b", flat, re.IGNORECASE)
        ]
        for m in regex.finditer(flat):
            if _inside(paired, m.start()) or (verbless and not _inside(listed, m.start())):
                continue
            if _inside(vetoed, m.start()):
                continue  # "a third lepton passing the loose identification" defines what is vetoed
            if self._tagging_point(flat, m.start()):
                continue  # "b-tagged when it passes the medium working point of DeepCSV": the tagger's
            if V.WP_DEFINITION.search(flat, max(0, m.start() - 12), m.end() + 40):
                continue  # "for the Loose working point, X must ..." defines the working point
            if _distracted(flat, m.start(), strict=False) and not re.search(
                r"\brequir|\bselect|\bmust\b|\bsatisf", flat, re.IGNORECASE
            ):
                continue
            words_between = flat[m.start() : m.end()].lower()
            others = [
                w
                for w in wp_names
                if w != m.group(1).lower() and not (w == "loose" and m.group(1).lower() == "very loose")
            ]
            if others and re.search(r"\b(?:and|or)\b", lowered) and len(others) >= 2:
                continue  # a list of working points describes them; it does not select one
            variable = "iso_wp" if "isolation" in words_between else "id"
            label = re.sub(r"^high-?\s*p\s?t$", "high_pt", m.group(1).lower()).replace(" ", "_")
            obj = self._nearest_physics_object(flat, mentions, m.start(), m.end(), context)
            if obj is None:
                continue
            if (obj, variable) in emitted:
                continue
            emitted.add((obj, variable))
            self._emit(sentence, object=obj, variable=variable, op="is", labels=[label], unit="")

    @staticmethod
    def _tagging_point(flat: str, position: int) -> bool:
        """Is the working point at `position` one of a flavour tagger (the clause around it says
        what b-tagged jets are), not an identification of the object?"""
        start, end = clause_bounds(flat, position)
        clause = flat[start:end]
        return bool(TAGGED.search(clause)) and not re.search(
            r"\bidentification\b|\bID\b", flat[position : position + 40]
        )

    # isolation working points with a name of their own: "gradient", "FixedCutTight", "FCLoose",
    # "HighPtTrackOnly", "PflowTight_VarRad" -- only when the name is followed by "isolation" or by
    # "working point" / "criteria" / "requirement" (the FC and Pflow prefixes in capitals: "FCal"
    # is a calorimeter)
    _NAMED_ISO = re.compile(
        r"\b(?P<name>gradient(?:[ _-]?loose)?|fixed[ _-]?cut[ _-]?(?:[A-Z][a-z]+|_)+\w*|(?-i:FC[A-Z][A-Za-z_]*)|"
        r"(?:high[ _-]?pt|loose|tight|prompt(?:lep)?)?[ _-]?track[ _-]?only\w*|(?-i:P[Ff]low[A-Z_][A-Za-z_]*)|"
        r"(?:loose|tight)_?var[ _-]?rad)\b"
        r"(?:\s*\(\w+\))?\s+(?:(?:(?:lepton|electron|muon|photon|track|calorimeter)[- ]?\s*)?isolation\b"
        r"(?:\s+(?:working|operating)\s+points?|\s+criteri(?:on|a)|\s+requirements?)?|"
        # "the FixedCutTight working point", "the Gradient criteria": these names are isolation's
        r"(?:working|operating)\s+points?\b|WPs?\b|criteri(?:on|a)\b|requirements?\b)",
        re.IGNORECASE,
    )
    _NAMED_DEFINITION = re.compile(
        r"^,?\s*(?:which\s+)?(?:\w+ly\s+)?(?:requires|is defined|uses|accepts|adds|is designed|is meant|keeps|"
        r"rejects|is intended|is not used|varies|has an efficiency|gives)",
        re.IGNORECASE,
    )

    def _named_isolation_points(
        self,
        sentence: Sentence,
        flat: str,
        mentions: list[Mention],
        context: Context,
        vetoed: list[tuple[int, int]],
        emitted: set[tuple[str, str]],
    ) -> list[tuple[int, int]]:
        """Isolation working points named by a word other than loose/medium/tight; each becomes an
        'iso_wp is <name>' cut whose label is the name in snake case ("FixedCutTight" ->
        fixed_cut_tight). Returns the spans read, so the loose/tight reading skips them."""
        spans: list[tuple[int, int]] = []
        for m in self._NAMED_ISO.finditer(flat):
            spans.append((m.start(), m.end()))
            if _inside(vetoed, m.start()):
                continue
            if self._NAMED_DEFINITION.match(flat[m.end() :]) or re.search(
                r"\b(?:for|of|in)\s+the\s+$", flat[max(0, m.start() - 12) : m.start()], re.IGNORECASE
            ):
                continue  # "the gradient isolation working point, which requires ..." defines it
            if re.search(r"\s(?:or)\s+(?:the\s+)?$", flat[max(0, m.start() - 12) : m.start()]) or re.match(
                r"\s*,?\s+or\b", flat[m.end() :]
            ):
                continue  # "either the gradient or the FCTight isolation": alternatives
            if _distracted(flat, m.start(), strict=False) and not re.search(
                r"\brequir|\bselect|\bmust\b|\bsatisf", flat, re.IGNORECASE
            ):
                continue
            name = m.group("name").strip(" _-")
            label = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
            label = re.sub(r"[\s_-]+", "_", label).lower()
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", label):
                continue
            obj = self._nearest_physics_object(flat, mentions, m.start(), m.end(), context)
            if obj is None or (obj, "iso_wp") in emitted:
                continue
            emitted.add((obj, "iso_wp"))
            self._emit(sentence, object=obj, variable="iso_wp", op="is", labels=[label], unit="")
        return spans

    # "electrons and muons must pass the loose and the tight isolation working points, respectively";
    # lists of any length: "the loose, medium and tight working points"
    _WP = r"(?:very loose|loose|medium|tight|high-p\s?T)"
    _WP_PAIR = re.compile(
        rf"\b(?P<a>{_WP})(?:\s*,\s*(?:the\s+)?{_WP})*\s*,?\s+(?:and|or)\s+(?:the\s+)?"
        rf"(?P<b>{_WP})\b(?P<what>[\s\w()-]{{0,40}}?\b(?:identification|ID|quality|"
        r"criteria|working points?|operating points?|isolation|requirements?)\b)",
        re.IGNORECASE,
    )
    _OBJ = r"(?:electrons?|muons?|photons?|taus?)"
    _OBJECT_PAIR = re.compile(
        rf"\b(?P<x>{_OBJ})(?:\s*,\s*(?:the\s+)?{_OBJ})*\s*,?\s+(?:and|or)\s+(?:the\s+)?(?P<y>{_OBJ})\b",
        re.IGNORECASE,
    )

    def _respective_working_points(
        self, sentence: Sentence, flat: str, emitted: set[tuple[str, str]]
    ) -> list[tuple[int, int]]:
        """Working points paired with as many objects, in order: by "respectively", or, as is the
        usual convention, by "and" in both lists of one clause ("electrons, muons and photons must
        pass the loose, medium and tight working points"); returns the spans read. Lists of unequal
        length pair nothing, and are read as nothing."""
        spans: list[tuple[int, int]] = []
        respectively = bool(re.search(r"\brespectively\b", flat, re.IGNORECASE))
        objects = self._OBJECT_PAIR.search(flat)
        if not objects:
            return spans
        names = [_object_word(w) for w in re.findall(self._OBJ, objects.group(0), re.IGNORECASE)]
        if not all(names) or len(set(names)) != len(names):
            return spans
        for m in self._WP_PAIR.finditer(flat):
            if not respectively and not self._paired_by_and(flat, objects, m):
                continue
            spans.append((m.start(), m.end()))
            points = re.findall(self._WP, flat[m.start() : m.end("b")], re.IGNORECASE)
            if len(points) != len(names):
                continue  # "electrons, muons and photons ... the loose and tight ...": no order to read
            what = m.group("what").lower()
            variable = "iso_wp" if "isolation" in what else "id"
            for word, obj in zip(points, names, strict=True):
                label = re.sub(r"[\s-]+", "_", word.lower()).replace("p_t", "pt")
                if obj is not None and (obj, variable) not in emitted:
                    emitted.add((obj, variable))
                    self._emit(sentence, object=obj, variable=variable, op="is", labels=[label], unit="")
        return spans

    @staticmethod
    def _paired_by_and(flat: str, objects: re.Match[str], points: re.Match[str]) -> bool:
        """Without "respectively", two objects and two working points pair up in order only when
        both lists are joined by "and" (with "or" either point may do), they share one clause and
        a requirement verb joins them ("must pass", "are required for")."""
        if not re.search(r"\sand\s", objects.group(0)) or not re.search(
            r"\sand\s", flat[points.start("a") : points.start("b")]
        ):
            return False
        if re.search(r"\beither\b", flat[max(0, points.start() - 12) : points.start()], re.IGNORECASE):
            return False
        start, end = min(objects.start(), points.start()), max(objects.end(), points.end())
        between = flat[min(objects.end(), points.end()) : max(objects.start(), points.start())]
        if re.search(r"[;:]|[.!?]\s", flat[start:end]):
            return False
        return bool(V.REQUIREMENT_VERB.search(between)) and len(between) <= 80

    def _nearest_physics_object(
        self, flat: str, mentions: list[Mention], start: int, end: int, context: Context
    ) -> str | None:
        before = [
            m for m in mentions if m.kind == "object" and m.end <= start and m.name in V.PHYSICS_OBJECTS
        ]
        after = [m for m in mentions if m.kind == "object" and m.start >= end and m.name in V.PHYSICS_OBJECTS]
        if after and after[0].start - end <= 25:
            return after[0].name
        if before:
            return before[-1].name
        if after and after[0].start - end <= 60:
            return after[0].name
        later = _objects_named_later(mentions, end, clause_bounds(flat, end)[1])
        if later:
            return later
        obj = context.object or context.section_object
        return obj if obj in V.PHYSICS_OBJECTS else None

    def _trigger(self, sentence: Sentence, flat: str, conditions: Sequence[tuple[int, int]] = ()) -> None:
        mentioned = [m.start() for m in re.finditer(r"\btrigger", flat, re.IGNORECASE)]
        if not mentioned or all(_inside(conditions, start) for start in mentioned):
            return  # "... above 100 GeV if the event was recorded by the jet trigger": a condition
        if re.search(r"\befficienc|\bscale factor|\buncertaint|\bcalibrat", flat, re.IGNORECASE):
            return
        if re.search(r"\btriggers?\s+thresholds?\s+(?:were|was|are|is|of)\b", flat, re.IGNORECASE):
            return  # "the single-electron trigger thresholds were 24 GeV": a description
        found: list[tuple[int, str]] = []
        for regex, kind in V.TRIGGER_RES:
            for m in regex.finditer(flat):
                found.append((m.start(), kind))
        labels: list[str] = []
        for _, kind in sorted(found):
            if kind not in labels:
                labels.append(kind)
        if labels:
            self._emit(sentence, object="event", variable="trigger", op="any", labels=labels, unit="")

    # "the pair with mass closest to the Z boson mass" (pairing) / "the quadruplet with m12 closest to mZ" (choice)
    def _closest(self, sentence: Sentence, flat: str) -> None:
        m = re.search(r"\b(?:closest|nearest|closer)\b", flat, re.IGNORECASE)
        if not m or not V.Z_MASS_PHRASE.search(flat[m.end() : m.end() + 60]):
            return
        lowered = flat.lower()
        choice = re.search(
            r"\b(?:more than one|multiple|several|ambiguit|if two or more|chosen|retained|kept|one candidate|only one|single candidate|choice)\b",
            lowered,
        ) and re.search(r"\b(?:quadruplets?|candidates?)\b", lowered)
        if choice:
            keys: list[tuple[int, str]] = []
            for regex, label in (
                (
                    r"\bm\s?12\b|\bleading (?:lepton )?pair\b|\bz\s?1\b|\bprimary pair\b|\bfirst pair\b",
                    "z1_mass",
                ),
                (
                    r"\bm\s?34\b|\bsub-?leading (?:lepton )?pair\b|\bz\s?2\b|\bsecondary pair\b|\bsecond pair\b",
                    "z2_mass",
                ),
            ):
                hit = re.search(regex, lowered)
                if hit:
                    keys.append((hit.start(), label))
            labels = [label for _, label in sorted(keys)] or ["z1_mass"]
            self._emit(
                sentence,
                object="quadruplet",
                variable="choice",
                op="closest",
                value=Z_MASS,
                labels=labels,
                unit="GeV",
            )
        elif re.search(r"\bpairs?\b|\bz\s?1\b|\bm\s?12\b|\bdileptons?\b", lowered):
            self._emit(sentence, object="z1", variable="mass", op="closest", value=Z_MASS, unit="GeV")

    # thresholds that depend on another variable: "12 GeV for m4ℓ < 140 GeV, rising linearly to 50 GeV at m4ℓ = 190 GeV"
    def _dependence(
        self,
        index: int,
        sentence: Sentence,
        flat: str,
        mentions: list[Mention],
        consumed: list[tuple[int, int]],
    ) -> None:
        worded = re.search(
            r"\blinear|\bris(?:es|ing)\b|\bincreas(?:es|ing)\b|\binterpolat|\bfunction of\b",
            flat,
            re.IGNORECASE,
        )
        arrow = re.compile(
            rf"({NUMBER})\s*(?:{UNIT_RE})?\s*(?:→|->)\s*({NUMBER})\s*({UNIT_RE})\s*(?:for|between|in|over)\s*"
            rf"({NUMBER})\s*(?:{UNIT_RE})?\s*<=?\s*(?P<var>\S+?)\s*<=?\s*({NUMBER})\s*({UNIT_RE})?"
        )
        knots: list[tuple[float, float]] = []
        driver: str | None = None
        spans: list[tuple[int, int]] = []
        for m in arrow.finditer(flat):
            y_unit = m.group(3)
            x_unit = m.group(7) or y_unit
            driver_var = next(
                (v for v in mentions if v.kind == "variable" and v.start <= m.start("var") < v.end), None
            )
            driver = driver or _driver_name(driver_var, m.group("var"))
            knots += [
                (to_canonical(float(m.group(4)), x_unit)[0], to_canonical(float(m.group(1)), y_unit)[0]),
                (to_canonical(float(m.group(6)), x_unit)[0], to_canonical(float(m.group(2)), y_unit)[0]),
            ]
            spans.append((m.start(), m.end()))
        if worded and not knots:
            knot_re = re.compile(
                rf"({NUMBER})\s*({UNIT_RE})\s*(?:for|at|when|if)\s+(?P<var>[^\s<>=]+(?:\s?[ℓl])?)\s*(?:<=|>=|<|>|=|of|is|values? of|below|above)?\s*"
                rf"(?:of\s+)?({NUMBER})\s*({UNIT_RE})?",
                re.IGNORECASE,
            )
            for m in knot_re.finditer(flat):
                y, _ = to_canonical(float(m.group(1)), m.group(2))
                x, _ = to_canonical(float(m.group(4)), m.group(5) or m.group(2))
                driver_var = next(
                    (v for v in mentions if v.kind == "variable" and v.start <= m.start("var") < v.end), None
                )
                if driver_var is None and not re.match(r"m", m.group("var")):
                    continue
                driver = driver or _driver_name(driver_var, m.group("var"))
                if all(abs(kx - x) > 1e-9 for kx, _ in knots):
                    knots.append((x, y))
                spans.append((m.start(), m.end()))
        unique: dict[float, float] = {}
        for x, y in knots:
            unique.setdefault(x, y)
        knots = sorted(unique.items())
        if len(knots) < 2 or driver is None:
            return
        consumed.extend(spans)
        # the constrained variable: a mass mention that is not the driver
        subject = next(
            (
                v
                for v in mentions
                if v.kind == "variable"
                and v.name == "mass"
                and v.implied_object not in (None, _driver_object(driver))
            ),
            None,
        )
        self.found_dependences.append(
            (index, sentence, subject.implied_object if subject else None, driver, knots)
        )

    def _attach_dependences(self) -> None:
        for index, sentence, target_object, driver, knots in self.found_dependences:
            candidates = [
                m
                for m in self.found
                if m.cut.variable == "mass"
                and m.cut.op in ("between", "<", "<=", ">", ">=")
                and (target_object is None or m.cut.object == target_object)
                and m.sentence.paragraph == sentence.paragraph
                and self.sentences.index(m.sentence) <= index + 1
            ]
            if not candidates:
                continue
            mined = min(candidates, key=lambda m: abs(self.sentences.index(m.sentence) - index))
            cut = mined.cut
            high = cut.high if cut.op == "between" else (cut.value if cut.op in ("<", "<=") else None)
            if high is None:
                continue
            dependence = Dependence(
                variable=driver if driver in ("m4l", "mass", "pt") else "m4l",
                applies_to="low",
                knots=knots,
                unit="GeV",
            )  # type: ignore[arg-type]
            evidence = list(cut.evidence)
            if mined.sentence is not sentence:
                evidence.append(self._evidence(sentence))
            data = cut.model_dump()
            data.update(
                op="between",
                low=knots[0][1],
                high=high,
                value=None,
                depends_on=dependence.model_dump(),
                evidence=evidence,
                id="",
            )
            mined.cut = Cut.model_validate(data)


def mine(document: Document, status: str = "documented", rejected: list[str] | None = None) -> list[Mined]:
    """All cut statements of a document, in document order, one `Mined` per statement; the
    candidates that could not be cuts are appended to `rejected` with their reasons."""
    miner = Miner(document, status)
    found = miner.mine()
    if rejected is not None:
        rejected.extend(miner.rejected)
    return found


def rejected_statement(document: str, sentence: Sentence, what: str, reason: str) -> str:
    """One line for a dropped candidate: where, what was read, why it is no cut."""
    quote = " ".join(sentence.text.split())
    if len(quote) > 100:
        quote = quote[:99] + "…"
    return f"miner: {document} p.{sentence.page}: {what}: {reason} (“{quote}”)"


def _sketch(fields: dict[str, Any]) -> str:
    """What a candidate that is not a valid Cut said, for the rejection line."""
    subject = str(fields.get("object", "?"))
    if fields.get("rank"):
        subject += f"[{fields['rank']}]"
    op = fields.get("op", "?")
    if op in ("between", "outside"):
        return f"{subject} {fields.get('variable')} {op} {fields.get('low'):g} and {fields.get('high'):g}"
    value = fields.get("value")
    shown = f"{value:g}" if isinstance(value, int | float) else "|".join(fields.get("labels") or [])
    return f"{subject} {fields.get('variable')} {op} {shown}"


def _validation_reason(err: ValueError) -> str:
    """The first message of a Cut validation error ("low (100.0) must be below high (80.0)")."""
    errors = getattr(err, "errors", None)
    if callable(errors):
        messages = [str(e.get("msg", "")).removeprefix("Value error, ") for e in errors()]
        if messages:
            return "; ".join(messages)
    return str(err).splitlines()[0]


def mine_cuts(documents: Sequence[Document]) -> list[Mined]:
    found: list[Mined] = []
    for document in documents:
        found.extend(mine(document))
    return found
