"""'Are you still here?' with a visible countdown, before the session is wiped."""

from __future__ import annotations

from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.modalview import ModalView

from kiosk.app import theme

theme.load_kv(__file__)


class IdlePrompt(ModalView):
    seconds_left = NumericProperty(20)
    """Whole seconds until the reset; the visit counts it down."""

    controllers = ObjectProperty(None)
    """The app's controllers (kiosk.core.controllers.Controllers): the answers go to the visit."""
