"""One kernel process on the host side: launch (inside bubblewrap or not), readiness, message-mode
interrupt, the processes it leaves behind (found through /proc, no full process scan), shutdown.
Internal to ``KernelExecutor``."""

from __future__ import annotations

import collections
import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from assistant.sandbox.bwrap import SandboxLayout, UidLease, bwrap_command, python_roots, sandbox_env
from assistant.sandbox.types import KernelStartError, SandboxLimits

MAX_MESSAGE_BYTES = 16 * 1024**2  # zmq drops peers sending larger messages: host memory stays bounded


class _TailBuffer:
    """Keeps the last bytes a process writes to a pipe (kernel start-up diagnostics), bounded."""

    def __init__(self, stream: Any, limit: int = 8192) -> None:
        self._chunks: collections.deque[bytes] = collections.deque()
        self._limit = limit
        self._thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self._thread.start()

    def _drain(self, stream: Any) -> None:
        with contextlib.suppress(OSError, ValueError):
            for chunk in iter(lambda: stream.read1(4096), b""):
                self._chunks.append(chunk)
                while sum(len(c) for c in self._chunks) > self._limit and len(self._chunks) > 1:
                    self._chunks.popleft()

    def text(self) -> str:
        return b"".join(self._chunks)[-self._limit :].decode("utf-8", "replace")


class KernelProcess:
    """One running kernel process and its jupyter_client connection."""

    def __init__(self, layout: SandboxLayout, *, sandboxed: bool, limits: SandboxLimits) -> None:
        import zmq
        from jupyter_client import BlockingKernelClient
        from jupyter_client.connect import write_connection_file

        self.layout = layout
        self.sandboxed = sandboxed
        self.lease: UidLease | None = UidLease() if sandboxed and os.geteuid() == 0 else None
        uid = self.lease.uid if self.lease else None
        if uid is not None:
            for folder in (layout.runtime, layout.work):
                os.chown(folder, uid, uid)
            chown_tree(layout.work, uid)
        connection_file = layout.runtime / "kernel.json"
        write_connection_file(str(connection_file), ip=str(layout.runtime / "ipc"), transport="ipc")
        if uid is not None:
            os.chown(connection_file, uid, uid)
        base, venv = python_roots()
        python = venv / "bin" / "python"
        kernel_argv = [str(python if python.exists() else sys.executable), "-m", "ipykernel_launcher"]
        kernel_argv += ["-f", str(connection_file), "--IPKernelApp.log_level=CRITICAL"]
        env = sandbox_env(venv)
        if sandboxed:
            cmd = bwrap_command(layout, kernel_argv, uid=uid, limits=limits, env=env)
            popen_env: dict[str, str] = {}
            cwd = str(layout.runtime)
        else:
            prlimit = shutil.which("prlimit")
            limits_argv = [f"--as={limits.address_space_bytes}", f"--cpu={limits.cpu_seconds}", "--"]
            cmd = ([prlimit, *limits_argv] if prlimit else []) + kernel_argv
            popen_env = {**env, "HOME": str(layout.work), "MPLCONFIGDIR": str(layout.runtime / "mpl")}
            popen_env["JPY_PARENT_PID"] = str(os.getpid())  # the kernel exits when this process does
            cwd = str(layout.work)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=popen_env,
            cwd=cwd,
            start_new_session=True,
        )
        self.stderr_tail = _TailBuffer(self.process.stderr)
        self.context = zmq.Context()
        self.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        self.context.setsockopt(zmq.LINGER, 0)
        self.client = BlockingKernelClient(connection_file=str(connection_file), context=self.context)
        self.client.load_connection_file()
        self.client.start_channels()
        self.kernel_pid: int | None = None

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        msg_id = self.client.kernel_info()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise KernelStartError(
                    f"kernel exited during start (code {self.process.returncode}): {self.stderr_tail.text()[-2000:]}"
                )
            try:
                reply = self.client.get_shell_msg(timeout=0.1)
            except queue.Empty:
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                self.kernel_pid = self._find_kernel_pid()
                self._lock_runtime()
                self._await_iopub(deadline)
                return
        raise KernelStartError(f"kernel not ready after {timeout:.0f} s: {self.stderr_tail.text()[-2000:]}")

    def _await_iopub(self, deadline: float) -> None:
        """The shell channel answers before the iopub subscription has landed, and what the kernel
        publishes meanwhile (the first cell's output) is lost: ping until iopub carries messages,
        then drop those pings' status messages."""
        while time.monotonic() < deadline and self.alive():
            self.client.kernel_info()
            try:
                self.client.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            except Exception:  # noqa: BLE001 - malformed message: the channel works
                pass
            break
        while True:
            try:
                self.client.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                return
            except Exception:  # noqa: BLE001
                continue

    def _lock_runtime(self) -> None:
        """Once the kernel has bound its sockets, take the runtime folder back: the sandboxed code must
        not fill the host's disk through it (only the work folder is under a quota)."""
        if self.lease is None:
            return
        for path in (self.layout.runtime / "kernel.json", self.layout.runtime):
            with contextlib.suppress(OSError):
                os.chown(path, 0, 0)
                os.chmod(path, 0o755 if path.is_dir() else 0o644)

    def _find_kernel_pid(self) -> int | None:
        if not self.sandboxed:
            return self.process.pid  # prlimit execs the kernel: same process
        return next((pid for pid in descendants_of(self.process.pid) if proc_comm(pid) != "bwrap"), None)

    def alive(self) -> bool:
        return self.process.poll() is None

    def interrupt(self) -> None:
        """Message-mode interrupt (SIGINT does not cross bwrap's new session)."""
        message = self.client.session.msg("interrupt_request", content={})
        self.client.control_channel.send(message)

    def strays(self) -> list[int]:
        """Pids of live processes inside the sandbox other than the kernel. The PID namespace keeps
        even setsid daemons below the bwrap process, so walking its descendants finds them all."""
        if not self.sandboxed or self.kernel_pid is None:
            return []
        return [
            pid
            for pid in descendants_of(self.process.pid)
            if pid != self.kernel_pid and proc_comm(pid) != "bwrap" and proc_state(pid) not in ("Z", "")
        ]

    def kill_strays(self) -> int:
        """Kill every stray, in rounds: a process may fork between our scan and its death."""
        import psutil

        killed: set[int] = set()
        for _round in range(10):
            procs = []
            for pid in self.strays():
                with contextlib.suppress(psutil.Error):
                    proc = psutil.Process(pid)
                    proc.kill()
                    procs.append(proc)
            if not procs:
                break
            killed.update(proc.pid for proc in procs)
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline and any(proc_state(p.pid) not in ("Z", "") for p in procs):
                time.sleep(0.01)
        return len(killed)

    def has_zombie_children(self) -> bool:
        """Killed children the kernel has not waited for (they still count against the process limit)."""
        if self.kernel_pid is None:
            return False
        return any(proc_state(pid) == "Z" for pid in children_of(self.kernel_pid))

    def reconnect_iopub(self) -> None:
        """A fresh iopub socket (zmq drops the connection of a peer that sent an oversized message)."""
        old = self.client._iopub_channel
        if old is not None:
            with contextlib.suppress(Exception):
                old.close()
        self.client._iopub_channel = None
        self.client.iopub_channel.start()
        self._await_iopub(time.monotonic() + 5)  # a new subscriber misses what came before it

    def shutdown(self) -> None:
        """Kill the whole sandbox now: the bwrap process group; die-with-parent and the PID namespace
        take everything inside with it."""
        import psutil

        with contextlib.suppress(Exception):
            self.client.stop_channels()
        inner = []
        with contextlib.suppress(psutil.Error):
            inner = psutil.Process(self.process.pid).children(recursive=True)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        for proc in inner:
            with contextlib.suppress(psutil.Error):
                proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        psutil.wait_procs(inner, timeout=2)
        with contextlib.suppress(Exception):
            self.context.destroy(linger=0)
        if self.process.stderr:
            with contextlib.suppress(OSError):
                self.process.stderr.close()
        if self.lease:
            self.lease.release()
            self.lease = None


def children_of(pid: int) -> list[int]:
    """Direct children of every thread of ``pid`` (/proc/PID/task/TID/children; cheap, no full scan)."""
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(part) for part in handle.read().split())
    return found


def descendants_of(pid: int, limit: int = 100_000) -> list[int]:
    found: list[int] = []
    stack = [pid]
    while stack and len(found) < limit:
        for child in children_of(stack.pop()):
            found.append(child)
            stack.append(child)
    return found


def proc_comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def proc_state(pid: int) -> str:
    """One-letter process state ("R", "S", "Z", ...), "" when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return ""


def chown_tree(root: Path, uid: int) -> None:
    for folder, dirs, names in os.walk(root):
        for name in [*dirs, *names]:
            with contextlib.suppress(OSError):
                os.lchown(os.path.join(folder, name), uid, uid)


def folder_size(root: Path, limit: int) -> int:
    """Bytes under ``root``, stopping early once above ``limit``."""
    total = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
        if total > limit:
            break
    return total


def clear_folder(root: Path) -> None:
    for entry in list(root.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
