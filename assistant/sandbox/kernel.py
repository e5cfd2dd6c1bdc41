"""Jupyter-kernel executors: an ipykernel inside bubblewrap (the security boundary) and the same
kernel on the host without isolation (only on explicit request; every result says sandboxed=False).

One ``KernelExecutor`` = one session: one kernel process and one work folder. The host talks to the
kernel through jupyter_client over ipc sockets in a private runtime folder. Everything the kernel
sends is treated as hostile (see ``assistant.sandbox.types``): bounded zmq messages, capped text,
JSON-only results.

Run semantics: the wall-clock ``timeout`` sends a message-mode interrupt; if the kernel is still busy
after ``limits.interrupt_grace_s`` it is killed and restarted ("kernel restarted, state lost"). A
kernel that dies (sys exit, segfault, CPU-time limit) is detected by polling its process and
restarted; the next run works. After every sandboxed run, processes the code left behind (daemons,
fork-bomb children) are killed: nothing but the kernel lives between runs.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import os
import queue
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.sandbox.base import Executor
from assistant.sandbox.bootstrap import kernel_bootstrap
from assistant.sandbox.bwrap import SANDBOX_DATA, SandboxLayout, require_tools
from assistant.sandbox.process import KernelProcess, clear_folder, folder_size
from assistant.sandbox.types import (
    RESULT_MIME,
    STATE_LOST_NOTE,
    CappedText,
    ExecError,
    ExecResult,
    KernelStartError,
    ResultError,
    SandboxFileError,
    SandboxLimits,
    Status,
    decode_png,
    decode_result,
)

_POLL_S = 0.05
_QUOTA_CHECK_S = 2.0
_IDLE_AFTER_REPLY_S = 10.0  # iopub can lag the shell reply by seconds on a loaded machine
_REAP_CHILDREN = """
import os as _os
while True:
    try:
        if _os.waitpid(-1, _os.WNOHANG)[0] == 0:
            break
    except ChildProcessError:
        break
del _os
"""


_session_counter = itertools.count(1)


class KernelExecutor(Executor):
    """A Jupyter kernel for one session. ``sandboxed=True`` (default) runs it inside bubblewrap as an
    unprivileged uid with rlimits and no network: THIS IS THE SECURITY BOUNDARY for model-written or
    user-edited code. ``sandboxed=False`` runs the same kernel on the host with the user's rights:
    no isolation at all, only for trusted code when bubblewrap is unavailable; results say
    ``sandboxed=False``.

    The work folder (``work_dir``, default a fresh folder under the hep-repro home) is ``/home/sandbox`` inside,
    the current directory of the code; it is removed on ``close()`` unless it was passed in (override
    with ``remove_work_on_close``).

    Data files passed to ``run(files=...)`` appear read-only at ``/data/<name>`` in the sandbox (hard
    links, or copies across file systems) and in the dict ``DATA_FILES`` (name -> path); unsandboxed,
    ``DATA_FILES`` maps to the host paths.
    """

    def __init__(
        self,
        *,
        sandboxed: bool = True,
        limits: SandboxLimits | None = None,
        work_dir: str | os.PathLike[str] | None = None,
        session_id: str | None = None,
        start: bool = True,
        remove_work_on_close: bool | None = None,
    ) -> None:
        if sandboxed:
            require_tools()
        self.sandboxed = sandboxed
        self.limits = limits or SandboxLimits()
        self.session_id = session_id or f"s{os.getpid()}-{next(_session_counter)}-{uuid.uuid4().hex[:8]}"
        self._owns_work = work_dir is None if remove_work_on_close is None else remove_work_on_close
        if work_dir is None:
            from assistant import config

            work_dir = config.home() / "sandbox" / self.session_id
        self.work_dir = Path(work_dir).resolve()
        self.work_dir.mkdir(parents=True, exist_ok=True)
        _sweep_stale_once()
        # short: ipc socket paths are limited to ~100 bytes
        self._root = Path(tempfile.mkdtemp(prefix=RUNTIME_PREFIX))
        self._data_dir = self._staging_dir()
        # Who owns these folders, for the sweep after a crash (kept outside everything the sandbox sees).
        self._owner_file = self.work_dir.parent / f".{self.work_dir.name}.owner"
        owner = {"pid": os.getpid(), "work": str(self.work_dir) if self._owns_work else None}
        self._owner_file.write_text(json.dumps({**owner, "data": str(self._data_dir)}))
        (self._root / OWNER_FILE).write_text(json.dumps(owner))
        self._staged: dict[str, str] = {}  # host real path -> name under /data
        self._announced: dict[str, str] = {}  # name -> path already sent to the current kernel
        self._lock = threading.RLock()
        self._kernel: KernelProcess | None = None
        self._starts = 0
        self._closed = False
        self.last_used = time.monotonic()
        self.runs = 0
        _live_executors.add(self)
        if start:
            self.start()

    def _staging_dir(self) -> Path:
        # Beside the work folder, so hard links from data folders on the same file system work.
        folder = self.work_dir.parent / f".{self.work_dir.name}.data"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> None:
        with self._lock:
            if self._kernel and self._kernel.alive():
                return
            self._starts += 1
            runtime = self._root / f"k{self._starts}"
            runtime.mkdir(mode=0o700)
            layout = SandboxLayout(work=self.work_dir, data=self._data_dir, runtime=runtime)
            kernel = KernelProcess(layout, sandboxed=self.sandboxed, limits=self.limits)
            try:
                kernel.wait_ready(self.limits.start_timeout_s)
                self._kernel = kernel
                self._announced = {}
                self._execute_silent(kernel_bootstrap(self.limits.result_bytes))
            except BaseException:
                kernel.shutdown()
                self._kernel = None
                raise

    def restart(self) -> None:
        with self._lock:
            self._stop_kernel()
            self.start()

    def _stop_kernel(self) -> None:
        kernel, self._kernel = self._kernel, None
        if kernel:
            kernel.shutdown()
            shutil.rmtree(kernel.layout.runtime, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._stop_kernel()
            shutil.rmtree(self._root, ignore_errors=True)
            shutil.rmtree(self._data_dir, ignore_errors=True)
            if self._owns_work:
                shutil.rmtree(self.work_dir, ignore_errors=True)
            self._owner_file.unlink(missing_ok=True)
            _live_executors.discard(self)

    @property
    def alive(self) -> bool:
        return bool(self._kernel and self._kernel.alive())

    @property
    def kernel_pid(self) -> int | None:
        return self._kernel.kernel_pid if self._kernel else None

    def stray_pids(self) -> list[int]:
        """Processes running in the sandbox besides the kernel (none between runs: they are killed)."""
        with self._lock:
            return self._kernel.strays() if self._kernel else []

    # -- data files ------------------------------------------------------------------------------
    def sandbox_path(self, file: str | os.PathLike[str]) -> str:
        host = Path(file).resolve()
        if not self.sandboxed:
            return str(host)
        return f"{SANDBOX_DATA}/{self._stage(host)}"

    def _stage(self, host: Path) -> str:
        key = str(host)
        if key in self._staged:
            return self._staged[key]
        if not host.is_file():
            raise SandboxFileError(
                f"data file {host} does not exist or is not a regular file; pass existing files"
            )
        name = host.name
        taken = set(self._staged.values())
        for n in itertools.count(2):
            if name not in taken:
                break
            name = f"{host.stem}-{n}{host.suffix}"
        target = self._data_dir / name
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        world_readable = host.stat().st_mode & 0o004
        try:
            if not world_readable:
                raise PermissionError("not readable by the sandbox uid")
            os.link(host, target)
        except OSError:
            try:
                shutil.copyfile(host, target)
                target.chmod(0o444)
            except OSError as err:
                raise SandboxFileError(f"cannot make {host} available in the sandbox: {err}") from err
        self._staged[key] = name
        return name

    def _data_mapping(self, files: Iterable[str | os.PathLike[str]]) -> dict[str, str]:
        mapping = {}
        for file in files:
            path = self.sandbox_path(file)
            mapping[Path(path).name] = path
        return mapping

    # -- execution -------------------------------------------------------------------------------
    def _execute_silent(self, code: str, timeout: float = 30) -> None:
        kernel = self._kernel
        assert kernel is not None
        msg_id = kernel.client.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not kernel.alive():
                raise KernelStartError(f"kernel died while setting up: {kernel.stderr_tail.text()[-2000:]}")
            try:
                reply = kernel.client.get_shell_msg(timeout=0.1)
            except queue.Empty:
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                if reply["content"].get("status") != "ok":
                    content = reply["content"]
                    raise KernelStartError(
                        f"kernel set-up failed: {content.get('ename')}: {content.get('evalue')}"
                    )
                return
        raise KernelStartError("kernel set-up timed out")

    def run(
        self, code: str, *, files: Iterable[str | os.PathLike[str]] = (), timeout: float = 60
    ) -> ExecResult:
        if not isinstance(code, str):
            raise TypeError(f"code must be a str, got {type(code).__name__}")
        if not timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
        with self._lock:
            if self._closed:
                raise KernelStartError("executor is closed; create a new one")
            started = time.monotonic()
            notes: list[str] = []
            state_lost = False
            if not self.alive:
                had_kernel = self._kernel is not None
                self._stop_kernel()
                self.start()
                if had_kernel:
                    notes.append(f"kernel had died since the last run; {STATE_LOST_NOTE}")
                    state_lost = True
            mapping = self._data_mapping(files)
            new = {name: path for name, path in mapping.items() if self._announced.get(name) != path}
            if new:
                self._execute_silent(f"_hep_repro_set_data({json.dumps(new)})")
                self._announced.update(new)
            result = self._run_cell(code, timeout, started)
            result.notes = notes + result.notes
            result.state_lost = result.state_lost or state_lost
            self.runs += 1
            self.last_used = time.monotonic()
            return result

    def _run_cell(self, code: str, timeout: float, started: float) -> ExecResult:
        kernel = self._kernel
        assert kernel is not None
        limits = self.limits
        stdout, stderr = CappedText(limits.output_bytes), CappedText(limits.output_bytes)
        collected: dict[str, Any] = {
            "error": None,
            "result": None,
            "images": [],
            "image_bytes": 0,
            "notes": [],
        }
        msg_id = kernel.client.execute(code, store_history=True, allow_stdin=False, stop_on_error=True)
        deadline = started + timeout
        next_quota_check = time.monotonic() + _QUOTA_CHECK_S
        interrupted_at: float | None = None
        reason: str | None = None  # why the run was interrupted: "timeout" | "quota"
        status: Status | None = None
        reply: dict[str, Any] | None = None
        reply_seen = 0.0
        while status is None:
            now = time.monotonic()
            if not kernel.alive():
                status = "died"
                break
            if interrupted_at is None and (now >= deadline or reason == "quota"):
                reason = reason or "timeout"
                kernel.interrupt()
                interrupted_at = now
            if interrupted_at is not None and now - interrupted_at > limits.interrupt_grace_s:
                status = "restarted"
                break
            if self.sandboxed and now >= next_quota_check and reason is None:
                next_quota_check = now + _QUOTA_CHECK_S
                if folder_size(self.work_dir, limits.work_quota_bytes) > limits.work_quota_bytes:
                    reason = "quota"
                    continue
            if reply is None:
                reply = self._poll_reply(kernel, msg_id)
                reply_seen = now
            elif now - reply_seen > _IDLE_AFTER_REPLY_S:
                # The reply came but iopub's idle did not (e.g. an oversized message cut the
                # connection): finish from the reply.
                status = "ok" if reply.get("status") == "ok" else "error"
                if status == "error" and collected["error"] is None:
                    name, value = str(reply.get("ename", "Error"))[:200], str(reply.get("evalue", ""))[:2000]
                    collected["error"] = ExecError(name, value)
                collected["notes"].append("some kernel output was lost (oversized message)")
                break
            try:
                message = kernel.client.get_iopub_msg(timeout=_POLL_S)
            except queue.Empty:
                continue
            except Exception as err:  # a malformed message from a hostile kernel
                collected["notes"].append(f"dropped a malformed kernel message ({type(err).__name__})")
                continue
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if self._collect(message, stdout, stderr, collected):
                status = "ok" if collected["error"] is None else "error"
        return self._finish(status, reason, stdout, stderr, collected, started, timeout)

    @staticmethod
    def _poll_reply(kernel: KernelProcess, msg_id: str) -> dict[str, Any] | None:
        """The execute_reply content for ``msg_id`` if it has arrived (others are dropped)."""
        while True:
            try:
                message = kernel.client.get_shell_msg(timeout=0)
            except queue.Empty:
                return None
            except Exception:  # noqa: BLE001 - malformed message from a hostile kernel
                continue
            if message.get("parent_header", {}).get("msg_id") == msg_id:
                content = message.get("content")
                return content if isinstance(content, dict) else {"status": "error"}

    def _collect(
        self, message: dict[str, Any], stdout: CappedText, stderr: CappedText, out: dict[str, Any]
    ) -> bool:
        """Fold one iopub message into the run's outputs; True when the kernel went idle."""
        kind = message.get("msg_type")
        content = message.get("content") or {}
        if kind == "status":
            return content.get("execution_state") == "idle"
        if kind == "stream":
            (stderr if content.get("name") == "stderr" else stdout).add(str(content.get("text", "")))
        elif kind == "error":
            traceback = CappedText(self.limits.traceback_bytes)
            traceback.add("\n".join(str(line) for line in content.get("traceback") or []))
            out["error"] = ExecError(
                name=str(content.get("ename", "Error"))[:200],
                value=str(content.get("evalue", ""))[: self.limits.traceback_bytes],
                traceback=traceback.text().splitlines(),
            )
        elif kind in ("execute_result", "display_data", "update_display_data"):
            data = content.get("data") or {}
            if not isinstance(data, dict):
                return False
            if RESULT_MIME in data:
                try:
                    out["result"] = decode_result(data[RESULT_MIME], self.limits)
                except ResultError as err:
                    out["error"] = out["error"] or ExecError("ResultError", str(err))
                return False
            png = decode_png(data.get("image/png"))
            if png is not None:
                if (
                    len(out["images"]) < self.limits.max_images
                    and out["image_bytes"] + len(png) <= self.limits.image_bytes
                ):
                    out["images"].append(png)
                    out["image_bytes"] += len(png)
                else:
                    out["notes"].append("image dropped: image limit reached")
            elif "text/plain" in data:
                stdout.add(str(data["text/plain"]) + "\n")
        return False

    def _finish(
        self,
        status: Status,
        reason: str | None,
        stdout: CappedText,
        stderr: CappedText,
        out: dict[str, Any],
        started: float,
        timeout: float,
    ) -> ExecResult:
        kernel = self._kernel
        assert kernel is not None
        notes: list[str] = list(out["notes"])
        error: ExecError | None = out["error"]
        restarted = False
        if status in ("restarted", "died"):
            if status == "died":
                code = kernel.process.poll()
                detail = f"kernel died (exit status {code}"
                detail += ", e.g. os._exit, segfault or the CPU-time limit)" if code else ")"
                error = error or ExecError("KernelDied", detail)
                notes.append(f"{detail}; {STATE_LOST_NOTE}")
            else:
                why = (
                    "over its disk quota"
                    if reason == "quota"
                    else f"still busy {self.limits.interrupt_grace_s:g} s after the interrupt"
                )
                error = ExecError(
                    "TimeoutError" if reason == "timeout" else "DiskQuotaError", f"kernel {why}"
                )
                notes.append(f"kernel {why}: killed; {STATE_LOST_NOTE}")
            self._stop_kernel()
            try:
                self.start()
            except KernelStartError as err:  # reported now; the next run tries again
                notes.append(f"kernel restart failed: {err}")
            restarted = True
        elif reason == "timeout":
            status = "timeout"
            traceback = error.traceback if error else []
            error = ExecError(
                "TimeoutError", f"wall-clock limit of {timeout:g} s exceeded; interrupted", traceback
            )
            notes.append("interrupted at the wall-clock limit; kernel state kept")
        elif reason == "quota":
            status = "error"
            error = ExecError(
                "DiskQuotaError", f"work folder exceeded {self.limits.work_quota_bytes} bytes; interrupted"
            )
        if self._kernel is not None and not restarted:
            killed = self._kernel.kill_strays()
            if killed:
                notes.append(f"killed {killed} background process(es) left by the code")
            if self._kernel.has_zombie_children():
                with contextlib.suppress(KernelStartError):
                    self._execute_silent(_REAP_CHILDREN, timeout=5)
            if any("output was lost" in note for note in notes):
                self._kernel.reconnect_iopub()
        if (
            self.sandboxed
            and folder_size(self.work_dir, self.limits.work_quota_bytes) > self.limits.work_quota_bytes
        ):
            clear_folder(self.work_dir)
            notes.append("work folder over its disk quota: cleared")
        return ExecResult(
            status=status,
            stdout=stdout.text(),
            stderr=stderr.text(),
            error=error,
            result=out["result"],
            images=out["images"],
            duration_s=time.monotonic() - started,
            sandboxed=self.sandboxed,
            restarted=restarted,
            state_lost=restarted,
            truncated=stdout.truncated or stderr.truncated,
            notes=notes,
        )


RUNTIME_PREFIX = "hrk-"
OWNER_FILE = ".hep-repro-owner"
_swept = threading.Event()


def _sweep_stale_once() -> None:
    if not _swept.is_set():
        _swept.set()
        with contextlib.suppress(OSError):
            sweep_stale()


def sweep_stale() -> None:
    """Remove runtime, staging and owned work folders left by hep-repro processes that died without
    closing their executors (their kernels died with them: bubblewrap's die-with-parent). Runs once
    per process when the first executor is created."""
    from assistant import config

    owner_files = [path / OWNER_FILE for path in Path(tempfile.gettempdir()).glob(f"{RUNTIME_PREFIX}*")]
    with contextlib.suppress(OSError):
        owner_files += list((config.home() / "sandbox").glob(".*.owner"))
    for owner_file in owner_files:
        try:
            owner = json.loads(owner_file.read_text())
            pid = int(owner["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if pid == os.getpid() or _pid_alive(pid):
            continue
        if owner_file.name == OWNER_FILE:  # a runtime folder
            shutil.rmtree(owner_file.parent, ignore_errors=True)
            continue
        for key in ("work", "data"):
            folder = owner.get(key)
            if folder and Path(folder).parent == owner_file.parent:  # only siblings of the owner file
                shutil.rmtree(folder, ignore_errors=True)
        owner_file.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _ExecutorRegistry:
    """Every live KernelExecutor, closed at interpreter exit so no kernel outlives the app."""

    def __init__(self) -> None:
        self._items: dict[int, KernelExecutor] = {}
        self._lock = threading.Lock()

    def add(self, executor: KernelExecutor) -> None:
        with self._lock:
            self._items[id(executor)] = executor

    def discard(self, executor: KernelExecutor) -> None:
        with self._lock:
            self._items.pop(id(executor), None)

    def close_all(self) -> None:
        with self._lock:
            items = list(self._items.values())
        for executor in items:
            with contextlib.suppress(Exception):
                executor.close()


_live_executors = _ExecutorRegistry()
atexit.register(_live_executors.close_all)
