"""Kernels per chat session: one kernel and one work folder per session id, a few pre-started
(and pre-imported) spare kernels so a new session does not wait for a cold start, idle sessions
reaped, everything closed at exit (``close()``, and the executors' atexit hook)."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from pathlib import Path
from typing import Any

from assistant.sandbox.kernel import KernelExecutor
from assistant.sandbox.types import ExecResult, SandboxError, SandboxLimits

DEFAULT_WARMUP = "import numpy, awkward, uproot, vector, matplotlib.pyplot"
"""Run in every spare kernel so a session's first analysis cell does not pay the imports."""

_SESSION_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class SessionIdError(SandboxError, ValueError):
    """A session id that cannot name a work folder."""


class SessionPool:
    """``get(session_id)`` returns that session's executor, taking a pre-started spare when there is
    one (a background thread keeps ``spare`` kernels ready). Sessions idle for ``idle_timeout_s`` are
    closed by a reaper thread; ``close()`` (also run at interpreter exit) stops every kernel."""

    def __init__(
        self,
        *,
        sandboxed: bool = True,
        spare: int = 1,
        idle_timeout_s: float = 900.0,
        max_sessions: int = 8,
        limits: SandboxLimits | None = None,
        root: str | Path | None = None,
        warmup: str = DEFAULT_WARMUP,
    ) -> None:
        if root is None:
            from assistant import config

            root = config.home() / "sandbox"
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.sandboxed = sandboxed
        self.spare_target = max(0, spare)
        self.idle_timeout_s = idle_timeout_s
        self.max_sessions = max(1, max_sessions)
        self.limits = limits or SandboxLimits()
        self.warmup = warmup
        self._sessions: dict[str, KernelExecutor] = {}
        self._spares: list[KernelExecutor] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._closed = False
        self._counter = 0
        if sandboxed:
            from assistant.sandbox.bwrap import require_tools

            require_tools()
        self._thread = threading.Thread(target=self._maintain, name="hep-repro-kernel-pool", daemon=True)
        self._thread.start()

    # -- public ------------------------------------------------------------------------------------
    def get(self, session_id: str) -> KernelExecutor:
        if not _SESSION_ID.match(session_id):
            raise SessionIdError(
                f"session id {session_id!r} must be 1-64 characters of letters, digits, '_', '.', '-'"
            )
        with self._lock:
            if self._closed:
                raise SandboxError("session pool is closed")
            executor = self._sessions.get(session_id)
            if executor is not None:
                return executor
            executor = next((spare for spare in self._spares if spare.alive), None)
            if executor is not None:
                self._spares.remove(executor)
            evict = self._least_recently_used() if len(self._sessions) >= self.max_sessions else None
        if evict is not None:
            self.end(evict)
        if executor is None:
            executor = self._new_executor(start=True)
        executor.session_id = session_id
        executor.last_used = time.monotonic()
        with self._lock:
            existing = self._sessions.get(session_id)
            if existing is None:
                self._sessions[session_id] = executor
        if existing is not None:  # another thread created this session meanwhile
            executor.close()
            return existing
        self._wake.set()
        return executor

    def run(self, session_id: str, code: str, **kwargs: Any) -> ExecResult:
        return self.get(session_id).run(code, **kwargs)

    def end(self, session_id: str) -> None:
        """Close a session: its kernel and its work folder."""
        with self._lock:
            executor = self._sessions.pop(session_id, None)
        if executor is not None:
            executor.close()

    def sessions(self) -> list[str]:
        with self._lock:
            return list(self._sessions)

    def spares(self) -> int:
        with self._lock:
            return len(self._spares)

    def kernel_pids(self) -> list[int]:
        """Host pids of the kernels of all sessions and spares (for monitoring)."""
        with self._lock:
            executors = [*self._sessions.values(), *self._spares]
        return [pid for pid in (ex.kernel_pid for ex in executors) if pid is not None]

    def wait_for_spares(self, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.spares() >= self.spare_target:
                return True
            time.sleep(0.05)
        return False

    def reap_idle(self, now: float | None = None) -> list[str]:
        """Close sessions idle longer than ``idle_timeout_s``; returns their ids."""
        now = time.monotonic() if now is None else now
        with self._lock:
            idle = [sid for sid, ex in self._sessions.items() if now - ex.last_used > self.idle_timeout_s]
        for sid in idle:
            self.end(sid)
        return idle

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            executors = list(self._sessions.values()) + self._spares
            self._sessions.clear()
            self._spares.clear()
        self._stop.set()
        self._wake.set()
        for executor in executors:
            with contextlib.suppress(Exception):
                executor.close()
        self._thread.join(timeout=10)

    def __enter__(self) -> SessionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------------------
    def _least_recently_used(self) -> str | None:
        if not self._sessions:
            return None
        return min(self._sessions, key=lambda sid: self._sessions[sid].last_used)

    def _new_executor(self, *, start: bool) -> KernelExecutor:
        with self._lock:
            self._counter += 1
            name = f"k{self._counter}-{time.time_ns() % 10**9}"
        return KernelExecutor(
            sandboxed=self.sandboxed,
            limits=self.limits,
            work_dir=self.root / name,
            start=start,
            remove_work_on_close=True,
        )

    def _maintain(self) -> None:
        """Keep spares started, reap idle sessions."""
        interval = max(0.5, min(30.0, self.idle_timeout_s / 4))
        while not self._stop.is_set():
            with self._lock:
                dead = [spare for spare in self._spares if not spare.alive]
                self._spares = [spare for spare in self._spares if spare.alive]
                missing = self.spare_target - len(self._spares) if not self._closed else 0
            for spare in dead:
                spare.close()
            if missing > 0:
                try:
                    spare = self._new_executor(start=True)
                except Exception:  # noqa: BLE001 - retried at the next wake-up; get() starts kernels itself
                    self._wake.wait(interval)
                    self._wake.clear()
                    continue
                if self.warmup:
                    with contextlib.suppress(Exception):
                        spare.run(self.warmup, timeout=60)
                with self._lock:
                    if self._closed:
                        spare.close()
                        return
                    self._spares.append(spare)
                continue
            self.reap_idle()
            self._wake.wait(interval)
            self._wake.clear()
