"""`python -m assistant.demo --quick` end to end in a subprocess: the files it writes, and its
printed verdicts checked against `compare()` recomputed here from the JSON files it saved, and
its data summary checked against counts computed here with plain Python from the ROOT files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import uproot

from assistant.compare import compare
from assistant.config import PROJECT_ROOT
from assistant.result import AnalysisResult
from assistant.selection import Selection

pytestmark = pytest.mark.slow

VERDICT = re.compile(r"^VERDICT (\S+): (identical|different \(first divergent step: (\S+)\))$")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "out"
    env = dict(
        os.environ, MPLBACKEND="Agg", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HEP_REPRO_NETWORK="0"
    )
    env["HEP_REPRO_HOME"] = str(out.parent / "home")
    env["HEP_REPRO_CACHE"] = str(out.parent / "cache")
    process = subprocess.run(
        [sys.executable, "-m", "assistant.demo", "--quick", "--out", str(out), "--events", "20000"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return out, process


@pytest.mark.timeout(1000)
def test_exit_code_and_stages(demo_run):
    out, process = demo_run
    assert process.returncode == 0, process.stdout[-4000:] + process.stderr[-4000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["quick"] is True
    assert set(summary["stages"]) == {"data", "extract", "analysis", "wrong_cut", "chat"}
    assert all(status == "ok" for status in summary["stages"].values()), summary["stages"]
    assert "llm_extract" not in summary["stages"]  # --quick skips the language model


@pytest.mark.timeout(1000)
def test_written_files(demo_run):
    out, _ = demo_run
    selection = Selection.from_json((out / "selection.json").read_text())
    assert len(selection.cuts) > 10 and selection.get("z1.mass").low == 50
    assert Selection.from_json((out / "selection-wrong.json").read_text()).get("z1.mass").low == 40
    code = (out / "analysis.py").read_text()
    compile(code, "analysis.py", "exec")  # valid Python
    assert "def process(" in code
    nbformat.validate(nbformat.read(str(out / "analysis.ipynb"), as_version=4))
    for tag in ("synth-2025e", "synth-2020"):
        assert AnalysisResult.load(out / f"result-{tag}.json").producer.startswith("compiled")
        assert AnalysisResult.load(out / f"baseline-{tag}.json").producer == "baseline"
        for name in (f"m4l-{tag}.png", f"m4l-vs-baseline-{tag}.png"):
            assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    transcript = (out / "chat-transcript.md").read_text()
    assert "you> /set z1.mass between 50 106" in transcript
    assert "summary.json" in (out / "summary.md").read_text()


@pytest.mark.timeout(1000)
def test_printed_verdicts_match_compare_recomputed_from_the_files(demo_run):
    out, process = demo_run
    verdicts = {}
    for line in process.stdout.splitlines():
        match = VERDICT.match(line)
        if match:
            verdicts[match.group(1)] = (match.group(2) == "identical", match.group(3))
    recorded = json.loads((out / "summary.json").read_text())["verdicts"]
    assert set(verdicts) == set(recorded)
    assert {"synth-2025e", "synth-2020", "wrong-synth-2025e"} <= set(verdicts)
    for name, (identical, first) in verdicts.items():
        result = AnalysisResult.load(out / recorded[name]["result"])
        baseline = AnalysisResult.load(out / recorded[name]["baseline"])
        comparison = compare(result, baseline)
        assert comparison.identical is identical, name
        assert (comparison.first_divergent_step if not identical else None) == first, name
    # the correct selection agrees with the baseline; the wrong window is caught at its own step
    assert verdicts["synth-2025e"] == (True, None)
    assert verdicts["wrong-synth-2025e"] == (False, "z1.mass")


@pytest.mark.timeout(1000)
def test_data_summary_matches_a_plain_python_count(demo_run):
    out, _ = demo_run
    summaries = {s["file"]: s for s in json.loads((out / "data-summary.json").read_text())}
    checked = 0
    for name, tree in (("synth-2025e.root", "analysis"), ("synth-2020.root", "mini")):
        path = out / name
        with uproot.open(path) as handle:
            types = handle[tree]["lep_type"].array(library="np")
        multiplicity: dict[str, int] = {}
        channels = {"4e": 0, "4mu": 0, "2e2mu": 0, "3+1": 0}
        for event in types:
            flavours = [abs(int(t)) for t in event]
            n_e, n_mu = flavours.count(11), flavours.count(13)
            key = str(n_e + n_mu) if n_e + n_mu < 5 else "5+"
            multiplicity[key] = multiplicity.get(key, 0) + 1
            if n_e + n_mu == 4:
                channels[{4: "4e", 0: "4mu", 2: "2e2mu"}.get(n_e, "3+1")] += 1
        info = summaries[name]
        assert info["events"] == len(types)
        assert {k: v for k, v in info["multiplicity"].items() if v} == multiplicity
        assert info["channels_4l"] == channels
        checked += 1
    assert checked == 2


@pytest.mark.timeout(1000)
def test_real_files_are_summarised_or_reported_missing(demo_run, atlas_2025e):
    out, process = demo_run
    summaries = {s["file"]: s for s in json.loads((out / "data-summary.json").read_text())}
    info = summaries[Path(atlas_2025e).name]
    assert info["schema"] == "atlas-2025e" and info["events"] == 3424
    with uproot.open(atlas_2025e) as handle:
        lep_n = handle["analysis"]["lep_n"].array(library="np")
    assert info["multiplicity"]["4"] == int((lep_n == 4).sum())
    assert "VERDICT 2025e-data:" in process.stdout
