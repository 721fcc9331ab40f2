"""Reference numbers (kiosk/core/requests/reference.py): read aloud, copied by hand, typed."""

from __future__ import annotations

import random
import re
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.requests.reference import (
    ALPHABET,
    BadReference,
    is_reference,
    new_reference,
    parse_reference,
)

CONFUSABLE = "0O1ILUQ"


def seeded(seed: int):
    return random.Random(seed).randbytes


def symbols(reference: str) -> str:
    return reference.replace("-", "")


def test_the_alphabet_has_nothing_that_reads_as_something_else():
    assert len(ALPHABET) == len(set(ALPHABET)) == 29
    assert not set(CONFUSABLE) & set(ALPHABET)
    assert all(all(n % d for d in range(2, n)) for n in [len(ALPHABET)])  # a prime


def test_a_reference_is_two_groups_of_four_from_the_alphabet():
    for seed in range(200):
        reference = new_reference(seeded(seed))
        assert re.fullmatch(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", reference)
        assert is_reference(reference)
        assert parse_reference(reference) == reference


def test_the_random_source_decides_the_reference():
    assert new_reference(seeded(1)) == new_reference(seeded(1))
    assert len({new_reference(seeded(seed)) for seed in range(1000)}) == 1000


def test_every_symbol_is_equally_likely():
    # Bytes from 232 up are dropped; a plain byte % 29 would favour the first 24 symbols.
    counts = dict.fromkeys(ALPHABET, 0)
    source = seeded(7)
    for _ in range(20_000):
        for symbol in symbols(new_reference(source))[:7]:
            counts[symbol] += 1
    # About 4,828 each, give or take 70; byte % 29 would give the first 24 symbols 12% more.
    expected = 20_000 * 7 / 29
    assert all(abs(count - expected) < 0.05 * expected for count in counts.values())


def test_a_source_of_only_high_bytes_is_asked_again():
    calls = iter([b"\xff" * 7, b"\xe8" * 7, bytes(range(7))])
    assert is_reference(new_reference(lambda n: next(calls)))


BASES = [new_reference(seeded(seed)) for seed in range(20)]


@pytest.mark.parametrize("base", BASES)
def test_every_single_wrong_symbol_is_caught(base):
    # The check is linear, so what a change does depends only on its position and the two
    # symbols: all positions and all pairs, on 20 references, is the whole proof.
    written = symbols(base)
    for position, wrong in product(range(8), ALPHABET):
        if written[position] == wrong:
            continue
        typo = written[:position] + wrong + written[position + 1 :]
        assert not is_reference(f"{typo[:4]}-{typo[4:]}")
        with pytest.raises(BadReference, match="check symbol"):
            parse_reference(typo)


@pytest.mark.parametrize("base", BASES)
def test_every_swap_of_neighbours_is_caught(base):
    written = symbols(base)
    for position in range(7):
        a, b = written[position], written[position + 1]
        if a == b:
            continue
        swapped = written[:position] + b + a + written[position + 2 :]
        with pytest.raises(BadReference, match="check symbol"):
            parse_reference(swapped)


def test_every_swap_of_every_pair_of_symbols_at_every_pair_of_neighbours():
    # Exhaustive over what matters: the position and the two symbols (29 * 28 pairs), on a
    # fixed background; the last pair is the seventh symbol and the check symbol it makes.
    background = symbols(BASES[0])
    for position, (a, b) in product(range(6), product(ALPHABET, repeat=2)):
        if a != b:
            written = _completed(background[:position] + a + b + background[position + 2 : 7])
            swapped = written[:position] + b + a + written[position + 2 :]
            assert not is_reference(f"{swapped[:4]}-{swapped[4:]}")
    for a in ALPHABET:
        written = _completed(background[:6] + a)
        swapped = written[:6] + written[7] + written[6]
        assert swapped == written or not is_reference(f"{swapped[:4]}-{swapped[4:]}")


def _completed(head: str) -> str:
    """Seven symbols and the one check symbol that makes them a reference."""
    (written,) = [head + c for c in ALPHABET if is_reference(f"{head[:4]}-{head[4:]}{c}")]
    return written


@given(st.integers(0, 2**64), st.integers(0, 7), st.sampled_from(ALPHABET))
def test_property_a_changed_symbol_never_passes(seed, position, wrong):
    written = symbols(new_reference(seeded(seed)))
    typo = written[:position] + wrong + written[position + 1 :]
    assert is_reference(f"{typo[:4]}-{typo[4:]}") == (typo == written)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("nghk-8nbt", "NGHK-8NBT"),
        ("NGHK8NBT", "NGHK-8NBT"),
        (" ngh k 8n bt ", "NGHK-8NBT"),
        ("NGHK–8NBT", "NGHK-8NBT"),  # an en dash, as a word processor writes one
        ("NGНK-8NВТ", "NGHK-8NBT"),  # Cyrillic Н, В, Т
        ("ngнк-8nвт", "NGHK-8NBT"),  # lower-case Cyrillic н, к, в, т
    ],
)
def test_typing_is_forgiving_where_the_intent_is_plain(typed, meant):
    assert parse_reference(typed) == meant


def test_cyrillic_ze_is_read_as_three():
    for seed in range(200):
        reference = new_reference(seeded(seed))
        if "3" in reference:
            assert parse_reference(reference.replace("3", "З")) == reference
            return
    pytest.fail("no reference with a 3")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("NGHK-8NB", "8 symbols"),
        ("NGHK-8NBTT", "8 symbols"),
        ("", "8 symbols"),
        ("NGH0-8NBT", "no 0, O"),
        ("NGHO-8NBT", "no 0, O"),
        ("NGHО-8NBT", "no 0, O"),  # Cyrillic О
        ("NGH1-8NBT", "no 0, O"),
        ("NGHU-8NBT", "no 0, O"),
        ("NGH#-8NBT", "only the letters"),
        ("NGHЖ-8NBT", "only the letters"),
        ("NGHK-8NBV", "check symbol"),
        ("N" * 41, "8 symbols"),
    ],
)
def test_anything_else_is_refused_with_the_reason(typed, reason):
    with pytest.raises(BadReference, match=reason):
        parse_reference(typed)


REFUSALS = (
    r"a reference is 8 symbols, such as NGHK-8NBT",
    r"a reference has no 0, O, Q, 1, I, L or U: check it against the slip",
    r"a reference has only the letters and digits of NGHK-8NBT",
    r"a reference is 8 symbols, this has \d+",
    r"the reference's check symbol does not match: a symbol is wrong",
)
"""Every refusal, whatever was typed: none repeats the text (staff may paste a name)."""


@given(st.text(max_size=60))
def test_property_parse_reference_raises_only_bad_reference(text):
    try:
        parsed = parse_reference(text)
    except BadReference as error:
        assert any(re.fullmatch(refusal, str(error)) for refusal in REFUSALS), str(error)
    else:
        assert is_reference(parsed)


@pytest.mark.parametrize("value", [None, 17, b"NGHK-8NBT", "nghk-8nbt", "NGHK8NBT", "NGHK-8NBT "])
def test_is_reference_takes_only_the_written_form(value):
    assert not is_reference(value)
