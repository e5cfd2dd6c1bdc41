"""The words the miner understands: objects, variables, comparators, working points, distractors.

Every rule of the miner is keyed on this vocabulary (how physicists write cuts), never on the
sentences of one paper. Patterns run on `text.fold`ed, subscript-flattened sentence text.
"""

from __future__ import annotations

import re

# --- objects ----------------------------------------------------------------------------------
# pattern -> object name; "nontarget" objects (tracks, vertices, clusters) own their thresholds:
# a threshold attached to them is not a selection cut on a physics object.
OBJECT_PATTERNS: list[tuple[str, str]] = [
    (r"\bquadruplets?\b|\bfour-lepton\b|\b4-?lepton\b|\b4ℓ\b|\b4l\b|\blepton quadruplets?\b", "quadruplet"),
    (r"\bdiphotons?\b|\bphoton pairs?\b|\btwo-photon\b", "diphoton"),
    (
        r"\bdi-?(?:lepton|electron|muon)s?\b|\blepton pairs?\b|\btwo-lepton\b",
        "dilepton",
    ),
    (r"\belectrons?\b", "electron"),
    (r"\bmuons?\b", "muon"),
    (r"\bleptons?\b|ℓ", "lepton"),
    (r"\bphotons?\b", "photon"),
    (r"\btaus?\b|\bτ(?:[- ]?leptons?)?\b|\bhadronic tau\b", "tau"),
    (r"\bjets?\b", "jet"),
    (
        r"\btracks?\b|\bclusters?\b|\bcells?\b|\bhits?\b|\bvertex\b|\bvertices\b|\bconstituents?\b|\btowers?\b|"
        r"\bdiscriminants?\b|\bclassifier (?:outputs?|scores?)\b",
        "nontarget",
    ),
]
OBJECT_RES = [(re.compile(p, re.IGNORECASE), name) for p, name in OBJECT_PATTERNS]
PHYSICS_OBJECTS = ("electron", "muon", "lepton", "jet", "photon", "tau")

# --- variables -------------------------------------------------------------------------------
# pattern -> (variable, implied object or None). Matched on flattened text ("m_{12}" -> "m12").
_DPHI = r"\|?\s?(?:min\s?)?Δ\s?φ\s?(?:min\s?)?"
_MET = r"(?:E\s?T\s?miss|p\s?T\s?miss|MET|missing transverse (?:momentum|energy))"
_PAIR = r"(?:ℓ\s?ℓ|ll|ee|μ\s?μ|e\s?μ|μ\s?e)"
# "jet", "j", "j1", "j_{1,2}" (the numbers rank the jets)
_JETS = r"(?:jets?|j)\s?(?:\d(?:\s?,\s?\d)*)?"
# the object and its rank written as a script of the symbol: "p_T^{j1}" -> "pTj1", "|η^{j1}|",
# "p_{T,j2}", "E_T^{γ}", "p_T^{lead}"; a pattern's groups "obj" and "rank" name them
SCRIPT_OBJECTS = {
    "jet": "jet",
    "j": "jet",
    "lep": "lepton",
    "ℓ": "lepton",
    "l": "lepton",
    "e": "electron",
    "μ": "muon",
    "γ": "photon",
    "τ": "tau",
}
SCRIPT_RANKS = {"lead": 1, "sublead": 2, "1": 1, "2": 2, "3": 3, "4": 4}


def _script(tag: str = "") -> str:
    """The script pattern, its groups named obj<tag> and rank<tag> (one tag per alternative)."""
    return (
        rf",?(?:(?P<obj{tag}>jet|lep|j|ℓ|l|e|μ|γ|τ)|(?=[1-4]|lead|sublead))"
        rf"(?P<rank{tag}>[1-4](?!\.\d)|lead|sublead)?(?!\w)"
    )


VARIABLE_PATTERNS: list[tuple[str, str, str | None]] = [
    (r"missing transverse (?:momentum|energy)|\bE\s?T\s?miss\b|\bETmiss\b|\bMET\b", "met", "event"),
    (r"\btransverse mass\b|\bmT\b|\bm\s?T\b(?=\s*[<>])", "mt", None),
    (r"\b[pE]\s?T\s?/\s?m\s?(?:γγ|gg)\b|\b[pE]T\s?/\s?m\b", "pt_over_mass", "photon"),
    # azimuthal separation: "|Δφ_ℓℓ|", "Δφ(ℓ, ℓ)", "azimuthal separation / opening angle"
    # separation of an object from the missing momentum: "Δφ(jet, E_T^miss)", "Δφ(ℓ, p_T^miss)"
    (
        rf"{_DPHI}\(\s?{_JETS}\s?,\s?{_MET}\s?\)\s?\|?|{_DPHI}\(\s?{_MET}\s?,\s?{_JETS}\s?\)\s?\|?",
        "dphi_met",
        "jet",
    ),
    (
        rf"{_DPHI}\(\s?(?:ℓ|l|leptons?)\s?,\s?{_MET}\s?\)\s?\|?|{_DPHI}\(\s?{_MET}\s?,\s?(?:ℓ|l|leptons?)\s?\)\s?\|?",
        "dphi_met",
        "lepton",
    ),
    (rf"{_DPHI}\(\s?(?:γ|photons?)\s?,\s?{_MET}\s?\)\s?\|?", "dphi_met", "photon"),
    # a two-object system from the missing momentum: "Δφ(ℓℓ, E_T^miss)", "Δφ(p_T^miss, γγ)"
    (
        rf"{_DPHI}\(\s?{_PAIR}\s?,\s?{_MET}\s?\)\s?\|?|{_DPHI}\(\s?{_MET}\s?,\s?{_PAIR}\s?\)\s?\|?",
        "dphi_met",
        "dilepton",
    ),
    (
        rf"{_DPHI}\(\s?γ\s?γ\s?,\s?{_MET}\s?\)\s?\|?|{_DPHI}\(\s?{_MET}\s?,\s?γ\s?γ\s?\)\s?\|?",
        "dphi_met",
        "diphoton",
    ),
    (
        r"\|?\s?Δ\s?φ\s?(?:\(\s?ℓ\s?,\s?ℓ\s?\)|ℓ\s?ℓ|ll|ee|μμ|eμ)\s?\|?|\bDelta\s?phi\s?(?:ll)\b",
        "dphi",
        "dilepton",
    ),
    (
        r"\|?\s?Δ\s?φ\s?(?:\(\s?γ\s?,\s?γ\s?\)|γ\s?γ)\s?\|?",
        "dphi",
        "diphoton",
    ),
    (
        r"\|?\s?Δ\s?φ\b\s?\|?|\bDelta\s?phi\b|\bazimuthal (?:separation|distance|difference|opening angle|angle)\b|"
        r"\bopening angle in the transverse plane\b",
        "dphi",
        None,
    ),
    # transverse momentum of the pair: "pT^ℓℓ", "dilepton transverse momentum"
    (
        r"\bp\s?T\s?(?:ℓ\s?ℓ|ll|ee|μμ|eμ)(?!\w)|\bp\s?T\s?\(\s?ℓ\s?ℓ\s?\)|\bdi-?(?:lepton|electron|muon) (?:transverse momentum|p\s?T)\b",
        "pt",
        "dilepton",
    ),
    (
        r"\bz\s?0\s?(?:sin|·\s?sin|×\s?sin)\s?\(?\s?(?:θ|theta)\)?|\blongitudinal impact parameters?\b",
        "z0sintheta",
        None,
    ),
    # the significance of the three-dimensional impact parameter: "|SIP_{3D}|", "3D impact
    # parameter significance" (before d0sig, which "impact parameter significance" would match)
    (
        r"\|?\s?SIP\s?_?\{?\s?3\s?D\s?\}?\s?\|?|\b(?:three-dimensional|3\s?-?D)\s+impact[- ]parameter\s+significances?\b|"
        r"\bsignificances? of the (?:three-dimensional|3\s?-?D) impact parameters?\b",
        "sip3d",
        None,
    ),
    # the combined (particle-flow) relative isolation: "I_{rel}", "relative isolation",
    # "PF isolation"; track- or calorimeter-only sums have patterns of their own below
    (
        r"\bI\s?rel\b|\b(?:relative|combined)\s+(?:(?:PF|particle-flow)\s+)?isolation\b|"
        r"\b(?:PF|particle-flow)[- ](?:based\s+)?(?:relative\s+)?isolation\b",
        "iso_rel",
        None,
    ),
    (
        r"\|?\s?d\s?0\s?\|?\s?/\s?σ\s?\(?\s?d\s?0\s?\)?|\|?\s?d\s?0\s?\|?\s?/\s?σ\s?d\s?0|\bd\s?0\s+significance|"
        r"\bimpact[- ]parameter significances?\b|\bsignificance of the transverse impact parameter|\bS\s?\(\s?d\s?0\s?\)",
        "d0sig",
        None,
    ),
    (r"\|\s?d\s?0\s?\||\btransverse impact parameters?\b|\bd\s?0\b", "d0", None),
    (
        r"\btrack[- ](?:based )?isolation\b|\bp\s?T\s?var\s?cone\s?\d*|\bptvarcone\d*|\bp\s?T\s?cone\s?\d*|\bptcone\d*",
        "iso_track",
        None,
    ),
    (
        r"\bcalorimeter[- ](?:based )?isolation\b|\btopo\s?et\s?cone\s?\d*|\bE\s?T\s?cone\s?\d*|\betcone\d*|\btopoetcone\d*",
        "iso_calo",
        None,
    ),
    (r"\bχ\s?\^?\s?2\b|\bchi\s?\^?\s?2\b|\bchi-squared?\b", "vertex_chi2", "quadruplet"),
    (r"\bΔ\s?R\b|\bDelta\s?R\b|\bdR\b|\bangular (?:separation|distance)\b", "dr", None),
    (
        r"\|\s?η\s?\||\|\s?eta\s?\||\babsolute pseudorapidity\b|\bpseudorapidity\b|\bη\b|\|\s?y\s?\|",
        "abs_eta",
        None,
    ),
    # the scalar sum of the jets' transverse momenta: "H_T", "scalar sum of jet pT",
    # "the scalar sum H_T of the transverse momenta of all jets"
    (
        r"(?i:\bscalar (?:sum|p\s?T sum|transverse momentum sum)(?:\s?,?\s?H\s?T\s?,?)?\s+of\s+(?:the\s+)?"
        r"(?:jet (?:transverse momenta|transverse momentum|p\s?T)\b|(?:(?:transverse momenta|transverse momentum|p\s?T)"
        r"(?: values)?\s+of\s+)?(?:all\s+)?(?:the\s+)?(?:[\w-]+\s+)?jets\b))|\bH\s?T\b(?!\s?miss)",
        "ht",
        "event",
    ),
    (rf"\bp\s?T{_script()}", "pt", None),
    (rf"\bE\s?T{_script()}", "et", None),
    (rf"\|\s?η{_script()}\s?\||\bη{_script('_bare')}", "abs_eta", None),
    (
        r"\bp\s?T\b|\bp\s?t\b(?=\s*[<>])|\b[Tt]ransverse[- ]momentum\b|\b[Tt]ransverse[- ]momenta\b",
        "pt",
        None,
    ),
    (r"\bE\s?T\b|\btransverse energy\b|\btransverse energies\b", "et", None),
    (r"\bm\s?12\b|\bm\s?Z\s?1\b|\bleading(?:-| )pair mass\b", "mass", "z1"),
    (r"\bm\s?34\b|\bm\s?Z\s?2\b|\bsubleading(?:-| )pair mass\b", "mass", "z2"),
    (
        r"\bm\s?4\s?(?:ℓ|l|lep)\b|\bm\s?(?:eeee|μμμμ|2e2μ)\b|\bfour-lepton (?:invariant )?mass\b",
        "mass",
        "quadruplet",
    ),
    (r"\bm\s?(?:γγ|gg)\b|\bdiphoton (?:invariant )?mass\b", "mass", "diphoton"),
    (
        r"\bm\s?\(?\s?(?:ℓ\s?ℓ'?|ll|ee|μμ|e\s?e|μ\s?μ|ℓ\s?\+\s?ℓ\s?-|ℓℓ)\s?\)?|\bdi-?(?:lepton|electron|muon) (?:invariant )?mass\b",
        "mass",
        "dilepton",
    ),
    (r"\binvariant mass(?:es)?\b|\bmass(?:es)?\b", "mass", None),
    (r"\benergy\b", "energy", None),
]
VARIABLE_RES = [
    (re.compile(p, re.IGNORECASE if v not in ("pt", "et", "mt", "abs_eta", "ht") else 0), v, o)
    for p, v, o in VARIABLE_PATTERNS
]
DIMENSION = {
    "pt": "GeV",
    "et": "GeV",
    "mass": "GeV",
    "met": "GeV",
    "mt": "GeV",
    "ht": "GeV",
    "energy": "GeV",
    "d0": "mm",
    "z0sintheta": "mm",
}

# --- comparators (folded text: ≥ is ">=", dashes are "-") ---------------------------------------
COMPARATOR_PATTERNS: list[tuple[str, str]] = [
    (
        r">=|=>|\bat least\b|\bno (?:less|fewer|lower|smaller) than\b|\bnot (?:less|lower|smaller) than\b|"
        r"\bgreater than or equal to\b|\blarger than or equal to\b|\ba minimum of\b|\bminimum of\b|"
        # "a lower bound of 65 GeV is placed on their transverse energy"
        r"\blower (?:bound|limit|cut)\s+(?:of|at)\b(?=\s*\d)",
        ">=",
    ),
    (
        r"<=|=<|\bat most\b|\bno (?:more|greater|larger|higher) than\b|\b(?:may|must|should|can|does|do|to) not exceed\b|\bnot (?:more|greater|larger|higher) than\b|"
        r"\bless than or equal to\b|\bsmaller than or equal to\b|\bnot exceeding\b|\bup to\b|\ba maximum of\b|\bmaximum of\b|"
        r"\bupper (?:bound|limit|cut)\s+(?:of|at)\b(?=\s*\d)",
        "<=",
    ),
    (
        r"(?<![<>=-])>(?![=>])|\bgreater than\b|\blarger than\b|\bhigher than\b|\bmore than\b|\babove\b|\bexceeds?\b|"
        r"\bexceeding\b|\bexceeded\b|\bin excess of\b|\bover\b(?=\s*\d)|\bbigger than\b|\bsurpass(?:es|ing|ed)?\b|"
        # "pT thresholds of 20, 15 and 10 GeV" (a lower threshold unless said otherwise)
        r"(?<!upper )(?<!maximum )(?<!max\. )\bthresholds?\s+(?:of|at)\b(?=\s*\d)|"
        # "the pT threshold is (of) 27 GeV for electrons": the value stated as what the threshold is
        r"(?<!upper )(?<!maximum )(?<!max\. )\bthresholds?\s+(?:is|are|was|were)\s+(?:set\s+(?:to|at)\s+)?(?:of\s+)?"
        r"(?=\d)|"
        # "the thresholds on the lepton pT are 27 GeV for electrons": the variable named between;
        # only the verb (group "at") is the comparator, so the variable stays before it
        r"(?<!upper )(?<!maximum )(?<!max\. )\bthresholds?\s+(?:on|for|of|applied\s+to|imposed\s+on)\s+(?!\d)"
        r"[^.;:,<>=\d]{1,40}?\s(?P<at>(?:is|are|was|were)\s+(?:set\s+(?:to|at)\s+)?(?:of\s+)?)(?=\d)",
        ">",
    ),
    (
        r"(?<![<>=-])<(?![=<-])|\bless than\b|\bsmaller than\b|\b(?:smaller|less|lower) in (?:magnitude|absolute value) than\b|\blower than\b|\bbelow\b|\bunder\b(?=\s*\d)|\bwithin\b(?=\s*\d)",
        "<",
    ),
]
COMPARATOR_RES = [(re.compile(p, re.IGNORECASE), op) for p, op in COMPARATOR_PATTERNS]
INVERTED = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}

# --- words ----------------------------------------------------------------------------------
RANK_WORDS = {
    "leading": 1,
    "highest": 1,
    "higher": 1,
    "higher-pt": 1,
    "highest-pt": 1,
    "hardest": 1,
    "harder": 1,
    "more energetic": 1,
    "softer": 2,
    "first": 1,
    "subleading": 2,
    "sub-leading": 2,
    "second": 2,
    "next-to-leading": 2,
    "second-highest": 2,
    "third": 3,
    "third-highest": 3,
    "fourth": 4,
}
WORKING_POINTS = ("very loose", "loose", "medium", "tight")
CHANNELS = [
    (r"4\s?μ|4\s?mu\b|μμμμ", "4mu"),
    (r"2e\s?2\s?μ|2e2mu|eeμμ", "2e2mu"),
    (r"2\s?μ\s?2e|2mu2e|μμee", "2mu2e"),
    (r"(?<![\w.])4e\b|eeee", "4e"),
]
CHANNEL_RES = [(re.compile(p, re.IGNORECASE), c) for p, c in CHANNELS]
TRIGGER_KINDS = [
    (r"single[- ]?lepton", "single_lepton"),
    (r"single[- ]?electron", "single_electron"),
    (r"single[- ]?muon", "single_muon"),
    # "dilepton" or, as CMS writes, "double-lepton" (and "triple-lepton")
    (r"\bdi-?lepton|\bdouble[- ]?lepton", "dilepton"),
    (r"\btri-?lepton|\btriple[- ]?lepton", "trilepton"),
    (r"\bdi-?electron|\bdouble[- ]?electron", "dielectron"),
    (r"\bdi-?muon|\bdouble[- ]?muon", "dimuon"),
    (r"\bdi-?photon|\bdouble[- ]?photon", "diphoton"),
    (r"electron[- ]muon|\be-?μ\b", "electron_muon"),
    (r"single[- ]?photon", "single_photon"),
    (
        r"missing[- ]transverse[- ]momentum triggers?|E\s?T\s?miss triggers?|\bMET triggers?|"
        r"\btriggers?\s+(?:on|based on|that (?:select|fire) on)\s+(?:the\s+|large\s+)?(?:missing transverse (?:momentum|energy)|E\s?T\s?miss)",
        "met",
    ),
    (r"\bmultijet|\bjet trigger", "jet"),
]
TRIGGER_RES = [(re.compile(p, re.IGNORECASE), k) for p, k in TRIGGER_KINDS]

# A clause that talks about these is not stating an offline selection cut.
DISTRACTOR_CONTEXT = re.compile(
    r"\bcover(?:s|ed|ing|age)?\b|\bresolutions?\b|\befficienc|\buncertaint|\bsystematic|\bsimulat|"
    r"\bgenerat(?:ed|or|ors|ion)\b|\bcalibrat|\bluminosit|\bcross[- ]sections?\b|\bpile-?up\b|\bbunch|"
    r"\btrigger|\bradius\b|\bradii\b|\bthick|\bsolenoid|\bmagnet|\btesla\b|\binstrumented\b|\bgranularity\b|"
    r"\bdata[- ]taking\b|\bcollected\b|\brecorded\b|\bfit range\b|\bbinning\b|\bbin width|\bhistogram|"
    r"\bcentre-of-mass\b|\bcenter-of-mass\b|√\s?s|\bfb\s?-1|\bfb\^-1|\bpb\b|\bfb\b|\bnb\b|"
    r"\bcontrol regions?\b|\bvalidation regions?\b|\b(?:control|validation) samples?\b|"
    # requirements of another analysis, quoted for comparison
    r"\b(?:earlier|previous|former|prior|older)\s+(?:[\w-]+\s+)?(?:search|searches|analysis|analyses|measurements?|stud(?:y|ies)|publications?|papers?)\b|"
    r"\b(?:serves?|serving|used|is used|are used) (?:only )?to (?:validate|check|cross-check)\b|\bsideband|\bextrapolat|\bweighted\b|\bmeasured\b|"
    r"\b(?:Fig(?:ure)?s?|Tables?|Eqs?|Equations?)\.?\s?\(?\d|\bspans?\b|\bextends?\b|\bsegmented\b|\bpixel layers?\b",
    re.IGNORECASE,
)
ONE_LEPTON_PAIR = re.compile(
    r"\b(?:two|2)\s+(?:[\w-]+\s+){0,2}?(?:leptons|electrons|muons)\b|\blepton pair\b|\bpair of (?:[\w-]+\s+){0,2}?(?:leptons|electrons|muons)\b|"
    r"\bdi-?(?:lepton|electron|muon)\b|\b(?:one|an) electron and (?:one|a) muon\b|\b(?:one|a) muon and (?:one|an) electron\b",
    re.IGNORECASE,
)
SAME_FLAVOUR = re.compile(r"\bsame[- ]flavou?r\b|\bsame lepton flavou?r\b", re.IGNORECASE)
DIFFERENT_FLAVOUR = re.compile(
    r"\b(?:different|opposite)[- ](?:lepton[- ])?flavou?rs?\b|\bone electron and one muon\b|\ban electron and a muon\b",
    re.IGNORECASE,
)
OPPOSITE_CHARGE = re.compile(
    r"\bopposite(?:ly)?[- ](?:sign|signs|charge|charges|charged)\b|\bopposite (?:electric )?charges?\b|"
    r"\bcharges? (?:that )?(?:add|sum) (?:up )?to zero\b|\bzero (?:net |total )?charge\b|\bneutral pair\b",
    re.IGNORECASE,
)
SELECTION_CAPTION = re.compile(r"\b(?:selection|requirements?|cuts?|criteria)\b", re.IGNORECASE)
NON_SELECTION_CAPTION = re.compile(
    r"\befficienc|\buncertaint|\byields?\b|\bexpected\b|\bobserved\b|\bsystematic|\bfractions?\b|\bresolution",
    re.IGNORECASE,
)
REQUIREMENT_VERB = re.compile(
    r"\bmust\b|\brequir|\bsatisf|\bpass(?:es|ing)?\b|\bselect|\bapplied\b|\bapply\b|\buses?\b|\bused\b|\bchosen\b|\bmeet\b|"
    r"\bretain|\bkeep\b|\bkept\b|\baccept(?:s|ed)?\b|\bdemand",
    re.IGNORECASE,
)
WP_DEFINITION = re.compile(
    # "with the tight ..." defines a working point unless objects are selected with it
    r"\b(?:for|of|in|(?<!selected )(?<!identified )(?<!accepted )(?<!chosen )(?<!kept )with) the (?:very loose|loose|medium|tight)\b|\b(?:very loose|loose|medium|tight) (?:\w+ )?(?:working|operating) "
    r"points?,? (?:which )?(?:\w+ly )?(?:requires|is defined|uses|accepts|adds|is designed|is meant|keeps|rejects|is intended|is not used)",
    re.IGNORECASE,
)
SELECTION_SECTION = re.compile(
    r"selection|\bcuts?\b|requirement|object|reconstruction|identification|definition|criteria|candidate|isolation|"
    r"impact param|electron|muon|photon|lepton|\bjets?\b|trigger|pairing",
    re.IGNORECASE,
)
NON_SELECTION_SECTION = re.compile(
    r"abstract|introduction|detector|simulat|monte carlo|\bsamples?\b|background|systematic|uncertaint|\bresults?\b|"
    r"conclusion|^\W*\d*\s*summary\b|outlook|categor|signal model|resolution|acknowledg|references|bibliography|"
    r"statistical|interpretation|efficienc|calibration|luminosity|appendix|discussion",
    re.IGNORECASE,
)
# a section on the recorded data, where triggers and the primary vertex may be required
DATA_SECTION = re.compile(r"\bdata\b", re.IGNORECASE)
REMOVAL_CONTEXT = re.compile(
    r"\b(?:reject(?:ed|s)?|remov(?:ed|es|al)|veto(?:ed|es)?|discard(?:ed|s)?|exclud(?:ed|es)|"
    r"eliminat(?:ed|es)|dropp(?:ed|s)|not (?:considered|used|selected|accepted)|fail)\b",
    re.IGNORECASE,
)
NONE_CONTEXT = re.compile(r"\b(?:no|without|not)\b\s+(?:requirement|cut|selection)", re.IGNORECASE)

NUMBER_WORD_RE = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
ANY_FLAVOUR_PAIR = re.compile(
    r"\b(?:all|every|any|each)\b[^.;]{0,60}?\b(?:SFOS|same-flavou?r[, ]+opposite-(?:sign|charge)|"
    r"same-flavou?r)?\s?(?:lepton |dilepton )?pairs?\b",
    re.IGNORECASE,
)
# low-mass resonances a pair-mass veto is aimed at
RESONANCE_VETO = re.compile(r"J\s?/\s?ψ|J/psi|\bquarkonia|\bquarkonium|Υ", re.IGNORECASE)
# a constraint that names a detector region instead of selecting objects:
# "Inside the tracker acceptance, |η| < 2.5, jets are ..." / "in the region |η| < 0.1, where ..."
REGION_BEFORE = re.compile(
    r"(?P<fronted>^|[,;:(]\s*)?\b(?:in|inside|within|across|over)\s+the\s+(?:[\w-]+\s+){0,2}"
    r"(?:region|acceptance|coverage|volume|part)\s*,?\s*$",
    re.IGNORECASE,
)
REGION_AFTER = re.compile(r"\s*(?:GeV|mm)?\s*[,)]\s*(?:where|in which|which is|that is)\b", re.IGNORECASE)
Z_MASS_PHRASE = re.compile(
    r"\bZ[- ]?(?:boson )?(?:pole )?mass\b|\bm\s?_?\{?\s?Z\s?\}?(?![\w])|\bmass of the Z\b|\bZ-pole\b|\bnominal Z\b|91\.\d+|\b91\s?GeV\b",
    re.IGNORECASE,
)
