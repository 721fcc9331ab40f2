"""Big blocks of memory go back to the system when they are freed, not into the heap.

A label's pixels, and the software renderer's copy of them, are blocks of 100 KB to a few
MB, made and freed on every page. glibc hands out a block that big as its own mapping, and
unmaps it when freed, but only until the first such block is freed: from then on it raises
that threshold to the size of the block, so the next ones come from the heap, where a block
freed between two live ones cannot go back. Every page left a few such holes, and a terminal
tapped straight through its pages held 5 MB more than it used (measured on the
100,000-service pack: bench/app_probe.py --mode memory --read-s 0, 252 -> 247 MB).

Setting the threshold by hand keeps it where it is. The cost is a fresh mapping for each big
block, which is nothing beside drawing the text into it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3
"""mallopt()'s parameter for the size from which a block gets its own mapping (malloc.h)."""

BIG_BLOCK = 128 * 1024
"""glibc's own starting threshold: a label's texture of a few lines is above it."""


def give_big_blocks_back() -> bool:
    """Fix glibc's mapping threshold at BIG_BLOCK; False where the C library is not glibc."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = mallopt(M_MMAP_THRESHOLD, BIG_BLOCK) == 1  # mallopt returns 1 on success
    if not done:
        log.warning("could not set the C library's mmap threshold; pages may hold more memory")
    return done
