"""What every screen has: `show()` for a place, `reset()` between visitors, `spoken_text()`."""

from __future__ import annotations

from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from content.pack import Pack


class KioskScreen(Screen):
    """A screen of the app. Subclasses fill themselves in `show()` from the pack."""

    released_on_leave: tuple[str, ...] = ()
    """Ids of containers emptied when the visitor leaves the screen. `show()` fills them
    again on the next visit anyway, and their labels' textures are most of the app's
    memory: a terminal that keeps every page it has shown grows with every visit."""

    def on_leave(self, *args) -> None:
        for name in self.released_on_leave:
            self.ids[name].clear_widgets()

    def show(self, pack: Pack, key: str | None, lang: str) -> None:
        """Fill the screen for `key` in `lang`; called on every visit and language switch."""

    def reset(self) -> None:
        """Forget whatever the last visitor left here (typed text, choices)."""

    def spoken_text(self) -> str:
        """What Read aloud says: the visible text of the screen, top to bottom."""
        from kiosk.speech import speakable

        parts = []
        for widget in _walk(self):
            if isinstance(widget, Label) and widget.text and widget.opacity > 0:
                if widget.text.strip() in ("›", "‹"):
                    continue
                parts.append(speakable(widget.text))
        return "\n".join(p for p in parts if p.strip())


def _walk(widget):
    yield widget
    for child in reversed(widget.children):
        yield from _walk(child)
