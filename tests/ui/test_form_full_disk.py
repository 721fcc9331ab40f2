"""A full disk when the citizen taps Send (issue 17): the form says so, nothing is queued,
and what was typed stays for staff to help with.

The app's data folder is made a really full filesystem for the test (tests/fs_traps.py:
a tiny tmpfs mounted over it and filled to the last byte, as root, as in CI), holding an
outbox with one submission queued before the disk filled. The app is the real one, with
its own outbox in that folder; nothing is faked.
"""

from __future__ import annotations

from fs_traps import full_folder
from test_request_forms import choose, dial, open_form, send, type_in

from kiosk.adapters.outbox import Outbox
from kiosk.app.headless import texts

DISK_FULL = (
    "Отправить не получилось: на терминале закончилось место. Ничего не отправлено. "
    "Обратитесь, пожалуйста, к сотруднику."
)

QUEUED_BEFORE = ("ab" * 16, "R7K2-9QXM", "rating", "2026-12-03T10:00:00Z", b"sealed bytes")
"""A submission the outbox held before the disk filled (the outbox stores sealed bytes only)."""


def fill_in(kiosk, form) -> None:
    type_in(kiosk, form, "topic", "субсидия")
    choose(kiosk, form, "mode", "callback")
    type_in(kiosk, form, "name", "пётр")
    dial(kiosk, form, "3429876543")
    choose(kiosk, form, "consent", True)


def on_screen(kiosk, widget) -> bool:
    """Whether `widget` is inside the visible part of the form's page."""
    page = kiosk.screen.ids.page
    bottom, top = page.to_window(0, page.y)[1], page.to_window(0, page.top)[1]
    low, high = widget.to_window(0, widget.y)[1], widget.to_window(0, widget.top)[1]
    return widget.height > 0 and bottom <= low and high <= top


def test_a_full_disk_refuses_the_form_on_the_form_and_keeps_what_was_typed(
    kiosk, terminal_data, tmp_path
):
    prepared = Outbox(tmp_path / "before")
    prepared.add(*QUEUED_BEFORE)
    stored = prepared.path.read_bytes()
    with full_folder(terminal_data, {"outbox.sqlite": stored}) as disk:
        form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
        fill_in(kiosk, form)
        send(kiosk, form)

        assert kiosk.screen is form  # no confirmation: nothing was sent
        assert form.form_problem == DISK_FULL
        assert DISK_FULL in texts(form) and on_screen(kiosk, form.ids.form_problem)
        assert all(widget.problem == "" for widget in form._fields.values())  # the form is fine
        typed = {"topic": "субсидия", "name": "пётр", "phone": "+7 (342) 987-65-43"}
        assert {name: form.field(name).input.text for name in typed} == typed  # still there
        draft = kiosk.app.controllers.requests.draft
        assert draft.fields["topic"] == "субсидия" and draft.fields["consent"] is True
        assert (disk / "outbox.sqlite").read_bytes() == stored  # not a byte of it queued

        (disk / ".filler").unlink()  # staff make room; the citizen taps Send again
        assert [s.id for s in Outbox(disk).pending()] == [QUEUED_BEFORE[0]]
        send(kiosk, form)
        assert kiosk.screen.name == "request_sent"
        assert [s.id for s in Outbox(disk).pending()][0] == QUEUED_BEFORE[0]
        assert len(Outbox(disk).pending()) == 2
