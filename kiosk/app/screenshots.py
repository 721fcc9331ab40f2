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

from kiosk.app import screenshot_walks as walk
from kiosk.app.headless import HeadlessKiosk
from kiosk.app.screenshot_walks import DOWN, F12, HandClock, press_keys

THEMES = {
    "normal": {"high_contrast": False, "large_text": False},
    "contrast": {"high_contrast": True, "large_text": False},
    "large": {"high_contrast": False, "large_text": True},
}

SCREENS: dict[str, Callable[[HeadlessKiosk], None]] = {
    "attract": walk.attract,
    "home": walk.home,
    "category": walk.category,
    "service": walk.service,
    "service-end": walk.service_end,
    "service-reading": walk.service_reading,
    "search": lambda k: walk.searched(k, "пособее на рибенка"),
    "search-nothing": lambda k: walk.searched(k, "жжжжжж"),
    "search-typing": lambda k: walk.searched(k, "пособие на ре"),
    "finder": walk.finder,
    "finder-result": walk.finder_result,
    "finder-mother-income": lambda k: walk.finder_answered(
        k, walk.MOTHER_OF_THREE, stop_at="income"
    ),
    "finder-mother-result": lambda k: walk.finder_answered(k, walk.MOTHER_OF_THREE),
    "finder-mother-allowance": walk.finder_mother_allowance,
    "finder-mother-why-not": walk.finder_mother_why_not,
    "finder-man-question": lambda k: walk.finder_answered(k, walk.MAN_75, stop_at="children"),
    "finder-man-result": lambda k: walk.finder_answered(k, walk.MAN_75),
    "agencies": walk.agencies,
    "agency": walk.agency,
    "events": walk.events,
    "my-list": walk.my_list,
    "idle-prompt": walk.idle_prompt,
    "staff": walk.staff,
    "error": walk.error,
    "agency-requests": walk.agency_requests,
    "request-appointment": walk.request_appointment,
    "request-keys": walk.request_keys,
    "request-phone": walk.request_phone,
    "request-rating": walk.request_rating,
    "request-complaint": walk.request_complaint,
    "request-problems": walk.request_problems,
    "request-sent": walk.request_sent,
    "request-agency": walk.request_agency,
    "staff-outbox": walk.staff_outbox,
    "agencies-open-now-perm": lambda k: walk.filtered(k, "perm", open_now=True),
    "agencies-step-free-berezniki": lambda k: walk.filtered(k, "berezniki", step_free=True),
    "agencies-both-kudymkar": lambda k: walk.filtered(k, "kudymkar", open_now=True, step_free=True),
    "agency-ngo": walk.agency_ngo,
    "agency-unverified": walk.agency_unverified,
    "keypad-home": walk.keypad_home,
    "keypad-service": walk.keypad_service,
    "keypad-search": walk.keypad_search,
    "keypad-form": walk.keypad_form,
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
    # Its own data folder: the request pictures send forms into a throwaway outbox. Both go
    # with the run.
    scratch = tempfile.TemporaryDirectory(prefix="kiosk-screenshots-")
    kiosk = HeadlessKiosk(
        pack,
        config=Config(staff_pin="0000", data_dir=Path(scratch.name) / "data"),
        speaker=EspeakSpeaker(wav_path=Path(scratch.name) / "spoken.wav"),
        clock=HandClock(),
        give_back_big_blocks=False,  # pixels, not memory (kiosk.app.compose.build_app)
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
                        press_keys(kiosk, F12, DOWN)
                        _bars_at_rest(kiosk)
                        with _cursor_steady(kiosk):
                            shots.append(kiosk.screenshot(out / f"{name}-{lang}-{theme}-focus.png"))
        _write_index(out, sorted(out.glob("*.png")))
        return shots
    finally:
        kiosk.app.close_prompt()
        kiosk.stop()
        kiosk.app.controllers.packs.pack.close()
        scratch.cleanup()


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
