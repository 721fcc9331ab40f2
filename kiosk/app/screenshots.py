"""Render every screen of the app to PNG, in both languages and both themes.

    python -m kiosk.app.screenshots --pack build/demo.sqlite --out docs/screenshots

Runs the real app offscreen at 1280x800, on a 15.6" screen (the config's default). Each
picture is one visitor's view: the app is reset, the attract loop touched, and the screen
reached the way a visitor would (touches on tiles and buttons where the way is a touch;
typed text through the on-screen keyboard's field). Files are named SCREEN-LANG-THEME.png
(theme: normal, contrast, large), and in Russian SCREEN-ru-THEME-focus.png shows the same
screen in the keypad mode, its focus outline on the first control; an index page,
docs/screenshots/README.md, lists them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from kiosk.app.headless import HeadlessKiosk, buttons

THEMES = {
    "normal": {"high_contrast": False, "large_text": False},
    "contrast": {"high_contrast": True, "large_text": False},
    "large": {"high_contrast": False, "large_text": True},
}

CATEGORY = "families"
SERVICE = "child-birth-grant"
AGENCY = "sfr-perm"
REQUEST_AGENCY = "mfc-perm"
"""An agency that takes every kind of request in the demo pack."""
SHARED_SERVICE = "home-social-services"
"""A service three agencies of the demo pack provide, each taking every kind of request."""


def _home(k: HeadlessKiosk) -> None:
    pass


def _category(k: HeadlessKiosk) -> None:
    k.tap(_pick(buttons(k.screen, "CategoryTile"), CATEGORY))


def _service(k: HeadlessKiosk) -> None:
    _category(k)
    k.tap(_pick(buttons(k.screen, "ServiceButton"), SERVICE))
    if k.screen.name != "service":  # large text on a small screen: a sliver of the row
        k.app.controllers.navigator.open("service", SERVICE)
        k.settle()


def _service_end(k: HeadlessKiosk) -> None:
    _service(k)
    k.screen.ids.page.scroll_y = 0
    k.frames(3)


def _service_reading(k: HeadlessKiosk) -> None:
    _service(k)
    k.tap(k.app.root.ids.nav.ids.read_aloud)  # the speech panel appears above the bar
    k.tap(k.app.root.ids.speech.ids.pause)  # paused: the panel offers Continue


def _search(k: HeadlessKiosk) -> None:
    k.tap(k.screen.ids.search)
    k.screen.ids.field.insert_text("пособее на рибенка")
    k.settle(0.6)


def _search_typing(k: HeadlessKiosk) -> None:
    k.tap(k.screen.ids.search)
    k.screen.ids.field.insert_text("пособие на ре")
    k.settle(0.6)


def _search_nothing(k: HeadlessKiosk) -> None:
    k.tap(k.screen.ids.search)
    k.screen.ids.field.insert_text("жжжжжж")
    k.settle(0.6)


def _finder(k: HeadlessKiosk) -> None:
    k.tap(k.screen.ids.finder)


def _finder_result(k: HeadlessKiosk) -> None:
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


def _walk_finder(k: HeadlessKiosk, person: dict, stop_at: str | None = None) -> None:
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


def _finder_mother_income(k: HeadlessKiosk) -> None:
    _walk_finder(k, MOTHER_OF_THREE, stop_at="income")


def _finder_mother_result(k: HeadlessKiosk) -> None:
    _walk_finder(k, MOTHER_OF_THREE)


def _finder_mother_allowance(k: HeadlessKiosk) -> None:
    """The result scrolled to the unified allowance: income per person against the minimum."""
    _walk_finder(k, MOTHER_OF_THREE)
    (row,) = [b for b in buttons(k.screen, "ServiceButton") if b.key == "unified-child-allowance"]
    k.screen.ids.page.scroll_to(row, padding=20, animate=False)
    k.frames(5)


def _finder_mother_why_not(k: HeadlessKiosk) -> None:
    _walk_finder(k, MOTHER_OF_THREE)
    k.tap(k.screen.ids.why_not)
    k.screen.ids.page.scroll_to(k.screen.ids.no_group, padding=40, animate=False)
    k.frames(5)


def _finder_man_question(k: HeadlessKiosk) -> None:
    _walk_finder(k, MAN_75, stop_at="children")


def _finder_man_result(k: HeadlessKiosk) -> None:
    _walk_finder(k, MAN_75)


def _agencies(k: HeadlessKiosk) -> None:
    k.tap(k.screen.ids.agencies)


def _agency(k: HeadlessKiosk) -> None:
    k.app.controllers.navigator.open("agency", AGENCY)
    k.frames(5)


WEDNESDAY_11 = (2026, 12, 2, 11, 0)
"""The clock of the filter pictures: a working morning, so "open now" has an answer."""
NGO = "vog-perm"
"""A non-profit of the demo pack (issue 18)."""


def _filtered(k: HeadlessKiosk, district: str, open_now=False, step_free=False) -> None:
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


def _agency_ngo(k: HeadlessKiosk) -> None:
    k.app.controllers.navigator.open("agency", NGO)
    k.frames(3)


def _agency_unverified(k: HeadlessKiosk) -> None:
    """The Social Fund's offices: illustrative facts marked "уточняйте", Kudymkar's checked."""
    from datetime import datetime

    k.app.controllers.now = lambda: datetime(*WEDNESDAY_11)
    k.app.controllers.navigator.open("agency", AGENCY)
    k.frames(3)
    offices = [w for w in buttons(k.screen, "Section") if getattr(w, "level", 1) == 2]
    k.screen.ids.page.scroll_to(offices[0], padding=0, animate=False)
    k.frames(3)


def _events(k: HeadlessKiosk) -> None:
    k.tap(k.screen.ids.events)


def _my_list(k: HeadlessKiosk) -> None:
    k.app.controllers.printing.toggle("service", SERVICE)
    k.app.controllers.printing.toggle("service", "large-family-status")
    k.tap(k.app.root.ids.nav.ids.my_list)


def _idle_prompt(k: HeadlessKiosk) -> None:
    _service(k)
    clock = k.app.controllers.clock  # the _Clock below: idle time passes at once
    clock.now += k.app.controllers.settings.idle_seconds
    k.app.controllers.visit.tick()
    clock.now += 6
    k.app.controllers.visit.tick()
    k.frames(5)


def _staff(k: HeadlessKiosk) -> None:
    for _ in range(5):
        k.tap(k.app.root.ids.top.ids.date)


def _error(k: HeadlessKiosk) -> None:
    k.app.controllers.navigator.open("service", "a-page-that-is-not-there")
    k.frames(3)


def _agency_requests(k: HeadlessKiosk) -> None:
    """An agency that takes requests, at the row of buttons that opens its forms."""
    k.app.controllers.navigator.open("agency", REQUEST_AGENCY)
    k.settle()
    (row,) = buttons(k.screen, "RequestRow")
    k.screen.ids.page.scroll_to(row, animate=False)
    k.frames(5)


def _form(k: HeadlessKiosk, kind: str, **context: str):
    """A request form opened as its button opens it."""
    k.app.controllers.requests.start(kind, **context)
    k.app.controllers.navigator.open("request_form", kind)
    k.frames(5)
    return k.screen


def _request_appointment(k: HeadlessKiosk) -> None:
    form = _form(k, "appointment", agency=REQUEST_AGENCY, service=SERVICE)
    location = form.field("location")
    if location is not None:
        k.tap(buttons(location, "WideChip")[0])


def _request_keys(k: HeadlessKiosk) -> None:
    form = _form(k, "callback", agency=REQUEST_AGENCY)
    k.tap(form.field("topic").input)
    form.field("topic").input.insert_text("пенсия")


def _request_phone(k: HeadlessKiosk) -> None:
    form = _form(k, "callback", agency=REQUEST_AGENCY)
    k.tap(form.field("phone").input)
    for digit in "342123":
        form.type_digit(digit)
    k.frames(3)


def _request_rating(k: HeadlessKiosk) -> None:
    _form(k, "rating", agency=REQUEST_AGENCY)


def _request_complaint(k: HeadlessKiosk) -> None:
    form = _form(k, "complaint", agency=REQUEST_AGENCY)
    k.tap(buttons(form.field("answer"), "FormChip")[0])  # an answer wanted: name, address
    form.ids.page.scroll_y = 0
    k.frames(3)


def _request_problems(k: HeadlessKiosk) -> None:
    form = _form(k, "about_me")
    form.field("phone").input.insert_text("8 девять")
    k.tap(form.ids.send)
    form.ids.page.scroll_y = 1
    k.frames(3)


def _request_agency(k: HeadlessKiosk) -> None:
    """A service several organisations provide: its form asks which one first."""
    from kiosk.app.live_translator import _
    from kiosk.app.screens.request_form import TITLES

    k.app.controllers.navigator.open("service", SHARED_SERVICE)
    k.settle()
    title = _(TITLES["appointment"])
    (button,) = [b for b in buttons(k.screen, "RequestButton") if b.text == title]
    k.tap(button)


def _staff_outbox(k: HeadlessKiosk) -> None:
    """The staff screen after the PIN, at the outbox: requests queued, the last error."""
    from kiosk.adapters.outbox import Outbox
    from kiosk.core.config import data_dir

    requests = k.app.controllers.requests
    for _ in range(3):
        requests.start("wrong_info", listing="agency", listing_id=REQUEST_AGENCY)
        requests.set("wrong", "phone")
        requests.submit()
    Outbox(data_dir(k.app.controllers.settings)).record("the drop box answered 507")
    _staff(k)
    keys = {key.text: key for key in buttons(k.screen, "PinKey")}
    for digit in k.app.controllers.settings.staff_pin:
        k.tap(keys[digit])
    k.tap(k.screen.ids.ok)
    k.screen.ids.page.scroll_to(k.screen.ids.outbox_state, animate=False)
    k.frames(5)


def _request_sent(k: HeadlessKiosk) -> None:
    form = _form(k, "wrong_info", listing="service", listing_id=SERVICE)
    k.tap(buttons(form.field("wrong"), "FormChip")[1])
    k.tap(form.ids.send)


def _attract(k: HeadlessKiosk) -> None:
    k.app.controllers.visit.reset()
    k.frames(5)


def _keys(k: HeadlessKiosk, *codes: int) -> None:
    """Keys of a keypad attached to the terminal (kiosk/app/focus.py), each as SDL sends it."""
    for code in codes:
        k.window.dispatch("on_key_down", code, 0, None, [])
        k.settle(0.1)


F12, DOWN, UP, ENTER = 293, 274, 273, 13


def _keypad_home(k: HeadlessKiosk) -> None:
    _keys(k, F12, DOWN, DOWN, DOWN, DOWN, DOWN)  # the keypad mode; the focus on a tile


def _keypad_service(k: HeadlessKiosk) -> None:
    _service(k)
    _keys(k, F12)
    while k.app.keypad.focused() is not k.screen.ids["print"].__self__:
        _keys(k, DOWN)


def _keypad_search(k: HeadlessKiosk) -> None:
    _keys(k, F12, ENTER, ENTER, DOWN, DOWN, DOWN)  # the search, its keyboard, a key


def _keypad_form(k: HeadlessKiosk) -> None:
    """A form sent empty with the keypad: the focus on the first field told a problem."""
    form = _form(k, "callback", agency=REQUEST_AGENCY, service=SERVICE)
    _keys(k, F12)
    while k.app.keypad.focused() is not form.ids.send.__self__:
        _keys(k, DOWN)
    _keys(k, ENTER)


class _Clock:
    """The session's clock, moved on by hand: no idle prompt unless a picture wants one."""

    now = 1000.0

    def __call__(self) -> float:
        return self.now


SCREENS: dict[str, Callable[[HeadlessKiosk], None]] = {
    "attract": _attract,
    "home": _home,
    "category": _category,
    "service": _service,
    "service-end": _service_end,
    "service-reading": _service_reading,
    "search": _search,
    "search-nothing": _search_nothing,
    "search-typing": _search_typing,
    "finder": _finder,
    "finder-result": _finder_result,
    "finder-mother-income": _finder_mother_income,
    "finder-mother-result": _finder_mother_result,
    "finder-mother-allowance": _finder_mother_allowance,
    "finder-mother-why-not": _finder_mother_why_not,
    "finder-man-question": _finder_man_question,
    "finder-man-result": _finder_man_result,
    "agencies": _agencies,
    "agency": _agency,
    "events": _events,
    "my-list": _my_list,
    "idle-prompt": _idle_prompt,
    "staff": _staff,
    "error": _error,
    "agency-requests": _agency_requests,
    "request-appointment": _request_appointment,
    "request-keys": _request_keys,
    "request-phone": _request_phone,
    "request-rating": _request_rating,
    "request-complaint": _request_complaint,
    "request-problems": _request_problems,
    "request-sent": _request_sent,
    "request-agency": _request_agency,
    "staff-outbox": _staff_outbox,
    "agencies-open-now-perm": lambda k: _filtered(k, "perm", open_now=True),
    "agencies-step-free-berezniki": lambda k: _filtered(k, "berezniki", step_free=True),
    "agencies-both-kudymkar": lambda k: _filtered(k, "kudymkar", open_now=True, step_free=True),
    "agency-ngo": _agency_ngo,
    "agency-unverified": _agency_unverified,
    "keypad-home": _keypad_home,
    "keypad-service": _keypad_service,
    "keypad-search": _keypad_search,
    "keypad-form": _keypad_form,
}
"""Picture name -> how a visitor gets there from the home screen."""


def take_screenshots(
    pack_path: Path,
    out: Path,
    screens: list[str] | None = None,
    langs: tuple[str, ...] = ("ru", "en"),
    themes: tuple[str, ...] = ("normal", "contrast", "large"),
) -> list[Path]:
    """Every screen in `screens` (default: all), in each language and theme; one PNG each."""
    import tempfile

    from content.pack.reader import open_pack
    from kiosk.adapters.speech import EspeakSpeaker
    from kiosk.app.theme import T
    from kiosk.core.config import Config

    pack = open_pack(pack_path)
    # Speech as on a terminal (Read aloud enabled), but into a file: nothing is played.
    spoken = Path(tempfile.mkdtemp()) / "spoken.wav"
    kiosk = HeadlessKiosk(
        pack,
        # Its own data folder: the request pictures send forms into a throwaway outbox.
        config=Config(staff_pin="0000", data_dir=Path(tempfile.mkdtemp())),
        speaker=EspeakSpeaker(wav_path=spoken),
        clock=_Clock(),
    )
    shots = []
    try:
        for name in screens or list(SCREENS):
            for lang in langs:
                for theme in themes:
                    kiosk.app.controllers.visit.reset()
                    kiosk.frames()
                    kiosk.start_session()
                    kiosk.app.controllers.visit.set_language(lang)
                    for option, value in THEMES[theme].items():
                        setattr(T, option, value)
                    kiosk.frames(3)
                    SCREENS[name](kiosk)
                    _bars_at_rest(kiosk)
                    with _cursor_steady(kiosk):
                        shots.append(kiosk.screenshot(out / f"{name}-{lang}-{theme}.png"))
                    if lang == "ru" and not name.startswith(("keypad-", "attract")):
                        # The same screen as the keypad mode shows it: its focus outline
                        # on the screen's first control.
                        _keys(kiosk, F12, DOWN)
                        _bars_at_rest(kiosk)
                        with _cursor_steady(kiosk):
                            shots.append(kiosk.screenshot(out / f"{name}-{lang}-{theme}-focus.png"))
        _write_index(out, sorted(out.glob("*.png")))
        return shots
    finally:
        kiosk.app.close_prompt()
        kiosk.stop()
        kiosk.app.controllers.packs.pack.close()


def _bars_at_rest(k: HeadlessKiosk) -> None:
    """Show every scroll bar in its resting colour, as a moment after the last scroll.

    A bar fades from its scrolling colour to its resting one over a second after the page
    moves; where in that fade a picture caught it depended on the machine's speed, so every
    run rewrote some thirty pictures that nothing had changed.
    """
    from kivy.animation import Animation
    from kivy.uix.scrollview import ScrollView

    from kiosk.app.headless import walk

    for widget in walk(k.app.root):
        if isinstance(widget, ScrollView):
            Animation.stop_all(widget, "_bar_color")
            widget._bar_color = widget.bar_inactive_color


@contextmanager
def _cursor_steady(k: HeadlessKiosk):
    """Show the cursor of a field being typed in, without blinking, while a picture is taken.

    The cursor blinks every half second; whether a picture caught it on or off depended on
    the machine's speed, and the pictures are there to show it.
    """
    from kivy.uix.textinput import TextInput

    from kiosk.app.headless import walk

    fields = [w for w in walk(k.app.root) if isinstance(w, TextInput) and w.focus]
    for field in fields:
        field.cursor_blink = False  # Kivy then keeps the cursor on
    k.frames()
    try:
        yield
    finally:
        for field in fields:
            field.cursor_blink = True


def _write_index(out: Path, shots: list[Path]) -> None:
    lines = [
        "# Screenshots",
        "",
        "Made by `make screenshots` from the demo pack: every screen in Russian and English,",
        "in the normal theme, high contrast and large text. Regenerate after changing a screen",
        "and look at every picture.",
        "",
    ]
    for shot in shots:
        lines.append(f"![{shot.stem}]({shot.name})")
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _pick(widgets: list, key: str | None):
    if not widgets:
        raise SystemExit("nothing to touch on this screen: is the pack empty?")
    for widget in widgets:
        if widget.key == key:
            return widget
    return widgets[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, required=True, help="content pack (.sqlite)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="folder")
    parser.add_argument("--screen", action="append", choices=sorted(SCREENS), help="only these")
    parser.add_argument("--lang", action="append", choices=["ru", "en"], help="only these")
    parser.add_argument("--theme", action="append", choices=sorted(THEMES), help="only these")
    args = parser.parse_args(argv)
    for old in args.out.glob("*.png") if not (args.screen or args.lang or args.theme) else ():
        old.unlink()  # a full run leaves no picture of a screen that is gone
    shots = take_screenshots(
        args.pack,
        args.out,
        args.screen,
        tuple(args.lang or ("ru", "en")),
        tuple(args.theme or THEMES),
    )
    for path in shots:
        print(path)


if __name__ == "__main__":
    main()
