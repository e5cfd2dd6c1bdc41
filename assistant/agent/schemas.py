"""The session's Open Data schema: which file layout the chat's tools compile and run for.

Kept in the session's state (so it survives a restart and goes into the export bundle):

    state["schema"]        {"ref", "name", "tree", "origin", ...} — a built-in name or the absolute
                           path of a user's schema file; absent (or None) means "auto"
    state["schema_files"]  every user schema file this session was given or drafted: "auto"
                           detection tries them (the most recently set first) before the
                           built-in schemas

`resolve(session, files)` is what the tools ask: the session's schema (checked against the
file), else the detected one — never a silent default: a file no schema matches raises
`NoSchemaError` saying how to describe it (`/schema draft`, review, `/schema FILE.json`).
A user's schema file is read again at every use, so edits after `/schema draft` take effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.agent.tools import NoDataError, Session, ToolError, resolve_files

if TYPE_CHECKING:
    from corpus.schema import Schema, SchemaMatch

AUTO = "auto"
DEFAULT_WITHOUT_DATA = "atlas-2025e"


class SchemaSettingError(ToolError):
    """A schema name or file was refused (the original error's class names it: SchemaFileError,
    SchemaError, NotRootFileError); the session's schema is unchanged."""

    def __init__(self, message: str, kind: str = "SchemaError") -> None:
        super().__init__(message)
        self.kind = kind

    def render(self) -> str:
        return f"{self.kind}: {self}"


class NoSchemaError(ToolError):
    """No schema (built-in or the session's) matches a data file."""


class SchemaMismatchError(ToolError):
    """The session's schema does not describe the data file."""


@dataclass
class Resolved:
    schema: Schema
    how: str  # "session schema (file …)", "detected", …


def no_schema_message(path: Path | str) -> str:
    name = Path(path).name
    return (
        f"no known schema matches {name}: draft one with /schema draft, review it, then /schema FILE.json"
        f" (or: hep-repro schema draft {name} -o my-schema.json)"
    )


def setting(session: Session) -> dict[str, Any] | None:
    """The session's schema setting, or None for auto."""
    value = session.state.get("schema")
    return dict(value) if isinstance(value, dict) and value.get("ref") else None


def user_files(session: Session) -> list[str]:
    return [str(f) for f in session.state.get("schema_files") or []]


def load_ref(ref: str) -> Schema:
    """A built-in name or a schema file, errors as `SchemaSettingError` with the typed message."""
    from corpus import schema as schemas

    try:
        return schemas.load(ref)
    except schemas.SchemaError as err:
        raise SchemaSettingError(str(err), type(err).__name__) from err


def _candidates(session: Session) -> tuple[list[Schema], list[str]]:
    """The session's user schemas for detection, and notes on those that no longer load."""
    loaded, notes = [], []
    for ref in reversed(user_files(session)):  # the most recently set first
        try:
            loaded.append(load_ref(ref))
        except SchemaSettingError as err:
            notes.append(f"skipped {ref}: {err.kind}: {str(err).splitlines()[0]}")
    return loaded, notes


def detect(session: Session, path: Path) -> SchemaMatch:
    """corpus.schema.detect with the session's schema and user schemas tried first."""
    return _detect(session, path)[0]


def _detect(session: Session, path: Path) -> tuple[SchemaMatch, list[Schema]]:
    from corpus import schema as schemas

    current = setting(session)
    preferred = [load_ref(current["ref"])] if current else []
    others, _ = _candidates(session)
    mine = preferred + [s for s in others if s.name not in {p.name for p in preferred}]
    try:
        return schemas.detect(path, schemas=mine), mine
    except schemas.SchemaError as err:
        raise SchemaSettingError(str(err), type(err).__name__) from err


def mismatch_reason(schema: Schema, match: SchemaMatch) -> str:
    tree = next((t for t in match.trees if t.name == schema.tree), None)
    if tree is None:
        return f"it has no tree {schema.tree!r} (trees: {', '.join(t.name for t in match.trees) or 'none'})"
    present = {b.name for b in tree.branches}
    missing = [b for b in schema.signature if b not in present]
    return f"tree {schema.tree!r} lacks {', '.join(missing)}"


def resolve(session: Session, files: list[Path]) -> Resolved:
    """The schema the tools use for `files` (the first one decides)."""
    current = setting(session)
    if not files:
        if current:
            return Resolved(load_ref(current["ref"]), "the session schema")
        raise NoDataError("no data files: pass files (e.g. a .root path) or set them with /data FILE")
    path = files[0]
    if current and path.is_file() and path.stat().st_size == 0:  # an empty file: zero events (runner)
        return Resolved(load_ref(current["ref"]), "the session schema")
    match, mine = _detect(session, path)
    if current:
        schema = mine[0]  # the session's schema, loaded (and tried first) by _detect
        if match.matched_schema is None or match.name != schema.name:
            raise SchemaMismatchError(
                f"the session schema {schema.name} does not describe {path.name}: {mismatch_reason(schema, match)}"
                + (f"; it looks like {match.name}" if match.name else "")
                + ". Use /schema auto to detect the layout, /schema NAME|FILE.json for another one, or "
                "/schema draft to describe this file"
            )
        return Resolved(schema, "the session schema")
    if match.matched_schema is None:
        raise NoSchemaError(no_schema_message(path))
    how = (
        "detected among the session's schema files"
        if any(match.matched_schema is s for s in mine)
        else "detected"
    )
    return Resolved(match.matched_schema, how)


def _origin(value: dict[str, Any]) -> str:
    if value.get("origin") == "built-in":
        return "built-in"
    if value.get("drafted_from"):
        return f"drafted from {Path(value['drafted_from']).name} into {value['ref']}"
    return f"file {value['ref']}"


def _record(schema: Schema, ref: str, origin: str, **extra: Any) -> dict[str, Any]:
    return {"ref": ref, "name": schema.name, "tree": schema.tree, "origin": origin, **extra}


def set_schema(session: Session, ref: str, **extra: Any) -> tuple[Schema, list[str]]:
    """Validate `ref` (built-in name or schema file) and make it the session's schema. Returns the
    schema and notes (e.g. it does not fit the session's data file). Nothing changes on error."""
    from corpus import schema as schemas

    is_file = schemas.is_schema_file(ref)
    target = str(Path(ref).expanduser().resolve()) if is_file else ref
    schema = load_ref(target)
    changes: dict[str, Any] = {"schema": _record(schema, target, "file" if is_file else "built-in", **extra)}
    if is_file:
        changes["schema_files"] = [*[f for f in user_files(session) if f != target], target]
    notes = []
    data = session.state.get("data_files") or []
    if data:
        try:
            [path] = resolve_files(session, data[:1])
            match = schemas.detect(path, schemas=[schema])
            if match.name != schema.name:
                notes.append(
                    f"warning: it does not describe the session's data file {path.name}: {mismatch_reason(schema, match)}"
                )
            else:
                notes += [f"warning: {w}" for w in match.warnings]
        except (ToolError, schemas.SchemaError) as err:
            notes.append(f"(not checked against the data file: {err})")
    session.store.update_state(session.id, **changes)
    return schema, notes


def clear(session: Session) -> None:
    session.store.update_state(session.id, schema=None)


def describe(session: Session) -> str:
    """What /schema shows: the setting, and what it means for the session's first data file."""
    current = setting(session)
    lines = [summary(session)]
    if current:
        try:
            load_ref(current["ref"])
        except SchemaSettingError as err:
            lines.append(f"  but it no longer loads: {err.render()}")
    files = user_files(session)
    if files and not current:
        lines.append("  schema files tried first: " + ", ".join(files))
    data = session.state.get("data_files") or []
    if data:
        try:
            [path] = resolve_files(session, data[:1])
            resolved = resolve(session, [path])
            lines.append(
                f"{path.name}: {resolved.schema.name} (tree {resolved.schema.tree!r}; {resolved.how})"
            )
        except ToolError as err:
            lines.append(f"{Path(data[0]).name}: {err.render()}")
    from corpus import schema as schemas

    lines.append(
        "change it: /schema NAME|FILE.json|auto (built-in: "
        + ", ".join(schemas.known())
        + "); /schema draft [DATA_FILE]"
    )
    return "\n".join(lines)


@dataclass
class Drafted:
    schema: Schema
    path: Path  # the schema file written into the session's folder
    source: Path  # the data file it describes
    review: list[str]
    notes: list[str]


def summary(session: Session) -> str:
    """One line: the session's schema, its tree and where it came from."""
    current = setting(session)
    if not current:
        return "session schema: auto (detected from each data file)"
    return f"session schema: {current['name']} (tree {current['tree']!r}; {_origin(current)})"


def draft_into_session(session: Session, data_file: str | None) -> Drafted:
    """Draft a schema from `data_file` (default: the session's first data file) into the session's
    folder (never over an earlier draft) and make it the session's schema."""
    from corpus import schema as schemas
    from corpus.schemadraft import draft, draft_name

    files = session.state.get("data_files") or []
    if data_file is None and not files:
        raise NoDataError("no data file to draft from: /schema draft FILE.root, or set one with /data FILE")
    [path] = resolve_files(session, [data_file] if data_file else files[:1])
    folder = session.store.session_dir(session.id, "schemas")
    name = stem = draft_name(path)
    n = 2
    while (folder / f"{name}.json").exists():  # never overwrite a draft the user may have reviewed
        name, n = f"{stem[:60]}-{n}", n + 1
    try:
        drafted = draft(path, name=name)
    except schemas.SchemaError as err:
        raise SchemaSettingError(str(err), type(err).__name__) from err
    target = folder / f"{name}.json"
    target.write_text(drafted.to_json(), encoding="utf-8")
    schema, notes = set_schema(session, str(target), drafted_from=str(path))
    return Drafted(schema, target, path, list(drafted.review), notes)
