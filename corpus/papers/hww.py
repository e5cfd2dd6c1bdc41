"""Example paper "hww": a H → WW* → eνμν measurement, a second held-out text for the cut miner.

Written in a terser, first-person voice unlike "hzz4l", "zll" and "hgg": "we keep", "surpass",
"may amount to at most", "the harder of the two leptons", an azimuthal opening angle in words, an
excluded calorimeter region phrased as "not used", isolation as a percentage of pT, a two-step
overlap removal, a b-jet veto stated only in a table, and traps that are not cuts of the signal
selection: detector coverage, the b-tagging acceptance, trigger thresholds, control-region
definitions and the fit range of the discriminant. Facts follow the 2015–2016 ATLAS ggF
H → WW* → eνμν measurement loosely; the sentences are ours.
"""

from __future__ import annotations

from corpus.papers.model import EXAMPLE_AUTHORS, Figure, Heading, Paper, Paragraph, Table, example_disclaimer

H = Heading
P = Paragraph

ABSTRACT = (
    "We report a measurement of Higgs boson production through gluon fusion with the boson decaying to a "
    "pair of W bosons, each of which decays leptonically, in the final state with one electron and one "
    "muon. The analysis uses 36.1 fb^{−1} of proton–proton collisions at √s = 13 TeV. The observed signal "
    "strength is 1.21 ^{+0.22}_{−0.21}, and the cross-section times branching fraction is "
    "12.6 ^{+2.3}_{−2.2} pb, in agreement with the Standard Model prediction of 10.4 ± 0.6 pb."
)

BLOCKS = (
    H("Introduction"),
    P(
        "With a branching fraction of about 21%, the decay H → WW* is the second most frequent decay of a "
        "125 GeV Higgs boson. We select the leptonic decays of both W bosons into an electron and a muon: "
        "requiring different flavours removes most of the Drell–Yan background, while the two neutrinos "
        "escape and leave missing transverse momentum. Because the Higgs boson has spin zero, the two "
        "charged leptons tend to be emitted close to each other, which is the main handle against "
        "continuum WW production.",
        indent=False,
    ),
    P(
        "The mass of the Higgs boson cannot be reconstructed. We therefore fit the distribution of the "
        "transverse mass m_{T} of the dilepton and missing-momentum system, in which the signal forms a "
        "broad edge near the Higgs boson mass."
    ),
    H("Detector, data and simulation"),
    P(
        "The inner detector measures charged-particle tracks for |η| < 2.5 inside a 2 T solenoid. Liquid-"
        "argon and scintillator-tile calorimeters extend the coverage to |η| = 4.9, and the muon "
        "spectrometer reaches |η| < 2.7, with its barrel part covering |η| < 1.05. We use data from 2015 "
        "and 2016 that pass the data-quality requirements; they correspond to 36.1 fb^{−1} with an "
        "uncertainty of 2.1%.",
        indent=False,
    ),
    P(
        "Gluon-fusion signal events are generated with Powheg-Box at next-to-leading order and showered "
        "with Pythia 8. Continuum WW production is simulated with Sherpa 2.2.2, top-quark pairs with "
        "Powheg-Box and Pythia 8, normalised to a cross-section of 832 pb. All samples pass through a "
        "Geant4 simulation of the detector and are overlaid with simulated pile-up."
    ),
    H("Event selection"),
    P(
        "The events we analyse were accepted by single-lepton triggers, complemented by a dilepton trigger "
        "that fires on an electron together with a muon. The single-electron trigger thresholds were "
        "24 GeV in 2015 and 26 GeV afterwards; those of the single-muon trigger were 20 GeV and 26 GeV.",
        indent=False,
    ),
    P(
        "Electron candidates are calorimeter clusters matched to a track. We keep those with a transverse "
        "energy above 15 GeV whose cluster satisfies |η| < 2.47; clusters in the transition region "
        "between the barrel and endcap calorimeters, 1.37 < |η| < 1.52, are not used. Electrons "
        "must also pass the tight likelihood identification. Muons combine an inner-detector track with a "
        "spectrometer track; we accept them with p_{T} > 15 GeV and |η| < 2.5 if they meet the medium "
        "identification criteria."
    ),
    P(
        "Leptons have to originate from the primary vertex: |z_{0} sin θ| must stay below 0.5 mm, and the "
        "transverse impact parameter significance |d_{0}|/σ(d_{0}) has to be smaller than 5 for electrons "
        "and smaller than 3 for muons. We also ask for isolation in both detectors. The scalar sum of the "
        "transverse momenta of the tracks within ΔR = 0.2 of a lepton, its own track excluded, may amount "
        "to at most 6% of the lepton p_{T}; the transverse energy deposited in the calorimeter within the "
        "same cone must not exceed 9% of the lepton p_{T}."
    ),
    P(
        "Jets are reconstructed with the anti-k_{t} algorithm with radius parameter R = 0.4. We count "
        "jets with p_{T} > 25 GeV and |η| < 4.5. Inside the tracker acceptance, |η| < 2.5, jets are "
        "tested for b-hadron content by a multivariate tagger at its 85% efficiency working point, and "
        "b-tagged jets are considered down to 20 GeV. Overlaps between objects are resolved in two "
        "steps: a jet closer than ΔR = 0.2 to an electron is dropped, and afterwards any lepton that lies "
        "within ΔR = 0.4 of a remaining jet is discarded."
    ),
    P(
        "We retain events with exactly two leptons of different flavour, an electron and a muon, whose "
        "electric charges sum to zero. The harder of the two leptons must in addition surpass 22 GeV in "
        "transverse momentum, which places it on the plateau of the trigger efficiency. Pairs with an "
        "invariant mass m_{ℓℓ} of less than 10 GeV are vetoed to remove quarkonia and low-mass Drell–Yan "
        "events, and the magnitude of the missing transverse momentum, built from all calibrated objects "
        "and a track-based soft term, must surpass 20 GeV."
    ),
    P(
        "The signal region adds the requirements listed in Table 1, which reject top-quark events and "
        "favour the topology of a spin-0 decay. In addition, the opening angle of the two charged leptons "
        "in the transverse plane is restricted: their azimuthal separation |Δφ_{ℓℓ}| has to stay under 1.8."
    ),
    Table(
        1,
        "Signal-region requirements applied after the preselection described in the text.",
        ("Requirement", "Signal region"),
        (
            ("Number of b-tagged jets (p_{T} > 20 GeV)", "0"),
            ("Number of jets (p_{T} > 25 GeV)", "≤ 1"),
            ("p_{T}^{ℓℓ}", "> 30 GeV"),
            ("m_{ℓℓ}", "< 55 GeV"),
        ),
        align="lc",
    ),
    H("Backgrounds"),
    P(
        "The continuum WW and top-quark backgrounds are normalised in dedicated control regions. The WW "
        "control region keeps the preselection but requires 55 < m_{ℓℓ} < 110 GeV and |Δφ_{ℓℓ}| < 2.6. The "
        "top-quark control region instead contains events with at least one b-tagged jet with "
        "p_{T} > 20 GeV. Events in which a jet is misidentified as a lepton are estimated with a fake "
        "factor measured in a sample enriched in Z+jets events.",
        indent=False,
    ),
    Figure(
        1,
        "Transverse mass distribution in the signal region, with the fitted signal and backgrounds.",
        "m_{T} [GeV]",
        "Events / 10 GeV",
        (50.0, 200.0),
        shape="peak",
        peak=115.0,
        width=18.0,
    ),
    H("Results"),
    P(
        "The signal strength is extracted from a binned likelihood fit of the m_{T} distribution between "
        "60 and 160 GeV in the signal region, together with the control regions. We obtain "
        "μ = 1.21 ^{+0.22}_{−0.21}, corresponding to an observed significance of 6.3 standard deviations "
        "for an expected 5.2. The largest systematic uncertainties stem from the modelling of the WW "
        "background and from the jet energy scale.",
        indent=False,
    ),
    H("Conclusion"),
    P(
        "Gluon-fusion production of the Higgs boson in the WW* decay channel has been measured in the "
        "electron–muon final state with the 2015–2016 data. The result agrees with the Standard Model "
        "expectation within one standard deviation.",
        indent=False,
    ),
)

REFERENCES = (
    "G. Aad et al., Observation of a new particle in the search for the Standard Model Higgs boson with "
    "the ATLAS detector at the LHC, Phys. Lett. B 716 (2012) 1, arXiv:1207.7214 [hep-ex].",
    "M. Cacciari, G. P. Salam and G. Soyez, The anti-kt jet clustering algorithm, JHEP 04 (2008) 063, "
    "arXiv:0802.1189 [hep-ph].",
    "T. Gleisberg et al., Event generation with SHERPA 1.1, JHEP 02 (2009) 007, arXiv:0811.4622 [hep-ph].",
)

PAPER = Paper(
    name="hww",
    arxiv="",
    title="Gluon-fusion Higgs boson production in the WW* → eνμν channel at √s = 13 TeV",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("loosely"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example letter (held-out text for the miner), typeset with PyMuPDF",
    date="2025-04-14",
    keywords=("Higgs boson", "WW", "gluon fusion"),
    role="held-out analysis text for the miner",
)
