"""Statements delegated to a reference: "leptons satisfy the isolation criteria of Ref. [12]".

`find_delegations` reads the citing document for sentences that hand a part of the selection
to a cited work, with the topic (which variables) and the objects concerned. `follow` mines the
cited document, when it is available, and keeps only the cuts on that topic and those objects
(and, when the citing sentence names a working point, only the statements of that working
point). Those cuts get status "from-reference" and the cited document's quote as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.selection import Cut
from corpus.document import BibEntry, Document

from . import vocabulary as V
from .miner import Mined, mine
from .reading import find_mentions, flatten, selection_section
from .text import Sentence, document_sentences, fold

_CITATION = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]|\bRefs?\.\s*\[?(\d+(?:\s*[,–-]\s*\d+)*)\]?")
_DELEGATING = re.compile(
    r"\b(?:described|defined|detailed|given|specified|documented|listed|summari[sz]ed|discussed|introduced|presented)\s+in\b|"
    r"\b(?:follow(?:s|ing)?|as in|according to|taken from|same as|identical to|those of|that of|as used in|"
    r"criteria of|criteria in|requirements of|requirements in|selection of|definitions? of|see)\b",
    re.IGNORECASE,
)
_TOPICS: list[tuple[str, set[str]]] = [
    (r"\bisolat", {"iso_track", "iso_calo", "iso_rel", "iso_wp"}),
    (r"\bimpact[- ]parameter|\bd\s?0\b|\bz\s?0\b|\bSIP", {"d0", "d0sig", "sip3d", "z0sintheta"}),
    (r"\bidentification\b|\bID\b|\bquality\b|\blikelihood\b", {"id"}),
    (r"\boverlap", {"overlap_dr"}),
    (r"\bvertex\b|\bvertices\b", {"vertex_chi2", "n_vertices"}),
    (r"\btrigger", {"trigger"}),
    (r"\bkinematic|\bacceptance\b", {"pt", "et", "abs_eta"}),
]
_OBJECT_LEVEL = {
    "pt",
    "et",
    "abs_eta",
    "eta",
    "id",
    "iso_wp",
    "iso_track",
    "iso_calo",
    "iso_rel",
    "d0",
    "d0sig",
    "sip3d",
    "z0sintheta",
    "overlap_dr",
}


@dataclass
class Delegation:
    sentence: Sentence
    keys: list[str]
    variables: set[str]
    objects: set[str]
    working_point: str | None = None
    documents: list[Document] = field(default_factory=list)


def _keys(text: str) -> list[str]:
    keys: list[str] = []
    for m in _CITATION.finditer(text):
        for part in re.split(r"\s*,\s*", m.group(1) or m.group(2)):
            bounds = re.split(r"\s*[–-]\s*", part)
            if (
                len(bounds) == 2
                and bounds[0].isdigit()
                and bounds[1].isdigit()
                and int(bounds[1]) - int(bounds[0]) < 20
            ):
                keys.extend(str(k) for k in range(int(bounds[0]), int(bounds[1]) + 1))
            elif part.isdigit():
                keys.append(part)
    return list(dict.fromkeys(keys))


def find_delegations(document: Document) -> list[Delegation]:
    delegations: list[Delegation] = []
    for sentence in document_sentences(document):
        if sentence.kind == "caption" or not selection_section(sentence.section):
            continue
        text = fold(sentence.text)
        keys = _keys(text)
        if not keys or not _DELEGATING.search(text):
            continue
        flat = flatten(text)
        mentions = find_mentions(flat)
        variables: set[str] = set()
        for pattern, topic in _TOPICS:
            if re.search(pattern, flat, re.IGNORECASE):
                variables |= topic
        objects = {m.name for m in mentions if m.kind == "object" and m.name in V.PHYSICS_OBJECTS}
        if "lepton" in objects:
            objects |= {"electron", "muon"}
        if {"electron", "muon"} <= objects:
            objects.add("lepton")
        if not variables and not objects:
            continue
        wp = next((w for w in V.WORKING_POINTS if re.search(rf"\b{w}\b", text, re.IGNORECASE)), None)
        delegations.append(Delegation(sentence, keys, variables, objects, wp))
    return delegations


def _normal_title(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text).lower()).strip()


def matches_entry(document: Document, entry: BibEntry) -> bool:
    """Is `document` the work cited by bibliography `entry`? (arXiv id, DOI, or its title)."""
    arxiv = document.metadata.get("arxiv") or ""
    doi = document.metadata.get("doi") or ""
    if entry.arxiv and (
        entry.arxiv == arxiv or entry.arxiv in document.path or entry.arxiv in document.title
    ):
        return True
    if entry.doi and doi and entry.doi.lower() == doi.lower():
        return True
    title = _normal_title(document.title)
    return len(title) >= 12 and title in _normal_title(entry.text)


def assign_documents(
    citing: Document,
    delegations: Sequence[Delegation],
    references: Mapping[str, Document] | Sequence[Document],
) -> None:
    """Attach the available cited documents to each delegation: a mapping is keyed by citation
    marker; a plain list is matched against the bibliography (a single reference document with
    no bibliography to match is taken to be the one cited)."""
    for delegation in delegations:
        if isinstance(references, Mapping):
            delegation.documents = [references[k] for k in delegation.keys if k in references]
            continue
        entries = {e.key: e for e in citing.bibliography}
        found: list[Document] = []
        for key in delegation.keys:
            entry = entries.get(key)
            if entry is not None:
                found.extend(d for d in references if matches_entry(d, entry) and d not in found)
        if not found and not citing.bibliography and len(references) == 1:
            found = list(references)
        delegation.documents = found


def follow(delegations: Sequence[Delegation]) -> list[Cut]:
    """Cuts from the cited documents on each delegation's topic, status "from-reference"."""
    cuts: list[Cut] = []
    mined_cache: dict[str, list[Mined]] = {}
    for delegation in delegations:
        for document in delegation.documents:
            if document.id not in mined_cache:
                mined_cache[document.id] = mine(document, status="from-reference")
            mined = mined_cache[document.id]
            relevant = [
                m
                for m in mined
                if (not delegation.variables or m.cut.variable in delegation.variables)
                and (not delegation.objects or m.cut.object in delegation.objects)
                and m.cut.variable in _OBJECT_LEVEL | {"vertex_chi2", "n_vertices", "trigger"}
            ]
            if delegation.working_point:
                wp = delegation.working_point
                of_wp = [m for m in relevant if re.search(rf"\b{wp}\b", m.sentence.text, re.IGNORECASE)]
                if of_wp:
                    relevant = of_wp
            for m in relevant:
                note = (
                    f"delegated by {delegation.sentence.title or delegation.sentence.document} p.{delegation.sentence.page}: "
                    f'"{delegation.sentence.text[:200]}"'
                )
                cuts.append(m.cut.model_copy(update={"status": "from-reference", "note": note[:1900]}))
    return cuts
