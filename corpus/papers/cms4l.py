"""Example paper "cms4l": a measurement of H → ZZ → 4ℓ in the voice of a CMS paper, a sixth held-out text.

All earlier examples read like ATLAS papers; this one uses the words of the other collaboration:
particle-flow (PF) candidates, a relative isolation I_{rel} summed over PF candidates in a cone,
the significance of the three-dimensional impact parameter |SIP_{3D}|, a "tight muon ID" and the
"loose working point" of an electron MVA, anti-k_{T} jets out to |η| = 4.7, p_{T}^{miss}, Z_{1} as
"the Z candidate with mass closest to the nominal Z boson mass", double- and triple-lepton
triggers, and the minimum lepton p_{T} stated as "at least one lepton ... and at least one other".
It is typeset in one column with TeX-like stacked scripts, as CMS papers are.

Traps that are not cuts of the signal selection: the coverage of the subdetectors, the trigger
thresholds of Table 1, the track count and position of the primary vertex, the cone size of the
isolation, the efficiencies of the lepton identification, the b-tagging working point (it only
sorts events into categories), the requirements of the Run 1 analysis, the Z + ℓ control region
(with its p_{T}^{miss} bound), the category definitions, the fit range and the systematic
uncertainties of Table 2. Facts follow the 2016 CMS H → ZZ → 4ℓ measurement loosely; the sentences
are ours.
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
    "Properties of the Higgs boson are studied in the H → ZZ → 4ℓ decay channel, where ℓ = e or μ, "
    "using proton–proton collisions at √s = 13 TeV recorded in 2016 and corresponding to an "
    "integrated luminosity of 35.9 fb^{−1}. The signal strength relative to the standard model "
    "expectation is measured to be μ = 1.05 with an uncertainty of about 18%, and the mass of the "
    "boson is found to be 125.26 GeV."
)

BLOCKS = (
    H("Introduction"),
    P(
        "The decay of the Higgs boson into two Z bosons, each decaying into a pair of electrons or "
        "muons, has a small branching fraction but a fully reconstructed final state with an "
        "excellent mass resolution. This paper updates the analysis of the 2015 data with a "
        "sample almost ten times larger. Compared with the Run 1 analysis [3], which required "
        "m_{4ℓ} > 100 GeV and a muon isolation below 0.4, the lepton selection has been loosened to "
        "gain acceptance at low transverse momentum.",
        indent=False,
    ),
    H("The CMS detector"),
    P(
        "The central feature of the CMS apparatus is a superconducting solenoid of 6 m internal "
        "diameter providing a magnetic field of 3.8 T. The silicon tracker measures charged "
        "particles within |η| < 2.5, the electromagnetic and hadron calorimeters reach |η| = 3.0, "
        "forward calorimeters extend the coverage to |η| = 5.2, and muons are measured within "
        "|η| < 2.4 in gas-ionization detectors embedded in the steel flux-return yoke.",
        indent=False,
    ),
    H("Data sets and triggers"),
    P(
        "The data were recorded in 2016. Events are selected online by a combination of "
        "double-lepton and triple-lepton triggers, complemented by single-electron and single-muon "
        "triggers; the thresholds of each path are listed in Table 1. The overall trigger "
        "efficiency for signal events that pass the full selection exceeds 99%.",
        indent=False,
    ),
    Table(
        1,
        "Trigger paths used in 2016 and the p_{T} thresholds of their legs.",
        ("Trigger path", "p_{T} thresholds [GeV]"),
        (
            ("Double electron", "23, 12"),
            ("Double muon", "17, 8"),
            ("Electron–muon", "23, 8 and 8, 23"),
            ("Triple electron", "16, 12, 8"),
            ("Triple muon", "12, 10, 5"),
            ("Single electron", "27"),
            ("Single muon", "24"),
        ),
        align="lc",
    ),
    H("Event reconstruction and selection"),
    P(
        "The particle-flow (PF) algorithm combines the information of all subdetectors to "
        "reconstruct and identify each individual particle in the event: the PF candidates are "
        "electrons, muons, photons, and charged and neutral hadrons. Each event is required to "
        "have at least one good primary vertex (PV), built from at least four tracks and lying "
        "within 24 cm of the nominal interaction point along the beam axis; among the vertices, the "
        "one with the largest summed p_{T}^{2} of its physics objects is taken as the PV. The "
        "missing transverse momentum vector is the negative vector p_{T} sum of all PF candidates; "
        "its magnitude is denoted p_{T}^{miss}.",
        indent=False,
    ),
    P(
        "Electrons are reconstructed from energy deposits in the electromagnetic calorimeter "
        "matched to tracks, and are selected if they have p_{T} > 7 GeV and |η| < 2.5. They must "
        "satisfy the loose working point of a multivariate (MVA) electron identification, a "
        "boosted decision tree that combines shower-shape, track-quality and track–cluster "
        "matching observables. The identification efficiency of this working point rises from "
        "about 85% for p_{T} near 7 GeV to 95% above 20 GeV."
    ),
    P(
        "Muons are reconstructed by combining tracks of the silicon tracker with hits in the muon "
        "system, either by fitting both together (global muons) or by matching a tracker track to "
        "segments in the muon chambers (tracker muons). Muons with p_{T} > 5 GeV and |η| < 2.4 are considered, and they must pass the "
        "tight muon ID. An electron within ΔR < 0.05 of a selected muon is discarded."
    ),
    P(
        "Leptons are required to come from the PV: the three-dimensional impact parameter "
        "significance of each electron and muon must satisfy |SIP_{3D}| < 4, where SIP_{3D} is the "
        "impact parameter divided by its uncertainty. The relative isolation I_{rel} of a lepton is "
        "the scalar p_{T} sum of the charged hadrons, neutral hadrons and photons among the PF "
        "candidates within a cone of ΔR = 0.3 around it, corrected for the contribution of pileup "
        "and divided by the lepton p_{T}. We require I_{rel} < 0.35 for muons and electrons alike."
    ),
    P(
        "Jets are clustered from PF candidates with the anti-k_{T} algorithm with a distance "
        "parameter R = 0.4. Selected jets have p_{T} > 30 GeV and |η| < 4.7, pass the tight jet "
        "identification, and are separated by ΔR > 0.4 from every selected lepton. A jet is "
        "b-tagged when it passes the medium working point of the DeepCSV algorithm, which keeps "
        "about 68% of b jets; b-tagged jets serve only to sort events into categories."
    ),
    P(
        "Z candidates are pairs of same-flavour leptons of opposite charge (e^{+}e^{−} or "
        "μ^{+}μ^{−}). ZZ candidates are built from two Z candidates that share no lepton. The Z "
        "candidate with mass closest to the nominal Z boson mass is denoted Z_{1}, and it must "
        "satisfy 40 < m_{Z1} < 120 GeV; the other one, Z_{2}, must satisfy 12 < m_{Z2} < 120 GeV. "
        "At least one of the four leptons must have p_{T} > 20 GeV, and at least one other must "
        "have p_{T} > 10 GeV.",
        indent=False,
    ),
    P(
        "Any two leptons of the candidate must be separated by ΔR(ℓ_{i}, ℓ_{j}) > 0.02, and every "
        "opposite-charge pair of same-flavour leptons that can be formed from the four, including "
        "pairs used for neither Z_{1} nor Z_{2}, must have m_{ℓℓ} > 4 GeV, which rejects leptons "
        "from the decays of low-mass hadrons. Finally, the four-lepton invariant mass must satisfy "
        "m_{4ℓ} > 70 GeV. When more than one ZZ candidate survives in an event, the one whose Z_{1} "
        "mass is closest to the nominal Z boson mass is retained."
    ),
    H("Background estimation"),
    P(
        "The irreducible ZZ background is taken from simulation. The reducible background, from "
        "Z + jets, tt̄ and WZ events with misidentified leptons, is estimated from data. "
        "Misidentification rates are measured in a Z + ℓ control region: events with a Z_{1} "
        "candidate satisfying |m_{Z1} − m_{Z}| < 7 GeV and exactly one additional lepton passing "
        "relaxed requirements, with p_{T}^{miss} < 25 GeV to suppress WZ events. The rates are "
        "applied in two further control regions, with two or three leptons that fail the "
        "identification or the isolation.",
        indent=False,
    ),
    H("Event categorization"),
    P(
        "Selected events are sorted into seven exclusive categories. The VBF-2jet category "
        "requires exactly four leptons and two or three jets, of which at most one is b-tagged; "
        "the VH-leptonic category requires no more than three jets and at least one lepton in "
        "addition to the four of the candidate; events that enter no other category form the "
        "untagged category.",
        indent=False,
    ),
    H("Systematic uncertainties"),
    Table(
        2,
        "Systematic uncertainties in the expected signal and background yields.",
        ("Source", "Uncertainty"),
        (
            ("Integrated luminosity", "2.5%"),
            ("Lepton reconstruction and identification", "2.5–9%"),
            ("Jet energy scale", "3–6%"),
            ("Reducible background estimate", "30–40%"),
        ),
        align="lc",
    ),
    P(
        "The lepton efficiencies are measured with the tag-and-probe method in Z → ℓℓ events; "
        "their uncertainty is largest for electrons with p_{T} < 10 GeV. The uncertainty in the "
        "lepton momentum scale is 0.04% for muons and 0.3% for electrons.",
        indent=False,
    ),
    H("Results"),
    Figure(
        1,
        "Distribution of the four-lepton invariant mass m_{4ℓ} for selected events, data and expectation.",
        "m_{4ℓ} [GeV]",
        "Events / 2 GeV",
        (70.0, 170.0),
        shape="peak",
        peak=125.0,
        width=2.0,
    ),
    P(
        "The signal strength is extracted from a fit to the events with 105 < m_{4ℓ} < 140 GeV. We "
        "find μ = 1.05 with a relative uncertainty of 18%, and a mass of 125.26 GeV with an "
        "uncertainty of 0.21 GeV, in agreement with the standard model expectation and with the "
        "combined Run 1 value.",
        indent=False,
    ),
)

REFERENCES = (
    "A. M. Sirunyan et al., Particle-flow reconstruction and global event description with the CMS "
    "detector, JINST 12 (2017) P10003, arXiv:1706.04965 [physics.ins-det].",
    "M. Cacciari, G. P. Salam and G. Soyez, The anti-kt jet clustering algorithm, JHEP 04 (2008) 063, "
    "arXiv:0802.1189 [hep-ph].",
    "S. Chatrchyan et al., Measurement of the properties of a Higgs boson in the four-lepton final "
    "state, Phys. Rev. D 89 (2014) 092007, arXiv:1312.5353 [hep-ex].",
    "A. M. Sirunyan et al., Measurements of properties of the Higgs boson decaying into the "
    "four-lepton final state in pp collisions at √s = 13 TeV, JHEP 11 (2017) 047, "
    "arXiv:1706.09936 [hep-ex].",
)

PAPER = Paper(
    name="cms4l",
    arxiv="",
    title="Measurements of properties of the Higgs boson decaying into four leptons at √s = 13 TeV",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("loosely"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example paper in a CMS voice (held-out text for the miner), typeset with PyMuPDF",
    date="2025-09-01",
    keywords=("Higgs boson", "four leptons", "particle flow"),
    role="held-out analysis text for the miner",
    columns=1,
    stack_scripts=True,
)
