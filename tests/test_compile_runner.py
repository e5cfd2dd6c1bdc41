"""Each compiled object cut against an independent numpy count, hostile evidence text, the runner's
executors, the CLI commands and the plots."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import awkward as ak
import numpy as np
import pyarrow.parquet as pq
import pytest
import uproot
from test_compile_reference import hzz_selection

from assistant.compile import compile_selection
from assistant.result import AnalysisResult
from assistant.runner import RunError, run_analysis, save_plots
from assistant.selection import Cut, CutEvidence, Selection


def _raw_masks(a):
    """The object cuts written directly on the 2025e branches (independent of the compiler)."""
    is_e, is_mu = abs(a.lep_type) == 11, abs(a.lep_type) == 13
    theta = 2 * np.arctan(np.exp(-a.lep_eta))
    return {
        "electron.et": ~is_e | (a.lep_pt > 7),
        "electron.abs_eta": ~is_e | (abs(a.lep_eta) < 2.47),
        "electron.id": ~is_e | a.lep_isLooseID,
        "muon.pt": ~is_mu | (a.lep_pt > 5),
        "muon.abs_eta": ~is_mu | (abs(a.lep_eta) < 2.7),
        "muon.id": ~is_mu | a.lep_isLooseID,
        "lepton.z0sintheta": abs(a.lep_z0 * np.sin(theta)) < 0.5,
        "electron.d0sig": ~is_e | (abs(a.lep_d0sig) < 5),
        "muon.d0sig": ~is_mu | (abs(a.lep_d0sig) < 3),
        "muon.d0": ~is_mu | (abs(a.lep_d0) < 1),
        "lepton.iso_track": a.lep_ptvarcone30 / a.lep_pt < 0.15,
        "electron.iso_calo": ~is_e | (a.lep_topoetcone20 / a.lep_pt < 0.20),
        "muon.iso_calo": ~is_mu | (a.lep_topoetcone20 / a.lep_pt < 0.30),
    }


def test_every_object_cut_matches_an_independent_count(atlas_2025e):
    result = run_analysis(hzz_selection(), [atlas_2025e])
    arrays = uproot.open(atlas_2025e)["analysis"].arrays(filter_name=["lep_*", "trig*"])
    rows = {row.step: row for row in result.cutflow}
    trigger = np.asarray(arrays.trigE | arrays.trigM | arrays.trigDE | arrays.trigDM | arrays.trigML)
    cumulative_leptons = ak.ones_like(arrays.lep_pt, dtype=bool)
    for step, mask in _raw_masks(arrays).items():
        alone = np.asarray(ak.sum(mask, axis=1) >= 4)
        assert rows[step].one_cut == int(alone.sum()), step
        cumulative_leptons = cumulative_leptons & mask
        expected = trigger & np.asarray(ak.sum(cumulative_leptons, axis=1) >= 4)
        assert rows[step].events == int(expected.sum()), step


def test_one_cut_and_n_minus_1_counts_match_the_naive_loop(tmp_path):
    """Every step's one-cut and N-1 counts against the naive per-event loop (plain Python, an
    implementation of its own) run without that step, or with only it and what it stands on."""
    from benchmarks import naive_loop
    from corpus import synth

    path = synth.write(tmp_path / "s.root", "atlas-2025e", 2000, seed=5)
    result = run_analysis(hzz_selection(), [path], schema="atlas-2025e", detail=True)
    steps = naive_loop.steps_for("atlas-2025e")
    assert result.steps == steps
    rows = {row.step: row for row in result.cutflow}
    events = list(naive_loop.read_events(path, "atlas-2025e"))
    params = naive_loop.Params()

    def passing(enabled):
        return sum(
            naive_loop.select_event(row, leptons, enabled, params).passed == len(enabled)
            for row, leptons in events
        )

    objects = [s for s in steps if s.startswith(("electron.", "muon.", "lepton.", "jet."))]
    # the pairing, the pair structure and the choice cut nothing on their own: the loop needs them
    # to build and choose candidates, and they cannot be left out of it
    structural = ("quadruplet.sfos_pairs", "z1.mass.closest", "quadruplet.choice")
    checked = 0
    for step in steps[1:]:
        if step in structural:
            continue
        assert rows[step].n_minus_1 == passing([s for s in steps if s != step]), step
        if step == "event.trigger" or step in objects:
            alone = ["initial", step]
        else:  # a candidate step counted on the objects that pass every object cut
            alone = ["initial"] + [s for s in steps if s in objects or s in structural or s == step]
        assert rows[step].one_cut == passing(alone), step
        checked += 1
    assert checked == len(steps) - 1 - len(structural)
    assert len({rows[s].n_minus_1 for s in steps}) > 5  # the sample makes the counts differ


def test_hostile_evidence_stays_in_comments():
    hostile = 'ET > 7 GeV\nimport os; os.system("touch /tmp/pwned")\r\n"""\u2028x = 1'

    def compiled(quote: str, title: str) -> str:
        cut = Cut(
            object="electron",
            variable="et",
            op=">",
            value=7,
            evidence=[CutEvidence(document="d", page=2, quote=quote)],
            note="a\nb",
        )
        return compile_selection(Selection(title=title, cuts=[cut]), "atlas-2025e").code

    code = compiled(hostile, 'evil"""\nimport os')
    assert "\u2028" not in code and "\r" not in code
    assert '# p.2: "ET > 7 GeV import os; os.system(' in code
    strings = [
        n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    assert not any("pwned" in value for value in strings)
    # the quote changes comments only: the program is the same as with a harmless quote
    assert ast.dump(ast.parse(compiled(hostile, "t"))) == ast.dump(ast.parse(compiled("ET > 7 GeV", "t")))


def test_values_are_numbers_not_code():
    with pytest.raises(ValueError):
        Cut(object="electron", variable="et", op=">", value="7 or __import__('os')")  # type: ignore[arg-type]
    code = compile_selection(
        Selection(cuts=[Cut(object="muon", variable="pt", op=">", value=1e-3)]), "atlas-2025e"
    ).code
    assert "> 0.001)" in code


def test_not_applicable_is_never_silent():
    selection = Selection(
        cuts=[
            Cut(object="tau", variable="pt", op=">", value=20),
            Cut(object="dilepton", variable="vertex_chi2", op="<", value=10),
            Cut(object="electron", variable="pt", op=">", value=7, rank=1),
            Cut(object="muon", variable="pt", op=">", value=5, status="not-applicable", note="by hand"),
            Cut(object="muon", variable="eta", op="<", value=2.5),
        ]
    )
    compiled = compile_selection(selection, "cms-tutorial")
    reasons = {na.cut: na.reason for na in compiled.not_applicable}
    assert set(reasons) == {"tau.pt", "dilepton.vertex_chi2", "electron.pt.r1", "muon.pt"}
    assert reasons["muon.pt"] == "by hand"
    assert compiled.steps == ["initial", "muon.eta"]


def test_inprocess_executor_and_plots(tmp_path, atlas_2020):
    sandbox = pytest.importorskip("assistant.sandbox")
    code = compile_selection(hzz_selection(), "atlas-2020").code
    result = run_analysis(code, atlas_2020, executor=sandbox.get_executor("inprocess"))
    direct = run_analysis(hzz_selection(), atlas_2020)
    assert result.selected == direct.selected and [f.path for f in result.files] == [
        str(p) for p in atlas_2020
    ]
    images = save_plots(result, tmp_path / "plots")
    assert set(images) == {"m4l", "m12", "m34"}
    for path in images.values():
        assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.sandbox
def test_sandboxed_run_matches_in_process(atlas_2020):
    pytest.importorskip("jupyter_client")
    sandbox = pytest.importorskip("assistant.sandbox")
    if not sandbox.sandbox_available():
        pytest.skip("bubblewrap not available")
    code = compile_selection(hzz_selection(), "atlas-2020").code
    result = run_analysis(code, atlas_2020, executor=sandbox.get_executor("sandbox"), timeout=120)
    assert result.selected == run_analysis(hzz_selection(), atlas_2020).selected


def test_cli_compile_and_run(tmp_path, atlas_2025e, atlas_2020):
    from assistant.cli import main

    selection = tmp_path / "selection.json"
    selection.write_text(hzz_selection().to_json())
    analysis, notebook, out = tmp_path / "analysis.py", tmp_path / "analysis.ipynb", tmp_path / "result.json"
    assert (
        main(
            [
                "compile",
                str(selection),
                "--schema",
                "auto",
                "--data",
                str(atlas_2025e),
                "-o",
                str(analysis),
                "--notebook",
                str(notebook),
            ]
        )
        == 0
    )
    assert analysis.is_file() and json.loads(notebook.read_text())["nbformat"] == 4
    assert (
        main(
            [
                "run",
                str(selection),
                "--data",
                *map(str, atlas_2020),
                "-o",
                str(out),
                "--plots",
                str(tmp_path / "plots"),
                "--step-size",
                "100",
            ]
        )
        == 0
    )
    result = json.loads(out.read_text())
    assert result["selected"] == {} and result["events_file"]["path"] == "result.events.parquet"
    # the streamed per-event records reproduce the whole cutflow: passed > k <=> passes step k
    events = pq.read_table(tmp_path / "result.events.parquet").to_pydict()
    passed = np.asarray(events["passed"])
    assert [int((passed > k).sum()) for k in range(len(result["steps"]))] == [
        row["events"] for row in result["cutflow"]
    ]
    assert result["cutflow"][0]["events"] == sum(uproot.open(f)["mini"].num_entries for f in atlas_2020)
    selected = passed == len(result["steps"])
    assert selected.sum() > 0 and all(np.isfinite(np.asarray(events["m4l"])[selected]))
    # candidate values exist only for events that reached the candidate steps
    first = next(k for k, step in enumerate(result["steps"]) if step.split(".")[0] in ("quadruplet", "z1"))
    m4l = np.asarray(events["m4l"])
    assert np.isnan(m4l[passed < first]).all() and np.isfinite(m4l[(passed > first) & ~selected]).any()
    loaded = AnalysisResult.load(out)  # the relative events path resolves beside the JSON
    assert len(loaded.selected_columns()["runNumber"]) == selected.sum()
    assert (tmp_path / "plots" / "m4l.png").is_file()
    assert main(["compile", str(selection), "--schema", "auto", "-o", str(analysis)]) == 2  # needs --data


def test_wrong_units_are_refused(tmp_path, atlas_2025e, capsys):
    from assistant.runner import RunError

    arrays = uproot.open(atlas_2025e)["analysis"].arrays(entry_stop=300)
    fields = {n: arrays[n] for n in arrays.fields if n != "category"}
    fields["lep_pt"] = arrays["lep_pt"] * 1000.0  # MeV values in a file of the GeV schema
    path = tmp_path / "mev.root"
    with uproot.recreate(path) as out:
        out.mktree("analysis", {n: v.type.content for n, v in fields.items()})
        out["analysis"].extend(fields)
    with pytest.raises(RunError, match="MeV"):
        run_analysis(hzz_selection(), [path])
    # compiling for that file refuses it the same way (it compiles what a run over it would)
    from assistant.cli import main

    selection = tmp_path / "selection.json"
    selection.write_text(hzz_selection().to_json())
    analysis = tmp_path / "analysis.py"
    assert main(["compile", str(selection), "--data", str(path), "-o", str(analysis)]) != 0
    assert "MeV" in capsys.readouterr().err and not analysis.exists()
    assert main(["compile", str(selection), "--data", str(atlas_2025e), "-o", str(analysis)]) == 0


def test_a_branch_with_other_object_counts_is_a_typed_error(tmp_path, atlas_2025e):
    """The branches of one collection must hold the same number of objects per event: a file where
    one of them does not (same total, shifted between two events) names the branch and the file."""
    from assistant.runner import RunError

    arrays = uproot.open(atlas_2025e)["analysis"].arrays(entry_stop=300)
    fields = {n: arrays[n] for n in arrays.fields if n != "category"}
    counts = np.asarray(ak.num(arrays["lep_z0"]))
    counts[0], counts[1] = counts[0] + 1, counts[1] - 1
    fields["lep_z0"] = ak.unflatten(ak.flatten(arrays["lep_z0"]), counts)
    path = tmp_path / "shifted.root"
    with uproot.recreate(path) as out:
        out.mktree("analysis", {n: v.type.content for n, v in fields.items()})
        out["analysis"].extend(fields)
    with pytest.raises(RunError, match=r"shifted\.root: branch 'lep_z0' holds a different number"):
        run_analysis(hzz_selection(), [path], detail=False)
    with pytest.raises(RunError, match=r"shifted\.root: branch 'lep_z0'"):
        run_analysis(hzz_selection(), [path, atlas_2025e], detail=False, workers=2)
    # unchanged counts run (the check is not what fails)
    assert run_analysis(hzz_selection(), [atlas_2025e], detail=False).cutflow[0].events > 0


@pytest.mark.parametrize("workers", [1, 2])
def test_each_file_is_recorded_with_its_content_hash(workers, atlas_2020):
    """The runner starts hashing before it compiles; each file keeps its own digest, in order."""
    import hashlib

    files = atlas_2020[:3]
    result = run_analysis(hzz_selection(), files, schema="atlas-2020", detail=False, workers=workers)
    expected = [hashlib.sha256(Path(f).read_bytes()).hexdigest() for f in files]
    assert [info.sha256 for info in result.files] == expected
    assert [Path(info.path).name for info in result.files] == [Path(f).name for f in files]


@pytest.mark.parametrize("paper", ["hzz4l", "hgg", "zll", "leptonperf"])
def test_every_gold_selection_compiles_and_runs_on_every_real_file(
    paper, atlas_2025e, atlas_2020, cms_tutorial
):
    gold = pytest.importorskip("corpus.papers.gold")
    from assistant.compile import CompileError

    selection = gold.load_gold(paper)
    for schema, files in (
        ("atlas-2025e", [atlas_2025e]),
        ("atlas-2020", atlas_2020),
        ("cms-tutorial", [cms_tutorial]),
    ):
        try:
            compiled = compile_selection(selection, schema)
        except CompileError:
            continue  # nothing of this selection exists in that schema (said in the error)
        covered = set(compiled.steps) | {na.cut for na in compiled.not_applicable}
        assert covered == {"initial"} | {c.id for c in selection.cuts}  # nothing dropped silently
        result = run_analysis(compiled.code, files, detail=False)
        counts = [row.events for row in result.cutflow]
        assert counts == sorted(counts, reverse=True) and counts[0] == sum(
            uproot.open(f)[_tree(schema)].num_entries for f in files
        )


def _tree(schema: str) -> str:
    return {"atlas-2025e": "analysis", "atlas-2020": "mini", "cms-tutorial": "events"}[schema]


def test_fast_inflate_reads_the_bytes_zlib_reads(monkeypatch, atlas_2025e, atlas_2020):
    """The engine swaps uproot's ZLIB decompressor for libdeflate: every branch of real files
    (both ATLAS schemas, ZLIB-compressed) reads to the same arrays as with the standard zlib."""
    from assistant.runner import analysis_namespace

    standard = uproot.compression._DecompressZLIB()
    monkeypatch.setattr(uproot.compression, "_decompress_ZLIB", standard)
    trees = [uproot.open(path)[key] for path, key in ((atlas_2025e, "analysis"), (atlas_2020[-1], "mini"))]
    assert all(isinstance(tree.file.compression, uproot.compression.ZLIB) for tree in trees)
    with_zlib = [tree.arrays() for tree in trees]
    analysis_namespace(compile_selection(hzz_selection(), "atlas-2025e").code)["use_fast_inflate"]()
    fast = uproot.compression._decompress_ZLIB
    assert fast is not standard and fast.library == "deflate"
    for tree, expected in zip(trees, with_zlib, strict=True):
        fresh = uproot.open(tree.file.file_path)[tree.name]  # no basket cached from the first read
        assert ak.array_equal(fresh.arrays(), expected, equal_nan=True)


def test_the_engine_and_the_package_share_the_default_chunk_size():
    from assistant.compile import STEP_SIZE

    namespace = compile_selection(hzz_selection(), "atlas-2025e").namespace()
    assert namespace["STEP_SIZE"] == STEP_SIZE
    assert namespace["run"].__defaults__[0] == STEP_SIZE


@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_leaves_no_file_open(workers, atlas_2020, tmp_path):
    """Every file a run opens (to plan its chunks, to read them) is closed when the run ends: no
    reading thread or file descriptor is left behind, however many files."""
    import os

    from test_compile_workers import run_threads

    def descriptors():
        return len(os.listdir("/proc/self/fd"))

    run_analysis(hzz_selection(), atlas_2020[:1], schema="atlas-2020", detail=False)  # (lazy imports)
    before_threads, before_fds = run_threads(), descriptors()
    run_analysis(hzz_selection(), atlas_2020, schema="atlas-2020", detail=False, workers=workers)
    assert run_threads() == before_threads
    assert descriptors() == before_fds
    # nor when a file after the first cannot be planned (another tree), nor when it lacks a branch
    other_tree = tmp_path / "other.root"
    with uproot.recreate(other_tree) as out:
        out["elsewhere"] = {"x": np.arange(5)}
    no_branch = tmp_path / "nobranch.root"
    with uproot.recreate(no_branch) as out:
        out["mini"] = {"runNumber": np.arange(5)}
    for bad in (other_tree, no_branch):
        with pytest.raises(RunError, match=bad.name):
            run_analysis(hzz_selection(), [*atlas_2020[:2], bad], schema="atlas-2020", workers=workers)
        assert run_threads() == before_threads
        assert descriptors() == before_fds
