"""Issue 17, must show 1 and 3: every kind of request typed in the real app, delivered to the
drop box, opened by the office; and afterwards nothing typed left on the terminal.

One visitor, in the one headless app, opens each of the six forms the way a citizen does
(from a service's or an agency's page, "Tell us about yourself" from Home), types every
text on the app's own keys (Cyrillic; the digits page for an address), dials the phones on
the digit pad, picks the chips, agrees and sends, and reads the reference off the
confirmation. What the on-screen keys cannot type (emoji, among them one outside the BMP
with a skin tone and a ZWJ sequence; the bulk of a 2,000-character complaint) comes as an
attached keyboard's input method gives it: `Window.dispatch('on_textinput', text)`, a word
at a time, while the field is in focus; the form holds the window's keyboard for the field
being typed in and hands the text to it, as it does on a terminal.

Then `kiosk outbox upload --once` (the command, in this process) puts them into the deploy
example's nginx drop box on loopback, and `kiosk inbox pull` (the command, in a process of
its own, as on the office's machine) opens them with content/demo-inbox.key into an inbox:
each arrives once, every field exactly as typed. Pulling and uploading again add nothing.
Then the idle reset, through the session clock.

After it, none of the names, phones (as dialled, in the +7 mask, as sent) or texts typed is
in any file of the terminal's data folder, in the drop box's folder (the sealed files,
nginx's logs), in Kivy's log file (at DEBUG for the run), in any log record of any logger
(DEBUG), in what was written to stdout or stderr (fds 1 and 2 too), nor in a live object of
the app. Each place is shown to be looked at: a canary logged or written there is found by
the same search, and the same search finds every typed text in the staff's inbox, the one
place the texts belong.

The typed words are written in this module with a "|" inside (`typed()` takes it out), so
that no constant of the module holds them whole: otherwise the scan of live objects would
find the test's own code.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from dropbox_server import DropboxSite, nginx_binary
from live_objects import holders_of, widget_holders
from test_typed_text_forgotten import idle_until_reset
from typed_traces import all_records, files_under, output_into, traces_in, traces_in_files

from kiosk.adapters.outbox import Outbox
from kiosk.app.headless import buttons
from kiosk.core import keyboard as layouts
from kiosk.core.requests.kinds import KINDS, TEXT_LIMIT

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")

ROOT = Path(__file__).resolve().parents[2]
DEMO_KEY = ROOT / "content" / "demo-inbox.key"

SERVICE = "home-social-services"
"""Provided by kcson-perm, minsoc-perm and mfc-perm; the forms go to kcson-perm, which has
one office."""

# -- what the visitor types ------------------------------------------------------------------

ON_KEYS = {
    ("appointment", "name"): "агафья про|хорова",
    ("callback", "topic"): "пособие на внука чебо|ксаровой",
    ("callback", "name"): "ульяна чебо|ксарова",
    ("rating", "comment"): "спасибо оператору вар|фоломеевой",
    ("complaint", "text"): "очередь у окна шесто|перова",
    ("complaint", "name"): "ефросинья зелено|глазова",
    ("complaint", "reply_to"): "пермь, ул. сне|жинская, 17-4",
    ("wrong_info", "text"): "вывеска кри|волапова, кабинет 21",
    ("about_me", "name"): "зинаида бело|рыбицына",
    ("about_me", "household"): "мама ага|пия, внук ти|мофей",
    ("about_me", "help"): "нужна сиделка для праба|бушки",
}
"""(kind, field) -> what is typed on the on-screen keys."""

LONG_TEXT_UNIT = " ждала сосе|дка долго|носикова "
"""Repeated, with an emoji, by the attached keyboard up to TEXT_LIMIT in the complaint."""

DIALLED = {"appointment": "951|482|7306", "callback": "908|731|5264", "about_me": "919|364|0725"}
"""The ten digits after +7 dialled on the pad, by kind. Numbers no other test module holds:
the scan of live objects reads every module's constants (test_request_slip_app.py dials
952 618 30 47)."""


def typed(text: str) -> str:
    return text.replace("|", "")


def granny() -> str:
    """👵🏼: outside the BMP, with a skin tone (two code points)."""
    return chr(0x1F475) + chr(0x1F3FC)


def attached(kind: str, name: str) -> str:
    """What comes from an attached keyboard after the keys' part, '' for none."""
    if (kind, name) == ("rating", "comment"):
        return " " + chr(0x1F44D) + chr(0x1F3FD) + " " + granny()  # 👍🏽 👵🏼
    if (kind, name) == ("about_me", "help"):
        return " " + granny() + " " + chr(0x1F469) + "\u200d" + chr(0x1F467)  # 👩‍👧
    if (kind, name) == ("complaint", "text"):
        start = typed(ON_KEYS[kind, name])
        unit = typed(LONG_TEXT_UNIT) + granny() + " в коридоре."
        rest = unit * (TEXT_LIMIT // len(unit) + 1)
        return rest[: TEXT_LIMIT - len(start)]
    return ""


def as_typed(kind: str, name: str) -> str:
    return typed(ON_KEYS[kind, name]) + attached(kind, name)


def masked(digits: str) -> str:
    """As the form shows a number: +7 (342) 123-45-67, or as far as it goes."""
    mask, out = "+7 (___) ___-__-__", ""
    for char in mask:
        if not digits:
            break
        if char == "_":
            out, digits = out + digits[0], digits[1:]
        else:
            out += char
    return out


def needles() -> dict[str, str]:
    """What betrays a typed text, by a label that says whose: each field's whole value as
    typed, each word of it written with a "|" here, and each phone as dialled, in the mask
    (whole, and as soon as six digits are in), and as sent. Built anew on each call."""
    found = {}
    for (kind, name), keys in ON_KEYS.items():
        if name != "household":  # sent as a list: its items are, the typed line is not
            found[f"{kind}.{name}"] = as_typed(kind, name)
        marked = keys + (LONG_TEXT_UNIT if (kind, name) == ("complaint", "text") else "")
        for word in marked.split(" "):
            if "|" in word:
                found[f"{kind}.{name}: {typed(word).strip(',')}"] = typed(word).strip(",")
    for kind, dialled in DIALLED.items():
        digits = typed(dialled)
        found[f"{kind}.phone as dialled"] = digits
        found[f"{kind}.phone in the mask"] = masked(digits)
        found[f"{kind}.phone half in the mask"] = masked(digits[:6])
        found[f"{kind}.phone as sent"] = "+7" + digits
    return found


ONLY_ON_SCREEN = (" in the mask", " half in the mask")
"""Needles the office's inbox does not hold either: the mask is the screen's."""


def words_and_phones() -> tuple[str, ...]:
    """The needles for the scan of live objects: every whole value holds one of its words."""
    return tuple(text for label, text in needles().items() if ": " in label or ".phone" in label)


# -- what the visitor does --------------------------------------------------------------------


def open_form(kiosk, screen: str, key: str, title: str):
    """Open the page of `key`, and touch the button `title` on it."""
    kiosk.app.controllers.navigator.open(screen, key)
    kiosk.settle()
    (button,) = [b for b in buttons(kiosk.screen, "RequestButton") if b.text == title]
    kiosk.tap(button)
    assert kiosk.screen.name == "request_form"
    return kiosk.screen


def type_on_keys(kiosk, form, name: str, text: str) -> None:
    """Touch the field, then each character's key, turning to the digits page and back."""
    kiosk.tap(form.field(name).input)
    assert form.pad == "keys"
    for char in text:
        kiosk.tap(_key_for(kiosk, form.ids.keyboard, char))


def _key_for(kiosk, board, char: str):
    for _page in range(2):
        keys = [
            k
            for k in buttons(board, "KeyButton")
            if (k.key.kind == layouts.SPACE and char == " ")
            or (k.key.kind == layouts.CHAR and k.key.text == char)
        ]
        if keys:
            return keys[0]
        (switch,) = [k for k in buttons(board, "KeyButton") if k.key.kind == layouts.DIGITS]
        kiosk.tap(switch)
    raise AssertionError(f"the on-screen keyboard has no key for {char!r}")


def type_attached(kiosk, form, name: str, text: str) -> None:
    """Text from an attached keyboard into the field in focus, through the window as SDL
    gives it, a word or a space at a time as an input method commits it."""
    field = form.field(name).input
    assert field.focus and form.active is field
    for piece in re.findall(r"\S+|\s+", text):
        kiosk.window.dispatch("on_textinput", piece)
    kiosk.frames()


def type_field(kiosk, form, kind: str, name: str) -> None:
    type_on_keys(kiosk, form, name, typed(ON_KEYS[kind, name]))
    more = attached(kind, name)
    if more:
        type_attached(kiosk, form, name, more)
    assert form.field(name).input.text == as_typed(kind, name)


def dial(kiosk, form, kind: str) -> None:
    kiosk.tap(form.field("phone").input)
    assert form.pad == "digits"
    pad = {key.text: key for key in buttons(form.ids.digits, "DigitKey")}
    digits = typed(DIALLED[kind])
    for digit in digits:
        kiosk.tap(pad[digit])
    assert form.field("phone").input.text == masked(digits)


def chips_of(widget) -> list:
    return buttons(widget, "FormChip") + buttons(widget, "WideChip")


def choose(kiosk, form, name: str, value=None):
    """Touch the chip of `value` (None: the first one); the value chosen."""
    options = chips_of(form.field(name))
    chip = options[0] if value is None else next(c for c in options if c.choice == value)
    kiosk.tap(chip)
    assert chip.state == "down"
    return chip.choice


def choose_organisation(kiosk, form, agency: str) -> None:
    """A service several organisations provide: its form asks first which one."""
    if form.field("agency") is not None:
        choose(kiosk, form, "agency", agency)


def agree(kiosk, form) -> None:
    kiosk.tap(chips_of(form.field("consent"))[0])


def send_and_read_reference(kiosk, form) -> str:
    """Send; the reference as the confirmation shows it, read off its label."""
    kiosk.tap(form.ids.send)
    problems = kiosk.app.controllers.requests.problems() if kiosk.screen is form else {}
    assert kiosk.screen.name == "request_sent", sorted(problems)
    shown = kiosk.screen.ids.reference.text  # "K 7 M Q - 4 X R 9"
    reference = shown.replace(" ", "")
    assert reference == kiosk.screen.reference
    kiosk.tap(kiosk.screen.ids.done)
    assert kiosk.screen.name == "home"
    return reference


# Each kind as a visitor fills it in: the form, and the fields it should arrive with.


def appointment(kiosk) -> tuple:
    form = open_form(kiosk, "service", SERVICE, "Записаться на приём")
    choose_organisation(kiosk, form, "kcson-perm")
    day = choose(kiosk, form, "day")
    part = choose(kiosk, form, "part_of_day", "afternoon")
    type_field(kiosk, form, "appointment", "name")
    dial(kiosk, form, "appointment")
    agree(kiosk, form)
    return form, {
        "service": SERVICE,
        "location": "kcson-perm-perm",
        "agency": "kcson-perm",
        "day": day,
        "part_of_day": part,
        "name": as_typed("appointment", "name"),
        "phone": "+7" + typed(DIALLED["appointment"]),
        "consent": True,
    }


def callback(kiosk) -> tuple:
    form = open_form(kiosk, "agency", "czn-perm", "Заказать обратный звонок")
    type_field(kiosk, form, "callback", "topic")
    choose(kiosk, form, "mode", "online")
    type_field(kiosk, form, "callback", "name")
    dial(kiosk, form, "callback")
    agree(kiosk, form)
    return form, {
        "agency": "czn-perm",
        "topic": as_typed("callback", "topic"),
        "mode": "online",
        "name": as_typed("callback", "name"),
        "phone": "+7" + typed(DIALLED["callback"]),
        "consent": True,
    }


def rating(kiosk) -> tuple:
    form = open_form(kiosk, "agency", "mfc-perm", "Оценить качество услуги")
    scores = {"waiting": 3, "staff": 5, "comfort": 2, "duration": 4, "information": 1}
    for criterion, score in scores.items():
        choose(kiosk, form, criterion, score)
    location = choose(kiosk, form, "location", "mfc-perm-kungur")
    type_field(kiosk, form, "rating", "comment")
    return form, {
        "agency": "mfc-perm",
        "location": location,
        **scores,
        "comment": as_typed("rating", "comment"),
    }


def complaint(kiosk) -> tuple:
    form = open_form(kiosk, "service", SERVICE, "Написать жалобу")
    choose_organisation(kiosk, form, "kcson-perm")
    expected = {"agency": "kcson-perm", "service": SERVICE}
    if form.field("location") is not None:
        expected["location"] = choose(kiosk, form, "location")
    type_field(kiosk, form, "complaint", "text")
    assert len(form.field("text").input.text) == TEXT_LIMIT
    choose(kiosk, form, "answer", True)  # the form grows a name, an address and the consent
    type_field(kiosk, form, "complaint", "name")
    choose(kiosk, form, "reply_by", "post")
    type_field(kiosk, form, "complaint", "reply_to")
    agree(kiosk, form)
    return form, {
        **expected,
        "text": as_typed("complaint", "text"),
        "answer": True,
        "name": as_typed("complaint", "name"),
        "reply_by": "post",
        "reply_to": as_typed("complaint", "reply_to"),
        "consent": True,
    }


def wrong_info(kiosk) -> tuple:
    form = open_form(kiosk, "agency", "czn-perm", "Сообщить об ошибке")
    choose(kiosk, form, "wrong", "other")
    type_field(kiosk, form, "wrong_info", "text")
    return form, {
        "listing": "agency",
        "listing_id": "czn-perm",
        "wrong": "other",
        "text": as_typed("wrong_info", "text"),
    }


def about_me(kiosk) -> tuple:
    kiosk.tap(kiosk.screen.ids.about_me)
    form = kiosk.screen
    assert form.name == "request_form"
    type_field(kiosk, form, "about_me", "name")
    dial(kiosk, form, "about_me")
    district = choose(kiosk, form, "district", "kungur")
    type_field(kiosk, form, "about_me", "household")
    type_field(kiosk, form, "about_me", "help")
    agree(kiosk, form)
    household = [item.strip() for item in as_typed("about_me", "household").split(",")]
    return form, {
        "name": as_typed("about_me", "name"),
        "phone": "+7" + typed(DIALLED["about_me"]),
        "district": district,
        "household": household,
        "help": as_typed("about_me", "help"),
        "consent": True,
    }


FILL_IN = {
    "appointment": appointment,
    "callback": callback,
    "rating": rating,
    "complaint": complaint,
    "wrong_info": wrong_info,
    "about_me": about_me,
}
assert tuple(FILL_IN) == KINDS


# -- the run, once for the module -------------------------------------------------------------


@dataclass
class Run:
    """What happened, kept without a typed text in it (the scan of live objects would find
    it): what each kind should arrive with is kept as UTF-8 bytes."""

    references: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    expected: dict[str, bytes] = field(default_factory=dict)
    uploads: list = field(default_factory=list)
    """Each `kiosk outbox upload --once`: (exit status, stdout, stderr)."""
    pulls: list = field(default_factory=list)
    """Each `kiosk inbox pull`: (exit status, stdout, stderr)."""
    arrived: list[dict[str, bytes]] = field(default_factory=list)
    """The drop box's files of this run after each upload."""
    puts: list[int] = field(default_factory=list)
    """PUT requests in nginx's access log after each upload."""
    site: Path | None = None
    storage: Path | None = None
    inbox: Path | None = None
    output: Path | None = None
    log_lines: list[str] = field(default_factory=list)
    kivy_log: Path | None = None
    canary: str = ""


CASE = "e2e"


@pytest.fixture(scope="module")
def run(headless_kiosk, session_clock, terminal_data, tmp_path_factory):
    from kivy.logger import FileHandler, Logger

    kiosk, work, done = headless_kiosk, tmp_path_factory.mktemp("end-to-end"), Run()
    done.canary = f"end-to-end-canary-{secrets.token_hex(8)}"
    done.inbox, done.output = work / "office" / "inbox.sqlite", work / "output.txt"
    done.inbox.parent.mkdir()
    kivy_level = Logger.level
    Logger.setLevel(logging.DEBUG)  # the terminal logs at INFO: look at more than it writes
    try:
        with (
            DropboxSite(work / "dropbox-site") as site,
            all_records() as records,
            output_into(done.output),
        ):
            _canaries(done.canary)
            kiosk.app.controllers.visit.reset()
            kiosk.frames()
            kiosk.start_session()
            _submit_each_kind(kiosk, terminal_data, done)
            done.site, done.storage = site.work, site.storage / CASE
            credentials = site.credentials(work)
            _upload(site, credentials, terminal_data, done)
            done.pulls.append(_pull_into(done.inbox, done.storage))
            done.pulls.append(_pull_into(done.inbox, done.storage))
            _upload(site, credentials, terminal_data, done)
            idle_until_reset(kiosk, session_clock)
        done.log_lines = list(records.lines)
        done.kivy_log = Path(FileHandler.filename)
        assert FileHandler.fd not in (None, False), "Kivy's log file is not being written"
        yield done
    finally:
        Logger.setLevel(kivy_level)


def _canaries(canary: str) -> None:
    """The canary in every place looked at, by the way the app would put something there."""
    from kivy.logger import Logger

    Logger.debug(f"Test: {canary} in Kivy's log")
    logging.getLogger("kiosk.app").debug("%s in a log record", canary)
    print(f"{canary} on sys.stderr", file=sys.stderr)
    os.write(2, f"{canary} on file descriptor 2\n".encode())


def _submit_each_kind(kiosk, terminal_data: Path, done: Run) -> None:
    outbox = Outbox(terminal_data)
    for kind, fill_in in FILL_IN.items():
        form, expected = fill_in(kiosk)
        done.references[kind] = send_and_read_reference(kiosk, form)
        done.expected[kind] = json.dumps(expected, ensure_ascii=False).encode()
        del expected
        (queued,) = [s for s in outbox.pending(10_000) if s.reference == done.references[kind]]
        assert queued.kind == kind
        done.ids[kind] = queued.id


def _upload(site: DropboxSite, credentials: Path, terminal_data: Path, done: Run) -> None:
    """`kiosk outbox upload --once`, as the terminal's upload service runs it; what it said,
    what the drop box holds after it, and how many PUTs nginx has logged."""
    from click.testing import CliRunner

    from kiosk.cli.main import cli

    args = ["outbox", "upload", "--once", "--to", site.url_for(CASE)]
    args += ["--credentials", str(credentials), "--data-dir", str(terminal_data)]
    result = CliRunner().invoke(cli, [*args, "--timeout", "10"], catch_exceptions=False)
    done.uploads.append((result.exit_code, result.stdout, result.stderr))
    # The submissions; the terminal's status goes beside them (kiosk/adapters/report_upload.py).
    done.arrived.append({k: v for k, v in site.files(CASE).items() if k.endswith(".sealed")})
    access = (site.work / "access.log").read_text("utf-8").splitlines()
    done.puts.append(sum(f'"PUT /{CASE}/' in line and ".sealed " in line for line in access))


def _pull_into(inbox: Path, storage: Path) -> tuple[int, str, str]:
    """`kiosk inbox pull` of the drop box's folder, on the office's side: its own process."""
    ran = subprocess.run(
        [sys.executable, "-m", "kiosk", "inbox", "pull", str(storage)]
        + ["--key", str(DEMO_KEY), "--db", str(inbox)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    return ran.returncode, ran.stdout, ran.stderr


# -- after the reset: nothing typed is left in memory -----------------------------------------
# First in the module: the tests below open the inbox in this process, and the texts they
# read would be live objects of it for a moment.


def test_no_live_object_holds_anything_typed_after_the_reset(run, headless_kiosk):
    marks = words_and_phones()
    held = holders_of(marks) + widget_holders(headless_kiosk.app, marks)
    assert held == [], "\n".join(held)
    kept = ["x" + marks[0] + "x"]  # and the scan does see a typed word where one is kept
    assert "list" in holders_of(marks[:1])
    del kept


# -- delivered once, as typed ---------------------------------------------------------------


def test_each_kind_arrives_once_with_every_field_as_typed(run):
    from kiosk.office.inbox import Inbox

    status, out, err = run.uploads[0]
    assert status == 0, err
    sent = len(run.arrived[0])
    assert f"delivered {sent}; queued 0" in out
    status, out, err = run.pulls[0]
    assert status == 0, err
    assert f"{sent} new, 0 already in the inbox, 0 refused, 0 unreadable" in out
    with Inbox(run.inbox) as inbox:
        items = inbox.items()
    assert len(items) == sent == run.puts[0]
    for kind in KINDS:
        (item,) = [i for i in items if i.reference == run.references[kind]]
        assert (item.id, item.kind) == (run.ids[kind], kind)
        assert f"{kind}/{item.created:%Y-%m-%d}/{item.id}.sealed" in run.arrived[0]
        expected = json.loads(run.expected[kind])
        assert item.fields == expected, kind
        assert item.office == expected.get("location", expected.get("agency", ""))
    (complaint,) = [i for i in items if i.kind == "complaint" and i.id == run.ids["complaint"]]
    assert len(complaint.fields["text"]) == TEXT_LIMIT
    assert chr(0x1F3FC) in complaint.fields["text"]  # the skin tone, outside the BMP


def test_pulling_again_and_uploading_again_add_nothing(run):
    from kiosk.office.inbox import Inbox

    sent = len(run.arrived[0])
    status, out, err = run.pulls[1]
    assert status == 0, err
    assert f"0 new, {sent} already in the inbox, 0 refused" in out
    with Inbox(run.inbox) as inbox:
        assert len(inbox.items()) == sent
    status, out, err = run.uploads[1]
    assert status == 0, err
    assert "delivered 0; queued 0" in out
    assert run.arrived[1] == run.arrived[0]  # the same files, byte for byte
    assert run.puts[1] == run.puts[0]  # and not one PUT more


# -- after the reset: nothing typed is on the terminal's disk or in its logs ---------------------


def test_no_file_log_or_output_holds_anything_typed(run, terminal_data):
    files = files_under(terminal_data, run.site, run.kivy_log, run.output)
    looked_at = {str(p.relative_to(run.storage)) for p in files if run.storage in p.parents}
    assert {p for p in looked_at if p.endswith(".sealed")} == set(run.arrived[0])
    assert len(run.arrived[0]) >= len(KINDS) and any(p.startswith("status/") for p in looked_at)
    assert terminal_data / "outbox.sqlite" in files and (run.site / "access.log") in files
    written = [
        ("log records", "\n".join(run.log_lines)),
        *((f"upload {n} stdout", out) for n, (_s, out, _e) in enumerate(run.uploads)),
        *((f"upload {n} stderr", err) for n, (_s, _o, err) in enumerate(run.uploads)),
    ]
    found = traces_in_files(files, needles())
    for name, text in written:
        found += traces_in(name, text.encode("utf-8"), needles())
    assert found == [], "\n".join(found)


def test_each_place_looked_at_is_seen_to_hold_what_is_written_there(run):
    canary = {"canary": run.canary}
    assert traces_in_files([run.kivy_log], canary)  # Kivy's log file, at DEBUG
    assert any(run.canary in line for line in run.log_lines)  # every logger's records
    output = run.output.read_text("utf-8")
    assert f"{run.canary} on sys.stderr" in output
    assert f"{run.canary} on file descriptor 2" in output
    assert any("upload: " in line for line in run.log_lines)  # and the upload's own lines


def test_the_same_search_finds_every_typed_text_in_the_staff_inbox(run):
    """The office's inbox is where the texts belong: it holds every one of them, so the
    search that finds none anywhere else would have found them."""
    wanted = {label for label in needles() if not label.endswith(ONLY_ON_SCREEN)}
    found = traces_in_files([run.inbox], needles())
    labels = {line.split(": ", 1)[1].rsplit(" (", 1)[0] for line in found}
    assert labels == wanted
