#!/usr/bin/env bash
# Add the terminal's printer as a CUPS queue, set up as the kiosk needs it. Installed as
# /usr/local/sbin/perm-kiosk-add-printer by deploy/install.sh; docs/deployment.md,
# "Adding a printer", says when to use which option.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: perm-kiosk-add-printer [--uri URI] [--ppd FILE] [--name NAME] [--paper a4|80mm]
                              [--media NAME] [--config FILE]

Adds (or corrects) the kiosk's CUPS queue: the printer at URI, its paper as the default,
errors retried (printer-error-policy=retry-job: a printer out of paper or switched off
holds the job and takes it when it is back, instead of stopping the queue until someone
runs cupsenable), not shared on the network, accepting jobs, and the system's default
printer. Run again, it changes nothing if the queue is already so.

  --uri URI     the printer's address: ipp://HOST/ipp/print for a network printer, or what
                `driverless` or `lpinfo -v` lists (a USB printer). Left out: the queue's
                own address if it exists, else the one printer that `driverless` and
                `lpinfo -v` find (if they find several, they are listed: choose one).
  --ppd FILE    the maker's driver (a PPD file) for a printer that is not driverless
                (default: driverless, lpadmin -m everywhere)
  --name NAME   the queue's name (default: `printer` in the config, else kiosk-printer)
  --paper P     a4 or 80mm (default: `paper` in the config, else a4): A4 sheets, or the
                printer's 80 mm roll
  --media NAME  the paper by its PWG name instead, as CUPS reports it in media-default
                (iso_a5_148x210mm, na_letter_8.5x11in)
  --config FILE the terminal's config (default: $KIOSK_CONFIG, else /etc/perm-kiosk/kiosk.toml)

Examples:
  perm-kiosk-add-printer --uri ipp://192.168.1.50/ipp/print
  perm-kiosk-add-printer --paper 80mm --uri usb://Citizen/CT-S310II --ppd /usr/share/ppd/ct-s310.ppd
EOF
}

fail() { echo "add-printer: $*" >&2; exit 1; }
say() { echo "add-printer: $*"; }

uri="" ppd="" name="" paper="" media=""
config=${KIOSK_CONFIG:-/etc/perm-kiosk/kiosk.toml}
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --uri|--ppd|--name|--paper|--media|--config)
            [ $# -ge 2 ] || fail "$1 needs a value"
            declare "${1#--}=$2"; shift 2 ;;
        *) echo "add-printer: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

# The queue's name and paper as the kiosk will look for them: the config's, read strictly.
read_config() {
    [ -f "$config" ] || return 0
    python3 - "$config" "$1" <<'EOF'
import sys, tomllib
try:
    with open(sys.argv[1], "rb") as file:
        value = tomllib.load(file).get(sys.argv[2], "")
except (OSError, tomllib.TOMLDecodeError) as exc:
    sys.exit(f"add-printer: cannot read {sys.argv[1]}: {exc}")
print(value if isinstance(value, str) else "")
EOF
}
[ -n "$name" ] || name=$(read_config printer)
[ -n "$name" ] || name=kiosk-printer
[ -n "$paper" ] || paper=$(read_config paper)
[ -n "$paper" ] || paper=a4
case $paper in a4|80mm) ;; *) fail "--paper must be a4 or 80mm, got '$paper'" ;; esac
# The same rule as the config's printer key (kiosk/core/config.py).
[[ $name =~ ^[^[:space:]/\\\'\"#]{1,127}$ ]] || fail "not a CUPS queue name: '$name'"
[ -z "$ppd" ] || [ -f "$ppd" ] || fail "no such PPD file: $ppd"
command -v lpadmin >/dev/null || fail "CUPS is not installed (apt-get install cups cups-client)"
LC_ALL=C lpstat -r 2>/dev/null | grep -q "scheduler is running" ||
    fail "the CUPS scheduler is not running (systemctl start cups)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/queue.test" <<'EOF'
{
    NAME "the queue's settings"
    OPERATION Get-Printer-Attributes
    GROUP operation-attributes-tag
    ATTR charset attributes-charset utf-8
    ATTR naturalLanguage attributes-natural-language en
    ATTR uri printer-uri $uri
    ATTR keyword requested-attributes device-uri,printer-error-policy,media-default,printer-is-accepting-jobs,printer-state,printer-is-shared
    STATUS successful-ok
    DISPLAY device-uri
    DISPLAY printer-error-policy
    DISPLAY media-default
    DISPLAY printer-is-accepting-jobs
    DISPLAY printer-state
    DISPLAY printer-is-shared
}
EOF

# device-uri,printer-error-policy,media-default,accepting,state,shared of the queue; '' if none.
queue_state() {
    LC_ALL=C ipptool -c -T 20 "ipp://localhost/printers/$name" "$work/queue.test" 2>/dev/null |
        sed -n 2p || true
}

# Is a PWG media name (iso_a4_210x297mm, om_x80mmy297mm_80.08x297.04mm) 80 mm wide?
roll_80mm() {
    [[ $1 =~ _([0-9.]+)x[0-9.]+mm$ ]] &&
        awk -v w="${BASH_REMATCH[1]}" 'BEGIN { exit !(w >= 79 && w <= 81) }'
}

media_ok() {
    if [ -n "$media" ]; then [ "$1" = "$media" ]
    elif [ "$paper" = a4 ]; then [ "$1" = iso_a4_210x297mm ]
    else roll_80mm "$1"
    fi
}

is_default() { [ "$(LC_ALL=C lpstat -d 2>/dev/null)" = "system default destination: $name" ]; }

set_up() { # the queue's state is as the kiosk needs it
    local state=$1 device policy medium accepting pstate shared
    IFS=, read -r device policy medium accepting pstate shared <<<"$state"
    [ "$device" = "$uri" ] && [ "$policy" = retry-job ] && media_ok "$medium" &&
        [ "$accepting" = true ] && [ "$pstate" != stopped ] && [ "$shared" = false ] && is_default
}

# The one printer driverless and lpinfo find, when no --uri is given.
find_printer() {
    local found
    mapfile -t found < <({ driverless 2>/dev/null || true
        LC_ALL=C lpinfo --include-schemes usb -v 2>/dev/null | awk '{print $2}' || true; } |
        grep -E '^[a-z]+://' | sort -u)
    case ${#found[@]} in
        0) fail "no printer found (driverless, lpinfo -v): is it switched on and connected? Or give --uri" ;;
        1) echo "${found[0]}" ;;
        *) printf 'add-printer: several printers found; choose one with --uri:\n' >&2
           printf '  %s\n' "${found[@]}" >&2
           exit 1 ;;
    esac
}

# The printer's own 80 mm paper: a page size of its driver 80 mm wide (226.8 points).
roll_page_size() {
    local size
    size=$(LC_ALL=C lpoptions -p "$name" -l 2>/dev/null | awk -F': ' '/^PageSize/ {print $2}' |
        tr ' ' '\n' | tr -d '*' | grep -v '^Custom' | while read -r option; do
            [ -f "/etc/cups/ppd/$name.ppd" ] || break
            grep -E "^\*PaperDimension $option(/[^:]*)?: \"" "/etc/cups/ppd/$name.ppd" |
                awk -v o="$option" -F'"' '{ split($2, d, " "); if (d[1] >= 224 && d[1] <= 230) print o }'
        done | head -n1)
    [ -n "$size" ] || fail "the printer '$name' offers no 80 mm paper (its sizes: lpoptions -p $name -l); give --media"
    echo "$size"
}

state=$(queue_state)
if [ -z "$uri" ]; then
    uri=${state%%,*}
    [ -n "$uri" ] || uri=$(find_printer)
fi
if [ -n "$state" ] && set_up "$state"; then
    say "the queue '$name' is set up already ($uri); nothing changed"
    exit 0
fi

if [ -z "$state" ] || [ "${state%%,*}" != "$uri" ]; then
    if [ -n "$ppd" ]; then model=(-P "$ppd"); else model=(-m everywhere); fi
    say "adding the queue '$name' for $uri"
    # lpadmin warns that drivers are deprecated (CUPS 3 will be driverless only); they work.
    lpadmin -p "$name" -E -v "$uri" "${model[@]}" 2> >(grep -v "deprecated" >&2)
fi
lpadmin -p "$name" -o printer-error-policy=retry-job -o printer-is-shared=false
if [ -n "$media" ]; then
    lpadmin -p "$name" -o "media=$media"
elif [ "$paper" = a4 ]; then
    lpadmin -p "$name" -o media=iso_a4_210x297mm
else
    size=$(roll_page_size)
    lpadmin -p "$name" -o "PageSize=$size"
fi
cupsenable "$name"
cupsaccept "$name"
lpadmin -d "$name"

state=$(queue_state)
set_up "$state" || fail "the queue '$name' is not as asked after setting it up: $state"
IFS=, read -r _ _ medium _ <<<"$state"
say "the queue '$name' prints on $medium at $uri, retries after errors, and is the default"
