"""`hep-repro pdf`: the reader's view of a PDF on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from tests import pdf_factory


def test_pdf_command_reports_structure_and_hidden_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = pdf_factory.injection_pdf(tmp_path)
    assert main(["pdf", str(path)]) == 0
    out = capsys.readouterr().out
    assert "A Perfectly Ordinary Paper" in out
    assert "HIDDEN text (7 span(s)" in out
    assert "white text on a white background" in out
    assert "metadata (untrusted)" in out


def test_pdf_command_finds_quotes_and_references(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = pdf_factory.two_column_pdf(tmp_path)
    refs = tmp_path / "refs"
    pdf_factory.reference_pdfs(refs, ["1902.04655"])
    assert main(["pdf", str(path), "--quote", "requires isolated leptons", "--references", str(refs)]) == 0
    out = capsys.readouterr().out
    assert "quote found on page 1" in out
    assert "[12] " in out and "1 reference(s) found, 6 missing" in out
    assert "2.1 Lepton candidates" in out
    assert main(["pdf", str(path), "--quote", "requires isolated leptons", "--page", "2"]) == 1


def test_pdf_command_json_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = pdf_factory.two_column_pdf(tmp_path)
    assert main(["pdf", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == pdf_factory.TITLE and len(data["pages"]) == 2
    assert main(["pdf", str(pdf_factory.encrypted_pdf(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "password" in err and "Traceback" not in err
