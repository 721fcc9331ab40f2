"""Print layout is data (printouts/layouts.yaml); QR codes are one path of module runs."""

import pytest
from reportlab.lib.units import mm

from content.presentation.qrmatrix import qr_matrix
from printouts.fonts import PACKAGE, FontsMissingError, find_font
from printouts.layout import LayoutError, layout, length, merged, resolve_style_fields
from printouts.qr import dark_runs


@pytest.mark.parametrize(
    "value, points",
    [("12mm", 12 * mm), ("1.5cm", 15 * mm), ("10pt", 10.0), (10, 10.0), (" 3 mm ", 3 * mm)],
)
def test_lengths_are_written_with_their_unit(value, points):
    assert length(value) == pytest.approx(points)


@pytest.mark.parametrize("value", ["12 inches", "", "mm", True])
def test_a_length_without_a_known_unit_is_refused(value):
    with pytest.raises(LayoutError):
        length(value)


def test_styles_inherit_field_by_field_from_their_parents():
    styles = {
        "base": {"fontName": "PTSans", "fontSize": 12},
        "body": {"parent": "base", "spaceAfter": 4},
        "h2": {"parent": "body", "fontSize": 15},
    }
    assert resolve_style_fields("h2", styles) == {
        "fontName": "PTSans",
        "fontSize": 15,
        "spaceAfter": 4,
    }
    with pytest.raises(LayoutError, match="inherits from itself"):
        resolve_style_fields("a", {"a": {"parent": "b"}, "b": {"parent": "a"}})
    assert merged({"a": {"x": 1, "y": 2}}, {"a": {"y": 3}}) == {"a": {"x": 1, "y": 3}}


def test_leaflet_body_text_is_12_pt_and_large_print_17_with_line_spacing_kept():
    normal, large = layout("leaflet"), layout("leaflet_large")
    for name in ("body", "bullet", "office", "note", "lead"):
        assert normal.style(name).fontSize >= 12
        assert large.style(name).fontSize >= 16
    # The large layout only changes base's size; body inherits it, and its leading (1.3em).
    assert large.style("body").fontSize == 17
    assert large.style("body").leading == pytest.approx(17 * 1.3)
    assert all(s.leading >= s.fontSize for s in large.styles.values())
    assert large.setting("offices.columns") == 1 and normal.setting("offices.columns") == 2


def test_every_layout_reads_and_the_receipt_is_80_mm_roll_paper():
    for name in ("leaflet", "leaflet_large", "brochure", "my_list", "cards", "receipt"):
        assert layout(name).width > 0
    receipt = layout("receipt")
    assert receipt.page_width == pytest.approx(80 * mm) and receipt.page_height is None
    with pytest.raises(LayoutError):
        layout("no-such-layout")
    with pytest.raises(LayoutError):
        layout("leaflet").style("no-such-style")


def test_cards_grid_is_ten_business_cards_centred_on_a4():
    cards = layout("cards")
    cells = cards.grid("card")
    assert len(cells) == 10
    assert cells[0].width == pytest.approx(85 * mm) and cells[0].height == pytest.approx(55 * mm)
    left = cells[0].x
    right = cards.page_width - (cells[1].x + cells[1].width)
    assert left == pytest.approx(right)
    assert min(c.y for c in cells) >= cards.bottom - 0.01


@pytest.mark.parametrize("data", ["https://www.gosuslugi.ru/", "https://sfr.gov.ru/" + "x" * 90])
def test_runs_of_dark_modules_rebuild_the_matrix_exactly(data):
    matrix = qr_matrix(data, mask=None)
    rebuilt = [[False] * len(row) for row in matrix]
    for row, column, run in dark_runs(matrix):
        assert run > 0
        for c in range(column, column + run):
            rebuilt[row][c] = True
    assert tuple(tuple(r) for r in rebuilt) == matrix
    # Merged: no run ends where the next dark module of its row begins.
    ends = {(r, c + n) for r, c, n in dark_runs(matrix)}
    assert not ends & {(r, c) for r, c, _n in dark_runs(matrix)}


def test_missing_font_files_name_the_package_that_brings_them(tmp_path, monkeypatch):
    monkeypatch.setattr("printouts.fonts.FONT_DIRS", (tmp_path,))
    monkeypatch.setenv("KIOSK_FONT_DIR", str(tmp_path))
    with pytest.raises(FontsMissingError, match=PACKAGE) as info:
        find_font("PTS55F.ttf")
    assert "PTS55F.ttf" in str(info.value)
