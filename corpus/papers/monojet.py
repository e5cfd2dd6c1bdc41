"""Example paper "monojet": a search for dark matter in events with an energetic jet and large
missing transverse momentum, a fifth held-out text.

A terse conference-note voice: the signal region is an enumerated list of requirements
("(i) … ; (ii) …") written with symbols that carry their object in a superscript
(p_{T}^{j1}, |η^{j1}|, N_{jet}), the leptons are only defined to be vetoed (their thresholds
are the objects' definitions, the veto is a count of zero), and the jet multiplicity is an upper
bound. Traps that are not cuts of the signal selection: the online thresholds of the
missing-momentum trigger, the track threshold of the primary vertex, the requirements of the
earlier search quoted for comparison, the W → μν and Z → μμ control regions, the exclusive
E_{T}^{miss} intervals of the fit (a table), the jet energy scale uncertainty and the excluded
mediator masses. Facts follow the 2015–2016 ATLAS monojet search loosely; the sentences are ours.
"""

from __future__ import annotations

from corpus.papers.model import (
    EXAMPLE_AUTHORS,
    Figure,
    Heading,
    Paper,
    Paragraph,
    Table,
    example_disclaimer,
)

H = Heading
P = Paragraph

ABSTRACT = (
    "A search for new phenomena in events with one energetic jet and large missing transverse "
    "momentum is presented, based on 36.1 fb^{−1} of proton–proton collisions at √s = 13 TeV. "
    "The observed event yields agree with the Standard Model expectation, dominated by Z → νν̄ "
    "and W → ℓν production in association with jets. Axial-vector mediators of a simplified "
    "dark-matter model are excluded up to masses of 1.55 TeV for a dark-matter mass of 1 GeV."
)

BLOCKS = (
    H("Introduction"),
    P(
        "Pair-produced weakly interacting particles leave the detector unseen; when a jet is "
        "radiated from the initial state, the event shows a single energetic jet recoiling against "
        "missing transverse momentum, the monojet signature. This note extends the search of "
        "Ref. [2], made with 3.2 fb^{−1}, to the full 2015–2016 data set.",
        indent=False,
    ),
    H("Data and simulated samples"),
    P(
        "The data were recorded with triggers on the missing transverse momentum, whose online "
        "thresholds rose from 70 GeV to 110 GeV as the instantaneous luminosity grew; the triggers "
        "are fully efficient for E_{T}^{miss} above 250 GeV. Each event must contain at least one "
        "reconstructed primary vertex, built from at least two tracks with p_{T} > 0.4 GeV. "
        "Z + jets and W + jets events are simulated with Sherpa 2.2.1, top-quark events with "
        "Powheg-Box.",
        indent=False,
    ),
    H("Object definitions"),
    P(
        "Jets are reconstructed with the anti-k_{t} algorithm with radius parameter R = 0.4 from "
        "topological clusters and calibrated to the particle level; only jets with p_{T} > 30 GeV "
        "and |η| < 2.8 are considered. A jet within ΔR = 0.2 of an electron is discarded. The jet "
        "energy scale uncertainty varies between 1% and 3% over the p_{T} range of the search.",
        indent=False,
    ),
    P(
        "Leptons are defined only in order to veto them. Electrons: E_{T} > 20 GeV, |η| < 2.47, "
        "loose likelihood identification. Muons: p_{T} > 10 GeV, |η| < 2.5, medium identification. "
        "Hadronically decaying τ leptons: p_{T} > 20 GeV, |η| < 2.5, loose identification based on "
        "a boosted decision tree."
    ),
    H("Event selection"),
    P(
        "The signal region is defined by the following requirements, applied in this order: "
        "(i) E_{T}^{miss} > 250 GeV; (ii) a leading jet with p_{T}^{j1} > 250 GeV and |η^{j1}| < 2.4; "
        "(iii) N_{jet} ≤ 4; (iv) Δφ(jet, p_{T}^{miss}) > 0.4 for every selected jet, which suppresses "
        "multijet events with mismeasured jets; (v) no electron, muon or τ lepton as defined above. "
        "The earlier search [2] required only p_{T}^{j1} > 120 GeV and E_{T}^{miss} > 150 GeV in its "
        "loosest region; both thresholds are raised here to stay on the plateau of the trigger.",
        indent=False,
    ),
    P(
        "Two control regions constrain the normalisation of the V + jets backgrounds. The W → μν "
        "control region inverts the muon veto: exactly one muon, with 30 GeV < m_{T} < 100 GeV. "
        "The Z → μμ control region demands two muons of opposite charge with 66 GeV < m_{μμ} < "
        "116 GeV. Neither region is part of the signal selection."
    ),
    Table(
        1,
        "The exclusive intervals of E_{T}^{miss} that enter the fit, with the events of data in each.",
        ("Interval", "E_{T}^{miss} [GeV]", "Data"),
        (
            ("EM1", "250–300", "111 203"),
            ("EM2", "300–350", "67 475"),
            ("EM3", "350–400", "35 285"),
            ("EM4", "400–500", "27 843"),
            ("EM5", "500–600", "8 583"),
            ("EM6", "600–700", "2 987"),
            ("EM7", "> 700", "2 075"),
        ),
        align="lcc",
    ),
    H("Results"),
    Figure(
        1,
        "Distribution of E_{T}^{miss} in the signal region, data and fitted background.",
        "E_{T}^{miss} [GeV]",
        "Events / 50 GeV",
        (250.0, 1200.0),
        shape="falling",
    ),
    P(
        "No significant excess is seen in any interval. For an axial-vector mediator and a "
        "dark-matter mass of 1 GeV, mediator masses below 1.55 TeV are excluded at 95% confidence "
        "level; the limits on the visible cross-section range from 531 fb for E_{T}^{miss} > 250 GeV "
        "to 1.6 fb for E_{T}^{miss} > 1000 GeV.",
        indent=False,
    ),
)

REFERENCES = (
    "M. Cacciari, G. P. Salam and G. Soyez, The anti-kt jet clustering algorithm, JHEP 04 (2008) 063, "
    "arXiv:0802.1189 [hep-ph].",
    "M. Aaboud et al., Search for new phenomena in final states with an energetic jet and large missing "
    "transverse momentum in pp collisions at √s = 13 TeV, Phys. Rev. D 94 (2016) 032005, "
    "arXiv:1604.07773 [hep-ex].",
    "M. Aaboud et al., Search for dark matter and other new phenomena in events with an energetic jet and "
    "large missing transverse momentum, JHEP 01 (2018) 126, arXiv:1711.03301 [hep-ex].",
)

PAPER = Paper(
    name="monojet",
    arxiv="",
    title="Search for dark matter in events with an energetic jet and large missing transverse momentum at √s = 13 TeV",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("loosely"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example note (held-out text for the miner), typeset with PyMuPDF",
    date="2025-08-02",
    keywords=("dark matter", "monojet", "missing transverse momentum"),
    role="held-out analysis text for the miner",
)
