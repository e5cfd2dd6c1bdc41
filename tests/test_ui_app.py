"""The Gradio app through its HTTP API (gradio_client) and in headless Chromium (Playwright
driving Debian's /usr/bin/chromium; never a downloaded browser)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fitz
import pytest
import uproot

from benchmarks import naive_loop
from ui.app import SELECTION_COLUMNS, TableEditError, UploadError, edit_commands, escape, store_upload

ARTIFACTS = Path(__file__).resolve().parent.parent / "out" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from corpus.papers import render_all

    return render_all(tmp_path_factory.mktemp("papers"))


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory, atlas_2025e: Path) -> Iterator[str]:
    """One app (no language model) on a free port, with its own home folder."""
    home = tmp_path_factory.mktemp("ui-home")
    saved = {k: os.environ.get(k) for k in ("HEP_REPRO_HOME", "HEP_REPRO_CACHE")}
    os.environ["HEP_REPRO_HOME"] = str(home / "home")
    os.environ["HEP_REPRO_CACHE"] = str(home / "cache")
    from ui.app import launch

    app, ctx = launch(port=_free_port(), llm="none", data=[str(atlas_2025e)], prevent_thread_lock=True)
    try:
        yield app.local_url
    finally:
        app.close()
        ctx.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False)


def cutflow_reference(path: Path) -> dict[str, int]:
    """Step counts of the published selection from the independent per-event loop."""
    result = naive_loop.to_result(naive_loop.run([path], "atlas-2025e"))
    return {row.step: row.events for row in result.cutflow}


def _last_text(chat: list[dict[str, Any]]) -> str:
    content = chat[-1]["content"]
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content)
    return str(content)


# -- pure helpers -------------------------------------------------------------------------------


def test_escape_neutralises_markup() -> None:
    assert (
        escape("<script>x</script> & <img onerror=y>")
        == "&lt;script&gt;x&lt;/script&gt; &amp; &lt;img onerror=y&gt;"
    )


def test_edit_commands_only_for_changed_rows() -> None:
    row = ["z1.mass", "z1", "mass", "between", "", "50", "106", "GeV", "documented", "", 4, "q"]
    other = ["electron.et", "electron", "et", ">", "7", "", "", "GeV", "documented", "", 4, "q"]
    changed = list(row)
    changed[SELECTION_COLUMNS.index("low")] = "40"
    assert edit_commands([row, other], [changed, other]) == ["/set z1.mass between 40 106"]
    blank = list(other)
    blank[SELECTION_COLUMNS.index("value")] = ""
    with pytest.raises(TableEditError, match="fill in value"):
        edit_commands([other], [blank])


def test_store_upload_refuses_bad_files(tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("just text, not a PDF")
    with pytest.raises(UploadError, match="not a PDF"):
        store_upload("s1", str(text))
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.write(b"%PDF-1.7\n")
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(UploadError, match="limit"):
        store_upload("s1", str(huge))
    encrypted = tmp_path / "locked.pdf"
    document = fitz.open()
    document.new_page().insert_text((72, 72), "secret selection: pT > 20 GeV")
    document.save(encrypted, encryption=fitz.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(UploadError, match="(?i)encrypt|password"):
        store_upload("s1", str(encrypted))


# -- the HTTP API -------------------------------------------------------------------------------


@pytest.mark.slow
def test_api_conversation(app_url: str, papers: dict[str, Path], atlas_2025e: Path, tmp_path: Path) -> None:
    from gradio_client import handle_file

    client = _client(app_url)
    out = client.predict(None, api_name="/restore")
    session_id = out[0]
    assert session_id and "no paper" in out[1]

    out = client.predict("<script>alert(1)</script> what is the m12 window?", api_name="/respond")
    assert "<script>" not in str(out[3]) and "&lt;script&gt;" in str(out[3])

    history_before = len(out[3])
    junk = tmp_path / "junk.pdf"
    junk.write_text("not a pdf at all")
    out = client.predict(handle_file(str(junk)), api_name="/upload")
    assert "not a PDF" in out[1] and len(out[2]) == history_before and out[0] == session_id

    out = client.predict(handle_file(str(papers["hzz4l"])), api_name="/upload")
    assert "hzz4l.pdf" in out[1]
    # the cited performance paper, uploaded under its own name, is filed under its arXiv id
    out = client.predict([handle_file(str(papers["leptonperf"]))], api_name="/upload_references")
    assert "1902.04655.pdf" in out[1]
    out = client.predict(api_name="/extract")
    rows = out[3]["data"]
    ids = [row[0] for row in rows]
    assert "z1.mass" in ids and "quadruplet.pt.r1" in ids
    assert "lepton.iso_track" in ids  # delegated to the cited paper and followed there

    out = client.predict(api_name="/run")
    cutflow = {row[0]: row[1] for row in out[8]["data"]}
    with uproot.open(atlas_2025e) as file:
        entries = file["analysis"].num_entries
    assert cutflow["initial"] == entries  # independent: the file's own entry count
    before = cutflow["quadruplet.pt.r1"]

    # the table edit: leading lepton above 100 GeV instead of 20 GeV -> a new version; the count
    # at that step must equal the independent per-event loop's with the same threshold
    edited = [list(row) for row in rows]
    position = ids.index("quadruplet.pt.r1")
    edited[position][SELECTION_COLUMNS.index("value")] = "60"
    out = client.predict(
        {"headers": SELECTION_COLUMNS, "data": edited, "metadata": None}, api_name="/apply_edits"
    )
    assert [r for r in out[3]["data"] if r[0] == "quadruplet.pt.r1"][0][
        SELECTION_COLUMNS.index("value")
    ] == "60"
    out = client.predict(api_name="/run")
    after = {row[0]: row[1] for row in out[8]["data"]}["quadruplet.pt.r1"]
    assert after <= before

    # a failed run keeps the previous results on screen and says so
    broken = tmp_path / "broken.root"
    broken.write_bytes(b"root? no")
    out = client.predict(f"/run {broken}", api_name="/respond")
    assert "failed" in _last_text(out[3]).lower() or "error" in _last_text(out[3]).lower()
    assert {row[0]: row[1] for row in out[9]["data"]}["quadruplet.pt.r1"] == after
    assert "last run failed" in out[11]

    out = client.predict(api_name="/undo")
    value = [r for r in out[3]["data"] if r[0] == "quadruplet.pt.r1"][0][SELECTION_COLUMNS.index("value")]
    assert value == "20"
    out = client.predict(api_name="/compare")
    verdict = [line for line in out[10].splitlines() if line.startswith(("IDENTICAL", "DIFFERENT"))]
    assert verdict and verdict[0].startswith("IDENTICAL"), out[
        10
    ]  # extracted + compiled == hand-written baseline

    # a second client is another browser: its own session
    other = _client(app_url).predict(None, api_name="/restore")
    assert other[0] != session_id


# -- a real browser -----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_browser_end_to_end(app_url: str, papers: dict[str, Path]) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/bootstrap.sh installs it as root)")
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.set_default_timeout(120_000)
        expect.set_options(timeout=120_000)
        page.goto(app_url)
        expect(page.locator("#status-line")).to_contain_text("no paper")

        page.locator("#paper-upload input[type=file]").set_input_files(str(papers["hzz4l"]))
        expect(page.locator("#status-line")).to_contain_text("hzz4l.pdf")
        page.locator("#references-upload input[type=file]").set_input_files(str(papers["leptonperf"]))
        expect(page.locator("#status-line")).to_contain_text("1902.04655.pdf")
        page.locator("#extract").click()
        table = page.locator("#selection-table")
        expect(table).to_contain_text("quadruplet.pt.r1")
        page.screenshot(path=str(ARTIFACTS / "ui-1-extracted.png"), full_page=True)

        page.locator("#run").click()
        expect(page.locator("#chat")).to_contain_text("Ran selection")
        page.get_by_role("tab", name="Results").click()
        expect(page.locator("#cutflow")).to_contain_text("quadruplet.pt.r1")
        first = _cutflow_count(page, "quadruplet.pt.r1")
        page.get_by_role("tab", name="Selection").click()

        # edit the leading-lepton threshold in the table: 20 -> 200 GeV
        def value_cell() -> Any:
            row = table.get_by_role("row").filter(has_text="quadruplet.pt.r1").first
            return row.get_by_role("gridcell").nth(SELECTION_COLUMNS.index("value"))

        value_cell().scroll_into_view_if_needed()  # rows are virtualised: settle before editing
        page.wait_for_timeout(500)
        value_cell().dblclick()
        page.keyboard.press("Control+A")
        page.keyboard.type("200")
        page.keyboard.press("Enter")
        expect(value_cell()).to_contain_text("200")
        page.locator("#apply-edits").click()
        expect(page.locator("#chat")).to_contain_text("~ quadruplet.pt.r1")
        page.locator("#run").click()
        expect(page.locator("#chat")).to_contain_text("Cutflow change")
        page.get_by_role("tab", name="Results").click()
        page.screenshot(path=str(ARTIFACTS / "ui-2-after-edit.png"), full_page=True)
        assert _cutflow_count(page, "quadruplet.pt.r1") < first

        page.reload()
        expect(page.locator("#status-line")).to_contain_text("hzz4l.pdf")  # the session came back
        expect(page.locator("#chat")).to_contain_text("Cutflow change")
        page.screenshot(path=str(ARTIFACTS / "ui-3-reloaded.png"), full_page=True)
        browser.close()


def _cutflow_count(page: Any, step: str) -> int:
    """The events column of one cutflow row, read from the rendered table."""
    row = page.locator("#cutflow").get_by_role("row").filter(has_text=step).first
    words = row.inner_text().split()
    return int(words[words.index(step) + 1])


@pytest.mark.sandbox
def test_each_browser_session_gets_its_own_kernel(tmp_path: Path) -> None:
    """Two sessions of one agent: their sandboxed code runs in different kernels and folders."""
    from assistant.agent import Agent
    from assistant.sandbox import SessionPool, sandbox_available
    from assistant.store import Store

    if not sandbox_available():
        pytest.skip("bubblewrap is not installed")
    with Store(tmp_path / "s.sqlite") as store, SessionPool(spare=0, root=tmp_path / "kernels") as pool:
        agent = Agent(store, executor=pool)
        first, second = agent.new_session("a"), agent.new_session("b")
        kernel_a = agent._session(first).executor
        kernel_b = agent._session(second).executor
        assert kernel_a is not kernel_b and agent._session(first).executor is kernel_a
        kernel_a.run("open('mine.txt', 'w').write('a')")
        seen = kernel_b.run("import os; print(os.path.exists('mine.txt'))")
        assert seen.stdout.strip() == "False"


def test_status_line_names_the_session_schema(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from assistant.agent import Agent
    from assistant.store import Store
    from ui.app import status_line

    with Store(tmp_path / "s.sqlite") as store:
        agent = Agent(store, llm=None)
        session = agent.new_session("status")
        ctx = SimpleNamespace(store=store, backend="none", sandboxed=False)
        assert "**schema:** auto (detected per file)" in status_line(ctx, session)  # type: ignore[arg-type]
        assert agent.respond(session, "/schema atlas-2020").text.startswith("session schema: atlas-2020")
        assert status_line(ctx, session).endswith("**schema:** atlas-2020")  # type: ignore[arg-type]
