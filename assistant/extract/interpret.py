"""Interpreting what was read: which object and variable a constraint is about, whether it is
a removal, a distractor, a ranked list, a relative isolation; mapping physics objects to the
selection's building blocks (z1/z2, sfos_pair, lepton_pair, quadruplet)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from . import vocabulary as V
from .reading import (
    Comparator,
    Mention,
    ValueGroup,
    _channels_after,
    _flavour,
    _object_word,
    clause_bounds,
    find_comparators,
    parse_values,
)
from .text import NUMBER, NUMBER_WORDS, UNIT_RE, to_canonical


def names_a_region(flat: str, start: int, end: int) -> bool:
    """Does the constraint flat[start:end] name a detector region ("inside the tracker acceptance,
    |η| < 2.5, ..." or "in the region |η| < 0.1, where ...") rather than select objects?"""
    region = V.REGION_BEFORE.search(flat, 0, start)
    if region is None:
        return False
    return region.group("fronted") is not None or bool(V.REGION_AFTER.match(flat, end))


def _driver_name(var: Mention | None, text: str) -> str:
    if var is not None and var.implied_object == "quadruplet":
        return "m4l"
    if var is not None and var.name == "pt":
        return "pt"
    if re.match(r"m\s?4", text):
        return "m4l"
    return "mass"


def _driver_object(driver: str) -> str | None:
    return "quadruplet" if driver == "m4l" else None


# --- refinement: physics object + variable + context -> selection vocabulary -------------------------

_QUADRUPLET_CONTEXT = re.compile(r"\bquadruplets?\b|\bcandidates?\b|\bfour leptons\b", re.IGNORECASE)


# "Δφ between any jet and the missing transverse momentum", "|Δφ| of each jet to E_T^miss"
_MISSING = r"(?:missing (?:transverse )?(?:momentum|energy)|E\s?T\s?miss|p\s?T\s?miss|MET\b)"
# what is separated from the missing momentum: objects, or a two-object system ("the dilepton system")
_SEPARATED = (
    r"(?:di-?(?:lepton|electron|muon|photon)s?|(?:lepton|electron|muon|photon) pairs?|ℓ\s?ℓ|γ\s?γ|"
    r"jets?|leptons?|electrons?|muons?|photons?|taus?)\b(?:\s+(?:system|candidates?))?"
)
_EACH = r"(?:the\s+|any\s+|each\s+|every\s+|a\s+|all\s+)?(?:(?:each|any|all|one) of the\s+)?"
_AGAINST_MET = re.compile(
    rf"\s*(?:\|\s*)?(?:\(\s*min\s*\)\s*)?(?:between|of|from)\s+{_EACH}"
    rf"(?:[\w-]+\s+){{0,3}}?(?P<obj>{_SEPARATED})[^<>;,]{{0,40}}?"
    rf"\b(?:and|to|from|with respect to|relative to)\s+(?:the\s+)?(?:direction of the\s+)?{_MISSING}"
    rf"|\s*(?:\|\s*)?between\s+(?:the\s+)?{_MISSING}[^<>;,]{{0,30}}?\band\s+{_EACH}"
    rf"(?:[\w-]+\s+){{0,3}}?(?P<obj2>{_SEPARATED})",
    re.IGNORECASE,
)


def against_met_object(flat: str, var: Mention) -> str | None:
    """ "Δφ between the dilepton system and the missing momentum": the object (or system) whose
    separation from the missing momentum a Δφ mention measures, or None."""
    against = _AGAINST_MET.match(flat, var.end) if var.name == "dphi" else None
    if against is None:
        return None
    named = separated_object(against.group("obj") or against.group("obj2"))
    return named if named in V.PHYSICS_OBJECTS or named in ("dilepton", "diphoton") else None


def separated_object(words: str) -> str | None:
    """The object a Δφ from the missing momentum is measured for: "jets" -> jet, "the dilepton
    system" / "ℓℓ" / "lepton pair" -> dilepton, "γγ" / "diphoton" -> diphoton."""
    words = words.strip().lower()
    if re.match(r"di-?photon|photon pair|γ\s?γ", words):
        return "diphoton"
    if re.match(r"di-?(?:lepton|electron|muon)|(?:lepton|electron|muon) pair|ℓ\s?ℓ", words):
        return "dilepton"
    return _object_word(words.split()[0])


_MET_BEFORE = re.compile(
    rf"\b(?:from|to|and|with respect to|relative to)\s+(?:the\s+)?(?:direction of the\s+)?{_MISSING}[^<>;]{{0,25}}$",
    re.IGNORECASE,
)


def _refine(
    obj: str,
    variable: str,
    flat: str,
    var: Mention,
    mentions: list[Mention],
    *,
    rank: int | None = None,
    flavour: str | None = None,
    removal: bool = False,
) -> tuple[str | None, str, dict[str, Any]]:
    extra: dict[str, Any] = {}
    if variable in ("met", "mt", "ht"):
        return "event", variable, extra  # event-level quantities, whatever object the sentence names
    if obj.startswith("channel:"):
        if variable == "vertex_chi2":
            extra["channel"] = obj.split(":", 1)[1]
        obj = "quadruplet"
    if obj == "nontarget":
        return None, variable, extra
    if variable in ("pt", "et", "energy") and _SUMMED.search(flat, max(0, var.start - 40), var.start):
        return None, variable, extra  # "the summed pT of the leptons": no object's own momentum
    around = flat[max(0, var.start - 80) : var.end + 120]
    if variable == "dr":
        if _MIXED_PAIR.search(flat, max(0, var.start - 60), var.start) or _MIXED_PAIR_SUBJECT.search(
            flat, clause_bounds(flat, var.start)[0], var.start
        ):
            return None, variable, extra  # "jet–lepton separation ΔR > 0.4": which one is removed is unsaid
        overlap_word = re.search(r"\boverlap", flat[max(0, var.start - 60) : var.end + 60], re.IGNORECASE)
        pair_subject = _PAIR_SUBJECT.search(flat, clause_bounds(flat, var.start)[0], var.start)
        removed_object = removal and not pair_subject
        if (
            removed_object or overlap_word or _separated_from_other(flat, var, obj)
        ) and obj in V.PHYSICS_OBJECTS:
            return obj, "overlap_dr", extra
        pair_flavour = (
            {"electrons": "e", "muons": "mu"}.get(pair_subject.group("kind").lower())
            if pair_subject
            else None
        )
        flavour = flavour or pair_flavour or _flavour_near(flat, var)
        if flavour:
            extra["flavour"] = flavour
        return "lepton_pair", "dr", extra
    if variable == "dphi":
        against = _AGAINST_MET.match(flat, var.end)
        if against is None and _MET_BEFORE.search(flat, clause_bounds(flat, var.start)[0], var.start):
            return obj, "dphi_met", extra  # "jets separated from the missing momentum by Δφ > 0.4"
        if against:  # "Δφ between any jet and the missing momentum": each jet from the missing momentum
            return against_met_object(flat, var) or obj, "dphi_met", extra
    if variable == "dphi" and obj in ("lepton", "electron", "muon", "photon"):
        return ("diphoton" if obj == "photon" else "dilepton"), variable, extra
    if variable == "mass":
        if obj in ("lepton", "electron", "muon", "dilepton") and V.ANY_FLAVOUR_PAIR.search(flat):
            return "sfos_pair", "mass", extra
        # a resonance veto on "the" pair's own mass (m_ℓℓ) cuts the dilepton, not every SFOS pair
        if obj in ("lepton", "electron", "muon") and V.RESONANCE_VETO.search(flat):
            return "sfos_pair", "mass", extra
        if obj in ("lepton", "electron", "muon"):
            lowered = around.lower()
            if re.search(r"\bsub-?leading pair|\bsecond pair|\bz\s?2\b", lowered):
                return "z2", "mass", extra
            if re.search(r"\bleading pair|\bfirst pair|\bz\s?1\b", lowered):
                return "z1", "mass", extra
            return "dilepton", "mass", extra
        if obj == "photon":
            return "diphoton", "mass", extra
        if obj in ("jet", "tau"):
            return None, variable, extra
    if variable in ("pt", "et") and obj in ("lepton", "electron", "muon", "quadruplet"):
        rank = rank or var.rank or _rank_near(flat, var)
        if rank is not None and _QUADRUPLET_CONTEXT.search(flat):
            extra["rank"] = rank
            return "quadruplet", "pt", extra
        if rank is not None:
            extra["rank"] = rank
    elif variable in ("pt", "et", "pt_over_mass") and obj in ("photon", "jet", "tau"):
        rank = rank or var.rank or _rank_near(flat, var)
        if rank is not None:
            extra["rank"] = rank
    elif variable in _PER_OBJECT and obj in V.PHYSICS_OBJECTS:
        # "|η^{j1}| < 2.4": the rank is in the symbol; "|η| < 2.4 for the leading jet", "the
        # subleading lepton must have |η| < 2.5": in words, for that object alone
        rank = rank or var.rank or ranked_owner(flat, var, obj)
        if rank is not None:
            extra["rank"] = rank
    if variable == "vertex_chi2":
        if obj.startswith("channel:"):
            extra["channel"] = obj.split(":", 1)[1]
        return "quadruplet", variable, extra
    if obj == "diphoton" and variable in ("abs_eta", "iso_track", "iso_calo", "iso_rel"):
        return "photon", variable, extra
    if obj in ("quadruplet", "dilepton", "z1", "z2") and variable in (
        "abs_eta",
        "d0",
        "d0sig",
        "sip3d",
        "z0sintheta",
        "iso_track",
        "iso_calo",
        "iso_rel",
    ):
        return "lepton", variable, extra
    return obj, variable, extra


# "(jets ...) separated by ΔR > 0.4 from every selected lepton": a minimum distance to objects of
# another kind is the overlap removal of the subject
_FROM_OTHER = re.compile(
    rf"\s*(?:>=?|≥)\s*{NUMBER}\s+(?:from|to)\s+(?:the\s+|every\s+|all\s+|any\s+|each\s+|an?\s+)?"
    r"(?:(?:selected|signal|identified|isolated|good|nearest|closest)\s+)?(?P<other>jets?|electrons?|muons?|leptons?|photons?|taus?)\b",
    re.IGNORECASE,
)


# a distance between objects of two kinds named as a compound before the variable
_MIXED_PAIR = re.compile(
    r"\b(?P<a>jet|electron|muon|lepton|photon|tau)\s?[–-]\s?(?P<b>jet|electron|muon|lepton|photon|tau)\s+"
    r"(?:separation|distance|overlap)\s*(?:Δ\s?R|dR)?\s*$",
    re.IGNORECASE,
)


# the subject is a pair of leptons of one kind ("pairs of leptons with ΔR < 0.02 are rejected"): a
# removed pair says the pair's separation, not which object is removed
_PAIR_SUBJECT = re.compile(
    r"\bpairs?\s+of\s+(?:(?!(?:and|or|jets?|photons?|taus?|electrons?|muons?)\b)[\w-]+\s+){0,2}?"
    r"(?P<kind>leptons|electrons|muons)\b(?!\s+(?:and|or)\b)[^;,<>]*$",
    re.IGNORECASE,
)


# "pairs of jets and leptons with ΔR < 0.4 are rejected": two kinds of object, which one goes is unsaid
_MIXED_PAIR_SUBJECT = re.compile(
    r"\bpairs?\s+of\s+(?:[\w-]+\s+)?(?:jets|electrons|muons|leptons|photons|taus)\s+(?:and|or)\s+"
    r"(?:[\w-]+\s+)?(?:jets|electrons|muons|leptons|photons|taus)\b[^;,<>]*$",
    re.IGNORECASE,
)
# a momentum or energy summed over objects ("the summed pT of the leptons", "the sum of the
# transverse momenta", "the total transverse energy") is no cut on each object
_SUMMED = re.compile(
    r"\b(?:summed|total|(?:scalar\s+|vector(?:ial)?\s+)?sum\s+of(?:\s+(?:the|their|its|all))*)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)


def _separated_from_other(flat: str, var: Mention, obj: str) -> bool:
    m = _FROM_OTHER.match(flat, var.end)
    if m is None:
        return False
    other = _object_word(m.group("other"))
    return (
        other in V.PHYSICS_OBJECTS
        and other != obj
        and not ({other, obj} <= {"lepton", "electron", "muon"} and "lepton" in (other, obj))
    )


# per-object variables other than the momentum, whose rank is read only where the ranked object
# owns the constraint (the momentum has its own, looser reading: `_rank_near`)
_PER_OBJECT = frozenset(
    {"abs_eta", "eta", "d0", "d0sig", "sip3d", "z0sintheta", "iso_track", "iso_calo", "iso_rel"}
)
_NOUNS = r"(?:electrons?|muons?|leptons?|jets?|photons?|taus?)\b"
_RANK_WORDS = "|".join(re.escape(w) for w in sorted(V.RANK_WORDS, key=len, reverse=True))
# the ranked object named right after the value: "< 2.4 for the leading jet"
_RANKED_AFTER = re.compile(
    rf"[^.;,\d]{{0,40}}?{NUMBER}\s*(?:{UNIT_RE})?\s*(?:(?:is|are)\s+required\s+)?(?:for|of|on)\s+the\s+"
    rf"(?P<rank>{_RANK_WORDS})\s+(?:[\w-]+\s+)?(?P<noun>{_NOUNS})",
    re.IGNORECASE,
)
# the ranked object as the subject before the variable: "the subleading lepton must have |η| < 2.5"
_RANKED_BEFORE = re.compile(
    rf"(?<![\w-])the\s+(?P<rank>{_RANK_WORDS})\s+(?:[\w-]+\s+)?(?P<noun>{_NOUNS})(?P<rest>[^;]*)$",
    re.IGNORECASE,
)
_ALL_OBJECTS = re.compile(r"\b(?:all|every|each|any|both)\b", re.IGNORECASE)
_RANKING = r"(?:leading|highest[- ]p\s?T|hardest|first|highest[- ]energy|most energetic)"


def ranked_owner(flat: str, var: Mention, obj: str) -> int | None:
    """The rank of the single ranked object that a constraint on `var` is stated for, in words:
    after its value ("for the leading jet") or as the subject before it, no other object and no
    "all"/"each" between. Plurals ("the two leading jets") and other kinds of object give none."""
    after = _RANKED_AFTER.match(flat, var.end)
    if after and _object_word(after.group("noun")) == obj:
        return V.RANK_WORDS[after.group("rank").lower()]
    clause_start = clause_bounds(flat, var.start)[0]
    before = _RANKED_BEFORE.search(flat[clause_start : var.start])
    if (
        before is None
        or _object_word(before.group("noun")) != obj
        or before.group("noun").lower().endswith("s")
    ):
        return None
    rest = before.group("rest")
    if _ALL_OBJECTS.search(rest) or any(
        regex.search(rest) for regex, name in V.OBJECT_RES if name in V.PHYSICS_OBJECTS
    ):
        return None
    return V.RANK_WORDS[before.group("rank").lower()]


_NUMBER_RANKED = rf"(?:{_RANKING}\s+(?P<n>{V.NUMBER_WORD_RE})|(?P<n2>{V.NUMBER_WORD_RE})\s+{_RANKING})"
# "the two leading jets must have", "the leading three leptons are required to satisfy"
_RANKED_GROUP_BEFORE = re.compile(
    rf"(?<![\w-])the\s+{_NUMBER_RANKED}\s+(?:[\w-]+\s+)?(?P<noun>{_NOUNS})(?P<rest>[^;]*)$", re.IGNORECASE
)
# "... < 2.4 for (each of) the two leading jets"
_RANKED_GROUP_AFTER = re.compile(
    rf"\s*(?:{UNIT_RE})?\s*(?:(?:is|are)\s+required\s+)?(?:for|of|on)\s+(?:each\s+of\s+|both\s+of\s+)?"
    rf"the\s+{_NUMBER_RANKED}\s+(?:[\w-]+\s+)?(?P<noun>{_NOUNS})",
    re.IGNORECASE,
)


def ranked_group(flat: str, var: Mention, value_end: int, obj: str) -> list[int]:
    """The ranks of a group of leading objects that one constraint holds for, each of them:
    "the two leading jets must have |η| < 2.4" -> [1, 2], "pT > 20 GeV for the three leading
    leptons" -> [1, 2, 3]. The group must be the subject (no other object and no "all"/"each"
    between it and the variable) or named right after the value, of the constraint's object."""
    after = _RANKED_GROUP_AFTER.match(flat, value_end)
    clause_start = clause_bounds(flat, var.start)[0]
    before = _RANKED_GROUP_BEFORE.search(flat[clause_start : var.start])
    if before is not None:
        rest = before.group("rest")
        if _ALL_OBJECTS.search(rest) or any(
            regex.search(rest) for regex, name in V.OBJECT_RES if name in V.PHYSICS_OBJECTS
        ):
            before = None
    found = after or before
    if (
        found is None
        or _object_word(found.group("noun")) != obj
        or not found.group("noun").lower().endswith("s")
    ):
        return []
    word = (found.group("n") or found.group("n2")).lower()
    count = int(NUMBER_WORDS.get(word, word)) if not word.isdigit() else int(word)
    return list(range(1, count + 1)) if 2 <= count <= 8 else []


def _flavour_near(flat: str, var: Mention) -> str | None:
    """The flavour named around a pair variable, up to where a new coordinated clause starts
    (", and every opposite-charge pair of same-flavour leptons ..." speaks of other pairs)."""
    end = var.end + 80
    next_clause = re.compile(r",\s+(?:and|but|while|whereas)\b|;").search(flat, var.end, end)
    return _flavour(flat[max(0, var.start - 60) : next_clause.start() if next_clause else end])


def _rank_near(flat: str, var: Mention) -> int | None:
    clause_start, clause_end = clause_bounds(
        flat, var.start
    )  # not another clause's rank ("...; the leading jet")
    low = max(0, var.start - 50)
    window = flat[low : var.end + 50].lower()
    window = " " * max(0, clause_start - low) + window[max(0, clause_start - low) : max(0, clause_end - low)]
    best: tuple[int, int] | None = None
    for word, rank in V.RANK_WORDS.items():
        for m in re.finditer(rf"\b{re.escape(word)}\b", window):
            if word == "leading" and re.search(r"sub-?$|next-to-$", window[: m.start()]):
                continue
            if re.match(r"\s+than\b", window[m.end() :]):
                continue  # "higher than" compares, it does not rank
            centre = min(var.start, 50)
            if m.start() > centre and len(find_comparators(window[centre : m.start()])) >= 2:
                continue  # "pT > 30 GeV, and Δφ > 0.4 for the first two jets": a later constraint's rank
            if (
                m.start() > centre
                and find_comparators(window[centre : m.start()])
                and re.search(r"(?:\band|,|\bwhile|\bwhereas)\s+(?:the\s+)?$", window[: m.start()])
            ):
                continue  # "E_T above 40 GeV and the subleading one above 30 GeV": the next object's rank
            distance = min(abs(m.start() - centre), abs(m.end() - centre))
            if best is None or distance < best[0]:
                best = (distance, rank)
    return best[1] if best else None


def ranked_members(flat: str, start: int, end: int, obj: str) -> list[int]:
    """The ranks a constraint on every object is limited to: "for the leading two jets", "the two
    leading jets", "each of the three highest-pT jets" -> [1, 2(, 3)]; "the leading jet" -> [1];
    "the leading and subleading jets" -> [1, 2]. Nothing when "all"/"any"/"every" object is meant."""
    if obj not in V.PHYSICS_OBJECTS:
        return []
    window = flat[start:end]
    noun = rf"{obj}s?\b"
    if re.search(
        rf"\b(?:all|any|every|each)\s+(?:(?:selected|other|remaining|signal)\s+)?{noun}",
        window,
        re.IGNORECASE,
    ):
        return []
    number = V.NUMBER_WORD_RE
    m = re.search(
        rf"\b{_RANKING}\s+(?P<n>{number})\s+(?:[\w-]+\s+)?{noun}|\b(?P<n2>{number})\s+{_RANKING}\s+(?:[\w-]+\s+)?{noun}",
        window,
        re.IGNORECASE,
    )
    if m:
        word = (m.group("n") or m.group("n2")).lower()
        count = int(NUMBER_WORDS.get(word, word)) if not word.isdigit() else int(word)
        return list(range(1, count + 1)) if 1 <= count <= 8 else []
    words = "|".join(re.escape(w) for w in sorted(V.RANK_WORDS, key=len, reverse=True))
    m = re.search(
        rf"(?<![\w-])(?P<a>{words})\s+(?:and|or)\s+(?P<b>{words})\s+{noun}|(?<![\w-])(?P<c>{words})\s+{obj}\b(?!s)",
        window,
        re.IGNORECASE,
    )
    if m is None or re.match(r"\s+than\b", window[m.end("c") :] if m.group("c") else ""):
        return []
    ranks = [V.RANK_WORDS[w.lower()] for w in (m.group("a"), m.group("b"), m.group("c")) if w]
    return sorted(set(ranks))


def _rank_alternatives(flat: str, start: int, end: int) -> tuple[int, int] | None:
    """ "leading (subleading)" before a constraint: the ranks of a value and its alternative."""
    words = "|".join(re.escape(w) for w in sorted(V.RANK_WORDS, key=len, reverse=True))
    m = re.search(rf"\b({words})\s*\(\s*({words})\s*\)", flat[start:end], re.IGNORECASE)
    if not m:
        return None
    return V.RANK_WORDS[m.group(1).lower()], V.RANK_WORDS[m.group(2).lower()]


def _ranks_for_list(flat: str, var: Mention, n: int, end: int | None = None) -> list[int | None]:
    """ "the three leading leptons ... pT > 20, 15 and 10 GeV" -> ranks 1..3 (rank words before
    the variable or after the values, up to `end`)."""
    window = flat[max(0, var.start - 120) : max(var.end, end or 0) + 60].lower()
    if re.search(r"\b(?:leading|highest|hardest|subleading|first|third|ranked|ordered)\b", window):
        return list(range(1, n + 1))
    return [None] * n


def descending_thresholds(variable: str, values: Sequence[float]) -> bool:
    """ "leptons with pT > 25, 15 and 10 GeV": a falling list of momentum thresholds is one per
    object in pT order (the leading object passes the highest)."""
    return (
        variable in ("pt", "et")
        and len(values) > 1
        and all(a >= b for a, b in zip(values, values[1:], strict=False))
        and values[0] > values[-1]
    )


def _object_list_after(flat: str, position: int, n: int) -> list[str] | None:
    m = re.match(
        r"\s*(?:GeV|MeV|mm)?\s*,?\s*(?:for|of)\s+(?:the\s+)?([\w\s,]+?)(?:,?\s*respectively|[.;)]|$)",
        flat[position:],
        re.IGNORECASE,
    )
    if not m:
        return None
    words = [w for w in re.split(r",\s*|\s+and\s+|\s+or\s+", m.group(1).strip()) if w]
    objects = [_object_word(w.split()[-1]) for w in words]
    if len(objects) != n or any(o is None or o == "nontarget" for o in objects):
        return None
    return [o for o in objects if o]


_IN_UNITS_OF_UNCERTAINTY = re.compile(
    r"\s*(?:\(\s*[\d.]+\s*\)\s*)?times\s+(?:its|the|their)\s+(?:uncertainty|resolution|error)", re.IGNORECASE
)
_RELATIVE_TO_PT = re.compile(
    r"\s*(?:of|relative to|times)\s+the\s+(?:lepton'?s?|electron'?s?|muon'?s?|photon'?s?|candidate'?s?)?\s*(?:own\s+)?"
    r"(?:transverse momentum|transverse energy|p\s?T|E\s?T)",
    re.IGNORECASE,
)


def _isolation_in_words(flat: str, comparator: Comparator, group: ValueGroup) -> Mention | None:
    """ "the summed pT of the other tracks inside a cone ... has to stay under 10% of the lepton's
    transverse momentum" is a relative track isolation (calorimeter: clusters / energy deposits)."""
    relative = group.unit == "%" or _RELATIVE_TO_PT.match(flat, group.end)
    # a sum of what surrounds the object, relative to its momentum, is an isolation
    if not relative or not re.search(r"\bcone\b|\bisolat|\bsum(?:med)?\b|Δ\s?R\b", flat, re.IGNORECASE):
        return None
    start, _ = clause_bounds(flat, comparator.start)
    name = _isolation_kind(flat[start : comparator.start]) or _isolation_kind(flat) or "iso_track"
    return Mention(comparator.start, comparator.start, "variable", name)


def _isolation_kind(text: str) -> str | None:
    """Track, calorimeter or combined (particle-flow) isolation, by what the summed quantity is
    made of: PF candidates, or charged and neutral hadrons together, are the combined one."""
    if re.search(r"\bPF\b|\bparticle-flow\b|\bcharged\b[^.;]{0,40}\bneutral hadrons?\b", text, re.IGNORECASE):
        return "iso_rel"
    calorimeter = re.search(
        r"\bcalorimeter|\bclusters?\b|\benergy deposits?\b|\btopo|\bdeposited\b", text, re.IGNORECASE
    )
    track = re.search(r"\btracks?\b|\btracker\b", text, re.IGNORECASE)
    if calorimeter and not track:
        return "iso_calo"
    if track and not calorimeter:
        return "iso_track"
    return None


_RELATIVE_TO_OBJECT = re.compile(
    r"\s*(?:of|relative to|times)\s+the\s+(electron|muon|photon|lepton|jet|tau)(?:'s|s')?\s", re.IGNORECASE
)


def relative_isolation_object(flat: str, position: int) -> str | None:
    """ "... below 6% of the lepton pT": the object whose momentum the isolation is relative to."""
    m = _RELATIVE_TO_OBJECT.match(flat, position)
    return m.group(1).lower() if m else None


def _objects_named_later(mentions: list[Mention], position: int, limit: int) -> str | None:
    """The physics object(s) a clause names only after the constraint: one kind -> it;
    electrons and muons together -> lepton."""
    later = {
        m.name
        for m in mentions
        if m.kind == "object" and position <= m.start < limit and m.name in V.PHYSICS_OBJECTS
    }
    if not later:
        return None
    if "lepton" in later or {"electron", "muon"} <= later:
        return "lepton"
    if len(later) == 1:
        return next(iter(later))
    return None


def _preferred(candidates: list[Mention], flat: str = "") -> str:
    """The nearest object; "each electron and muon", "muons or electrons" right before it: leptons."""
    nearest = candidates[-1]
    if len(candidates) >= 2 and flat:
        other = candidates[-2]
        if {other.name, nearest.name} == {"electron", "muon"} and re.fullmatch(
            r"\s*(?:,\s*)?(?:and|or|&)\s+(?:the\s+|each\s+|every\s+|all\s+)?", flat[other.end : nearest.start]
        ):
            return "lepton"
    return nearest.name


def _sentence_subject(mentions: list[Mention]) -> str | None:
    """The physics object a sentence is mostly about (carried to the next sentences)."""
    objects = [m.name for m in mentions if m.kind == "object" and m.name in V.PHYSICS_OBJECTS]
    if not objects:
        return None
    return objects[0]


def _section_object(section: str | None) -> str | None:
    if not section:
        return None
    for regex, name in V.OBJECT_RES:
        if name in V.PHYSICS_OBJECTS and regex.search(section):
            return name
    return None


def _default_object(variable: str) -> str | None:
    return {
        "dr": "lepton_pair",
        "vertex_chi2": "quadruplet",
        "met": "event",
        "mt": "event",
        "z0sintheta": "lepton",
        "d0sig": "lepton",
        "d0": "lepton",
        "iso_track": "lepton",
        "iso_calo": "lepton",
        "iso_rel": "lepton",
        "sip3d": "lepton",
    }.get(variable)


def _variable_before(
    mentions: list[Mention], flat: str, position: int, allow_far: bool = False
) -> Mention | None:
    clause_start, _ = clause_bounds(flat, position)
    candidates = [
        m
        for m in mentions
        if m.kind == "variable" and clause_start <= m.start and m.end <= position and not m.definition
    ]
    if not candidates:
        return None
    var = candidates[-1]
    if position - var.end > 140 or (
        _has_comparator_between(flat, var.end, position) and position - var.end > 60 and not allow_far
    ):
        return None
    return var


def _variable_after(mentions: list[Mention], flat: str, position: int) -> Mention | None:
    candidates = [m for m in mentions if m.kind == "variable" and m.start >= position]
    if candidates and candidates[0].start - position <= 30:
        return candidates[0]
    return None


def _inside(spans: Iterable[tuple[int, int]], position: int) -> bool:
    return any(start <= position < end for start, end in spans)


def _has_comparator_between(flat: str, start: int, end: int) -> bool:
    return bool(re.search(r"[<>]|\bless than\b|\bgreater than\b|\babove\b|\bbelow\b", flat[start:end]))


_OTHER_REGION = re.compile(r"\b(?:control|validation|side-?band)\s+(?:regions?|samples?)\b", re.IGNORECASE)

# ", built from all calibrated objects and a soft term," describes how a quantity is made
_APPOSITION = re.compile(
    r",\s*(?:built|computed|calculated|reconstructed|formed|obtained|made|constructed)\s+(?:from|with|using|out of)\b[^,;<>]*,",
    re.IGNORECASE,
)


# a clause whose subject is an efficiency, a resolution or an uncertainty describes it, at any
# distance from the values ("The identification efficiency of this working point rises from 85%
# for pT near 7 GeV to 95% above 20 GeV")
_DESCRIBED_SUBJECT = re.compile(
    r"^\W*(?:the|its|their|this|these|an?)?\s*(?:[\w-]+\s+){0,3}?"
    r"(?:efficienc(?:y|ies)|resolutions?|uncertaint(?:y|ies)|acceptances?|purit(?:y|ies)|fake rates?)\b"
    # the noun heads the subject: "the acceptance requirements are ..." states cuts
    r"(?!\s+(?:requirements?|criteri(?:on|a)|cuts?|selections?|working points?)\b)",
    re.IGNORECASE,
)


# a second predicate of the subject that states a requirement ("Jets are calibrated to the particle
# level and must have pT > 30 GeV"): what the first predicate says (calibration, simulation) is
# no context of the requirement
_REQUIRING_PREDICATE = re.compile(
    r"\band\s+(?:then\s+|also\s+)?(?:(?:must|should|need(?:s)?\s+to|ha(?:ve|s)\s+to|(?:are|is)\s+required\s+to)\s+"
    r"(?:have|satisfy|pass|exceed|fulfil+|lie|be\s+(?:above|below|within|greater|larger|less|smaller|inside|outside|in|at))|"
    r"(?:are|is)\s+(?:kept|selected|accepted|retained)\s+(?:only\s+)?(?:if|when))\b",
    re.IGNORECASE,
)


def _requirement_start(flat: str, start: int, position: int) -> int:
    """Where the requirement around `position` begins: after the last second predicate that
    states one before it, else at `start`."""
    starts = [m.start() for m in _REQUIRING_PREDICATE.finditer(flat, start, position)]
    return starts[-1] if starts else start


def _distracted(flat: str, position: int, strict: bool = True) -> bool:
    """Does the clause around `position` talk about something that is not an offline cut?"""
    start, end = clause_bounds(flat, position)
    if _DESCRIBED_SUBJECT.match(flat, start):
        return True
    if (
        start > 0
        and flat[start - 1] == ":"
        and _OTHER_REGION.search(flat[clause_bounds(flat, start - 1)[0] : start])
    ):
        return True  # "The W control region inverts the muon veto: exactly one muon, ...": its definition
    window = _requirement_start(flat, max(start, position - 70), position)
    clause = _APPOSITION.sub(" ", flat[window : min(end, position + 50)])
    # "five times its uncertainty" is a significance, not an uncertainty statement
    clause = re.sub(
        r"times\s+(?:its|the|their)\s+(?:uncertainty|resolution|error)", " ", clause, flags=re.IGNORECASE
    )
    if strict:
        return bool(V.DISTRACTOR_CONTEXT.search(clause))
    return bool(
        re.search(
            r"\bsimulat|\bgenerat(?:ed|or)|\befficienc|\buncertaint|\bcalibrat|\bscale factor",
            clause,
            re.IGNORECASE,
        )
    )


def _is_distractor_number(flat: str, group: ValueGroup) -> bool:
    """Numbers that are years, luminosities, energies of the collider, uncertainties, references."""
    tail = flat[group.end : group.end + 12]
    if re.match(r"\s*(?:fb|pb|nb|ab)\b|\s*(?:fb|pb)\s?-1|\s*/\s*(?:fb|pb)", tail):
        return True
    if re.match(r"\s*(?:±|\+-|\+/-)", tail):
        return True
    head = flat[max(0, group.start - 12) : group.start]
    if re.search(r"(?:±|\+/-|Fig\.?|Figure|Table|Eq\.?|Section|Sec\.?|Ref\.?|\[)\s*$", head, re.IGNORECASE):
        return True
    value = group.values[0]
    return not group.unit and value.is_integer() and 1900 <= value <= 2100


_REMOVAL_BEFORE = re.compile(
    r"\b(?:reject(?:ed|s)?|remov(?:e|ed|es)|discard(?:ed|s)?|vetoed|exclud(?:e|ed|es)|eliminat(?:e|ed|es)|dropp(?:ed|s)|fail(?:s|ing)?)\b",
    re.IGNORECASE,
)
_REMOVAL_AFTER = re.compile(
    r"[^<>;]{0,70}?\b(?:are|is|be|being|get|gets)\s+(?:then\s+|also\s+|therefore\s+)?"
    r"(?:rejected|removed|discarded|vetoed|excluded|eliminated|dropped|left out|omitted|"
    r"not (?:used|considered|selected|accepted))\b|"
    # "with the transition region 1.37 < |η| < 1.52 left out"
    r"\s*\)?\s*(?:left out|omitted)\b",
    re.IGNORECASE,
)
_KEEPING = re.compile(
    r"\brequired\b|\bmust\b|\bkept\b|\baccepted\b|\bretain|\bselected\b|\brequire[sd]?\b|"
    r"\bmay\b|\bha(?:s|ve) to\b|\bneeds? to\b|\bshould\b",
    re.IGNORECASE,
)


def is_removal(flat: str, start: int, end: int, others: Sequence[tuple[int, int]]) -> bool:
    """Is the constraint flat[start:end] what gets removed ("muons with |d0| above 1 mm are
    rejected", "a quadruplet is discarded if ... below 5 GeV")? Only the words between the
    previous constraint and this one, or a passive "are removed" right after it, count."""
    clause_start, clause_end = clause_bounds(flat, start)
    segment_start = max([clause_start, *[e for s, e in others if e <= start]])
    before = flat[segment_start:start]
    removal_word = _REMOVAL_BEFORE.search(before)
    if removal_word and not _KEEPING.search(before[removal_word.end() :]):
        return True
    following = [s for s, _ in others if s >= end]
    limit = min([clause_end, *following])
    after = flat[end:limit]
    passive = _REMOVAL_AFTER.match(after)
    if not passive:
        return False
    # "electrons need pT above 27 GeV and muons with pT above 25 GeV are rejected": a later
    # constraint, in symbols or in words, takes the passive removal for itself
    return not re.search(r"[<>]", after[: passive.end()]) and not find_comparators(after[: passive.end()])


# --- values that hold only under a condition -------------------------------------------------------

# what a value is said to hold for: "for same-flavour pairs", "when the leading lepton is a muon",
# "within |η| < 2.4", "in the barrel"; the phrase ends at a comma, a parenthesis or a conjunction
_CONDITION = re.compile(
    rf"\s*(?:{UNIT_RE})?(?!\w)\s*\)?\s*,?\s*(?:only\s+)?"
    r"(?P<word>for|when|whenever|if|provided(?:\s+that)?|within|inside|in)\s+"
    r"(?P<cond>(?:[^,;:().]|\.(?=\d))+?)(?=\s*(?:[,;:()]|\.(?!\d)|$)|\s+(?:and|or|while|whereas|but)\s)",
    re.IGNORECASE,
)
# a value for the other case: "... and 5 GeV otherwise", "... and pT > 30 GeV elsewhere"
_OTHER_CASE = re.compile(
    rf"\s*(?:{UNIT_RE})?(?!\w)\s*,?\s*(?:otherwise|elsewhere|else\b|for\s+(?:all\s+)?(?:the\s+)?(?:other|remaining|rest)\b|"
    r"in\s+(?:all\s+)?(?:the\s+)?(?:other|remaining)\b|outside\s+(?:this|that|these|those)\b)",
    re.IGNORECASE,
)
# a region in words: "in the barrel", "in the central region", "in the endcaps"
_REGION_WORD = re.compile(r"\b(?:region|barrel|end-?caps?|forward|central|crack|transition)\b", re.IGNORECASE)
_QUANTIFIED = re.compile(r"^(?:all|each|every|any|both)\b", re.IGNORECASE)
_DETERMINER = re.compile(r"^(?:the|all|each|every|both|any|either|its|their|of)\s+", re.IGNORECASE)
_FLAVOURED = re.compile(
    r"\b(?:same|different|opposite)[- ](?:lepton[- ])?flavou?r(?:ed)?\b|\bSFOS\b|\bOSSF\b", re.IGNORECASE
)
# words that qualify the objects a value is for without restricting them further
_PLAIN_QUALIFIERS = {
    "selected", "signal", "candidate", "good", "reconstructed", "identified", "isolated", "prompt",
    "baseline", "charged", "opposite-sign", "opposite-charge", "remaining", "final",
}  # fmt: skip
# whole phrases that name what a value is for without a condition: "for both", "for this analysis"
_PLAIN_WHOM = re.compile(
    r"(?:them|both|either|each|one|(?:selected\s+)?events?|(?:selected\s+)?candidates?|objects?|"
    r"(?:this|the)\s+(?:analysis|measurement|search|selection|study|signal region))$",
    re.IGNORECASE,
)
# what may follow the objects named: "for all jets with pT > 30 GeV", "for jets in the event"
_OBJECT_TAIL = re.compile(
    r"^(?:$|(?:with|that|which|having|passing|satisfying|selected|considered|used)\b|"
    r"in\s+(?:the|each|an?)\s+events?\b|of\s+the\s+event\b|(?:and|or)\s)",
    re.IGNORECASE,
)
_PAIR_HEAD = re.compile(r"^(?:(?:lepton|dilepton|muon|electron)\s+)?pairs?\b(?:\s+of\s+\w+)?", re.IGNORECASE)


def names_whom(condition: str, variable: str) -> bool:
    """Does a "for ..." phrase after a value name the objects the value is for ("for electrons",
    "for the leading lepton", "for all same-flavour pairs", "for every selected jet"), rather than
    a condition the cut cannot carry ("for same-flavour pairs", "for central jets", "for
    |η| < 2.4")? A flavour qualifies a ΔR cut (it carries one) or a quantified pair ("all SFOS
    pairs"); elsewhere it is a condition."""
    text = " ".join(condition.split())
    quantified = bool(_QUANTIFIED.match(text))
    while _DETERMINER.match(text):
        text = _DETERMINER.sub("", text, count=1)
    if _FLAVOURED.search(text):
        if not (quantified or variable == "dr"):
            return False
        text = " ".join(_FLAVOURED.sub(" ", text).split())
        if not text:
            return True  # "for same-flavour (different-flavour) leptons": the object follows
    if _PLAIN_WHOM.match(text):
        return True
    words = text.split()
    while words and (
        words[0].lower() in _PLAIN_QUALIFIERS
        or words[0].lower() in V.RANK_WORDS
        or words[0].lower() in NUMBER_WORDS
        or words[0].isdigit()
    ):
        words = words[1:]
    text = " ".join(words)
    pair = _PAIR_HEAD.match(text)
    if pair:
        return quantified or variable == "dr"
    if not words or _object_word(words[0], letters=True) not in V.PHYSICS_OBJECTS:
        return False
    head = next((m for regex, _ in V.OBJECT_RES if (m := regex.match(text))), None)
    rest = text[head.end() :].strip() if head else " ".join(words[1:])
    return bool(_OBJECT_TAIL.match(rest))


def condition_spans(
    flat: str, mentions: list[Mention], consumed: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where a sentence states values that hold only under a condition a cut cannot carry; the
    constraints inside (the value and the condition's own bounds) are not cuts. "m34 > 12 GeV for
    same-flavour pairs", "pT > 25 GeV within |η| < 2.4": from the value to the condition's end;
    "pT > 25 GeV for |η| < 2.47, excluding 1.37 < |η| < 1.52, and 30 GeV elsewhere": from the
    conditioned value (or the first value of the same kind) to the value for the other case."""
    spans: list[tuple[int, int]] = []
    valued: list[tuple[Comparator, ValueGroup, bool]] = []
    for comparator in find_comparators(flat):
        group = parse_values(flat, comparator.end)
        if group is None or _inside(consumed, group.start) or _channels_after(flat, group.end, []):
            continue
        end = _condition_end(flat, mentions, comparator, group)
        valued.append((comparator, group, end is not None))
        if end is not None:
            spans.append((comparator.start, end))
        other = _OTHER_CASE.match(flat, group.end)
        if other:
            start = _conditioned_start(flat, valued, comparator, group)
            spans.append((start, other.end()))
    return spans


def _condition_end(
    flat: str, mentions: list[Mention], comparator: Comparator, group: ValueGroup
) -> int | None:
    """The end of the condition a value is stated under, or None when there is none."""
    m = _CONDITION.match(flat, group.end)
    if m is None:
        return None
    word, condition = m.group("word").lower(), m.group("cond")
    # "for 1.37 < |η| < 1.52": the condition's own bounds belong to it (and end with it)
    compared = bool(re.search(r"[<>]|\bbelow\b|\babove\b", condition))
    end = m.end()
    if word in ("in", "within", "inside"):
        return end if compared or _REGION_WORD.search(condition) else None
    if word != "for":
        # "when the leading lepton is a muon" is a condition; "... if they meet the medium
        # identification" is one more requirement of the objects
        return None if V.REQUIREMENT_VERB.search(condition) or re.search(r"\bfulfil", condition) else end
    var = next((x for x in reversed(mentions) if x.kind == "variable" and x.end <= comparator.start), None)
    return None if names_whom(condition, var.name if var else "") else end


def _conditioned_start(
    flat: str, valued: list[tuple[Comparator, ValueGroup, bool]], comparator: Comparator, group: ValueGroup
) -> int:
    """Where the case that "otherwise" / "elsewhere" contrasts begins: the last conditioned value
    of the clause before it, else the first value of the clause of the same kind (unit)."""
    clause_start, _ = clause_bounds(flat, comparator.start)
    earlier = [(c, g, cond) for c, g, cond in valued[:-1] if c.start >= clause_start]
    conditioned = [c for c, _, cond in earlier if cond]
    if conditioned:
        return conditioned[-1].start
    kind = to_canonical(1.0, group.unit)[1] if group.unit else ""
    same = [c for c, g, _ in earlier if (to_canonical(1.0, g.unit)[1] if g.unit else "") == kind]
    if not same:
        return comparator.start
    window = re.search(rf"({NUMBER})\s*(?:{UNIT_RE})?\s*<=?\s*\S+\s*$", flat[clause_start : same[0].start])
    return clause_start + window.start() if window else same[0].start


# "Electrons: E_T > 20 GeV, |η| < 2.47, loose likelihood identification": a line that defines an
# object by a list of properties, without a verb. Its items are requirements of the object.
_DEFINED_HEAD = re.compile(r"^\s*(?P<head>[^:;,.<>=\d]{2,60}?)\s*:\s+")
_ITEM_SEPARATOR = re.compile(r"\s*[,;]\s*(?:and\s+)?")
_THRESHOLD_ITEM = re.compile(r"(?:[<>]=?|[≤≥])\s*-?\d")
_WORKING_POINT_ITEM = re.compile(r"^(?:an?\s+|the\s+)?(?:very loose|loose|medium|tight)\b", re.IGNORECASE)
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|gives?|yields?|reach(?:es)?|var(?:y|ies)|depends?)\b", re.IGNORECASE
)


def _items(flat: str, start: int) -> list[tuple[int, int]]:
    """The comma- or semicolon-separated items of `flat` from `start` on (not inside brackets)."""
    items: list[tuple[int, int]] = []
    depth, begin = 0, start
    for i in range(start, len(flat)):
        if flat[i] in "([":
            depth += 1
        elif flat[i] in ")]":
            depth -= 1
        elif flat[i] in ",;" and depth <= 0 and (separator := _ITEM_SEPARATOR.match(flat, i)):
            items.append((begin, i))
            begin = separator.end()
    items.append((begin, len(flat.rstrip(". "))))
    return [(s, e) for s, e in items if e > s]


def definition_working_points(flat: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """The working-point items ("loose likelihood identification") of a verb-less definition
    line: an object named before a colon, then a list of at least one threshold and such items.
    An item that says something of the working point (a verb: "the loose identification is 90%
    efficient") is no requirement; nor is a list without a threshold."""
    head = _DEFINED_HEAD.match(flat)
    if head is None or _OTHER_REGION.search(head.group("head")):
        return []  # "W control region: exactly one muon, ...": another region's definition
    if not any(
        m.kind == "object" and m.name in V.PHYSICS_OBJECTS for m in mentions if m.end <= head.end("head")
    ):
        return []
    items = _items(flat, head.end())
    if not any(_THRESHOLD_ITEM.search(flat, s, e) for s, e in items):
        return []
    return [
        (s, e)
        for s, e in items
        if _WORKING_POINT_ITEM.match(flat[s:e]) and not _FINITE_VERB.search(flat, s, e)
    ]
