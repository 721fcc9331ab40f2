"""How a visitor reaches each screen that kiosk/app/screenshots.py pictures and
kiosk/app/measure.py measures: from the home screen, by touches on tiles and buttons where
the way is a touch, typed text through the on-screen keyboard's field, keys of a keypad.

kiosk.app.screenshots.SCREENS names each picture and its walk; the demo pack's ids they go
to are below.
"""

from __future__ import annotations

from kiosk.app.headless import HeadlessKiosk, buttons

CATEGORY = "families"
SERVICE = "child-birth-grant"
AGENCY = "sfr-perm"
REQUEST_AGENCY = "mfc-perm"
"""An agency that takes every kind of request in the demo pack."""
SHARED_SERVICE = "home-social-services"
"""A service three agencies of the demo pack provide, each taking every kind of request."""


def home(k: HeadlessKiosk) -> None:
    pass


def category(k: HeadlessKiosk) -> None:
    k.tap(_pick(buttons(k.screen, "CategoryTile"), CATEGORY))


def service(k: HeadlessKiosk) -> None:
    category(k)
    k.tap(_pick(buttons(k.screen, "ServiceButton"), SERVICE))
    if k.screen.name != "service":  # large text on a small screen: a sliver of the row
        k.app.controllers.navigator.open("service", SERVICE)
        k.settle()


def service_end(k: HeadlessKiosk) -> None:
    service(k)
    k.screen.ids.page.scroll_y = 0
    k.frames(3)


def service_reading(k: HeadlessKiosk) -> None:
    service(k)
    k.tap(k.app.root.ids.nav.ids.read_aloud)  # the speech panel appears above the bar
    k.tap(k.app.root.ids.speech.ids.pause)  # paused: the panel offers Continue


def searched(k: HeadlessKiosk, text: str) -> None:
    """The search screen with `text` typed into its field."""
    k.tap(k.screen.ids.search)
    k.screen.ids.field.insert_text(text)
    k.settle(0.6)


def finder(k: HeadlessKiosk) -> None:
    k.tap(k.screen.ids.finder)


def finder_result(k: HeadlessKiosk) -> None:
    k.app.controllers.visit.data.finder_answers.clear()
    k.app.controllers.visit.data.finder_answers.update(
        {"children": 3, "low_income": True, "disability": False}
    )
    k.app.controllers.navigator.open("finder_result")
    k.frames(5)


MOTHER_OF_THREE = {
    "sex": "female", "age": 34, "lives_in_region": True, "household": 4, "income": 40000,
    "children": 3, "youngest_child_months": 48, "pregnant": False, "employment": "works",
    "pensioner": False, "disability_group": 0, "child_disability": False, "veteran": False,
}  # fmt: skip
"""The first household of issue 18, as the finder's answers (the rest are skipped)."""
MAN_75 = {
    "sex": "male", "age": 75, "lives_in_region": True, "household": 2, "income": 50000,
    "pensioner": True, "employment": "not_working", "children": 0, "disability_group": 0,
    "veteran": False, "labour_veteran": False, "needs_care": False, "long_work_record": True,
}  # fmt: skip
"""A pensioner of 75 who lives with his wife: never asked whether he is expecting."""


def finder_answered(k: HeadlessKiosk, person: dict, stop_at: str | None = None) -> None:
    """Through the finder by touches, answering as `person` (a fact it lacks is skipped),
    to the result, or to the question about `stop_at`."""
    from content.rules import Span

    k.tap(k.screen.ids.finder)
    while k.screen.name == "finder" and k.screen.fact != stop_at:
        screen, value = k.screen, person.get(k.screen.fact)
        options = screen.question_on_show.options
        fits = [
            i for i, o in enumerate(options)
            if (value in o.value if isinstance(o.value, Span) and type(value) is int
                else type(o.value) is type(value) and o.value == value)
        ]  # fmt: skip
        chips = list(reversed(screen.ids.options.children))
        k.tap(chips[fits[0]] if fits else screen.ids.skip)
    k.frames(5)


def finder_mother_allowance(k: HeadlessKiosk) -> None:
    """The result scrolled to the unified allowance: income per person against the minimum."""
    finder_answered(k, MOTHER_OF_THREE)
    (row,) = [b for b in buttons(k.screen, "ServiceButton") if b.key == "unified-child-allowance"]
    k.screen.ids.page.scroll_to(row, padding=20, animate=False)
    k.frames(5)


def finder_mother_why_not(k: HeadlessKiosk) -> None:
    finder_answered(k, MOTHER_OF_THREE)
    k.tap(k.screen.ids.why_not)
    k.screen.ids.page.scroll_to(k.screen.ids.no_group, padding=40, animate=False)
    k.frames(5)


def agencies(k: HeadlessKiosk) -> None:
    k.tap(k.screen.ids.agencies)


def agency(k: HeadlessKiosk) -> None:
    k.app.controllers.navigator.open("agency", AGENCY)
    k.frames(5)


WEDNESDAY_11 = (2026, 12, 2, 11, 0)
"""The clock of the filter pictures: a working morning, so "open now" has an answer."""
NGO = "vog-perm"
"""A non-profit of the demo pack (issue 18)."""


def filtered(k: HeadlessKiosk, district: str, open_now=False, step_free=False) -> None:
    """The agencies screen in `district` with "open now" and "step-free" as asked, at
    WEDNESDAY_11."""
    from datetime import datetime

    k.app.controllers.now = lambda: datetime(*WEDNESDAY_11)
    k.tap(k.screen.ids.agencies)
    screen = k.screen
    k.tap(screen.ids.choose_district)
    (choice,) = [c for c in buttons(screen, "DistrictChoice") if c.key == district]
    screen.ids.page.scroll_to(choice, animate=False)
    k.frames(3)
    k.tap(choice)
    for chip, wanted in ((screen.ids.open_now, open_now), (screen.ids.step_free, step_free)):
        if wanted:
            k.tap(chip)
    # The answers in sight, with the chosen filters' line above them.
    screen.ids.page.scroll_to(buttons(screen, "AgencyRow")[0], padding=150, animate=False)
    k.frames(3)


def agency_ngo(k: HeadlessKiosk) -> None:
    k.app.controllers.navigator.open("agency", NGO)
    k.frames(3)


def agency_unverified(k: HeadlessKiosk) -> None:
    """The Social Fund's offices: illustrative facts marked "уточняйте", Kudymkar's checked."""
    from datetime import datetime

    k.app.controllers.now = lambda: datetime(*WEDNESDAY_11)
    k.app.controllers.navigator.open("agency", AGENCY)
    k.frames(3)
    offices = [w for w in buttons(k.screen, "Section") if getattr(w, "level", 1) == 2]
    k.screen.ids.page.scroll_to(offices[0], padding=0, animate=False)
    k.frames(3)


def events(k: HeadlessKiosk) -> None:
    k.tap(k.screen.ids.events)


def my_list(k: HeadlessKiosk) -> None:
    k.app.controllers.printing.toggle("service", SERVICE)
    k.app.controllers.printing.toggle("service", "large-family-status")
    k.tap(k.app.root.ids.nav.ids.my_list)


def idle_prompt(k: HeadlessKiosk) -> None:
    service(k)
    clock = k.app.controllers.clock  # a HandClock: idle time passes at once
    clock.now += k.app.controllers.settings.idle_seconds
    k.app.controllers.visit.tick()
    clock.now += 6
    k.app.controllers.visit.tick()
    k.frames(5)


def staff(k: HeadlessKiosk) -> None:
    for _ in range(5):
        k.tap(k.app.root.ids.top.ids.date)


def error(k: HeadlessKiosk) -> None:
    k.app.controllers.navigator.open("service", "a-page-that-is-not-there")
    k.frames(3)


def agency_requests(k: HeadlessKiosk) -> None:
    """An agency that takes requests, at the row of buttons that opens its forms."""
    k.app.controllers.navigator.open("agency", REQUEST_AGENCY)
    k.settle()
    (row,) = buttons(k.screen, "RequestRow")
    k.screen.ids.page.scroll_to(row, animate=False)
    k.frames(5)


def open_form(k: HeadlessKiosk, kind: str, **context: str):
    """A request form opened as its button opens it."""
    k.app.controllers.requests.start(kind, **context)
    k.app.controllers.navigator.open("request_form", kind)
    k.frames(5)
    return k.screen


def request_appointment(k: HeadlessKiosk) -> None:
    form = open_form(k, "appointment", agency=REQUEST_AGENCY, service=SERVICE)
    location = form.field("location")
    if location is not None:
        k.tap(buttons(location, "WideChip")[0])


def request_keys(k: HeadlessKiosk) -> None:
    form = open_form(k, "callback", agency=REQUEST_AGENCY)
    k.tap(form.field("topic").input)
    form.field("topic").input.insert_text("пенсия")


def request_phone(k: HeadlessKiosk) -> None:
    form = open_form(k, "callback", agency=REQUEST_AGENCY)
    k.tap(form.field("phone").input)
    for digit in "342123":
        form.type_digit(digit)
    k.frames(3)


def request_rating(k: HeadlessKiosk) -> None:
    open_form(k, "rating", agency=REQUEST_AGENCY)


def request_complaint(k: HeadlessKiosk) -> None:
    form = open_form(k, "complaint", agency=REQUEST_AGENCY)
    k.tap(buttons(form.field("answer"), "FormChip")[0])  # an answer wanted: name, address
    form.ids.page.scroll_y = 0
    k.frames(3)


def request_problems(k: HeadlessKiosk) -> None:
    form = open_form(k, "about_me")
    form.field("phone").input.insert_text("8 девять")
    k.tap(form.ids.send)
    form.ids.page.scroll_y = 1
    k.frames(3)


def request_agency(k: HeadlessKiosk) -> None:
    """A service several organisations provide: its form asks which one first."""
    from content.presentation.requests import TITLES
    from kiosk.app.live_translator import _

    k.app.controllers.navigator.open("service", SHARED_SERVICE)
    k.settle()
    title = _(TITLES["appointment"])
    (button,) = [b for b in buttons(k.screen, "RequestButton") if b.text == title]
    k.tap(button)


def staff_outbox(k: HeadlessKiosk) -> None:
    """The staff screen after the PIN, at the outbox: requests queued, the last error."""
    from kiosk.adapters.outbox import Outbox
    from kiosk.core.config import data_dir

    requests = k.app.controllers.requests
    for _ in range(3):
        requests.start("wrong_info", listing="agency", listing_id=REQUEST_AGENCY)
        requests.set("wrong", "phone")
        requests.submit()
    Outbox(data_dir(k.app.controllers.settings)).record("the drop box answered 507")
    staff(k)
    keys = {key.text: key for key in buttons(k.screen, "PinKey")}
    for digit in k.app.controllers.settings.staff_pin:
        k.tap(keys[digit])
    k.tap(k.screen.ids.ok)
    k.screen.ids.page.scroll_to(k.screen.ids.outbox_state, animate=False)
    k.frames(5)


def request_sent(k: HeadlessKiosk) -> None:
    form = open_form(k, "wrong_info", listing="service", listing_id=SERVICE)
    k.tap(buttons(form.field("wrong"), "FormChip")[1])
    k.tap(form.ids.send)


def attract(k: HeadlessKiosk) -> None:
    k.app.controllers.visit.reset()
    k.frames(5)


def press_keys(k: HeadlessKiosk, *codes: int) -> None:
    """Keys of a keypad attached to the terminal (kiosk/app/focus.py), each as SDL sends it."""
    for code in codes:
        k.window.dispatch("on_key_down", code, 0, None, [])
        k.settle(0.1)


F12, DOWN, UP, ENTER = 293, 274, 273, 13


def keypad_home(k: HeadlessKiosk) -> None:
    press_keys(k, F12, DOWN, DOWN, DOWN, DOWN, DOWN)  # the keypad mode; the focus on a tile


def keypad_service(k: HeadlessKiosk) -> None:
    service(k)
    press_keys(k, F12)
    while k.app.keypad.focused() is not k.screen.ids["print"].__self__:
        press_keys(k, DOWN)


def keypad_search(k: HeadlessKiosk) -> None:
    press_keys(k, F12, ENTER, ENTER, DOWN, DOWN, DOWN)  # the search, its keyboard, a key


def keypad_form(k: HeadlessKiosk) -> None:
    """A form sent empty with the keypad: the focus on the first field told a problem."""
    form = open_form(k, "callback", agency=REQUEST_AGENCY, service=SERVICE)
    press_keys(k, F12)
    while k.app.keypad.focused() is not form.ids.send.__self__:
        press_keys(k, DOWN)
    press_keys(k, ENTER)


class HandClock:
    """The session's clock, moved on by hand: no idle prompt unless a picture wants one."""

    now = 1000.0

    def __call__(self) -> float:
        return self.now


def _pick(widgets: list, key: str | None):
    if not widgets:
        raise SystemExit("nothing to touch on this screen: is the pack empty?")
    for widget in widgets:
        if widget.key == key:
            return widget
    return widgets[0]
