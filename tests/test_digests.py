"""Remembered file digests: the digest is the content's, a remembered one is used only while the
file keeps its identity, and a file changed too recently to tell is never remembered."""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import time

from assistant import config, digests


def _settled_file(path, content: bytes):
    path.write_bytes(content)
    past = time.time() - 60
    os.utime(path, (past, past))  # (the status-change time stays "now": see _wait_settled)
    return path


def _wait_settled(monkeypatch):
    # a file's ctime cannot be set back: let "settled" mean older than a moment ago instead
    monkeypatch.setattr(digests, "RECENT_S", -5.0)


def _cache():
    return json.loads((config.cache_dir() / "file-digests.json").read_text())


def test_digests_are_the_contents_and_remembered_for_settled_files(tmp_path, monkeypatch):
    _wait_settled(monkeypatch)
    a, b = _settled_file(tmp_path / "a.root", b"first"), _settled_file(tmp_path / "b.root", b"second")
    expected = [hashlib.sha256(b"first").hexdigest(), hashlib.sha256(b"second").hexdigest()]
    assert digests.file_digests([a, b]) == expected
    assert {entry["sha256"] for entry in _cache().values()} == set(expected)
    # a remembered digest is what is returned while the identity holds (planted to prove it)
    cache = _cache()
    cache[str(a.resolve())]["sha256"] = "planted"
    (config.cache_dir() / "file-digests.json").write_text(json.dumps(cache))
    assert digests.file_digests([a, b]) == ["planted", expected[1]]


def test_a_changed_file_is_read_again_even_with_its_old_size_and_times(tmp_path, monkeypatch):
    _wait_settled(monkeypatch)
    path = _settled_file(tmp_path / "a.root", b"aaaa")
    before = os.stat(path)
    assert digests.file_digests([path]) == [hashlib.sha256(b"aaaa").hexdigest()]
    time.sleep(0.05)  # past the kernel's coarse clock tick: the status-change time moves on
    path.write_bytes(b"bbbb")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same modification time
    assert digests.file_digests([path]) == [hashlib.sha256(b"bbbb").hexdigest()]


def test_a_file_written_just_now_is_not_remembered(tmp_path):
    path = tmp_path / "fresh.root"
    path.write_bytes(b"fresh")
    assert digests.file_digests([path]) == [hashlib.sha256(b"fresh").hexdigest()]
    assert not (config.cache_dir() / "file-digests.json").exists()


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path, monkeypatch):
    _wait_settled(monkeypatch)
    (config.cache_dir() / "file-digests.json").write_text("{not json")
    path = _settled_file(tmp_path / "a.root", b"data")
    assert digests.file_digests([path]) == [hashlib.sha256(b"data").hexdigest()]
    assert list(_cache().values())[0]["sha256"] == hashlib.sha256(b"data").hexdigest()


def test_a_file_hashed_in_several_windows_gives_its_digest(tmp_path, monkeypatch):
    monkeypatch.setattr(digests, "WINDOW", mmap.ALLOCATIONGRANULARITY)  # the smallest legal window
    content = os.urandom(3 * mmap.ALLOCATIONGRANULARITY + 123)  # three full windows and a part
    path = tmp_path / "big.root"
    path.write_bytes(content)
    assert digests.file_digests([path]) == [hashlib.sha256(content).hexdigest()]
    empty = tmp_path / "empty.root"
    empty.write_bytes(b"")
    assert digests.file_digests([empty]) == [hashlib.sha256(b"").hexdigest()]


def test_hashing_at_low_priority_leaves_the_callers_priority_alone(tmp_path):
    """The digest is computed in a helper thread at the lowest priority; the calling thread (the
    chat, a run's main thread) and the process keep theirs."""
    import threading

    path = tmp_path / "a.root"
    path.write_bytes(os.urandom(100_000))
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    process = os.getpriority(os.PRIO_PROCESS, 0)
    assert digests.file_digests([path]) == [hashlib.sha256(path.read_bytes()).hexdigest()]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine
    assert os.getpriority(os.PRIO_PROCESS, 0) == process
