"""The terminal's app gives freed big blocks back to the system (kiosk.app.heap), as
wired by the composition root (kiosk.app.compose.build_app): the UI tests' app is built
as a terminal's is, so the C library's threshold in this process is the app's."""

from __future__ import annotations

import ctypes
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_the_app_keeps_big_blocks_out_of_the_heap(headless_kiosk):
    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = (ctypes.c_size_t,)
    libc.free.argtypes = (ctypes.c_void_p,)
    # Without the fixed threshold, freeing 30 MB raises glibc's to 30 MB, and the 24 MB block
    # after it comes from the heap (tests/unit/test_heap.py shows both cases). Blocks this
    # big, not the unit test's 1 MB and 512 KB: a heap that has served this process's tests
    # may hold a free 512 KB chunk of its own, which malloc hands out before any mapping.
    libc.free(libc.malloc(30 << 20))
    block = libc.malloc(24 << 20)
    try:
        size_word = ctypes.c_size_t.from_address(block - ctypes.sizeof(ctypes.c_size_t)).value
        assert size_word & 2, "the block came from the heap: IS_MMAPPED is not set"
    finally:
        libc.free(block)
