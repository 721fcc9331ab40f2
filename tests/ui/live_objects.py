"""Looking for what a visitor typed in the live objects of the app's process: every object
the garbage collector knows, and every property and attribute of the app's widgets.

The app freezes its lasting part after the start (kiosk.app.garbage): frozen objects are
out of gc.get_objects()'s sight, and unfreezing them in the test process would make every
later pass of the shared test app walk them again. So the scan runs in a copy of the
process (os.fork), which unfreezes and collects as it likes and then ends: the same
objects, looked at in the same state, and the app the next tests use is left as it was.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import traceback

from kiosk.app.headless import walk

SCAN_TIMEOUT_S = 300.0
"""A copy that has not answered by then is stuck (a lock a vanished thread held): a failure
that says so, not a test run that never ends."""

UNTRACKED_CONTAINERS = (dict, list, tuple, set, frozenset)


def betrays(value, marks) -> bool:
    """`value` is a text with one of `marks` in it, and not one of the marks itself."""
    # type(), not isinstance(): a dead weak proxy raises on anything else.
    is_text = issubclass(type(value), str)
    return is_text and not _is_one_of(value, marks) and any(m in value for m in marks)


def _is_one_of(value, marks) -> bool:
    return any(value is mark for mark in marks)


def holders_of(marks) -> list[str]:
    """The type of every object the garbage collector knows, frozen ones too, that refers
    to a string with one of `marks` in it (the marks themselves aside)."""
    gc.collect()  # as the app's own pass would: what is garbage here is not looked at
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: answer through the pipe, then end without any clean-up
        try:
            os.close(read)
            try:
                answer = json.dumps(_holders_in_this_process(marks))
            except BaseException:
                answer = json.dumps({"error": traceback.format_exc()})
            with os.fdopen(write, "w", encoding="utf-8") as pipe:
                pipe.write(answer)
        finally:
            os._exit(0)  # never back into pytest: not a test more, not a flush of its files
    os.close(write)
    try:
        with os.fdopen(read, encoding="utf-8") as pipe:
            if not select.select([pipe], [], [], SCAN_TIMEOUT_S)[0]:
                os.kill(pid, signal.SIGKILL)
                raise AssertionError(f"the scan of live objects stuck for {SCAN_TIMEOUT_S} s")
            answer = json.loads(pipe.read())
    finally:
        os.waitpid(pid, 0)
    if isinstance(answer, dict):
        raise AssertionError(f"the scan of live objects failed:\n{answer['error']}")
    return answer


def _holders_in_this_process(marks) -> list[str]:
    gc.unfreeze()
    gc.collect()
    found = []
    clean = set()
    for obj in gc.get_objects():
        if obj is not marks and _refers_to_a_mark(obj, marks, clean):
            found.append(type(obj).__qualname__)
    return found


def _refers_to_a_mark(obj, marks, clean: set, depth: int = 3) -> bool:
    """Whether a string `obj` refers to betrays a mark, also through containers the
    collector does not track (a dict of strings and numbers is not in gc.get_objects()).

    The same few hundred thousand strings are referred to from millions of places (names,
    kv rules, translations): a plain str without any mark in it goes into `clean` and is
    not searched again. A str subclass is searched each time: it might compare differently.
    """
    refs = gc.get_referents(obj)
    if issubclass(type(obj), dict):
        # A dict whose keys are all strings shows the collector only its values.
        refs += list(dict.keys(obj))
    for ref in refs:
        kind = type(ref)
        if kind is str:
            if ref in clean:
                continue
            if betrays(ref, marks):
                return True
            if not any(m in ref for m in marks):
                clean.add(ref)
        elif issubclass(kind, str):
            if betrays(ref, marks):
                return True
        elif depth and issubclass(kind, UNTRACKED_CONTAINERS) and not gc.is_tracked(ref):
            if _refers_to_a_mark(ref, marks, clean, depth - 1):
                return True
    return False


def widget_holders(app, marks) -> list[str]:
    """`widget.name` for every Kivy property or attribute of a widget of the app (screens
    out of sight, the attract loop, the prompt included) with one of `marks` in it."""
    from kivy.core.window import Window

    widgets = [*walk(Window)]
    for screen in app.root.made.values():
        widgets += walk(screen)
    found = []
    for widget in {id(w): w for w in widgets}.values():
        values = {name: getattr(widget, name, None) for name in widget.properties()}
        values.update(vars(widget))
        for name, value in values.items():
            if any(betrays(s, marks) for s in _strings(value)):
                found.append(f"{type(widget).__name__}.{name}")
    return found


def _strings(value, depth: int = 3):
    kind = type(value)  # not isinstance(): a dead weak proxy raises on anything else
    if issubclass(kind, str):
        yield value
    elif depth and issubclass(kind, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item, depth - 1)
    elif depth and issubclass(kind, dict):
        for key, item in value.items():
            yield from _strings(key, depth - 1)
            yield from _strings(item, depth - 1)
