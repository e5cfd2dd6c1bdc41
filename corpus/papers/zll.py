"""Example paper "zll": an inclusive Z → ℓℓ cross-section measurement, worded unlike "hzz4l".

It exists to measure the cut miner on text it was not tuned on: comparators in words ("in excess
of", "no less than", "not exceeding", "no fewer than", "may not exceed"), a momentum threshold in
MeV, an excluded η interval, a count ("exactly two"), a transposed cut table (criteria as rows,
channels as columns) and the usual distractors (luminosity, cross-sections, acceptances, trigger
thresholds, generator tunes). Facts follow the 2015 ATLAS Z cross-section measurement loosely.
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
    "We present a measurement of the production cross-section of Z bosons decaying into pairs of "
    "electrons or muons in proton–proton collisions at a centre-of-mass energy of 13 TeV. The data "
    "were taken in 2015 and amount to 3.2 fb^{−1}. Within the fiducial phase space of the detector, the "
    "cross-section times branching fraction is 778 ± 1 (stat.) ± 10 (syst.) ± 16 (lumi.) pb for the "
    "electron channel and 776 ± 1 (stat.) ± 8 (syst.) ± 16 (lumi.) pb for the muon channel, in line "
    "with lepton universality. Extrapolated to the full phase space, the combined result is "
    "1.98 ± 0.05 nb, consistent with predictions at next-to-next-to-leading order in QCD."
)

BLOCKS = (
    H("Motivation"),
    P(
        "The Drell–Yan production of Z bosons is one of the best understood processes at hadron "
        "colliders. Its rate is predicted with an accuracy of a few per cent, which makes it a standard "
        "candle for the luminosity, a probe of the parton densities of the proton and a benchmark for "
        "the understanding of lepton reconstruction. This article reports the first measurement of "
        "this cross-section with the data recorded in the first year of collisions at 13 TeV.",
        indent=False,
    ),
    P(
        "The measurement counts events with a pair of well-reconstructed leptons whose mass is close to "
        "that of the Z boson, subtracts the small backgrounds and corrects for detector effects. Two "
        "channels are treated in parallel: Z → ee and Z → μμ. Their agreement tests the universality of "
        "the Z boson couplings to leptons."
    ),
    H("Experimental setup and samples"),
    P(
        "The experiment's tracking system covers the pseudorapidity interval from −2.5 to 2.5 and sits "
        "in a solenoidal field of 2 T. It is surrounded by sampling calorimeters extending to an "
        "absolute pseudorapidity of 4.9 and by a muon spectrometer in a toroidal field. The collision "
        "data used here were collected between June and November 2015 at a bunch spacing of 25 ns; "
        "after data-quality requirements they correspond to 3.2 fb^{−1}, known to 2.1%.",
        indent=False,
    ),
    P(
        "Signal events were generated with Powheg-Box v2 using the CT10 parton densities, with the "
        "parton shower simulated by Pythia 8.186 and the AZNLO set of tuned parameters; the samples are "
        "normalised to a next-to-next-to-leading-order prediction of 1.90 nb per lepton flavour for "
        "dilepton masses above 60 GeV. The top-quark pair background, with a cross-section of 832 pb, "
        "and the diboson backgrounds were simulated separately. All samples were processed through the "
        "full detector simulation, which is based on Geant4."
    ),
    H("Selection of Z boson candidates"),
    P(
        "Candidate events were accepted online by single-lepton triggers that required either an "
        "electron above 24 GeV or a muon above 20 GeV together with loose online isolation. Events "
        "must have no fewer than one primary vertex reconstructed from at least two tracks.",
        indent=False,
    ),
    P(
        "Electrons are accepted when their transverse energy is in excess of 25 GeV and their "
        "calorimeter cluster has an absolute pseudorapidity smaller than 2.47, with the transition "
        "region between the barrel and endcap calorimeters, from 1.37 to 1.52, being excluded. They must "
        "fulfil the medium identification criteria of the likelihood-based discriminant."
    ),
    P(
        "Muon candidates need a transverse momentum of no less than 25 000 MeV and must fall within the "
        "acceptance of the inner tracker, with an absolute pseudorapidity not exceeding 2.4. Only muons "
        "that satisfy the medium identification requirements are kept. This definition uses tracks "
        "measured in both the inner detector and the muon system."
    ),
    P(
        "Both lepton flavours have to be isolated: the summed transverse momentum of the other tracks "
        "inside a cone of size 0.2 around the lepton has to stay under 10% of the lepton's transverse "
        "momentum. To ensure that the leptons come from the hard scatter, the longitudinal impact "
        "parameter multiplied by the sine of the polar angle must be smaller in magnitude than 0.5 mm, "
        "and the transverse impact parameter may not exceed five (three) times its uncertainty for "
        "electrons (muons)."
    ),
    P(
        "An event is retained if it contains exactly two leptons passing these criteria, of the same "
        "flavour and with electric charges that add up to zero. To stay clear of the trigger turn-on, "
        "the lepton with the higher transverse momentum is further demanded to carry in excess of 27 GeV. "
        "Finally, the invariant mass of the lepton pair has to fall inside the window from 66 to 116 GeV. "
        "The criteria are collected in Table 1."
    ),
    Table(
        1,
        "Lepton and event criteria in the two channels. A dash means the criterion does not apply.",
        ("Criterion", "Electron channel", "Muon channel"),
        (
            ("Transverse momentum", "E_{T} > 25 GeV", "p_{T} ≥ 25 GeV"),
            ("Pseudorapidity", "|η| < 2.47, not 1.37–1.52", "|η| ≤ 2.4"),
            ("Identification", "medium", "medium"),
            ("Track isolation", "< 10% of p_{T}", "< 10% of p_{T}"),
            ("|d_{0}|/σ(d_{0})", "≤ 5", "≤ 3"),
            ("|z_{0} sin θ|", "< 0.5 mm", "< 0.5 mm"),
            ("Leptons per event", "exactly 2, opposite charge", "exactly 2, opposite charge"),
            ("Leading lepton", "> 27 GeV", "> 27 GeV"),
            ("Pair mass", "66–116 GeV", "66–116 GeV"),
        ),
        align="lcc",
    ),
    H("Backgrounds"),
    P(
        "Backgrounds are small. Top-quark pairs, dibosons and Z → ττ decays contribute 0.3%, 0.2% and "
        "0.1% of the selected sample and are taken from simulation. The multijet background, in which "
        "jets are misidentified as leptons, is estimated from the distribution of the isolation "
        "variable in data, where a template obtained by inverting the isolation requirement is fitted "
        "to the tail; it amounts to 0.2% in the electron channel and below 0.1% in the muon channel.",
        indent=False,
    ),
    Figure(
        1,
        "Dilepton invariant mass of the selected candidates in the electron and muon channels combined, "
        "compared with the simulated signal and backgrounds.",
        "m_{ℓℓ} [GeV]",
        "Events / 2 GeV (×10^{3})",
        (66.0, 116.0),
        shape="peak",
        peak=91.2,
        width=2.6,
    ),
    H("Cross-section determination"),
    P(
        "The fiducial cross-section follows from the number of selected events N, the estimated "
        "background B, the integrated luminosity L and a correction factor C_{Z} for detector effects:",
        indent=False,
    ),
    Equation("σ_{fid} = (N − B) / (C_{Z} · L) .", 2),
    P(
        "The correction factor is 0.552 ± 0.008 in the electron channel and 0.789 ± 0.006 in the muon "
        "channel. For the total cross-section the fiducial value is divided by the acceptance "
        "A_{Z} = 0.395 ± 0.009, which is computed at generator level. In total 1 223 042 electron pairs "
        "and 1 720 412 muon pairs are selected.",
        indent=False,
    ),
    H("Uncertainties and results"),
    P(
        "The leading experimental uncertainties come from the electron identification (0.9%), the muon "
        "reconstruction (0.7%) and the trigger efficiency (0.3% to 0.5%); the luminosity contributes "
        "2.1%. The measured fiducial cross-sections are 778 ± 1 (stat.) ± 10 (syst.) ± 16 (lumi.) pb in "
        "the electron channel and 776 ± 1 (stat.) ± 8 (syst.) ± 16 (lumi.) pb in the muon channel. "
        "Their ratio, 1.003 ± 0.017, agrees with unity. The combined total cross-section, "
        "1.98 ± 0.05 nb, agrees with the prediction of 1.90 ± 0.06 nb within 1.2 standard deviations.",
        indent=False,
    ),
    H("Summary"),
    P(
        "With 3.2 fb^{−1} of 13 TeV collisions the Z boson production cross-section has been measured "
        "in the electron and muon channels to a precision of about 2.5%, limited by the luminosity. The "
        "results support lepton universality and the current description of the proton structure.",
        indent=False,
    ),
)

REFERENCES = (
    "The ATLAS Collaboration, The ATLAS Experiment at the CERN Large Hadron Collider, JINST 3 (2008) S08003.",
    "S. Frixione, P. Nason and C. Oleari, Matching NLO QCD computations with parton shower "
    "simulations: the POWHEG method, JHEP 11 (2007) 070, arXiv:0709.2092 [hep-ph].",
    "T. Sjöstrand et al., An introduction to PYTHIA 8.2, Comput. Phys. Commun. 191 (2015) 159, "
    "arXiv:1410.3012 [hep-ph].",
    "G. Aad et al., The ATLAS Simulation Infrastructure, Eur. Phys. J. C 70 (2010) 823, "
    "arXiv:1005.4568 [physics.ins-det].",
)

PAPER = Paper(
    name="zll",
    arxiv="",
    title="Inclusive Z boson production in the electron and muon channels with 3.2 fb^{−1} at 13 TeV",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("loosely"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example letter, typeset with PyMuPDF",
    date="2025-02-03",
    keywords=("Z boson", "cross-section", "lepton universality"),
    role="second analysis, worded differently",
)
