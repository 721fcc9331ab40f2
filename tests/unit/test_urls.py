"""Only https addresses whose real host (as a phone's browser reads it) is on the allowlist
are shown, printed or turned into QR codes: content/urls.py, and every path that uses it."""

from __future__ import annotations

import codecs
from pathlib import Path
from urllib.parse import urlsplit

import ada_url
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from content.presentation.links import qr_address
from content.presentation.wording import display_url
from content.urls import (
    UnsafeUrl,
    check_allowed_host,
    check_url,
    host_allowed,
    safe_url,
    url_host,
)

ALLOWED = ("gosuslugi.ru", "sfr.gov.ru", "госуслуги.рф")
CORPUS = Path(__file__).resolve().parent.parent / "hostile" / "urls.tsv"


def _corpus() -> list[tuple[str, str]]:
    cases = []
    for line in CORPUS.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        verdict, raw = line.split("\t", 1)
        cases.append((verdict, codecs.decode(raw.encode("utf-8"), "unicode_escape")))
    return cases


def _decoded(url: str) -> str:
    # unicode_escape reads the line's UTF-8 bytes as Latin-1; put the Cyrillic back.
    try:
        return url.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return url


@pytest.mark.parametrize("verdict, url", [(v, _decoded(u)) for v, u in _corpus()])
def test_hostile_url_corpus(verdict, url):
    if verdict == "ok":
        assert check_url(url, ALLOWED) == url
        assert qr_address(url, ALLOWED) == url
        return
    with pytest.raises(UnsafeUrl) as refused:
        check_url(url, ALLOWED)
    assert verdict in str(refused.value)
    assert qr_address(url, ALLOWED) == ""
    assert safe_url(url, ALLOWED) == ""


def test_the_backslash_trick_is_refused_though_urlsplit_sees_an_allowed_host():
    url = "https://evil.example\\@www.gosuslugi.ru/"
    assert urlsplit(url).hostname == "www.gosuslugi.ru"  # what fooled the old check
    assert ada_url.URL(url).hostname == "evil.example"  # where a phone goes
    with pytest.raises(UnsafeUrl, match="backslash"):
        check_url(url, ALLOWED)


def test_an_address_python_and_browsers_read_with_different_hosts_is_refused():
    url = "https:www.gosuslugi.ru/"  # no slashes: a browser still goes to gosuslugi.ru
    assert urlsplit(url).hostname is None
    with pytest.raises(UnsafeUrl, match="read differently by browsers"):
        check_url(url, ALLOWED)


@pytest.mark.parametrize(
    "entry, problem",
    [
        ("gosuslugi.ru", None),
        ("Sfr.Gov.Ru.", None),
        ("госуслуги.рф", None),
        ("ru", "top-level"),
        ("*.gosuslugi.ru", "site name only"),
        ("https://gosuslugi.ru/", "site name only"),
        ("127.0.0.1", "not a valid site name"),
        ("gos uslugi.ru", "has a space"),
        ("", "empty"),
        (".\xad", "invisible character"),
        ("..ru", "not a valid site name"),
    ],
)
def test_allowed_hosts_entries_are_site_names(entry, problem):
    if problem is None:
        assert check_allowed_host(entry) == entry.lower().rstrip(".")
    else:
        with pytest.raises(UnsafeUrl, match=problem):
            check_allowed_host(entry)


def test_a_cyrillic_allowed_host_matches_its_punycode_spelling():
    assert host_allowed("xn--c1aapkosapc.xn--p1ai", ALLOWED)
    assert host_allowed("www.xn--c1aapkosapc.xn--p1ai", ALLOWED)
    assert not host_allowed("xn--c1aapkosapc.xn--p1ai.evil", ALLOWED)


# -- property-based: any address, however it is put together ---------------------------------

_PIECES = st.sampled_from(
    [
        "https:", "http:", "HTTPS:", "javascript:", "//", "/", "\\", "\\\\", "@", ":", ".", "%2e",
        "%40", "%5c", "?", "#", "[", "]", "::1", "127.0.0.1", "0x7f.1", "gosuslugi.ru",
        "www.gosuslugi.ru", "sfr.gov.ru", "evil.example", "госуслуги.рф", "xn--p1ai", "user",
        ":443", ":8080", "\t", "\n", " ", "\u00a0", "\u202e", "\u200b", "\x00", "а", "%00",
    ]
)  # fmt: skip
_ADDRESSES = st.one_of(
    st.lists(_PIECES, min_size=1, max_size=12).map("".join),
    st.builds(
        lambda a, b, c: f"https://{a}{b}{c}",
        st.lists(_PIECES, max_size=4).map("".join),
        st.sampled_from(["gosuslugi.ru", "www.gosuslugi.ru", "evil.example", "sfr.gov.ru"]),
        st.lists(_PIECES, max_size=5).map("".join),
    ),
    st.text(max_size=60),
)


@given(_ADDRESSES)
@example("https://evil.example\\@www.gosuslugi.ru/")
@example("https://[gosuslugi.ru/")
def test_an_accepted_address_goes_where_it_says(url):
    """Whatever the address, check_url raises only UnsafeUrl; and if it accepts one, a
    browser goes to an allowed host, and the address shown beside its QR code (display_url,
    read with Python's parser) names that very host."""
    try:
        accepted = check_url(url, ALLOWED)
    except UnsafeUrl:
        assert qr_address(url, ALLOWED) == ""
        return
    real_host = ada_url.URL(accepted).hostname.rstrip(".")
    assert host_allowed(real_host, ALLOWED)
    assert ada_url.URL(accepted).protocol == "https:"
    assert not ada_url.URL(accepted).username and not ada_url.URL(accepted).password
    shown_host = display_url(accepted).split("/")[0]
    assert url_host(f"https://{shown_host}/") in (real_host, real_host.removeprefix("www."))
    assert qr_address(url, ALLOWED) == url


@given(st.text(max_size=40))
@example(".\xad")  # found by make fuzz: a soft hyphen alone passed as a site name
@example("ru.")
def test_any_allowlist_entry_is_checked_without_a_traceback(entry):
    try:
        host = check_allowed_host(entry)
    except UnsafeUrl:
        return
    assert "." in host and "/" not in host
    assert check_url(f"https://{host}/", (host,))


@given(st.text(max_size=3000))
@example("https://" + "a" * 2000 + ".gosuslugi.ru/\u202e")
def test_a_refusal_is_one_short_line_with_nothing_hidden(value):
    for check in (lambda v: check_url(v, ALLOWED), check_allowed_host):
        try:
            check(value)
        except UnsafeUrl as refused:
            message = str(refused)
            assert message.isprintable() and len(message) < 300
