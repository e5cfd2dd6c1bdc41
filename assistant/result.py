"""The result of running an analysis (compiled or baseline) over files, as size-capped JSON.

Compiled code, the hand-written baseline and `hep-repro compare` all speak this format. Steps
are named by cut ids (`Cut.id`), in cutflow order; `progress` records, for every event that
passed at least the first step, how many consecutive steps it passed — enough to find the first
step at which two analyses diverge and which events differ there.

The per-event records (progress and the selected events) grow with the sample. They are either
inline (`selected`, `progress`) or streamed chunk by chunk to a Parquet file beside the JSON
(`events_file`), which keeps the memory of a run flat in the number of events. Read them through
`selected_columns()` and `progress_columns()`, which work for both forms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

RESULT_VERSION: Literal["hep-repro-result/1"] = "hep-repro-result/1"
SELECTED_COLUMNS = ("runNumber", "eventNumber", "channel", "m4l", "m12", "m34", "weight")
VALUE_COLUMNS = ("channel", "m4l", "m12", "m34")


def events_path_for(result_path: str | Path) -> Path:
    """Where the events file of a result JSON goes: beside it, `result.json` -> `result.events.parquet`."""
    path = Path(result_path)
    return path.with_name(path.stem + ".events.parquet")


def _as_column(name: str, values: list[Any], n: int | None = None) -> np.ndarray:
    """An inline column as numpy: ids and steps passed as int64, channel as str objects, the rest as
    float (None -> NaN). With `n`, an optional column not recorded (other length) comes out blank."""
    if n is not None and len(values) != n:
        values = [None] * n if name != "channel" else [""] * n
    if name in ("runNumber", "eventNumber", "passed"):
        return np.asarray(values, dtype=np.int64)
    if name == "channel":
        return np.asarray(values, dtype=object)
    return np.asarray(values, dtype=np.float64)


class FileInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str
    schema_name: str = ""
    entries: int = 0
    sha256: str | None = None
    is_mc: bool = False
    dsid: int | None = None


class CutflowRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: str = Field(description="cut id, or 'initial'")
    label: str = ""
    events: int = Field(ge=0, description="events passing this and all earlier steps")
    weighted: float = 0.0
    one_cut: int | None = Field(
        default=None, description="events passing this step alone (object cuts applied)"
    )
    n_minus_1: int | None = Field(default=None, description="events passing every step but this one")


class Histogram(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    label: str = ""
    edges: list[float]
    counts: list[float]
    variances: list[float] | None = None


class EventProgress(BaseModel):
    model_config = ConfigDict(extra="forbid")
    runNumber: list[int] = Field(default_factory=list)
    eventNumber: list[int] = Field(default_factory=list)
    passed: list[int] = Field(default_factory=list, description="consecutive steps passed (1..n_steps)")
    weight: list[float] = Field(default_factory=list, description="optional: the event weight")
    channel: list[str] = Field(default_factory=list, description="optional, as m4l")
    m4l: list[float | None] = Field(
        default_factory=list,
        description="optional: values of the candidate preferred among those alive at the last step the "
        "event passed (null for events that did not reach the candidate steps)",
    )
    m12: list[float | None] = Field(default_factory=list, description="optional, as m4l")
    m34: list[float | None] = Field(default_factory=list, description="optional, as m4l")


class EventsFile(BaseModel):
    """A Parquet file of per-event records: runNumber, eventNumber, passed (consecutive steps) and
    the SELECTED_COLUMNS values: for selected events those of the chosen candidate; for the others
    those of the candidate alive at the last step passed, where the producer records them (else
    channel "" and NaN masses)."""

    model_config = ConfigDict(extra="forbid")
    path: str = Field(description="relative paths are relative to the result JSON's folder")
    rows: int = 0
    progress: bool = Field(
        description="True: every event that passed the first step; False: selected events only"
    )


class NotApplicable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cut: str
    reason: str


EVENTS_FILE_COLUMNS = {
    "runNumber": "int64", "eventNumber": "int64", "passed": "int64", "channel": "string",
    "m4l": "float64", "m12": "float64", "m34": "float64", "weight": "float64",
}  # fmt: skip


class EventsWriter:
    """Streams per-event records to a Parquet events file, one row group per chunk.

    With `progress`, every event of a chunk is a row and the selected-event columns are filled on
    the rows of the events that pass all `n_steps` steps; without, only selected events are rows.
    """

    def __init__(self, path: str | Path, n_steps: int, progress: bool = True) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.path, self.n_steps, self.progress, self.rows = Path(path), n_steps, progress, 0
        self.schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in EVENTS_FILE_COLUMNS.items()])
        # written under a temporary name: an earlier file at `path` is replaced only by close()
        self._partial = self.path.with_name(self.path.name + ".partial")
        self._writer = pq.ParquetWriter(self._partial, self.schema, use_dictionary=["channel"])

    def add(self, run: Any, event: Any, passed: Any, selected: dict[str, Any]) -> None:
        """One chunk: run/event numbers and steps passed of its events, columns of the selected ones."""
        import pyarrow as pa

        passed = np.asarray(passed, dtype=np.int64)
        if self.progress:
            rows = np.flatnonzero(passed == self.n_steps)
            columns: dict[str, Any] = {"runNumber": run, "eventNumber": event, "passed": passed}
            channel = np.full(len(passed), "", dtype=object)
            channel[rows] = np.asarray(selected["channel"], dtype=object)
            columns["channel"] = channel
            for name in ("m4l", "m12", "m34", "weight"):
                values = np.full(len(passed), np.nan)
                values[rows] = np.asarray(selected[name], dtype=np.float64)
                columns[name] = values
        else:
            columns = {name: selected[name] for name in SELECTED_COLUMNS}
            columns["passed"] = np.full(len(selected["runNumber"]), self.n_steps)
        table = pa.table(
            {name: np.asarray(columns[name]) for name in EVENTS_FILE_COLUMNS}, schema=self.schema
        )
        self._writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> EventsFile:
        self._writer.close()
        self._partial.replace(self.path)
        return EventsFile(path=str(self.path), rows=self.rows, progress=self.progress)

    def abort(self) -> None:
        """After a failed run: drop the partial file (an earlier file at `path` stays)."""
        self._writer.close()
        self._partial.unlink(missing_ok=True)


class AnalysisResult(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: Literal["hep-repro-result/1"] = RESULT_VERSION
    producer: str = Field(description="'baseline' or 'compiled: <selection title> v<version>'")
    files: list[FileInfo] = Field(default_factory=list)
    steps: list[str] = Field(default_factory=list)
    cutflow: list[CutflowRow] = Field(default_factory=list)
    selected: dict[str, list[Any]] = Field(default_factory=dict, description="columns of SELECTED_COLUMNS")
    progress: EventProgress = Field(default_factory=EventProgress)
    events_file: EventsFile | None = Field(default=None, description="per-event records streamed to Parquet")
    histograms: list[Histogram] = Field(default_factory=list)
    not_applicable: list[NotApplicable] = Field(default_factory=list)
    images: dict[str, str] = Field(default_factory=dict, description="name -> PNG path")
    duration_s: float = 0.0
    events_processed: int = 0

    def save(self, path: str | Path) -> Path:
        """Write the JSON; an events file in the same folder is referred to by its name only."""
        path = Path(path)
        saved = self
        if (
            self.events_file is not None
            and Path(self.events_file.path).parent.resolve() == path.parent.resolve()
        ):
            events_file = self.events_file.model_copy(update={"path": Path(self.events_file.path).name})
            saved = self.model_copy(update={"events_file": events_file})
        path.write_text(saved.model_dump_json(indent=1))
        return path

    @classmethod
    def load(cls, path: str | Path) -> AnalysisResult:
        path = Path(path)
        result = cls.model_validate(json.loads(path.read_text()))
        if result.events_file is not None and not Path(result.events_file.path).is_absolute():
            result.events_file.path = str(path.parent / result.events_file.path)
        return result

    def _events_table(self, columns: list[str], filters: Any = None) -> dict[str, np.ndarray]:
        import pyarrow.parquet as pq

        assert self.events_file is not None
        path = Path(self.events_file.path)
        if not path.is_file():
            raise FileNotFoundError(
                f"{path}: the events file of this result is missing; keep it beside the result JSON or re-run"
            )
        table = pq.read_table(path, columns=columns, filters=filters)
        return {name: table.column(name).to_numpy() for name in columns}

    def selected_columns(self) -> dict[str, np.ndarray]:
        """The selected events as numpy columns (SELECTED_COLUMNS; NaN for a missing mass)."""
        if self.events_file is None:
            return {name: _as_column(name, self.selected.get(name, [])) for name in SELECTED_COLUMNS}
        return self._events_table(list(SELECTED_COLUMNS), filters=[("passed", "==", len(self.steps))])

    def progress_columns(self) -> dict[str, np.ndarray] | None:
        """runNumber, eventNumber and passed (consecutive steps) per event, and the candidate values
        at the last step passed (channel, m4l, m12, m34; NaN where not recorded); None when no
        progress was recorded."""
        if self.events_file is not None:
            if not self.events_file.progress:
                return None
            return self._events_table(["runNumber", "eventNumber", "passed", *VALUE_COLUMNS])
        progress = self.progress
        if not progress.passed:
            return None
        n = len(progress.passed)
        names = ("runNumber", "eventNumber", "passed", *VALUE_COLUMNS)
        return {name: _as_column(name, getattr(progress, name), n) for name in names}

    @property
    def n_selected(self) -> int:
        return int(self.cutflow[-1].events) if self.cutflow else 0

    def selected_ids(self) -> set[tuple[int, int]]:
        columns = self.selected_columns()
        return set(zip(columns["runNumber"].tolist(), columns["eventNumber"].tolist(), strict=True))
