"""Open Data schema descriptions (`corpus/schemas/<name>.json`) as searchable Documents.

Each schema becomes one Document of kind "schema": page 1 is the overview (tree, units,
momentum representation, luminosity, triggers, event weight, what is not available, quirks),
the following pages list the branches, one line each ("lep_d0sig (var * float32, no unit):
signed transverse impact-parameter significance"), grouped by name prefix so that a chunk holds
related branches. The document id is the hash of the JSON file, so an edited description is
re-indexed and an unchanged one is not.

`document_from_sections` is shared with `corpus.apidocs`: it lays out generated text as pages
with heading and text blocks and sections, so the chunker keeps sections apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from corpus.document import Block, Document, DocumentKind, Page, Section, content_hash

SCHEMA_FOLDER = Path(__file__).resolve().parent / "schemas"
BRANCHES_PER_PAGE = 8  # small pages: a chunk about a few branches embeds more precisely


class SchemaDescriptionError(ValueError):
    """A schema description file is not valid JSON or lacks a required field."""


def document_from_sections(
    doc_id: str,
    title: str,
    kind: DocumentKind,
    pages: Sequence[Sequence[tuple[str, str]]],
    path: str = "",
) -> Document:
    """A Document whose page i holds the (heading, body) sections `pages[i]` in order."""
    built_pages: list[Page] = []
    sections: list[Section] = []
    for number, page_sections in enumerate(pages, start=1):
        text = ""
        blocks: list[Block] = []
        for heading, body in page_sections:
            if text:
                text += "\n\n"
            sections.append(Section(title=heading, page=number, start=len(text)))
            blocks.append(
                Block(
                    page=number,
                    start=len(text),
                    end=len(text) + len(heading),
                    kind="heading",
                    section=heading,
                )
            )
            text += heading + "\n"
            start = len(text)
            text += body.strip()
            blocks.append(Block(page=number, start=start, end=len(text), kind="text", section=heading))
        built_pages.append(Page(number=number, text=text, raw_text=text, blocks=blocks))
    return Document(id=doc_id, path=path, title=title, kind=kind, pages=built_pages, sections=sections)


def schema_documents(folder: Path | None = None) -> list[Document]:
    """One Document per `*.json` schema description in `folder` (default: corpus/schemas)."""
    folder = folder or SCHEMA_FOLDER
    if not folder.is_dir():
        return []
    return [schema_document(path) for path in sorted(folder.glob("*.json"))]


def schema_document(path: Path) -> Document:
    raw = path.read_bytes()
    try:
        spec = json.loads(raw)
        name, branches = spec["name"], spec["branches"]
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise SchemaDescriptionError(
            f"{path} is not a schema description (JSON with at least 'name' and 'branches'): {err}"
        ) from err
    title = f"Open Data schema {name}: {spec.get('title', name)}"
    pages: list[list[tuple[str, str]]] = [_overview(name, spec)]
    for heading, group in _branch_groups(name, branches):
        for i in range(0, len(group), BRANCHES_PER_PAGE):
            lines = "\n".join(_branch_line(b) for b in group[i : i + BRANCHES_PER_PAGE])
            pages.append([(heading, lines)])
    return document_from_sections(f"schema-{content_hash(raw)}", title, "schema", pages, path=str(path))


def _overview(name: str, spec: dict[str, Any]) -> list[tuple[str, str]]:
    momentum = {
        "pt_eta_phi_e": "transverse momentum pt, pseudorapidity eta, azimuth phi and energy E",
        "cartesian": "Cartesian components px, py, pz and energy E",
    }.get(spec.get("momentum", ""), str(spec.get("momentum", "unknown")))
    facts = [
        f"{spec.get('title', name)}.",
        f"ROOT tree: {spec.get('tree', '?')}.",
        f"Energies and momenta in {spec.get('energy_unit', '?')}, lengths in {spec.get('length_unit', '?')}.",
        f"Four-momenta are stored as {momentum}.",
    ]
    if spec.get("lumi_fb"):
        facts.append(f"Integrated luminosity for data: {spec['lumi_fb']} fb-1.")
    ids = (
        {k: v for k, v in (spec.get("event_id") or {}).items() if v}
        if isinstance(spec.get("event_id"), dict)
        else {}
    )
    if ids:
        facts.append("Events are identified by " + " and ".join(f"{v} ({k})" for k, v in ids.items()) + ".")
    sections = [(f"Schema {name}: overview", "\n".join(facts))]
    triggers = spec.get("triggers") or {}
    if triggers:
        lines = [
            f"{group.replace('_', ' ')} trigger: {' or '.join(names)}" for group, names in triggers.items()
        ]
        sections.append((f"Schema {name}: triggers", "\n".join(lines)))
    weight = spec.get("weight") or {}
    if weight.get("factors"):
        text = (
            f"Monte Carlo event weight = luminosity x 1000 / {weight.get('lumi_over_sumw', 'sum of weights')} x "
            + " x ".join(weight["factors"])
            + ". Data events have weight 1."
        )
        sections.append((f"Schema {name}: event weight", text))
    unavailable = spec.get("unavailable") or {}
    notes = spec.get("field_notes")
    extra = [f"{k} is not available: {v}." for k, v in unavailable.items()]
    if isinstance(notes, dict):
        extra += [f"{k}: {v}" for k, v in notes.items()]
    elif isinstance(notes, list):
        extra += [str(n) for n in notes]
    quirks = [str(q) for q in spec.get("quirks") or []] + extra
    if quirks:
        sections.append((f"Schema {name}: quirks and limitations", "\n".join(quirks)))
    return sections


def _branch_groups(name: str, branches: Iterable[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Branches grouped by collection prefix (lep_, jet_, Muon_, ...), event-level ones first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for branch in branches:
        branch_name = str(branch.get("name", ""))
        prefix = branch_name.split("_")[0] + "_" if "_" in branch_name and not _event_level(branch) else ""
        groups.setdefault(prefix, []).append(branch)
    out = []
    for prefix in sorted(groups, key=lambda p: (p != "", p.lower())):
        label = f"{prefix}* branches (one value per object)" if prefix else "event-level branches"
        out.append((f"Schema {name}: {label}", groups[prefix]))
    return out


def _event_level(branch: dict[str, Any]) -> bool:
    return not str(branch.get("type", "")).startswith("var")


def _branch_line(branch: dict[str, Any]) -> str:
    unit = f", {branch['unit']}" if branch.get("unit") else ""
    return f"{branch.get('name')} ({branch.get('type', '?')}{unit}): {branch.get('meaning', '')}"
