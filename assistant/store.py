"""Persistent sessions in SQLite: messages, append-only selection versions, code, runs, results.

The schema is built by ordered, named migrations recorded in `schema_migrations`; opening a
database applies the missing ones (a blank file becomes the current schema). Selections are
never overwritten: every change — including undo — appends a new version. A session therefore
resumes exactly after a restart (`Store(path).messages(id)`, `.selection(id)`, `.runs(id)`).

`export(session, out_dir)` writes a reproducible bundle: the selection JSON (and all versions),
the analysis code and a notebook, run results, the conversation, the session's data schema files
(state "schema" / "schema_files", copied into `schemas/`), environment versions and SHA-256
checksums of every bundle file and of the input data files.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from assistant.result import AnalysisResult
from assistant.selection import Selection

_LATEST: Any = object()  # "parent = the latest version"


class StoreError(RuntimeError):
    """A store operation failed."""


class SessionNotFoundError(StoreError, KeyError):
    """No such session id; the message lists the known ones."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


# Ordered, named migrations: never edit an applied one, append a new one.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_sessions_messages",
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            content TEXT NOT NULL DEFAULT '',
            data TEXT NOT NULL DEFAULT '{}',
            created_at REAL NOT NULL
        );
        CREATE INDEX messages_by_session ON messages(session_id, id);
        """,
    ),
    (
        "0002_selection_versions",
        """
        CREATE TABLE selections (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            parent INTEGER,
            message TEXT NOT NULL DEFAULT '',
            selection TEXT NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (session_id, version)
        );
        """,
    ),
    (
        "0003_code_runs",
        """
        CREATE TABLE code (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            selection_version INTEGER,
            kind TEXT NOT NULL,
            code TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            selection_version INTEGER,
            code_id INTEGER REFERENCES code(id),
            files TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL,
            error TEXT NOT NULL DEFAULT '',
            result TEXT,
            duration_s REAL NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        );
        CREATE INDEX runs_by_session ON runs(session_id, id);
        """,
    ),
    (
        "0004_session_state",
        """
        ALTER TABLE sessions ADD COLUMN state TEXT NOT NULL DEFAULT '{}';
        """,
    ),
]


@dataclass
class SessionInfo:
    id: str
    title: str
    created_at: float
    updated_at: float
    state: dict[str, Any]
    messages: int = 0
    selection_version: int | None = None


@dataclass
class StoredMessage:
    id: int
    role: str
    content: str
    data: dict[str, Any]
    created_at: float


@dataclass
class SelectionVersion:
    version: int
    parent: int | None
    message: str
    created_at: float


@dataclass
class RunRecord:
    id: int
    kind: str
    selection_version: int | None
    code_id: int | None
    files: list[str]
    status: str
    error: str
    result: AnalysisResult | None
    duration_s: float
    created_at: float


@dataclass
class CodeRecord:
    id: int
    kind: str
    selection_version: int | None
    code: str
    created_at: float


class Store:
    """One SQLite file (or ":memory:"). Safe to share between threads of one process."""

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            from assistant import config

            path = config.default_store_path()
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
        self._lock = threading.RLock()
        self.migrate()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db
                self._db.commit()
            except BaseException:
                self._db.rollback()
                raise

    # -- migrations -----------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply missing migrations in order; returns the names applied now."""
        applied_now = []
        with self._lock:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)"
            )
            done = {row[0] for row in self._db.execute("SELECT name FROM schema_migrations")}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                record = f"INSERT INTO schema_migrations VALUES ('{name}', {time.time()!r});"
                try:  # the migration and its record commit together, or not at all
                    self._db.executescript("BEGIN;\n" + sql + "\n" + record + "\nCOMMIT;")
                except sqlite3.Error as err:
                    if self._db.in_transaction:
                        self._db.rollback()
                    raise StoreError(f"migration {name} failed on {self.path}: {err}") from err
                applied_now.append(name)
        return applied_now

    def applied_migrations(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT name FROM schema_migrations ORDER BY name")]

    # -- sessions -------------------------------------------------------------------------
    def new_session(self, title: str = "", state: dict[str, Any] | None = None) -> str:
        session_id = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
        now = time.time()
        with self._tx() as db:
            db.execute(
                "INSERT INTO sessions (id, title, created_at, updated_at, state) VALUES (?, ?, ?, ?, ?)",
                (session_id, title, now, now, json.dumps(state or {})),
            )
        return session_id

    def has_session(self, session_id: str) -> bool:
        with self._lock:
            return (
                self._db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is not None
            )

    def session(self, session_id: str) -> SessionInfo:
        with self._lock:
            row = self._db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            known = [s.id for s in self.sessions()[:10]]
            hint = f"; recent sessions: {', '.join(known)}" if known else "; there are no sessions yet"
            raise SessionNotFoundError(f"no session {session_id!r}{hint} (see `hep-repro sessions`)")
        return self._session_info(row)

    def _session_info(self, row: sqlite3.Row) -> SessionInfo:
        session_id = row["id"]
        count = self._db.execute(
            "SELECT COUNT(*) FROM messages WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
        version = self._db.execute(
            "SELECT MAX(version) FROM selections WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
        return SessionInfo(
            id=session_id,
            title=row["title"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            state=json.loads(row["state"] or "{}"),
            messages=count,
            selection_version=version,
        )

    def sessions(self) -> list[SessionInfo]:
        """All sessions, most recently used first."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM sessions ORDER BY updated_at DESC, id DESC").fetchall()
            return [self._session_info(r) for r in rows]

    def set_title(self, session_id: str, title: str) -> None:
        self.session(session_id)
        with self._tx() as db:
            db.execute(
                "UPDATE sessions SET title = ?, updated_at = ? WHERE id = ?", (title, time.time(), session_id)
            )

    def state(self, session_id: str) -> dict[str, Any]:
        return self.session(session_id).state

    def update_state(self, session_id: str, **changes: Any) -> dict[str, Any]:
        """Merge JSON-serialisable `changes` into the session's state (paper, data files, ...)."""
        state = self.state(session_id)
        state.update(changes)
        with self._tx() as db:
            db.execute(
                "UPDATE sessions SET state = ?, updated_at = ? WHERE id = ?",
                (json.dumps(state, default=str), time.time(), session_id),
            )
        return state

    def _touch(self, db: sqlite3.Connection, session_id: str) -> None:
        cursor = db.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (time.time(), session_id))
        if cursor.rowcount == 0:
            raise SessionNotFoundError(f"no session {session_id!r} (see `hep-repro sessions`)")

    # -- messages -------------------------------------------------------------------------
    def add_message(
        self, session_id: str, role: str, content: str, data: dict[str, Any] | None = None
    ) -> int:
        with self._tx() as db:
            self._touch(db, session_id)
            cursor = db.execute(
                "INSERT INTO messages (session_id, role, content, data, created_at) VALUES (?, ?, ?, ?, ?)",
                (session_id, role, content or "", json.dumps(data or {}, default=str), time.time()),
            )
            return int(cursor.lastrowid or 0)

    def messages(self, session_id: str, roles: tuple[str, ...] | None = None) -> list[StoredMessage]:
        self.session(session_id)
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM messages WHERE session_id = ? ORDER BY id", (session_id,)
            ).fetchall()
        out = [
            StoredMessage(r["id"], r["role"], r["content"], json.loads(r["data"]), r["created_at"])
            for r in rows
        ]
        return [m for m in out if roles is None or m.role in roles]

    # -- selections -----------------------------------------------------------------------
    def save_selection(
        self, session_id: str, selection: Selection, message: str = "", parent: Any = _LATEST
    ) -> Selection:
        """Append `selection` as the session's next version; returns it with that version
        number. `parent` defaults to the current latest version (None: no parent)."""
        with self._tx() as db:
            self._touch(db, session_id)
            latest = db.execute(
                "SELECT MAX(version) FROM selections WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            version = (latest or 0) + 1
            parent = latest if parent is _LATEST else parent
            text = message or selection.message
            stored = selection.model_copy(update={"version": version, "parent": parent, "message": text})
            db.execute(
                "INSERT INTO selections (session_id, version, parent, message, selection, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, version, parent, text, stored.to_json(indent=None), time.time()),
            )
        return stored

    def edit_selection(
        self, session_id: str, change: Callable[[Selection], Selection], message: str = ""
    ) -> tuple[Selection, Selection]:
        """Apply `change` to the latest version and append the result, atomically within this
        process (two concurrent edits both land, one on top of the other). Returns (before,
        after); raises StoreError when there is no selection, and whatever `change` raises."""
        with self._lock:
            before = self.selection(session_id)
            if before is None:
                raise StoreError("the session has no selection to edit yet")
            after = self.save_selection(session_id, change(before), message=message, parent=before.version)
        return before, after

    def selection(self, session_id: str, version: int | None = None) -> Selection | None:
        """The latest (or a given) selection version; None when the session has none yet."""
        self.session(session_id)
        with self._lock:
            if version is None:
                row = self._db.execute(
                    "SELECT selection FROM selections WHERE session_id = ? ORDER BY version DESC LIMIT 1",
                    (session_id,),
                ).fetchone()
            else:
                row = self._db.execute(
                    "SELECT selection FROM selections WHERE session_id = ? AND version = ?",
                    (session_id, version),
                ).fetchone()
        if row is None:
            if version is not None:
                raise StoreError(f"session {session_id} has no selection version {version}")
            return None
        return Selection.from_json(row[0])

    def selection_versions(self, session_id: str) -> list[SelectionVersion]:
        self.session(session_id)
        with self._lock:
            rows = self._db.execute(
                "SELECT version, parent, message, created_at FROM selections WHERE session_id = ? ORDER BY version",
                (session_id,),
            ).fetchall()
        return [SelectionVersion(r[0], r[1], r[2], r[3]) for r in rows]

    def undo(self, session_id: str) -> Selection:
        """Append a new version equal to the parent of the latest one (repeated undo walks
        further back along the parents)."""
        latest = self.selection(session_id)
        if latest is None or latest.parent is None:
            raise StoreError("nothing to undo: the selection has no earlier version")
        target = self.selection(session_id, latest.parent)
        assert target is not None
        return self.save_selection(
            session_id, target, message=f"undo: back to v{target.version}", parent=target.parent
        )

    # -- code and runs --------------------------------------------------------------------
    def save_code(
        self, session_id: str, code: str, *, kind: str = "compiled", selection_version: int | None = None
    ) -> int:
        with self._tx() as db:
            self._touch(db, session_id)
            cursor = db.execute(
                "INSERT INTO code (session_id, selection_version, kind, code, created_at) VALUES (?, ?, ?, ?, ?)",
                (session_id, selection_version, kind, code, time.time()),
            )
            return int(cursor.lastrowid or 0)

    def code(self, session_id: str, kind: str | None = None) -> list[CodeRecord]:
        self.session(session_id)
        query = "SELECT * FROM code WHERE session_id = ?" + (" AND kind = ?" if kind else "") + " ORDER BY id"
        params: tuple[Any, ...] = (session_id, kind) if kind else (session_id,)
        with self._lock:
            rows = self._db.execute(query, params).fetchall()
        return [
            CodeRecord(r["id"], r["kind"], r["selection_version"], r["code"], r["created_at"]) for r in rows
        ]

    def latest_code(self, session_id: str, kind: str | None = None) -> CodeRecord | None:
        records = self.code(session_id, kind)
        return records[-1] if records else None

    def save_run(
        self,
        session_id: str,
        *,
        kind: str,
        files: list[str],
        status: str,
        result: AnalysisResult | None = None,
        error: str = "",
        selection_version: int | None = None,
        code_id: int | None = None,
        duration_s: float = 0.0,
    ) -> int:
        with self._tx() as db:
            self._touch(db, session_id)
            cursor = db.execute(
                "INSERT INTO runs (session_id, kind, selection_version, code_id, files, status, error, result, "
                "duration_s, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id, kind, selection_version, code_id, json.dumps([str(f) for f in files]), status,
                    error, result.model_dump_json() if result is not None else None, duration_s, time.time(),
                ),
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

    def new_events_path(self, session_id: str, kind: str) -> Path:
        """A fresh path for the Parquet events file of a run: beside the database (or under the
        hep-repro home for an in-memory store), one folder per session."""
        return self.session_dir(session_id, "events") / f"{kind}-{uuid.uuid4().hex[:12]}.events.parquet"

    def session_dir(self, session_id: str, what: str) -> Path:
        """The session's folder for `what` ("events", "schemas"): beside the database (or under
        the hep-repro home for an in-memory store), created on demand."""
        from assistant import config

        if not session_id or any(ch in session_id for ch in "/\\") or session_id in (".", ".."):
            raise StoreError(f"session id {session_id!r} cannot name a folder")
        root = config.home() if self.path == ":memory:" else Path(self.path).parent
        folder = root / what / session_id
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def runs(self, session_id: str, kind: str | None = None) -> list[RunRecord]:
        self.session(session_id)
        query = "SELECT * FROM runs WHERE session_id = ?" + (" AND kind = ?" if kind else "") + " ORDER BY id"
        params: tuple[Any, ...] = (session_id, kind) if kind else (session_id,)
        with self._lock:
            rows = self._db.execute(query, params).fetchall()
        return [
            RunRecord(
                id=r["id"],
                kind=r["kind"],
                selection_version=r["selection_version"],
                code_id=r["code_id"],
                files=json.loads(r["files"]),
                status=r["status"],
                error=r["error"],
                result=AnalysisResult.model_validate_json(r["result"]) if r["result"] else None,
                duration_s=r["duration_s"],
                created_at=r["created_at"],
            )
            for r in rows
        ]

    def latest_run(self, session_id: str, kind: str = "compiled", ok_only: bool = True) -> RunRecord | None:
        for run in reversed(self.runs(session_id, kind)):
            if not ok_only or (run.status == "ok" and run.result is not None):
                return run
        return None

    # -- export ---------------------------------------------------------------------------
    def export(self, session_id: str, out_dir: str | Path) -> Path:
        """Write a reproducible bundle of the session into `out_dir`; returns the folder."""
        info = self.session(session_id)
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []

        def write(relative: str, text: str) -> None:
            path = out / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            written.append(path)

        selection = self.selection(session_id)
        if selection is not None:
            write("selection.json", selection.to_json())
            for version in self.selection_versions(session_id):
                sel = self.selection(session_id, version.version)
                assert sel is not None
                write(f"selection_versions/v{version.version:03d}.json", sel.to_json())
        compiled = self.latest_code(session_id, "compiled")
        if compiled is not None:
            write("analysis.py", compiled.code)
            from assistant.notebook import code_notebook

            write("analysis.ipynb", code_notebook(compiled.code, selection))
        for record in self.code(session_id, "free"):
            write(f"code/free_{record.id:04d}.py", record.code)
        data_files: dict[str, str] = {}
        for run in self.runs(session_id):
            if run.result is not None:
                name = f"results/run_{run.id:04d}_{run.kind}"
                result = run.result
                if result.events_file is not None and Path(result.events_file.path).is_file():
                    (out / "results").mkdir(parents=True, exist_ok=True)
                    copied = shutil.copyfile(result.events_file.path, out / f"{name}.events.parquet")
                    written.append(Path(copied))
                    events = result.events_file.model_copy(update={"path": Path(copied).name})
                    result = result.model_copy(update={"events_file": events})
                write(f"{name}.json", result.model_dump_json(indent=1))
            for file in run.files:
                if file not in data_files:
                    data_files[file] = _sha256_file(Path(file))
        schema_files = self._bundle_schema_files(info.state, out, written)
        bundle_schema = _bundle_schema(info.state, schema_files)
        transcript = [
            {"role": m.role, "content": m.content, "data": m.data, "created_at": m.created_at}
            for m in self.messages(session_id)
        ]
        write("conversation.jsonl", "".join(json.dumps(t, default=str) + "\n" for t in transcript))
        manifest = {
            "bundle": "hep-repro-export/1",
            "session": {"id": info.id, "title": info.title, "state": info.state},
            "selection_version": selection.version if selection else None,
            "runs": [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "status": r.status,
                    "selection_version": r.selection_version,
                    "files": r.files,
                    "error": r.error,
                }
                for r in self.runs(session_id)
            ],  # fmt: skip
            "environment": environment_versions(),
            "data_files": data_files,
            "schema": bundle_schema,
            "schema_files": schema_files,
        }
        write("manifest.json", json.dumps(manifest, indent=1, default=str))
        write(
            "README.md",
            _bundle_readme(
                info, selection is not None, compiled is not None, bundle_schema, list(schema_files)
            ),
        )
        sums = "".join(f"{_sha256_file(p)}  {p.relative_to(out).as_posix()}\n" for p in sorted(written))
        (out / "SHA256SUMS").write_text(sums)
        return out

    @staticmethod
    def _bundle_schema_files(
        state: dict[str, Any], out: Path, written: list[Path]
    ) -> dict[str, dict[str, str]]:
        """Copy the session's user schema files (its schema, and those auto-detection tries) into
        `schemas/` of the bundle: bundle path -> {"source", "sha256"} ("missing" when gone)."""
        setting = state.get("schema") if isinstance(state.get("schema"), dict) else None
        sources = [str(f) for f in state.get("schema_files") or []]
        if setting and setting.get("origin") != "built-in" and setting.get("ref") not in sources:
            sources.append(str(setting["ref"]))
        bundled: dict[str, dict[str, str]] = {}
        for source in sources:
            path = Path(source)
            relative, n = f"schemas/{path.name}", 2
            while relative in bundled:
                relative, n = f"schemas/{path.stem}-{n}{path.suffix}", n + 1
            if path.is_file():
                (out / "schemas").mkdir(parents=True, exist_ok=True)
                written.append(Path(shutil.copyfile(path, out / relative)))
                bundled[relative] = {"source": source, "sha256": _sha256_file(path)}
            else:
                bundled[relative] = {"source": source, "sha256": "missing"}
        return bundled


def _bundle_schema(state: dict[str, Any], files: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The session's schema in the manifest: "auto", a built-in name, or its file in the bundle."""
    setting = state.get("schema") if isinstance(state.get("schema"), dict) else None
    if not setting:
        return {"setting": "auto"}
    entry = {k: setting.get(k) for k in ("name", "tree", "origin")}
    entry["setting"] = setting.get("ref")
    if setting.get("origin") != "built-in":
        copied = [
            rel for rel, f in files.items() if f["source"] == setting.get("ref") and f["sha256"] != "missing"
        ]
        entry["file"] = copied[0] if copied else None
    return entry


ENVIRONMENT_PACKAGES = (
    "hep-repro", "uproot", "awkward", "vector", "numpy", "hist", "pydantic", "openai", "llama-index-core",
    "qdrant-client", "sentence-transformers", "pymupdf", "jupyter_client", "ipykernel", "llama-cpp-python",
)  # fmt: skip


def environment_versions() -> dict[str, Any]:
    """Python, platform and the versions of the packages that shape a result."""
    packages: dict[str, str | None] = {}
    for name in ENVIRONMENT_PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {"python": sys.version.split()[0], "platform": platform.platform(), "packages": packages}


def _sha256_file(path: Path) -> str:
    if not path.is_file():
        return "missing"
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _bundle_readme(
    info: SessionInfo, has_selection: bool, has_code: bool, schema: dict[str, Any], schema_files: list[str]
) -> str:
    option = ""
    if schema.get("file"):
        option = f" --schema {schema['file']}"
    elif schema.get("setting") not in (None, "auto"):
        option = f" --schema {schema['setting']}"
    elif schema_files:
        option = " [--schema schemas/FILE.json for a file in one of their layouts]"
    lines = [
        f"# hep-repro session {info.id}",
        "",
        "Files:",
        "- `selection.json`: the final structured selection; `selection_versions/`: every version." if has_selection else "- (no selection was extracted)",
        "- `analysis.py` / `analysis.ipynb`: the compiled analysis (standalone uproot/awkward/vector)." if has_code else "- (no code was compiled)",
        "- `results/`: every run's result (cutflow, histograms) as JSON, its per-event records"
        " (steps passed, selected events) in the `.events.parquet` file beside it.",
        "- `conversation.jsonl`: the conversation; `manifest.json`: runs, input data checksums, package versions, the session's data schema.",
        *(["- `schemas/`: the session's data schema files (layouts of its data files)."] if schema_files else []),
        "- `SHA256SUMS`: checksums of the files above (`sha256sum -c SHA256SUMS`).",
        "",
        f"Re-run: `python analysis.py DATA.root -o result.json` (standalone) or `hep-repro run selection.json --data DATA.root{option}`; `manifest.json` lists the input files with their SHA-256.",
    ]  # fmt: skip
    return "\n".join(lines) + "\n"
