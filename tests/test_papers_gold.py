"""The gold selection lists: valid Selections, every quote on its stated page of the rendered PDF
(found with a normaliser written here, independent of corpus.papers), every quote holding its
value, and hzz4l covering the canonical H→ZZ*→4ℓ selection of the team brief."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest

from assistant.selection import Z_MASS, Cut, Selection
from corpus import papers
from corpus.papers.gold import cut_from_entry, gold_names

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
NUMBER_WORDS = {0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}

# (id, op, value or (low, high) or labels) — the canonical list of the brief, in cutflow order
CANONICAL = [
    ("event.trigger", "any", ["single_lepton", "dilepton", "trilepton"]),
    ("event.n_vertices", ">=", 1),
    ("electron.et", ">", 7),
    ("electron.abs_eta", "<", 2.47),
    ("electron.id", "is", ["loose"]),
    ("muon.pt", ">", 5),
    ("muon.abs_eta", "<", 2.7),
    ("muon.id", "is", ["loose"]),
    ("lepton.z0sintheta", "<", 0.5),
    ("electron.d0sig", "<", 5),
    ("muon.d0sig", "<", 3),
    ("muon.d0", "<", 1),
    ("lepton.iso_track", "<", 0.15),
    ("electron.iso_calo", "<", 0.20),
    ("muon.iso_calo", "<", 0.30),
    ("jet.pt", ">", 30),
    ("jet.abs_eta", "<", 4.5),
    ("jet.overlap_dr", ">", 0.2),
    ("quadruplet.sfos_pairs", "==", 2),
    ("quadruplet.pt.r1", ">", 20),
    ("quadruplet.pt.r2", ">", 15),
    ("quadruplet.pt.r3", ">", 10),
    ("z1.mass.closest", "closest", Z_MASS),
    ("z1.mass", "between", (50, 106)),
    ("z2.mass", "between", (12, 115)),
    ("lepton_pair.dr.same", ">", 0.10),
    ("lepton_pair.dr.different", ">", 0.20),
    ("sfos_pair.mass", ">", 5),
    ("quadruplet.vertex_chi2.4mu", "<", 6),
    ("quadruplet.vertex_chi2.4e", "<", 9),
    ("quadruplet.choice", "closest", Z_MASS),
    ("quadruplet.mass", "between", (115, 130)),
]


def normalise(text: str) -> str:
    for glyph, letters in LIGATURES.items():
        text = text.replace(glyph, letters)
    text = re.sub(r"-[ \t]*\n[ \t]*", "", text)  # re-join words broken at a line end
    return " ".join(text.split())


def quote_pattern(quote: str) -> re.Pattern[str]:
    """White space in the quote matches any white space; a hyphen may have vanished where a
    compound word was broken at its own hyphen."""
    parts = []
    for char in " ".join(quote.split()):
        parts.append(r"\s*" if char == " " else "-?" if char == "-" else re.escape(char))
    return re.compile("".join(parts))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("gold-papers")
    texts = {}
    for name, path in papers.render_all(out).items():
        with pymupdf.open(path) as doc:
            texts[name] = [normalise(page.get_text()) for page in doc]
    return texts


def entries() -> list[tuple[str, dict]]:
    return [(name, entry) for name in gold_names() for entry in papers.gold_entries(name)]


def test_every_paper_with_a_gold_list_is_renderable() -> None:
    assert {"hzz4l", "leptonperf"} <= set(gold_names()) <= set(papers.names())
    assert len(set(papers.names()) - {"hzz4l", "leptonperf"}) >= 1, "a second, differently worded analysis"


@pytest.mark.parametrize("name", gold_names())
def test_gold_validates_as_selection(name: str) -> None:
    selection = papers.load_gold(name)
    assert isinstance(selection, Selection)
    assert Selection.from_json(selection.to_json()) == selection
    raw = papers.gold_entries(name)
    assert [c.id for c in selection.cuts] == [e["id"] for e in raw]
    for cut in selection.cuts:
        assert len(cut.evidence) == 1 and cut.evidence[0].page >= 1


def test_every_quote_is_on_its_stated_page(pages: dict[str, list[str]]) -> None:
    missing = []
    for name, entry in entries():
        document = entry.get("document", name)
        text = pages[document][entry["page"] - 1]
        if not quote_pattern(entry["quote"]).search(text):
            elsewhere = [
                i + 1 for i, t in enumerate(pages[document]) if quote_pattern(entry["quote"]).search(t)
            ]
            missing.append((name, entry["id"], entry["page"], elsewhere))
    assert not missing


def value_forms(value: float, unit: str) -> set[str]:
    forms = {f"{value:g}", f"{value:.2f}", f"{value:.1f}"}
    if value < 1:
        forms.add(f"{value * 100:g}%")
    if unit == "GeV":
        forms |= {f"{value * 1000:,.0f}".replace(",", " "), f"{value * 1000:.0f}"}
    if value == int(value) and int(value) in NUMBER_WORDS:
        forms.add(NUMBER_WORDS[int(value)])
    return forms


# labels a quote may spell out in words ("triggers on the missing transverse momentum")
LABEL_WORDS = {
    "met": ("missing transverse momentum", "missing transverse energy"),
    "dilepton": ("double-lepton",),
    "trilepton": ("triple-lepton",),
}


@pytest.mark.parametrize(("name", "entry"), entries(), ids=lambda x: x if isinstance(x, str) else x["id"])
def test_quote_contains_the_values(name: str, entry: dict) -> None:
    quote = normalise(entry["quote"]).lower()
    numbers = [entry[k] for k in ("value", "low", "high") if entry.get(k) is not None]
    for number in numbers:
        forms = value_forms(number, entry.get("unit", ""))
        if entry["op"] == "closest" and number == Z_MASS:
            forms |= {"mz", "z boson mass"}
        if entry["variable"] == "count" and number == 0:
            forms |= {"no", "none", "zero"}  # "no electron, muon or τ lepton": a veto
        # as the grounding check reads them: "have a primary vertex", "of opposite charge"
        if entry["variable"] in ("count", "n_vertices") and number == 1:
            forms |= {"a", "an"}
        if entry["variable"] == "sum_charge" and number == 0:
            forms |= {"opposite charge", "opposite electric charge", "opposite-charge", "opposite-sign"}
        assert any(re.search(rf"(?<![\d.]){re.escape(f.lower())}(?![\d])", quote) for f in forms), (
            number,
            quote,
        )
    for label in entry.get("labels", []):
        if entry["variable"] == "choice":
            continue  # ordering keys (z1_mass, z2_mass) are spelled m12, m34
        spelled = {label.replace("_", "-"), label.replace("_", " "), *LABEL_WORDS.get(label, ())}
        assert any(form in quote for form in spelled), label
    dependence = entry.get("depends_on")
    for x, y in dependence["knots"] if dependence else []:
        assert f"{x:g}" in quote and f"{y:g}" in quote


def test_hzz4l_covers_the_canonical_selection_in_order() -> None:
    selection = papers.load_gold("hzz4l")
    ids = [c.id for c in selection.cuts]
    positions = []
    for cut_id, op, expected in CANONICAL:
        cut = selection.get(cut_id)
        assert cut.op == op, cut_id
        if isinstance(expected, list):
            assert cut.labels == expected, cut_id
        elif isinstance(expected, tuple):
            assert (cut.low, cut.high) == expected, cut_id
        else:
            assert cut.value == pytest.approx(expected), cut_id
        positions.append(ids.index(cut_id))
    assert positions == sorted(positions), "gold order must follow the canonical cutflow order"
    assert {c.channel for c in selection.cuts if c.variable == "vertex_chi2"} == {
        "4mu",
        "2e2mu",
        "2mu2e",
        "4e",
    }
    assert selection.get("quadruplet.choice").labels == ["z1_mass", "z2_mass"]
    for cut in selection.cuts:
        assert cut.id == cut.default_id()
        if cut.unit:
            assert cut.unit in ("GeV", "mm")


def test_m34_threshold_rises_linearly_with_m4l() -> None:
    dependence = papers.load_gold("hzz4l").get("z2.mass").depends_on
    assert dependence is not None and dependence.applies_to == "low" and dependence.variable == "m4l"
    for m4l, expected in ((100, 12), (140, 12), (165, 12 + (50 - 12) * 25 / 50), (190, 50), (400, 50)):
        assert dependence.threshold(m4l) == pytest.approx(expected)


def test_delegated_cuts_come_from_the_cited_reference(pages: dict[str, list[str]]) -> None:
    selection = papers.load_gold("hzz4l")
    delegated = [c for c in selection.cuts if c.status == "from-reference"]
    assert {c.id for c in delegated} == {"lepton.iso_track", "electron.iso_calo", "muon.iso_calo"}
    for cut in delegated:
        assert cut.evidence[0].document == "leptonperf"
    # the main paper states no isolation number, and delegates to [12]
    hzz_text = " ".join(pages["hzz4l"])
    assert "isolation criteria of Ref. [12]" in hzz_text
    assert "0.15" not in hzz_text and "topoetcone" not in hzz_text
    assert any(d.path == f"references/{papers.LEPTONPERF_ARXIV}.pdf" for d in selection.documents)
    statuses = {c.status for c in selection.cuts}
    assert statuses <= {"documented", "from-reference"}


def test_bad_gold_entries_are_rejected(tmp_path: Path) -> None:
    base = {
        "object": "electron",
        "variable": "pt",
        "op": ">",
        "value": 7,
        "unit": "GeV",
        "page": 1,
        "quote": "x",
    }
    assert isinstance(cut_from_entry(base, "hzz4l"), Cut)
    for bad in ({"value": "25 or __import__('os')"}, {"variable": "ptt"}, {"op": "between"}, {"page": 0}):
        with pytest.raises(papers.GoldError):
            cut_from_entry({**base, **bad}, "hzz4l")
    with pytest.raises(papers.GoldError, match="no gold list"):
        papers.gold_entries("no-such-paper")


def test_gold_files_are_plain_json_lists() -> None:
    for name in gold_names():
        data = json.loads(papers.gold_path(name).read_text(encoding="utf-8"))
        assert isinstance(data, list) and data
        for entry in data:
            assert set(entry) >= {"id", "object", "variable", "op", "status", "document", "page", "quote"}
            assert entry["document"] in papers.names()


def test_refresh_pages_fixes_pages_and_refuses_missing_quotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus.papers import gold

    entries = papers.gold_entries("leptonperf")[:2]
    right_page = entries[0]["page"]
    entries[0]["page"] = right_page + 5  # stale page number
    target = tmp_path / "leptonperf.gold.json"
    target.write_text(json.dumps(entries), encoding="utf-8")
    monkeypatch.setattr(gold, "gold_path", lambda name: target)
    assert gold.refresh_pages("leptonperf", write=True) == []
    assert json.loads(target.read_text(encoding="utf-8"))[0]["page"] == right_page

    entries.append({**entries[1], "id": "muon.pt", "quote": "muons need pT > 99 GeV"})
    target.write_text(json.dumps(entries), encoding="utf-8")
    before = target.read_text(encoding="utf-8")
    problems = gold.refresh_pages("leptonperf", write=True)
    assert len(problems) == 1 and "muon.pt" in problems[0] and "pages []" in problems[0]
    assert target.read_text(encoding="utf-8") == before  # nothing written when a quote is lost


def test_markup_to_plain_text() -> None:
    from corpus.papers.markup import parse, plain

    assert parse("p_{T} > 20 GeV") == [("p", "regular"), ("T", "sub"), (" > 20 GeV", "regular")]
    assert parse("χ^{2} and \\it{Keywords:}") == [
        ("χ", "regular"),
        ("2", "sup"),
        (" and ", "regular"),
        ("Keywords:", "italic"),
    ]
    assert plain("H → ZZ^{*} → 4ℓ with  m_{4ℓ}") == "H → ZZ* → 4ℓ with m4ℓ"
