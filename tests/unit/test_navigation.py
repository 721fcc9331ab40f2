"""Back and Home: where they lead from where the visitor is."""

from kiosk.core.navigation import HOME, History, Place


def test_back_retraces_the_path_and_stops_at_home():
    history = History()
    history.go(Place("category", "families"))
    history.go(Place("service", "birth-grant"))
    assert history.back() == Place("category", "families")
    assert history.back() == Place(HOME)
    assert history.back() == Place(HOME)
    assert history.at_home


def test_home_forgets_the_path():
    history = History()
    history.go(Place("category", "families"))
    history.go(Place("service", "birth-grant"))
    assert history.home() == Place(HOME)
    assert history.back() == Place(HOME)


def test_opening_the_same_place_twice_needs_one_back():
    history = History()
    history.go(Place("category", "families"))
    history.go(Place("category", "families"))
    assert history.back() == Place(HOME)
