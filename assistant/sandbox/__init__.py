"""Running untrusted Python: one executor interface, three backends.

- ``KernelExecutor(sandboxed=True)`` — an ipykernel inside bubblewrap, unprivileged uid, rlimits, no
  network, only the interpreter, the virtual environment, a work folder and the given data files
  visible. THE SECURITY BOUNDARY: use it for anything a model wrote or a user edited.
- ``KernelExecutor(sandboxed=False)`` — the same kernel on the host, no isolation; only on explicit
  request (``--unsandboxed``); every result says ``sandboxed=False``.
- ``InProcessExecutor`` — ``exec`` in this process for trusted compiled code in unit tests; NOT a
  security boundary.

Inside every backend the code calls ``set_result(obj)`` (JSON-serialisable, size-capped) to return
data, and finds the files passed in ``run(files=...)`` in ``DATA_FILES`` (name -> path; in the sandbox
the path is ``/data/<name>``, read-only). ``SessionPool`` keeps one kernel and work folder per chat
session with pre-started spares.
"""

from __future__ import annotations

from typing import Any

from assistant.sandbox.base import Executor
from assistant.sandbox.bwrap import SANDBOX_DATA, SANDBOX_WORK, require_tools
from assistant.sandbox.inprocess import InProcessExecutor
from assistant.sandbox.kernel import KernelExecutor
from assistant.sandbox.pool import SessionIdError, SessionPool
from assistant.sandbox.types import (
    RESULT_MIME,
    STATE_LOST_NOTE,
    ExecError,
    ExecResult,
    KernelStartError,
    ResultError,
    SandboxError,
    SandboxFileError,
    SandboxLimits,
    SandboxUnavailableError,
)

EXECUTOR_KINDS = ("sandbox", "unsandboxed", "inprocess")


class UnknownExecutorError(SandboxError, ValueError):
    """``get_executor`` was asked for a backend that does not exist."""


def sandbox_available() -> bool:
    try:
        require_tools()
    except SandboxUnavailableError:
        return False
    return True


def get_executor(kind: str = "sandbox", **options: Any) -> Executor:
    """An executor by name: "sandbox" (bubblewrap kernel; raises SandboxUnavailableError without
    bubblewrap), "unsandboxed" (host kernel, explicit opt-in) or "inprocess" (trusted code only).
    ``options`` go to the backend's constructor (e.g. ``limits``, ``work_dir``)."""
    if kind == "sandbox":
        return KernelExecutor(sandboxed=True, **options)
    if kind == "unsandboxed":
        return KernelExecutor(sandboxed=False, **options)
    if kind == "inprocess":
        return InProcessExecutor(**options)
    raise UnknownExecutorError(f"unknown executor {kind!r}; expected one of {', '.join(EXECUTOR_KINDS)}")


__all__ = [
    "EXECUTOR_KINDS",
    "RESULT_MIME",
    "SANDBOX_DATA",
    "SANDBOX_WORK",
    "STATE_LOST_NOTE",
    "ExecError",
    "ExecResult",
    "Executor",
    "InProcessExecutor",
    "KernelExecutor",
    "KernelStartError",
    "ResultError",
    "SandboxError",
    "SandboxFileError",
    "SandboxLimits",
    "SandboxUnavailableError",
    "SessionIdError",
    "SessionPool",
    "UnknownExecutorError",
    "get_executor",
    "sandbox_available",
]
