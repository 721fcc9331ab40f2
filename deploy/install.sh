#!/usr/bin/env bash
# Install or upgrade a Perm kiosk terminal on Debian 12 (an x86-64 mini PC or an arm64
# Raspberry-Pi class board), from this checkout. Run it as root; run it again after a
# `git pull` to upgrade: whatever is already as it should be is left alone.
# docs/deployment.md, "Installing a terminal", says what it makes and why.
set -euo pipefail
umask 022

usage() {
    cat <<'EOF'
Usage: deploy/install.sh [--wheelhouse DIR]

Installs the kiosk terminal: the Debian packages (deploy/system-packages.txt), the user
`kiosk`, the app in its own virtual environment under /opt/perm-kiosk with the demo pack,
/etc/perm-kiosk/kiosk.toml (only if there is none), /var/lib/perm-kiosk, the systemd
units and timers, the journal's size cap, and perm-kiosk-add-printer. Running it again
changes nothing unless this checkout changed.

  --wheelhouse DIR  install the Python packages from the wheels in DIR only, without the
                    package index (a terminal without internet; deploy/wheelhouse.sh
                    makes DIR). Also taken from the WHEELHOUSE environment variable.

Environment:
  DESTDIR   install into this folder instead of / (tests, images). Nothing on the running
            system is changed then: no apt-get, no user, no systemctl; the steps that would
            are printed. The virtual environment is made for its place under DESTDIR.
  PYTHON    the Python that makes the virtual environment (default /usr/bin/python3)

Example:
  sudo deploy/install.sh
  DESTDIR=/tmp/kiosk-root deploy/install.sh --wheelhouse /media/usb/wheels
EOF
}

WHEELHOUSE=${WHEELHOUSE:-}
while [ $# -gt 0 ]; do
    case $1 in
        --wheelhouse) [ $# -ge 2 ] || { echo "install.sh: --wheelhouse needs a folder" >&2; exit 2; }
                      WHEELHOUSE=$2; shift 2 ;;
        --wheelhouse=*) WHEELHOUSE=${1#*=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

src=$(cd "$(dirname "$0")/.." && pwd)
DESTDIR=${DESTDIR:-}
DESTDIR=${DESTDIR%/}
root=$DESTDIR
PYTHON=${PYTHON:-/usr/bin/python3}
OPT=/opt/perm-kiosk
ETC=/etc/perm-kiosk
VAR=/var/lib/perm-kiosk
UNITS=(perm-kiosk.service perm-kiosk-sync.timer perm-kiosk-outbox.timer perm-kiosk-restart.timer)

say() { echo "install: $*"; }
fail() { echo "install: $*" >&2; exit 1; }

# A step that changes the running system: done without DESTDIR, only told with it.
on_system() {
    if [ -n "$DESTDIR" ]; then say "would run: $*"; else "$@"; fi
}

if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
    fail "run as root (sudo $0), or with DESTDIR=folder to install into a folder"
fi
if [ -n "$WHEELHOUSE" ]; then
    [ -d "$WHEELHOUSE" ] || fail "no such wheelhouse folder: $WHEELHOUSE"
    WHEELHOUSE=$(cd "$WHEELHOUSE" && pwd)
fi

# -- the Debian packages -------------------------------------------------------------------

install_packages() {
    local wanted missing=() pkg
    mapfile -t wanted < <(grep -v '^\s*#' "$src/deploy/system-packages.txt" | awk 'NF {print $1}')
    if [ -n "$DESTDIR" ]; then
        say "would install the Debian packages: ${wanted[*]}"
        return
    fi
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# -- files: written only when their bytes or mode differ ------------------------------------

changed=()

put() { # put FROM TO MODE
    local from=$1 to=$root$2 mode=$3
    if [ -f "$to" ] && [ ! -L "$to" ] && cmp -s "$from" "$to" &&
        [ "$(stat -c %a "$to")" = "${mode#0}" ]; then
        return
    fi
    mkdir -p "$(dirname "$to")"
    install -m "$mode" "$from" "$to"
    say "wrote $2"
    changed+=("$2")
}

link() { # link TARGET NAME: a symbolic link, replaced in one rename
    local target=$1 name=$root$2
    [ -L "$name" ] && [ "$(readlink "$name")" = "$target" ] && return
    ln -sfn "$target" "$name.new"
    mv -Tf "$name.new" "$name"
    say "linked $2 -> $target"
}

install_files() {
    local unit
    for unit in "$src"/deploy/systemd/*.service "$src"/deploy/systemd/*.timer; do
        put "$unit" "/etc/systemd/system/$(basename "$unit")" 0644
    done
    put "$src/deploy/journald/perm-kiosk.conf" /etc/systemd/journald.conf.d/perm-kiosk.conf 0644
    put "$src/deploy/sysusers.d/perm-kiosk.conf" /etc/sysusers.d/perm-kiosk.conf 0644
    put "$src/deploy/tmpfiles.d/perm-kiosk.conf" /etc/tmpfiles.d/perm-kiosk.conf 0644
    put "$src/deploy/pam/perm-kiosk" /etc/pam.d/perm-kiosk 0644
    put "$src/deploy/add-printer.sh" /usr/local/sbin/perm-kiosk-add-printer 0755
}

# -- the user and the folders ---------------------------------------------------------------

user_and_folders() {
    if [ -n "$DESTDIR" ]; then
        # The owners are the tmpfiles.d file's to set, on the system that boots this tree.
        mkdir -p "$root$VAR" "$root$ETC"
        chmod 0750 "$root$VAR"
    fi
    on_system systemd-sysusers /etc/sysusers.d/perm-kiosk.conf
    on_system systemd-tmpfiles --create /etc/tmpfiles.d/perm-kiosk.conf
}

# The config from deploy/kiosk.toml, with the installed terminal's data folder and demo pack.
# Kept if there is one: it is the terminal's, edited by staff.
install_config() {
    local to=$root$ETC/kiosk.toml tmp
    if [ -e "$to" ]; then
        say "kept $ETC/kiosk.toml"
        return
    fi
    tmp=$(mktemp)
    "$PYTHON" - "$src/deploy/kiosk.toml" "$tmp" "$OPT/demo.sqlite" "$VAR" <<'EOF'
import sys
source, target, pack, data = sys.argv[1:]
text = open(source, encoding="utf-8").read()
lines = {
    '# pack = "/var/lib/perm-kiosk/pack.sqlite"\n': f'pack = "{pack}"\n',
    '# data_dir = "/var/lib/perm-kiosk"\n': f'data_dir = "{data}"\n',
}
for old, new in lines.items():
    if text.count(old) != 1:
        sys.exit(f"install: deploy/kiosk.toml no longer has the line {old.strip()!r}")
    text = text.replace(old, new)
open(target, "w", encoding="utf-8").write(text)
EOF
    put "$tmp" "$ETC/kiosk.toml" 0640
    rm -f "$tmp"
}

# -- the app --------------------------------------------------------------------------------

# What the app is built from, in a stable order: the project's files (never caches), this
# script, and the Python. The same stamp means the release installed is this one.
source_files() {
    (cd "$src" && find pyproject.toml README.md requirements.txt kiosk content printouts \
        -name __pycache__ -prune -o -type f ! -name '*.pyc' -print0 | LC_ALL=C sort -z)
}

release_stamp() {
    {
        (cd "$src" && source_files | xargs -0 sha256sum)
        sha256sum < "$src/deploy/install.sh"
        "$PYTHON" -c 'import sys; print(sys.executable, sys.version)'
    } | sha256sum | cut -c1-64
}

# A release is a virtual environment of its own, /opt/perm-kiosk/releases/ID, made beside the
# one in use and switched to in one rename of the .venv link: a kiosk running during an
# upgrade keeps its files until it restarts.
install_app() {
    local stamp id rel previous tmp demo
    stamp=$(release_stamp)
    id=${stamp:0:16}
    rel=$OPT/releases/$id
    if [ -f "$root$rel/.release" ] && [ "$(cat "$root$rel/.release")" = "$stamp" ]; then
        say "the app ($id) is installed already"
    else
        say "installing the app ($id) into $rel"
        rm -rf "$root$rel"
        mkdir -p "$root$OPT/releases"
        tmp=$(mktemp -d)
        # Built from a copy: setuptools would write build/ and *.egg-info into the checkout.
        (cd "$src" && source_files | tar --null -T - -cf -) | tar -xf - -C "$tmp"
        "$PYTHON" -m venv "$root$rel"
        local pip=("$root$rel/bin/python" -m pip --disable-pip-version-check --no-input install
            --quiet --no-warn-script-location --constraint "$src/requirements.txt")
        if [ -n "$WHEELHOUSE" ]; then
            pip+=(--no-index --find-links "$WHEELHOUSE")
        fi
        "${pip[@]}" "$tmp" || { rm -rf "$tmp"; fail "pip could not install the app"; }
        rm -rf "$tmp"
        mkdir -p "$root$rel/share/perm-kiosk"
        demo=$("$root$rel/bin/python" -c \
            'import content, pathlib; print(pathlib.Path(content.__file__).parent / "demo")')
        "$root$rel/bin/kiosk" content build "$demo" -o "$root$rel/share/perm-kiosk/demo.sqlite" \
            >/dev/null
        echo "$stamp" > "$root$rel/.release"
    fi
    previous=$(readlink "$root$OPT/.venv" 2>/dev/null || true)
    link "releases/$id" "$OPT/.venv"
    link ".venv/share/perm-kiosk/demo.sqlite" "$OPT/demo.sqlite"
    # The release before stays for a kiosk still running on it; older ones go.
    local old
    for old in "$root$OPT"/releases/*; do
        [ -e "$old" ] || continue
        case "releases/$(basename "$old")" in
            "releases/$id"|"$previous") ;;
            *) rm -rf "$old"; say "removed the old release $(basename "$old")" ;;
        esac
    done
}

# -- the units --------------------------------------------------------------------------------

enable_units() {
    if [ -n "$DESTDIR" ]; then
        # Offline: only the symbolic links in DESTDIR/etc/systemd/system/*.wants.
        systemctl --root="$root" --quiet enable "${UNITS[@]}"
        say "would run: systemctl daemon-reload; systemctl disable getty@tty1.service"
        return
    fi
    if [ ${#changed[@]} -gt 0 ]; then
        systemctl daemon-reload
    fi
    systemctl --quiet enable "${UNITS[@]}"
    # tty1 is the kiosk's: no login prompt there (other VTs keep theirs).
    systemctl --quiet disable getty@tty1.service 2>/dev/null || true
    local file
    for file in "${changed[@]}"; do
        if [ "$file" = /etc/systemd/journald.conf.d/perm-kiosk.conf ]; then
            systemctl restart systemd-journald
        fi
    done
}

install_packages
install_files
install_config  # before the folders' owners are set: tmpfiles.d gives the config its group
user_and_folders
install_app
enable_units
if [ -z "$DESTDIR" ]; then
    say "done. Start the kiosk now with: systemctl start perm-kiosk (it starts at every boot)"
    say "a new version runs from its next start (the nightly restart, or: systemctl restart perm-kiosk)"
else
    say "done: installed into $DESTDIR"
fi
