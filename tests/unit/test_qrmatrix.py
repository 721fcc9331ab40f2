"""The QR matrix that the screen and the printouts draw: square, quiet zone included."""

import pytest

from content.presentation.qrmatrix import QUIET_ZONE, qr_matrix

URL = "https://www.gosuslugi.ru/600/"


def version(matrix) -> int:
    """The QR version from the side length: 17 + 4 * version modules, plus the quiet zone."""
    return (len(matrix) - 2 * QUIET_ZONE - 17) // 4


@pytest.mark.parametrize("data", ["1", URL, "https://sfr.gov.ru/" + "x" * 200])
def test_matrix_is_square_with_four_light_modules_on_every_side(data):
    matrix = qr_matrix(data)
    side = len(matrix)
    assert QUIET_ZONE == 4
    assert all(len(row) == side for row in matrix)
    assert (side - 2 * QUIET_ZONE - 17) % 4 == 0
    for i in range(QUIET_ZONE):
        assert not any(matrix[i]) and not any(matrix[side - 1 - i])  # top, bottom
        assert not any(row[i] or row[side - 1 - i] for row in matrix)  # left, right
    # The code proper starts right inside the quiet zone: the finder pattern's dark corner.
    assert matrix[QUIET_ZONE][QUIET_ZONE] and matrix[QUIET_ZONE][side - 1 - QUIET_ZONE]


def test_version_grows_with_the_length_of_the_data():
    versions = [version(qr_matrix("x" * n)) for n in (1, 20, 50, 100, 300)]
    assert versions == sorted(versions) and versions[0] == 1 and versions[-1] > versions[1]


def test_same_data_gives_the_same_matrix():
    assert qr_matrix(URL) == qr_matrix(URL)


def test_each_mask_pattern_gives_its_own_code_and_the_best_is_one_of_them():
    masked = [qr_matrix(URL, mask=m) for m in range(8)]
    assert len(set(masked)) == 8
    assert qr_matrix(URL) in masked
    # The same modules under the mask: the finder patterns and the quiet zone do not change.
    assert all(m[QUIET_ZONE][QUIET_ZONE : QUIET_ZONE + 7] == (True,) * 7 for m in masked)
