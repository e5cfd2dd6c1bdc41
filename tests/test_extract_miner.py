"""The deterministic miner on small synthetic sentences: comparators, units, words, ranges,
dependences, tables, delegation, distractors (nothing mined), grounding, order, determinism."""

from __future__ import annotations

import pytest

from assistant.extract import extract
from assistant.extract.grounding import ground
from assistant.extract.merge import canonical_order
from assistant.extract.text import document_from_text, quantities, split_sentences
from assistant.selection import Z_MASS, Cut, CutEvidence, Selection
from corpus.document import BibEntry


def cuts_of(text: str | list[str]) -> dict[str, Cut]:
    report = extract(document_from_text(text))
    return {cut.id: cut for cut in report.selection.cuts}


def only(text: str) -> Cut:
    cuts = cuts_of(text)
    assert len(cuts) == 1, f"expected one cut, got {[c.describe() for c in cuts.values()]}"
    return next(iter(cuts.values()))


# --- comparators in symbols and words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "obj", "variable", "op", "value"),
    [
        ("Electrons are required to have ET > 7 GeV.", "electron", "et", ">", 7.0),
        ("Muons are required to have pT ≥ 5 GeV.", "muon", "pt", ">=", 5.0),
        ("Muons must have a transverse momentum greater than 6 GeV.", "muon", "pt", ">", 6.0),
        ("Electrons must have a transverse energy of at least 10 GeV.", "electron", "et", ">=", 10.0),
        ("Jets with a transverse momentum exceeding 25 GeV are considered.", "jet", "pt", ">", 25.0),
        ("Photons with a transverse momentum in excess of 40 GeV are selected.", "photon", "pt", ">", 40.0),
        ("Muons must lie within |η| < 2.7.", "muon", "abs_eta", "<", 2.7),
        ("Electrons are required to have a pseudorapidity |η| below 2.47.", "electron", "abs_eta", "<", 2.47),
        ("Jets must have |η| less than 4.5.", "jet", "abs_eta", "<", 4.5),
        ("Electrons must have pT >= 7 GeV.", "electron", "pt", ">=", 7.0),
        ("Muons must satisfy pT ≤ 500 GeV.", "muon", "pt", "<=", 500.0),
    ],
)
def test_comparators(sentence: str, obj: str, variable: str, op: str, value: float) -> None:
    cut = only(sentence)
    assert (cut.object, cut.variable, cut.op, cut.value) == (obj, variable, op, value)
    assert cut.evidence[0].quote == sentence
    assert cut.evidence[0].grounded is True


@pytest.mark.parametrize(
    ("sentence", "variable", "value", "unit"),
    [
        ("Muons are required to have pT > 7000 MeV.", "pt", 7.0, "GeV"),
        ("Muons are required to have pT > 7000MeV.", "pt", 7.0, "GeV"),
        ("Jets must have pT > 0.5 TeV.", "jet_pt", 500.0, "GeV"),
        ("All leptons must have |z0 sinθ| < 500 μm.", "z0sintheta", 0.5, "mm"),
        ("All leptons must have |z0 sinθ| < 0.05 cm.", "z0sintheta", 0.5, "mm"),
        ("Muons with |d0| > 1 mm are rejected.", "d0", 1.0, "mm"),
    ],
)
def test_units_are_canonical(sentence: str, variable: str, value: float, unit: str) -> None:
    cut = only(sentence)
    assert cut.variable == variable.replace("jet_", "")
    assert cut.value == pytest.approx(value)
    assert cut.unit == unit
    assert cut.evidence[0].grounded is True


def test_removal_inverts_the_comparator() -> None:
    cut = only("Muons with |d0| > 1 mm are rejected to suppress cosmic-ray muons.")
    assert (cut.object, cut.variable, cut.side(), cut.value) == ("muon", "d0", "max", 1.0)


# --- windows and ranges ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The leading pair must satisfy 50 < m12 < 106 GeV.",
        "The leading-pair mass m12 is required to be between 50 and 106 GeV.",
        "The leading pair mass m12 must be in the range 50–106 GeV.",
        "The leading pair must satisfy 50 GeV < m_{12} < 106 GeV.",
    ],
)
def test_windows(sentence: str) -> None:
    cut = only(sentence)
    assert (cut.object, cut.variable, cut.op, cut.low, cut.high, cut.unit) == (
        "z1",
        "mass",
        "between",
        50.0,
        106.0,
        "GeV",
    )
    assert cut.evidence[0].grounded is True


def test_window_around_the_z_mass() -> None:
    cut = only("The dilepton invariant mass must be within 10 GeV of the Z boson mass.")
    assert cut.object == "dilepton" and cut.op == "between"
    assert cut.low == pytest.approx(Z_MASS - 10) and cut.high == pytest.approx(Z_MASS + 10)
    assert cut.evidence[0].grounded is True


def test_final_mass_window() -> None:
    cut = only("Finally, the four-lepton invariant mass must satisfy 115 < m4ℓ < 130 GeV.")
    assert (cut.object, cut.variable, cut.low, cut.high) == ("quadruplet", "mass", 115.0, 130.0)


# --- multiplicities, lists, alternatives -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "obj", "op", "value"),
    [
        ("Events must contain exactly four leptons.", "lepton", "==", 4.0),
        ("Events are required to have at least two jets.", "jet", ">=", 2.0),
        ("Events with no fewer than three muons are selected.", "muon", ">=", 3.0),
        ("We select events containing two or more photons.", "photon", ">=", 2.0),
    ],
)
def test_multiplicities(sentence: str, obj: str, op: str, value: float) -> None:
    cut = only(sentence)
    assert (cut.object, cut.variable, cut.op, cut.value) == (obj, "count", op, value)


def test_four_lepton_is_a_name_not_a_count() -> None:
    cuts = cuts_of("The four-lepton invariant mass is computed from the momenta of the four leptons.")
    assert not [c for c in cuts.values() if c.variable == "count"]


def test_ranked_thresholds_of_the_quadruplet() -> None:
    cuts = cuts_of("The three highest-pT leptons in each quadruplet must have pT > 20, 15 and 10 GeV.")
    assert {(c.rank, c.value) for c in cuts.values()} == {(1, 20.0), (2, 15.0), (3, 10.0)}
    assert {c.object for c in cuts.values()} == {"quadruplet"}
    assert sorted(cuts) == ["quadruplet.pt.r1", "quadruplet.pt.r2", "quadruplet.pt.r3"]


def test_parenthesised_alternative_values() -> None:
    cuts = cuts_of(
        "The transverse impact parameter significance |d0|/σ(d0) must be less than 5 (3) for electrons (muons)."
    )
    assert cuts["electron.d0sig"].value == 5.0 and cuts["muon.d0sig"].value == 3.0
    cuts = cuts_of(
        "Lepton pairs in the quadruplet must be separated by ΔR > 0.10 (0.20) for same-flavour (different-flavour) leptons."
    )
    assert cuts["lepton_pair.dr.same"].value == 0.10 and cuts["lepton_pair.dr.different"].value == 0.20


def test_respectively_lists() -> None:
    cuts = cuts_of(
        "The calorimeter isolation is required to be below 0.20 and 0.30 for electrons and muons, respectively."
    )
    assert cuts["electron.iso_calo"].value == 0.20 and cuts["muon.iso_calo"].value == 0.30


def test_percent_is_a_fraction_and_definitions_are_skipped() -> None:
    cut = only(
        "The track isolation, defined as the scalar sum of the pT of tracks within a cone of ΔR = 0.3 around the "
        "lepton divided by the lepton pT, is required to be below 15%."
    )
    assert (cut.object, cut.variable, cut.value) == ("lepton", "iso_track", pytest.approx(0.15))


# --- typed building blocks ---------------------------------------------------------------------------


def test_pairing_choice_veto_and_sfos() -> None:
    cuts = cuts_of(
        "Quadruplets are formed from two same-flavour, opposite-sign (SFOS) lepton pairs. "
        "The pair with mass closest to the Z boson mass is the leading pair. "
        "Quadruplets in which any SFOS pair has m(ℓℓ) < 5 GeV are rejected (J/ψ veto). "
        "If more than one quadruplet is selected, the one with m12 closest to the Z mass, then the highest m34, is kept."
    )
    assert cuts["quadruplet.sfos_pairs"].value == 2
    assert cuts["z1.mass.closest"].value == pytest.approx(Z_MASS)
    assert cuts["sfos_pair.mass"].side() == "min" and cuts["sfos_pair.mass"].value == 5.0
    choice = cuts["quadruplet.choice"]
    assert choice.op == "closest" and choice.labels == ["z1_mass", "z2_mass"]
    assert all(c.evidence[0].grounded for c in cuts.values())


def test_threshold_depending_on_another_variable() -> None:
    cuts = cuts_of(
        "The subleading pair must satisfy m_thr < m34 < 115 GeV, where m_thr is 12 GeV for m4ℓ < 140 GeV, "
        "rises linearly to 50 GeV at m4ℓ = 190 GeV and is 50 GeV above."
    )
    assert list(cuts) == ["z2.mass"]
    cut = cuts["z2.mass"]
    assert cut.op == "between" and cut.high == 115.0
    assert cut.depends_on is not None and cut.depends_on.knots == [(140.0, 12.0), (190.0, 50.0)]
    assert cut.depends_on.threshold(165.0) == pytest.approx(31.0)  # linear between the knots
    assert cut.evidence[0].grounded is True


def test_working_points_and_triggers() -> None:
    cuts = cuts_of(
        "Events were selected with a combination of single-lepton, dilepton and trilepton triggers. "
        "Electrons must satisfy the loose likelihood identification criteria. "
        "Muons must satisfy the medium identification requirements."
    )
    assert cuts["event.trigger"].labels == ["single_lepton", "dilepton", "trilepton"]
    assert cuts["electron.id"].labels == ["loose"] and cuts["muon.id"].labels == ["medium"]


def test_a_list_of_working_points_selects_none() -> None:
    assert (
        cuts_of("Three identification working points, Loose, Medium and Tight, are defined for electrons.")
        == {}
    )


# --- distractors: nothing mined ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The data correspond to an integrated luminosity of 36.1 fb−1 recorded in 2015 and 2016.",
        "The proton–proton collisions were delivered at a centre-of-mass energy of √s = 13 TeV.",
        "The measured fiducial cross section is 3.62 ± 0.50 fb.",
        "The inner detector covers the pseudorapidity range |η| < 2.5.",
        "The calorimeters extend the coverage to |η| < 4.9.",
        "The mass resolution is about 1.6 GeV for m4ℓ above 120 GeV.",
        "Figure 3 shows the m4ℓ distribution for m4ℓ > 100 GeV.",
        "Signal events were generated with Powheg-Box v2 and Pythia 8.186 assuming mH = 125 GeV.",
        "The pixel detector has an innermost layer at a radius of 33 mm.",
        "The systematic uncertainty on the energy scale is below 0.5% for electrons with ET > 20 GeV.",
        "The trigger thresholds on the electron ET were 24 GeV in 2015 and 26 GeV in 2016.",
        "The analysis is described in Section 4 and the results in Table 2.",
        "The tracks used for the vertex must have pT > 0.4 GeV.",
    ],
)
def test_distractors_mine_nothing(sentence: str) -> None:
    report = extract(document_from_text(sentence))
    assert report.selection.cuts == [], [c.describe() for c in report.selection.cuts]


def test_no_selection_gives_an_empty_selection_and_a_message() -> None:
    report = extract(
        document_from_text(
            "We review the history of particle physics. No new results are presented.", title="review"
        )
    )
    assert report.selection.cuts == []
    assert "no event selection found in review" in report.selection.message
    assert report.messages


# --- tables ------------------------------------------------------------------------------------------


def test_table_rows() -> None:
    table = (
        "Table 1: Summary of the object selection.\n"
        "| Object | Requirement |\n"
        "| Electrons | ET > 7 GeV, |η| < 2.47 |\n"
        "| Muons | pT > 5 GeV, |η| < 2.7 |\n"
        "| Jets | pT > 30 GeV, |η| < 4.5 |"
    )
    cuts = cuts_of(table)
    assert {k: (c.op, c.value) for k, c in cuts.items()} == {
        "electron.et": (">", 7.0),
        "electron.abs_eta": ("<", 2.47),
        "muon.pt": (">", 5.0),
        "muon.abs_eta": ("<", 2.7),
        "jet.pt": (">", 30.0),
        "jet.abs_eta": ("<", 4.5),
    }
    assert cuts["muon.pt"].evidence[0].quote == "| Muons | pT > 5 GeV, |η| < 2.7 |"


# --- delegation into a cited document ----------------------------------------------------------------


def test_delegated_statement_is_followed_into_the_reference() -> None:
    paper = document_from_text(
        "Electrons must have ET > 7 GeV. Leptons must satisfy the isolation criteria described in Ref. [12].",
        title="paper",
    )
    paper = paper.model_copy(
        update={
            "bibliography": [BibEntry(key="12", text="ATLAS, Lepton performance in Run 2, arXiv:1902.04655")]
        }
    )
    reference = document_from_text(
        "Muons are reconstructed in the muon spectrometer. "
        "For the loose isolation working point, the track isolation must be below 0.15 and the calorimeter isolation "
        "below 0.20 and 0.30 for electrons and muons, respectively. "
        "Electrons must have ET > 4.5 GeV to be reconstructed.",
        title="Lepton performance in Run 2",
    )
    report = extract([paper], references=[reference])
    cuts = {c.id: c for c in report.selection.cuts}
    assert cuts["electron.et"].status == "documented" and cuts["electron.et"].value == 7.0  # the paper wins
    for cut_id, value in (("lepton.iso_track", 0.15), ("electron.iso_calo", 0.20), ("muon.iso_calo", 0.30)):
        cut = cuts[cut_id]
        assert cut.status == "from-reference" and cut.value == pytest.approx(value)
        assert cut.evidence[0].document == reference.id and cut.evidence[0].grounded is True
        assert "isolation criteria described in Ref. [12]" in cut.note
    # without the reference the delegated cuts are absent, not invented
    alone = {c.id for c in extract([paper]).selection.cuts}
    assert "lepton.iso_track" not in alone


# --- grounding ------------------------------------------------------------------------------------


def _doc() -> tuple[object, dict[str, object]]:
    doc = document_from_text(
        "Electrons are required to have ET > 7 GeV and |η| < 2.47. Muons need pT > 7000 MeV.", title="g"
    )
    return doc, {doc.id: doc}


def test_grounding_passes_for_other_written_forms() -> None:
    doc, table = _doc()
    cut = Cut(
        object="muon",
        variable="pt",
        op=">",
        value=7.0,
        unit="GeV",
        evidence=[CutEvidence(document=doc.id, page=1, quote="Muons need pT > 7000 MeV.")],
    )
    assert ground(cut, table).grounded  # type: ignore[arg-type]
    spaced = cut.model_copy(
        update={"evidence": [CutEvidence(document=doc.id, page=1, quote="Muons  need\npT >  7000 MeV")]}
    )
    assert ground(spaced, table).grounded  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("quote", "reason_names"),
    [
        ("Electrons are required to have ET > 7 GeV", "10"),  # in the document, without the value
        ("Electrons are required to have ET > 10 GeV", ""),  # has the value, not in the document
    ],
)
def test_grounding_fails_for_a_quote_without_the_value_or_not_in_the_document(
    quote: str, reason_names: str
) -> None:
    doc, table = _doc()
    cut = Cut(
        object="electron",
        variable="et",
        op=">",
        value=10.0,
        unit="GeV",
        evidence=[CutEvidence(document=doc.id, page=1, quote=quote)],
    )
    result = ground(cut, table)  # type: ignore[arg-type]
    assert not result.grounded and result.evidence[0].grounded is False
    assert result.reason and reason_names in result.reason


def test_quantities_know_written_forms() -> None:
    assert (7.0, "GeV") in quantities("7000 MeV")
    assert (0.5, "mm") in quantities("500 μm")
    assert (0.5, "mm") in quantities("500 µm")  # micro sign
    assert (4.0, "") in quantities("exactly four leptons")
    assert (0.15, "") in quantities("15%")


def test_cut_value_containing_code_is_rejected() -> None:
    with pytest.raises(ValueError):
        Cut(object="muon", variable="pt", op=">", value="25 or __import__('os')")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Selection.from_json(
            '{"cuts": [{"object": "muon", "variable": "pt", "op": ">", "value": "__import__(\'os\').system(\'x\')"}]}'
        )


# --- sentences, order, determinism -------------------------------------------------------------------


def test_sentence_splitting_respects_abbreviations_and_decimals() -> None:
    text = "Leptons follow Ref. [3] and Fig. 2 shows 2.47 values. Jets are next. Eq. 4 holds."
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == [
        "Leptons follow Ref. [3] and Fig. 2 shows 2.47 values.",
        "Jets are next.",
        "Eq. 4 holds.",
    ]


ATLAS_LIKE = [
    "Finally the four-lepton invariant mass must satisfy 115 < m4ℓ < 130 GeV. "
    "Leptons in the quadruplet must be separated by ΔR > 0.10 (0.20) for same-flavour (different-flavour) leptons.",
    "Muons must have pT > 5 GeV and |η| < 2.7. Events are recorded with single-lepton and dilepton triggers. "
    "Electrons must have ET > 7 GeV and |η| < 2.47. The leading pair must satisfy 50 < m12 < 106 GeV. "
    "Quadruplets are formed from two same-flavour, opposite-sign (SFOS) lepton pairs. "
    "Jets must have pT > 30 GeV.",
]


def test_canonical_cutflow_order_regardless_of_document_order() -> None:
    ids = [c.id for c in extract(document_from_text(ATLAS_LIKE)).selection.cuts]
    assert ids == [
        "event.trigger",
        "electron.et",
        "electron.abs_eta",
        "muon.pt",
        "muon.abs_eta",
        "jet.pt",
        "quadruplet.sfos_pairs",
        "z1.mass",
        "lepton_pair.dr.same",
        "lepton_pair.dr.different",
        "quadruplet.mass",
    ]
    shuffled = canonical_order(list(reversed(extract(document_from_text(ATLAS_LIKE)).selection.cuts)))
    assert [c.id for c in shuffled] == ids


def test_identical_over_ten_runs() -> None:
    outputs = {extract(document_from_text(ATLAS_LIKE)).selection.to_json() for _ in range(10)}
    assert len(outputs) == 1


def test_conflicting_statements_keep_one_and_flag_it() -> None:
    cuts = cuts_of(
        "Electrons must have ET > 7 GeV. In the abstract we wrote that electrons need ET > 7 GeV. "
        "A later table says electrons must have ET > 10 GeV."
    )
    cut = cuts["electron.et"]
    assert cut.value == 7.0 and "conflict" in cut.flags and "10" in cut.note
    assert len(cut.evidence) == 2


def test_a_diphoton_selection_worded_differently() -> None:
    cuts = cuts_of(
        "Events are selected with a diphoton trigger. Photons are required to have |η| < 2.37, excluding the "
        "region 1.37 < |η| < 1.52. The leading (subleading) photon must satisfy pT/mγγ > 0.35 (0.25). "
        "The diphoton invariant mass must lie between 105 and 160 GeV. The missing transverse momentum must "
        "exceed 50 GeV. The transverse mass mT of the W candidate is required to be greater than 50 GeV."
    )
    assert cuts["event.trigger"].labels == ["diphoton"]
    crack = cuts["photon.abs_eta.outside"]
    assert (crack.op, crack.low, crack.high) == ("outside", 1.37, 1.52)
    assert cuts["photon.pt_over_mass.r1"].value == 0.35 and cuts["photon.pt_over_mass.r2"].value == 0.25
    assert (cuts["diphoton.mass"].low, cuts["diphoton.mass"].high) == (105.0, 160.0)
    assert cuts["event.met"].value == 50.0 and cuts["event.mt"].value == 50.0


# --- cuts that no object can pass, or that restrict nothing, are rejected with a reason ---------


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Jets must have |η| < 0.", "upper bound of 0 selects nothing"),
        ("Electrons need |η| < -2.5.", "upper bound of -2.5 selects nothing"),
        ("Muons must have pT > -5 GeV.", "lower bound of -5 restricts nothing"),
        ("Leptons are required to be separated by ΔR > -0.1.", "lower bound of -0.1 restricts nothing"),
        ("The leptons must satisfy 100 < m_{ℓℓ} < 80 GeV.", "lower edge is not below the upper edge"),
        ("The dilepton mass must lie between 120 and 60 GeV.", "lower edge is not below the upper edge"),
        ("Jets must satisfy Δφ(j, E_T^miss) > 4.2.", "never exceeds π"),
        ("Jets must satisfy −1.0 < η < 2.5.", "signed quantity on its magnitude"),
    ],
)
def test_unsatisfiable_or_empty_cuts_are_rejected_with_a_reason(sentence: str, reason: str) -> None:
    report = extract(document_from_text(sentence))
    assert not report.selection.cuts, [c.describe() for c in report.selection.cuts]
    assert len(report.rejected) == 1 and reason in report.rejected[0], report.rejected
    assert report.rejected[0].startswith("miner: ") and sentence[:20] in report.rejected[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # near misses: zero and symmetric windows are meaningful
        ("Jets must satisfy −2.5 < η < 2.5.", "jet abs_eta < 2.5"),
        ("Events must have no jets with pT > 30 GeV, that is N_{jet} = 0.", "jet count == 0"),
        ("Muons must have pT > 0.5 GeV.", "muon pt > 0.5 GeV"),
        ("Jets must satisfy Δφ(j, E_T^miss) > 2.8.", "jet dphi_met > 2.8 rad"),
        ("Events with |Δφ_{ℓℓ}| < 3.0 are kept.", "dilepton dphi < 3 rad"),
    ],
)
def test_near_misses_of_unsatisfiable_cuts_are_kept(sentence: str, expected: str) -> None:
    report = extract(document_from_text(sentence))
    assert expected in {c.describe() for c in report.selection.cuts}
    assert not report.rejected


def test_the_sanity_rules_on_cuts() -> None:
    from assistant.extract.sanity import fold_symmetric_window, unsatisfiable

    def cut(**fields: object) -> Cut:
        return Cut(object=fields.pop("object", "jet"), **fields)  # type: ignore[arg-type]

    assert unsatisfiable(cut(variable="count", op="==", value=-1)) is not None
    assert unsatisfiable(cut(variable="count", op="<=", value=0)) is None  # a veto
    assert unsatisfiable(cut(variable="count", op="<", value=0)) is not None
    assert unsatisfiable(cut(variable="mass", op="outside", low=-20, high=-10)) is not None
    assert unsatisfiable(cut(variable="eta", op=">", value=-2.5)) is None  # the signed η may be negative
    assert unsatisfiable(cut(variable="pt", op=">", value=0)) is None
    assert unsatisfiable(cut(variable="dphi_met", op=">", value=3.14)) is None
    folded = fold_symmetric_window(
        {"object": "jet", "variable": "abs_eta", "op": "between", "low": -2.4, "high": 2.4}
    )
    assert folded == {"object": "jet", "variable": "abs_eta", "op": "<", "value": 2.4}
    signed = {"object": "jet", "variable": "eta", "op": "between", "low": -2.4, "high": 2.4}
    assert fold_symmetric_window(signed) == signed
