"""Example paper "hzz4l": an H→ZZ*→4ℓ measurement written in the style of a journal paper.

The facts follow the published ATLAS 2015–2016 analysis (JHEP 10 (2017) 132, JHEP 03 (2018) 095);
every sentence is our own. Lepton identification and isolation are delegated to Ref. [12], the
example paper "leptonperf". Many numbers are deliberately not cuts (luminosity, cross sections,
uncertainties, detector dimensions, generator versions, trigger thresholds).
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
S = lambda text: Heading(text, level=2)  # noqa: E731 - a sub-section heading

ABSTRACT = (
    "A measurement of Higgs boson production in the decay channel H → ZZ^{*} → 4ℓ, where ℓ stands for "
    "an electron or a muon, is reported. The analysis uses 36.1 fb^{−1} of proton–proton collision data "
    "at a centre-of-mass energy √s = 13 TeV, recorded with a general-purpose detector at the LHC during "
    "2015 and 2016. Events with two same-flavour, opposite-charge lepton pairs are selected, and the "
    "four-lepton invariant mass spectrum shows a clear resonance near 125 GeV. In the fiducial region "
    "115 < m_{4ℓ} < 130 GeV, the cross-section times branching ratio is measured to be "
    "3.62 ± 0.50 (stat.) ^{+0.25}_{−0.20} (syst.) fb, compared with a Standard Model prediction of "
    "2.91 ± 0.13 fb. The inclusive production cross-section, extrapolated to the full phase space, is "
    "69 ± 10 (stat.) ± 5 (syst.) pb, in agreement with the prediction of 55.6 ± 3.8 pb."
)

BLOCKS = (
    H("Introduction"),
    P(
        "The observation of a Higgs boson by two collaborations at the Large Hadron Collider (LHC) "
        "in 2012 [1, 2] opened a programme of precision measurements of its properties. The combined "
        "mass measurement from the 7 and 8 TeV data sets gives m_{H} = 125.09 ± 0.24 GeV [3]. "
        "Among the accessible decay modes, the four-lepton final state H → ZZ^{*} → 4ℓ has a small "
        "branching fraction, about 1.25 × 10^{−4} for ℓ = e, μ, but it offers a fully reconstructed "
        "final state, an excellent mass resolution of 1.6 to 2.2 GeV and a high signal-to-background "
        "ratio. It was one of the two channels that drove the discovery.",
        indent=False,
    ),
    P(
        "In the Standard Model, the Higgs boson is produced at the LHC mainly through gluon–gluon fusion "
        "(about 87% of the total cross-section at √s = 13 TeV), followed by vector-boson fusion (7%), "
        "associated production with a W or Z boson (4%) and associated production with a top-quark pair "
        "(1%). Measurements of the production cross-sections, both in a fiducial volume close to the "
        "detector acceptance and extrapolated to the full phase space, test these predictions with "
        "little dependence on theoretical assumptions. A fiducial measurement, in particular, avoids "
        "most of the model dependence that enters through the acceptance correction."
    ),
    P(
        "This paper describes a measurement of the production cross-section in the four-lepton "
        "channel with the data collected at √s = 13 TeV in 2015 and 2016, corresponding to an "
        "integrated luminosity of 36.1 fb^{−1}. Compared with the Run 1 analyses based on 4.5 fb^{−1} "
        "at 7 TeV and 20.3 fb^{−1} at 8 TeV, the larger energy raises the gluon–gluon fusion cross-section "
        "by a factor of about 2.3, so that the present data set contains roughly ten times more signal "
        "events. The analysis strategy follows earlier work [17, 18]: leptons of high quality are "
        "combined into candidate Z boson pairs, the reducible backgrounds are estimated from control "
        "samples in data, and the signal yield is extracted from the four-lepton mass distribution."
    ),
    P(
        "Section 2 gives a short description of the detector. The data and simulated samples are listed in "
        "Section 3, and Section 4 describes how electrons, muons and jets are reconstructed. The event "
        "selection is detailed in Section 5, the background estimates in Section 6, the systematic "
        "uncertainties in Section 7 and the results in Section 8."
    ),
    H("The detector"),
    P(
        "The detector [4] is a multipurpose particle detector with a forward–backward symmetric "
        "cylindrical geometry that covers nearly the entire solid angle around the collision point. "
        "An inner tracking detector, immersed in a 2 T axial magnetic field from a thin superconducting "
        "solenoid, measures charged-particle tracks in the pseudorapidity range |η| < 2.5. It consists "
        "of silicon pixel and microstrip detectors and a straw-tube transition radiation tracker. "
        "Since 2015 an additional pixel layer, the insertable B-layer [5], is installed at a mean "
        "radius of 33 mm around a new, narrower beam pipe.",
        indent=False,
    ),
    P(
        "Lead/liquid-argon sampling calorimeters with high granularity measure electromagnetic "
        "energy deposits for |η| < 3.2. Hadronic showers are measured by a steel/scintillator tile "
        "calorimeter in the central region, |η| < 1.7, and by copper/liquid-argon calorimeters in the "
        "endcaps, while forward calorimeters extend the coverage to |η| = 4.9. The muon spectrometer "
        "surrounds the calorimeters; three large air-core toroidal magnets with eight coils each provide "
        "a field integral between 2.0 and 6.0 T m across most of the detector. Precision chambers "
        "cover the region |η| < 2.7, and fast trigger chambers the region |η| < 2.4."
    ),
    P(
        "A right-handed coordinate system is used, with the origin at the nominal interaction point "
        "and the z-axis along the beam pipe. Cylindrical coordinates (r, φ) are used in the transverse "
        "plane, φ being the azimuthal angle around the beam axis. The pseudorapidity is defined in terms "
        "of the polar angle θ as η = −ln tan(θ/2), and angular distances are measured in units of"
    ),
    Equation("ΔR ≡ √((Δη)^{2} + (Δφ)^{2}) .", 1),
    P(
        "The trigger system [6] has two levels: a hardware-based first level reduces the event rate "
        "to at most 100 kHz, and a software-based high-level trigger reduces it further to about 1 kHz "
        "on average.",
        indent=False,
    ),
    H("Data and simulated samples"),
    P(
        "The data were recorded in 2015 and 2016 with proton bunches colliding every 25 ns. After the "
        "requirements that all detector subsystems were operational, the data correspond to an "
        "integrated luminosity of 36.1 fb^{−1}, with an uncertainty of 3.2% determined from beam-separation "
        "scans [7]. The mean number of interactions per bunch crossing was 13.7 in 2015 and 24.9 in 2016.",
        indent=False,
    ),
    P(
        "Higgs boson production by gluon–gluon fusion was simulated with the Powheg-Box v2 generator [8] "
        "at next-to-next-to-leading order in QCD, interfaced to Pythia 8.212 [9] for the parton shower, "
        "hadronisation and underlying event. Vector-boson fusion and associated production with a W or "
        "Z boson were generated with Powheg-Box at next-to-leading order, and tt̄H production with "
        "MadGraph5_aMC@NLO 2.3.2. The samples are normalised to the cross-sections recommended in "
        "Ref. [19]: 48.6 pb for gluon–gluon fusion with a theory uncertainty of ^{+4.6}_{−6.7}%, 3.78 pb "
        "for vector-boson fusion (±2.2%), 1.37 pb for WH, 0.88 pb for ZH and 0.51 pb for tt̄H, all for "
        "m_{H} = 125 GeV. The H → ZZ^{*} → 4ℓ branching ratio is taken from Hdecay and Prophecy4f, with a "
        "relative uncertainty of ±2.2%."
    ),
    P(
        "The non-resonant ZZ^{*} background from quark–antiquark annihilation was simulated with "
        "Sherpa 2.2.2 [10] at next-to-leading order for zero and one additional parton and at leading "
        "order for two and three partons; the gluon-initiated contribution, gg → ZZ^{*}, was generated at "
        "leading order and scaled by a K-factor of 1.7 ± 1.0. The Z + jets background was modelled with "
        "Sherpa 2.2.1 and the tt̄ background with Powheg-Box v2 and Pythia 8.186. Triboson processes "
        "(ZZZ, WZZ, WWZ) and tt̄Z production were simulated with Sherpa and MadGraph5_aMC@NLO. The "
        "parton distribution functions were NNPDF3.0 [21] for most samples and CT10 for the Sherpa ones."
    ),
    P(
        "The generated events were passed through a Geant4-based simulation of the detector [11] and "
        "reconstructed with the same software as the data. Additional inelastic interactions in the same "
        "and neighbouring bunch crossings (pile-up) were overlaid, and the simulated events were "
        "reweighted to reproduce the pile-up profile of the data."
    ),
    P(
        "To study the dependence of the acceptance on the Higgs boson mass, signal samples were also "
        "generated for masses of 120, 122, 124, 126, 128 and 130 GeV, and the predictions are "
        "interpolated between them. The natural width of the Higgs boson, 4.1 MeV in the Standard "
        "Model, is far below the experimental resolution. Next-to-leading-order electroweak "
        "corrections to the qq̄ → ZZ^{*} process, which reduce the cross-section by up to 4% at high "
        "four-lepton mass, are applied as a function of the invariant mass of the boson pair."
    ),
    H("Reconstruction of physics objects"),
    S("Electrons"),
    P(
        "Electrons are reconstructed from energy clusters in the electromagnetic calorimeter that are "
        "matched to a track in the inner detector; the track is refitted with a Gaussian-sum filter "
        "that accounts for bremsstrahlung losses. Electron candidates must have a transverse energy "
        "E_{T} exceeding 7 GeV and a pseudorapidity |η| < 2.47. They must satisfy the loose likelihood "
        "identification described in Ref. [12], which combines shower-shape, track-quality and "
        "track–cluster matching variables into one discriminant, and their track must have a hit in the "
        "innermost pixel layer. The electron energy scale is calibrated with Z → ee decays to a precision "
        "of 0.1% or better in the central region [12].",
        indent=False,
    ),
    S("Muons"),
    P(
        "Muon candidates are reconstructed by combining tracks in the inner detector with tracks in the "
        "muon spectrometer [13]. Muons are required to have a transverse momentum p_{T} > 5 GeV and a "
        "pseudorapidity |η| < 2.7, and to satisfy the loose identification criteria of Ref. [12]. In the "
        "central region, where the spectrometer has a gap for services, muons identified by a calorimeter "
        "deposit consistent with a minimum-ionising particle are also accepted, and in the most forward "
        "region stand-alone spectrometer tracks extend the coverage beyond that of the inner detector. "
        "At most one such calorimeter-tagged or stand-alone muon is allowed in a quadruplet.",
        indent=False,
    ),
    S("Impact parameters and isolation"),
    P(
        "Leptons are required to originate from the primary vertex. The longitudinal impact parameter "
        "must satisfy |z_{0} sin θ| < 0.5 mm for electrons and muons alike. The significance of the "
        "transverse impact parameter, |d_{0}|/σ(d_{0}), must be smaller than 5 for electrons and "
        "smaller than 3 for muons, which suppresses leptons from heavy-flavour hadron decays. Muons with "
        "a transverse impact parameter |d_{0}| above 1 mm are rejected, since they are likely to come from "
        "cosmic rays.",
        indent=False,
    ),
    P(
        "Leptons from the Higgs boson decay are expected to be isolated from other particles. Each lepton "
        "of a quadruplet must pass the track-based and calorimeter-based isolation criteria of Ref. [12]; "
        "when the isolation variables are computed, the contributions of the other leptons of the "
        "quadruplet are removed from the isolation cone, so that nearby leptons from the same Z boson do "
        "not spoil each other's isolation."
    ),
    S("Jets"),
    P(
        "Jets are reconstructed from topological clusters of calorimeter cells with the anti-k_{t} "
        "algorithm [14, 15] with a radius parameter R = 0.4. They are calibrated with a sequence of "
        "simulation-based and in situ corrections, and the jet energy scale uncertainty ranges from 1% "
        "to 4.5% depending on p_{T} and η. Jets are required to have p_{T} > 30 GeV and |η| < 4.5. Jets "
        "from pile-up interactions are suppressed with a track-based discriminant. To remove ambiguities, "
        "an electron that shares its track with a muon is discarded, and jets lying within ΔR < 0.2 of a "
        "selected electron are removed. Jets do not enter the four-lepton selection; they are only used "
        "to classify the selected events into production-mode categories.",
        indent=False,
    ),
    S("Final-state radiation"),
    P(
        "Leptons from Z boson decays often radiate photons. Photons that are nearly collinear with a "
        "muon are found as clusters in the electromagnetic calorimeter close to the extrapolated muon "
        "track, while photons emitted at larger angles are reconstructed as isolated photon "
        "candidates. At most one photon per event is added to the four-lepton system, and only if the "
        "resulting leading-pair mass moves towards, but not beyond, the Z boson mass. In simulation, "
        "about 4% of the signal events receive such a correction, and the m_{4ℓ} resolution of these "
        "events improves markedly.",
        indent=False,
    ),
    H("Event selection"),
    P(
        "Events were recorded with a combination of single-lepton, dilepton and trilepton triggers. "
        "The transverse-momentum thresholds of the lowest unprescaled single-lepton triggers rose from "
        "24 GeV in 2015 to 26 GeV in 2016 as the instantaneous luminosity increased, and the combined "
        "trigger efficiency for signal events that pass the offline selection is about 98% (Figure 4). Each event "
        "must contain at least one reconstructed vertex with ≥ 2 associated tracks of transverse "
        "momentum above 400 MeV; the vertex with the largest sum of squared track momenta is taken as "
        "the primary vertex.",
        indent=False,
    ),
    P(
        "Four-lepton candidates, called quadruplets, are formed from the selected leptons by taking two "
        "same-flavour, opposite-sign (SFOS) lepton pairs. The three highest-p_{T} leptons of each "
        "quadruplet must satisfy p_{T} > 20 GeV, p_{T} > 15 GeV and p_{T} > 10 GeV, respectively. "
        "Within a quadruplet, the SFOS pair with the invariant mass closest to the Z boson mass, "
        "m_{Z} = 91.1876 GeV [20], is called the leading pair and its mass is denoted m_{12}; the "
        "remaining pair is the subleading pair, with mass m_{34}. Quadruplets are classified into the "
        "channels 4μ, 2e2μ, 2μ2e and 4e, where the first flavour is that of the leading pair."
    ),
    P(
        "The leading-pair mass must lie between 50 GeV and 106 GeV. The subleading-pair mass must be "
        "below 115 GeV and above a threshold that equals 12 GeV for m_{4ℓ} < 140 GeV, rises linearly "
        "to 50 GeV at m_{4ℓ} = 190 GeV and stays at 50 GeV for larger four-lepton masses. This "
        "threshold keeps the signal efficiency high at low mass while rejecting more of the ZZ^{*} "
        "background at high mass."
    ),
    P(
        "The leptons of a quadruplet must be well separated: ΔR > 0.10 is required for every pair of "
        "leptons of the same flavour and ΔR > 0.20 for every pair of different flavour. To reject "
        "contributions from J/ψ decays, a quadruplet is discarded if any SFOS pair formed from its "
        "leptons, including the alternative pairing possible in the 4e and 4μ channels, has an "
        "invariant mass below 5 GeV. The impact-parameter and isolation requirements of Section 4.3 are "
        "then applied to the four leptons."
    ),
    P(
        "Finally, the four lepton tracks are fitted to a common vertex, and quadruplets are kept if the "
        "fit satisfies χ^{2}/N_{dof} < 6 in the 4μ channel and χ^{2}/N_{dof} < 9 in the 2e2μ, 2μ2e "
        "and 4e channels. This requirement removes a further fraction of the Z + jets and tt̄ "
        "backgrounds with a signal efficiency above 99%."
    ),
    P(
        "If more than one quadruplet in an event passes all the requirements above, the one with m_{12} "
        "closest to m_{Z} is retained; if two quadruplets share the same leading pair, the one whose "
        "m_{34} is closest to m_{Z} is chosen. Only one candidate per event is kept, and when candidates "
        "of several channels survive, the channels are considered in the order 4μ, 2e2μ, 2μ2e, 4e."
    ),
    P(
        "The four-lepton mass is corrected for final-state radiation by adding collinear and "
        "non-collinear photons to the leptons, and a kinematic fit constrains m_{12} to the Z boson "
        "line shape, which improves the m_{4ℓ} resolution by about 15%. The fiducial signal region is "
        "defined by 115 < m_{4ℓ} < 130 GeV. The requirements are summarised in Table 1, and the "
        "selection efficiency for signal events in the fiducial volume is 31% in the 4e channel and 46% "
        "in the 4μ channel."
    ),
    Table(
        1,
        "Summary of the event selection. The requirements are applied in the order listed; "
        "m_{thr} denotes the m_{34} threshold that depends on m_{4ℓ} (see text).",
        ("Step", "Requirement"),
        (
            ("Electrons", "E_{T} > 7 GeV, |η| < 2.47, loose likelihood identification"),
            ("Muons", "p_{T} > 5 GeV, |η| < 2.7, loose identification"),
            ("Jets", "p_{T} > 30 GeV, |η| < 4.5, removed within ΔR < 0.2 of an electron"),
            ("Quadruplet", "two SFOS pairs; leading leptons p_{T} > 20, 15, 10 GeV"),
            ("Leading pair", "50 < m_{12} < 106 GeV"),
            (
                "Subleading pair",
                "m_{thr} < m_{34} < 115 GeV, m_{thr} = 12 → 50 GeV for 140 < m_{4ℓ} < 190 GeV",
            ),
            ("Separation", "ΔR(ℓ, ℓ′) > 0.10 (0.20) for same (different) flavour"),
            ("J/ψ veto", "m(ℓℓ) > 5 GeV for all SFOS pairs"),
            (
                "Impact parameters",
                "|z_{0} sin θ| < 0.5 mm; |d_{0}|/σ(d_{0}) < 5 (3) for e (μ); muon |d_{0}| < 1 mm",
            ),
            ("Isolation", "track and calorimeter isolation of Ref. [12]"),
            ("Vertex fit", "χ^{2}/N_{dof} < 6 (4μ), < 9 (other channels)"),
            ("Candidate choice", "m_{12} closest to m_{Z}, then m_{34} closest to m_{Z}"),
            ("Signal region", "115 < m_{4ℓ} < 130 GeV"),
        ),
        align="ll",
        wide=True,
    ),
    H("Signal modelling and mass resolution"),
    P(
        "The four-lepton mass resolution depends on the final state because electrons and muons are "
        "measured with different detector systems. For m_{H} = 125 GeV the expected resolution is "
        "1.6 GeV in the 4μ channel, 1.8 GeV in the 2e2μ and 2μ2e channels and 2.2 GeV in the 4e channel, "
        "after the corrections for final-state radiation and the kinematic fit. The signal shape is "
        "described by a double-sided Crystal Ball function whose parameters are interpolated linearly "
        "in m_{H}. Figure 2 shows the leading-pair mass of the selected candidates.",
        indent=False,
    ),
    Figure(
        2,
        "Distribution of the leading-pair mass m_{12} for candidates with 115 < m_{4ℓ} < 130 GeV, "
        "compared with the expectation. The distribution peaks at the Z boson mass.",
        "m_{12} [GeV]",
        "Events / 2 GeV",
        (50.0, 106.0),
        shape="peak",
        peak=91.0,
        width=3.0,
    ),
    P(
        "The total efficiency of the selection for signal events with all four leptons inside the "
        "detector acceptance depends strongly on the lepton flavour: for m_{H} = 125 GeV it is about "
        "31% in the 4e channel, 38% in the 2μ2e channel, 41% in the 2e2μ channel and 46% in the 4μ "
        "channel. The lower values for electrons come mainly from the reconstruction and "
        "identification of electrons with E_{T} below 15 GeV, whose efficiency is about 85%."
    ),
    Figure(
        4,
        "Efficiency of the trigger combination for simulated signal events that pass the offline "
        "selection, as a function of the transverse momentum of the leading lepton of the quadruplet.",
        "p_{T}^{lead} [GeV]",
        "Efficiency",
        (0.0, 60.0),
        shape="efficiency",
        peak=19.0,
        width=2.5,
    ),
    P(
        "The efficiency after each step of the selection is listed for the signal in Table 4 (appendix). "
        "The largest losses come from the lepton reconstruction and identification, and from the "
        "kinematic requirements on the leptons; the isolation, impact-parameter and vertex requirements "
        "together remove fewer than 10% of the remaining signal events."
    ),
    H("Event categories"),
    P(
        "For measurements of the individual production modes, the selected events are classified into "
        "categories according to the number of jets, the invariant mass of the two leading jets and the "
        "presence of additional leptons. Events with two or more jets and a large dijet mass are "
        "enriched in vector-boson fusion, events with additional leptons in associated production, and "
        "the remaining events are split by the transverse momentum of the four-lepton system. A "
        "boosted decision tree trained on simulated events improves the separation in each category. "
        "The fractions of the expected signal in the zero-jet, one-jet and multi-jet categories are "
        "58%, 27% and 15%, respectively.",
        indent=False,
    ),
    H("Background estimation"),
    P(
        "The largest background is the non-resonant ZZ^{*} production, which is estimated from "
        "simulation normalised to the theoretical cross-section. Its uncertainty is dominated by the "
        "modelling of the gluon-initiated component and by the parton distribution functions, with a "
        "total of about 6% in the signal region.",
        indent=False,
    ),
    P(
        "The reducible backgrounds from Z + jets and tt̄ production, which contain at least one "
        "non-prompt lepton, are estimated with data-driven methods. Control regions are built by "
        "relaxing or inverting the impact-parameter and isolation requirements on the subleading "
        "pair, separately for pairs of muons and pairs of electrons. The yields are extrapolated to the "
        "signal region with transfer factors measured in samples enriched in Z + μ and Z + e events. For "
        "the ℓℓ + μμ final states the relative uncertainty of the estimate is 14%, and for ℓℓ + ee it is "
        "18%. The expected and observed yields in the signal region are listed in Table 2."
    ),
    Table(
        2,
        "Expected and observed numbers of events with 115 < m_{4ℓ} < 130 GeV for 36.1 fb^{−1}. The "
        "uncertainties combine statistical and systematic sources.",
        ("Channel", "Signal", "ZZ^{*}", "Z + jets, tt̄", "Expected", "Observed"),
        (
            ("4μ", "21.0 ± 1.7", "10.9 ± 0.8", "1.2 ± 0.2", "33.1 ± 1.9", "38"),
            ("2e2μ", "14.8 ± 1.1", "7.6 ± 0.5", "0.9 ± 0.1", "23.3 ± 1.2", "32"),
            ("2μ2e", "11.6 ± 0.9", "5.8 ± 0.4", "1.3 ± 0.2", "18.7 ± 1.0", "20"),
            ("4e", "11.3 ± 1.0", "5.0 ± 0.4", "1.2 ± 0.2", "17.5 ± 1.1", "25"),
            ("Total", "58.7 ± 4.0", "29.3 ± 1.9", "4.6 ± 0.6", "92.6 ± 4.5", "115"),
        ),
        align="lrrrrr",
        wide=True,
    ),
    H("Systematic uncertainties"),
    P(
        "The uncertainty in the integrated luminosity, 3.2%, affects all simulated samples. The "
        "uncertainties in the lepton reconstruction, identification and isolation efficiencies are taken "
        "from the performance studies of Refs. [12, 13]; they amount to 0.5% to 1.0% per muon and 1% to "
        "8% per electron, the largest values applying to electrons with E_{T} below 15 GeV. Lepton "
        "energy-scale and resolution uncertainties shift the m_{4ℓ} peak by at most 0.05% for muons and "
        "0.3% for electrons. The uncertainties in the jet energy scale and resolution matter only for "
        "the event categories.",
        indent=False,
    ),
    P(
        "Theoretical uncertainties in the signal acceptance arise from the choice of QCD scales (up to "
        "4%), the parton distribution functions (2%) and the parton-shower model (3%). For the "
        "extrapolation of the fiducial measurement to the total cross-section, the acceptance of the "
        "fiducial volume, 0.43 ± 0.01, is taken from simulation."
    ),
    Table(
        3,
        "Relative systematic uncertainties, in percent, in the expected signal and background yields in "
        "the signal region.",
        ("Source", "Signal", "ZZ^{*}", "Reducible"),
        (
            ("Luminosity", "3.2", "3.2", "–"),
            ("Electron efficiency", "2.6", "2.2", "–"),
            ("Muon efficiency", "1.1", "0.9", "–"),
            ("Data-driven method", "–", "–", "15"),
            ("QCD scale", "4.0", "5.0", "–"),
            ("Parton distributions", "2.0", "3.0", "–"),
            ("Parton shower", "3.0", "1.5", "–"),
        ),
        align="lrrr",
    ),
    H("Results"),
    P(
        "The distribution of the four-lepton invariant mass after the full selection is shown in Figure 1. "
        "In the fiducial region 115 observed events are found, compared with 92.6 ± 4.5 expected for "
        "m_{H} = 125 GeV, of which 33.9 ± 2.0 events are expected from background processes; the "
        "excess corresponds to a local significance well above 5σ. Outside the signal region, the data agree with the ZZ^{*} "
        "expectation over the mass range from 80 GeV to 1 TeV.",
        indent=False,
    ),
    Figure(
        1,
        "Distribution of the four-lepton invariant mass for the selected candidates (points) compared "
        "with the expectation (histogram) for a Higgs boson with m_{H} = 125 GeV. The bin width is "
        "2.5 GeV.",
        "m_{4ℓ} [GeV]",
        "Events / 2.5 GeV",
        (80.0, 170.0),
        shape="peak",
        peak=125.0,
        width=2.4,
    ),
    P(
        "A fit of the m_{4ℓ} distribution yields the fiducial cross-section times branching ratio "
        "σ_{fid} = 3.62 ± 0.50 (stat.) ^{+0.25}_{−0.20} (syst.) fb, to be compared with the Standard Model "
        "prediction of 2.91 ± 0.13 fb. Separately for the final states, the measured values are "
        "0.92 ± 0.23 fb for 4μ, 0.87 ± 0.25 fb for 4e and 1.84 ± 0.31 fb for the mixed-flavour channels."
    ),
    P(
        "Dividing by the branching ratio and the fiducial acceptance, the total cross-section for Higgs "
        "boson production at √s = 13 TeV is σ(pp → H) = 69 ± 10 (stat.) ± 5 (syst.) pb, in agreement "
        "with the prediction of 55.6 ± 3.8 pb. The signal strength relative to the Standard Model is "
        "μ = 1.28 ^{+0.21}_{−0.19}, with a χ^{2} probability of 0.42 for the compatibility of the four "
        "channels."
    ),
    P(
        "Differential cross-sections were measured as functions of the transverse momentum and the "
        "rapidity of the four-lepton system, the number of jets and the transverse momentum of the "
        "leading jet. Figure 3 shows the transverse momentum of the four-lepton system; the data agree "
        "with the predictions of the generators at the level of 1.5 standard deviations or better in "
        "all bins. The largest deviation is seen in the bin from 30 to 60 GeV, where the measured value "
        "exceeds the prediction by 45%."
    ),
    Figure(
        3,
        "Transverse momentum of the four-lepton system for candidates in the signal region. The last bin "
        "includes the overflow.",
        "p_{T,4ℓ} [GeV]",
        "Events / 15 GeV",
        (0.0, 360.0),
        shape="falling",
    ),
    H("Comparison with earlier measurements"),
    P(
        "The results can be compared with those obtained at lower centre-of-mass energies. At 7 and 8 TeV, "
        "the fiducial cross-sections were 1.6 ± 0.4 fb and 2.1 ± 0.5 fb, respectively, and both agreed "
        "with the predictions. The increase of the fiducial cross-section with energy, a factor of about "
        "1.7 between 8 and 13 TeV, follows the expected rise of the gluon–gluon luminosity. The present "
        "result also agrees with the measurement by the CMS Collaboration with 35.9 fb^{−1} at the same "
        "energy, which found a signal strength of 1.05 ^{+0.19}_{−0.17}.",
        indent=False,
    ),
    H("Conclusion"),
    P(
        "The production of Higgs bosons in the H → ZZ^{*} → 4ℓ decay channel was measured with 36.1 fb^{−1} "
        "of proton–proton collisions at √s = 13 TeV. The fiducial and total cross-sections are in "
        "agreement with the Standard Model predictions within about 1.3 standard deviations. The "
        "precision is limited by the statistical uncertainty, which will be reduced substantially with "
        "the data set recorded in 2017 and 2018.",
        indent=False,
    ),
    H("Acknowledgements"),
    P(
        "This document was written to exercise the hep-repro tools for reading papers and reproducing "
        "event selections. Its numbers follow the published four-lepton measurements with the 2015 and "
        "2016 data [17, 18], which were made possible by the excellent performance of the LHC and by "
        "the computing resources of the Worldwide LHC Computing Grid. Any resemblance of the sentences "
        "to those of the original papers is unintended: the text was written from scratch.",
        indent=False,
    ),
    H("Appendix: signal efficiency per selection step"),
    P(
        "Table 4 lists the fraction of simulated gluon–gluon fusion signal events with m_{H} = 125 GeV that "
        "remain after each step, relative to the events with four generated leptons in the detector "
        "acceptance. The numbers are given for the two same-flavour channels; the mixed channels lie in "
        "between.",
        indent=False,
    ),
    Table(
        4,
        "Cumulative signal efficiency, in percent, after each step of the selection.",
        ("Step", "4μ", "4e"),
        (
            ("Trigger", "99.1", "98.0"),
            ("Lepton reconstruction and identification", "83.5", "62.9"),
            ("Quadruplet with lepton p_{T} thresholds", "70.2", "52.0"),
            ("Leading-pair mass window", "66.0", "48.1"),
            ("Subleading-pair mass window", "58.3", "41.8"),
            ("Separation and J/ψ veto", "58.0", "41.1"),
            ("Impact parameters and isolation", "52.6", "35.4"),
            ("Vertex fit", "52.2", "35.2"),
            ("Signal mass window", "46.1", "31.0"),
        ),
        align="lrr",
    ),
)

REFERENCES = (
    "G. Aad et al., Observation of a new particle in the search for the Standard Model Higgs boson with "
    "the ATLAS detector at the LHC, Phys. Lett. B 716 (2012) 1, arXiv:1207.7214 [hep-ex].",
    "S. Chatrchyan et al., Observation of a new boson at a mass of 125 GeV with the CMS experiment at "
    "the LHC, Phys. Lett. B 716 (2012) 30, arXiv:1207.7235 [hep-ex].",
    "G. Aad et al., Combined measurement of the Higgs boson mass in pp collisions at √s = 7 and 8 TeV, "
    "Phys. Rev. Lett. 114 (2015) 191803, arXiv:1503.07589 [hep-ex].",
    "The ATLAS Collaboration, The ATLAS Experiment at the CERN Large Hadron Collider, JINST 3 (2008) S08003.",
    "The ATLAS Collaboration, ATLAS Insertable B-Layer Technical Design Report, CERN-LHCC-2010-013.",
    "M. Aaboud et al., Performance of the ATLAS trigger system in 2015, Eur. Phys. J. C 77 (2017) 317, "
    "arXiv:1611.09661 [hep-ex].",
    "M. Aaboud et al., Luminosity determination in pp collisions at √s = 8 TeV using the ATLAS detector "
    "at the LHC, Eur. Phys. J. C 76 (2016) 653, arXiv:1608.03953 [hep-ex].",
    "S. Frixione, P. Nason and C. Oleari, Matching NLO QCD computations with parton shower "
    "simulations: the POWHEG method, JHEP 11 (2007) 070, arXiv:0709.2092 [hep-ph].",
    "T. Sjöstrand et al., An introduction to PYTHIA 8.2, Comput. Phys. Commun. 191 (2015) 159, "
    "arXiv:1410.3012 [hep-ph].",
    "T. Gleisberg et al., Event generation with SHERPA 1.1, JHEP 02 (2009) 007, arXiv:0811.4622 [hep-ph].",
    "G. Aad et al., The ATLAS Simulation Infrastructure, Eur. Phys. J. C 70 (2010) 823, "
    "arXiv:1005.4568 [physics.ins-det].",
    "The hep-repro example collaboration, Electron and muon identification and isolation for the "
    "2015–2016 data set, example document, arXiv:1902.04655 [hep-ex].",
    "G. Aad et al., Muon reconstruction performance of the ATLAS detector in proton–proton collision "
    "data at √s = 13 TeV, Eur. Phys. J. C 76 (2016) 292, arXiv:1603.05598 [hep-ex].",
    "M. Cacciari, G. P. Salam and G. Soyez, The anti-k_{t} jet clustering algorithm, JHEP 04 (2008) 063, "
    "arXiv:0802.1189 [hep-ph].",
    "M. Cacciari, G. P. Salam and G. Soyez, FastJet user manual, Eur. Phys. J. C 72 (2012) 1896, "
    "arXiv:1111.6097 [hep-ph].",
    "The ATLAS Collaboration, Tagging and suppression of pileup jets, ATL-PHYS-PUB-2014-001.",
    "M. Aaboud et al., Measurement of inclusive and differential cross sections in the H → ZZ^{*} → 4ℓ "
    "decay channel in pp collisions at √s = 13 TeV, JHEP 10 (2017) 132, arXiv:1708.02810 [hep-ex].",
    "M. Aaboud et al., Measurement of the Higgs boson coupling properties in the H → ZZ^{*} → 4ℓ decay "
    "channel at √s = 13 TeV, JHEP 03 (2018) 095, arXiv:1712.02304 [hep-ex].",
    "D. de Florian et al., Handbook of LHC Higgs Cross Sections: 4. Deciphering the Nature of the "
    "Higgs Sector, CERN Yellow Reports, arXiv:1610.07922 [hep-ph].",
    "C. Patrignani et al. (Particle Data Group), Review of Particle Physics, Chin. Phys. C 40 (2016) 100001.",
    "R. D. Ball et al., Parton distributions for the LHC Run II, JHEP 04 (2015) 040, "
    "arXiv:1410.8849 [hep-ph].",
)

PAPER = Paper(
    name="hzz4l",
    arxiv="",
    title="Measurement of Higgs boson production in the H → ZZ^{*} → 4ℓ decay channel with 36.1 fb^{−1} "
    "of proton–proton collisions at √s = 13 TeV",
    authors=EXAMPLE_AUTHORS,
    affiliation=example_disclaimer("where stated"),
    abstract=ABSTRACT,
    blocks=BLOCKS,
    references=REFERENCES,
    journal="Example journal paper, typeset with PyMuPDF",
    date="2025-01-15",
    keywords=("Higgs boson", "four leptons", "cross-section", "13 TeV"),
    role="main analysis (H→ZZ*→4ℓ benchmark)",
)
