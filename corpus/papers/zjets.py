"""Example paper "zjets": a measurement of Z → ℓℓ production in association with jets, a seventh
held-out text.

A long journal voice in which the selection is spread out: the lepton and jet definitions in
"Object reconstruction", the event requirements in "Event selection", the muon acceptance only
in a footnote (a paragraph opened by its mark, as the layout has no footnote block), and the
jet–lepton separation and the impact parameters only in the selection table of an appendix.
Traps that are not cuts of the reconstructed selection: the fiducial phase space defined at the
particle level right beside the reco selection (dressed leptons, |η| < 2.5, particle-level
jets), the variations of the jet threshold and of the mass window made to test the result's
stability, the online trigger thresholds, the top-quark control sample, the photons that dress a
lepton, the unfolding's binning and the uncertainties. Facts follow the ATLAS Z + jets
measurement at 13 TeV loosely; the sentences are ours.
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
    "Cross-sections for the production of a Z boson, decaying into an electron or a muon pair, in "
    "association with jets are measured with 3.16 fb^{−1} of proton–proton collisions at √s = 13 TeV. "
    "They are presented in a fiducial phase space as functions of the jet multiplicity and of the "
    "transverse momentum and rapidity of the jets, corrected for detector effects, and compared with "
    "next-to-leading-order predictions matched to parton showers, which describe the data within "
    "their uncertainties up to seven jets."
)

BLOCKS = (
    H("Introduction"),
    P(
        "The production of a Z boson together with jets tests perturbative QCD over a wide range of "
        "scales and is, at the same time, a background to many searches. Compared with the 7 TeV "
        "measurement, whose jets had to exceed 30 GeV as well, the higher energy opens the region of "
        "many hard jets. The leptonic decays give a clean signature with a small background.",
        indent=False,
    ),
    H("The detector and the data"),
    P(
        "The data were taken in 2015 with all detector systems operational. Candidate events were "
        "recorded by single-electron and single-muon triggers, with online thresholds of 24 GeV and "
        "20 GeV on the lepton transverse momentum. Simulated Z + jets events, generated with Sherpa "
        "2.2 and with MadGraph5_aMC@NLO, are used to correct the data for detector effects.",
        indent=False,
    ),
    H("Object reconstruction"),
    P(
        "Each event is required to have a primary vertex, the vertex with the largest summed p_{T}^{2} "
        "of its tracks, with at least two associated tracks of p_{T} > 0.4 GeV. Electrons are "
        "reconstructed from energy clusters in the electromagnetic calorimeter matched to an inner-"
        "detector track. They are accepted if their transverse momentum is greater than 25 GeV and "
        "their cluster lies at |η| < 2.47, outside the transition region 1.37 < |η| < 1.52 between "
        "the barrel and the end-cap calorimeters, and they must satisfy the medium likelihood "
        "identification.",
        indent=False,
    ),
    P(
        "Muons are reconstructed by combining tracks of the muon spectrometer and of the inner "
        "detector. A muon is accepted if its transverse momentum exceeds 25 GeV, if it satisfies the "
        "medium identification criteria, and if it lies within the acceptance of the muon trigger "
        "chambers.^{a} Leptons of both flavours must pass the gradient isolation working point and "
        "must originate from the primary vertex (see Appendix A)."
    ),
    P(
        "Jets are clustered from topological clusters with the anti-k_{t} algorithm with radius "
        "parameter R = 0.4 and calibrated to the particle scale. Jets are kept when their transverse "
        "momentum is above 30 GeV and their pseudorapidity satisfies |η| < 2.5; the jet energy scale "
        "uncertainty amounts to 1–4% in this range."
    ),
    P(
        "^{a} For muons this means |η| < 2.4; the trigger chambers do not extend further forward.",
        indent=False,
    ),
    H("Event selection"),
    P(
        "Events must contain exactly two leptons of the same flavour and of opposite charge, "
        "whose invariant mass lies between 71 and 111 GeV. Events with a third lepton passing the "
        "requirements above are removed; they are rare. At least one jet is required in every "
        "event. No requirement is made on the missing transverse momentum.",
        indent=False,
    ),
    P(
        "The measurement is unfolded to a fiducial phase space defined at the particle level, close "
        "to the reconstructed one. There, leptons are dressed with the photons within ΔR = 0.1 of "
        "them and must have p_{T} > 25 GeV and |η| < 2.5, the dressed pair must have "
        "71 GeV < m_{ℓℓ} < 111 GeV, and particle-level jets need p_{T} > 30 GeV, |y| < 2.5 and a "
        "distance ΔR > 0.4 from each dressed lepton."
    ),
    P(
        "To test the stability of the result, the jet p_{T} threshold is varied to 25 and 35 GeV "
        "and the mass window is widened to 66 GeV < m_{ℓℓ} < 116 GeV; the unfolded cross-sections "
        "change by less than 1%. A top-quark control sample, with one electron and one muon of "
        "opposite charge and at least one b-tagged jet, checks the simulation of the tt̄ background."
    ),
    H("Results"),
    Figure(
        1,
        "The number of selected events as a function of the exclusive jet multiplicity, in data and "
        "simulation.",
        "N_{jets}",
        "Events",
        (0.0, 8.0),
        shape="falling",
    ),
    P(
        "The fiducial cross-section for one or more jets is 68.8 ± 3.6 pb, in agreement with the "
        "predictions; the jet multiplicity falls by a factor of about five per additional jet, and "
        "the spectrum of the leading jet is described within 10% up to 1 TeV.",
        indent=False,
    ),
    H("Appendix A: Summary of the event selection"),
    Table(
        1,
        "The requirements of the reconstruction-level selection of Z → ℓℓ + jets events.",
        ("Requirement", "Value"),
        (
            ("Lepton |z_{0} sin θ|", "< 0.5 mm"),
            ("Electron |d_{0}|/σ(d_{0})", "< 5"),
            ("Muon |d_{0}|/σ(d_{0})", "< 3"),
            ("Jet–lepton separation ΔR", "> 0.4"),
        ),
        align="lc",
    ),
)

REFERENCES = (
    "G. Aad et al., Measurement of the production cross section of jets in association with a Z boson in "
    "pp collisions at √s = 7 TeV, JHEP 07 (2013) 032, arXiv:1304.7098 [hep-ex].",
    "M. Aaboud et al., Measurements of the production cross section of a Z boson in association with jets "
    "in pp collisions at √s = 13 TeV, Eur. Phys. J. C 77 (2017) 361, arXiv:1702.05725 [hep-ex].",
    "M. Cacciari, G. P. Salam and G. Soyez, The anti-kt jet clustering algorithm, JHEP 04 (2008) 063, "
    "arXiv:0802.1189 [hep-ph].",
)

PAPER = Paper(
    name="zjets",
    arxiv="",
    title="Measurement of the production cross-section of a Z boson in association with jets at √s = 13 TeV",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("loosely"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example paper (held-out text for the miner), typeset with PyMuPDF",
    date="2025-08-20",
    keywords=("Z boson", "jets", "cross-section", "fiducial"),
    role="held-out analysis text for the miner",
)
