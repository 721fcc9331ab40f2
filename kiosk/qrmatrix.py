"""A QR code as a grid of modules, quiet zone included: shared by the screen and the printouts."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4
"""Light modules around the code on every side: the standard's minimum, which scanners need."""


def qr_matrix(data: str) -> list[list[bool]]:
    """The modules of `data`'s QR code, rows top to bottom; True is dark.

    Error correction M (15 % of the code may be unreadable), the smallest version that fits,
    and the 4-module quiet zone on every side.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]
