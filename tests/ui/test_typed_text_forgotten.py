"""Nothing a visitor typed survives the reset (issue 15): not in the clipboard, not in Kivy's
text caches, the word sizes, an undo history, a texture, a log line or any live object.

The visitor types a word on the on-screen keys and another on a keyboard attached to the
terminal, selects it all and copies it every way a field offers. The words are put together
at run time from parts, and looked for by their first three letters (`needles()`), which no
constant of this module holds whole: otherwise the scan of live objects would find the
test's own code.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st
from live_objects import betrays, holders_of, widget_holders

from kiosk.app.headless import walk

ON_SCREEN = ("щъ", "жэ")
"""Typed with the on-screen keys: a word nobody writes, so that no page holds it."""

ATTACHED = ("zq", "jx")
"""Typed on a keyboard attached to the terminal."""

CTRL = ["ctrl"]


# -- what the visitor does ------------------------------------------------------------------


def needles() -> tuple[str, ...]:
    """What betrays the typed words: three letters of each, built anew on each call."""
    return tuple("".join(parts)[:3] for parts in (ON_SCREEN, ATTACHED))


def open_search(kiosk):
    kiosk.tap(kiosk.screen.ids.search)
    assert kiosk.screen.name == "search"
    return kiosk.screen


def type_on_screen(kiosk, parts) -> None:
    from kiosk.app.headless import buttons

    for char in "".join(parts) + " ":
        kind = "space" if char == " " else "char"
        (key,) = [
            k
            for k in buttons(kiosk.screen.ids.keyboard, "KeyButton")
            if k.key.kind == kind and (kind == "space" or k.key.text == char)
        ]
        kiosk.tap(key)


def type_attached(kiosk, parts) -> None:
    """As SDL reports a real keyboard: a key down with its character, then the text."""
    for char in "".join(parts):
        kiosk.window.dispatch("on_key_down", ord(char), 0, char, [])
        kiosk.window.dispatch("on_textinput", char)
        kiosk.window.dispatch("on_key_up", ord(char), 0)
    kiosk.settle(0.4)


def shortcut(kiosk, letter: str) -> None:
    """Ctrl+`letter` on the attached keyboard."""
    kiosk.window.dispatch("on_key_down", ord(letter), 0, letter, CTRL)
    kiosk.window.dispatch("on_key_up", ord(letter), 0)
    kiosk.frames(2)


def type_select_and_copy(kiosk):
    """A visitor types the marker both ways, then copies it: Ctrl+A Ctrl+C, and the field's
    own Copy (what its bubble's button calls). Returns the search screen."""
    screen = open_search(kiosk)
    type_on_screen(kiosk, ON_SCREEN)
    type_attached(kiosk, ATTACHED)
    field = screen.ids.field
    assert all(n in field.text for n in needles())  # typed, both ways
    shortcut(kiosk, "a")
    shortcut(kiosk, "c")
    field.select_all()
    field.copy()
    kiosk.frames(2)
    return screen


def idle_until_reset(kiosk, clock) -> None:
    for seconds in (60, 20):  # the idle time, then the prompt's countdown
        clock.advance(seconds)
        kiosk.app.controllers.visit.tick()
        kiosk.frames()
    assert not kiosk.app.in_session


# -- after the reset ------------------------------------------------------------------------


def test_the_clipboard_holds_nothing_typed_after_the_reset(kiosk, session_clock):
    from kivy.core.clipboard import Clipboard

    type_select_and_copy(kiosk)
    idle_until_reset(kiosk, session_clock)
    assert not betrays(Clipboard.paste(), needles())


def test_text_anything_put_on_the_clipboard_is_gone_after_the_reset(kiosk, session_clock):
    from kivy.core.clipboard import Clipboard

    Clipboard.copy("".join(ON_SCREEN))  # put there by some other way than the field
    idle_until_reset(kiosk, session_clock)
    assert not betrays(Clipboard.paste(), needles())


def test_the_next_visitor_pastes_and_undoes_nothing_of_the_last(kiosk, session_clock):
    type_select_and_copy(kiosk)
    idle_until_reset(kiosk, session_clock)
    kiosk.start_session()
    field = open_search(kiosk).ids.field
    shortcut(kiosk, "v")
    field.paste()
    shortcut(kiosk, "z")
    field.do_undo()
    shortcut(kiosk, "r")
    field.do_redo()
    kiosk.settle(0.4)
    assert not betrays(field.text, needles())


def test_no_kivy_cache_holds_typed_text_after_the_reset(kiosk, session_clock):
    from kivy.cache import Cache

    type_select_and_copy(kiosk)
    idle_until_reset(kiosk, session_clock)
    marks = needles()
    held = [
        category
        for category, entries in Cache._objects.items()
        for key, entry in entries.items()
        if betrays(key, marks) or betrays(entry.get("object"), marks)
    ]
    assert held == []


def test_the_word_sizes_keep_no_typed_word(kiosk, session_clock):
    from kiosk.app import word_widths

    type_select_and_copy(kiosk)
    idle_until_reset(kiosk, session_clock)
    marks = needles()
    assert [text for text in word_widths.remembered_texts() if betrays(text, marks)] == []


def test_no_live_object_holds_typed_text_after_the_reset(kiosk, session_clock):
    type_select_and_copy(kiosk)
    idle_until_reset(kiosk, session_clock)
    marks = needles()
    held = holders_of(marks) + widget_holders(kiosk.app, marks)
    assert held == [], "\n".join(held)
    assert widget_holders(kiosk.app, ("Напишите",)) != []  # the scan does see the fields


def test_the_scan_finds_a_word_wherever_a_live_object_keeps_it(kiosk):
    """The scan itself can fail: a word as a dict's key, in a list, in a widget."""
    marks = needles()
    # As a key of an untracked dict, which shows the collector neither itself nor its keys.
    kept = [{"".join(ON_SCREEN): 1}]
    top = kiosk.app.root.ids.top
    top.scratch = "".join(ATTACHED)
    try:
        assert "list" in holders_of(marks[:1])
        assert widget_holders(kiosk.app, marks) == ["TopBar.scratch"]
    finally:
        del top.scratch, kept


def test_the_field_draws_new_pixels_after_the_reset(kiosk, session_clock):
    """Textures hold pixels, not text: what matters is that none that drew the typed
    words is drawn again, or kept for the next visitor who types the same."""
    from kivy.cache import Cache

    field = type_select_and_copy(kiosk).ids.field
    shown = [rect.texture for rect in field._lines_rects] + list(field._lines_labels)
    assert shown and all(texture.width > 1 for texture in shown)
    idle_until_reset(kiosk, session_clock)
    drawn_now = [rect.texture for rect in field._lines_rects] + list(field._lines_labels)
    cached = [entry["object"] for entry in Cache._objects.get("textinput.label", {}).values()]
    assert not [t for t in drawn_now + cached if any(t is old for old in shown)]
    assert all(texture.width <= 1 for texture in field._lines_labels)  # an empty line


# -- the field itself ----------------------------------------------------------------------


def test_the_field_neither_copies_cuts_nor_pastes(kiosk):
    from kivy.core.clipboard import Clipboard

    field = open_search(kiosk).ids.field
    Clipboard.copy("".join(ATTACHED))  # what some earlier visitor might have left there
    shortcut(kiosk, "v")
    field.paste()
    kiosk.settle(0.4)
    assert not betrays(field.text, needles())

    type_on_screen(kiosk, ON_SCREEN)
    for copy in (lambda: shortcut(kiosk, "c"), field.copy, lambda: shortcut(kiosk, "x"), field.cut):
        field.select_all()
        copy()
        kiosk.frames(2)
        assert not betrays(Clipboard.paste(), needles()[:1])
        assert needles()[0] in field.text  # cut takes nothing away either


TYPED = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)


@given(typed=TYPED)
def test_a_sealed_field_keeps_the_clipboard_and_forgets_everything(headless_kiosk, typed):
    """Whatever is typed into the search field (focused, as a visitor has it): copy, cut
    and paste, by keys or by call, change neither the clipboard nor the field; after
    forget() nothing of it is left to show or undo."""
    from kivy.core.clipboard import Clipboard

    app = headless_kiosk.app
    app.controllers.navigator.open("search")
    field = app.root.screen("search").ids.field
    field.forget()
    headless_kiosk.frames(1)  # Kivy lays the emptied field out again before it takes text
    before = "".join(("кл", "ип"))
    Clipboard.copy(before)
    field.insert_text(typed)
    assert field.focus and field.text == typed
    for letter in "acxv":
        field.keyboard_on_key_down(None, (ord(letter), letter), letter, CTRL)
        assert Clipboard.paste() == before and field.text == typed
    field.select_all()
    for action in (field.copy, field.cut, field.paste):
        action()
        assert Clipboard.paste() == before and field.text == typed
    field.forget()
    assert (field.text, field.selection_text) == ("", "") and not any(field._lines)
    field.do_undo()
    field.do_redo()
    assert field.text == "" and not field._undo and not field._redo


def test_selecting_text_does_not_reach_the_x11_cut_buffer(kiosk, monkeypatch):
    """On X11 Kivy copies every selection to the primary selection, and a middle click
    pastes it: the kiosk must do neither (no xclip here, so a stand-in records it)."""
    import kivy.uix.textinput as kivy_textinput

    class CutBuffer:
        def __init__(self):
            self.set = []

        def set_cutbuffer(self, text):
            self.set.append(text)

        def get_cutbuffer(self):
            return "".join(ATTACHED)

    from kivy.core.clipboard import Clipboard

    buffer = CutBuffer()
    monkeypatch.setattr(kivy_textinput, "Clipboard", Clipboard)  # so Kivy keeps the stand-in
    monkeypatch.setattr(kivy_textinput, "CutBuffer", buffer)
    field = open_search(kiosk).ids.field
    type_on_screen(kiosk, ON_SCREEN)
    field.select_all()
    kiosk.settle(0.2)
    assert buffer.set == []
    middle_click(kiosk, field)
    assert not betrays(field.text, needles()[1:])


def middle_click(kiosk, widget) -> None:
    from kivy.input.motionevent import MotionEvent

    class Mouse(MotionEvent):
        def depack(self, args):
            self.sx, self.sy = args
            self.profile = ["pos", "button"]
            self.button = "middle"
            super().depack(args)

    x, y = widget.to_window(*widget.center)
    w, h = kiosk.window.size
    click = Mouse("headless", 2, (x / (w - 1.0), y / (h - 1.0)), is_touch=True, type_id="touch")
    kiosk._dispatch("begin", click)
    kiosk.frames(2)
    kiosk._dispatch("end", click)
    kiosk.settle(0.3)


def test_a_long_press_or_double_tap_brings_no_copy_bubble_nor_handles(kiosk):
    from kivy.input.motionevent import MotionEvent
    from kivy.uix.textinput import Selector, TextInputCutCopyPaste

    screen = open_search(kiosk)
    type_on_screen(kiosk, ON_SCREEN)
    field = screen.ids.field
    field.cursor = (1, 0)
    field.dispatch("on_double_tap")  # what a double tap does: select the word
    kiosk.frames(3)
    assert field.selection_text
    x, y = field.to_window(*field.center)
    w, h = kiosk.window.size

    class Finger(MotionEvent):
        def depack(self, args):
            self.sx, self.sy = args
            self.profile = ["pos"]
            super().depack(args)

    finger = Finger("headless", 3, (x / (w - 1.0), y / (h - 1.0)), is_touch=True, type_id="touch")
    kiosk._dispatch("begin", finger)
    kiosk.settle(0.8)  # Kivy's long touch is half a second
    kiosk._dispatch("end", finger)
    kiosk.settle(0.3)
    overlays = [w for w in walk(kiosk.window) if isinstance(w, (TextInputCutCopyPaste, Selector))]
    assert overlays == [] and field._bubble is None


def test_every_text_field_of_the_app_is_sealed(kiosk):
    from kivy.uix.textinput import TextInput

    from kiosk.app.main import SCREENS
    from kiosk.app.widgets import SealedInput

    fields = [
        w for name in SCREENS for w in walk(kiosk.app.root.screen(name)) if isinstance(w, TextInput)
    ]
    assert fields and all(isinstance(f, SealedInput) for f in fields)
    assert all(not f.use_bubble and not f.use_handles for f in fields)


def test_digits_half_entered_on_the_staff_pin_pad_are_gone_after_the_reset(kiosk, session_clock):
    from kiosk.app.headless import buttons

    for _ in range(5):
        kiosk.tap(kiosk.app.root.ids.top.ids.date)
    staff = kiosk.screen
    assert staff.name == "staff"
    keys = {k.text: k for k in buttons(staff, "PinKey")}
    for digit in "97":
        kiosk.tap(keys[digit])
    assert staff.ids.dots.text == "••"
    idle_until_reset(kiosk, session_clock)
    assert staff.entered == "" and staff.ids.dots.text.strip() == ""


# -- logs -----------------------------------------------------------------------------------


def test_a_failing_search_logs_nothing_of_what_was_typed(kiosk, monkeypatch, caplog):
    from kivy.logger import LoggerHistory

    def broken(query, limit=20):
        raise RuntimeError(f"no such column: {query}")

    monkeypatch.setattr(kiosk.app.controllers.packs.pack, "search", broken)
    caplog.set_level(logging.DEBUG)
    open_search(kiosk)
    type_attached(kiosk, ATTACHED)
    kiosk.settle(0.4)
    assert kiosk.screen.name == "error"  # the failure is not hidden from the visitor
    marks = needles()[1:]
    whole = logging.Formatter()  # the message with its traceback, as a log file has it
    logged = [whole.format(r) for r in [*caplog.records, *LoggerHistory.history]]
    assert [line for line in logged if betrays(line, marks)] == []
    assert any("search" in line for line in logged)  # and yet the failure is in the log


@pytest.fixture(autouse=True)
def _empty_clipboard():
    """Each test starts with nothing on the clipboard, whatever the one before left there."""
    from kivy.core.clipboard import Clipboard

    Clipboard.put(b"", "text/plain")
