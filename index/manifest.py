"""The ingestion manifest: which files (by content hash) went into an index, and how it went.

A small SQLite file beside the index. Every file gets a row keyed by its content hash before
it is read ("pending") and its final status right after ("ok" or "failed" with the reason);
each change is committed at once, so a crash loses at most the file being ingested and a rerun
resumes: "ok" files are skipped, "pending" and "failed" ones are tried again.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Status = Literal["pending", "ok", "failed"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    content_hash TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'failed')),
    reason TEXT,
    error_type TEXT,
    document TEXT,
    title TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    pages INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS aliases (
    path TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL REFERENCES files(content_hash)
);
"""


@dataclass(frozen=True)
class ManifestEntry:
    content_hash: str
    path: str
    kind: str
    status: Status
    reason: str | None = None
    error_type: str | None = None
    document: str | None = None
    title: str | None = None
    pages: int = 0
    chunks: int = 0


@dataclass(frozen=True)
class DocumentInfo:
    """A document in the index."""

    id: str
    title: str
    kind: str
    path: str
    pages: int
    chunks: int


class Manifest:
    """Ingestion records of one index. Usable from any thread (the Index serialises access)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # autocommit: every write is saved at once; any thread may call (the Index holds a lock)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def get(self, content_hash: str) -> ManifestEntry | None:
        row = self._db.execute(
            "SELECT content_hash, path, kind, status, reason, error_type, document, title, pages, chunks "
            "FROM files WHERE content_hash = ?",
            (content_hash,),
        ).fetchone()
        return ManifestEntry(*row) if row else None

    def entries(self) -> list[ManifestEntry]:
        rows = self._db.execute(
            "SELECT content_hash, path, kind, status, reason, error_type, document, title, pages, chunks "
            "FROM files ORDER BY updated"
        ).fetchall()
        return [ManifestEntry(*row) for row in rows]

    def mark_pending(self, content_hash: str, path: str, kind: str) -> None:
        self._db.execute(
            "INSERT INTO files (content_hash, path, kind, status, updated) VALUES (?, ?, ?, 'pending', ?) "
            "ON CONFLICT(content_hash) DO UPDATE SET path = excluded.path, kind = excluded.kind, "
            "status = 'pending', reason = NULL, error_type = NULL, updated = excluded.updated",
            (content_hash, path, kind, time.time()),
        )
        self.add_alias(path, content_hash)

    def mark_ok(self, content_hash: str, *, document: str, title: str, pages: int, chunks: int) -> None:
        self._db.execute(
            "UPDATE files SET status = 'ok', reason = NULL, error_type = NULL, document = ?, title = ?, "
            "pages = ?, chunks = ?, updated = ? WHERE content_hash = ?",
            (document, title, pages, chunks, time.time(), content_hash),
        )

    def mark_failed(self, content_hash: str, *, reason: str, error_type: str) -> None:
        self._db.execute(
            "UPDATE files SET status = 'failed', reason = ?, error_type = ?, updated = ? WHERE content_hash = ?",
            (reason, error_type, time.time(), content_hash),
        )

    def record_document(self, info: DocumentInfo) -> None:
        """Remember a document whose chunks are all in the index."""
        self._db.execute(
            "INSERT INTO documents (id, title, kind, path, pages, chunks, updated) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET title = excluded.title, kind = excluded.kind, path = excluded.path, "
            "pages = excluded.pages, chunks = excluded.chunks, updated = excluded.updated",
            (info.id, info.title, info.kind, info.path, info.pages, info.chunks, time.time()),
        )

    def document(self, document_id: str) -> DocumentInfo | None:
        row = self._db.execute(
            "SELECT id, title, kind, path, pages, chunks FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return DocumentInfo(*row) if row else None

    def documents(self) -> list[DocumentInfo]:
        rows = self._db.execute(
            "SELECT id, title, kind, path, pages, chunks FROM documents ORDER BY kind, title, id"
        ).fetchall()
        return [DocumentInfo(*row) for row in rows]

    def forget_document(self, document_id: str) -> None:
        self._db.execute("DELETE FROM documents WHERE id = ?", (document_id,))

    def add_alias(self, path: str, content_hash: str) -> None:
        """Remember another file name with the same content (a duplicate)."""
        self._db.execute(
            "INSERT INTO aliases (path, content_hash) VALUES (?, ?) "
            "ON CONFLICT(path) DO UPDATE SET content_hash = excluded.content_hash",
            (path, content_hash),
        )

    def aliases(self, content_hash: str) -> list[str]:
        rows = self._db.execute(
            "SELECT path FROM aliases WHERE content_hash = ? ORDER BY path", (content_hash,)
        ).fetchall()
        return [r[0] for r in rows]
