"""The result of running an analysis (compiled or baseline) over files, as size-capped JSON.

Compiled code, the hand-written baseline and `hep-repro compare` all speak this format. Steps
are named by cut ids (`Cut.id`), in cutflow order; `progress` records, for every event that
passed at least the first step, how many consecutive steps it passed — enough to find the first
step at which two analyses diverge and which events differ there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

RESULT_VERSION: Literal["hep-repro-result/1"] = "hep-repro-result/1"
SELECTED_COLUMNS = ("runNumber", "eventNumber", "channel", "m4l", "m12", "m34", "weight")


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
    one_cut: int | None = Field(default=None, description="events passing this step alone (object cuts applied)")
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


class NotApplicable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cut: str
    reason: str


class AnalysisResult(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: Literal["hep-repro-result/1"] = RESULT_VERSION
    producer: str = Field(description="'baseline' or 'compiled: <selection title> v<version>'")
    files: list[FileInfo] = Field(default_factory=list)
    steps: list[str] = Field(default_factory=list)
    cutflow: list[CutflowRow] = Field(default_factory=list)
    selected: dict[str, list[Any]] = Field(default_factory=dict, description="columns of SELECTED_COLUMNS")
    progress: EventProgress = Field(default_factory=EventProgress)
    histograms: list[Histogram] = Field(default_factory=list)
    not_applicable: list[NotApplicable] = Field(default_factory=list)
    images: dict[str, str] = Field(default_factory=dict, description="name -> PNG path")
    duration_s: float = 0.0
    events_processed: int = 0

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.model_dump_json(indent=1))
        return path

    @classmethod
    def load(cls, path: str | Path) -> AnalysisResult:
        return cls.model_validate(json.loads(Path(path).read_text()))

    def selected_ids(self) -> set[tuple[int, int]]:
        return set(zip(self.selected.get("runNumber", []), self.selected.get("eventNumber", []), strict=True))
