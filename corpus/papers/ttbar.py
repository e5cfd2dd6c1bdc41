"""Example paper "ttbar": a top-quark pair cross-section measurement in the eμ channel, a fourth held-out text.

A measurement in a first-person-plural voice of long sentences joined by semicolons, with most
thresholds given in footnote-like parentheses after the object they qualify ("(p_{T} > 25 GeV
and |η| < 2.5)"), one or two b-tagged jets at a stated tagging efficiency, an isolation working
point that is not one of loose/medium/tight, and a table listing the two event categories by
their number of b-tagged jets. Traps that are not cuts of the signal selection: the detector
coverage, the trigger thresholds, the pile-up (JVT) requirement on low-p_{T} central jets (its
p_{T} and |η| bounds only say which jets it applies to; the selection vocabulary has no JVT
variable), the b-tagging efficiency and the light-jet rejection, the same-sign control sample,
the Z-enriched ee/μμ sample and the jets of the category table. Facts follow the 2015–2016 ATLAS
tt̄ → eμνν̄bb̄ measurement loosely; the sentences are ours.
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
    "We measure the inclusive cross-section of top-quark pair production in proton–proton "
    "collisions at √s = 13 TeV with 36.1 fb^{−1} of data, counting events with an electron and a "
    "muon of opposite charge and one or two b-tagged jets; the ratio of the two counts fixes the "
    "b-tagging efficiency in situ. We obtain σ_{tt̄} = 826 ± 20 pb, in agreement with the "
    "prediction of quantum chromodynamics at next-to-next-to-leading order."
)

BLOCKS = (
    H("Introduction"),
    P(
        "The top quark decays almost always into a W boson and a b quark; when both W bosons decay "
        "leptonically, one into an electron and the other into a muon, the final state is among the "
        "cleanest we have at our disposal, and we exploit it here. Our method, which we have refined "
        "over several data sets, needs neither the jet energy scale nor a simulated b-tagging "
        "efficiency, because we count events with exactly one and with exactly two b-tagged jets and "
        "solve for the cross-section and the tagging efficiency together.",
        indent=False,
    ),
    H("Detector, data and simulation"),
    P(
        "Our tracker measures charged particles up to |η| = 2.5, our calorimeters extend to "
        "|η| = 4.9 and our muon spectrometer covers |η| < 2.7; we use the data of 2015 and 2016, "
        "36.1 fb^{−1} after quality requirements, with a luminosity uncertainty of 2.1%. We take "
        "events recorded by single-electron or single-muon triggers (whose lowest thresholds were "
        "24 GeV and 20 GeV in 2015, and 26 GeV for both in 2016), and we simulate tt̄ production "
        "with Powheg interfaced to Pythia 8, normalised to 832 pb.",
        indent=False,
    ),
    H("Objects"),
    P(
        "We build electrons from calorimeter clusters matched to tracks (E_{T} > 25 GeV and "
        "|η| < 2.47, with the calorimeter transition region 1.37 < |η| < 1.52 left out), and we ask "
        "them to satisfy the tight likelihood identification; we reconstruct muons by combining "
        "tracks of the inner detector and the spectrometer (p_{T} > 25 GeV and |η| < 2.5), and we ask "
        "them to satisfy the medium identification. Both lepton flavours must also pass the gradient "
        "isolation working point, whose efficiency rises from 90% at 25 GeV to 99% at 60 GeV; they "
        "must come from the hard-scatter vertex (|z_{0} sin θ| < 0.5 mm, and a transverse impact "
        "parameter significance |d_{0}|/σ(d_{0}) below 5 for electrons and below 3 for muons).",
        indent=False,
    ),
    P(
        "We cluster jets with the anti-k_{t} algorithm (R = 0.4) and keep them when they are hard and "
        "central enough (p_{T} > 25 GeV and |η| < 2.5); to reject jets from pile-up, those with "
        "p_{T} < 60 GeV and |η| < 2.4 must in addition have a jet-vertex-tagger discriminant above "
        "0.59. A jet lying within ΔR = 0.2 of an electron is removed, since it is most likely the "
        "electron itself. We call a jet b-tagged when it passes the MV2c10 discriminant at the "
        "working point of 70% efficiency for b-jets in simulated tt̄ events (a rejection of about "
        "400 against light-flavour jets)."
    ),
    H("Event selection"),
    P(
        "We keep only events with exactly one electron and exactly one muon, that is two leptons of "
        "different flavour; these must carry opposite electric charges (a charge sum of zero), and "
        "at least one of them must be matched to the trigger that fired. The harder of the two "
        "leptons must exceed 28 GeV in transverse momentum, so that the trigger is fully efficient; "
        "the invariant mass of the pair must be larger than 15 GeV, which removes low-mass "
        "resonances; and we require one or two b-tagged jets in each event, the two categories "
        "being kept apart as listed in Table 1.",
        indent=False,
    ),
    P(
        "Events in which the two leptons carry the same electric charge, but which otherwise pass "
        "every requirement, form a same-sign control sample; we use it to check the rate of "
        "misidentified and non-prompt leptons, which we take from simulation. A second sample, of ee "
        "and μμ events with 81 GeV < m_{ℓℓ} < 101 GeV, serves only to validate the lepton "
        "efficiencies."
    ),
    Table(
        1,
        "The two event categories of the measurement, with the numbers of selected data events and "
        "the fraction of tt̄ events expected in each.",
        ("Category", "b-tagged jets", "Data events", "tt̄ fraction"),
        (
            ("1b", "= 1", "57 000", "0.89"),
            ("2b", "= 2", "31 200", "0.96"),
        ),
        align="lccc",
    ),
    H("Backgrounds"),
    P(
        "Single top-quark production in association with a W boson is the largest background, in "
        "particular in the one-tag category; Z → ττ, diboson and tt̄V events contribute a few per "
        "cent, and we estimate them all from simulation. Events with a misidentified lepton are also "
        "taken from simulation, scaled to the same-sign sample.",
        indent=False,
    ),
    Figure(
        1,
        "Number of b-tagged jets in selected eμ events with opposite charges, data and prediction.",
        "N_{b-tag}",
        "Events",
        (0.0, 4.0),
        shape="falling",
    ),
    H("Result"),
    P(
        "Solving the two equations for the one- and two-tag counts, we find a cross-section of "
        "826 ± 20 pb and a combined tagging and acceptance efficiency of 0.55; the uncertainty is "
        "dominated by the modelling of tt̄ production and by the luminosity.",
        indent=False,
    ),
)

REFERENCES = (
    "M. Czakon, P. Fiedler and A. Mitov, Total top-quark pair-production cross section at hadron "
    "colliders through O(αS^4), Phys. Rev. Lett. 110 (2013) 252004, arXiv:1303.6254 [hep-ph].",
    "M. Cacciari, G. P. Salam and G. Soyez, The anti-kt jet clustering algorithm, JHEP 04 (2008) 063, "
    "arXiv:0802.1189 [hep-ph].",
    "G. Aad et al., Measurement of the tt̄ production cross-section and lepton differential "
    "distributions in eμ dilepton events from pp collisions at √s = 13 TeV, Eur. Phys. J. C 80 (2020) "
    "528, arXiv:1910.08819 [hep-ex].",
)

PAPER = Paper(
    name="ttbar",
    arxiv="",
    title="Measurement of the top-quark pair production cross-section in eμ events with b-tagged jets at √s = 13 TeV",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("loosely"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example letter (held-out text for the miner), typeset with PyMuPDF",
    date="2025-07-14",
    keywords=("top quark", "cross-section", "eμ channel", "b-tagging"),
    role="held-out analysis text for the miner",
)
