"""The executor interface every backend implements."""

from __future__ import annotations

import os
from collections.abc import Iterable

from assistant.sandbox.types import ExecResult


class Executor:
    """Runs Python code and returns an ``ExecResult``. Backends: ``KernelExecutor`` (sandboxed or not)
    and ``InProcessExecutor``. Code returns data with ``set_result(obj)`` and finds its data files in
    ``DATA_FILES`` (name -> path) or at ``sandbox_path(file)``."""

    sandboxed: bool = False

    def run(
        self, code: str, *, files: Iterable[str | os.PathLike[str]] = (), timeout: float = 60
    ) -> ExecResult:
        raise NotImplementedError

    def sandbox_path(self, file: str | os.PathLike[str]) -> str:
        """Path under which ``file`` is visible to the executed code (after ``run(files=[file])``)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release processes and folders."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
