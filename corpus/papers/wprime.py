"""Example paper "wprime": a search for a heavy charged gauge boson W′ → ℓν, a third held-out text.

A search rather than a measurement, in an impersonal, passive voice unlike the other papers:
"is demanded", "a lower bound of", "in excess of", "no less than", "respectively" lists pairing
electrons and muons, a second excluded |η| interval for muons (the spectrometer's barrel–endcap
overlap), isolation and identification as named working points, per-channel missing-momentum
thresholds stated only in a table whose columns are the two channels, and the transverse-mass
threshold of the signal region stated in the abstract, in the text and in the table. Traps that
are not cuts of the signal selection: detector coverage, trigger thresholds, the looser criteria
of the veto leptons, the jets entering the missing-momentum sum, a W-dominated validation region,
a top-quark control region with b-tagged jets, the fake-lepton sideband and the fit range of the
mT spectrum. Facts follow the 2015–2018 ATLAS W′ → ℓν search loosely; the sentences are ours.
"""

from __future__ import annotations

from corpus.papers.model import (
    EXAMPLE_AUTHORS,
    Equation,
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
    "A search for a new heavy charged gauge boson decaying into a charged lepton (electron or muon) and "
    "a neutrino is presented, using 139 fb^{−1} of proton–proton collision data recorded at "
    "√s = 13 TeV. Events with a single isolated lepton and significant missing transverse momentum are "
    "selected, and the spectrum of their transverse mass is examined above 130 GeV. No significant "
    "excess over the Standard Model expectation is found. In the Sequential Standard Model, W′ bosons "
    "lighter than 6.0 TeV are excluded at 95% confidence level when both decay channels are combined."
)

BLOCKS = (
    H("Introduction"),
    P(
        "Many extensions of the Standard Model predict additional heavy gauge bosons. A charged one, "
        "generically called W′, would appear in proton–proton collisions as a Jacobian peak in the "
        "transverse mass of its decay products when it decays into a charged lepton and a neutrino. The "
        "benchmark adopted here is the Sequential Standard Model (SSM), in which the W′ couples to "
        "fermions exactly as the W boson does; its width then grows to about 3.3% of its mass.",
        indent=False,
    ),
    P(
        "The dominant irreducible background is Drell–Yan production of W bosons, W → ℓν, far off "
        "their mass shell. Top-quark pair and single-top production, diboson production and multijet "
        "events with a misidentified or non-prompt lepton contribute as well."
    ),
    H("Detector and data sample"),
    P(
        "The inner tracking detector provides momentum measurements of charged particles for "
        "|η| < 2.5. It is surrounded by electromagnetic and hadronic calorimeters that together reach "
        "|η| = 4.9, and by a muon spectrometer with three stations of precision chambers covering "
        "|η| < 2.7. Data taken between 2015 and 2018 are used, amounting to an integrated luminosity "
        "of 139 fb^{−1} with a relative uncertainty of 1.7%.",
        indent=False,
    ),
    P(
        "Candidate events were recorded either by a single-electron trigger or by a single-muon "
        "trigger. The lowest unprescaled thresholds of these triggers rose over the years to 60 GeV in "
        "electron transverse energy and 50 GeV in muon transverse momentum. At least one primary vertex "
        "with no fewer than two associated tracks is demanded in each event."
    ),
    H("Object definitions"),
    P(
        "Electrons are built from energy clusters in the electromagnetic calorimeter that are matched "
        "to inner-detector tracks. A lower bound of 65 GeV is placed on their transverse energy, and the "
        "cluster must lie within |η| < 2.47, the barrel–endcap transition region "
        "(1.37 < |η| < 1.52) being excluded. Electrons are further required to satisfy the tight "
        "likelihood-based identification working point.",
        indent=False,
    ),
    P(
        "Muon candidates are formed by combining tracks of the inner detector and of the muon "
        "spectrometer. They are accepted if their transverse momentum is no less than 55 GeV and "
        "|η| < 2.5, and they must pass the high-p_{T} identification, which demands hits in all three "
        "stations of the spectrometer. Muons crossing the overlap between the barrel and endcap "
        "spectrometers, 1.01 < |η| < 1.10, where the alignment is less precise, are rejected."
    ),
    P(
        "Both lepton types have to be compatible with the primary vertex. The longitudinal impact "
        "parameter must fulfil |z_{0} sin θ| < 0.5 mm, and the significance of the transverse impact "
        "parameter, |d_{0}|/σ(d_{0}), must be smaller than 5 and 3 for electrons and muons, "
        "respectively. Electrons and muons must in addition pass the loose and the tight isolation "
        "working points, respectively."
    ),
    P(
        "Jets are clustered from calorimeter energy deposits with the anti-k_{t} algorithm with "
        "R = 0.4. They enter the selection only through the missing transverse momentum, whose "
        "magnitude E_{T}^{miss} is the negative vector sum of the transverse momenta of all calibrated "
        "leptons and of jets with p_{T} > 20 GeV, plus a soft term built from tracks not associated with "
        "any of these objects. The transverse mass is then formed as"
    ),
    Equation("m_{T} = √(2 p_{T} E_{T}^{miss} (1 − cos Δφ_{ℓ,miss})) ,", 1),
    P(
        "where p_{T} is the transverse momentum of the lepton and Δφ_{ℓ,miss} is the azimuthal angle "
        "between the lepton and the missing transverse momentum.",
        indent=False,
    ),
    H("Event selection"),
    P(
        "Exactly one lepton satisfying the criteria above is required in each event. To suppress "
        "Z/γ* → ℓℓ and diboson events, a veto is imposed on any additional electron or muon with "
        "p_{T} > 20 GeV passing a looser, medium identification. The missing transverse momentum is "
        "then required to exceed a threshold that depends on the channel, as listed in Table 1.",
        indent=False,
    ),
    P(
        "The signal region consists of all remaining events with m_{T} in excess of 130 GeV; below "
        "this value the acceptance for W′ masses above 1 TeV is negligible. The resulting selection "
        "efficiency for an SSM W′ of 5 TeV mass is about 85% in the electron channel and 65% in the "
        "muon channel, the difference originating mainly in the stricter spectrometer requirements."
    ),
    Table(
        1,
        "Event-level requirements of the two search channels. The object definitions are given in the text.",
        ("Requirement", "Electron channel", "Muon channel"),
        (
            ("Lepton transverse momentum", "E_{T} > 65 GeV", "p_{T} ≥ 55 GeV"),
            ("E_{T}^{miss}", "> 65 GeV", "> 55 GeV"),
            ("m_{T}", "> 130 GeV", "> 130 GeV"),
        ),
        align="lcc",
    ),
    H("Background estimation"),
    P(
        "The shapes of the W → ℓν, top-quark and diboson backgrounds are taken from simulation and "
        "extrapolated to high m_{T} with fitted functions. The modelling of E_{T}^{miss} is validated in "
        "a region enriched in W bosons, defined by 60 GeV < m_{T} < 110 GeV with otherwise unchanged "
        "requirements, and a top-quark control region is obtained by additionally requiring at least "
        "two jets, one of which is b-tagged, with p_{T} > 30 GeV.",
        indent=False,
    ),
    P(
        "The background from misidentified leptons is estimated with a matrix method. The efficiencies "
        "of real and fake leptons to pass from the loose to the nominal criteria are measured in a "
        "sample in which the missing transverse momentum must be below 50 GeV and the lepton isolation "
        "requirement is inverted."
    ),
    Figure(
        1,
        "Transverse mass distribution in the electron channel, with the expected backgrounds and two "
        "SSM W′ signals.",
        "m_{T} [GeV]",
        "Events / bin",
        (130.0, 5000.0),
        shape="falling",
    ),
    H("Results"),
    P(
        "The m_{T} spectra of both channels are compared with the background prediction in bins "
        "between 130 GeV and 7 TeV. The largest deviation, found near m_{T} = 2.4 TeV in the muon "
        "channel, has a local significance of 2.1 standard deviations. Upper limits on the cross-section "
        "times branching fraction are set with a Bayesian method, and SSM W′ bosons with masses below "
        "6.0 TeV are excluded.",
        indent=False,
    ),
    H("Conclusion"),
    P(
        "No evidence for a heavy charged gauge boson decaying into a lepton and a neutrino is seen in "
        "the full Run 2 data set. The exclusion limit on the SSM W′ mass is extended by about 800 GeV "
        "relative to the previous result.",
        indent=False,
    ),
)

REFERENCES = (
    "G. Altarelli, B. Mele and M. Ruiz-Altaba, Searching for new heavy vector bosons in pp̄ colliders, "
    "Z. Phys. C 45 (1989) 109.",
    "M. Cacciari, G. P. Salam and G. Soyez, The anti-kt jet clustering algorithm, JHEP 04 (2008) 063, "
    "arXiv:0802.1189 [hep-ph].",
    "G. Aad et al., Search for a heavy charged boson in events with a charged lepton and missing "
    "transverse momentum from pp collisions at √s = 13 TeV, Phys. Rev. D 100 (2019) 052013, "
    "arXiv:1906.05609 [hep-ex].",
)

PAPER = Paper(
    name="wprime",
    arxiv="",
    title="Search for a heavy charged gauge boson decaying to a lepton and a neutrino at √s = 13 TeV",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("loosely"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example letter (held-out text for the miner), typeset with PyMuPDF",
    date="2025-06-02",
    keywords=("W′", "heavy gauge boson", "lepton plus missing momentum", "search"),
    role="held-out analysis text for the miner",
)
