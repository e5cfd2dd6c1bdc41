"""Generated documents: Open Data schema descriptions and installed-library API docs."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from corpus import apidocs
from corpus.schemadocs import SCHEMA_FOLDER, SchemaDescriptionError, schema_document, schema_documents
from index.chunking import chunk_document

SCHEMAS = sorted(SCHEMA_FOLDER.glob("*.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.stem)
def test_schema_document_lists_every_branch_once(path: Path) -> None:
    spec = json.loads(path.read_text())
    doc = schema_document(path)
    assert doc.kind == "schema" and spec["name"] in doc.title
    overview = doc.pages[0].text
    assert f"ROOT tree: {spec['tree']}." in overview
    text = "\n".join(p.text for p in doc.pages[1:])
    lines = text.splitlines()
    for branch in spec["branches"]:
        matching = [line for line in lines if line.startswith(branch["name"] + " (")]
        assert len(matching) == 1, branch["name"]
        assert branch["meaning"] in matching[0]
    for quirk in spec.get("quirks", []):
        assert quirk in overview
    # chunks keep branch lines whole, so a branch name and its meaning are quoted together
    chunks = chunk_document(doc)
    for branch in spec["branches"]:
        line = next(line for line in lines if line.startswith(branch["name"] + " ("))
        assert any(line in c.text for c in chunks), branch["name"]
    assert schema_document(path).id == doc.id  # stable


def test_schema_documents_reads_the_folder_and_rejects_bad_files(tmp_path: Path) -> None:
    assert len(schema_documents()) == len(SCHEMAS) >= 1
    assert schema_documents(tmp_path / "absent") == []
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(SchemaDescriptionError, match="broken.json"):
        schema_documents(tmp_path)


def test_api_documents_come_from_the_installed_packages() -> None:
    import awkward
    import uproot

    docs = {d.path: d for d in apidocs.api_documents(max_entries=25)}
    assert set(docs) == {f"python:{p}" for p in apidocs.PACKAGES}
    for doc in docs.values():
        assert doc.kind == "api" and 1 <= len(doc.pages) <= 25
        assert all(p.text.strip() for p in doc.pages)
    uproot_doc = docs["python:uproot"]
    assert uproot.__version__ in uproot_doc.title
    open_page = next(p.text for p in uproot_doc.pages if p.text.startswith("uproot.open\n"))
    assert f"uproot.open{inspect.signature(uproot.open)}" in open_page
    assert "\n- path: " in open_page  # the argument list is condensed, one line per argument
    zip_page = next(p.text for p in docs["python:awkward"].pages if p.text.startswith("ak.zip\n"))
    summary = (inspect.getdoc(awkward.zip) or "").split("\n")[0]
    assert summary and summary in zip_page
    ak_titles = [s.title for s in docs["python:awkward"].sections]
    assert ak_titles[:3] == ["ak.Array", "ak.zip", "ak.unzip"]
    assert "ak.combinations" in ak_titles
    assert inspect.getdoc(awkward.combinations) is not None
    # bounded: the cap holds, and the same installation gives the same document id
    assert len(apidocs.api_entries("awkward", max_entries=7)) == 7
    assert apidocs.api_documents(("hist",), max_entries=25)[0].id == docs["python:hist"].id
    assert apidocs.api_documents(("no_such_package_xyz",)) == []


def test_api_entries_have_no_rest_markup() -> None:
    for entry in apidocs.api_entries("awkward", max_entries=40):
        assert ":func:`" not in entry.doc and "``" not in entry.doc, entry.qualname
        assert len(entry.doc) <= apidocs.MAX_DOC_CHARS + 4
