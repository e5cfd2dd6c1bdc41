"""`hep-repro schema`: JSON schemas of our models, and drafts of Open Data schemas for new files.

    hep-repro schema selection | extraction      # the Selection model / the LLM answer (JSON schema)
    hep-repro schema draft FILE.root [-o my-schema.json] [--name NAME]

`draft` infers a schema (tree, collections, fields, unit, ids, weights, triggers) from a ROOT file's
branches and prints what to review; pass the reviewed file as `--schema my-schema.json`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    schema = subparsers.add_parser("schema", help="JSON schemas (selection, extraction); draft a data schema")
    actions = schema.add_subparsers(dest="what", metavar="WHAT", required=True)
    actions.add_parser("selection", help="the Selection model").set_defaults(func=model_command)
    actions.add_parser("extraction", help="the LLM answer").set_defaults(func=model_command)
    draft = actions.add_parser(
        "draft", help="infer a schema file from a ROOT file, to review and pass as --schema"
    )
    draft.add_argument("file", help="a ROOT file")
    draft.add_argument("-o", "--output", help="write the schema JSON here (default: print it)")
    draft.add_argument("--name", help="schema name (default: draft-<file name>)")
    draft.set_defaults(func=draft_command)


def model_command(args: argparse.Namespace) -> int:
    if args.what == "selection":
        from assistant.selection import Selection

        print(json.dumps(Selection.json_schema(), indent=2))
    else:
        from assistant.extract.llm_extract import answer_schema

        print(json.dumps(answer_schema(), indent=2))
    return 0


def draft_command(args: argparse.Namespace) -> int:
    from corpus.schemadraft import draft

    result = draft(args.file, name=args.name)
    schema = result.schema
    report = sys.stderr if not args.output else sys.stdout
    if args.output:
        Path(args.output).write_text(result.to_json(), encoding="utf-8")
    else:
        print(result.to_json(), end="")
    objects = ", ".join(f"{obj} ({coll.prefix}*)" for obj, coll in schema.collections.items()) or "none"
    print(f"tree {schema.tree!r}, {schema.energy_unit}, {schema.momentum}; objects: {objects}", file=report)
    for item in result.review:
        print(f"review: {item}", file=report)
    if args.output:
        print(f"wrote {args.output}: review it, then pass --schema {args.output}", file=report)
    return 0
