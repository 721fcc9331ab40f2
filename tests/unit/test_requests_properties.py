"""Property tests of the request model: whatever arrives, `check` answers and `read_envelope`
raises only EnvelopeError; every valid form travels through an envelope exactly as typed.

The oracles come from the contract and the kinds' table, not from the checks' code: which
characters a citizen may type (by Unicode category), each field's limit and type.
"""

from __future__ import annotations

import functools
import json
import random
from datetime import UTC, datetime

import jsonschema
from hypothesis import assume, example, given
from hypothesis import strategies as st
from test_requests import GOOD

from kiosk.core.requests import (
    FIELDS,
    FORM,
    KINDS,
    EnvelopeError,
    check,
    make_envelope,
    new_reference,
    new_submission_id,
    read_envelope,
    schema,
)
from kiosk.core.requests import kinds as k
from kiosk.core.requests import validation as v

TYPED = st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
"""What a citizen may type: anything shown, in any script, emoji too (no controls, no
invisible formatting)."""
VALIDATOR = jsonschema.Draft202012Validator(schema())
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)


@functools.cache  # the forms draw it field by field: built once, not 370 times (0.6 s)
def text(limit: int, *, lines: bool) -> st.SearchStrategy[str]:
    alphabet = TYPED | st.sampled_from("\n\t") if lines else TYPED | st.just("\t")
    return (
        st.text(alphabet, min_size=1, max_size=limit)
        .filter(lambda t: t.strip())
        .filter(lambda t: not v.holds_id_document(t))
    )


IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,79}", fullmatch=True)
PHONES = st.builds(
    lambda prefix, digits, sep: prefix + sep.join(digits[i : i + 2] for i in range(0, 10, 2)),
    st.sampled_from(["+7 ", "8 ", "7", "", "+7(", "8-"]),
    st.text("0123456789", min_size=10, max_size=10),
    st.sampled_from(["", " ", "-"]),
)


def value(spec: k.Field) -> st.SearchStrategy:
    if spec.type in (k.TEXT, k.LINE):
        return text(spec.limit, lines=spec.type == k.TEXT)
    return {
        k.ID: IDS,
        k.CHOICE: st.sampled_from(spec.choices),
        k.SCORE: st.integers(k.SCORE_MIN, k.SCORE_MAX),
        k.FLAG: st.booleans(),
        k.DAY: st.dates().map(lambda d: d.isoformat()),
        k.PHONE: PHONES,
        k.LIST: st.lists(text(spec.limit, lines=False), min_size=1, max_size=spec.items),
    }[spec.type]


@st.composite
def forms(draw, kind: str | None = None) -> tuple[str, dict]:
    """A valid form of a kind: required fields always, optional ones sometimes."""
    kind = kind or draw(st.sampled_from(KINDS))
    form = {}
    for spec in FIELDS[kind]:
        if spec.required or draw(st.booleans()):
            form[spec.name] = draw(value(spec))
    if kind == "complaint":
        form.pop("reply_by", None), form.pop("reply_to", None)
        if form["answer"]:
            form["name"] = draw(value(k.fields_of(kind)["name"]))
            form["reply_by"] = draw(st.sampled_from(k.REPLY_BY))
            form["reply_to"] = (
                draw(
                    st.from_regex(
                        r"[a-zа-я0-9._]{1,20}@[a-z0-9]{1,20}\.[a-zрф]{2,6}", fullmatch=True
                    )
                )
                if form["reply_by"] == "email"
                else draw(value(k.fields_of(kind)["reply_to"]))
            )
    if kind == "wrong_info" and form["wrong"] == "other" and "text" not in form:
        form["text"] = draw(value(k.fields_of(kind)["text"]))
    if k.always_personal(kind) or any(f.personal and f.name in form for f in FIELDS[kind]):
        form["consent"] = True
    return kind, form


def head(seed: int) -> dict:
    source = random.Random(seed).randbytes
    return {
        "reference": new_reference(source),
        "submission_id": new_submission_id(source),
        "created": datetime(2026, 12, 3, 21, 30, 5, tzinfo=UTC),
        "terminal": "perm-01",
        "pack_id": "perm-krai",
        "pack_version": 42,
        "lang": "ru",
    }


@given(forms(), st.integers(0, 2**32))
def test_every_valid_form_travels_through_an_envelope_exactly_as_typed(kind_form, seed):
    kind, form = kind_form
    checked = check(kind, form)
    assert checked.ok, checked.problems
    data = make_envelope(kind, form, **head(seed))
    VALIDATOR.validate(json.loads(data))
    envelope = read_envelope(data)
    assert envelope.to_bytes() == data
    for name, typed in form.items():
        if name == "phone":
            digits = "".join(c for c in typed if c.isdigit())
            assert envelope.fields[name] == "+7" + digits[-10:]
        else:
            assert envelope.fields[name] == typed, name


@given(st.sampled_from(["complaint", "about_me", "rating"]), st.integers(0, 2**32))
@example("complaint", 0)
def test_two_thousand_characters_of_cyrillic_and_emoji_travel_whole(kind, seed):
    # One code point at a time (a joined emoji family is in test_requests.py): exactly 2,000.
    # One generator for the whole text: a new one for each character, seeded alike, gave
    # the same character 2,000 times (and cost 0.7 s of seeding a run).
    chosen = random.Random(seed)
    typed = "".join(chosen.choice("ёжикЁЖ 😀🇷✅\n") for _ in range(2_000))
    assume(typed.strip())
    name = {"complaint": "text", "about_me": "help", "rating": "comment"}[kind]
    form = {**GOOD[kind], name: typed}
    assert read_envelope(make_envelope(kind, form, **head(seed))).fields[name] == typed


@given(
    st.sampled_from(KINDS) | JSON,
    st.dictionaries(
        st.sampled_from([f.name for fs in FIELDS.values() for f in fs] + ["consent"])
        | st.text(max_size=8),
        JSON,
    )
    | JSON,
)
def test_check_answers_anything_without_raising(kind, fields):
    checked = check(kind, fields)
    assert checked.problems.get(FORM) != v.Problem(v.WRONG_VALUE)  # the guard never fires
    assert checked.ok == (not checked.problems)


@given(forms(), st.sampled_from([f.name for fs in FIELDS.values() for f in fs]), JSON)
def test_a_field_replaced_by_anything_is_told_or_taken_never_raised(kind_form, name, junk):
    kind, form = kind_form
    checked = check(kind, {**form, name: junk})
    assert checked.problems.get(FORM) != v.Problem(v.WRONG_VALUE)


@given(forms(), st.integers(0, 2**32), st.integers(0, 10_000), st.binary(max_size=8))
def test_damaged_envelope_bytes_raise_only_envelope_error(kind_form, seed, at, junk):
    kind, form = kind_form
    data = make_envelope(kind, form, **head(seed))
    at %= len(data)
    damaged = data[:at] + junk + data[at + len(junk) :]
    try:
        envelope = read_envelope(damaged)
    except EnvelopeError:
        return
    assert check(envelope.kind, envelope.fields).ok


@given(st.binary(max_size=300))
def test_any_bytes_raise_only_envelope_error(data):
    try:
        read_envelope(data)
    except EnvelopeError:
        pass


@given(forms(), st.integers(0, 2**32), JSON)
def test_a_json_envelope_with_a_key_replaced_raises_only_envelope_error(kind_form, seed, junk):
    kind, form = kind_form
    document = json.loads(make_envelope(kind, form, **head(seed)))
    for key in sorted(document):
        changed = json.dumps({**document, key: junk}, ensure_ascii=False).encode("utf-8")
        try:
            read_envelope(changed)
        except EnvelopeError:
            continue
        assert VALIDATOR.is_valid(json.loads(changed))


@given(
    st.sampled_from(KINDS) | st.text(max_size=8),
    st.lists(st.tuples(st.text(max_size=12), st.text(max_size=12))),
)
def test_forms_from_any_name_value_texts_are_checked_without_raising(kind, pairs):
    form = v.from_texts(kind, pairs)
    assert check(kind, form).problems.get(FORM) != v.Problem(v.WRONG_VALUE)
