"""What a visitor needs next is in sight without scrolling, at 1280x800, in normal and large
text; and Read aloud says only what is in sight (issue 19).

"In sight": wholly between the top bar and the bottom bar, and inside the page's visible
part where it sits on a scrolling page.
"""

from __future__ import annotations

import threading

import pytest

from kiosk.app.headless import walk

LONG_LIST = [
    "child-birth-grant",
    "large-family-status",
    "unemployment-benefit",
    "maternity-capital",
    "social-contract-hardship",
    "housing-utility-subsidy",
]


def assert_in_sight(kiosk, widget) -> None:
    from kivy.uix.scrollview import ScrollView

    from kiosk.app.widgets import enclosing

    root = kiosk.app.root
    assert widget.width > 0 and widget.height > 0 and widget.opacity > 0, widget
    bottom = widget.to_window(widget.x, widget.y)[1]
    top = widget.to_window(widget.x, widget.top)[1]
    nav, bar = root.ids.nav, root.ids.top
    low = nav.to_window(nav.x, nav.top)[1]
    high = bar.to_window(bar.x, bar.y)[1]
    assert low <= bottom and top <= high, f"{widget}: {bottom:.0f}..{top:.0f} not in {low}..{high}"
    page = enclosing(widget, ScrollView)
    if page is not None:
        page_bottom = page.to_window(page.x, page.y)[1]
        page_top = page.to_window(page.x, page.top)[1]
        assert page_bottom <= bottom and top <= page_top, f"{widget} scrolled out of sight"


@pytest.fixture(params=[False, True], ids=["normal", "large-text"])
def large_text(request):
    from kiosk.app.theme import T

    T.large_text = request.param
    yield request.param
    T.large_text = False


@pytest.fixture(params=["ru", "en"])
def lang(request, kiosk):
    kiosk.app.controllers.visit.set_language(request.param)
    return request.param


def test_skip_on_the_finders_first_question_is_in_sight(kiosk, large_text, lang):
    kiosk.tap(kiosk.screen.ids.finder)
    assert kiosk.screen.name == "finder"
    kiosk.frames(5)
    assert_in_sight(kiosk, kiosk.screen.ids.skip)
    for chip in kiosk.screen.ids.options.children:
        assert_in_sight(kiosk, chip)


class PrintsWhenTold:
    """A printer that holds every job until `done` is set, then has printed it."""

    def __init__(self):
        self.done = threading.Event()

    def state(self, queue):
        from kiosk.core.printing import PrinterState

        return PrinterState(queue or "hall", None, "ready")

    def submit(self, queue, pdf, title, copies):
        return "job-1"

    def job_status(self, job_id):
        from kiosk.core.printing import COMPLETED, PENDING

        return COMPLETED if self.done.is_set() else PENDING

    def cancel(self, job_id):
        pass


def open_long_list(kiosk):
    pack = kiosk.app.controllers.packs.pack
    for key in LONG_LIST:
        assert pack.service_row(key) is not None, key
        kiosk.app.controllers.printing.toggle("service", key)
    kiosk.tap(kiosk.app.root.ids.nav.ids.my_list)
    assert kiosk.screen.name == "my_list"
    kiosk.frames(5)
    return kiosk.screen


def test_print_all_and_the_printers_answer_are_in_sight_on_a_long_list(
    kiosk, large_text, lang, monkeypatch
):
    import time

    from kiosk.core.print_desk import PrintDesk

    printer = PrintsWhenTold()
    monkeypatch.setattr(
        kiosk.app.controllers.printing, "desk", PrintDesk(printer, "hall", poll_s=0.01)
    )
    screen = open_long_list(kiosk)
    page = screen.ids.page
    assert page.children[0].height > page.height  # the list is longer than the screen
    assert_in_sight(kiosk, screen.ids.print_all)
    kiosk.tap(screen.ids.print_all)
    assert screen.message  # "printing…", at once
    kiosk.frames(3)
    assert_in_sight(kiosk, screen.ids.message)
    printing = screen.message
    printer.done.set()
    end = time.monotonic() + 30
    while screen.message == printing:
        assert time.monotonic() < end, "the printer's answer never came"
        kiosk.frames(1)
        time.sleep(0.02)
    kiosk.frames(3)
    assert_in_sight(kiosk, screen.ids.message)  # "done: take it from the printer"


def test_an_empty_list_reads_aloud_no_hidden_button(kiosk):
    from kivy.uix.label import Label

    kiosk.tap(kiosk.app.root.ids.nav.ids.my_list)
    screen = kiosk.screen
    assert screen.name == "my_list" and screen.count == 0
    spoken = screen.spoken_text()
    assert "Список пуст" in spoken
    assert "Распечатать всё" not in spoken
    # Nothing hidden is said, on this screen or any: each label said is in sight.
    hidden = [
        w.text
        for w in walk(screen)
        if isinstance(w, Label) and w.text and _hidden(w, screen) and w.text in spoken
    ]
    assert hidden == []


def test_a_list_reads_aloud_its_items_and_print_all(kiosk):
    for key in LONG_LIST[:2]:
        kiosk.app.controllers.printing.toggle("service", key)
    kiosk.tap(kiosk.app.root.ids.nav.ids.my_list)
    spoken = kiosk.screen.spoken_text()
    assert "Распечатать всё" in spoken and "Список пуст" not in spoken


def _hidden(widget, screen) -> bool:
    while widget is not screen:
        if widget.opacity == 0:
            return True
        widget = widget.parent
    return False
