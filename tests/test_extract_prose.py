"""The miner on prose and table patterns that real papers use and that no example paper states in
these words: transverse energy and E_T/m, exclusion ranges, isolation in words, overlap removal
in words, jet and b-jet counts, ranges, |Δφ|, missing momentum, and descriptions of detector or
control regions that must not become cuts."""

from __future__ import annotations

import pytest

from assistant.extract import extract
from assistant.extract.reading import count_row, header_cells, table_rows
from assistant.extract.text import document_from_text
from assistant.selection import Cut


def cuts_of(text: str | list[str]) -> list[Cut]:
    return list(extract(document_from_text(text)).selection.cuts)


def described(text: str | list[str]) -> set[str]:
    """Each cut as 'object variable op value', labels of counts appended, all grounded."""
    cuts = cuts_of(text)
    for cut in cuts:
        assert cut.evidence and cut.evidence[0].grounded is True, cut.describe()
        assert "ungrounded" not in cut.flags, cut.describe()
    return {cut.describe() for cut in cuts}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # transverse energy and exclusion ranges
        (
            "Photons are selected if their transverse energy E_T exceeds 30 GeV and |η| < 2.37, "
            "excluding the calorimeter crack 1.37 < |η| < 1.52.",
            {"photon et > 30 GeV", "photon abs_eta < 2.37", "photon abs_eta outside 1.37 and 1.52"},
        ),
        (
            "Electron clusters lying outside the transition region 1.37 < |η| < 1.52 are kept if they "
            "satisfy |η| < 2.47.",
            {"electron abs_eta < 2.47", "electron abs_eta outside 1.37 and 1.52"},
        ),
        (
            "The leading photon needs E_T/m_γγ above 0.4 and the subleading one E_T/m_γγ above 0.3.",
            {"photon[1] pt_over_mass > 0.4", "photon[2] pt_over_mass > 0.3"},
        ),
        # isolation in words, relative to the object named
        (
            "The summed pT of tracks within ΔR = 0.3 of the muon has to stay below 5% of the muon pT.",
            {"muon iso_track < 0.05"},
        ),
        (
            "The energy deposited in calorimeter clusters within ΔR = 0.2 of the electron may not exceed "
            "10% of the electron transverse energy.",
            {"electron iso_calo <= 0.1"},
        ),
        # overlap removal in words
        ("Any electron closer than ΔR = 0.4 to a selected jet is discarded.", {"electron overlap_dr > 0.4"}),
        ("A muon found within ΔR = 0.3 of a jet is removed from the event.", {"muon overlap_dr > 0.3"}),
        # counts, b-jets, pairs
        ("Events must contain at least two jets with pT > 25 GeV.", {"jet count >= 2", "jet pt > 25 GeV"}),
        ("We require at least one b-tagged jet.", {"jet count >= 1 (b_tagged)"}),
        (
            "Events with any b-tagged jet with pT above 20 GeV are rejected.",
            {"jet count == 0 (b_tagged)"},
        ),
        ("We keep events containing no b-tagged jets.", {"jet count == 0 (b_tagged)"}),
        (
            "We keep only events with exactly one electron and one muon of opposite charge.",
            {
                "electron count == 1",
                "muon count == 1",
                "dilepton sum_charge == 0",
                "dilepton flavour is different",
            },
        ),
        (
            "The photon transverse energy E_T must be at least 40 GeV for the leading photon.",
            {"photon[1] et >= 40 GeV"},
        ),
        # ranges, angles, missing momentum
        (
            "The dilepton invariant mass must lie between 81 and 101 GeV.",
            {"dilepton mass between 81 and 101 GeV"},
        ),
        (
            "The azimuthal separation between the two leptons, |Δφ_ℓℓ|, must be smaller than 1.8.",
            {"dilepton dphi < 1.8 rad"},
        ),
        ("The leading lepton must surpass 25 GeV in transverse momentum.", {"lepton[1] pt > 25 GeV"}),
        (
            "Events are required to have E_T^miss above 25 GeV and a transverse mass m_T of at least 50 GeV.",
            {"event met > 25 GeV", "event mt >= 50 GeV"},
        ),
        (
            "The missing transverse momentum, computed from all calibrated objects, must surpass 30 GeV.",
            {"event met > 30 GeV"},
        ),
        # a jet count with a b-tagged subset
        (
            "Events must contain two or more jets with pT > 30 GeV, at least one of which is b-tagged.",
            {"jet count >= 2", "jet pt > 30 GeV", "jet count >= 1 (b_tagged)"},
        ),
        (
            "We require at least three jets, exactly two of which are identified as b-jets.",
            {"jet count >= 3", "jet count == 2 (b_tagged)"},
        ),
        (
            "Events are required to contain at least four jets, of which at least two are b-tagged.",
            {"jet count >= 4", "jet count >= 2 (b_tagged)"},
        ),
        (
            "Events are selected with at least two jets with pT > 25 GeV, where at least one jet must be b-tagged.",
            {"jet count >= 2", "jet pt > 25 GeV", "jet count >= 1 (b_tagged)"},
        ),
        # a window around the Z mass, kept or vetoed: |m - mZ| > x is 'outside mZ - x and mZ + x'
        (
            "The dilepton invariant mass must lie outside a 15 GeV window around the Z mass.",
            {"dilepton mass outside 76.1876 and 106.188 GeV"},
        ),
        ("Events must satisfy |m_ℓℓ − m_Z| > 15 GeV.", {"dilepton mass outside 76.1876 and 106.188 GeV"}),
        ("We require |m_Z − m_ℓℓ| < 10 GeV.", {"dilepton mass between 81.1876 and 101.188 GeV"}),
        (
            "Events with m_ℓℓ within 10 GeV of the Z boson mass are rejected.",
            {"dilepton mass outside 81.1876 and 101.188 GeV"},
        ),
        (
            "A Z-boson veto removes events with |m_ℓℓ - 91 GeV| < 15 GeV.",
            {"dilepton mass outside 76.1876 and 106.188 GeV"},
        ),
        (
            "The invariant mass of the two leptons is required to differ from the Z boson mass by more than 15 GeV.",
            {"dilepton mass outside 76.1876 and 106.188 GeV"},
        ),
        # vetoes of further leptons are lepton counts, not cuts on the selected leptons
        ("Events with a third lepton with pT > 10 GeV are vetoed.", {"lepton count == 2"}),
        ("Events with three or more leptons are rejected.", {"lepton count <= 2"}),
        ("Events with more than two leptons are rejected.", {"lepton count <= 2"}),
        (
            "We keep events with exactly two leptons of opposite charge. "
            "Events containing additional leptons with pT > 10 GeV are rejected.",
            {"lepton count == 2", "dilepton sum_charge == 0"},
        ),
        (
            "We select events with exactly one electron and one muon. "
            "A veto on additional leptons with pT above 7 GeV is applied.",
            {"electron count == 1", "muon count == 1", "lepton count == 2", "dilepton flavour is different"},
        ),
        (
            "The event is rejected if it contains a third lepton passing the loose identification.",
            {"lepton count == 2"},
        ),
        (
            "We select events with at least one photon and no additional photons with E_T > 20 GeV.",
            {"photon count >= 1", "photon count == 1"},
        ),
        # H_T is the scalar sum of the jets' pT, not a jet pT
        ("The scalar sum of jet pT, H_T, must exceed 300 GeV.", {"event ht > 300 GeV"}),
        ("H_T must exceed 300 GeV.", {"event ht > 300 GeV"}),
        (
            "The scalar sum H_T of the transverse momenta of all jets with pT > 30 GeV must be greater than 600 GeV.",
            {"event ht > 600 GeV"},
        ),
        (
            "We select events with H_T > 1 TeV and E_T^miss > 200 GeV.",
            {"event ht > 1000 GeV", "event met > 200 GeV"},
        ),
        (
            "The scalar sum of the transverse momenta of all selected jets must be above 400 GeV.",
            {"event ht > 400 GeV"},
        ),
        # Δφ from the missing momentum says what it is measured against
        ("We require Δφ(jet, E_T^miss) > 0.4 for all jets.", {"jet dphi_met > 0.4 rad"}),
        (
            "The minimum Δφ between any jet and the missing momentum must be larger than 0.4.",
            {"jet dphi_met > 0.4 rad"},
        ),
        (
            "The azimuthal separation between the missing transverse momentum and the closest jet must be above 0.5.",
            {"jet dphi_met > 0.5 rad"},
        ),
        ("Leptons must satisfy |Δφ(ℓ, p_T^miss)| > 1.0.", {"lepton dphi_met > 1 rad"}),
        ("We require min Δφ(j, E_T^miss) > 0.4.", {"jet dphi_met > 0.4 rad"}),
        (
            "Jets must be separated from the missing transverse momentum by Δφ > 0.4.",
            {"jet dphi_met > 0.4 rad"},
        ),
        (
            "We require |Δφ_ℓℓ| < 1.8 and E_T^miss above 40 GeV.",
            {"dilepton dphi < 1.8 rad", "event met > 40 GeV"},
        ),
    ],
)
def test_sentence_gives_these_cuts(sentence: str, expected: set[str]) -> None:
    assert described(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The barrel calorimeter covers the region |η| < 1.475.",
        "Within the barrel region, |η| < 1.05, muons are reconstructed with a resolution of 2%.",
        "Electron candidates in the region |η| < 0.8, where the material is smallest, reach the best resolution.",
        "Inside the tracker acceptance, |η| < 2.5, jets are tested for b-hadron content.",
        "The top control region is defined by requiring exactly two b-tagged jets.",
        "The single-muon trigger thresholds were 20 GeV and 26 GeV.",
        # a veto of "additional" leptons when no count of the selected ones is stated
        "Events containing additional leptons with pT > 10 GeV are rejected.",
    ],
)
def test_region_and_description_sentences_give_no_cut(sentence: str) -> None:
    assert described(sentence) == set()


def test_a_region_phrase_does_not_hide_a_requirement_after_it() -> None:
    # only the fronted region is a description; the jets' own threshold is kept
    assert described("In the forward region, 2.5 < |η| < 4.5, only jets with pT > 30 GeV are used.") == {
        "jet pt > 30 GeV"
    }


def test_table_block_lines_are_rows_and_wrapped_cells_continue_them() -> None:
    assert table_rows("Number of jets | ≤ 1\npT^ℓℓ | > 30 GeV") == [
        "Number of jets | ≤ 1",
        "pT^ℓℓ | > 30 GeV",
    ]
    wrapped = table_rows("Pseudorapidity | < 2.37 (not | < 2.37 (not\n1.37–1.52) | 1.37–1.52)")
    assert wrapped == ["Pseudorapidity | < 2.37 (not 1.37–1.52) | < 2.37 (not 1.37–1.52)"]


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("Number of b-tagged jets (pT > 20 GeV)", "0", ("jet", "==", 0.0, ["b_tagged"])),
        ("Number of jets", "≤ 1", ("jet", "<=", 1.0, [])),
        ("Number of untagged jets (pT > 25 GeV)", "≥ 2", ("jet", ">=", 2.0, ["untagged"])),
        ("Number of non-b-tagged jets", "1", ("jet", "==", 1.0, ["untagged"])),
        ("N_jets", "≥ 2", ("jet", ">=", 2.0, [])),
        ("Number of leptons", "= 2", ("lepton", "==", 2.0, [])),
        ("Number of events", "1200", None),
        ("m_ℓℓ", "< 55 GeV", None),
    ],
)
def test_count_rows(label: str, value: str, expected: tuple[str, str, float, list[str]] | None) -> None:
    assert count_row(label, value) == expected


def test_a_requirements_table_without_object_columns() -> None:
    table = (
        "Table 2: Signal-region requirements.\n\n"
        "| Requirement | Value |\n"
        "| Number of b-tagged jets (pT > 20 GeV) | 0 |\n"
        "| Number of jets (pT > 30 GeV) | ≥ 2 |\n"
        "| p_T^ℓℓ | > 40 GeV |\n"
        "| |Δφ_ℓℓ| | < 2.0 |"
    )
    assert described(table) == {
        "jet count == 0 (b_tagged)",
        "jet count >= 2",
        "dilepton pt > 40 GeV",
        "dilepton dphi < 2 rad",
    }


def test_columns_headed_by_rank_rank_their_values() -> None:
    table = (
        "Table 1: Photon selection requirements.\n\n"
        "| Quantity | Leading photon | Subleading photon |\n"
        "| E_T/m_γγ | > 0.4 | > 0.3 |\n"
        "| |η| | < 2.37 | < 2.37 |"
    )
    assert described(table) == {
        "photon[1] pt_over_mass > 0.4",
        "photon[2] pt_over_mass > 0.3",
        "photon abs_eta < 2.37",
    }


# --- wordings no example paper uses: Δφ of a system or of ranked jets from the missing momentum,
# untagged jets, thresholds listed per rank without rank words, dielectron / dimuon systems


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the missing momentum named after Δφ, as its second argument: a Δφ, not an E_T^miss cut
        (
            "The Δφ between the dilepton system and the missing transverse momentum is required to be larger than 1.5.",
            {"dilepton dphi_met > 1.5 rad"},
        ),
        ("Events must satisfy Δφ(ℓℓ, E_T^miss) > 1.5.", {"dilepton dphi_met > 1.5 rad"}),
        (
            "We require the azimuthal angle between the lepton pair and E_T^miss to exceed 2.5.",
            {"dilepton dphi_met > 2.5 rad"},
        ),
        (
            "The azimuthal separation between the missing transverse momentum and the dilepton system must be above 2.",
            {"dilepton dphi_met > 2 rad"},
        ),
        ("Candidate events need |Δφ(p_T^miss, ℓℓ)| > 2.6.", {"dilepton dphi_met > 2.6 rad"}),
        (
            "The Δφ between the diphoton system and the missing transverse momentum must exceed 2.1.",
            {"diphoton dphi_met > 2.1 rad"},
        ),
        (
            "The Δφ between the leading lepton and the missing transverse momentum has to be larger than 1.2.",
            {"lepton[1] dphi_met > 1.2 rad"},
        ),
        # ranked jets: one cut per rank named
        (
            "We require Δφ(j, E_T^miss) > 0.4 for the leading two jets.",
            {"jet[1] dphi_met > 0.4 rad", "jet[2] dphi_met > 0.4 rad"},
        ),
        (
            "The two leading jets must satisfy Δφ(jet, E_T^miss) > 0.5.",
            {"jet[1] dphi_met > 0.5 rad", "jet[2] dphi_met > 0.5 rad"},
        ),
        (
            "The azimuthal separation between each of the three highest-pT jets and the missing transverse momentum "
            "must exceed 0.4.",
            {"jet[1] dphi_met > 0.4 rad", "jet[2] dphi_met > 0.4 rad", "jet[3] dphi_met > 0.4 rad"},
        ),
        ("Δφ(jet, E_T^miss) must be above 0.3 for the leading jet.", {"jet[1] dphi_met > 0.3 rad"}),
        (
            "Events must contain at least two jets with pT > 30 GeV, and Δφ(j, E_T^miss) > 0.4 for the first two jets.",
            {"jet count >= 2", "jet pt > 30 GeV", "jet[1] dphi_met > 0.4 rad", "jet[2] dphi_met > 0.4 rad"},
        ),
        ("We require Δφ(j_1, E_T^miss) > 0.4.", {"jet[1] dphi_met > 0.4 rad"}),
        (
            "Events must satisfy min Δφ(j_{1,2}, E_T^miss) > 0.4.",
            {"jet[1] dphi_met > 0.4 rad", "jet[2] dphi_met > 0.4 rad"},
        ),
        ("We require |Δφ(E_T^miss, j_2)| > 0.5.", {"jet[2] dphi_met > 0.5 rad"}),
        (
            "The leading and subleading jets must satisfy Δφ(j, E_T^miss) > 0.4.",
            {"jet[1] dphi_met > 0.4 rad", "jet[2] dphi_met > 0.4 rad"},
        ),
        ("Events with Δφ(ℓℓ, E_T^miss) < 1.5 are rejected.", {"dilepton dphi_met >= 1.5 rad"}),
        (
            "The azimuthal angle between E_T^miss and the dimuon system must be above 2.7.",
            {"dilepton dphi_met > 2.7 rad"},
        ),
        # untagged jets are counted under their own label
        ("Events must contain at least two untagged jets.", {"jet count >= 2 (untagged)"}),
        (
            "We require exactly one b-tagged jet and at least two untagged jets.",
            {"jet count == 1 (b_tagged)", "jet count >= 2 (untagged)"},
        ),
        ("Events with at least one non-b-tagged jet are selected.", {"jet count >= 1 (untagged)"}),
        (
            "We select events with four or more jets, exactly two of which are untagged.",
            {"jet count >= 4", "jet count == 2 (untagged)"},
        ),
        (
            "Events containing at least three jets that are not b-tagged are kept.",
            {"jet count >= 3 (untagged)"},
        ),
        (
            "Events must have at least two jets, at least one of which is not b-tagged.",
            {"jet count >= 2", "jet count >= 1 (untagged)"},
        ),
        (
            "We require exactly one b-tagged jet and at least two untagged jets with pT > 30 GeV.",
            {"jet count == 1 (b_tagged)", "jet count >= 2 (untagged)"},
        ),
        (
            "We select events with exactly two untagged jets and no b-tagged jets.",
            {"jet count == 2 (untagged)", "jet count == 0 (b_tagged)"},
        ),
        # a descending list of thresholds is one per rank, leading first
        (
            "Leptons are required to have pT larger than 20 and 10 GeV.",
            {"lepton[1] pt > 20 GeV", "lepton[2] pt > 10 GeV"},
        ),
        (
            "Events must contain three leptons with pT > 25, 15 and 10 GeV.",
            {"lepton count == 3", "lepton[1] pt > 25 GeV", "lepton[2] pt > 15 GeV", "lepton[3] pt > 10 GeV"},
        ),
        (
            "pT thresholds of 20, 15 and 10 GeV are required for the three leading leptons.",
            {"lepton[1] pt > 20 GeV", "lepton[2] pt > 15 GeV", "lepton[3] pt > 10 GeV"},
        ),
        (
            "The selected muons must have transverse momenta above 27 and 20 GeV.",
            {"muon[1] pt > 27 GeV", "muon[2] pt > 20 GeV"},
        ),
        (
            "Photons are required to have transverse energies greater than 40 and 30 GeV.",
            {"photon[1] et > 40 GeV", "photon[2] et > 30 GeV"},
        ),
        (
            "Transverse-momentum thresholds of 25 and 20 GeV are applied to the two leading electrons.",
            {"electron[1] pt > 25 GeV", "electron[2] pt > 20 GeV"},
        ),
        (
            "The jets must have pT > 50, 40 and 30 GeV.",
            {"jet[1] pt > 50 GeV", "jet[2] pt > 40 GeV", "jet[3] pt > 30 GeV"},
        ),
        # a list for electrons and muons, respectively, stays one value per object
        (
            "Leptons must have pT above 25 and 20 GeV for electrons and muons, respectively.",
            {"electron pt > 25 GeV", "muon pt > 20 GeV"},
        ),
        # dielectron, dimuon, di-muon systems are dileptons
        ("The dimuon invariant mass must exceed 12 GeV.", {"dilepton mass > 12 GeV"}),
        ("The di-muon mass is required to be above 15 GeV.", {"dilepton mass > 15 GeV"}),
        (
            "The dielectron invariant mass must lie between 60 and 120 GeV.",
            {"dilepton mass between 60 and 120 GeV"},
        ),
        ("We require the di-electron system to have pT > 40 GeV.", {"dilepton pt > 40 GeV"}),
        ("Dimuon candidates must have an invariant mass above 20 GeV.", {"dilepton mass > 20 GeV"}),
        (
            "The transverse momentum of the dimuon system must be greater than 50 GeV.",
            {"dilepton pt > 50 GeV"},
        ),
    ],
)
def test_fresh_wordings_give_these_cuts(sentence: str, expected: set[str]) -> None:
    assert described(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # regions and descriptions that mention the same words
        "The control region is defined by Δφ(ℓℓ, E_T^miss) < 1.5.",
        "In the validation region, at least two untagged jets are required.",
        "The dimuon trigger thresholds were 14 GeV and 18 GeV.",
        "The dimuon mass resolution is about 2% at 91 GeV.",
        "The dielectron invariant mass distribution is shown in Figure 3 for m_ee > 110 GeV.",
        "Figure 2 shows the distribution of Δφ between the dilepton system and the missing transverse momentum.",
        "Untagged jets are calibrated with a scale factor derived in simulation.",
        "The efficiency of the pT thresholds of 20, 15 and 10 GeV is above 95% for simulated events.",
    ],
)
def test_fresh_near_misses_give_no_cut(sentence: str) -> None:
    assert described(sentence) == set()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a falling list that follows another list (regions, years) is not one value per rank; a
        # value per region holds under a condition the cut cannot carry
        (
            "Jets must have pT > 30 and 25 GeV in the central and forward regions, respectively.",
            set(),
        ),
        ("Electrons must have ET > 25 and 20 GeV in 2015 and 2016.", {"electron et > 25 GeV"}),
        # a rising list is not ranked by pT
        ("The leptons must satisfy pT > 10, 20 and 30 GeV.", {"lepton pt > 10 GeV"}),
        # "threshold of" is a lower threshold, but never an upper one
        ("A pT threshold of 25 GeV is applied to all jets.", {"jet pt > 25 GeV"}),
        ("An upper threshold of 500 GeV is applied to the muon pT.", set()),
        # Δφ of all jets (no rank), and the missing momentum cut next to a Δφ of a system
        ("We require Δφ(jet, E_T^miss) > 0.4 for all selected jets.", {"jet dphi_met > 0.4 rad"}),
        (
            "We require E_T^miss > 30 GeV and Δφ(ℓℓ, E_T^miss) > 2.8.",
            {"event met > 30 GeV", "dilepton dphi_met > 2.8 rad"},
        ),
    ],
)
def test_fresh_lists_stay_what_they_were(sentence: str, expected: set[str]) -> None:
    assert described(sentence) == expected


# --- wordings no example paper uses: a value placed on a variable named after it, "the cluster"
# of the paragraph's object, working points paired by "respectively", the high-pT muon working
# point, objects "selected with" a working point, a second object whose variable is elided,
# channel columns of a table, triggers and the primary vertex in a section on the data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the value first, the variable it is placed on after it
        (
            "Electrons are built from clusters. A lower bound of 65 GeV is placed on their transverse energy.",
            {"electron et >= 65 GeV"},
        ),
        ("A minimum of 30 GeV is imposed on the jet pT.", {"jet pt >= 30 GeV"}),
        ("A lower limit of 20 GeV is applied to the photon E_T.", {"photon et >= 20 GeV"}),
        (
            "An upper bound of 500 GeV is placed on the muon transverse momentum.",
            {"muon pt <= 500 GeV"},
        ),
        # "the cluster" / "the track" of the object the paragraph is about
        (
            "Photons are reconstructed from calorimeter clusters. The cluster must lie within |η| < 2.37.",
            {"photon abs_eta < 2.37"},
        ),
        (
            "Electrons are built from clusters matched to tracks. The track must satisfy |z0 sin θ| < 0.5 mm.",
            {"electron z0sintheta < 0.5 mm"},
        ),
        # two working points for two objects, respectively
        (
            "Electrons and muons must in addition pass the loose and the tight isolation working points, respectively.",
            {"electron iso_wp is loose", "muon iso_wp is tight"},
        ),
        (
            "The medium and tight identification criteria are required for electrons and muons, respectively.",
            {"electron id is medium", "muon id is tight"},
        ),
        (
            "Muons and electrons have to satisfy the tight and loose identification requirements, respectively.",
            {"muon id is tight", "electron id is loose"},
        ),
        # the high-pT muon working point
        (
            "Muon candidates are accepted if they pass the high-pT identification, which demands hits in all three stations.",
            {"muon id is high_pt"},
        ),
        ("Muons must satisfy the high-pT working point.", {"muon id is high_pt"}),
        ("Muons are required to meet the high-pT muon identification criteria.", {"muon id is high_pt"}),
        # "selected with the tight ..." selects; high-pT muons are not a working point
        ("Muons are selected with the tight identification criteria.", {"muon id is tight"}),
        ("High-pT muons are selected with the tight identification.", {"muon id is tight"}),
        (
            "Electrons identified with the medium likelihood working point are used.",
            {"electron id is medium"},
        ),
        # a second object whose variable is left out
        (
            "Electrons are required to have pT above 27 GeV and muons above 25 GeV.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV"},
        ),
        (
            "Electrons need a transverse momentum of at least 30 GeV, muons at least 28 GeV.",
            {"electron pt >= 30 GeV", "muon pt >= 28 GeV"},
        ),
        (
            "Electrons must have pT above 27 GeV, whereas muons need values above 25 GeV.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV"},
        ),
        (
            "Electron candidates need |η| < 2.47, while muons need |η| < 2.7.",
            {"electron abs_eta < 2.47", "muon abs_eta < 2.7"},
        ),
        (
            "Jets must have pT above 30 GeV, and photons above 20 GeV.",
            {"jet pt > 30 GeV", "photon pt > 20 GeV"},
        ),
        # a second rank whose variable is left out
        (
            "The leading electron must have pT above 27 GeV and the subleading one above 15 GeV.",
            {"electron[1] pt > 27 GeV", "electron[2] pt > 15 GeV"},
        ),
        (
            "The leading lepton needs pT > 25 GeV, the second lepton at least 15 GeV.",
            {"lepton[1] pt > 25 GeV", "lepton[2] pt >= 15 GeV"},
        ),
        (
            "Photons must have E_T above 25 GeV, the leading one above 40 GeV.",
            {"photon et > 25 GeV", "photon[1] et > 40 GeV"},
        ),
        (
            "Jets need pT above 30 GeV and the hardest jet above 60 GeV.",
            {"jet pt > 30 GeV", "jet[1] pt > 60 GeV"},
        ),
    ],
)
def test_values_placed_on_variables_working_points_and_elided_objects(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # nothing a physics object carries
        ("A lower bound of 65 GeV is placed on the beam energy spread.", set()),
        ("Upper limits of 2 fb are placed on the cross-section.", set()),
        ("A lower limit of 6.0 TeV is set on the W′ mass.", set()),
        # a cluster that is not an object's
        ("Clusters are formed from calorimeter cells. The cluster must have E_T > 1 GeV.", set()),
        # working points described, not required
        (
            "The loose and tight working points have efficiencies of 95% and 85% for electrons and muons, respectively.",
            set(),
        ),
        ("With the tight working point, muons must have hits in three stations.", set()),
        ("In the tight working point, electrons must have a hit in the innermost pixel layer.", set()),
        ("The high-pT regime is studied with a dedicated calibration.", set()),
        # a second variable of the same object is not a second object
        (
            "Electrons are required to have pT above 27 GeV and |η| below 2.47.",
            {"electron pt > 27 GeV", "electron abs_eta < 2.47"},
        ),
        # a rank word that introduces the next constraint does not rank the one before it
        (
            "Leptons must have pT above 20 GeV and the subleading one |η| < 2.5.",
            {"lepton pt > 20 GeV", "lepton abs_eta < 2.5"},
        ),
        # an efficiency quoted for the other object is no cut
        (
            "Electrons must have pT above 27 GeV and the efficiency for muons above 25 GeV is 90%.",
            set(),
        ),
    ],
)
def test_near_misses_of_placed_values_working_points_and_elided_objects(
    text: str, expected: set[str]
) -> None:
    assert described(text) == expected


def test_channel_columns_of_a_table() -> None:
    """Columns headed by a lepton channel: the row's generic lepton is that channel's, and the
    missing momentum holds per channel (flavour e or mu); equal cells are read once."""
    table = (
        "Table 1: Event selection of the two channels.\n\n"
        "| Requirement | Electron channel | Muon channel |\n"
        "| Lepton transverse momentum | E_T > 65 GeV | p_T ≥ 55 GeV |\n"
        "| E_T^miss | > 65 GeV | > 55 GeV |\n"
        "| m_T | > 130 GeV | > 130 GeV |"
    )
    assert described(table) == {
        "electron et > 65 GeV",
        "muon pt >= 55 GeV",
        "event met > 65 GeV e",
        "event met > 55 GeV mu",
        "event mt > 130 GeV",
    }
    # the reader could not split two centred column heads: "Electron channel Muon channel"
    merged = table.replace("| Electron channel | Muon channel |", "| Electron channel Muon channel |")
    assert described(merged) == described(table)
    # object columns that are not channels keep the event-level cut unqualified
    objects = (
        "Table 2: Lepton selection requirements.\n\n"
        "| Requirement | Electrons | Muons |\n"
        "| Lepton p_T | > 25 GeV | > 20 GeV |"
    )
    assert described(objects) == {"electron pt > 25 GeV", "muon pt > 20 GeV"}


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        ("Requirement | Electron channel Muon channel", ["Requirement", "Electron channel", "Muon channel"]),
        ("Quantity | Leading photon Subleading photon", ["Quantity", "Leading photon", "Subleading photon"]),
        ("Cut | Electrons Muons", ["Cut", "Electrons", "Muons"]),
        ("Cut | Forward jets Central jets", ["Cut", "Forward jets", "Central jets"]),
        # not two column heads
        ("Cut | Electron and muon", ["Cut", "Electron and muon"]),
        ("Variable | Muon isolation Electron", ["Variable", "Muon isolation Electron"]),
        ("Cut | Muon momentum Electron energy", ["Cut", "Muon momentum Electron energy"]),
        ("Cut | Electron channel", ["Cut", "Electron channel"]),
    ],
)
def test_merged_header_cells_are_split(header: str, cells: list[str]) -> None:
    assert header_cells(header) == cells


def _in_section(text: str, title: str) -> list[Cut]:
    document = document_from_text(text)
    for page in document.pages:
        for block in page.blocks:
            block.section = title
    cuts = list(extract(document).selection.cuts)
    assert all(c.evidence and c.evidence[0].grounded for c in cuts)
    return cuts


def test_a_section_on_the_data_states_triggers_and_the_primary_vertex_only() -> None:
    text = (
        "Events were recorded with single-muon triggers. At least one primary vertex is demanded in every "
        "event.\n\nThe muon spectrometer covers |η| < 2.7. Simulated events are required to contain at least "
        "two jets at generator level, and the trigger efficiency is measured in data.\n\n"
        "Electrons must have pT above 20 GeV."
    )
    for title in ("2 Data and detector", "Data sample", "The ATLAS detector and data"):
        assert {c.describe() for c in _in_section(text, title)} == {
            "event trigger any single_muon",
            "event n_vertices >= 1",
        }
    # other sections that state no selection are still not read
    assert _in_section(text, "2 The ATLAS detector") == []
    assert _in_section(text, "Simulated samples") == []


# --- wordings no example paper uses: a first value ranked by the "subleading one" after it, a
# removal said of the second clause only, one threshold stated per object, a value placed on a
# variable in bars, and two working points for two objects paired in order without "respectively"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the value before "the subleading one" is the leading object's
        (
            "The photon must have E_T above 40 GeV and the subleading one above 30 GeV.",
            {"photon[1] et > 40 GeV", "photon[2] et > 30 GeV"},
        ),
        (
            "Photons must have E_T above 40 GeV, while the second one needs at least 25 GeV.",
            {"photon[1] et > 40 GeV", "photon[2] et >= 25 GeV"},
        ),
        (
            "The electron must have pT above 30 GeV and the subleading electron above 20 GeV.",
            {"electron[1] pt > 30 GeV", "electron[2] pt > 20 GeV"},
        ),
        (
            "The jet must have pT above 50 GeV and the second jet above 30 GeV.",
            {"jet[1] pt > 50 GeV", "jet[2] pt > 30 GeV"},
        ),
        # a removal in the second clause inverts only that clause's constraint
        (
            "Electrons must have pT above 27 GeV and muons with pT above 25 GeV are rejected.",
            {"electron pt > 27 GeV", "muon pt <= 25 GeV"},
        ),
        (
            "Muons must have pT above 20 GeV and electrons with pT below 10 GeV are discarded.",
            {"muon pt > 20 GeV", "electron pt >= 10 GeV"},
        ),
        (
            "Electrons need pT > 25 GeV and muons with |d0| above 1 mm are rejected.",
            {"electron pt > 25 GeV", "muon d0 <= 1 mm"},
        ),
        (
            "Jets need pT > 30 GeV, and jets with |η| > 4.5 are removed.",
            {"jet pt > 30 GeV", "jet abs_eta <= 4.5"},
        ),
        # one threshold per object, each value followed by its object
        (
            "The pT threshold is 27 GeV for electrons and 25 GeV for muons.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV"},
        ),
        (
            "A pT threshold of 27 GeV for electrons and of 25 GeV for muons is applied.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV"},
        ),
        (
            "The pT threshold was set to 28 GeV for muons and 30 GeV for electrons.",
            {"muon pt > 28 GeV", "electron pt > 30 GeV"},
        ),
        (
            "The E_T threshold is 25 GeV for photons and 30 GeV for jets.",
            {"photon et > 25 GeV", "jet et > 30 GeV"},
        ),
        # a value placed on a variable written in bars
        ("An upper limit of 0.4 mm is set on the muon |z0 sin θ|.", {"muon z0sintheta <= 0.4 mm"}),
        (
            "An upper limit of 0.5 mm is imposed on the electron |z0 sin θ|.",
            {"electron z0sintheta <= 0.5 mm"},
        ),
        ("A maximum of 0.3 mm is applied to the |d0| of muons.", {"muon d0 <= 0.3 mm"}),
        # two objects and two working points joined by "and": paired in order
        (
            "Electrons and muons must pass the loose and the tight working points.",
            {"electron id is loose", "muon id is tight"},
        ),
        (
            "Muons and electrons are required to satisfy the medium and the tight identification criteria.",
            {"muon id is medium", "electron id is tight"},
        ),
        (
            "Electrons and photons must pass the tight and the loose isolation working points.",
            {"electron iso_wp is tight", "photon iso_wp is loose"},
        ),
    ],
)
def test_ranked_sequels_removals_per_object_thresholds_and_paired_points(
    text: str, expected: set[str]
) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the subleading one" with another variable, or after "all", does not rank the first value
        (
            "The muon must have pT above 30 GeV and the subleading one |η| < 2.4.",
            {"muon pt > 30 GeV", "muon abs_eta < 2.4"},
        ),
        (
            "All photons must have E_T above 25 GeV and the subleading one above 30 GeV.",
            {"photon et > 25 GeV", "photon[2] et > 30 GeV"},
        ),
        # one removal after two constraints of one object still removes both
        (
            "Photons with E_T above 20 GeV and |η| < 2.37 are rejected.",
            {"photon et > 20 GeV", "photon abs_eta >= 2.37"},
        ),
        # thresholds that are not offline lower cuts
        ("The trigger threshold is 26 GeV for muons and 24 GeV for electrons.", set()),
        ("The efficiency of the pT threshold is 95% for electrons and 90% for muons.", set()),
        ("The upper pT threshold is 500 GeV for electrons and 400 GeV for muons.", set()),
        ("An upper pT threshold of 500 GeV is applied to muons.", set()),
        # bars around something no object carries
        ("Upper limits of 0.4 mm are set on the |z0 sin θ| resolution.", set()),
        # working points listed, offered as alternatives, or described
        ("Electrons and muons must pass either the loose or the tight working point.", set()),
        ("The loose and tight working points are defined for electrons and muons.", set()),
        (
            "The loose and the tight working points have efficiencies of 90% and 80% for electrons and muons.",
            set(),
        ),
    ],
)
def test_near_misses_of_ranked_sequels_removals_thresholds_and_paired_points(
    text: str, expected: set[str]
) -> None:
    assert described(text) == expected


# --- lists of any length paired in order: three objects with three working points, a third (and
# fourth) value each for its own object, the variable named before the per-object thresholds
# ("the thresholds on the lepton pT are ..."), and a sequel clause that repeats the variable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # as many working points as objects, paired in order with or without "respectively"
        (
            "Electrons, muons and photons must pass the loose, medium and tight working points.",
            {"electron id is loose", "muon id is medium", "photon id is tight"},
        ),
        (
            "Electrons, muons, and photons must pass the loose, medium, and tight working points.",
            {"electron id is loose", "muon id is medium", "photon id is tight"},
        ),
        (
            "Taus, muons and electrons must pass the medium, loose and tight identification criteria.",
            {"tau id is medium", "muon id is loose", "electron id is tight"},
        ),
        (
            "Electrons, muons and photons must pass the tight, the medium and the loose identification "
            "criteria, respectively.",
            {"electron id is tight", "muon id is medium", "photon id is loose"},
        ),
        (
            "Electrons, photons and muons are required to satisfy the tight, the tight and the medium "
            "isolation working points.",
            {"electron iso_wp is tight", "photon iso_wp is tight", "muon iso_wp is medium"},
        ),
        # every further value after the first for its own object
        (
            "The pT threshold is 27 GeV for electrons, 25 GeV for muons and 20 GeV for taus.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV", "tau pt > 20 GeV"},
        ),
        (
            "The pT threshold was set to 30 GeV for electrons, 28 GeV for muons, and 35 GeV for photons.",
            {"electron pt > 30 GeV", "muon pt > 28 GeV", "photon pt > 35 GeV"},
        ),
        (
            "A pT threshold of 25 GeV for jets, of 20 GeV for electrons and of 15 GeV for muons is imposed.",
            {"jet pt > 25 GeV", "electron pt > 20 GeV", "muon pt > 15 GeV"},
        ),
        (
            "The E_T threshold is 25 GeV for photons, 30 GeV for jets, 27 GeV for electrons and 20 GeV for muons.",
            {"photon et > 25 GeV", "jet et > 30 GeV", "electron et > 27 GeV", "muon et > 20 GeV"},
        ),
        # the variable named between "thresholds on" and the values
        (
            "The thresholds on the lepton pT are 27 GeV for electrons and 25 GeV for muons.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV"},
        ),
        (
            "The thresholds applied to the lepton transverse momentum were 20 GeV for electrons and 15 GeV for muons.",
            {"electron pt > 20 GeV", "muon pt > 15 GeV"},
        ),
        (
            "The thresholds imposed on the lepton pT are set to 27 GeV for electrons and 25 GeV for muons.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV"},
        ),
        (
            "The thresholds on the transverse momentum are 30 GeV for jets and 25 GeV for photons.",
            {"jet pt > 30 GeV", "photon pt > 25 GeV"},
        ),
        (
            "The thresholds on the lepton pT are 27 GeV for electrons, 25 GeV for muons and 20 GeV for taus.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV", "tau pt > 20 GeV"},
        ),
        (
            "The thresholds on the lepton pT are 27 and 25 GeV for electrons and muons, respectively.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV"},
        ),
        # the sequel repeats the variable of the first value, which is then the leading object's
        (
            "The photon must have E_T above 40 GeV and the subleading one E_T above 30 GeV.",
            {"photon[1] et > 40 GeV", "photon[2] et > 30 GeV"},
        ),
        (
            "The electron needs pT above 30 GeV and the second electron pT above 20 GeV.",
            {"electron[1] pt > 30 GeV", "electron[2] pt > 20 GeV"},
        ),
        (
            "The jet must have pT greater than 60 GeV, and the subleading jet pT greater than 40 GeV.",
            {"jet[1] pt > 60 GeV", "jet[2] pt > 40 GeV"},
        ),
        (
            "The muon must have pT above 30 GeV and the subleading one pT of at least 20 GeV.",
            {"muon[1] pt > 30 GeV", "muon[2] pt >= 20 GeV"},
        ),
        (
            "The photon must have E_T above 40 GeV and the subleading one a transverse energy above 30 GeV.",
            {"photon[1] et > 40 GeV", "photon[2] et > 30 GeV"},
        ),
        (
            "The photon must have E_T above 40 GeV and the subleading one must have E_T above 30 GeV.",
            {"photon[1] et > 40 GeV", "photon[2] et > 30 GeV"},
        ),
    ],
)
def test_lists_of_any_length_and_variables_named_before_or_repeated(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lists of unequal length, alternatives, or working points described rather than required
        ("Electrons, muons and photons must pass the loose and tight working points.", set()),
        ("Electrons and muons must pass the loose, medium and tight working points.", set()),
        ("Electrons, muons and photons must pass either the loose, medium or tight working point.", set()),
        ("The loose, medium and tight working points are defined for electrons, muons and photons.", set()),
        (
            "Efficiencies of the loose, medium and tight working points are measured for electrons, muons and photons.",
            set(),
        ),
        (
            "The loose, medium and tight working points have efficiencies of 95%, 90% and 80% for electrons, "
            "muons and photons.",
            set(),
        ),
        (
            "The trigger requires electrons, muons and photons passing the loose, medium and tight working points.",
            set(),
        ),
        # per-object values that are not offline lower thresholds
        ("The trigger threshold is 26 GeV for muons, 24 GeV for electrons and 35 GeV for taus.", set()),
        ("The upper pT threshold is 500 GeV for electrons, 400 GeV for muons and 300 GeV for taus.", set()),
        ("The efficiency of the pT threshold is 95% for electrons, 90% for muons and 85% for taus.", set()),
        ("The pT threshold is 27 GeV for 2016 data and 25 GeV for 2015 data.", set()),
        # "thresholds on ..." that are no offline lower threshold, or state no value
        ("The trigger thresholds on the lepton pT are 26 GeV for muons and 24 GeV for electrons.", set()),
        ("The upper thresholds on the lepton pT are 500 GeV for electrons and 400 GeV for muons.", set()),
        (
            "The uncertainties on the thresholds for the lepton pT are 2% for electrons and 1% for muons.",
            set(),
        ),
        (
            "The systematic uncertainties of the lepton pT thresholds are 0.5 GeV for electrons and 0.3 GeV for muons.",
            set(),
        ),
        ("The thresholds on the lepton pT are described in Ref. 12 for electrons and muons.", set()),
        # a "threshold" on |η| is an acceptance limit, never a lower cut
        ("The lepton |η| threshold is 2.47 for electrons and 2.5 for muons.", set()),
        ("The thresholds on the lepton |η| are 2.47 for electrons and 2.5 for muons.", set()),
        # a sequel naming another variable, or a first value said of all, is not ranked
        (
            "The muon must have pT above 30 GeV and the subleading one |η| below 2.4.",
            {"muon pt > 30 GeV", "muon abs_eta < 2.4"},
        ),
        (
            "All photons must have E_T above 25 GeV and the subleading one E_T above 30 GeV.",
            {"photon et > 25 GeV", "photon[2] et > 30 GeV"},
        ),
        (
            "Each jet must have pT above 30 GeV and the second one pT above 40 GeV.",
            {"jet pt > 30 GeV", "jet[2] pt > 40 GeV"},
        ),
    ],
)
def test_near_misses_of_lists_of_any_length_and_variables_named_before(text: str, expected: set[str]) -> None:
    assert described(text) == expected


# --- count ranges, parentheses after what an object is made of, omitted ranges, discriminants ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "one or two b-tagged jets": a count between two consecutive numbers
        ("Each event must contain one or two b-tagged jets.", {"jet count between 1 and 2"}),
        ("Selected events contain either two or three jets.", {"jet count between 2 and 3"}),
        ("We keep events having 2 or 3 photons.", {"photon count between 2 and 3"}),
        # thresholds in parentheses after what the object is built from, or where it comes from
        (
            "Electrons are built from calorimeter clusters matched to tracks (E_{T} > 25 GeV and |η| < 2.47).",
            {"electron et > 25 GeV", "electron abs_eta < 2.47"},
        ),
        ("Photons are reconstructed from clusters (E_{T} > 20 GeV).", {"photon et > 20 GeV"}),
        (
            "Leptons must come from the primary vertex (|z_{0} sin θ| < 0.5 mm).",
            {"lepton z0sintheta < 0.5 mm"},
        ),
        (
            "Muons are formed by combining tracks of both detectors; they must be compatible with the "
            "primary vertex (|z_{0} sin θ| < 0.5 mm).",
            {"muon z0sintheta < 0.5 mm"},
        ),
        # an object named right after the value wins over one of an earlier clause
        (
            "Both leptons must be isolated; they must come from the hard-scatter vertex (|z_{0} sin θ| < "
            "0.5 mm, and |d_{0}|/σ(d_{0}) below 5 for electrons and below 3 for muons).",
            {"lepton z0sintheta < 0.5 mm", "electron d0sig < 5", "muon d0sig < 3"},
        ),
        # a range "left out" or "omitted" is excluded
        (
            "Electrons need |η| < 2.47, with the transition region 1.37 < |η| < 1.52 left out.",
            {"electron abs_eta < 2.47", "electron abs_eta outside 1.37 and 1.52"},
        ),
        (
            "Photons are kept if |η| < 2.37; the region 1.37 < |η| < 1.52 is omitted.",
            {"photon abs_eta < 2.37", "photon abs_eta outside 1.37 and 1.52"},
        ),
        (
            "Muons with 1.01 < |η| < 1.10 are left out of the selection.",
            {"muon abs_eta outside 1.01 and 1.1"},
        ),
        # a discriminant named after a variable takes the later threshold
        (
            "Jets with p_{T} > 20 GeV and |η| < 2.5 whose b-tagging discriminant exceeds 0.8 are kept.",
            {"jet pt > 20 GeV", "jet abs_eta < 2.5"},
        ),
    ],
)
def test_count_ranges_made_of_parentheses_omitted_ranges_and_discriminants(
    text: str, expected: set[str]
) -> None:
    assert described(text) == expected


def test_a_count_range_keeps_the_tagged_label() -> None:
    cuts = cuts_of("We require one or two b-tagged jets in each event.")
    assert [(c.id, c.op, c.low, c.high, c.labels) for c in cuts] == [
        ("jet.count.b_tagged", "between", 1.0, 2.0, ["b_tagged"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        # count ranges that are not a requirement, or not two consecutive numbers
        "Events with one or two jets are used to check the modelling.",
        "We keep events with one or three jets.",
        "About one or two percent of the events are lost.",
        "Events with one or two jets serve to validate the jet energy scale.",
        # a track threshold in parentheses that does not close the object's description
        "Muons are built from tracks (p_{T} > 1 GeV) in the spectrometer.",
        "Electrons are formed from clusters with E_{T} > 2 GeV matched to tracks.",
        # a sample that only validates, a control sample
        "A second sample, of ee and μμ events with 81 GeV < m_{ℓℓ} < 101 GeV, serves only to validate the efficiencies.",
        "The same-sign control sample uses events with m_{ℓℓ} > 20 GeV.",
        # a pile-up discriminant applied to low-pT central jets
        "To reject jets from pile-up, those with p_{T} < 60 GeV and |η| < 2.4 must have a tagger discriminant above 0.59.",
        "Jets must have a jet-vertex-tagger discriminant above 0.59.",
        # a region left out of something that is not the selection
        "The region 0.1 < |η| < 1.0 was left out of the detector upgrade plan.",
    ],
)
def test_near_misses_of_count_ranges_made_of_parentheses_and_samples(text: str) -> None:
    assert described(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # isolation working points with names of their own, in snake case
        ("Both leptons must satisfy the gradient isolation working point.", {"lepton iso_wp is gradient"}),
        ("Selected muons are required to pass the Gradient isolation.", {"muon iso_wp is gradient"}),
        (
            "Electrons are required to pass the FixedCutTight isolation working point.",
            {"electron iso_wp is fixed_cut_tight"},
        ),
        ("Muons must satisfy the FCLoose isolation criteria.", {"muon iso_wp is fc_loose"}),
        (
            "Muons must satisfy the HighPtTrackOnly isolation working point.",
            {"muon iso_wp is high_pt_track_only"},
        ),
        ("Electrons must pass the GradientLoose isolation.", {"electron iso_wp is gradient_loose"}),
        # the usual names keep their reading
        ("Electrons must satisfy the tight isolation working point.", {"electron iso_wp is tight"}),
    ],
)
def test_named_isolation_working_points(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a named working point that is defined, offered as an alternative, or not isolation at all
        "The gradient isolation working point, which requires an efficiency of 90% at 25 GeV, is used for electrons.",
        "For the gradient isolation working point, electrons must have an efficiency of 90%.",
        "Electrons must pass either the gradient or the FCTight isolation working point.",
        "The gradient isolation working point has an efficiency of 95% for muons.",
        "The gradient of the isolation energy must be small for electrons.",
        # values that hold in one data-taking period only
        "The lepton pT threshold is 27 GeV in 2016 and 25 GeV in 2015.",
        "Leptons must have pT > 27 GeV in 2016 data and pT > 25 GeV in 2015 data.",
        "In 2015 the electron pT threshold was 25 GeV, and in 2016 it was 27 GeV.",
        # values that hold under a condition the cut cannot carry
        "The dilepton mass threshold is 12 GeV for same-flavour pairs and 5 GeV otherwise.",
        "The dilepton mass threshold is 12 GeV for same-flavour pairs and 5 GeV for different-flavour pairs.",
        "Events must have m_{ℓℓ} > 12 GeV for same-flavour lepton pairs and m_{ℓℓ} > 5 GeV otherwise.",
        "The jet pT threshold is 30 GeV for central jets and 40 GeV otherwise.",
        "Electrons must have pT > 27 GeV for the tight selection and 25 GeV otherwise.",
        "The missing transverse momentum must exceed 40 GeV in the ee channel and 20 GeV in the eμ channel.",
    ],
)
def test_near_misses_of_named_isolation_and_split_values(text: str) -> None:
    assert described(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one value for every period, or periods named elsewhere, still select
        ("Muons must satisfy pT > 20 GeV in 2015 and 2016 data.", {"muon pt > 20 GeV"}),
        ("Muons must satisfy pT > 20 GeV in the 2015–2016 data.", {"muon pt > 20 GeV"}),
        (
            "Electrons must have pT > 25 GeV; the data were recorded in 2015 and 2016.",
            {"electron pt > 25 GeV"},
        ),
        # values per object are not conditions
        (
            "The pT threshold is 27 GeV for electrons and 25 GeV for muons.",
            {"electron pt > 27 GeV", "muon pt > 25 GeV"},
        ),
    ],
)
def test_values_for_every_period_or_per_object_still_select(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # values for ranked objects, each with no comparator of its own
        (
            "The pT threshold is 27 GeV for the leading lepton and 15 GeV for the subleading lepton.",
            {"lepton[1] pt > 27 GeV", "lepton[2] pt > 15 GeV"},
        ),
        (
            "Photons need E_T above 40 GeV for the leading photon and 30 GeV for the subleading one.",
            {"photon[1] et > 40 GeV", "photon[2] et > 30 GeV"},
        ),
        (
            "Jets must have pT > 60 GeV for the first jet, 40 GeV for the second jet and 25 GeV for the third jet.",
            {"jet[1] pt > 60 GeV", "jet[2] pt > 40 GeV", "jet[3] pt > 25 GeV"},
        ),
        # an object, not a condition: one value for the objects named
        ("Leptons must have pT > 27 GeV for electrons.", {"electron pt > 27 GeV"}),
        ("We require Δφ(jet, E_T^miss) > 0.4 for every selected jet.", {"jet dphi_met > 0.4 rad"}),
        ("The subleading-pair mass must exceed 12 GeV for all same-flavour pairs.", {"z2 mass > 12 GeV"}),
        # a condition that is one more requirement of the objects
        (
            "We accept muons with pT > 10 GeV if they pass the medium identification.",
            {"muon pt > 10 GeV", "muon id is medium"},
        ),
        # bounds outside the conditioned part of the sentence still select
        (
            "Jets must have |η| < 4.5, and pT > 25 GeV for |η| < 2.4 and pT > 30 GeV elsewhere.",
            {"jet abs_eta < 4.5"},
        ),
        # isolation working points named without the word "isolation"
        ("Leptons must satisfy the FixedCutTight working point.", {"lepton iso_wp is fixed_cut_tight"}),
        ("Muons must pass the Gradient criteria.", {"muon iso_wp is gradient"}),
        ("Electrons are required to satisfy the FCLoose requirements.", {"electron iso_wp is fc_loose"}),
        ("Muons must satisfy the HighPtTrackOnly WP.", {"muon iso_wp is high_pt_track_only"}),
    ],
)
def test_ranked_value_chains_objects_after_values_and_named_points(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # one value under a condition the cut cannot carry
        "The m34 threshold must exceed 12 GeV for same-flavour pairs.",
        "The dilepton mass must exceed 12 GeV for events with two electrons.",
        "Jets must have pT > 30 GeV for central jets.",
        "The m34 threshold must exceed 12 GeV when both pairs are of the same flavour.",
        "The leading jet must have pT above 100 GeV if the event was recorded by the jet trigger.",
        "Muons need pT > 10 GeV in the region |η| < 1.05.",
        "The missing transverse momentum must exceed 40 GeV for the ee channel.",
        # a value for a region and another elsewhere / otherwise: the region bounds are no cuts either
        "Jets must have pT > 25 GeV for |η| < 2.4 and pT > 30 GeV elsewhere.",
        "Jets must have pT > 25 GeV within |η| < 2.4 and 30 GeV elsewhere.",
        "Electrons need E_T > 25 GeV within |η| < 2.47, excluding 1.37 < |η| < 1.52, and E_T > 30 GeV elsewhere.",
        "Electrons must satisfy |η| < 2.47, excluding 1.37 < |η| < 1.52, and |η| < 2.5 elsewhere.",
        "Photons need E_T > 25 GeV in the barrel and 30 GeV in the endcaps.",
        # an object named twice in a list of values per object
        "The pT threshold is 27 GeV for electrons, 25 GeV for muons and 20 GeV for electrons.",
        "Leptons need pT above 30 GeV for muons and 20 GeV for muons.",
        # named points that are no isolation working points, defined, or alternatives
        "Electrons must pass the FCal requirements.",
        "The gradient working point, which requires an efficiency of 90%, is used for electrons.",
        "Electrons must pass either the Gradient or the FCTight working point.",
    ],
)
def test_near_misses_of_conditions_elsewhere_repeated_objects_and_named_points(text: str) -> None:
    assert described(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The data were recorded with triggers on the missing transverse momentum.",
            {"event trigger any met"},
        ),
        (
            "Hadronically decaying τ leptons must have pT > 20 GeV and |η| < 2.5.",
            {"tau pt > 20 GeV", "tau abs_eta < 2.5"},
        ),
        (
            "Selected events must have N_{b-jet} = 0 and N_{jet} ≥ 2.",
            {"jet count == 0 (b_tagged)", "jet count >= 2"},
        ),
        ("We require no electrons or muons in the event.", {"electron count == 0", "muon count == 0"}),
        ("(v) no photon or τ lepton as defined above.", {"photon count == 0", "tau count == 0"}),
        ("We require E_T^miss > 250 GeV; the previous analysis used 200 GeV.", {"event met > 250 GeV"}),
    ],
)
def test_symbol_counts_vetoes_of_listed_objects_and_met_triggers(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The earlier search required only E_T^miss > 150 GeV in its loosest region.",
        "The W control region inverts the muon veto: exactly one muon, with 30 GeV < m_T < 100 GeV.",
        "The Z control region demands two muons of opposite charge with 66 GeV < m_μμ < 116 GeV.",
        "Events with no muon are rejected.",
        "There is no muon trigger requirement in this selection.",
        "The N_{jet} ≤ 4 requirement of the W control region is kept.",
    ],
)
def test_near_misses_of_other_analyses_control_regions_and_vetoes(text: str) -> None:
    assert described(text) == set()


# --- verb-less definition lines ("Photons: E_T > 25 GeV, |η| < 2.37, tight identification"): the
# working point among the listed properties is a requirement; symbols whose script names the
# object and its rank ("p_T^{j1}", "|η^{j1}|", "E_T^{γ2}", "p_{T,j2}", "p_T^{lead}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Photons: E_T > 25 GeV, |η| < 2.37, tight identification.",
            {"photon et > 25 GeV", "photon abs_eta < 2.37", "photon id is tight"},
        ),
        (
            "Signal muons: p_T > 27 GeV; |η| < 2.5; medium quality.",
            {"muon pt > 27 GeV", "muon abs_eta < 2.5", "muon id is medium"},
        ),
        (
            "Electron candidates: p_T > 15 GeV and |η| < 2.47, tight likelihood identification.",
            {"electron pt > 15 GeV", "electron abs_eta < 2.47", "electron id is tight"},
        ),
        (
            "Taus: p_T > 25 GeV, |η| < 2.5, the medium working point of the RNN identification.",
            {"tau pt > 25 GeV", "tau abs_eta < 2.5", "tau id is medium"},
        ),
        (
            "Events need p_{T}^{j1} > 100 GeV and |η^{j1}| < 2.5.",
            {"jet[1] pt > 100 GeV", "jet[1] abs_eta < 2.5"},
        ),
        (
            "The leading photon must have E_T^{γ1} > 40 GeV and the subleading E_T^{γ2} > 30 GeV.",
            {"photon[1] et > 40 GeV", "photon[2] et > 30 GeV"},
        ),
        ("We require p_{T,j2} > 50 GeV.", {"jet[2] pt > 50 GeV"}),
        ("Muons must satisfy p_T^{μ} > 26 GeV.", {"muon pt > 26 GeV"}),
        ("p_{T}^{lead} > 25 GeV is required for the leptons.", {"lepton[1] pt > 25 GeV"}),
    ],
)
def test_definition_lines_and_objects_in_a_symbols_script(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # something said of the working point, not a property in the list
        ("Electrons: the tight identification has an efficiency of 80%.", set()),
        (
            "Muons: p_T > 10 GeV, |η| < 2.5; the medium identification is 96% efficient.",
            {"muon pt > 10 GeV", "muon abs_eta < 2.5"},
        ),
        ("Efficiencies: 95% for the loose and 85% for the tight identification.", set()),
        # alternatives, trigger objects, another region's objects
        (
            "Electrons: E_T > 20 GeV, |η| < 2.47, loose or tight identification depending on the channel.",
            {"electron et > 20 GeV", "electron abs_eta < 2.47"},
        ),
        ("Trigger electrons: E_T > 26 GeV, tight identification.", {"electron et > 26 GeV"}),
        ("Muons in the W control region: p_T > 30 GeV, tight identification.", set()),
        # scripts that name no object, or a pair; symbols in an expression
        ("We require p_T^{ℓℓ} > 30 GeV.", {"dilepton pt > 30 GeV"}),
        ("The two tagging jets must satisfy η^{j1} · η^{j2} < 0.", set()),
        ("The tagging jets need p_{T}^{j1} + p_{T}^{j2} > 300 GeV.", set()),
        ("The jets must satisfy |η^{j1} − η^{j2}| > 3.5.", set()),
        ("The p_{T}^{j1} spectrum is shown in Figure 2 up to 1.5 TeV.", set()),
    ],
)
def test_near_misses_of_definition_lines_and_scripted_symbols(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # triggers named as CMS names them
        (
            "Candidates are recorded by double-muon and triple-lepton triggers.",
            {"event trigger any dimuon|trilepton"},
        ),
        # the 3D impact-parameter significance and the combined (particle-flow) relative isolation
        ("Muons must have |SIP_{3D}| < 4.", {"muon sip3d < 4"}),
        (
            "The significance of the 3D impact parameter must be below 5 for electrons.",
            {"electron sip3d < 5"},
        ),
        ("Leptons are required to have a relative isolation below 0.25.", {"lepton iso_rel < 0.25"}),
        ("The PF isolation of each muon, I_{rel}, must not exceed 0.15.", {"muon iso_rel <= 0.15"}),
        (
            "Muons are isolated if the summed p_T of the charged hadrons, neutral hadrons and photons "
            "within a cone of ΔR = 0.4 stays below 25% of the muon p_T.",
            {"muon iso_rel < 0.25"},
        ),
        # the subject's second predicate after what it is made of; objects joined by "and"
        (
            "Photons are reconstructed from energy clusters not matched to any track, and are kept if "
            "they have E_T > 15 GeV.",
            {"photon et > 15 GeV"},
        ),
        ("Each electron and muon must satisfy |d_0| < 0.5 mm.", {"lepton d0 < 0.5 mm"}),
        # a minimum distance to objects of another kind is an overlap removal
        (
            "Photons are retained only when separated by ΔR > 0.3 from all selected electrons.",
            {"photon overlap_dr > 0.3"},
        ),
        ("Jets must satisfy ΔR > 0.4 to the nearest lepton.", {"jet overlap_dr > 0.4"}),
        # "at least one ... and at least one other": the leading and the next object
        (
            "At least one of the three leptons must have p_T > 25 GeV, and at least one other must have "
            "p_T > 15 GeV.",
            {"lepton[1] pt > 25 GeV", "lepton[2] pt > 15 GeV"},
        ),
        # two Z candidates, a Z candidate defined as a same-flavour opposite-charge pair
        (
            "Z boson candidates consist of two same-flavour leptons with opposite charges. We then build "
            "four-lepton systems from two Z candidates.",
            {"quadruplet sfos_pairs == 2"},
        ),
    ],
)
def test_cms_wordings(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a clause about an efficiency or a resolution, the values however far from the subject
        ("The tagging efficiency of the loose working point exceeds 90% for jets above 30 GeV.", set()),
        ("The resolution of the relative isolation is below 0.05 for muons above 20 GeV.", set()),
        # ... but an acceptance that qualifies requirements heads no description
        (
            "The acceptance requirements are pT > 25 GeV and |η| < 2.5 for muons.",
            {"muon pt > 25 GeV", "muon abs_eta < 2.5"},
        ),
        # the isolation cone is no cut; a Z candidate not said to be a same-flavour opposite pair
        ("The isolation cone has a size of ΔR = 0.3.", set()),
        ("Z candidates are pairs of leptons. Events with two Z candidates are kept.", set()),
        # a flavour tagger's working point is not the jet identification
        ("A jet is b-tagged if it passes the tight working point of the DeepJet tagger.", set()),
        (
            "Jets are b-tagged with the medium working point of the DeepJet tagger, and must pass the tight ID.",
            {"jet id is tight"},
        ),
        # the track is the subject of the new clause; "some of the muons" is no count
        ("Muons are built from tracks, and tracks must have p_T > 1 GeV.", set()),
        ("At least one of the selected muons must be matched to a trigger object.", set()),
        # the same kind of object: a pair requirement, not an overlap removal
        ("Muons are separated by ΔR > 0.1 from other muons.", {"lepton_pair dr > 0.1"}),
        # a flavour named in the next coordinated clause is that clause's
        (
            "Any two leptons must be separated by ΔR > 0.05, and every pair of same-flavour leptons must "
            "have m_{ℓℓ} > 4 GeV.",
            {"lepton_pair dr > 0.05", "sfos_pair mass > 4 GeV"},
        ),
    ],
)
def test_near_misses_of_cms_wordings(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rank in words, for variables other than the momentum: after the value or as the subject
        ("We require |η| < 2.4 for the leading jet.", {"jet[1] abs_eta < 2.4"}),
        ("The subleading lepton must have |η| < 2.5.", {"lepton[2] abs_eta < 2.5"}),
        ("The leading photon must satisfy |η| < 1.37.", {"photon[1] abs_eta < 1.37"}),
        (
            "The leading jet must have pT > 100 GeV and |η| < 2.4.",
            {"jet[1] pt > 100 GeV", "jet[1] abs_eta < 2.4"},
        ),
        ("The leading muon must have |d_0|/σ(d_0) < 3.", {"muon[1] d0sig < 3"}),
        (
            "The leading jet is required to be central, |η| < 2.4, while the muons must have |η| < 2.5.",
            {"jet[1] abs_eta < 2.4", "muon abs_eta < 2.5"},
        ),
    ],
)
def test_ranks_in_words_for_other_variables(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the rank belongs to another constraint, object or kind; all objects; plurals
        (
            "Jets with pT > 30 GeV and |η| < 4.5 are used; the leading jet must have pT > 60 GeV.",
            {"jet pt > 30 GeV", "jet abs_eta < 4.5", "jet[1] pt > 60 GeV"},
        ),
        (
            "The leading jet must have pT > 100 GeV, and all jets must have |η| < 2.8.",
            {"jet[1] pt > 100 GeV", "jet abs_eta < 2.8"},
        ),
        (
            "Jets must have |η| < 2.5, and the leading one must have pT > 50 GeV.",
            {"jet abs_eta < 2.5", "jet[1] pt > 50 GeV"},
        ),
        ("The leading jet and every other jet must have |η| < 2.4.", {"jet abs_eta < 2.4"}),
        (
            "The leading jet must be b-tagged and the electrons must have |η| < 2.47.",
            {"electron abs_eta < 2.47"},
        ),
        ("The leading jets must have |η| < 2.4.", {"jet abs_eta < 2.4"}),
    ],
)
def test_near_misses_of_ranks_in_words(text: str, expected: set[str]) -> None:
    assert described(text) == expected


# --- isolation cones written with "<": the cone's size defines the summed quantity --------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The scalar sum of the track pT within ΔR < 0.4 of the muon must stay below 25% of the muon pT.",
            {"muon iso_track < 0.25"},
        ),
        (
            "Muons must be isolated: the summed transverse momentum of tracks inside a cone of ΔR < 0.3 "
            "around the muon has to be less than 15% of the muon pT.",
            {"muon iso_track < 0.15"},
        ),
        (
            "The isolation of electrons, the sum of the calorimeter energy deposited within ΔR < 0.2 of "
            "the electron, must be below 20% of its transverse energy.",
            {"electron iso_calo < 0.2"},
        ),
        (
            "The photon isolation is computed from the transverse energy of topological clusters in a "
            "cone of size ΔR < 0.4 around the photon and must be below 6% of the photon E_T.",
            {"photon iso_calo < 0.06"},
        ),
    ],
)
def test_an_isolation_cone_is_no_cut(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an object within ΔR of another is removed (overlap), a pair's separation, no sum before
        ("Jets within ΔR < 0.4 of an electron are removed.", {"jet overlap_dr >= 0.4"}),
        ("The two leptons must lie within ΔR < 2.0 of each other.", {"lepton_pair dr < 2"}),
        (
            "The total transverse energy of the event is not used, and a muon found within ΔR < 0.3 of a "
            "jet is removed from the event.",
            {"muon overlap_dr >= 0.3"},
        ),
    ],
)
def test_near_misses_of_isolation_cones(text: str, expected: set[str]) -> None:
    assert described(text) == expected


# --- vetoes of other objects: a count (of the selected ones, or zero), never a cut on all objects ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Events must contain exactly two leptons with pT > 25 GeV, and another lepton with pT > 5 GeV "
            "is vetoed.",
            {"lepton pt > 25 GeV", "lepton count == 2"},
        ),
        (
            "Exactly two leptons with pT > 25 GeV are required, and events with any other lepton above "
            "10 GeV are discarded.",
            {"lepton pt > 25 GeV", "lepton count == 2"},
        ),
        (
            "Exactly two leptons with pT > 25 GeV are required. Any other lepton with pT > 7 GeV leads to "
            "the rejection of the event.",
            {"lepton pt > 25 GeV", "lepton count == 2"},
        ),
        (
            "Events must contain exactly two leptons with pT > 25 GeV. Events with more than two leptons "
            "with pT > 10 GeV are rejected.",
            {"lepton pt > 25 GeV", "lepton count == 2", "lepton count <= 2"},
        ),
        ("Events with a lepton of pT > 10 GeV are rejected.", {"lepton count == 0"}),
        ("Events containing any photon with E_T above 15 GeV are vetoed.", {"photon count == 0"}),
        ("Events with a jet with pT > 30 GeV are rejected.", {"jet count == 0"}),
    ],
)
def test_vetoes_of_other_objects_are_counts(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # additional objects with no count of the selected ones: no reading at all
        ("Events with an additional lepton above 10 GeV are rejected.", set()),
        ("Events with additional jets above 30 GeV are rejected.", set()),
        # a veto of any object when the selection keeps such objects: two readings, none kept
        (
            "Exactly one lepton with pT > 30 GeV is required. Events with a lepton of pT > 10 GeV are "
            "rejected.",
            {"lepton pt > 30 GeV", "lepton count == 1"},
        ),
        # an object defined by another quantity is removed, a tagged jet is a b-jet veto, kept events
        ("Events with a muon with |d0| > 1 mm are rejected.", {"muon d0 <= 1 mm"}),
        ("Events with a b-tagged jet with pT > 20 GeV are rejected.", {"jet count == 0 (b_tagged)"}),
        ("Events with a lepton of pT > 10 GeV are kept.", {"lepton pt > 10 GeV"}),
        # a third object required, not vetoed
        (
            "Events must have two muons and a third lepton with pT > 10 GeV is required.",
            {"muon count == 2", "lepton[3] pt > 10 GeV"},
        ),
    ],
)
def test_near_misses_of_vetoes_of_other_objects(text: str, expected: set[str]) -> None:
    assert described(text) == expected


# --- a group of leading objects: one cut per rank ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two leading jets must have |η| < 2.4.", {"jet[1] abs_eta < 2.4", "jet[2] abs_eta < 2.4"}),
        (
            "The three leading leptons must satisfy pT > 20 GeV.",
            {"lepton[1] pt > 20 GeV", "lepton[2] pt > 20 GeV", "lepton[3] pt > 20 GeV"},
        ),
        ("We require |η| < 2.5 for the two leading jets.", {"jet[1] abs_eta < 2.5", "jet[2] abs_eta < 2.5"}),
        (
            "The leading two photons must have E_T > 30 GeV.",
            {"photon[1] et > 30 GeV", "photon[2] et > 30 GeV"},
        ),
        (
            "Jets with pT > 30 GeV are used; the two leading jets must have pT > 60 GeV.",
            {"jet pt > 30 GeV", "jet[1] pt > 60 GeV", "jet[2] pt > 60 GeV"},
        ),
    ],
)
def test_a_group_of_leading_objects_gives_one_cut_per_rank(text: str, expected: set[str]) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # values listed per rank, no number of objects, another object's constraint, a rank in
        # another clause
        ("The two leading jets must have pT > 50 and 30 GeV.", {"jet[1] pt > 50 GeV", "jet[2] pt > 30 GeV"}),
        ("The leading jets must have |η| < 2.4.", {"jet abs_eta < 2.4"}),
        (
            "The two leading jets are b-tagged and the electrons must have |η| < 2.47.",
            {"electron abs_eta < 2.47"},
        ),
        (
            "Jets with pT > 30 GeV are used; the leading jet must have pT > 60 GeV.",
            {"jet pt > 30 GeV", "jet[1] pt > 60 GeV"},
        ),
    ],
)
def test_near_misses_of_groups_of_leading_objects(text: str, expected: set[str]) -> None:
    assert described(text) == expected


# --- a particle-level (fiducial) phase space, control samples, mixed-kind separations -------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the fiducial definition and the rest of its paragraph are not reco cuts
        (
            [
                "Muons must have pT > 20 GeV.\n\nThe fiducial region is defined at the generator level. "
                "Its leptons need pT > 15 GeV and |η| < 2.7."
            ],
            {"muon pt > 20 GeV"},
        ),
        ("Truth-level jets must satisfy pT > 20 GeV and |η| < 4.5.", set()),
        # control samples do not count the signal region's objects
        (
            "A control sample with one electron and one muon of opposite charge checks the top background.",
            set(),
        ),
        # a distance between two kinds of object: which one is removed is not said
        ("Photon–jet separation ΔR > 0.4 is required.", set()),
    ],
)
def test_particle_level_phase_space_control_samples_and_mixed_separations_give_no_cut(
    text: str | list[str], expected: set[str]
) -> None:
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # jets calibrated to the particle level are reconstructed jets; a reconstruction-level
        # selection that mirrors the fiducial one; the next paragraph; a separation of two leptons
        (
            "Jets are calibrated to the particle level; only jets with pT > 30 GeV are considered.",
            {"jet pt > 30 GeV"},
        ),
        (
            "The reconstruction-level selection mirrors the fiducial region defined at particle level: "
            "electrons need pT > 25 GeV.",
            {"electron pt > 25 GeV"},
        ),
        (
            ["The fiducial region is defined at the particle level.\n\nElectrons must have pT > 25 GeV."],
            {"electron pt > 25 GeV"},
        ),
        ("The lepton–lepton separation must satisfy ΔR > 0.1.", {"lepton_pair dr > 0.1"}),
    ],
)
def test_near_misses_of_particle_level_control_samples_and_mixed_separations(
    text: str | list[str], expected: set[str]
) -> None:
    assert described(text) == expected


# --- a vertex required in words, pairs that are removed, sums, calibrated objects --------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a primary vertex required without a number word
        ("Each event is required to have a primary vertex.", {"event n_vertices >= 1"}),
        (
            "Each event must contain a reconstructed primary vertex, the one with the largest summed "
            "pT2 of its tracks, with at least two associated tracks.",
            {"event n_vertices >= 1"},
        ),
        ("A good primary vertex is required in each event.", {"event n_vertices >= 1"}),
        ("Events must contain at least one reconstructed vertex.", {"event n_vertices >= 1"}),
        # a removed pair of leptons of one kind: the pair's separation, not an overlap removal
        ("Pairs of leptons with ΔR < 0.02 are rejected.", {"lepton_pair dr >= 0.02"}),
        ("Pairs of muons with ΔR < 0.02 are removed.", {"lepton_pair dr >= 0.02 mu"}),
        ("Pairs of electrons must be separated by ΔR > 0.05.", {"lepton_pair dr > 0.05 e"}),
        ("Electrons within ΔR < 0.02 of a muon are rejected.", {"electron overlap_dr >= 0.02"}),
        # a calibration in the subject's first predicate does not hide the requirement of its second
        ("Jets are calibrated to the particle level and must have pT > 30 GeV.", {"jet pt > 30 GeV"}),
        ("Jets are simulated with Geant4 and are kept if their pT exceeds 25 GeV.", {"jet pt > 25 GeV"}),
        # the muon trigger chambers are part of the detector, no trigger requirement
        (
            "A muon is accepted if it satisfies the medium identification criteria, and if it lies "
            "within the acceptance of the muon trigger chambers.",
            {"muon id is medium"},
        ),
        (
            "Each lepton must have pT > 25 GeV, and their summed pT must exceed 60 GeV.",
            {"lepton pt > 25 GeV"},
        ),
    ],
)
def test_vertices_pairs_sums_and_calibrations(sentence: str, expected: set[str]) -> None:
    assert described(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The primary vertex is the one with the highest Σp_T² of associated tracks.",
        "Leptons must originate from the primary vertex.",
        "Events must have a vertex fraction above 0.5.",
        "Events in the control region must contain a primary vertex.",
        # a sum over objects is no cut on each of them
        "Events are kept if the summed pT of the leptons exceeds 50 GeV.",
        "The sum of the transverse momenta of the two leptons must exceed 50 GeV.",
        "The total transverse momentum of the leptons must exceed 50 GeV.",
        # a pair of objects of two kinds: which one is removed is unsaid
        "Pairs of jets and leptons with ΔR < 0.4 are rejected.",
        "Pairs of electrons and muons with ΔR < 0.02 are rejected.",
        # the calibration is what the clause speaks of
        "The jet energy scale is calibrated for jets with pT > 20 GeV.",
        # a working point of a trigger object
        "The trigger requires a muon passing the medium identification.",
        "The jet calibration is derived in situ and must be derived for jets with pT > 20 GeV.",
    ],
)
def test_vertex_definitions_sums_and_calibrations_give_no_cut(sentence: str) -> None:
    assert described(sentence) == set()
