"""Where hep-repro keeps and finds things, and whether it may use the network.

Environment variables (all optional):
  HEP_REPRO_HOME      user data folder (index, sessions, cache); default ~/.local/share/hep-repro
  HEP_REPRO_CACHE     download cache and remembered data-file digests; default ~/.cache/hep-repro
  HEP_REPRO_DATA      extra folders (os.pathsep-separated) searched for Open Data files
  HEP_REPRO_NETWORK   "1" allows downloads (arXiv, Open Data); default off: the tool never
                      touches the network unless asked
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def home() -> Path:
    path = Path(os.environ.get("HEP_REPRO_HOME") or Path.home() / ".local" / "share" / "hep-repro")
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    path = Path(os.environ.get("HEP_REPRO_CACHE") or Path.home() / ".cache" / "hep-repro")
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_index_dir() -> Path:
    return home() / "index"


def default_store_path() -> Path:
    return home() / "sessions.sqlite"


def data_dirs() -> list[Path]:
    """Local folders searched for data files, in order: $HEP_REPRO_DATA, then ../shared/data
    beside the project when it exists (the developers' and CI's copy of the real files)."""
    dirs = [Path(p) for p in os.environ.get("HEP_REPRO_DATA", "").split(os.pathsep) if p]
    shared = PROJECT_ROOT.parent / "shared" / "data"
    if shared.is_dir():
        dirs.append(shared)
    return dirs


def network_allowed() -> bool:
    return os.environ.get("HEP_REPRO_NETWORK", "0").lower() in ("1", "true", "yes")
