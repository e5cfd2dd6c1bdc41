"""The command line on real (tiny) PDFs: ingest with a bad file in the batch, search --json with
filters, ask without an LLM, documents; the schema descriptions through --schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from assistant.cli import main

PARAGRAPHS = [
    "Event selection",
    "Electrons must have a transverse energy above 7 GeV and muons a transverse momentum above 5 GeV.",
    "The leading lepton pair must have an invariant mass between 50 GeV and 106 GeV.",
]


def tiny_pdf(path: Path, lines: list[str]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    y = 72.0
    for line in lines:
        page.insert_textbox(pymupdf.Rect(72, y, 520, y + 60), line, fontsize=11)
        y += 70
    doc.save(path)
    doc.close()
    return path


def test_ingest_search_ask_documents_on_pdfs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = str(tmp_path / "idx")
    good = tiny_pdf(tmp_path / "selection.pdf", PARAGRAPHS)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert main(["ingest", str(broken), str(good), "--index", index]) == 1  # one file failed
    out = capsys.readouterr().out
    assert "failed" in out and "broken.pdf" in out and "Error" in out
    assert "ok" in out and "selection.pdf" in out

    assert main(["search", "mass window of the leading pair", "--json", "-k", "2", "--index", index]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and "between 50 GeV and 106 GeV" in hits[0]["text"]
    assert hits[0]["id"].startswith("ev-") and hits[0]["page"] == 1 and hits[0]["kind"] == "paper"

    assert main(["search", "muon momentum", "--kind", "api", "--json", "--index", index]) == 0
    assert json.loads(capsys.readouterr().out) == []

    assert main(["ask", "What is the m12 window?", "--llm", "none", "--index", index]) == 0
    text = capsys.readouterr().out
    assert "No language model configured" in text and "106 GeV" in text and "[ev-" in text

    assert main(["documents", "--json", "--index", index]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert [d["kind"] for d in docs] == ["paper"] and docs[0]["pages"] == 1

    # the same file again: nothing new is indexed
    assert main(["ingest", str(good), "--index", index]) == 0
    assert "already-indexed" in capsys.readouterr().out


def test_bad_requests_are_user_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = str(tmp_path / "idx")
    assert main(["ingest", "--index", index]) == 2
    assert "nothing to ingest" in capsys.readouterr().err
    assert main(["search", "   ", "--index", index]) == 2
    assert "query is empty" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "missing.pdf"), "--index", index]) == 1
    assert "no such file" in capsys.readouterr().out


@pytest.mark.slow
def test_schemas_are_searchable_by_branch_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = str(tmp_path / "idx")
    assert main(["ingest", "--schemas", "--index", index]) == 0
    assert capsys.readouterr().out.count("schema") >= 3
    assert main(["search", "lep_d0sig", "--kind", "schema", "--json", "-k", "3", "--index", index]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {h["kind"] for h in hits} == {"schema"}
    assert "lep_d0sig" in hits[0]["text"]
    assert main(["ingest", "--schemas", "--index", index]) == 0  # unchanged descriptions: skipped
    capsys.readouterr()
    assert main(["documents", "--json", "--index", index]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
