"""Known Open Data samples and how to find them: local folders, the user cache, or a download.

`SAMPLES` is the registry (name → `Sample`): the real files the tests use (../shared/data) and
the ATLAS 2025e "exactly4lep" Monte Carlo samples of the H→ZZ*→4ℓ analysis. `resolve(name)`
returns a local path, looking in this order:

1. an existing path given directly;
2. the local data folders (`assistant.config.data_dirs()`: $HEP_REPRO_DATA, ../shared/data),
   searched recursively by file name;
3. the user cache (`assistant.config.cache_dir()/opendata`);
4. a download by URL — only when `assistant.config.network_allowed()` — verified against the
   registry's sha256 (or size, when the checksum is not known) before it is used.

Nothing here touches the network unless the user allowed it (HEP_REPRO_NETWORK=1).
"""

from __future__ import annotations

import hashlib
import os
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from assistant import config

CHUNK = 1 << 20
DOWNLOAD_TIMEOUT_S = 60

ODEO_BASE = "https://opendata.cern.ch/eos/opendata/atlas/rucio/opendata/"
ATLAS_2020_BASE = "https://atlas-opendata.web.cern.ch/atlas-opendata/samples/2020/4lep/Data/"
SKHEP_TESTDATA_BASE = (
    "https://raw.githubusercontent.com/scikit-hep/scikit-hep-testdata/main/src/skhep_testdata/data/"
)


class OpenDataError(RuntimeError):
    """Base class of the errors of this module."""


class DataNotFoundError(OpenDataError, FileNotFoundError):
    """A data file is neither local, nor cached, nor downloadable (offline or unknown)."""


class ChecksumError(OpenDataError):
    """A downloaded (or cached) file does not match the registry; it was not used."""


class DownloadError(OpenDataError):
    """The download itself failed (HTTP error, timeout, no URL)."""


@dataclass(frozen=True)
class Sample:
    """One known file. `sha256`/`size` are None when not published; `events` is the tree's
    entry count when known. `xsec_pb` is the cross section stored in the file (MC only)."""

    name: str
    filename: str
    schema: str
    tree: str
    url: str | None
    sha256: str | None = None
    size: int | None = None
    events: int | None = None
    dsid: int | None = None
    xsec_pb: float | None = None
    is_mc: bool = False
    description: str = ""
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "filename": self.filename,
            "schema": self.schema,
            "tree": self.tree,
            "url": self.url,
            "sha256": self.sha256,
            "size": self.size,
            "events": self.events,
            "dsid": self.dsid,
            "xsec_pb": self.xsec_pb,
            "is_mc": self.is_mc,
            "description": self.description,
            "notes": list(self.notes),
        }


def _real_samples() -> list[Sample]:
    """The real files of ../shared/data (sizes and checksums from its SHA256SUMS)."""
    odeo_data = "ODEO_FEB2025_v0_exactly4lep_data15_periodD.exactly4lep.root"
    samples = [
        Sample(
            name="atlas-2025e-data15-periodD",
            filename=odeo_data,
            schema="atlas-2025e",
            tree="analysis",
            url=ODEO_BASE + odeo_data,
            sha256="dd4ac1bb823a9dd908564485eb274504d955be7629386a5f2bf917a24129a954",
            size=2219662,
            events=3424,
            description="ATLAS Open Data 2025 education release, 2015 data period D, skim exactly4lep",
        ),
    ]
    sums_2020 = {
        "A": ("8a0de39015dcc46ec3e65fd56234bbb8809c0fb1e16e6511a7872627bb7b6675", 25826, 39),
        "B": ("198d5f06b0f24cdf08f4a3342f142aa2ed3eded3f39ea8f18fb963b681fd1411", 60364, 156),
        "C": ("3f1cd0a4fca42013f718bd219a043ec4fff0b7268707ea0894f6ce379e2f0c56", 84525, 237),
        "D": ("7e103be7359e402032a5dbe01d3f5105fddbcc043bce3a187993fb99f7cc6e1e", 131190, 400),
    }
    for period, (sha, size, events) in sums_2020.items():
        filename = f"data_{period}.4lep.root"
        samples.append(
            Sample(
                name=f"atlas-2020-data-{period}",
                filename=filename,
                schema="atlas-2020",
                tree="mini",
                url=ATLAS_2020_BASE + filename,
                sha256=sha,
                size=size,
                events=events,
                description=f"ATLAS Open Data 2020 release, 2016 data period {period}, skim 4lep",
            )
        )
    samples.append(
        Sample(
            name="cms-hep-tutorial-hzz",
            filename="uproot-HZZ.root",
            schema="cms-tutorial",
            tree="events",
            url=SKHEP_TESTDATA_BASE + "uproot-HZZ.root",
            sha256="baa852f7b801eee0fb7234f44864a20808d17d84fa44e712072fa881c423ad46",
            size=217945,
            events=2421,
            description="CMS HEP-tutorial H→ZZ ntuple (scikit-hep-testdata)",
        )
    )
    return samples


# 2025e exactly4lep MC: (DSID, process, file-name stem when known, size in bytes when known).
# The stems not listed are not published in anything we could check: the URL is then None and
# the file must be provided locally (CERN Open Data record 93928 lists them).
_MC_2025E: list[tuple[int, str, str | None, int | None]] = [
    (
        345060,
        "ggH125 → ZZ* → 4ℓ (Powheg+Pythia8 NNLOPS)",
        "PowhegPythia8EvtGen_NNLOPS_nnlo_30_ggH125_ZZ4l",
        182051943,
    ),
    (346228, "VBF H125 → ZZ* → 4ℓ", None, None),
    (346310, "WH125 → ZZ* → 4ℓ", None, None),
    (346311, "ZH125 → ZZ* → 4ℓ", None, None),
    (346312, "ggZH125 → ZZ* → 4ℓ", None, None),
    (346340, "ttH125 → ZZ* → 4ℓ (all-hadronic tt)", None, None),
    (346341, "ttH125 → ZZ* → 4ℓ (semileptonic tt)", None, None),
    (346342, "ttH125 → ZZ* → 4ℓ (dileptonic tt)", None, None),
    (700600, "ZZ* → 4ℓ continuum (Sherpa 2.2.12)", "Sh_2212_llll", 5407367),
    (410470, "tt̄ non-all-hadronic", None, None),
    (410155, "tt̄ + W", None, None),
    (410218, "tt̄ + Z(→ee)", None, None),
    (410219, "tt̄ + Z(→μμ)", None, None),
    (412043, "tt̄tt̄", None, None),
    (364242, "WWW", None, None),
    (364243, "WWZ", None, None),
    (364246, "WZZ", None, None),
    (364248, "ZZZ", None, None),
    *[(dsid, f"Z+jets (Sherpa 2.2.11), slice {dsid - 700320}", None, None) for dsid in range(700320, 700326)],
]

SIGNAL_DSIDS = (345060, 346228, 346310, 346311, 346312, 346340, 346341, 346342)


def _mc_samples() -> list[Sample]:
    samples = []
    for dsid, process, stem, size in _MC_2025E:
        filename = (
            f"ODEO_FEB2025_v0_exactly4lep_mc_{dsid}.{stem}.exactly4lep.root"
            if stem
            else f"ODEO_FEB2025_v0_exactly4lep_mc_{dsid}.*.exactly4lep.root"
        )
        notes = [
            "sha256 not published: only the size is verified"
            if size
            else "sha256 and size not published: not verified"
        ]
        if not stem:
            notes.append("file-name stem unknown: provide the file locally (CERN Open Data record 93928)")
        samples.append(
            Sample(
                name=f"atlas-2025e-mc-{dsid}",
                filename=filename,
                schema="atlas-2025e",
                tree="analysis",
                url=ODEO_BASE + filename if stem else None,
                size=size,
                dsid=dsid,
                is_mc=True,
                description=process,
                notes=notes,
            )
        )
    return samples


SAMPLES: dict[str, Sample] = {s.name: s for s in _real_samples() + _mc_samples()}


def get(name: str) -> Sample:
    """The registry entry for a sample name, a DSID or a file name."""
    if name in SAMPLES:
        return SAMPLES[name]
    for sample in SAMPLES.values():
        if name == sample.filename or (sample.dsid is not None and name == str(sample.dsid)):
            return sample
    import difflib

    names = list(SAMPLES)
    near = difflib.get_close_matches(name, names, n=5, cutoff=0.3)
    raise DataNotFoundError(
        f"no sample {name!r} in the registry; "
        + (f"nearest: {', '.join(near)}" if near else f"known: {', '.join(names)}")
    )


def find(name: str) -> Sample | None:
    try:
        return get(name)
    except DataNotFoundError:
        return None


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: str | Path, sample: Sample) -> None:
    """Raise ChecksumError when the file's size or sha256 differs from the registry."""
    path = Path(path)
    if sample.size is not None and path.stat().st_size != sample.size:
        raise ChecksumError(
            f"{path} has {path.stat().st_size} bytes, the registry expects {sample.size} for {sample.name}: "
            "the file is truncated or a different file; delete it and fetch it again"
        )
    if sample.sha256 is not None:
        actual = sha256_of(path)
        if actual != sample.sha256:
            raise ChecksumError(
                f"{path} has sha256 {actual}, the registry expects {sample.sha256} for {sample.name}: "
                "the file is corrupt or a different file; delete it and fetch it again"
            )


def samples_cache() -> Path:
    folder = config.cache_dir() / "opendata"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _search_folders(filename: str, folders: list[Path]) -> Path | None:
    """First file called `filename` (glob patterns allowed) in `folders`, searched recursively."""
    for folder in folders:
        if not folder.is_dir():
            continue
        direct = folder / filename
        if "*" not in filename and direct.is_file():
            return direct
        matches = sorted(p for p in folder.rglob(filename) if p.is_file())
        if matches:
            return matches[0]
    return None


def resolve(name_or_path: str | os.PathLike[str], *, download: bool | None = None) -> Path:
    """A local path for a registry name, DSID, file name or path (see the module docstring).

    `download=None` follows `config.network_allowed()`; False never downloads."""
    text = os.fspath(name_or_path)
    candidate = Path(text).expanduser()
    if candidate.is_file():
        return candidate
    sample = find(text) or find(candidate.name)
    filename = sample.filename if sample else candidate.name
    folders = config.data_dirs()
    local = _search_folders(filename, folders)
    if local is not None:
        return local
    cached = _search_folders(filename, [samples_cache()])
    if cached is not None and sample is not None:
        verify(cached, sample)
        return cached
    if cached is not None:
        return cached
    allowed = config.network_allowed() if download is None else download
    searched = [str(f) for f in folders] + [str(samples_cache())]
    if sample is None:
        raise DataNotFoundError(
            f"{text!r} is not a file, not a known sample and not in the data folders {searched}. "
            "Give a path to a ROOT file, a name from `hep-repro data list`, or put the file in a folder "
            "named by HEP_REPRO_DATA"
        )
    if not allowed or sample.url is None:
        why = (
            "the network is not allowed (set HEP_REPRO_NETWORK=1 to download)"
            if sample.url
            else "it has no known URL"
        )
        raise DataNotFoundError(
            f"{sample.filename} ({sample.name}) was not found in {searched} and {why}. "
            f"Provide it by putting the file in a folder named by HEP_REPRO_DATA"
            + (f", or download it from {sample.url}" if sample.url else "")
        )
    return download_sample(sample)


def download_sample(sample: Sample, destination: Path | None = None) -> Path:
    """Download `sample` into the cache (or `destination`), verify it, and return its path.
    A partial or mismatching file is deleted; the caller never sees it."""
    if sample.url is None:
        raise DownloadError(f"{sample.name} has no known URL; provide the file locally (HEP_REPRO_DATA)")
    target = destination or samples_cache() / sample.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        request = urllib.request.Request(sample.url, headers={"User-Agent": "hep-repro"})
        with (
            urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response,
            open(partial, "wb") as out,
        ):
            for block in iter(lambda: response.read(CHUNK), b""):
                out.write(block)
        verify(partial, sample)
    except ChecksumError:
        partial.unlink(missing_ok=True)
        raise
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise DownloadError(
            f"downloading {sample.url} failed: {err}; check the network or provide the file locally"
        ) from err
    partial.replace(target)
    return target


def fetch(name: str, *, force: bool = False) -> Path:
    """Make a registry sample available locally (downloading when allowed); `force` re-downloads
    into the cache even when a copy exists."""
    sample = get(name)
    if force:
        if not config.network_allowed():
            raise DataNotFoundError("fetch --force needs the network: set HEP_REPRO_NETWORK=1")
        return download_sample(sample)
    return resolve(sample.name)


def local_status(sample: Sample) -> Path | None:
    """Where the sample is available locally (data folders or cache), without downloading."""
    return _search_folders(sample.filename, config.data_dirs() + [samples_cache()])
