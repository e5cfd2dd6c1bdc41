"""The executor contract: real analysis code in the sandbox, the in-process and unsandboxed backends,
caps on what crosses back, the session pool, the `hep-repro exec` command, refusal without bwrap."""

from __future__ import annotations

import io
import json
import math
import os
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from assistant import cli
from assistant.sandbox import (
    ExecResult,
    InProcessExecutor,
    KernelExecutor,
    ResultError,
    SandboxFileError,
    SandboxLimits,
    SandboxUnavailableError,
    SessionPool,
    UnknownExecutorError,
    get_executor,
    sandbox_available,
)
from assistant.sandbox.types import PNG_SIGNATURE, CappedText, decode_png, decode_result

needs_bwrap = pytest.mark.skipif(not sandbox_available(), reason="bubblewrap not installed")

ANALYSIS = """
import awkward as ak
import matplotlib.pyplot as plt
import numpy as np
import uproot
import vector

vector.register_awkward()
events = uproot.open(DATA_FILES[NAME])["analysis"].arrays(["lep_pt", "lep_eta", "lep_phi", "lep_e"])
leptons = ak.zip({"pt": events.lep_pt, "eta": events.lep_eta, "phi": events.lep_phi, "energy": events.lep_e},
                 with_name="Momentum4D")
four = leptons[ak.num(leptons) == 4]
m4l = (four[:, 0] + four[:, 1] + four[:, 2] + four[:, 3]).mass
counts, edges = np.histogram(ak.to_numpy(m4l), bins=20, range=(80, 250))
plt.hist(ak.to_numpy(m4l), bins=20, range=(80, 250))
plt.xlabel("m4l [GeV]")
plt.show()
set_result({"events": len(events), "four": len(four), "window": int(ak.sum((m4l > 115) & (m4l < 130))),
            "counts": counts.tolist()})
"""


def _independent_m4l(path: Path) -> tuple[int, int, int]:
    """Events, 4-lepton events and m4l in 115-130 GeV, with plain Python arithmetic."""
    import uproot

    arrays = uproot.open(path)["analysis"].arrays(["lep_pt", "lep_eta", "lep_phi", "lep_e"], library="np")
    four = window = 0
    for pts, etas, phis, energies in zip(
        *(arrays[k] for k in ("lep_pt", "lep_eta", "lep_phi", "lep_e")), strict=True
    ):
        if len(pts) != 4:
            continue
        four += 1
        px = sum(pt * math.cos(phi) for pt, phi in zip(pts, phis, strict=True))
        py = sum(pt * math.sin(phi) for pt, phi in zip(pts, phis, strict=True))
        pz = sum(pt * math.sinh(eta) for pt, eta in zip(pts, etas, strict=True))
        energy = float(sum(energies))
        mass = math.sqrt(max(energy**2 - px**2 - py**2 - pz**2, 0.0))
        window += 115 < mass < 130
    return len(arrays["lep_pt"]), four, window


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KernelExecutor]:
    if not sandbox_available():
        pytest.skip("bubblewrap not installed")
    executor = KernelExecutor(work_dir=tmp_path_factory.mktemp("sandbox-work"))
    yield executor
    executor.close()


@pytest.mark.sandbox
@needs_bwrap
@pytest.mark.timeout(90)
def test_analysis_code_runs_in_sandbox_and_returns_its_figure(
    sandbox: KernelExecutor, atlas_2025e: Path
) -> None:
    result = sandbox.run(f"NAME = {atlas_2025e.name!r}\n" + ANALYSIS, files=[atlas_2025e], timeout=80)
    assert result.status == "ok", result.error and result.error.render()
    assert result.sandboxed
    events, four, window = _independent_m4l(atlas_2025e)
    assert result.result["events"] == events and result.result["four"] == four
    assert result.result["window"] == window and window > 0
    assert sum(result.result["counts"]) <= four
    assert len(result.images) == 1 and result.images[0].startswith(PNG_SIGNATURE)


@pytest.mark.sandbox
@needs_bwrap
@pytest.mark.timeout(30)
def test_data_files_are_read_only_and_mapped(sandbox: KernelExecutor, tmp_path: Path) -> None:
    data = tmp_path / "table.txt"
    data.write_text("host content")
    result = sandbox.run(
        "import os\nresult = {'files': DATA_FILES, 'text': open('/data/table.txt').read()}\n"
        "try:\n    open('/data/table.txt', 'w').write('changed')\nexcept OSError as err:\n    result['write'] = type(err).__name__\n"
        "set_result(result)",
        files=[data],
    )
    assert result.result["files"]["table.txt"] == "/data/table.txt" == sandbox.sandbox_path(data)
    assert result.result["text"] == "host content" and result.result["write"] in (
        "OSError",
        "PermissionError",
    )
    assert data.read_text() == "host content"
    with pytest.raises(SandboxFileError, match="does not exist"):
        sandbox.run("pass", files=[tmp_path / "missing.root"])


@pytest.mark.sandbox
@needs_bwrap
@pytest.mark.timeout(60)
def test_session_pool_uses_spares_and_reaps_idle_sessions(tmp_path: Path) -> None:
    with SessionPool(spare=1, root=tmp_path, warmup="import numpy") as pool:
        assert pool.wait_for_spares(30)
        executor = pool.get("chat-1")
        assert executor.runs == 1  # the spare ran its warm-up: no cold start for this session
        assert pool.run("chat-1", "print(1 + 1)").stdout == "2\n"
        pid = executor.kernel_pid
        with pytest.raises(ValueError, match="session id"):
            pool.get("../escape")
        assert pool.reap_idle(now=executor.last_used + pool.idle_timeout_s + 1) == ["chat-1"]
        assert pool.sessions() == [] and not executor.alive
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        assert pool.wait_for_spares(30)
        pool_pids = pool.kernel_pids()
        assert len(pool_pids) == 1  # the refilled spare
    assert not _still_running(pool_pids, within_s=10.0)


def _still_running(pids: list[int], within_s: float) -> list[int]:
    """The pids still alive (not zombies) after waiting up to `within_s` for them to go."""
    deadline = time.monotonic() + within_s
    while True:
        alive = [
            p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE
        ]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


@pytest.mark.sandbox
@needs_bwrap
@pytest.mark.timeout(60)
def test_session_pool_replaces_dead_spares_and_reaps_in_the_background(tmp_path: Path) -> None:
    with SessionPool(spare=1, root=tmp_path, warmup="", idle_timeout_s=1.0) as pool:
        assert pool.wait_for_spares(30)
        (dead,) = pool.kernel_pids()
        os.kill(dead, 9)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (pool.kernel_pids() in ([], [dead])):
            time.sleep(0.1)
        assert pool.kernel_pids() and dead not in pool.kernel_pids()
        pool.get("short-lived").run("x = 1")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and pool.sessions():
            time.sleep(0.1)
        assert pool.sessions() == []  # reaped by the pool's thread after 1 s idle


@pytest.mark.sandbox
@pytest.mark.timeout(30)
def test_unsandboxed_kernel_says_so(tmp_path: Path) -> None:
    with get_executor("unsandboxed", work_dir=tmp_path) as executor:
        result = executor.run("import os\nset_result(os.getcwd())\n1 / 0")
    assert result.sandboxed is False and "UNSANDBOXED" in result.summary()
    assert result.status == "error" and result.error.name == "ZeroDivisionError"
    assert result.result == str(tmp_path.resolve())


def test_inprocess_executor_contract(tmp_path: Path) -> None:
    data = tmp_path / "numbers.json"
    data.write_text("[1, 2, 3]")
    executor = get_executor("inprocess")
    assert isinstance(executor, InProcessExecutor) and executor.sandboxed is False
    ok = executor.run(
        "import json\nvalues = json.load(open(DATA_FILES['numbers.json']))\nprint(sum(values))\nset_result(values)",
        files=[data],
    )
    assert ok.status == "ok" and ok.stdout == "6\n" and ok.result == [1, 2, 3] and not ok.sandboxed
    kept = executor.run("print(len(values))")  # namespace persists like a kernel
    assert kept.stdout == "3\n"
    error = executor.run("values['x']")
    assert error.status == "error" and error.error.name == "TypeError" and error.error.traceback
    timeout = executor.run("while True:\n    pass", timeout=0.3)
    assert timeout.status == "timeout" and timeout.error.name == "TimeoutError"
    too_big = InProcessExecutor(SandboxLimits(result_bytes=100)).run("set_result('x' * 1000)")
    assert too_big.status == "error" and too_big.result is None
    flood = InProcessExecutor(SandboxLimits(output_bytes=1000)).run("print('z' * 100000)")
    assert flood.truncated and len(flood.stdout) < 1100


def test_inprocess_executor_captures_figures() -> None:
    result = InProcessExecutor().run(
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nplt.plot([1, 2, 3])"
    )
    assert result.status == "ok" and len(result.images) == 1 and result.images[0].startswith(PNG_SIGNATURE)


def test_result_validation_and_caps() -> None:
    limits = SandboxLimits(result_bytes=1000, result_depth=5)
    assert decode_result('{"a": [1, 2.5, null, "x"]}', limits) == {"a": [1, 2.5, None, "x"]}
    for bad, message in (
        ("[" * 6 + "]" * 6, "deeper"),
        ('"' + "x" * 2000 + '"', "larger"),
        ("not json", "not valid JSON"),
        (b"\x80\x04K\x01.", "JSON text"),  # a pickle is refused unread
        ({"a": 1}, "JSON text"),
    ):
        with pytest.raises(ResultError, match=message):
            decode_result(bad, limits)
    with pytest.raises(ResultError, match="deeper"):
        decode_result("[" * 100000 + "]" * 100000, SandboxLimits(result_depth=5))
    buffer = CappedText(10)
    buffer.add("héllo wörld, more")
    assert buffer.truncated and len(buffer.text().split("\n")[0].encode()) <= 10
    assert decode_png("bm90IGEgcG5n") is None and decode_png(None) is None


def test_get_executor_rejects_unknown_kind() -> None:
    with pytest.raises(UnknownExecutorError, match="sandbox, unsandboxed, inprocess"):
        get_executor("docker")


def test_missing_bubblewrap_refuses_with_advice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap, prlimit or setpriv
    with pytest.raises(SandboxUnavailableError) as caught:
        get_executor("sandbox")
    assert "apt-get install -y bubblewrap" in str(caught.value) and "--unsandboxed" in str(caught.value)
    script = tmp_path / "job.py"
    script.write_text("print('hi')")
    assert cli.main(["exec", str(script)]) == 2
    assert "bubblewrap" in capsys.readouterr().err


@pytest.mark.sandbox
@needs_bwrap
@pytest.mark.timeout(60)
def test_exec_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], cms_tutorial: Path) -> None:
    script = tmp_path / "job.py"
    script.write_text(
        "import uproot, matplotlib.pyplot as plt\n"
        "tree = uproot.open(DATA_FILES['uproot-HZZ.root'])['events']\n"
        "plt.plot([1, 2])\nplt.show()\n"
        "print('entries', tree.num_entries)\nset_result({'entries': tree.num_entries})\n"
    )
    images = tmp_path / "figures"
    assert (
        cli.main(["exec", str(script), "--json", "--data", str(cms_tutorial), "--save-images", str(images)])
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["status"] == "ok" and payload["sandboxed"] is True
    assert payload["result"] == {"entries": 2421} and payload["stdout"] == "entries 2421\n"
    assert (images / "figure-1.png").read_bytes().startswith(PNG_SIGNATURE)
    failing = tmp_path / "fail.py"
    failing.write_text("raise ValueError('bad cut')\n")
    assert cli.main(["exec", str(failing), "--timeout", "20"]) == 1
    assert "ValueError: bad cut" in capsys.readouterr().err
    assert cli.main(["exec", str(tmp_path / "missing.py")]) == 2


def test_exec_command_reads_stdin_unsandboxed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("print(6 * 7)\n"))
    assert cli.main(["exec", "-", "--unsandboxed", "--timeout", "20"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "42\n" and "UNSANDBOXED" in captured.err


def test_exec_result_serialises_images_as_base64() -> None:
    result = ExecResult(status="ok", images=[PNG_SIGNATURE + b"data"])
    data = result.to_dict()
    assert json.loads(json.dumps(data))["images"][0] == "iVBORw0KGgpkYXRh"
    assert os.environ.get("HEP_REPRO_NETWORK") == "0"


@pytest.mark.sandbox
@needs_bwrap
@pytest.mark.timeout(60)
def test_crashed_app_leaves_no_kernel_and_its_folders_are_swept(tmp_path: Path) -> None:
    import subprocess
    import sys

    from assistant.sandbox.kernel import sweep_stale

    script = (
        "import json, os, sys\n"
        "from assistant.sandbox import KernelExecutor\n"
        "ex = KernelExecutor()\n"
        "print(json.dumps({'pid': ex.kernel_pid, 'work': str(ex.work_dir), 'root': str(ex._root)}), flush=True)\n"
        "os.kill(os.getpid(), 9)  # no atexit, no close()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    crashed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=50
    )
    info = json.loads(crashed.stdout.strip().splitlines()[-1])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and psutil.pid_exists(info["pid"]):
        time.sleep(0.05)
    assert not psutil.pid_exists(info["pid"])  # die-with-parent took the kernel down
    assert Path(info["work"]).is_dir() and Path(info["root"]).is_dir()
    sweep_stale()
    assert not Path(info["work"]).exists() and not Path(info["root"]).exists()
