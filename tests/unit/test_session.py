import pytest

from kiosk.core.session import (
    Event,
    HiddenGesture,
    MyList,
    Outcome,
    PinCheck,
    Result,
    Session,
    SessionData,
    State,
)


class FakeClock:
    """Seconds that move only when the test says so."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


def run(steps, clock):
    """Play (action, seconds waited before it) steps; return (events, final state)."""
    session = Session(idle_after=60, prompt_for=20, clock=clock)
    events = []
    for action, wait in steps:
        clock.wait(wait)
        result = getattr(session, action)()
        if action in ("tick", "end"):
            events.append(result)
    return [e for e in events if e is not None], session.state


@pytest.mark.parametrize(
    "steps, events, state",
    [
        ([("tick", 500)], [], State.ATTRACT),  # nobody here: nothing happens
        ([("start", 0), ("tick", 59)], [], State.ACTIVE),
        ([("start", 0), ("tick", 60)], [Event.PROMPT], State.PROMPT),
        ([("start", 0), ("tick", 60), ("tick", 19)], [Event.PROMPT], State.PROMPT),
        ([("start", 0), ("tick", 60), ("tick", 20)], [Event.PROMPT, Event.RESET], State.ATTRACT),
        # activity restarts the idle timer
        ([("start", 0), ("activity", 50), ("tick", 50)], [], State.ACTIVE),
        # "I'm still here" on the prompt goes back to ACTIVE with a fresh timer
        ([("start", 0), ("tick", 60), ("activity", 10), ("tick", 59)], [Event.PROMPT],
         State.ACTIVE),
        # a late tick still shows the prompt for the full 20 s
        ([("start", 0), ("tick", 300), ("tick", 19)], [Event.PROMPT], State.PROMPT),
        # a stray event on the attract screen does not open a session
        ([("activity", 0), ("tick", 100)], [], State.ATTRACT),
        ([("start", 0), ("end", 5)], [Event.RESET], State.ATTRACT),
        ([("start", 0), ("tick", 60), ("end", 1)], [Event.PROMPT, Event.RESET], State.ATTRACT),
        ([("end", 0)], [], State.ATTRACT),  # nothing to end
        # after a reset the next visitor starts a fresh session
        ([("start", 0), ("end", 0), ("start", 0), ("tick", 59)], [Event.RESET], State.ACTIVE),
    ],
)  # fmt: skip
def test_session_prompts_when_idle_and_resets_when_nobody_answers(steps, events, state, clock):
    assert run(steps, clock) == (events, state)


@pytest.mark.parametrize(
    "waits, left",
    [
        ([], 60),  # ACTIVE: seconds until the prompt
        ([59.5], 1),  # rounded up
        ([60], 20),  # on the prompt: seconds until the reset
        ([60, 0.2], 20),
        ([60, 19.01], 1),
        ([60, 19.99], 1),
    ],
)
def test_countdown_is_whole_seconds_rounded_up(waits, left, clock):
    session = Session(clock=clock)
    session.start()
    for wait in waits:
        clock.wait(wait)
        session.tick()
    assert session.seconds_left() == left


def test_countdown_never_goes_negative_and_is_zero_without_a_session(clock):
    session = Session(clock=clock)
    assert session.seconds_left() == 0
    session.start()
    clock.wait(60)
    session.tick()
    clock.wait(25)  # no tick yet: the reset is overdue
    assert session.seconds_left() == 0


@pytest.mark.parametrize("idle_after, prompt_for", [(0, 20), (60, 0), (-1, 5)])
def test_session_refuses_timeouts_that_are_not_positive(idle_after, prompt_for):
    with pytest.raises(ValueError, match="positive"):
        Session(idle_after, prompt_for)


@pytest.mark.parametrize(
    "actions, expected",
    [
        ([("add", "service", "pension")], [("service", "pension")]),
        ([("add", "service", "a"), ("add", "event", "b"), ("add", "service", "a")],
         [("service", "a"), ("event", "b")]),  # no duplicates, first place kept
        ([("add", "agency", "mfc"), ("remove", "agency", "mfc")], []),
        ([("remove", "agency", "mfc")], []),
        ([("add", "service", "a"), ("add", "agency", "a")], [("service", "a"), ("agency", "a")]),
    ],
)  # fmt: skip
def test_my_list_keeps_order_without_duplicates(actions, expected):
    my_list = MyList()
    for method, kind, item_id in actions:
        getattr(my_list, method)(kind, item_id)
    assert list(my_list) == expected
    assert len(my_list) == len(expected)
    assert all(item in my_list for item in expected)


def test_my_list_says_whether_it_changed_and_refuses_unknown_kinds():
    my_list = MyList()
    assert my_list.add("service", "a") is True
    assert my_list.add("service", "a") is False
    assert my_list.remove("service", "a") is True
    assert my_list.remove("service", "a") is False
    assert ("service", "a") not in my_list
    with pytest.raises(ValueError, match="unknown kind 'document'"):
        my_list.add("document", "a")


def filled() -> SessionData:
    data = SessionData()
    data.my_list.add("service", "large-family-status")
    data.finder_answers.update(children=3, pensioner=None)
    data.search_text = "пенсия"
    return data


def test_clear_leaves_nothing_behind():
    data = filled()
    data.clear()
    assert data == SessionData()


# The visitor's print jobs are not session data: they live in the PrintDesk, and the reset
# cancels them there, every one even if one cancel fails
# (tests/unit/test_printing_controller.py, tests/ui/test_session_reset.py).


def test_clear_wipes_in_place_what_screens_hold():
    data = filled()
    answers, my_list = data.finder_answers, data.my_list
    data.clear()
    assert answers == {} and len(my_list) == 0


@pytest.mark.parametrize(
    "tap_times, opened_on",
    [
        ([0, 0.5, 1, 1.5, 2], [5]),
        ([0, 0.7, 1.4, 2.1, 3.0], [5]),  # the 5th lands exactly 3 s after the first
        ([0, 0.8, 1.6, 2.4, 3.2], []),  # 3.2 s: too slow
        ([0, 0.8, 1.6, 2.4, 3.2, 3.3], [6]),  # ...but the last five are quick enough
        ([0, 0.1, 0.2, 0.3], []),  # four taps are not enough
        ([0, 0.1, 0.2, 0.3, 0.4, 0.5], [5]),  # the 6th does not open it again
        ([0, 0.1, 0.2, 0.3, 0.4, 5, 5.1, 5.2, 5.3, 5.4], [5, 10]),
    ],
)
def test_hidden_corner_opens_on_five_quick_taps(tap_times, opened_on, clock):
    gesture = HiddenGesture(taps=5, within=3.0, clock=clock)
    start, opened = clock.now, []
    for number, at in enumerate(tap_times, start=1):
        clock.now = start + at
        if gesture.tap():
            opened.append(number)
    assert opened == opened_on


OK, WRONG = Result(Outcome.OK), Result(Outcome.WRONG)


def locked(seconds):
    return Result(Outcome.LOCKED, seconds)


@pytest.mark.parametrize(
    "pin, attempts, results",
    [
        ("4711", [("4711", 0)], [OK]),
        ("4711", [("1234", 0), ("4711", 0)], [WRONG, OK]),
        ("4711", [("1", 0), ("2", 0), ("3", 0)], [WRONG, WRONG, locked(60)]),
        # locked: even the right PIN is refused until the lockout ends
        ("4711", [("1", 0), ("2", 0), ("3", 0), ("4711", 10.5)],
         [WRONG, WRONG, locked(60), locked(50)]),
        ("4711", [("1", 0), ("2", 0), ("3", 0), ("4711", 60)], [WRONG, WRONG, locked(60), OK]),
        # after a lockout the failures count from zero again
        ("4711", [("1", 0), ("2", 0), ("3", 0), ("4", 60), ("5", 0)],
         [WRONG, WRONG, locked(60), WRONG, WRONG]),
        # a success forgets earlier failures
        ("4711", [("1", 0), ("2", 0), ("4711", 0), ("3", 0), ("4", 0)],
         [WRONG, WRONG, OK, WRONG, WRONG]),
        ("4711", [("", 0), (None, 0), ("47110", 0)], [WRONG, WRONG, locked(60)]),
        ("4711", [("пин", 0)], [WRONG]),  # non-ASCII input is just wrong
        # no configured PIN: nothing opens, not even an empty entry
        (None, [("", 0), (None, 0)], [WRONG, WRONG]),
        ("", [("", 0), (None, 0)], [WRONG, WRONG]),
    ],
)  # fmt: skip
def test_pin_check_locks_out_after_three_failures(pin, attempts, results, clock):
    check = PinCheck(pin, max_failures=3, lockout=60.0, clock=clock)
    got = []
    for entered, wait in attempts:
        clock.wait(wait)
        got.append(check.check(entered))
    assert got == results
