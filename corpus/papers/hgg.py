"""Example paper "hgg": a H → γγ measurement, a held-out text for the cut miner.

Worded unlike "hzz4l" and "zll": photons instead of leptons, thresholds relative to the diphoton
mass ("pT/mγγ"), a "minimum of", "at or above", "no more than", "a fraction of", an η gap written
as "excluding", an isolation bound in MeV-free relative form, a ratio table, and distractors
(luminosity, categories, resolution, signal strength, fiducial cross-section, background fit range).
Facts follow the 2015–2016 ATLAS H → γγ measurement loosely; the sentences are ours.
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
    "Higgs boson production is studied in the diphoton decay channel with 36.1 fb^{−1} of proton–proton "
    "collisions at √s = 13 TeV. A narrow resonance is observed on top of a smoothly falling diphoton "
    "mass spectrum, at a mass compatible with 125.09 GeV. The fiducial cross-section is "
    "55 ± 9 (stat.) ± 4 (exp.) ± 0.1 (theo.) fb, and the signal strength relative to the Standard "
    "Model expectation is 0.99 ^{+0.15}_{−0.14}."
)

BLOCKS = (
    H("Overview"),
    P(
        "Although its branching fraction is only about 0.23%, the decay of the Higgs boson into two "
        "photons provides a clean signature: two energetic, isolated photons whose invariant mass forms a "
        "narrow peak with a resolution of 1.5 to 2.5 GeV. The background consists of prompt diphoton "
        "production and of events in which one or both photon candidates originate from jets. Because "
        "the background falls smoothly with mass, it is modelled by an analytic function fitted to the "
        "data, and no control region is needed.",
        indent=False,
    ),
    P(
        "The analysis uses the 2015 and 2016 data. Compared with the earlier measurement at 8 TeV based on "
        "20.3 fb^{−1}, the signal yield increases by a factor of about four, which allows cross-sections "
        "in several regions of phase space to be measured."
    ),
    H("Photon reconstruction"),
    P(
        "Photons are reconstructed from clusters in the electromagnetic calorimeter; clusters without a "
        "matching track are unconverted photon candidates, and clusters matched to one or two tracks from "
        "a conversion vertex are converted candidates. About 20% of the photons convert in the inner "
        "detector material. The energy is calibrated with a multivariate regression trained on "
        "simulation and corrected with Z → ee events, reaching a scale uncertainty of 0.2% to 0.6%.",
        indent=False,
    ),
    P(
        "The photon identification relies on the lateral and longitudinal shapes of the shower in the "
        "finely segmented first layer of the calorimeter, which separate single photons from pairs of "
        "photons produced in π^{0} decays. Selected photons have to pass the tight identification, whose "
        "efficiency rises from 85% at a transverse energy of 25 GeV to 95% above 100 GeV."
    ),
    H("Event and candidate selection"),
    P(
        "The data were collected with a diphoton trigger that required two clusters with transverse "
        "energies of at least 35 GeV and 25 GeV, passing loose shape requirements. Offline, each event "
        "has to contain at least two photon candidates. Photon candidates are taken into account only when "
        "their transverse energy is at or above 25 GeV and their cluster lies within |η| < 2.37, excluding "
        "the barrel–endcap transition 1.37 < |η| < 1.52.",
        indent=False,
    ),
    P(
        "The two photons with the largest transverse energies form the diphoton candidate. The diphoton "
        "production vertex is chosen by a neural network that combines the photon directions measured with "
        "the calorimeter layers and the tracks of the event. To keep the kinematic selection independent of "
        "the mass, the thresholds are relative: the leading photon needs E_{T}/m_{γγ} greater than 0.35 "
        "and the subleading photon needs E_{T}/m_{γγ} greater than 0.25."
    ),
    P(
        "Both photons must be isolated. In the calorimeter, the transverse energy of topological clusters "
        "within ΔR = 0.2 of the photon, corrected for pile-up, must be no more than 0.065 times the photon "
        "transverse energy. In the tracker, the scalar sum of the transverse momenta of tracks from the "
        "diphoton vertex within ΔR = 0.2 must remain below a fraction 0.05 of the photon transverse energy. "
        "Finally, only candidates with a diphoton mass between 105 and 160 GeV are kept; this range is "
        "wide enough to constrain the background shape on both sides of the signal."
    ),
    Table(
        1,
        "Selection requirements, expressed for each photon in the order in which they are applied.",
        ("Quantity", "Leading photon", "Subleading photon"),
        (
            ("E_{T}", "≥ 25 GeV", "≥ 25 GeV"),
            ("|η|", "< 2.37 (not 1.37–1.52)", "< 2.37 (not 1.37–1.52)"),
            ("Identification", "tight", "tight"),
            ("E_{T}/m_{γγ}", "> 0.35", "> 0.25"),
            ("Calorimeter isolation / E_{T}", "≤ 0.065", "≤ 0.065"),
            ("Track isolation / E_{T}", "< 0.05", "< 0.05"),
            ("m_{γγ}", "105–160 GeV", "105–160 GeV"),
        ),
        align="lcc",
    ),
    H("Signal and background modelling"),
    P(
        "The signal is described by a double-sided Crystal Ball function with a Gaussian core. Its width "
        "ranges from 1.4 GeV in the best category to 2.5 GeV in the worst. The background is modelled "
        "by exponential functions of a polynomial in m_{γγ}, with the function chosen so that the "
        "potential bias, the spurious signal, stays below 10% of the expected signal uncertainty. The "
        "selected events are divided into 31 categories by their production-mode signature and by "
        "the expected mass resolution.",
        indent=False,
    ),
    Equation("f(m_{γγ}) = exp(a_{1} m_{γγ} + a_{2} m_{γγ}^{2}) .", 1),
    Figure(
        1,
        "Diphoton invariant mass distribution of the selected events with the result of the "
        "signal-plus-background fit.",
        "m_{γγ} [GeV]",
        "Events / GeV (×10^{3})",
        (105.0, 160.0),
        shape="peak",
        peak=125.0,
        width=1.8,
    ),
    H("Results"),
    P(
        "In total 332 000 diphoton candidates are selected, of which about 1 900 are expected from the "
        "Higgs boson. The fitted signal strength is μ = 0.99 ^{+0.15}_{−0.14}, and the observed local "
        "significance is 5.4 standard deviations for an expectation of 5.5. The fiducial cross-section, "
        "defined at particle level with requirements close to those of the reconstruction, is "
        "55 ± 9 (stat.) ± 4 (exp.) ± 0.1 (theo.) fb, compared with a prediction of 64 ± 2 fb.",
        indent=False,
    ),
    H("Conclusion"),
    P(
        "The diphoton decay of the Higgs boson has been measured with the 2015–2016 data at 13 TeV. The "
        "results agree with the Standard Model within one standard deviation, and the statistical "
        "uncertainty still dominates.",
        indent=False,
    ),
)

REFERENCES = (
    "G. Aad et al., Observation of a new particle in the search for the Standard Model Higgs boson with "
    "the ATLAS detector at the LHC, Phys. Lett. B 716 (2012) 1, arXiv:1207.7214 [hep-ex].",
    "S. Frixione, P. Nason and C. Oleari, Matching NLO QCD computations with parton shower "
    "simulations: the POWHEG method, JHEP 11 (2007) 070, arXiv:0709.2092 [hep-ph].",
    "D. de Florian et al., Handbook of LHC Higgs Cross Sections: 4. Deciphering the Nature of the "
    "Higgs Sector, CERN Yellow Reports, arXiv:1610.07922 [hep-ph].",
)

PAPER = Paper(
    name="hgg",
    arxiv="",
    title="Higgs boson production in the diphoton decay channel at √s = 13 TeV",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("loosely"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example letter (held-out text for the miner), typeset with PyMuPDF",
    date="2025-03-10",
    keywords=("Higgs boson", "diphoton", "cross-section"),
    role="held-out analysis text for the miner",
)
