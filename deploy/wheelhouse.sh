#!/usr/bin/env bash
# Download the Python packages a terminal needs into a folder (a "wheelhouse"), on a machine
# with internet, so that deploy/install.sh --wheelhouse DIR installs a terminal without it.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: deploy/wheelhouse.sh DIR [--arch x86_64|aarch64]

Downloads into DIR the wheels of the app's dependencies at the versions pinned in
requirements.txt, and the build tools (setuptools, wheel) that install.sh needs to build
the app itself. --arch: the terminal's processor if it is not this machine's (a Raspberry
Pi is aarch64); its Python must be 3.11, Debian 12's. Needs pip (PYTHON, default python3).

Example:
  deploy/wheelhouse.sh /media/usb/wheels --arch aarch64
  # then on the terminal:  sudo deploy/install.sh --wheelhouse /media/usb/wheels
EOF
}

dir="" arch=""
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --arch) [ $# -ge 2 ] || { echo "wheelhouse: --arch needs a value" >&2; exit 2; }
                arch=$2; shift 2 ;;
        -*) echo "wheelhouse: unknown option: $1" >&2; usage >&2; exit 2 ;;
        *) [ -z "$dir" ] || { usage >&2; exit 2; }; dir=$1; shift ;;
    esac
done
[ -n "$dir" ] || { usage >&2; exit 2; }
src=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
"$PYTHON" -m pip --version >/dev/null 2>&1 ||
    { echo "wheelhouse: $PYTHON has no pip (apt-get install python3-pip, or PYTHON=.venv/bin/python)" >&2; exit 1; }

# The app's own dependencies (pyproject.toml), not the tools of its tests.
mapfile -t wanted < <("$PYTHON" - "$src/pyproject.toml" <<'EOF'
import sys, tomllib
with open(sys.argv[1], "rb") as file:
    print("\n".join(tomllib.load(file)["project"]["dependencies"]))
EOF
)
platform=()
case $arch in
    "") ;;
    x86_64|aarch64)
        platform=(--only-binary=:all: --python-version 3.11 --implementation cp
                  --platform "manylinux2014_$arch" --platform "manylinux_2_28_$arch"
                  --platform "manylinux_2_34_$arch" --platform "manylinux_2_36_$arch") ;;
    *) echo "wheelhouse: --arch must be x86_64 or aarch64, got '$arch'" >&2; exit 2 ;;
esac
mkdir -p "$dir"
"$PYTHON" -m pip --disable-pip-version-check download --quiet --dest "$dir" \
    --constraint "$src/requirements.txt" "${platform[@]}" "${wanted[@]}" setuptools wheel
echo "wheelhouse: $(find "$dir" -name '*.whl' | wc -l) wheels in $dir"
