"""Test helpers: copies of ROOT files in other branch layouts (renamed branches, other trees,
NanoAOD-style collections), written with uproot, and schema JSON derived by the same renaming."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import awkward as ak
import numpy as np
import uproot

from corpus import schema as schemas


def read_columns(path: Path, tree: str) -> dict[str, ak.Array]:
    """Every branch uproot can write back (strings are left out), by name."""
    arrays = uproot.open(path)[tree].arrays()
    return {name: arrays[name] for name in arrays.fields if "string" not in str(ak.type(arrays[name]))}


def write_columns(path: Path, tree: str, columns: dict[str, ak.Array]) -> Path:
    """One branch per column (a jagged one gets its own counter `n<name>`); a jagged record
    `name` becomes branches `name_<field>` sharing the counter `n<name>` (NanoAOD-style)."""
    with uproot.recreate(path) as out:
        out.mktree(tree, {name: ak.type(values).content for name, values in columns.items()})
        out[tree].extend({name: ak.to_packed(values) for name, values in columns.items()})
    return path


def renamed_copy(source: Path, tree: str, target: Path, new_tree: str, rename: Callable[[str], str]) -> Path:
    return write_columns(target, new_tree, {rename(k): v for k, v in read_columns(source, tree).items()})


def renamed_schema(name: str, new_name: str, new_tree: str, rename: Callable[[str], str], path: Path) -> Path:
    """The built-in schema `name` with every branch name and collection prefix renamed, as a JSON file."""
    data = json.loads((schemas.SCHEMA_DIR / f"{name}.json").read_text())
    branches = {b["name"] for b in data["branches"]}
    prefixes = {c["prefix"] for c in data["collections"].values()}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {(rename(k) if k in prefixes else k): walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str) and (node in branches or node in prefixes):
            return rename(node)
        return node

    renamed = walk(data)
    renamed.update(name=new_name, tree=new_tree, title=f"{data['title']}, renamed")
    renamed["branches"] = [b for b in renamed["branches"] if b["type"] != "string"]
    path.write_text(json.dumps(renamed, indent=1))
    return path


def mass_from(pt: ak.Array, eta: ak.Array, energy: ak.Array) -> ak.Array:
    """sqrt(E² − (pT cosh η)²) in float64, 0 where rounding makes it negative, stored as float32."""
    p = ak.values_astype(pt, np.float64) * np.cosh(ak.values_astype(eta, np.float64))
    squared = ak.values_astype(energy, np.float64) ** 2 - p**2
    return ak.values_astype(np.sqrt(ak.where(squared > 0, squared, 0.0)), np.float32)


def nanoaod_copy(source: Path, tree: str, target: Path) -> Path:
    """A 2025e-layout file rewritten NanoAOD-style: tree `Events`, electrons and muons in separate
    collections `Electron_*`/`Muon_*` (split by |lep_type|, electrons first as in the source),
    `Jet_*`, momenta as (pt, eta, phi, mass) without energy, counters `nElectron`..., `run`/`event`;
    leptons also get `pfRelIso03_all` = (ptvarcone30 + topoetcone20)/pT and `sip3d` = −d0sig."""
    columns = read_columns(source, tree)
    ids = {"runNumber": "run", "eventNumber": "event"}
    out = {ids.get(k, k): v for k, v in columns.items() if not k.startswith(("lep_", "jet_", "photon_"))}
    for name, prefix, keep in (
        ("Electron", "lep_", abs(columns["lep_type"]) == 11),
        ("Muon", "lep_", abs(columns["lep_type"]) == 13),
        ("Jet", "jet_", None),
    ):
        counts = ak.num(columns[prefix + "pt"])
        jagged = {
            k[len(prefix) :]: v
            for k, v in columns.items()
            if k.startswith(prefix) and v.ndim == 2 and ak.all(ak.num(v) == counts)  # not jet_pt_jer1 & co
        }
        fields = {k: v if keep is None else v[keep] for k, v in jagged.items() if k not in ("e", "type")}
        energy = columns[prefix + "e"] if keep is None else columns[prefix + "e"][keep]
        fields["mass"] = mass_from(fields["pt"], fields["eta"], energy)
        if keep is not None:  # leptons: CMS-style combined relative isolation and |SIP3D| stand-ins
            fields["pfRelIso03_all"] = (fields["ptvarcone30"] + fields["topoetcone20"]) / fields["pt"]
            fields["sip3d"] = -fields["d0sig"]  # signed as stored; the schema takes |sip3d|
        out[name] = ak.zip(fields)
    return write_columns(target, "Events", out)
