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
