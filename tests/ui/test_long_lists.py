"""Long lists appear a screenful first and grow on the next frames, without moving the view."""

from __future__ import annotations


def biggest_category(kiosk) -> tuple[str, int]:
    rows = kiosk.app.controllers.packs.pack.conn.execute(
        "SELECT category_id, count(*) FROM service_categories GROUP BY category_id "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return rows[0], rows[1]


def covers_the_view(page, rows) -> bool:
    """True when the rows there reach below the bottom of the page's view."""
    lowest = rows.children[0]  # the last added
    return lowest.to_window(*lowest.pos)[1] <= page.to_window(*page.pos)[1]


def test_a_long_list_shows_a_screenful_at_once_and_the_rest_on_the_next_frames(kiosk):
    from kiosk.app.screens.base import AT_ONCE
    from kiosk.app.screens.category import MAX_ROWS

    key, count = biggest_category(kiosk)
    assert count > AT_ONCE, "the demo pack needs a category longer than a screenful"
    kiosk.app.controllers.navigator.open("category", key)
    services = kiosk.screen.ids.services
    at_once = len(services.children)  # before the first frame: a screenful
    assert 0 < at_once <= AT_ONCE and at_once == kiosk.screen.rows_in_view(services)
    kiosk.frames(1)
    assert len(services.children) == at_once  # the first frame draws just that
    assert covers_the_view(kiosk.screen.ids.page, services)
    kiosk.settle()
    assert len(services.children) == min(count, MAX_ROWS)
    keys = [row.key for row in reversed(services.children)]
    assert keys == [
        s["id"] for s in kiosk.app.controllers.packs.pack.services_in_category(key, limit=MAX_ROWS)
    ]


def test_rows_in_sight_stay_in_place_while_the_list_grows_below(kiosk):
    key, _count = biggest_category(kiosk)
    kiosk.app.controllers.navigator.open("category", key)
    kiosk.frames(1)
    page = kiosk.screen.ids.page
    page.scroll_y = 0  # the visitor has scrolled to the end of what is there so far
    kiosk.frames(1)
    row = list(reversed(kiosk.screen.ids.services.children))[3]
    before = row.to_window(*row.pos)[1]
    kiosk.settle()
    # Not a pixel's move (positions are fractions of a pixel at most screens' density).
    assert abs(row.to_window(*row.pos)[1] - before) < 0.5


def test_leaving_the_screen_stops_the_filling(kiosk):
    key, _count = biggest_category(kiosk)
    kiosk.app.controllers.navigator.open("category", key)
    kiosk.frames(1)
    kiosk.app.controllers.navigator.home()
    kiosk.settle()
    assert kiosk.app.root.screen("category").ids.services.children == []


def test_a_list_seen_before_builds_only_the_rows_that_fill_the_view(kiosk):
    from kiosk.app.screens.base import AT_ONCE

    for key, _name in kiosk.app.controllers.packs.pack.conn.execute(
        "SELECT id, name_ru FROM services LIMIT 10"
    ):
        kiosk.app.controllers.printing.toggle("service", key)
    kiosk.app.controllers.navigator.open("my_list")
    kiosk.settle()
    kiosk.app.controllers.navigator.home()
    kiosk.settle()
    kiosk.app.controllers.navigator.open("my_list")
    rows = kiosk.screen.ids.rows
    at_once = len(rows.children)
    # Its rows are two or three lines high: fewer than a screenful of one-line rows.
    assert 0 < at_once < AT_ONCE
    kiosk.frames(1)
    assert len(rows.children) == at_once
    assert covers_the_view(kiosk.screen.ids.page, rows)
    kiosk.settle()
    assert len(rows.children) == 10
