"""Where an English word may be split at a line end (a small rule-based hyphenator).

Rules: never within the first two or last three letters; split between two vowels' consonant
cluster before its last consonant (or before a permitted onset such as "tr", "pl", "str"), or
before a single consonant between vowels. A list of explicit patterns covers words the rules
split badly. Only lower-case alphabetic words of six or more letters are hyphenated.
"""

from __future__ import annotations

from functools import lru_cache

VOWELS = frozenset("aeiouy")
ONSETS = frozenset(
    {
        "bl",
        "br",
        "cl",
        "cr",
        "dr",
        "fl",
        "fr",
        "gl",
        "gr",
        "pl",
        "pr",
        "tr",
        "ch",
        "ph",
        "sh",
        "th",
        "wh",
        "qu",
        "str",
        "thr",
        "chr",
        "sc",
    }
)
# Words the rules would split badly: hyphenation points marked with "-".
EXPLICIT = {
    word.replace("-", ""): word
    for word in (
        "iso-la-tion",
        "iden-ti-fi-ca-tion",
        "re-con-struc-tion",
        "re-quire-ment",
        "re-quire-ments",
        "mea-sure-ment",
        "mea-sure-ments",
        "cal-ori-me-ter",
        "calo-ri-me-ters",
        "trans-verse",
        "elec-tron",
        "elec-trons",
        "sig-nif-i-cance",
        "ef-fi-ciency",
        "ef-fi-cien-cies",
        "lu-mi-nos-ity",
        "sim-u-la-tion",
        "sim-u-lated",
        "can-di-date",
        "can-di-dates",
        "thresh-old",
        "thresh-olds",
        "mo-men-tum",
        "mo-menta",
        "par-ti-cle",
        "par-ti-cles",
        "dis-tri-bu-tion",
        "dis-tri-bu-tions",
        "col-li-sion",
        "col-li-sions",
        "se-lec-tion",
        "se-lected",
        "in-vari-ant",
        "op-po-site",
        "ac-cep-tance",
        "ex-pe-ri-ment",
        "de-tec-tor",
        "quad-ru-plet",
        "quad-ru-plets",
        "sep-a-ra-tion",
        "back-ground",
        "back-grounds",
        "re-quired",
        "pseu-do-ra-pid-ity",
        "am-bi-gu-ity",
        "con-tri-bu-tions",
        "de-scribed",
        "sys-tem-atic",
        "sta-tis-ti-cal",
        "un-cer-tainty",
        "un-cer-tain-ties",
        "gen-er-a-tor",
        "per-for-mance",
        "like-li-hood",
        "pa-ram-e-ter",
        "pa-ram-e-ters",
        "ver-tex",
        "ver-tices",
        "ad-di-tion-al",
        "ad-di-tion-ally",
        "com-bi-na-tion",
        "cor-re-spond-ing",
        "pri-mary",
        "re-con-structed",
        "dis-crim-i-nant",
        "in-ter-ac-tion",
        "in-ter-ac-tions",
        "di-lep-ton",
        "tri-lep-ton",
        "four-lep-ton",
        "lep-tons",
        "lep-ton",
        "cross-sec-tion",
        "iso-lated",
        "sur-round-ing",
        "nor-mal-ised",
        "ex-clud-ing",
        "in-ter-val",
        "ap-prox-i-mately",
        "match-ing",
    )
}


def _split_points(word: str) -> list[int]:
    lower = word.lower()
    if lower in EXPLICIT:
        points, offset = [], 0
        for part in EXPLICIT[lower].split("-")[:-1]:
            offset += len(part)
            points.append(offset)
        return points
    points = []
    i = 0
    n = len(lower)
    while i < n:
        if lower[i] in VOWELS:
            j = i + 1
            while j < n and lower[j] not in VOWELS:
                j += 1
            cluster = lower[i + 1 : j]
            if j < n and cluster:  # vowel, consonants, vowel
                if len(cluster) == 1:
                    points.append(i + 1)
                else:
                    cut = len(cluster) - 1
                    for onset_length in (3, 2):
                        if len(cluster) > onset_length and cluster[-onset_length:] in ONSETS:
                            cut = len(cluster) - onset_length
                            break
                    if cluster in ONSETS:  # the whole cluster starts the next syllable
                        cut = 0
                    points.append(i + 1 + cut)
            i = j
        else:
            i += 1
    return points


@lru_cache(maxsize=4096)
def hyphenation_points(word: str) -> tuple[int, ...]:
    """Indices where `word` may be split ("isolation" -> (3, 5)); empty if it must not be."""
    if len(word) < 6 or not word.isalpha() or not word[1:].islower():
        return ()
    lower = word.lower()
    points = set(_split_points(word))
    if lower.endswith("ed") and lower[-3] not in VOWELS:  # "estimated", never "estima-ted"
        points.discard(len(word) - 3)
    if lower.endswith("ing"):  # "follow-ing"
        points.discard(len(word) - 4)
        points.add(len(word) - 3)
    return tuple(sorted(p for p in points if 2 <= p <= len(word) - 3))
