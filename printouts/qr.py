"""QR codes as vectors: the code's dark modules as one filled PDF path.

Reportlab's own QrCodeWidget encodes the data twice in pure Python (about 100 ms a code).
content.presentation.qrmatrix gives the matrix once (cached), and here each row's runs of dark
modules
become rectangles of one path, filled once: sharp at any printer resolution, and no seams
between modules as separate fills would leave in some viewers.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import black
from reportlab.platypus import Flowable

from content.presentation.qrmatrix import QUIET_ZONE, qr_matrix

Matrix = tuple[tuple[bool, ...], ...]


def dark_runs(matrix: Matrix) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules, top row first."""
    runs = []
    for r, row in enumerate(matrix):
        start = None
        for c, dark in enumerate((*row, False)):  # a light sentinel ends the last run
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                runs.append((r, start, c - start))
                start = None
    return runs


class QrCode(Flowable):
    """A QR code of `data` whose code proper (without the quiet zone) is `size` points wide.

    The flowable's box includes the 4-module quiet zone: nothing may be drawn there, so the
    layout cannot put text into it by accident.
    """

    def __init__(self, data: str, size: float):
        super().__init__()
        self.data = data
        self.matrix = qr_matrix(data, mask=None)  # print takes the best of the eight masks
        self.modules = len(self.matrix)
        self.module = size / (self.modules - 2 * QUIET_ZONE)
        self.width = self.height = self.module * self.modules

    def __repr__(self) -> str:
        return f"QrCode({self.data!r})"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    # ImageAndFlowables (text flowing beside the code) asks its image to fit a space with
    # these two; a code never shrinks below the size the layout gives it, so they are no-ops.
    def _restrictSize(self, available_width: float, available_height: float):  # noqa: N802
        return self.width, self.height

    def _unRestrictSize(self) -> None:  # noqa: N802
        pass

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        # In module units the rectangles have whole-number corners: exact and short to write.
        canv.scale(self.module, self.module)
        canv.setFillColor(black)
        canv.addLiteral(path_operators(self.matrix))
        canv.restoreState()


@lru_cache(maxsize=256)
def path_operators(matrix: Matrix) -> str:
    """The PDF operators that fill the dark modules of `matrix` as one path, in module units
    with the origin at the bottom left: 'n 4 28 7 1 re ... f'.

    Written directly rather than through reportlab's path object, which formats every
    number as a float: thousands of calls a code, a few milliseconds a leaflet.
    """
    n = len(matrix)
    rects = " ".join(f"{column} {n - 1 - row} {run} 1 re" for row, column, run in dark_runs(matrix))
    return f"n {rects} f"


# -- a request's reference (issue 17) -------------------------------------------------------

REFERENCE_SYMBOLS = "23456789ABCDEFGHJKMNPRSTVWXYZ"
"""The symbols of a reference, kiosk.core.requests.reference.ALPHABET. Printouts may not
import the terminal's core; tests/integration/test_request_slip.py holds the two the same."""


class NotAReferenceError(ValueError):
    """`reference_code` was given something other than a request's reference."""


def is_written_reference(text: object) -> bool:
    """True for a reference exactly as the terminal writes it ('NGHK-8NBT': two groups of
    four symbols, the last a check symbol), and nothing else: what
    kiosk.core.requests.reference.parse_reference returns unchanged."""
    if not isinstance(text, str) or len(text) != 9 or text[4] != "-":
        return False
    symbols = text[:4] + text[5:]
    if any(symbol not in REFERENCE_SYMBOLS for symbol in symbols):
        return False
    # Position i (from 1) weighs i; a right check symbol makes the sum 0 modulo 29.
    total = sum(i * REFERENCE_SYMBOLS.index(s) for i, s in enumerate(symbols, start=1))
    return total % len(REFERENCE_SYMBOLS) == 0


def reference_code(reference: str, size: float) -> QrCode:
    """A code that holds a request's reference and nothing else, for a counter's scanner.

    The printouts' other codes are web addresses from the pack's allowlist (Ctx.address);
    this is the one way to a code of anything else, and it takes only a reference: no
    address, no text, so no personal data can reach a code through it.
    Raises NotAReferenceError (without repeating the text) for anything else.
    """
    if not is_written_reference(reference):
        raise NotAReferenceError("a request's code holds only a reference such as NGHK-8NBT")
    return QrCode(reference, size)
