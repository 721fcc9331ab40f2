"""The idle collector: gc passes while the visitor reads, never in the middle of a tap."""

import gc

import pytest

from kiosk.app.garbage import (
    AT_ANY_RATE,
    IDLE_S,
    WORTH_COLLECTING,
    IdleCollector,
    young_passes_only,
)


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


@pytest.fixture
def collector(monkeypatch):
    clock = Clock()
    state = {"busy": False}
    collector = IdleCollector(clock=clock, busy=lambda: state["busy"])
    # The count of objects made starts from nothing, whatever the tests before left (a UI
    # test's app in the same process holds automatic collection off).
    gc.collect()
    # stop() unfreezes what is frozen, and a UI test's app in the same process froze its
    # lasting part: every later pass of that app would walk it again (seconds in all). The
    # call is seen, and the freeze left as it was.
    unfrozen = []
    monkeypatch.setattr(gc, "unfreeze", lambda: unfrozen.append(True))
    was_enabled = gc.isenabled()
    collector.start()
    try:
        yield collector, clock, state
    finally:
        collector.stop()
        assert gc.isenabled() and unfrozen
        if not was_enabled:
            gc.disable()


def make_objects(n):
    return [[] for _ in range(n)]  # each list is tracked by the collector


def test_no_pass_while_the_visitor_taps_or_a_list_fills(collector):
    collector, clock, state = collector
    assert not gc.isenabled()
    kept = make_objects(WORTH_COLLECTING + 1000)
    collector.touched()
    clock.now += IDLE_S / 2
    assert not collector.check()  # touched half a second ago
    clock.now += IDLE_S
    state["busy"] = True
    assert not collector.check()  # the frames are busy filling a list
    state["busy"] = False
    assert collector.check() and collector.passes == 1
    assert gc.get_count()[0] < WORTH_COLLECTING
    del kept


def test_no_pass_for_a_little_garbage(collector):
    collector, clock, _state = collector
    gc.collect()
    clock.now += 10 * IDLE_S
    assert not collector.check()


def test_a_pile_of_garbage_is_collected_even_while_the_visitor_taps(collector):
    collector, clock, _state = collector
    kept = make_objects(AT_ANY_RATE + 1000)
    collector.touched()
    assert collector.check()
    del kept


def test_after_the_start_what_lives_is_frozen_out_of_sight(collector, monkeypatch):
    collector, _clock, _state = collector
    kept = make_objects(1000)
    # Seen, not done: gc.freeze() here would freeze a UI test's app in the same process too.
    made_when_frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: made_when_frozen.append(gc.get_count()[0]))
    collector.after_start()
    assert len(made_when_frozen) == 1 and made_when_frozen[0] < 1000  # after a full pass
    del kept


def test_between_visitors_the_garbage_goes(collector):
    import weakref

    collector, _clock, _state = collector

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    alive = weakref.ref(a)
    del a, b
    assert alive() is not None  # automatic collection is off
    collector.between_visitors()
    assert alive() is None


def test_a_page_left_is_collected_at_the_next_quiet_moment(collector):
    import weakref

    collector, clock, _state = collector

    class Row:
        pass

    row, other = Row(), Row()
    row.other, other.other = other, row  # a page's widgets: parent and children
    gone = weakref.ref(row)
    gc.collect()  # the pass while the visitor read the page
    del row, other  # the visitor leaves it: garbage, and hardly a new object made
    clock.now += 10 * IDLE_S
    assert not collector.check()  # the count alone says it is not worth a pass
    collector.page_left()
    collector.touched()
    assert not collector.check()  # not while the visitor taps
    clock.now += IDLE_S
    assert collector.check() and gone() is None
    assert not collector.check()  # once


def test_young_passes_take_what_is_new_and_leave_older_garbage_to_the_next_full_pass(collector):
    import weakref

    collector, _clock, _state = collector

    class Node:
        pass

    def cycle():
        a, b = Node(), Node()
        a.other, b.other = b, a
        return a

    old = cycle()
    gc.collect()  # a full pass while it lived: it is in the oldest generation now
    old_gone, young_gone = weakref.ref(old), weakref.ref(cycle())
    del old
    with young_passes_only():
        collector.between_visitors()
    assert young_gone() is None and old_gone() is not None
    assert gc.get_count()[0] < 100  # the collector's count starts from nothing again
    collector.between_visitors()  # a full pass, outside
    assert old_gone() is None
