"""Only https addresses on the pack's allowlist become QR codes."""

import pytest

from content.presentation.links import qr_address

HOSTS = ("gosuslugi.ru", "permkrai.ru")


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.gosuslugi.ru/600/", "https://www.gosuslugi.ru/600/"),
        ("https://mfc.permkrai.ru/", "https://mfc.permkrai.ru/"),
        ("http://www.gosuslugi.ru/", ""),
        ("https://gosuslugi.ru.evil.example/", ""),
        ("https://notgosuslugi.ru/", ""),
        ("javascript:alert(1)", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_qr_address(url, expected):
    assert qr_address(url, HOSTS) == expected
