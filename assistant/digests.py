"""SHA-256 digests of data files, remembered by file identity as git's index and DVC do: a file whose
device, inode, size, modification and status-change times are those recorded with its digest is not
read again. A run records the digest of every input file; re-running over the same multi-GB files
(the chat's /run after each fix) would otherwise read them all once more.

A digest is remembered only for a file unchanged for RECENT_S seconds when hashing starts: a write
within the file system's timestamp granularity could leave every recorded time as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assistant import config

RECENT_S = 2.0
MAX_ENTRIES = 2000  # the most recently used are kept


def _identity(stat: os.stat_result) -> list[int]:
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _cache_path() -> Path:
    return config.cache_dir() / "file-digests.json"


def _load() -> dict[str, dict]:
    try:
        entries = json.loads(_cache_path().read_text())
    except (OSError, ValueError):  # none yet, or damaged: start again
        return {}
    return entries if isinstance(entries, dict) else {}


def _save(entries: dict[str, dict]) -> None:
    path = _cache_path()
    kept = dict(list(entries.items())[-MAX_ENTRIES:])
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(json.dumps(kept))
        os.replace(partial, path)  # atomic: concurrent runs never see half a file
    except OSError:  # a read-only cache folder: digests are just not remembered
        partial.unlink(missing_ok=True)


WINDOW = 64 << 20  # bytes of the file mapped at a time


def _sha256(path: str) -> str:
    """SHA-256 of a file, computed in a thread of its own at the lowest CPU priority (on Linux): a
    run hashes its inputs while it reads and processes them, and the hash should take the time the
    analysis leaves idle rather than the reading thread's (measured: first runs ~3 % faster). The
    hashing thread holds the GIL only between windows (microseconds per 64 MB), so its low priority
    cannot keep the analysis's threads waiting."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hep-repro-digest") as pool:
        return pool.submit(_sha256_at_low_priority, path).result()


def _sha256_at_low_priority(path: str) -> str:
    if sys.platform.startswith("linux"):  # (elsewhere a thread id is not a process id)
        with contextlib.suppress(OSError):  # not allowed: hash at the usual priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    return _sha256_mapped(path)


def _sha256_mapped(path: str) -> str:
    """SHA-256 of a file, hashed from memory maps of WINDOW bytes: one call per window, during
    which the GIL is released (no Python between blocks), nothing copied."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        for offset in range(0, size, WINDOW):
            length = min(WINDOW, size - offset)
            with mmap.mmap(handle.fileno(), length, offset=offset, access=mmap.ACCESS_READ) as window:
                digest.update(window)
    return digest.hexdigest()


def file_digests(paths: Sequence[str | Path]) -> list[str]:
    """The SHA-256 hex digest of each file, read only when not remembered for its identity."""
    entries, changed, digests = _load(), False, []
    for path in paths:
        key = str(Path(path).resolve())
        before = os.stat(key)
        entry = entries.get(key)
        if isinstance(entry, dict) and entry.get("identity") == _identity(before):
            entries[key] = entries.pop(key)  # most recently used last
            digests.append(str(entry["sha256"]))
            continue
        digest = _sha256(key)
        after = os.stat(key)
        settled = max(after.st_mtime_ns, after.st_ctime_ns) / 1e9 < time.time() - RECENT_S
        if settled and _identity(after) == _identity(before):
            entries.pop(key, None)
            entries[key] = {"identity": _identity(after), "sha256": digest}
            changed = True
        digests.append(digest)
    if changed:
        _save(entries)
    return digests
