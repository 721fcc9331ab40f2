"""'Are you still here?' with a visible countdown, before the session is wiped.

Any touch but one on "Finish" means "I'm here": a visitor who looked up from a leaflet
touches the screen, not necessarily the button. To a visitor who has had a page read aloud
the prompt is said aloud too, with its countdown (kiosk.core.controllers.reading): they may
not see it, and all they need to know to stay is to touch the screen above the buttons.
"""

from __future__ import annotations

from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.modalview import ModalView

from content.presentation.i18n import N_
from kiosk.app import theme
from kiosk.app.live_translator import _

theme.load_kv(__file__)

TO_STAY = N_("Чтобы продолжить, коснитесь верхней половины экрана.")
"""Said after the countdown, never shown: the upper half of the screen holds no button (the
buttons sit at the bottom of the prompt, which is centred), so a touch there is always
"I'm here", never "Finish"."""


class IdlePrompt(ModalView):
    seconds_left = NumericProperty(20)
    """Whole seconds until the reset; the visit counts it down."""

    controllers = ObjectProperty(None)
    """The app's controllers (kiosk.core.controllers.Controllers): the answers go to the visit."""

    def on_open(self) -> None:
        c = self.controllers
        if c is not None:
            c.reading.announce(self.spoken_text(), c.visit.lang)

    def spoken_text(self) -> str:
        """The question, the countdown in words, and how to stay."""
        return " ".join((self.ids.question.text, self.ids.countdown.text, _(TO_STAY)))

    def on_touch_down(self, touch) -> bool:
        if self.ids.finish.collide_point(*touch.pos):
            return super().on_touch_down(touch)
        # Anywhere else, on the prompt or on the dimmed page around it: "I'm here". The
        # touch goes no further: the page under the dim must not take it.
        if self.controllers is not None:
            self.controllers.visit.still_here()
        return True
