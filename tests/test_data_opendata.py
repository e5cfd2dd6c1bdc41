"""Registry, resolution order, checksums, offline errors (download tested on a local http.server only)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import cli
from corpus import opendata


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A throw-away HTTP server on 127.0.0.1 serving `folder` (never the internet)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _sample(
    url: str, payload: bytes, *, sha: str | None = None, name: str = "test-sample"
) -> opendata.Sample:
    return opendata.Sample(
        name=name,
        filename="payload.root",
        schema="atlas-2025e",
        tree="analysis",
        url=url + "payload.root",
        sha256=sha if sha is not None else hashlib.sha256(payload).hexdigest(),
        size=len(payload),
    )


def test_registry_covers_real_files_and_mc() -> None:
    real = {s.filename: s for s in opendata.SAMPLES.values() if not s.is_mc}
    assert real["ODEO_FEB2025_v0_exactly4lep_data15_periodD.exactly4lep.root"].events == 3424
    assert [real[f"data_{p}.4lep.root"].events for p in "ABCD"] == [39, 156, 237, 400]
    assert real["uproot-HZZ.root"].events == 2421
    sums = (
        (Path(__file__).resolve().parents[2] / "shared" / "data" / "SHA256SUMS").read_text()
        if (Path(__file__).resolve().parents[2] / "shared" / "data" / "SHA256SUMS").exists()
        else ""
    )
    for sample in real.values():
        assert sample.sha256 and len(sample.sha256) == 64 and sample.url and sample.url.startswith("https://")
        if sums:
            assert f"{sample.sha256}  " in sums
    mc = {s.dsid: s for s in opendata.SAMPLES.values() if s.is_mc}
    for dsid in (
        345060,
        346228,
        346310,
        346311,
        346312,
        346340,
        346341,
        346342,
        700600,
        410470,
        364242,
        700320,
        700325,
    ):
        assert dsid in mc
        assert mc[dsid].sha256 is None and any("sha256" in note for note in mc[dsid].notes)
    assert mc[700600].url and mc[700600].size == 5407367


def test_resolve_finds_shared_files_by_name_dsid_and_filename(atlas_2025e: Path) -> None:
    assert opendata.resolve("atlas-2025e-data15-periodD").samefile(atlas_2025e)
    assert opendata.resolve(atlas_2025e.name).samefile(atlas_2025e)
    assert opendata.resolve(str(atlas_2025e)) == atlas_2025e


def test_resolve_searches_data_folders_recursively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "my.root").write_bytes(b"x")
    monkeypatch.setenv("HEP_REPRO_DATA", str(tmp_path))
    assert opendata.resolve("my.root") == nested / "my.root"


def test_mc_sample_with_unknown_stem_is_found_by_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = (
        tmp_path / "mc" / "ODEO_FEB2025_v0_exactly4lep_mc_346228.PowhegPy8EG_VBFH125_ZZ4lep.exactly4lep.root"
    )
    local.parent.mkdir()
    local.write_bytes(b"x")
    monkeypatch.setenv("HEP_REPRO_DATA", str(tmp_path))
    assert opendata.resolve("atlas-2025e-mc-346228") == local
    assert opendata.resolve("346228") == local


def test_data_fetch_uses_local_copy_offline(
    capsys: pytest.CaptureFixture[str], atlas_2020: list[Path]
) -> None:
    code, out = _run_cli(["data", "fetch", "atlas-2020-data-A"], capsys)
    assert code == 0 and str(atlas_2020[0].name) in out
    assert cli.main(["data", "fetch", "atlas-2025e-mc-700600"]) == 2  # offline, not local
    assert "HEP_REPRO_NETWORK" in capsys.readouterr().err


def test_offline_missing_file_says_where_and_how(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(opendata.DataNotFoundError) as info:
        opendata.resolve("atlas-2025e-mc-700600")
    message = str(info.value)
    assert "Sh_2212_llll" in message and "HEP_REPRO_DATA" in message and "HEP_REPRO_NETWORK=1" in message
    assert str(opendata.samples_cache()) in message
    with pytest.raises(opendata.DataNotFoundError, match="not a known sample"):
        opendata.resolve("no-such-file.root")
    with pytest.raises(opendata.DataNotFoundError, match="nearest"):
        opendata.get("atlas-2020-data-E")


def test_download_with_good_checksum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = b"root-file-bytes" * 1000
    served = tmp_path / "srv"
    served.mkdir()
    (served / "payload.root").write_bytes(payload)
    with serve(served) as url:
        sample = _sample(url, payload)
        monkeypatch.setitem(opendata.SAMPLES, sample.name, sample)
        with pytest.raises(opendata.DataNotFoundError, match="HEP_REPRO_NETWORK"):
            opendata.resolve(sample.name)  # offline by default
        monkeypatch.setenv("HEP_REPRO_NETWORK", "1")
        path = opendata.resolve(sample.name)
    assert path.read_bytes() == payload
    assert path.parent == opendata.samples_cache()
    monkeypatch.setenv("HEP_REPRO_NETWORK", "0")
    assert opendata.resolve(sample.name) == path  # now served from the cache, offline


def test_download_with_bad_checksum_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = b"tampered" * 100
    served = tmp_path / "srv"
    served.mkdir()
    (served / "payload.root").write_bytes(payload)
    monkeypatch.setenv("HEP_REPRO_NETWORK", "1")
    with serve(served) as url:
        sample = _sample(url, payload, sha="0" * 64)
        monkeypatch.setitem(opendata.SAMPLES, sample.name, sample)
        with pytest.raises(opendata.ChecksumError, match="sha256"):
            opendata.resolve(sample.name)
    leftovers = list(opendata.samples_cache().iterdir())
    assert leftovers == []  # neither the partial nor the final file remains


def test_http_error_is_a_download_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEP_REPRO_NETWORK", "1")
    with serve(tmp_path) as url:
        sample = _sample(url, b"", name="missing-on-server")
        with pytest.raises(opendata.DownloadError):
            opendata.download_sample(sample)
    assert list(opendata.samples_cache().iterdir()) == []


def test_corrupt_cached_file_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = b"good"
    sample = opendata.Sample(
        name="cached",
        filename="cached.root",
        schema="atlas-2020",
        tree="mini",
        url=None,
        sha256=hashlib.sha256(payload).hexdigest(),
        size=4,
    )
    monkeypatch.setitem(opendata.SAMPLES, sample.name, sample)
    (opendata.samples_cache() / "cached.root").write_bytes(b"bad!")
    with pytest.raises(opendata.ChecksumError):
        opendata.resolve("cached")


def _run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(args)
    return code, capsys.readouterr().out


def test_data_info_on_real_files(
    capsys: pytest.CaptureFixture[str], atlas_2025e: Path, atlas_2020: list[Path], cms_tutorial: Path
) -> None:
    expected = [(atlas_2025e, "atlas-2025e", 3424)] + [
        (p, "atlas-2020", n) for p, n in zip(atlas_2020, (39, 156, 237, 400), strict=True)
    ]
    expected.append((cms_tutorial, "cms-tutorial", 2421))
    for path, schema, entries in expected:
        code, out = _run_cli(["data", "info", str(path), "--json"], capsys)
        info = json.loads(out)
        assert code == 0 and info["schema"] == schema and info["entries"] == entries
        branches = {b["name"]: b["type"] for t in info["trees"] for b in t["branches"]}
        assert branches
    code, out = _run_cli(["data", "info", str(atlas_2025e)], capsys)
    assert "schema:  atlas-2025e" in out and "entries: 3424" in out and "eventNumber" in out


def test_data_list_and_synth(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out = _run_cli(["data", "list", "--json"], capsys)
    rows = json.loads(out)
    assert code == 0 and any(r["name"] == "atlas-2020-data-A" and r["local"] for r in rows)
    target = tmp_path / "s.root"
    code, out = _run_cli(
        ["data", "synth", "--schema", "atlas-2020", "--events", "500", "--seed", "2", "-o", str(target)],
        capsys,
    )
    assert code == 0 and target.exists() and (tmp_path / "s.root.json").exists()
    code, out = _run_cli(["data", "info", str(target), "--json"], capsys)
    assert json.loads(out)["schema"] == "atlas-2020" and json.loads(out)["entries"] == 500


def test_data_info_on_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.root").write_bytes(b"")
    assert cli.main(["data", "info", str(tmp_path / "empty.root")]) == 2
    assert cli.main(["data", "info", str(tmp_path / "nothing.root")]) == 2
    err = capsys.readouterr().err
    assert "empty" in err and "nothing.root" in err
