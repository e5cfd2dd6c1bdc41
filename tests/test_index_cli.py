"""The command line: ingest schemas, search with --json and --kind, ask without an LLM."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main


def test_ingest_search_ask_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = str(tmp_path / "idx")
    assert main(["ingest", "--schemas", "--index", index]) == 0
    out = capsys.readouterr().out
    assert out.count("ok") >= 3 and "schema" in out

    assert main(["search", "lep_d0sig", "--kind", "schema", "--json", "-k", "3", "--index", index]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert 1 <= len(hits) <= 3
    assert {h["kind"] for h in hits} == {"schema"}
    assert "lep_d0sig" in hits[0]["text"]
    assert hits[0]["id"].startswith("ev-") and hits[0]["page"] >= 1

    assert main(["search", "which tree holds the 2020 ntuples", "--index", index]) == 0
    assert "[ev-" in capsys.readouterr().out

    assert main(["ask", "Which branch holds the d0 significance?", "--llm", "none", "--index", index]) == 0
    text = capsys.readouterr().out
    assert "No language model configured" in text and "lep_d0sig" in text

    assert main(["documents", "--json", "--index", index]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert len(docs) >= 3 and {d["kind"] for d in docs} == {"schema"}

    # schemas again: already indexed, nothing new
    assert main(["ingest", "--schemas", "--index", index]) == 0
    capsys.readouterr()
    assert main(["documents", "--json", "--index", index]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(docs)


def test_bad_requests_are_user_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = str(tmp_path / "idx")
    assert main(["ingest", "--index", index]) == 2
    assert "nothing to ingest" in capsys.readouterr().err
    assert main(["search", "   ", "--index", index]) == 2
    assert "query is empty" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "missing.pdf"), "--index", index]) == 1
    assert "no such file" in capsys.readouterr().out
