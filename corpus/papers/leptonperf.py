"""Example paper "leptonperf": the lepton performance paper that "hzz4l" cites as Ref. [12].

It defines the identification working points, the isolation variables and working points and the
impact-parameter requirements that the main paper delegates. Its arXiv id (`ARXIV`) is the one in
hzz4l's bibliography, so a references folder with `<id>.pdf` resolves the citation. Distractors:
efficiencies, calibration ranges, cone sizes, other working points, tag-and-probe numbers.
"""

from __future__ import annotations

from corpus.papers.model import EXAMPLE_AUTHORS, Heading, Paper, Paragraph, Table, example_disclaimer

ARXIV = "1902.04655"

H = Heading
P = Paragraph
S = lambda text: Heading(text, level=2)  # noqa: E731 - a sub-section heading

ABSTRACT = (
    "This document describes how electrons and muons are identified and isolated in the 2015–2016 "
    "proton–proton collision data at √s = 13 TeV, which correspond to an integrated luminosity of "
    "36.1 fb^{−1}. Identification working points based on a likelihood discriminant for electrons "
    "and on track-quality criteria for muons are defined, together with track-based and "
    "calorimeter-based isolation working points and requirements on the track impact parameters. "
    "Efficiencies measured with the tag-and-probe method in Z → ℓℓ and J/ψ → ℓℓ decays agree with "
    "simulation to within 1% to 5% over the range 7 < E_{T} < 250 GeV, and the corresponding "
    "correction factors are provided to physics analyses."
)

BLOCKS = (
    H("Introduction"),
    P(
        "Final states with prompt electrons and muons are central to the physics programme at the LHC, "
        "from precision measurements of the W and Z bosons to studies of the Higgs boson in its "
        "four-lepton decay. Such analyses rely on common definitions of what a well-identified, isolated "
        "lepton from the hard interaction is. This document collects those definitions for the data "
        "recorded in 2015 and 2016, and it describes how their efficiencies are measured.",
        indent=False,
    ),
    P(
        "The quantities used throughout are the transverse energy E_{T} of an electron cluster, the "
        "transverse momentum p_{T} of a track, the pseudorapidity η and the azimuthal angle φ; distances "
        "in the (η, φ) plane are ΔR = √((Δη)^{2} + (Δφ)^{2}). The transverse impact parameter d_{0} is the "
        "distance of closest approach of a track to the beam line in the transverse plane, with "
        "uncertainty σ(d_{0}), and z_{0} is the longitudinal distance, along the beam, between that point "
        "and the primary vertex."
    ),
    H("Data and simulation"),
    P(
        "The measurements use the full 2015–2016 data set of 36.1 fb^{−1}, recorded with bunch spacing of "
        "25 ns and an average of 24 simultaneous interactions per crossing. Simulated samples of "
        "Z → ee, Z → μμ, J/ψ → ee and J/ψ → μμ decays were produced with Powheg-Box and Pythia 8 and "
        "passed through the full detector simulation. Efficiencies are measured with the tag-and-probe "
        "method: one lepton of a resonance decay, the tag, is selected with tight criteria and fires "
        "the trigger, while the other one, the probe, is used to measure the efficiency of the "
        "criterion under study. The background under the resonance is subtracted with templates "
        "obtained from same-charge pairs and from side-bands of the mass distribution.",
        indent=False,
    ),
    H("Electron identification"),
    P(
        "Electron candidates are built from a cluster of energy in the electromagnetic calorimeter "
        "and a matched inner-detector track. To distinguish prompt electrons from hadronic jets, "
        "photon conversions and electrons from heavy-flavour decays, a likelihood discriminant is "
        "formed from the shapes of the electromagnetic shower in the longitudinal and lateral "
        "directions, the fraction of energy leaking into the hadronic calorimeter, the quality of the "
        "track, the transition-radiation signal and the matching between track and cluster in η and φ.",
        indent=False,
    ),
    P(
        "Three working points are defined by thresholds on the discriminant that depend on E_{T} and |η|: "
        "Loose, Medium and Tight. For electrons with E_{T} = 40 GeV their efficiencies are about 93%, "
        "88% and 80%, while the corresponding rejection factors against jets are roughly 500, 1000 and "
        "2000. The loose likelihood working point additionally requires a hit in the innermost pixel "
        "layer, which rejects electrons from photon conversions in the detector material. The "
        "working points are nested: every Tight electron is also Medium and Loose."
    ),
    Table(
        1,
        "Electron identification efficiencies measured in data for the three likelihood working points, "
        "in two ranges of transverse energy. The uncertainties are total uncertainties.",
        ("Working point", "15 < E_{T} < 20 GeV", "40 < E_{T} < 45 GeV"),
        (
            ("Loose", "(85.1 ± 1.9)%", "(93.3 ± 0.4)%"),
            ("Medium", "(74.8 ± 2.2)%", "(88.4 ± 0.5)%"),
            ("Tight", "(62.6 ± 2.6)%", "(80.2 ± 0.6)%"),
        ),
        align="lcc",
    ),
    H("Muon identification"),
    P(
        "Muon tracks are reconstructed independently in the inner detector and in the muon "
        "spectrometer and then combined. Four identification working points are provided. The "
        "Medium working point uses combined muons and requires a compatible measurement of the charge "
        "over momentum in both systems. The Tight working point adds requirements on the quality of "
        "the combined fit and is meant for analyses that need the highest purity. The High-p_{T} "
        "working point maximises the momentum resolution for muons above 100 GeV.",
        indent=False,
    ),
    P(
        "The Loose working point is designed for the reconstruction of Higgs boson decays into four "
        "leptons, where the efficiency matters most. It accepts all Medium muons and, in addition, "
        "calorimeter-tagged muons in the region |η| < 0.1, where the spectrometer is only partially "
        "instrumented, and stand-alone muons in the region 2.5 < |η| < 2.7, outside the acceptance of "
        "the inner detector. The efficiency of the loose selection exceeds 98% for muons with "
        "p_{T} > 5 GeV, while the contamination from pion and kaon decays in flight stays below 0.5%."
    ),
    H("Impact parameters"),
    P(
        "Requirements on the impact parameters reject leptons that do not come from the primary vertex, "
        "for example those from the decays of hadrons containing b or c quarks, or from cosmic rays. "
        "The recommended requirements for prompt leptons are a longitudinal impact parameter "
        "|z_{0} sin θ| < 0.5 mm and a transverse impact parameter significance "
        "|d_{0}|/σ(d_{0}) < 5 for electrons and |d_{0}|/σ(d_{0}) < 3 for muons. The looser bound for "
        "electrons reflects the larger tails of their d_{0} distribution caused by bremsstrahlung. "
        "For leptons from Z boson decays, these requirements are more than 99% efficient.",
        indent=False,
    ),
    H("Isolation"),
    S("Isolation variables"),
    P(
        "Isolation quantifies the activity near a lepton. The track-based variable ptvarcone30 is the "
        "scalar sum of the transverse momenta of tracks with p_{T} > 1 GeV, associated with the primary "
        "vertex, inside a cone around the lepton whose size shrinks with the lepton momentum, "
        "ΔR = min(10 GeV/p_{T}, 0.3); the lepton's own track is excluded. The calorimeter-based "
        "variable topoetcone20 is the sum of the transverse energies of topological clusters inside a "
        "cone of ΔR = 0.2 around the lepton, after subtracting the energy of the lepton itself and the "
        "expected contribution from pile-up and the underlying event.",
        indent=False,
    ),
    P(
        "Both variables are used relative to the lepton transverse momentum, ptvarcone30/p_{T} and "
        "topoetcone20/p_{T}. In events with several nearby leptons, as in Higgs boson decays to four "
        "leptons, analyses may remove the contributions of the other selected leptons from the cones."
    ),
    S("Isolation working points"),
    P(
        "Several working points are provided; they are listed in Table 2. For the Loose isolation "
        "working point, the track isolation must satisfy ptvarcone30/p_{T} < 0.15 for both electrons "
        "and muons. The calorimeter isolation must satisfy topoetcone20/p_{T} < 0.20 for electrons and "
        "topoetcone20/p_{T} < 0.30 for muons; the looser bound for muons reflects their smaller energy "
        "deposits in the calorimeter.",
        indent=False,
    ),
    Table(
        2,
        "Definitions of the isolation working points. The efficiencies are for leptons from Z boson "
        "decays with p_{T} = 25 GeV.",
        ("Working point", "Track", "Calorimeter", "Efficiency"),
        (
            ("Loose (e)", "< 0.15", "< 0.20", "98%"),
            ("Loose (μ)", "< 0.15", "< 0.30", "99%"),
            ("Tight (e, μ)", "< 0.06", "< 0.06", "90%"),
        ),
        align="lccr",
    ),
    P(
        "The Tight working point, which uses ptvarcone20 instead of ptvarcone30, is intended for final "
        "states with large backgrounds from misidentified leptons; it is not used in four-lepton "
        "analyses. For all working points the efficiency rises with p_{T} and exceeds 99% above 60 GeV."
    ),
    H("Efficiency measurements"),
    P(
        "The identification, isolation and impact-parameter efficiencies are measured in data and "
        "simulation in bins of E_{T} (or p_{T}) and η. Their ratios, the scale factors, are typically "
        "between 0.95 and 1.05. The total uncertainty of the electron identification scale factors is "
        "below 1% for E_{T} > 25 GeV and reaches 8% at E_{T} = 7 GeV; for muons the uncertainties are "
        "at the level of 0.1% to 1%. The scale factors are applied to simulated events in all analyses "
        "that use these definitions.",
        indent=False,
    ),
    H("Summary"),
    P(
        "Definitions of electron and muon identification, isolation and impact-parameter requirements "
        "for the 2015–2016 data set have been presented, with efficiencies measured in data. The Loose "
        "identification and isolation working points keep more than 95% of prompt leptons while "
        "rejecting most non-prompt ones, as needed for four-lepton final states.",
        indent=False,
    ),
)

REFERENCES = (
    "The ATLAS Collaboration, The ATLAS Experiment at the CERN Large Hadron Collider, JINST 3 (2008) S08003.",
    "G. Aad et al., Muon reconstruction performance of the ATLAS detector in proton–proton collision "
    "data at √s = 13 TeV, Eur. Phys. J. C 76 (2016) 292, arXiv:1603.05598 [hep-ex].",
    "S. Frixione, P. Nason and C. Oleari, Matching NLO QCD computations with parton shower "
    "simulations: the POWHEG method, JHEP 11 (2007) 070, arXiv:0709.2092 [hep-ph].",
    "T. Sjöstrand et al., An introduction to PYTHIA 8.2, Comput. Phys. Commun. 191 (2015) 159, "
    "arXiv:1410.3012 [hep-ph].",
)

PAPER = Paper(
    name="leptonperf",
    arxiv=ARXIV,
    title="Electron and muon identification and isolation for the 2015–2016 data set",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("where stated"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example performance paper, typeset with PyMuPDF",
    date="2024-12-02",
    keywords=("electrons", "muons", "identification", "isolation"),
    role="reference: lepton definitions cited by hzz4l as [12]",
)
