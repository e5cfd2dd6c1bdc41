"""Grounding check: a cut is grounded when a quote of its evidence occurs in the document text
(after white-space, hyphenation, ligature and symbol normalisation — `corpus.text.find_quote`)
and the located text states the cut's value(s) in any written form ("7 GeV", "7GeV",
"7000 MeV", "0.5 mm", "500 μm", "four", "15%"), or, for working points and triggers, its labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assistant.selection import Z_MASS, Cut, CutEvidence
from corpus.document import Document, evidence_id
from corpus.text import find_quote

from . import vocabulary as V
from .text import fold, quantities, same_number

LABEL_ALIASES = {
    "met": r"missing|E\s?T\s?miss|\bMET\b",
    "z1_mass": r"m\s?_?\{?12|leading|Z\s?_?1|first|primary|closest",
    "z2_mass": r"m\s?_?\{?34|subleading|sub-leading|Z\s?_?2|second|then",
    "electron_muon": r"electron[- ]muon|e\s?μ",
    # CMS names two- and three-object triggers "double-" and "triple-"
    "dilepton": r"\bdi-?lepton|\bdouble[- ]?lepton",
    "trilepton": r"\btri-?lepton|\btriple[- ]?lepton",
    "dielectron": r"\bdi-?electron|\bdouble[- ]?electron",
    "dimuon": r"\bdi-?muon|\bdouble[- ]?muon",
    "diphoton": r"\bdi-?photon|\bdouble[- ]?photon",
    "different": r"different|opposite[- ]flavou?r|\belectron and (?:one|a) muon|\bmuon and (?:one|an) electron",
}


@dataclass(frozen=True)
class GroundingResult:
    grounded: bool
    reason: str
    evidence: tuple[CutEvidence, ...]


def required_values(cut: Cut) -> list[float]:
    """The numbers a supporting quote must state."""
    values: list[float] = []
    if cut.op in ("between", "outside"):
        if cut.low is not None and not (cut.depends_on and cut.depends_on.applies_to == "low"):
            values.append(cut.low)
        if cut.high is not None and not (cut.depends_on and cut.depends_on.applies_to == "high"):
            values.append(cut.high)
    elif cut.op not in ("is", "any", "closest") and cut.value is not None:
        values.append(cut.value)
    if cut.depends_on:
        for x, y in cut.depends_on.knots:
            values.extend([x, y])
    return values


def _states(text: str, value: float, cut: Cut) -> bool:
    for number, _unit in quantities(text):
        if same_number(number, value):
            return True
    if cut.variable == "sfos_pairs":
        # "two same-flavour opposite-sign leptons" is one pair; "a pair of ..." is one pair
        if any(same_number(n, 2 * value) for n, _ in quantities(text)):
            return True
        if value == 1 and re.search(r"\b(?:a|one|single)\s+(?:[\w-]+\s+){0,3}?pair", text, re.IGNORECASE):
            return True
    if cut.variable == "sum_charge" and value == 0 and V.OPPOSITE_CHARGE.search(fold(text)):
        return True
    if cut.variable == "count" and value == 0:
        # "events containing no b-jets", "events with any b-tagged jet are rejected"
        return bool(re.search(r"\b(?:no|zero|none|without|veto(?:ed)?|rejected)\b", text, re.IGNORECASE))
    if cut.variable == "count" and _states_count_by_veto(text, value, cut):
        return True
    if cut.variable in ("count", "n_vertices") and value == 1:
        return bool(re.search(r"\b(?:a|an|one|single)\b", text, re.IGNORECASE))
    return False


_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


def _states_count_by_veto(text: str, value: float, cut: Cut) -> bool:
    """ "events with a third lepton are vetoed" / "with three or more leptons are rejected" state
    a count of two; "a lepton pair" or "one electron and one muon" state two leptons."""
    folded = fold(text)
    if (
        value.is_integer()
        and value + 1 in _ORDINALS
        and re.search(rf"\b{_ORDINALS[int(value + 1)]}\b", folded, re.IGNORECASE)
    ):
        return True
    if re.search(r"\b(?:veto|reject|discard|remov)", folded, re.IGNORECASE) and any(
        same_number(n, value + 1) for n, _ in quantities(text)
    ):
        return True
    if cut.object in ("lepton", "photon") and value == 2:
        pair = (
            V.ONE_LEPTON_PAIR
            if cut.object == "lepton"
            else re.compile(r"\bdiphoton|\bphoton pair|\btwo photons", re.IGNORECASE)
        )
        if pair.search(folded):
            return True
    return (
        cut.object == "lepton"
        and value == 4
        and bool(re.search(r"\bquadruplet|\bfour-lepton|\bfour leptons", folded, re.IGNORECASE))
    )


def _window_around_z(text: str, cut: Cut) -> bool:
    """ "within 10 GeV of the Z mass" grounds 81.19 < m < 101.19."""
    if cut.low is None or cut.high is None:
        return False
    centre, half = (cut.low + cut.high) / 2, (cut.high - cut.low) / 2
    return (
        abs(centre - Z_MASS) < 0.05
        and bool(V.Z_MASS_PHRASE.search(fold(text)))
        and any(same_number(n, half, 1e-4) for n, _ in quantities(text))
    )


def _states_label(text: str, label: str) -> bool:
    pattern = (
        LABEL_ALIASES.get(label) or r"\b" + r"[- ]?".join(re.escape(p) for p in label.split("_")) + r"\b"
    )
    return bool(re.search(pattern, fold(text), re.IGNORECASE))


def check_values(text: str, cut: Cut) -> tuple[bool, str]:
    """Does `text` state everything the cut says? (values, labels, the Z mass for "closest")."""
    missing: list[str] = []
    if cut.op in ("is", "any"):
        missing += [label for label in cut.labels if not _states_label(text, label)]
    elif cut.op == "closest" and not (
        V.Z_MASS_PHRASE.search(fold(text)) or (cut.value is not None and _states(text, cut.value, cut))
    ):
        missing.append(f"{cut.value:g}" if cut.value is not None else "target")
    if (
        cut.op in ("between", "outside")
        and cut.low is not None
        and cut.high is not None
        and _window_around_z(text, cut)
    ):
        return True, ""
    missing += [f"{v:g}" for v in required_values(cut) if not _states(text, v, cut)]
    if missing:
        return False, "quote does not state " + ", ".join(missing)
    return True, ""


def locate(evidence: CutEvidence, documents: Mapping[str, Document]) -> tuple[Document, int, int, int] | None:
    """Find the evidence quote in its document (or, if the document is unknown, in any)."""
    document = documents.get(evidence.document)
    candidates: Iterable[Document] = [document] if document is not None else documents.values()
    for doc in candidates:
        found = find_quote(doc, evidence.quote, evidence.page)
        if found is None:
            found = find_quote(doc, evidence.quote)
        if found is not None:
            return (doc, *found)
    return None


def ground(cut: Cut, documents: Mapping[str, Document]) -> GroundingResult:
    """Check every evidence quote of `cut`; values may be spread over several located quotes
    (a window in one sentence, its m4ℓ dependence in the next)."""
    if not cut.evidence:
        return GroundingResult(False, "no quote", ())
    located_texts: list[str] = []
    checked: list[CutEvidence] = []
    for evidence in cut.evidence:
        where = locate(evidence, documents)
        if where is None:
            checked.append(evidence.model_copy(update={"grounded": False}))
            continue
        doc, page, start, end = where
        text = doc.page(page).text[start:end]
        located_texts.append(text)
        ok, _ = check_values(text, cut)
        checked.append(
            evidence.model_copy(
                update={
                    "document": doc.id,
                    "page": page,
                    "start": start,
                    "end": end,
                    "evidence_id": evidence_id(doc.id, page, start, end),
                    "grounded": None,
                }
            )
        )
    if not located_texts:
        return GroundingResult(False, "quote not found in the document", tuple(checked))
    ok, reason = check_values(" \n ".join(located_texts), cut)
    final = tuple(e if e.grounded is False else e.model_copy(update={"grounded": ok}) for e in checked)
    return GroundingResult(ok, reason, final)


def documents_by_key(documents: Iterable[Document]) -> dict[str, Document]:
    """Documents addressable by id, title and path (evidence may name any of them)."""
    table: dict[str, Document] = {}
    for doc in documents:
        for key in (doc.id, doc.title, doc.path):
            if key and key not in table:
                table[key] = doc
    return table
