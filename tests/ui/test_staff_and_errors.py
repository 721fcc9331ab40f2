"""The staff screen behind a hidden gesture and a PIN; a failing screen stays in the app."""

from __future__ import annotations

import logging

from kiosk.app.headless import buttons, texts


def tap_date(kiosk, times):
    for _ in range(times):
        kiosk.tap(kiosk.app.root.ids.top.ids.date)


def enter_pin(kiosk, pin):
    keys = {k.text: k for k in buttons(kiosk.screen, "PinKey")}
    for digit in pin:
        kiosk.tap(keys[digit])
    kiosk.tap(kiosk.screen.ids.ok)


def test_four_taps_on_the_date_do_nothing_five_open_the_pin_pad(kiosk):
    tap_date(kiosk, 4)
    assert kiosk.screen.name == "home"
    tap_date(kiosk, 1)
    assert kiosk.screen.name == "staff"
    assert not kiosk.screen.unlocked
    assert "Введите код сотрудника" in texts(kiosk.screen)


def test_the_right_pin_shows_pack_printer_and_sync_state(kiosk, staff_pin):
    tap_date(kiosk, 5)
    enter_pin(kiosk, staff_pin)
    assert kiosk.screen.unlocked
    details = kiosk.screen.ids.details.text
    meta = kiosk.app.controllers.packs.pack.meta
    assert meta.pack_id in details and f"версия {meta.version}" in details
    assert "Принтер:" in details and "Последнее обновление:" in details
    # ... on the screen, not only in the widget: the page takes the pad's place.
    page, shown = kiosk.screen.ids.page, kiosk.screen.ids.details
    assert page.height > kiosk.window.height / 2
    bottom, top = page.to_window(0, page.y)[1], page.to_window(0, page.top)[1]
    assert bottom < shown.to_window(0, shown.top)[1] <= top


def test_a_wrong_pin_is_refused_and_three_lock_the_pad(kiosk, staff_pin):
    tap_date(kiosk, 5)
    enter_pin(kiosk, "0000")
    assert not kiosk.screen.unlocked and kiosk.screen.message == "Неверный код"
    enter_pin(kiosk, "1111")
    enter_pin(kiosk, "2222")
    assert kiosk.screen.message.startswith("Слишком много попыток")
    enter_pin(kiosk, staff_pin)  # locked: even the right PIN waits
    assert not kiosk.screen.unlocked


def test_leaving_the_staff_screen_locks_it_again(kiosk, session_clock, staff_pin):
    # Past any lockout from another test, the visitor still there: two minutes without a
    # touch would otherwise be an idle reset, whose attract screen takes the first tap.
    past_any_lockout(kiosk, session_clock)
    tap_date(kiosk, 5)
    enter_pin(kiosk, staff_pin)
    kiosk.tap(kiosk.app.root.ids.nav.ids.home)
    session_clock.advance(10)
    tap_date(kiosk, 5)
    assert kiosk.screen.name == "staff" and not kiosk.screen.unlocked


def test_a_screen_that_fails_to_open_shows_a_polite_message_and_logs(kiosk, caplog):
    with caplog.at_level(logging.ERROR, logger="kiosk.app"):
        kiosk.app.controllers.navigator.open("service", "no-such-service")
    assert kiosk.screen.name == "error"
    assert "Извините, эта страница не открылась" in texts(kiosk.screen)
    assert "no-such-service" in caplog.text
    kiosk.tap(kiosk.screen.ids.home)
    assert kiosk.screen.name == "home"


def test_an_error_inside_a_touch_handler_shows_the_error_screen(kiosk, caplog, monkeypatch):
    tile = buttons(kiosk.screen, "CategoryTile")[0]

    def broken(*_args):
        raise RuntimeError("something broke in a handler")

    monkeypatch.setattr(kiosk.app.controllers.navigator, "open", broken)
    with caplog.at_level(logging.ERROR, logger="kiosk.app"):
        kiosk.tap(tile)
    assert kiosk.screen.name == "error"
    assert "something broke in a handler" in caplog.text
    kiosk.tap(kiosk.app.root.ids.nav.ids.home)
    assert kiosk.screen.name == "home"


def test_escape_and_window_close_do_not_end_the_app_on_a_terminal(kiosk):
    app = kiosk.app
    kiosk.press_key(27)
    assert kiosk.screen.name == "home" and app.in_session
    app.guard.windowed = False  # as on a terminal
    try:
        # True: a handler refused the close (Alt+F4, the window's own close button).
        assert kiosk.window.dispatch("on_request_close") is True
        assert kiosk.window.dispatch("on_request_close", source="keyboard") is True
    finally:
        app.guard.windowed = True
    assert not kiosk.window.dispatch("on_request_close")  # a developer's window closes


def test_the_pin_pad_keeps_its_grid_when_large_text_is_turned_off(kiosk):
    # A button's own width rule fired again when the text size changed, and the grid did
    # not notice: key 1 grew over key 2.
    tap_date(kiosk, 5)
    keys = buttons(kiosk.screen, "PinKey")
    for large in (True, False):
        kiosk.app.root.set_large_text(large)
        kiosk.frames(3)
        assert len({round(key.width) for key in keys}) == 1, [(k.text, k.width) for k in keys]
        row = sorted(keys[:3], key=lambda k: k.x)
        assert all(a.right <= b.x for a, b in zip(row, row[1:], strict=False))


def test_in_large_text_the_pin_pad_stays_below_the_header(kiosk):
    tap_date(kiosk, 5)
    kiosk.app.root.set_large_text(True)
    kiosk.frames(3)
    header = next(w for w in buttons(kiosk.screen, "Header"))
    pad = kiosk.screen.ids.pad
    prompt = pad.children[-1]  # the first child: "Enter the staff code"
    page = kiosk.screen.ids.pad_page
    assert prompt.to_window(0, prompt.top)[1] <= header.to_window(0, header.y)[1] + 1
    # Every key is within the pad's page, reached by scrolling if it is below the fold.
    assert min(k.y for k in buttons(kiosk.screen, "PinKey")) >= pad.y - 1
    assert page.height <= header.to_window(0, header.y)[1]


# -- the outbox of citizens' requests ---------------------------------------------------------


def past_any_lockout(kiosk, clock) -> None:
    """A minute and more after another test's wrong PINs, the visitor still at the screen."""
    clock.advance(120)
    kiosk.app.controllers.visit.activity()


def queue_reports(kiosk, count: int) -> list[str]:
    """`count` wrong-information reports sent as the forms send them: sealed with the pack's
    office key and committed to the app's own outbox. Their references."""
    requests = kiosk.app.controllers.requests
    references = []
    for _ in range(count):
        requests.start("wrong_info", listing="agency", listing_id="mfc-perm")
        requests.set("wrong", "phone")
        sent = requests.submit()
        assert sent is not None, requests.problems()
        references.append(sent.reference)
    return references


def test_the_staff_screen_shows_the_outbox_as_the_command_does(
    kiosk, staff_pin, session_clock, terminal_data
):
    import json
    from datetime import UTC, datetime

    from command import kiosk as command

    from content.presentation.wording import format_moment
    from kiosk.adapters.outbox import Outbox
    from kiosk.core.config import terminal_id

    past_any_lockout(kiosk, session_clock)
    outbox = Outbox(terminal_data)
    queue_reports(kiosk, 3)
    outbox.record(None, delivered=2, now=datetime(2026, 12, 3, 9, 15, tzinfo=UTC))
    outbox.record(
        "the drop box answered 507 Insufficient Storage",
        now=datetime(2026, 12, 3, 9, 45, tzinfo=UTC),
    )
    ran = command("outbox", "status", "--json", "--data-dir", terminal_data)
    assert ran.returncode == 0, ran.stderr
    report = json.loads(ran.stdout)
    assert report["queued"] >= 3 and report["oldest"]

    tap_date(kiosk, 5)
    enter_pin(kiosk, staff_pin)
    shown = kiosk.screen.ids.outbox_state.text
    lines = dict(line.replace("[b]", "").split("[/b] ", 1) for line in shown.splitlines())
    assert lines == {
        "Имя терминала:": terminal_id(kiosk.app.controllers.settings),
        "В очереди на отправку:": str(report["queued"]),
        "Самое старое в очереди:": format_moment(report["oldest"], "ru"),
        # UTC in the outbox; the terminal's own clock on the screen.
        "Последняя отправка:": format_moment("2026-12-03T09:15:00Z", "ru"),
        "Последняя попытка отправки:": format_moment("2026-12-03T09:45:00Z", "ru"),
        "Последняя ошибка отправки:": "the drop box answered 507 Insufficient Storage",
    }
    assert (report["last_upload"], report["last_round"]) == (
        "2026-12-03T09:15:00Z",
        "2026-12-03T09:45:00Z",
    )
    assert report["last_error"] == lines["Последняя ошибка отправки:"]
    assert "Обращения граждан" in texts(kiosk.screen)


def test_a_new_submission_and_a_round_without_error_show_on_the_next_visit(
    kiosk, staff_pin, session_clock, terminal_data
):
    from datetime import UTC, datetime

    from content.presentation.wording import format_moment
    from kiosk.adapters.outbox import Outbox

    past_any_lockout(kiosk, session_clock)
    outbox = Outbox(terminal_data)
    queue_reports(kiosk, 1)
    outbox.record(None, now=datetime(2026, 12, 4, 8, 0, tzinfo=UTC))  # a round, nothing sent
    tap_date(kiosk, 5)
    enter_pin(kiosk, staff_pin)
    shown = kiosk.screen.ids.outbox_state.text
    assert f"[b]В очереди на отправку:[/b] {outbox.status()['queued']}\n" in shown
    eight = format_moment("2026-12-04T08:00:00Z", "ru")
    assert eight.startswith("4 декабря 2026 г., ") or eight.startswith("5 декабря 2026 г., ")
    assert f"[b]Последняя попытка отправки:[/b] {eight}" in shown
    assert "[b]Последняя ошибка отправки:[/b] нет" in shown
