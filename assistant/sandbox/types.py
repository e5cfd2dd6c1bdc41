"""Data that crosses the executor boundary: limits, results, typed errors, and the capped buffers
that keep whatever the executed code produces bounded on the host side.

Everything here treats the executed code as hostile: outputs are truncated at fixed sizes, results
are parsed as JSON text with size and depth caps (never unpickled), images must be real PNG data.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["ok", "error", "timeout", "restarted", "died"]

RESULT_MIME = "application/vnd.hep-repro.result+json"
"""Display-data MIME type carrying the JSON text passed to ``set_result`` inside the kernel."""

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STATE_LOST_NOTE = "kernel restarted, state lost"


class SandboxError(RuntimeError):
    """Base class of the sandbox's typed errors."""


class SandboxUnavailableError(SandboxError):
    """bubblewrap (or another tool the sandbox needs) is missing on this machine."""


class KernelStartError(SandboxError):
    """The kernel process did not become ready."""


class SandboxFileError(SandboxError, ValueError):
    """A data file passed to ``run(files=...)`` cannot be made available inside the sandbox."""


class ResultError(ValueError):
    """A result payload was rejected (too large, too deep, not JSON)."""


@dataclass(frozen=True)
class SandboxLimits:
    """Resource limits of one sandboxed kernel and caps on what crosses back to the host.

    The rlimits apply per process inside the sandbox; ``processes`` applies to the kernel's own
    unprivileged uid (one uid per kernel, so sessions cannot starve each other)."""

    address_space_bytes: int = 2 * 1024**3  # 1 GiB breaks `import torch`; 2 GiB gives a clean MemoryError
    cpu_seconds: int = 3600  # cumulative per process: a busy loop beyond it is killed by the kernel
    file_size_bytes: int = 512 * 1024**2
    open_files: int = 512
    processes: int = 96  # threads count too: ipykernel uses ~12, BLAS a few per core
    tmp_size_bytes: int = 256 * 1024**2  # the sandbox's /tmp is a tmpfs of this size
    shm_size_bytes: int = 64 * 1024**2  # /dev/shm (multiprocessing semaphores), a tmpfs of this size
    work_quota_bytes: int = 2 * 1024**3  # checked while code runs; exceeding it interrupts the run
    output_bytes: int = 64 * 1024  # stdout and stderr each
    traceback_bytes: int = 16 * 1024
    result_bytes: int = 1024 * 1024
    result_depth: int = 64
    image_bytes: int = 8 * 1024**2  # total over all images of one run
    max_images: int = 16
    interrupt_grace_s: float = 3.0
    start_timeout_s: float = 30.0


@dataclass
class ExecError:
    """An exception raised by the executed code: name, value (message) and traceback lines."""

    name: str
    value: str
    traceback: list[str] = field(default_factory=list)

    def render(self) -> str:
        tail = "\n".join(self.traceback)
        return f"{tail}\n{self.name}: {self.value}" if tail else f"{self.name}: {self.value}"


@dataclass
class ExecResult:
    """What one ``Executor.run`` produced.

    status: "ok"; "error" (the code raised, see ``error``); "timeout" (interrupted at the wall-clock
    limit, kernel state kept); "restarted" (still busy after the interrupt grace period or over its
    disk quota: killed and restarted, state lost); "died" (the kernel exited during the run — sys
    exit, segfault, CPU limit — and was restarted, state lost).
    result: the JSON value passed to ``set_result`` (None if not called); images: PNG bytes from
    display data (matplotlib figures)."""

    status: Status
    stdout: str = ""
    stderr: str = ""
    error: ExecError | None = None
    result: Any = None
    images: list[bytes] = field(default_factory=list)
    duration_s: float = 0.0
    sandboxed: bool = True
    restarted: bool = False
    state_lost: bool = False
    truncated: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def summary(self) -> str:
        """One paragraph for a model or a user: status, error and notes, no images."""
        parts = [f"status: {self.status}" + ("" if self.sandboxed else " (UNSANDBOXED)")]
        if self.error:
            parts.append(f"error: {self.error.name}: {self.error.value}")
        parts.extend(self.notes)
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["images"] = [base64.b64encode(image).decode("ascii") for image in self.images]
        return data


class CappedText:
    """Collects text up to ``limit`` bytes (UTF-8); counts and drops the rest."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._parts: list[str] = []
        self._size = 0
        self.dropped = 0

    def add(self, text: str) -> None:
        if not isinstance(text, str):
            text = repr(text)
        room = self.limit - self._size
        if room <= 0:
            self.dropped += len(text)
            return
        encoded = text.encode("utf-8", "replace")
        if len(encoded) <= room:
            self._parts.append(text)
            self._size += len(encoded)
            return
        self._parts.append(encoded[:room].decode("utf-8", "ignore"))
        self._size = self.limit
        self.dropped += len(encoded) - room

    @property
    def truncated(self) -> bool:
        return self.dropped > 0

    def text(self) -> str:
        body = "".join(self._parts)
        if self.dropped:
            body += f"\n[... output truncated: {self.dropped} more bytes dropped]\n"
        return body


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value, iteratively (hostile input must not blow the stack)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def decode_result(payload: Any, limits: SandboxLimits) -> Any:
    """Validate and parse the JSON text sent by ``set_result``. Raises ResultError."""
    if not isinstance(payload, str):
        raise ResultError(f"result payload must be JSON text, got {type(payload).__name__}")
    if len(payload.encode("utf-8", "replace")) > limits.result_bytes:
        raise ResultError(f"result larger than {limits.result_bytes} bytes; return a summary instead")
    try:
        value = json.loads(payload)
    except RecursionError as err:
        raise ResultError(f"result nested deeper than {limits.result_depth} levels") from err
    except ValueError as err:
        raise ResultError(f"result is not valid JSON: {err}") from err
    if _depth(value, limits.result_depth) > limits.result_depth:
        raise ResultError(f"result nested deeper than {limits.result_depth} levels")
    return value


def decode_png(payload: Any) -> bytes | None:
    """PNG bytes from a base64 display-data value, or None when it is not a PNG."""
    if not isinstance(payload, str):
        return None
    try:
        data = base64.b64decode(payload, validate=False)
    except ValueError:
        return None
    return data if data.startswith(PNG_SIGNATURE) else None
