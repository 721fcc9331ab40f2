"""`make screenshots` draws the same picture of an unchanged screen every time."""

from __future__ import annotations


def test_scroll_bars_are_shown_at_rest_whatever_moment_the_picture_is_taken(kiosk):
    from kiosk.app.screenshots import _bars_at_rest

    kiosk.app.controllers.navigator.open("category", "families")
    kiosk.settle()
    page = kiosk.screen.ids.page
    page.scroll_y = 0.5  # the bar takes its scrolling colour and fades back after a while
    kiosk.frames(2)
    assert list(page._bar_color) == list(page.bar_color)
    _bars_at_rest(kiosk)
    assert list(page._bar_color) == list(page.bar_inactive_color)
    kiosk.frames(3)  # the fade that was under way does not come back
    assert list(page._bar_color) == list(page.bar_inactive_color)
