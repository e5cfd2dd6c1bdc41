"""Shared fixtures: the real Open Data files (resolved through configuration, never committed)
and per-test isolation of hep-repro's user folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import config

ATLAS_2025E = "atlas-opendata-2025e/ODEO_FEB2025_v0_exactly4lep_data15_periodD.exactly4lep.root"
ATLAS_2020 = tuple(f"atlas-opendata-2020/data_{p}.4lep.root" for p in "ABCD")
CMS_TUTORIAL = "cms-hep-tutorial/uproot-HZZ.root"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own hep-repro home and cache, and no network."""
    root = tmp_path_factory.mktemp("hep-repro-home")
    monkeypatch.setenv("HEP_REPRO_HOME", str(root / "home"))
    monkeypatch.setenv("HEP_REPRO_CACHE", str(root / "cache"))
    monkeypatch.setenv("HEP_REPRO_NETWORK", "0")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


def _find(relative: str) -> Path:
    for folder in config.data_dirs():
        candidate = folder / relative
        if candidate.is_file():
            return candidate
    pytest.skip(f"real data file {relative} not found in {config.data_dirs()} (set HEP_REPRO_DATA)")


@pytest.fixture(autouse=True)
def _fresh_capability_cache() -> None:
    """Capabilities are probed once per server; scripted servers differ from test to test."""
    from assistant import llm

    llm._CAPABILITY_CACHE.clear()


@pytest.fixture
def server() -> Iterator[Any]:
    """A scripted OpenAI-compatible server on 127.0.0.1 (tests/scripted_server.py)."""
    from tests.scripted_server import ScriptedServer

    with ScriptedServer() as running:
        yield running


@pytest.fixture(scope="session")
def atlas_2025e() -> Path:
    return _find(ATLAS_2025E)


@pytest.fixture(scope="session")
def atlas_2020() -> list[Path]:
    return [_find(p) for p in ATLAS_2020]


@pytest.fixture(scope="session")
def cms_tutorial() -> Path:
    return _find(CMS_TUTORIAL)


def pytest_configure(config: pytest.Config) -> None:  # noqa: ARG001
    os.environ.setdefault("MPLBACKEND", "Agg")
