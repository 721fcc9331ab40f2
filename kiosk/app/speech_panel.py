"""The speech panel: while a page is read aloud, large buttons to pause and go on, hear a
sentence again, and have it said slower or faster (kiosk.core.controllers.reading).

It sits in the shell between the screens and the bottom bar (shell.kv), as tall as the
bottom bar while a reading is on and of no height otherwise. Its buttons call the
`ReadAloud` controller; what they show (Pause or Continue, Slower and Faster greyed out at
their ends) follows the app's mirror of it (kiosk/app/main.py).
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, ObjectProperty

from kiosk.app import theme
from kiosk.app.layouts import FlowBar

theme.load_kv(__file__)


class SpeechPanel(FlowBar):
    """Pause/Continue, Repeat, Slower, Faster; see speech_panel.kv."""

    controllers = ObjectProperty(None)
    """The app's controllers, from the shell: the buttons go to `controllers.reading`."""

    shown = BooleanProperty(False)
    """True while a reading is on (the app's `speaking`): the panel has its height."""

    def on_touch_down(self, touch):
        # Hidden, its buttons still lie (invisible and disabled) over the page's bottom
        # edge; a disabled widget would swallow a touch there, meant for the page.
        if not self.shown:
            return False
        return super().on_touch_down(touch)
