"""The keypad mode's view of the screen (kiosk/app/focus.py): which widgets a finger could
press now, what each is called and is (the core's Control), the outline drawn round the
focused one, and scrolling it into sight."""

from __future__ import annotations

import re

from kivy.core.window import Window
from kivy.graphics import Color, InstructionGroup, Line
from kivy.input.motionevent import MotionEvent
from kivy.metrics import dp, mm
from kivy.uix.behaviors import ButtonBehavior, ToggleButtonBehavior
from kivy.uix.scrollview import ScrollView
from kivy.uix.textinput import TextInput

from kiosk.app.live_theme import T
from kiosk.core import keyboard as layouts
from kiosk.core.focus import Control

OUTLINE_MM = 3.0
"""The focus outline's width: 3 mm, as WCAG 2.4.13 and a low-vision visitor ask."""

HALO_DP = 3
"""A band of the background's colour on both sides of the outline, so that the
outline stands apart from a control of its own colour (a tile in the high-contrast theme)."""

ROLES = {
    "CategoryTile": "tile",
    "ListButton": "row",
    "ServiceButton": "row",
    "KeyButton": "key",
    "Chip": "toggle",
    "BarToggle": "toggle",
    "SearchField": "field",
    "FormChip": "choice",
    "WideChip": "choice",
    "DigitKey": "key",
}
"""Widget class -> its role in kiosk.core.focus.ROLES; anything else pressable: a button."""

ROWS_OF = ("KeyRow", "DigitPad")
"""Layouts whose buttons are a row of keys (kiosk.core.focus: a grid)."""

_TAG = re.compile(r"\[/?[a-z_]+(?:=[^\]]*)?\]")


class Outline:
    """The focus: a ring of the background's colour, then a 3 mm one of the text's."""

    def __init__(self):
        self.box = None
        self.group = InstructionGroup()
        self.halo_colour = Color(rgba=T.background)
        self.halo = Line(width=dp(HALO_DP) / 2, joint="miter")
        self.ring_colour = Color(rgba=T.text)
        self.ring = Line(width=mm(OUTLINE_MM) / 2, joint="miter")
        for part in (self.halo_colour, self.halo, self.ring_colour, self.ring):
            self.group.add(part)

    def around(self, widget) -> None:
        x, y = widget.to_window(widget.x, widget.y)
        w, h = widget.size
        # The halo is a band of the background's colour on both sides of the ring: the ring
        # keeps its contrast even where it crosses a neighbour's fill (tiles sit closer
        # than the outline is wide). A Line is drawn `width` to either side of its path.
        halo_side, ring = dp(HALO_DP), self.ring.width
        self.halo.width = halo_side + ring
        halo = self.halo.width
        inner = halo
        outer = halo_side + ring
        # A control taller than its page (a long row in large text) is outlined where it
        # is on show: the outline stays inside the page, never over the bars or a header.
        page = page_of(widget)
        if page is not None:
            px, py = page.to_window(page.x, page.y)
            edge = 2 * halo_side + 2 * ring  # the outline's whole width outside the control
            top = min(y + h, py + page.height - edge)
            y = max(y, py + edge)
            h = max(0, top - y)
        self.box = (x, y, x + w, y + h)
        """The control's part the outline goes round, in window pixels (for the measure)."""
        # Set only what changed: any change redraws the window, which a terminal without
        # a GPU pays for in every frame.
        _set(self.halo, "rectangle", (x - inner, y - inner, w + 2 * inner, h + 2 * inner))
        _set(self.ring, "rectangle", (x - outer, y - outer, w + 2 * outer, h + 2 * outer))
        _set(self.halo_colour, "rgba", tuple(T.background))
        _set(self.ring_colour, "rgba", tuple(T.text))


def page_of(widget):
    """The page (ScrollView) that holds `widget`, or None."""
    from kivy.uix.scrollview import ScrollView

    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView):
            return node
        node = node.parent
    return None


def _set(instruction, name: str, value: tuple) -> None:
    now = getattr(instruction, name)
    if now is None or tuple(now) != value:
        setattr(instruction, name, value)


class Finger(MotionEvent):
    """A touch at a point of the widget's parent, for a press sent to the widget itself."""

    def depack(self, args):
        self.x, self.y = args
        self.sx, self.sy = 0, 0
        self.profile = ["pos"]
        self.is_touch = True
        self.type_id = "touch"
        super().depack(args)
        self.pos = args


def control(widget) -> Control:
    """The core's view of `widget`: its name, role and state; a key's row and place across;
    a form's question and the problem told beside it."""
    kind = type(widget).__name__
    role = ROLES.get(kind, "field" if isinstance(widget, TextInput) else "button")
    state = ""
    if isinstance(widget, ToggleButtonBehavior):
        down = widget.state == "down"
        state = ("on" if down else "off") if kind == "BarToggle" else ("selected" if down else "")
    value = widget.text if isinstance(widget, TextInput) else None
    parent = widget.parent
    row, x = None, 0.0
    if parent is not None and type(parent).__name__ in ROWS_OF:
        row, x = parent.uid, widget.to_window(*widget.center)[0]
        role = "key"  # the digit pad's Erase and Done too: keys of its row
    name, note = label(widget), ""
    question = _form_field(widget)
    if question is not None:
        caption = plain(question.caption)
        if isinstance(widget, TextInput):
            name = caption or name  # a form's field is named by its caption, not its hint
        else:
            note = caption  # a choice: the question it answers, and what it agrees to
            explanation = plain(getattr(question, "explanation", ""))
            note = f"{note}. {explanation}" if note and explanation else note or explanation
    problem = plain(question.problem) if question is not None else ""
    return Control(widget.uid, name, role, state, value, row, x, note, problem)


def _form_field(widget):
    """The form's field (caption, input, problem) that `widget` is part of, or None."""
    node = widget.parent
    while node is not None and node is not node.parent:
        if type(node).__name__ == "FormField":
            return node
        node = node.parent
    return None


def types_into_field(widget) -> bool:
    """A key that types into a field (not the keyboard's Find or Done)."""
    key = getattr(widget, "key", None)
    if isinstance(key, layouts.Key):
        return key.kind != layouts.DONE
    return type(widget).__name__ == "DigitKey" or (
        type(widget.parent).__name__ == "DigitPad" and widget is not widget.parent.ids.done
    )


def label(widget) -> str:
    """A control's name as shown: a field's hint, a tile's title, a button's text."""
    if isinstance(widget, TextInput):
        return plain(widget.hint_text)
    for name in ("title", "text"):
        text = getattr(widget, name, None)
        if isinstance(text, str) and plain(text):
            return plain(text)
    inside = [
        w.text
        for w in walk(widget)
        if w is not widget and isinstance(getattr(w, "text", None), str)
    ]
    return plain(" ".join(inside))


def plain(text: str) -> str:
    """Markup and the arrows drawn beside words taken away."""
    text = _TAG.sub("", text).replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")
    return " ".join(text.replace("‹", " ").replace("›", " ").split())


def walk(widget):
    """`widget` and what it holds, in reading order (the order the layouts were filled)."""
    yield widget
    for child in reversed(widget.children):
        yield from walk(child)


def reachable(widget) -> bool:
    """A control a finger could press now: pressable, shown, enabled, of some size."""
    if not isinstance(widget, (ButtonBehavior, TextInput)):
        return False
    if widget.width < 2 or widget.height < 2 or widget.disabled:
        return False
    if type(widget).__name__ == "KeyButton" and widget.key is None:
        return False
    node = widget
    while node is not None and node is not node.parent:
        if node.opacity == 0:
            return False
        node = node.parent
    return _in_window(widget)


def _in_window(widget) -> bool:
    """On the window, or inside a page that can scroll it there."""
    page = widget.parent
    while page is not None and page is not page.parent:
        if isinstance(page, ScrollView):
            return True
        page = page.parent
    x, y = widget.to_window(widget.x, widget.y)
    return x < Window.width and y < Window.height and x + widget.width > 0 and y + widget.height > 0


def scroll_into_view(widget) -> None:
    page = widget.parent
    while page is not None and page is not page.parent and not isinstance(page, ScrollView):
        page = page.parent
    if not isinstance(page, ScrollView):
        return
    _x, y = widget.to_window(widget.x, widget.y)
    _px, py = page.to_window(page.x, page.y)
    margin = mm(OUTLINE_MM) + dp(HALO_DP) + dp(4)
    if widget.height + 2 * margin > page.height:
        # Taller than the page (a long row in large text): its beginning in sight, where
        # its words start.
        _scroll_top_to(page, widget, margin)
    elif y - margin < py or y + widget.height + margin > py + page.height:
        page.scroll_to(widget, padding=margin, animate=False)


def _scroll_top_to(page, widget, margin: float) -> None:
    """Scroll `page` so that `widget`'s top is `margin` under the page's top."""
    content = page.children[0] if page.children else None
    if content is None or content.height <= page.height:
        return
    _x, top_in_content = content.to_widget(*widget.to_window(widget.x, widget.top))
    # scroll_y: 1 shows the content's top; what is hidden above is (1 - scroll_y) * room.
    room = content.height - page.height
    hidden_above = max(0.0, min(room, content.height - top_in_content - margin))
    page.scroll_y = 1 - hidden_above / room
