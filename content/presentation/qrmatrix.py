"""A QR code as a grid of modules, quiet zone included: shared by the screen and the printouts."""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4
"""Light modules around the code on every side: the standard's minimum, which scanners need."""

QUICK_MASK = 0
"""A mask pattern for codes that must be ready at once (on screen); see `qr_matrix`."""


@lru_cache(maxsize=256)
def qr_matrix(data: str, mask: int | None = None) -> tuple[tuple[bool, ...], ...]:
    """The modules of `data`'s QR code, rows top to bottom; True is dark.

    Error correction M (15 % of the code may be unreadable), the smallest version that fits,
    and the 4-module quiet zone on every side.

    `mask` is one of the standard's eight mask patterns (0-7); every one of them gives a
    valid code that any reader decodes. None picks the one the standard's penalty rules
    score best, which means building the code eight times: about 19 ms here in pure Python
    against 3 ms for one fixed pattern. Print takes the best; the screen, where a page
    with a list of codes must appear within a tap, takes QUICK_MASK. The same code is
    asked for again and again (every visit to a page), so answers are kept.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, mask_pattern=mask)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())
