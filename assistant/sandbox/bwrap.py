"""The bubblewrap command line of a sandboxed kernel, and the unprivileged uid it runs as.

Layout inside the sandbox (nothing else of the host is visible):
  /usr, /bin, /lib, /lib64, /sbin   read-only (the host's merged-usr layout is mirrored)
  <python prefix>, <venv>           read-only, at their host paths (the venv's symlinks stay valid)
  /etc/fonts                        read-only when present (matplotlib text rendering)
  /opt/hep-repro-fonts              read-only prebuilt matplotlib font list (see font_cache_dir)
  /home/sandbox                     the session's work folder, writable, HOME and the current directory
  /data                             the run's data files, read-only (hard links or copies)
  <runtime dir>                     the kernel's connection file and ipc sockets, at the host path
  /tmp                              a private size-capped tmpfs
  /proc, /dev                       private (own PID namespace), minimal devices, /dev/shm a small tmpfs
Namespaces: ipc, pid, net (no network at all), uts, cgroup; environment cleared; new session;
the sandbox dies with its parent. As root, the kernel then drops to a per-kernel uid with
``setpriv`` after ``prlimit`` set its rlimits (RLIMIT_NPROC only binds a non-root uid).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.sandbox.types import SandboxLimits, SandboxUnavailableError

UID_BASE = 1_610_000  # far above login users and the usual subuid ranges
UID_COUNT = 4096
SANDBOX_WORK = "/home/sandbox"  # not /work: project virtualenvs often live below /work
SANDBOX_DATA = "/data"
SANDBOX_FONT_CACHE = "/opt/hep-repro-fonts"  # read-only matplotlib font list, copied at kernel start

INSTALL_HINT = (
    "install bubblewrap (Debian/Ubuntu: `apt-get install -y bubblewrap`; Fedora: `dnf install bubblewrap`) "
    "or, for code you trust, pass --unsandboxed / get_executor('unsandboxed') to run it without isolation"
)


def require_tools() -> dict[str, str]:
    """Paths of bwrap, prlimit and setpriv; SandboxUnavailableError names what is missing."""
    tools = {name: shutil.which(name) for name in ("bwrap", "prlimit", "setpriv")}
    missing = [name for name, path in tools.items() if not path]
    if missing:
        raise SandboxUnavailableError(
            f"cannot sandbox code: {', '.join(missing)} not found on PATH; {INSTALL_HINT}"
        )
    return {name: str(path) for name, path in tools.items()}


def python_roots() -> tuple[Path, Path]:
    """(interpreter prefix, virtual environment) as real paths; equal outside a venv."""
    base = Path(os.path.realpath(sys.base_prefix))
    venv = Path(os.path.realpath(sys.prefix))
    return base, venv


class UidLease:
    """An unprivileged uid reserved for one kernel by an exclusive lock file, so two hep-repro
    processes on one machine never share a uid (and the process limit and stray-process reaping
    stay per kernel)."""

    def __init__(self) -> None:
        lock_dir = Path(tempfile.gettempdir()) / "hep-repro-uids"
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        start = os.getpid() % UID_COUNT
        for step in range(UID_COUNT):
            uid = UID_BASE + (start + step) % UID_COUNT
            handle = open(lock_dir / f"{uid}.lock", "a+")  # noqa: SIM115 - held for the lease
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            self.uid = uid
            self._handle: object = handle
            return
        raise SandboxUnavailableError(f"no free sandbox uid in {UID_BASE}..{UID_BASE + UID_COUNT - 1}")

    def release(self) -> None:
        handle = self._handle
        if handle is not None:
            handle.close()  # type: ignore[attr-defined]
            self._handle = None


@dataclass
class SandboxLayout:
    """Host folders of one kernel: the work folder (rw), data staging folder (ro), runtime dir."""

    work: Path
    data: Path
    runtime: Path


def _parents(path: Path) -> list[str]:
    """bwrap arguments creating every ancestor of ``path`` world-traversable (bwrap makes 0700 ones)."""
    args: list[str] = []
    for parent in reversed(path.parents):
        if str(parent) != "/":
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


def _ro(path: Path) -> list[str]:
    return [*_parents(path), "--ro-bind", str(path), str(path)]


def bwrap_command(
    layout: SandboxLayout,
    kernel_argv: list[str],
    *,
    uid: int | None,
    limits: SandboxLimits,
    env: dict[str, str],
) -> list[str]:
    """The full argv: bwrap [namespaces, mounts, env] prlimit [limits] [setpriv uid] kernel_argv."""
    tools = require_tools()
    as_root = os.geteuid() == 0
    cmd = [tools["bwrap"], "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
    cmd += [
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
        "--hostname",
        "sandbox",
    ]
    if as_root:
        # No user namespace: it would map only uid 0, and RLIMIT_NPROC ignores root. setpriv needs these
        # two capabilities to drop to the kernel's uid; dropping clears them again.
        cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        cmd += ["--unshare-user", "--disable-userns"]
    cmd += ["--perms", "1777", "--size", str(limits.tmp_size_bytes), "--tmpfs", "/tmp"]
    cmd += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib64", "lib32", "sbin"):
        host = Path("/") / name
        if host.is_symlink():
            cmd += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            cmd += ["--ro-bind", str(host), str(host)]
    if Path("/etc/fonts").is_dir():
        cmd += ["--perms", "0755", "--dir", "/etc", "--ro-bind", "/etc/fonts", "/etc/fonts"]
    fonts = font_cache_dir()
    if fonts is not None:
        cmd += ["--perms", "0755", "--dir", "/opt", "--ro-bind", str(fonts), SANDBOX_FONT_CACHE]
    cmd += ["--proc", "/proc", "--dev", "/dev"]
    cmd += ["--perms", "1777", "--size", str(limits.shm_size_bytes), "--tmpfs", "/dev/shm"]
    base, venv = python_roots()
    roots = [base] if base == venv else [base, venv]
    for root in roots:
        for inside in (SANDBOX_WORK, SANDBOX_DATA):
            if root == Path(inside) or Path(inside) in root.parents or root in Path(inside).parents:
                raise SandboxUnavailableError(
                    f"the Python installation {root} overlaps the sandbox path {inside}; move it"
                )
    for root in roots:
        if not str(root).startswith("/usr/"):
            cmd += _ro(root)
    cmd += [*_parents(layout.runtime), "--bind", str(layout.runtime), str(layout.runtime)]
    cmd += [*_parents(Path(SANDBOX_WORK)), "--bind", str(layout.work), SANDBOX_WORK]
    cmd += ["--ro-bind", str(layout.data), SANDBOX_DATA]
    cmd += ["--chdir", SANDBOX_WORK]
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    cmd += [
        tools["prlimit"],
        f"--as={limits.address_space_bytes}",
        f"--cpu={limits.cpu_seconds}",
        f"--fsize={limits.file_size_bytes}",
        f"--nofile={limits.open_files}",
        f"--nproc={limits.processes}",
        "--core=0",
        "--",
    ]
    if as_root and uid is not None:
        cmd += [
            tools["setpriv"],
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--no-new-privs",
            "--",
        ]
    return cmd + kernel_argv


def font_cache_dir() -> Path | None:
    """A host folder holding matplotlib's font list, built once per machine and matplotlib version by a
    host subprocess (about 1.5 s). Kernels copy it into their private MPLCONFIGDIR at start, so the
    first plot of a session does not rebuild it; never writable by a sandbox. None if it cannot be built."""
    try:
        from importlib.metadata import version

        mpl_version = version("matplotlib")
    except Exception:  # noqa: BLE001 - matplotlib missing: nothing to cache
        return None
    folder = Path(tempfile.gettempdir()) / f"hep-repro-mplcache-{os.geteuid()}-{mpl_version}"
    if any(folder.glob("fontlist-*.json")):
        return folder
    folder.mkdir(mode=0o755, exist_ok=True)
    with open(folder / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not any(folder.glob("fontlist-*.json")):
            env = {
                "MPLCONFIGDIR": str(folder),
                "HOME": str(folder),
                "PATH": "/usr/bin:/bin",
                "MPLBACKEND": "Agg",
            }
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(
                    [sys.executable, "-c", "import matplotlib.font_manager"],
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=120,
                    check=False,
                )
    for path in folder.glob("fontlist-*.json"):
        path.chmod(0o644)
    return folder if any(folder.glob("fontlist-*.json")) else None


def sandbox_env(venv: Path) -> dict[str, str]:
    """The whole environment of the sandboxed kernel: nothing inherited from the host."""
    return {
        "HOME": SANDBOX_WORK,
        "PATH": f"{venv}/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "JPY_PARENT_PID": "1",  # the real parent is outside the PID namespace
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "IPYTHONDIR": "/tmp/ipython",
        "XDG_CACHE_HOME": "/tmp/cache",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "MALLOC_ARENA_MAX": "2",  # per-thread malloc arenas would eat the address-space limit
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }
