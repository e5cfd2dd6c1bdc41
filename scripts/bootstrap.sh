#!/usr/bin/env bash
# Creates .venv and installs everything hep-repro needs, on a fresh Debian/Ubuntu machine.
# Called by the Makefile; safe to re-run (it does nothing when the stamp is current).
#   PYTHON           interpreter to build the venv from (default python3.11)
#   HEP_REPRO_WHEELS cache of wheels we build (llama-cpp-python compiles for ~5 min otherwise)
#   SKIP_APT=1       do not try to install Debian packages
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
VENV=.venv
WHEELS=${HEP_REPRO_WHEELS:-$HOME/.cache/hep-repro/wheels}
LLAMA_CPP="llama-cpp-python==0.3.36"
APT_PACKAGES=(bubblewrap chromium chromium-driver fonts-dejavu-core util-linux)
STAMP=$VENV/.installed
want=$(cat pyproject.toml constraints.txt scripts/bootstrap.sh | sha256sum | cut -c1-16)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi

# --- Debian packages: the sandbox (bubblewrap) and the browser tests (chromium) ----------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ] && [ "${SKIP_APT:-0}" != 1 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "!! missing Debian packages: ${missing[*]}"
    echo "   install them with: sudo apt-get install ${missing[*]}"
    echo "   (without bubblewrap model-written code will not run; without chromium the browser test is skipped)"
  fi
fi

# --- the virtual environment ----------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade "pip>=24" wheel

# llama-cpp-python ships no wheel on PyPI: build it once and keep the wheel in a user cache.
mkdir -p "$WHEELS"
if ! ls "$WHEELS"/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
  echo "==> building $LLAMA_CPP (about 5 minutes on 2 cores; cached in $WHEELS)"
  "$VENV/bin/python" -m pip wheel -q --no-deps -w "$WHEELS" "$LLAMA_CPP"
fi

echo "==> installing hep-repro and its pinned dependencies"
"$VENV/bin/python" -m pip install -q -c constraints.txt --find-links "$WHEELS" -e ".[dev]"
"$VENV/bin/python" -m pip check
echo "$want" > "$STAMP"
echo "==> environment ready: $VENV"
