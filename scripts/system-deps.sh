#!/usr/bin/env bash
# Install the Debian packages the kiosk and its tests need: a terminal's (deploy/system-packages.txt,
# which deploy/install.sh installs on a terminal) and the tests' own (deploy/test-packages.txt).
# As root (CI, a terminal being set up) it runs apt-get; otherwise it prints the exact command
# and stops, because a Makefile should not ask for a password behind your back.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mapfile -t wanted < <(cat "$here/deploy/system-packages.txt" "$here/deploy/test-packages.txt" |
    grep -v '^\s*#' | awk 'NF {print $1}')
missing=()
for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Debian splits venv/ensurepip out of python3; `make` needs them to create .venv.
if ! "${PYTHON:-python3}" -c 'import ensurepip, venv' 2>/dev/null; then
    missing+=(python3-venv)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: not a Debian system; please install the equivalents of: ${missing[*]}" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "system-deps: these system packages are missing: ${missing[*]}" >&2
    echo "system-deps: install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
