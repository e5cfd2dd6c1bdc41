"""`hep-repro data list|fetch|info|synth`: the Open Data registry, local files and synthetic samples."""

from __future__ import annotations

import argparse
import json
from typing import Any


class DataCommandError(ValueError):
    """Bad arguments to a data command; the message says what to pass."""


def register(subparsers: argparse._SubParsersAction) -> None:
    data = subparsers.add_parser("data", help="Open Data samples: list, fetch, inspect, synthesise")
    sub = data.add_subparsers(dest="data_command", metavar="ACTION")

    p = sub.add_parser("list", help="known samples and where they are available locally")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=list_command)

    p = sub.add_parser(
        "fetch", help="make a sample available locally (downloads only with HEP_REPRO_NETWORK=1)"
    )
    p.add_argument("names", nargs="+", help="sample names, DSIDs or file names (see `data list`)")
    p.add_argument("--force", action="store_true", help="download again into the cache")
    p.set_defaults(func=fetch_command)

    p = sub.add_parser(
        "info", help="trees, branches with types, entries and the detected schema of a ROOT file"
    )
    p.add_argument("file", help="a path or a sample name")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--branches", action="store_true", help="list every branch (default: the first 40)")
    p.add_argument(
        "--schema",
        action="append",
        default=[],
        metavar="FILE.json",
        help="a user schema to match as well as the built-in ones (repeatable)",
    )
    p.set_defaults(func=info_command)

    p = sub.add_parser("synth", help="write a synthetic H->ZZ*->4l sample (with boundary events)")
    p.add_argument("--schema", default="atlas-2025e", choices=["atlas-2025e", "atlas-2020"])
    p.add_argument("--events", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "-o", "--output", required=True, help="output ROOT file (a .json sidecar is written beside it)"
    )
    p.set_defaults(func=synth_command)

    data.set_defaults(func=lambda args: (data.print_help(), 1)[1])


def list_command(args: argparse.Namespace) -> int:
    from corpus import opendata

    rows = []
    for sample in opendata.SAMPLES.values():
        local = opendata.local_status(sample)
        rows.append({**sample.to_dict(), "local": str(local) if local else None})
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'name':32s} {'schema':12s} {'events':>7s} {'dsid':>7s}  local")
    for row in rows:
        events = "" if row["events"] is None else str(row["events"])
        dsid = "" if row["dsid"] is None else str(row["dsid"])
        print(f"{row['name']:32s} {row['schema']:12s} {events:>7s} {dsid:>7s}  {row['local'] or '-'}")
    return 0


def fetch_command(args: argparse.Namespace) -> int:
    from corpus import opendata

    for name in args.names:
        path = opendata.fetch(name, force=args.force)
        sample = opendata.find(name)
        if sample is not None:
            opendata.verify(path, sample)
        print(f"{name}: {path}")
    return 0


def describe_file(path_or_name: str, schemas: list[str] | None = None) -> dict[str, Any]:
    """What `data info` prints: trees, branches, entries, the detected schema (user schema files
    in `schemas` are tried first)."""
    from corpus import opendata, schema

    path = opendata.resolve(path_or_name)
    match = schema.detect(path, schemas=schemas or [])
    return {
        "path": str(path),
        "schema": match.name,
        "tree": match.tree,
        "entries": match.entries,
        "energy_unit": match.energy_unit,
        "missing": match.missing,
        "warnings": match.warnings,
        "trees": [
            {
                "name": t.name,
                "entries": t.entries,
                "branches": [{"name": b.name, "type": b.type} for b in t.branches],
            }
            for t in match.trees
        ],
    }


def info_command(args: argparse.Namespace) -> int:
    info = describe_file(args.file, args.schema)
    if args.json:
        print(json.dumps(info, indent=1))
        return 0
    print(f"file:    {info['path']}")
    print(f"schema:  {info['schema'] or 'unknown (no known schema matches)'}")
    if info["tree"]:
        print(
            f"tree:    {info['tree']}  entries: {info['entries']}  energy unit: {info['energy_unit'] or '?'}"
        )
    for warning in info["warnings"]:
        print(f"warning: {warning}")
    if info["missing"]:
        print(f"missing: {', '.join(info['missing'])}")
    for tree in info["trees"]:
        print(f"tree {tree['name']}: {tree['entries']} entries, {len(tree['branches'])} branches")
        shown = tree["branches"] if args.branches else tree["branches"][:40]
        for branch in shown:
            print(f"  {branch['name']:32s} {branch['type']}")
        if len(shown) < len(tree["branches"]):
            print(f"  ... {len(tree['branches']) - len(shown)} more (--branches lists all)")
    return 0


def synth_command(args: argparse.Namespace) -> int:
    import time

    from corpus import synth

    if args.events < 0:
        raise DataCommandError("--events must be >= 0")
    start = time.perf_counter()
    path = synth.write(args.output, args.schema, args.events, args.seed)
    sidecar = json.loads(path.with_name(path.name + ".json").read_text())
    print(
        f"wrote {path} ({args.events} events, schema {args.schema}, seed {args.seed}) in {time.perf_counter() - start:.1f} s"
    )
    print("classes: " + ", ".join(f"{k} {v}" for k, v in sidecar["class_counts"].items()))
    print(f"sidecar: {path.name}.json (event classes, boundary probes)")
    return 0
