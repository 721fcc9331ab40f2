"""The terminal's config file (TOML): timeouts, languages, staff PIN, printer, pack.

Kivy-free on purpose (house style, section 2). A config mistake should stop the kiosk at
start with a message an installer can act on (file, key, line, what is wrong), not leave
it running with a silently ignored setting. deploy/kiosk.toml is the documented example.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from content.hours import HoursError
from kiosk.core.screen_hours import ScreenHours, read_screen_hours
from kiosk.core.sizes import DIAGONAL_RANGE, PPI_RANGE, Screen

DEFAULT_PATH = Path("/etc/perm-kiosk/kiosk.toml")
ENV_VAR = "KIOSK_CONFIG"
LANGUAGES = ("ru", "en")

PAPERS = ("a4", "80mm")
"""The paper a request's slip is laid out for: an A4 sheet, or an 80 mm receipt roll."""

RANGES = {
    "idle_seconds": (15, 3600),
    "prompt_seconds": (20, 120),
    "upload_interval_seconds": (30, 24 * 3600),
}
WHY_RANGES = {
    "prompt_seconds": (
        "a visitor warned that time is running out must have at least 20 seconds to answer "
        "(WCAG 2.2, success criterion 2.2.1 Timing Adjustable)"
    ),
}
"""Why a range's low end is where it is, said with the error so an installer sees it."""
SCREEN_RANGES = {"screen_diagonal_inches": DIAGONAL_RANGE, "screen_ppi": PPI_RANGE}
WHOLE_RANGES = {
    "sync_every_minutes": (5, 7 * 24 * 60),
    "stale_after_days": (1, 365),
    "screen_wake_minutes": (1, 120),
}


_QUEUE_NAME = re.compile(r"[^\x00-\x20\x7f/\\'\"#]{1,127}")


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """The terminal's settings; the defaults are what runs without a config file."""

    idle_seconds: int = 60
    prompt_seconds: int = 20
    languages: tuple[str, ...] = ("ru", "en")  # the first is the default language
    staff_pin: str | None = None  # None: the staff screen cannot be opened
    printer: str | None = None  # a CUPS queue name; None: the system default
    paper: str = "a4"  # the paper in that printer, for a request's slip: "a4" or "80mm"
    pack: Path | None = None  # the content pack; None: the kiosk's own default
    data_dir: Path | None = None  # the terminal's own files (page counter); see paths.data_dir
    update_url: str | None = None  # the publishing server's folder (kiosk sync)
    trust: Path | None = None  # the root.json the terminal trusts (kiosk sync, kiosk import)
    sync_every_minutes: int = 60  # how often `kiosk sync` (without --once) tries
    stale_after_days: int = 14  # no good sync for this long: "information may be out of date"
    dropbox_url: str | None = None  # where `kiosk outbox upload` PUTs sealed submissions
    dropbox_credentials: Path | None = None  # a file of one line user:password for it
    upload_interval_seconds: int = 300  # how often `kiosk outbox upload` (without --once) runs
    terminal_id: str | None = None  # names the terminal in its submissions; see terminal_id()
    screen_diagonal_inches: float | None = None  # the screen's size: sizes true to it (sizes.py)
    screen_ppi: float | None = None  # or its pixels per inch; not both
    screen_hours: ScreenHours | None = None  # when the screen is on; None: always (screen_hours.py)
    screen_wake_minutes: int = 10  # outside those hours a touch wakes it for this long

    @property
    def screen(self) -> Screen:
        """The physical screen the sizes are made for (kiosk.core.sizes)."""
        return Screen(diagonal_inches=self.screen_diagonal_inches, ppi=self.screen_ppi)


def default_config_path() -> Path:
    """$KIOSK_CONFIG if set, else /etc/perm-kiosk/kiosk.toml."""
    return Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else DEFAULT_PATH


def load_config(path: Path | None = None) -> Config:
    """Read the config; path None means the default path, where a missing file is fine.

    An explicitly given file (an argument, or $KIOSK_CONFIG) must exist: a typo there
    should not quietly start a kiosk without its PIN and printer.
    """
    if path is None:
        path = default_config_path()
        if path == DEFAULT_PATH and not path.exists():
            return Config()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")  # Notepad's byte-order mark is no mistake
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the config file is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {_syntax_error(str(exc), text)}") from None
    return _config(path, data)


def _syntax_error(message: str, text: str) -> str:
    """tomllib's message with the line number and that line's text, for the installer."""
    # Python 3.11's TOMLDecodeError has no line attribute: its message ends with
    # "(at line N, column M)" or, for an error at the very end, "(at end of document)".
    match = re.search(r"\s*\((?:at line (\d+), column \d+|at end of document)\)$", message)
    if not match:
        return f"not valid TOML: {message}"
    lines = text.splitlines() or [""]
    number = int(match[1]) if match[1] else len(lines)
    shown = _shown_line(lines[number - 1].strip()) if number <= len(lines) else ""
    return f"not valid TOML at line {number}: {message[: match.start()]}: {shown}"


def _shown_line(line: str) -> str:
    """The line an error is on, as it may be shown: config errors go to logs, PINs must not.

    The key is read as TOML reads it, so a quoted or escaped spelling ("staff\\u005Fpin") is
    the PIN too; on a line whose key cannot be told (inside a multi-line string), no digit
    is shown at all.
    """
    key, equals, _value = line.partition("=")
    if equals:
        try:
            parsed = tomllib.loads(f"{key}= 0")
        except tomllib.TOMLDecodeError:
            parsed = None
        if parsed:
            if next(iter(parsed)) == "staff_pin":
                return f"{key.strip()} = (value hidden)"
            return line
    return re.sub(r"[0-9]", "#", line)


def _config(path: Path, data: dict) -> Config:
    known = [f.name for f in fields(Config)]
    values: dict[str, object] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown key '{key}' (known: {', '.join(known)})")
        problem = _check(key, value)
        if problem:
            raise ConfigError(f"{path}: '{key}' {problem}")
        values[key] = value
    if "screen_diagonal_inches" in values and "screen_ppi" in values:
        raise ConfigError(
            f"{path}: give 'screen_diagonal_inches' or 'screen_ppi', not both "
            "(they say the same thing twice and may disagree)"
        )
    if "languages" in values:
        values["languages"] = tuple(values["languages"])
    if "screen_hours" in values:
        values["screen_hours"] = read_screen_hours(values["screen_hours"])
    for key in ("pack", "data_dir", "trust", "dropbox_credentials"):
        if key in values:
            # Relative to the config file, not to wherever the service happens to start.
            values[key] = path.parent / Path(values[key]).expanduser()
    return Config(**values)


def _check(key: str, value: object) -> str | None:
    """What is wrong with one value, in plain words, or None if it is fine."""
    if key in RANGES:
        low, high = RANGES[key]
        if not isinstance(value, int) or isinstance(value, bool):
            return f"must be a whole number of seconds, got {value!r}"
        if not low <= value <= high:
            why = f": {WHY_RANGES[key]}" if key in WHY_RANGES else ""
            return f"must be between {low} and {high} seconds, got {value}{why}"
    elif key == "languages":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f'must be a list of language codes such as ["ru", "en"], got {value!r}'
        unknown = [v for v in value if v not in LANGUAGES]
        if unknown:
            return f"has unknown language '{unknown[0]}' (allowed: {', '.join(LANGUAGES)})"
        if len(set(value)) != len(value):
            return "lists a language twice"
        if "ru" not in value:
            return "must include 'ru': Russian is the language every text exists in"
    elif key == "staff_pin":
        if not isinstance(value, str):
            # A bare number would lose leading zeros (0042 -> 42), so ask for quotes.
            # (The value is not echoed: error messages end up in logs.)
            return 'must be digits in quotes, such as "482915"'
        if not re.fullmatch(r"[0-9]{4,12}", value):
            return "must be 4 to 12 digits (0-9) and nothing else"
        if trivial_pin(value):
            return (
                "is too easy to guess (a run, a repeat, a year or a common PIN): "
                "choose 6 or more digits with no pattern"
            )
    elif key in WHOLE_RANGES:
        low, high = WHOLE_RANGES[key]
        if not isinstance(value, int) or isinstance(value, bool):
            return f"must be a whole number, got {value!r}"
        if not low <= value <= high:
            return f"must be between {low} and {high}, got {value}"
    elif key == "update_url":
        if not isinstance(value, str) or not re.match(r"(https?|file)://\S+$", value):
            return f"must be an http://, https:// or file:// address in quotes, got {value!r}"
    elif key == "printer":
        if not isinstance(value, str):
            return f"must be text in quotes, got {value!r}"
        if not value.strip():
            return "is empty; leave the key out instead"
        # CUPS queue names: printable, no space, / \\ ' " or #; and never read as an lp option.
        if value.startswith("-") or not _QUEUE_NAME.fullmatch(value) or not value.isprintable():
            return f"must be a CUPS queue name as `lpstat -p` lists it, got {value!r}"
    elif key == "paper":
        if value not in PAPERS:
            return f'must be "a4" or "80mm" in quotes (the paper in the printer), got {value!r}'
    elif key == "dropbox_url":
        return dropbox_url_problem(value)
    elif key == "terminal_id":
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", value):
            return f"must be 1 to 64 letters, digits, '.', '_' or '-' in quotes, got {value!r}"
    elif key in SCREEN_RANGES:
        low, high = SCREEN_RANGES[key]
        if not isinstance(value, int | float) or isinstance(value, bool):
            return f"must be a number such as {low * 2:g}, got {value!r}"
        if not (math.isfinite(value) and low <= value <= high):
            return f"must be between {low:g} and {high:g}, got {value!r}"
    elif key == "screen_hours":
        try:
            read_screen_hours(value)
        except HoursError as exc:
            return f'cannot be read: {exc} (write e.g. {{ mo-fr = "08:00-19:00", sa = "closed" }})'
    elif key in ("pack", "data_dir", "trust", "dropbox_credentials"):
        if not isinstance(value, str):
            return f"must be text in quotes, got {value!r}"
        if not value.strip():
            return "is empty; leave the key out instead"
    return None


def dropbox_url_problem(value: object) -> str | None:
    """What is wrong with a drop box address, or None: https, or http on loopback only (the
    basic-auth password must not cross a network in clear); no query, fragment or user."""
    from urllib.parse import urlsplit

    if not isinstance(value, str) or not re.match(r"https?://\S+$", value):
        return f"must be an https:// address in quotes, got {value!r}"
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return f"is not a web address, got {value!r}"
    if "@" in parts.netloc:  # not echoed: it may hold a password
        return "must not hold a user or password: those go in the dropbox_credentials file"
    if not host or parts.query or parts.fragment:
        return f"must be a plain https:// address of a folder, got {value!r}"
    if parts.scheme == "http" and not _loopback(host):
        return "must be https:// (http:// only on this machine, 127.0.0.1 or localhost)"
    return None


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# The PINs people try first at any keypad (DataGenetics' study of leaked PINs, and the
# keypad's middle column); with runs, repeats and years, a passer-by's first guesses.
_COMMON_PINS = frozenset({"2580", "0852", "1004", "6969", "5683"})


def trivial_pin(pin: str) -> bool:
    """True for a PIN a passer-by would try among the first: 0000, 1234, 4321, 1212, 1990…"""
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if len(steps) == 1 and steps <= {0, 1, 9}:  # 0000, 1234, 7890, 4321
        return True
    for size in range(1, len(pin) // 2 + 1):  # 1212, 123123, 1010
        if len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size):
            return True
    if len(pin) % 2 == 0 and all(pin[i] == pin[i + 1] for i in range(0, len(pin), 2)):
        return True  # 1122, 112233
    if len(pin) == 4 and pin[:2] in ("19", "20"):  # a year: a birthday, the year it is
        return True
    return pin in _COMMON_PINS


TERMINAL_APP_ID = "9ece2d9c75cf4b0c9a7f8a10d5bc5b8f"
"""The kiosk's own application id for systemd's app-specific machine id (see below)."""


def terminal_id(config=None, machine_id: Path = Path("/etc/machine-id")) -> str:
    """The terminal's name in its submissions: the config's `terminal_id`, else an id
    derived from the machine id, else "".

    machine-id(5) asks that the machine id itself never leave the machine ("confidential")
    and that applications use a keyed hash of it instead. This is systemd's own
    app-specific id (sd_id128_get_machine_app_specific): HMAC-SHA256 keyed with the machine
    id over the application id, its first 16 bytes made a version-4 UUID. Staff read the
    same value on a terminal with `systemd-id128 machine-id --app-specific=TERMINAL_APP_ID`.
    """
    if config is not None and config.terminal_id:
        return config.terminal_id
    try:
        text = machine_id.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    if not re.fullmatch(r"[0-9a-f]{32}", text):
        return ""
    digest = hmac.new(bytes.fromhex(text), bytes.fromhex(TERMINAL_APP_ID), hashlib.sha256)
    derived = bytearray(digest.digest()[:16])
    derived[6] = (derived[6] & 0x0F) | 0x40  # version 4
    derived[8] = (derived[8] & 0x3F) | 0x80  # the RFC 4122 variant
    return derived.hex()


def data_dir(config=None) -> Path:
    """Where the terminal keeps files of its own (the page counter): the config's
    `data_dir`, else $XDG_STATE_HOME/perm-kiosk (~/.local/state/perm-kiosk)."""
    if config is not None and config.data_dir is not None:
        return Path(config.data_dir)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "perm-kiosk"
