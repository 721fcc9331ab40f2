"""The on-screen QR code, drawn in the real window and read back by a real decoder (zbarimg).

`kiosk` (tests/ui/conftest.py) is the one app window of the test run, on its home screen;
each test lays a QRCode over it and takes it away again.
"""

from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager

import pytest

URL = "https://www.gosuslugi.ru/600/"
OTHER_URL = "https://sfr.gov.ru/branches/perm/"

needs_zbarimg = pytest.mark.skipif(
    shutil.which("zbarimg") is None, reason="zbarimg not installed (scripts/system-deps.sh)"
)


@contextmanager
def on_screen(kiosk, **properties):
    """A QRCode with `properties` on top of the app, 240 dp square, near the middle."""
    from kivy.metrics import dp

    from kiosk.app.qr import QRCode

    widget = QRCode(size_hint=(None, None), size=(dp(240), dp(240)), **properties)
    widget.center = (kiosk.window.width / 2, kiosk.window.height / 2)
    kiosk.window.add_widget(widget)
    kiosk.frames()
    try:
        yield widget
    finally:
        kiosk.window.remove_widget(widget)
        kiosk.frames()


def shot_of(kiosk, widget, path):
    """Screenshot the window into `path`; return the widget's part of it as a greyscale image."""
    from PIL import Image

    kiosk.screenshot(path)
    image = Image.open(path).convert("L")
    scale = image.height / kiosk.window.height  # 1 unless the window has a pixel density
    x, y = widget.to_window(*widget.pos)
    box = (x, kiosk.window.height - y - widget.height, x + widget.width, kiosk.window.height - y)
    return image.crop(tuple(round(v * scale) for v in box))


def decoded(image, path) -> str:
    image.save(path)
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, timeout=30
    )
    return result.stdout.rstrip("\n")


def code_square(image, data: str, module: int):
    """The centred square a code of `module` pixels per module covers in the widget's image."""
    from content.presentation.qrmatrix import qr_matrix

    side = module * len(qr_matrix(data))
    left, bottom = (image.width - side) // 2, (image.height - side) // 2
    top = image.height - side - bottom  # the window counts pixels from the bottom
    return image.crop((left, top, left + side, top + side))


def assert_sharp_with_quiet_zone(square, module: int) -> None:
    """Only pure black and white, a white ring of 4 modules, the dark code inside it."""
    from PIL import ImageOps

    from content.presentation.qrmatrix import QUIET_ZONE

    colours = {colour for _count, colour in square.getcolors()}
    assert colours == {0, 255}  # no grey: no module edge is blurred
    quiet, far = QUIET_ZONE * module, square.width - QUIET_ZONE * module
    assert ImageOps.invert(square).getbbox() == (quiet, quiet, far, far)


@needs_zbarimg
def test_code_at_its_on_screen_size_reads_back_as_the_exact_url(kiosk, tmp_path):
    with on_screen(kiosk, data=URL) as widget:
        code = shot_of(kiosk, widget, tmp_path / "window.png")
    assert decoded(code, tmp_path / "code.png") == URL


def test_modules_are_whole_pixels_of_pure_black_and_white_inside_a_white_quiet_zone(
    kiosk, tmp_path
):
    from content.presentation.qrmatrix import qr_matrix

    with on_screen(kiosk, data=URL) as widget:
        code = shot_of(kiosk, widget, tmp_path / "window.png")
    module = int(widget.width // len(qr_matrix(URL)))  # the largest whole size that fits
    assert module >= 2
    assert_sharp_with_quiet_zone(code_square(code, URL, module), module)


@needs_zbarimg
def test_new_data_and_module_size_redraw_the_code(kiosk, tmp_path):
    with on_screen(kiosk, data=URL) as widget:
        widget.data = OTHER_URL
        widget.module_size = 3
        kiosk.frames()
        code = shot_of(kiosk, widget, tmp_path / "window.png")
    square = code_square(code, OTHER_URL, 3)
    assert_sharp_with_quiet_zone(square, 3)
    assert decoded(square, tmp_path / "code.png") == OTHER_URL


def test_empty_data_draws_nothing(kiosk):
    with on_screen(kiosk, data=URL) as widget:
        assert len(widget.canvas.children) > 0
        widget.data = ""
        kiosk.frames()
        assert len(widget.canvas.children) == 0
