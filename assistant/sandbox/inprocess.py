"""In-process executor for trusted, compiled code in unit tests.

NOT A SECURITY BOUNDARY: the code runs in this interpreter with all of its rights (files, network,
environment, memory). Use it only for code hep-repro generated itself from a validated selection,
never for code a model or a user wrote; that goes to ``KernelExecutor`` (sandboxed).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from assistant.sandbox.base import Executor
from assistant.sandbox.types import (
    CappedText,
    ExecError,
    ExecResult,
    ResultError,
    SandboxFileError,
    SandboxLimits,
    Status,
    decode_result,
)


class _CappedStream(io.TextIOBase):
    def __init__(self, buffer: CappedText) -> None:
        self._buffer = buffer

    def write(self, text: str) -> int:
        self._buffer.add(text)
        return len(text)

    def writable(self) -> bool:
        return True


class _WallClockTimeout(BaseException):
    """Raised in the executing frame by the alarm signal (a BaseException, so `except Exception`
    in the executed code does not swallow it)."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Wall-clock limit via SIGALRM; only possible in the main thread (elsewhere: not enforced)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:  # noqa: ARG001
        raise _WallClockTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class InProcessExecutor(Executor):
    """Executes code with ``exec`` in a persistent namespace of this process (NOT a security
    boundary, see the module docstring). Same contract as the kernel executors: ``set_result``,
    ``DATA_FILES`` (name -> host path), captured stdout/stderr, matplotlib figures as PNG images."""

    sandboxed = False

    def __init__(self, limits: SandboxLimits | None = None) -> None:
        self.limits = limits or SandboxLimits()
        self.namespace: dict[str, Any] = {"__name__": "__main__", "DATA_FILES": {}}
        self.namespace["set_result"] = self._set_result
        self._result_text: str | None = None

    def _set_result(self, obj: Any) -> None:
        text = json.dumps(obj)
        if len(text.encode("utf-8")) > self.limits.result_bytes:
            raise ValueError(
                f"set_result: value larger than {self.limits.result_bytes} bytes of JSON; return a summary"
            )
        self._result_text = text

    def sandbox_path(self, file: str | os.PathLike[str]) -> str:
        path = Path(file).resolve()
        if not path.is_file():
            raise SandboxFileError(
                f"data file {path} does not exist or is not a regular file; pass existing files"
            )
        return str(path)

    def run(
        self, code: str, *, files: Iterable[str | os.PathLike[str]] = (), timeout: float = 60
    ) -> ExecResult:
        started = time.monotonic()
        for file in files:
            path = self.sandbox_path(file)
            self.namespace["DATA_FILES"][Path(path).name] = path
        stdout, stderr = CappedText(self.limits.output_bytes), CappedText(self.limits.output_bytes)
        self._result_text = None
        error: ExecError | None = None
        status: Status = "ok"
        figures_before = _figure_numbers()
        try:
            compiled = compile(code, "<cell>", "exec")
            with (
                contextlib.redirect_stdout(_CappedStream(stdout)),
                contextlib.redirect_stderr(_CappedStream(stderr)),
                _alarm(timeout),
            ):
                exec(compiled, self.namespace)
        except _WallClockTimeout:
            status = "timeout"
            error = ExecError("TimeoutError", f"wall-clock limit of {timeout:g} s exceeded; interrupted")
        except BaseException as err:  # noqa: BLE001 - the executed code's errors are data
            if isinstance(err, KeyboardInterrupt):
                raise
            status = "error"
            lines = traceback.format_exception(type(err), err, err.__traceback__)
            error = ExecError(type(err).__name__, str(err), "".join(lines).splitlines())
        result = None
        if self._result_text is not None:
            try:
                result = decode_result(self._result_text, self.limits)
            except ResultError as err:
                status, error = "error", error or ExecError("ResultError", str(err))
        return ExecResult(
            status=status,
            stdout=stdout.text(),
            stderr=stderr.text(),
            error=error,
            result=result,
            images=_new_figures_as_png(figures_before, self.limits),
            duration_s=time.monotonic() - started,
            sandboxed=False,
            truncated=stdout.truncated or stderr.truncated,
        )


def _figure_numbers() -> set[int]:
    if "matplotlib.pyplot" not in sys.modules:
        return set()
    return set(sys.modules["matplotlib.pyplot"].get_fignums())


def _new_figures_as_png(before: set[int], limits: SandboxLimits) -> list[bytes]:
    """PNG bytes of the figures the code left open (then closed, like the inline backend does)."""
    if "matplotlib.pyplot" not in sys.modules:
        return []
    plt = sys.modules["matplotlib.pyplot"]
    images: list[bytes] = []
    total = 0
    for number in plt.get_fignums():
        if number in before:
            continue
        figure = plt.figure(number)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        png = buffer.getvalue()
        if len(images) < limits.max_images and total + len(png) <= limits.image_bytes:
            images.append(png)
            total += len(png)
        plt.close(figure)
    return images
