"""`kiosk request KIND --field …`: a request entered by staff is checked, sealed with the
pack's key and queued in the terminal's outbox as the app's form does it; exported, pulled
and opened by the office, it arrives with every field as entered. A wrong form is refused
field by field, and nothing is queued."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from command import kiosk
from factories import with_office_hours
from fs_traps import full_folder

from kiosk.adapters.outbox import Outbox
from kiosk.cli.requests import RequestRefused, submit_request

ROOT = Path(__file__).resolve().parents[2]
DEMO_KEY = ROOT / "content" / "demo-inbox.key"
CALLBACK = [
    "--field", "topic=Пособие на ребёнка 🙂",
    "--field", "agency=mfc-perm",
    "--field", "mode=callback",
    "--field", "name=Анна Сергеевна Ёлкина",
    "--field", "phone=8 (912) 345-67-89",
    "--field", "consent=да",
]  # fmt: skip


def test_a_request_is_queued_sealed_and_reaches_the_inbox_as_entered(demo_pack, tmp_path):
    term, usb, db = tmp_path / "term", tmp_path / "usb", tmp_path / "inbox.sqlite"

    ran = kiosk("request", "callback", "--pack", demo_pack, "--data-dir", term, *CALLBACK)

    assert ran.returncode == 0, ran.stderr
    reference = ran.stdout.strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", reference)
    (queued,) = Outbox(term).pending()
    assert queued.reference == reference and queued.kind == "callback"
    # Nothing entered is in the terminal's files in the clear.
    for path in term.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            # The phone as typed and as the form keeps it; not a bare "345", which the
            # random id's hex digits hold now and then.
            assert "Ёлкина".encode() not in data and "Пособие".encode() not in data
            assert b"345-67-89" not in data and b"9123456789" not in data

    assert kiosk("outbox", "export", usb, "--data-dir", term).returncode == 0
    pulled = kiosk("inbox", "pull", usb, "--key", DEMO_KEY, "--db", db)
    shown = kiosk("inbox", "show", reference.lower(), "--db", db)

    assert "1 new" in pulled.stdout, pulled.stderr
    assert "topic: Пособие на ребёнка 🙂" in shown.stdout
    assert "name: Анна Сергеевна Ёлкина" in shown.stdout
    assert "phone: +79123456789" in shown.stdout  # as the form keeps it
    assert "consent: yes" in shown.stdout


def test_a_wrong_form_is_refused_field_by_field_and_nothing_is_queued(demo_pack, tmp_path):
    term = tmp_path / "term"
    fields = [f for f in CALLBACK if not f.startswith(("phone=", "consent="))]
    fields = [f for f in fields if f != "--field"]
    args = [a for f in fields for a in ("--field", f)]

    ran = kiosk(
        "request", "callback", "--pack", demo_pack, "--data-dir", term, *args,
        "--field", "phone=+7 912 ABC-67-89",
    )  # fmt: skip

    assert ran.returncode == 1
    assert "phone: " in ran.stderr and "consent: " in ran.stderr
    assert "ABC" not in ran.stderr + ran.stdout
    assert not (term / "outbox.sqlite").exists() or not Outbox(term).pending()


def test_an_agency_that_does_not_take_the_kind_is_refused(demo_pack, tmp_path):
    with pytest.raises(RequestRefused, match="does not take appointment"):
        submit_request(
            demo_pack,
            tmp_path,
            "appointment",
            [
                ("service", "child-birth-grant"),
                ("location", "czn-perm-perm"),
                ("agency", "czn-perm"),
                ("day", "2026-12-08"),
                ("part_of_day", "morning"),
                ("name", "Пётр"),
                ("phone", "+79001234567"),
                ("consent", "yes"),
            ],
            now=lambda: datetime(2026, 12, 7, 10, 0, tzinfo=UTC),
        )


@pytest.fixture
def pack_with_hours(demo_copy, tmp_path):
    """The demo pack with the MFC's Perm office receiving on weekday mornings only."""
    from content.publisher.build import build_pack

    source = demo_copy / "agencies" / "mfc-perm.yaml"
    text = source.read_text("utf-8")
    text = with_office_hours(text, "mfc-perm-perm", "      mo-fr: 09:00-12:00\n")
    source.write_text(text, "utf-8")
    out = tmp_path / "pack.sqlite"
    build_pack(demo_copy, out)
    return out


@pytest.mark.parametrize(
    "day, part, ok",
    [
        ("2026-12-08", "morning", True),  # Tuesday
        ("2026-12-08", "afternoon", False),  # the office closes at noon
        ("2026-12-12", "morning", False),  # Saturday
        ("2026-12-07", "morning", False),  # today
        ("2027-01-30", "morning", False),  # too far ahead
    ],
)
def test_an_appointments_day_is_checked_against_the_offices_hours(
    pack_with_hours, tmp_path, day, part, ok
):
    fields = [
        ("service", "child-birth-grant"),
        ("location", "mfc-perm-perm"),
        ("agency", "mfc-perm"),
        ("day", day),
        ("part_of_day", part),
        ("name", "Пётр"),
        ("phone", "+79001234567"),
        ("consent", "yes"),
    ]

    def submit():
        return submit_request(
            pack_with_hours,
            tmp_path,
            "appointment",
            fields,
            now=lambda: datetime(2026, 12, 7, 5, 0, tzinfo=UTC),
        )

    if ok:
        queued = submit()
        assert queued.path.startswith("appointment/2026-12-07/")
        assert [s.id for s in Outbox(tmp_path).pending()] == [queued.submission_id]
    else:
        with pytest.raises(RequestRefused) as refused:
            submit()
        assert set(refused.value.problems) & {"day", "part_of_day"}
        assert not (tmp_path / "outbox.sqlite").exists() or not Outbox(tmp_path).pending()


def test_a_full_disk_refuses_the_request_and_queues_nothing(demo_pack, tmp_path):
    pairs = [tuple(f.split("=", 1)) for f in CALLBACK if f != "--field"]
    with full_folder(tmp_path / "full") as folder:
        with pytest.raises(RequestRefused, match="the disk is full; nothing was queued") as refused:
            submit_request(demo_pack, folder, "callback", pairs)
        assert "Ёлкина" not in str(refused.value) and not refused.value.problems
        assert Outbox(folder).pending() == []


def test_a_field_the_form_does_not_have_is_refused_by_name(demo_pack, tmp_path):
    pairs = [tuple(f.split("=", 1)) for f in CALLBACK if f != "--field"]
    with pytest.raises(RequestRefused) as refused:
        submit_request(demo_pack, tmp_path, "callback", [*pairs, ("snils", "123"), ("Имя", "x")])
    assert set(refused.value.problems) == {"snils", "form"}
    assert "123" not in str(refused.value.problems)
    with pytest.raises(RequestRefused, match="no kind of request"):
        submit_request(demo_pack, tmp_path, "letter", pairs)
    assert not (tmp_path / "outbox.sqlite").exists()
