"""Training and events by touch: upcoming ones soonest first, dates in words, "my list"."""

from __future__ import annotations

from datetime import datetime

import pytest

BEFORE_ALL = datetime(2026, 11, 30, 10, 0)
NEW_YEAR = datetime(2027, 1, 1, 9, 0)


@pytest.fixture(scope="module")
def pack(demo_pack):
    from content.pack.reader import open_pack

    with open_pack(demo_pack) as pack:
        yield pack


def cards(kiosk):
    from kiosk.app.headless import buttons

    return buttons(kiosk.screen, "EventCard")


def open_events(kiosk, monkeypatch, moment: datetime):
    monkeypatch.setattr(kiosk.app.controllers, "now", lambda: moment)
    kiosk.tap(kiosk.screen.ids.events)
    assert kiosk.screen.name == "events"
    return cards(kiosk)


def test_upcoming_events_are_listed_soonest_first(kiosk, pack, monkeypatch):
    shown = open_events(kiosk, monkeypatch, BEFORE_ALL)
    upcoming = pack.events(after="2026-11-30T10:00")
    assert len(upcoming) >= 5
    assert [c.key for c in shown] == [e["id"] for e in upcoming]
    starts = [e["starts"] for e in upcoming]
    assert starts == sorted(starts)


def test_past_events_are_left_out(kiosk, pack, monkeypatch):
    shown = open_events(kiosk, monkeypatch, NEW_YEAR)
    keys = [c.key for c in shown]
    assert keys == [e["id"] for e in pack.events(after="2027-01-01T09:00")]
    assert "phone-fraud-2026-12-10-kudymkar" not in keys
    assert "card-safety-2027-02-10-perm" in keys


def test_each_event_says_when_where_what_it_costs_and_how_to_register(kiosk, monkeypatch):
    shown = open_events(kiosk, monkeypatch, BEFORE_ALL)
    card = next(c for c in shown if c.key == "card-safety-2027-02-10-perm")
    assert card.when == "10 февраля 2027 г., 14:00–15:30"
    assert card.title == "Банковская карта без риска"
    assert "Финансовая грамотность" in card.details
    assert "ул. Краснова, д. 18, Пермь" in card.details
    assert "Стоимость:[/b] Бесплатно" in card.details
    assert "+7 342 212-92-54" in card.details
    kudymkar = next(c for c in shown if c.key == "phone-fraud-2026-12-10-kudymkar")
    assert kudymkar.when == "10 декабря 2026 г., 11:00–12:30"
    assert "Центр общения старшего поколения Соцфонда в Кудымкаре" in kudymkar.details


def test_adding_an_event_to_my_list_raises_the_count(kiosk, monkeypatch):
    shown = open_events(kiosk, monkeypatch, BEFORE_ALL)
    card = shown[1]
    kiosk.screen.ids.page.scroll_to(card, animate=False)
    kiosk.frames(3)
    kiosk.tap(card.ids.add_to_list)
    assert kiosk.app.my_list_count == 1
    assert ("event", card.key) in kiosk.app.controllers.visit.data.my_list
    assert card.in_list and card.ids.add_to_list.text == "Убрать из моего списка"
    kiosk.tap(card.ids.add_to_list)
    assert kiosk.app.my_list_count == 0


def test_events_in_english_have_english_dates(kiosk, monkeypatch):
    open_events(kiosk, monkeypatch, BEFORE_ALL)
    kiosk.app.controllers.visit.set_language("en")
    try:
        kiosk.settle()  # the cards below the first screenful follow on the next frames
        card = next(c for c in cards(kiosk) if c.key == "card-safety-2027-02-10-perm")
        assert card.title == "Using a bank card safely"
        assert "2027" in card.when and "14:00–15:30" in card.when
    finally:
        kiosk.app.controllers.visit.set_language("ru")


def test_event_cards_fit_their_text_and_targets_are_large(kiosk, monkeypatch):
    from kivy.metrics import dp, sp
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label

    from kiosk.app.headless import walk

    open_events(kiosk, monkeypatch, BEFORE_ALL)
    kiosk.frames(5)
    for widget in walk(kiosk.screen):
        if isinstance(widget, Label) and widget.text and widget.opacity:
            tw, th = widget.texture_size
            assert tw <= widget.width + 1 and th <= widget.height + 1, widget.text[:60]
            assert widget.font_size >= sp(20), widget.text[:60]
        if isinstance(widget, ButtonBehavior):
            assert widget.height >= dp(48) and widget.width >= dp(48)
