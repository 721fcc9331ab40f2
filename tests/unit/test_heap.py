"""kiosk.app.heap: freed big blocks go back to the system, however many went before.

Each case runs in a fresh interpreter: the C library's threshold is process-wide and moves
with what the process has freed so far.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

# malloc() a 1 MB block and free it (glibc now raises its threshold to 1 MB, unless it is
# fixed), then malloc() 512 KB: is that block a mapping of its own? glibc marks one in the
# size word before the block (bit 2, IS_MMAPPED).
PROBE = """
import ctypes, sys
sys.path.insert(0, {root!r})
if {fixed}:
    from kiosk.app.heap import give_big_blocks_back
    assert give_big_blocks_back()
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = (ctypes.c_void_p,)
libc.free(libc.malloc(1 << 20))
block = libc.malloc(512 * 1024)
print(bool(ctypes.c_size_t.from_address(block - ctypes.sizeof(ctypes.c_size_t)).value & 2))
"""


def mapped_after_a_bigger_one_was_freed(fixed: bool) -> bool:
    root = str(__import__("pathlib").Path(__file__).resolve().parents[2])
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(root=root, fixed=fixed)],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "True"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_a_big_block_is_its_own_mapping_once_the_threshold_is_fixed():
    assert mapped_after_a_bigger_one_was_freed(fixed=True)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_without_it_glibc_serves_the_block_from_the_heap():
    # Why the module exists: if this ever fails, glibc no longer moves its threshold.
    assert not mapped_after_a_bigger_one_was_freed(fixed=False)
