"""The envelope (kiosk/core/requests/envelope.py) and its JSON Schema: made canonically, read
strictly, and the schema in the repo says what the code does."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
from test_requests import GOOD

from kiosk.core.requests import (
    FIELDS,
    KINDS,
    Envelope,
    EnvelopeError,
    drop_path,
    make_envelope,
    new_reference,
    new_submission_id,
    read_envelope,
    schema,
)
from kiosk.core.requests import kinds as k
from kiosk.core.requests.envelope import MAX_ENVELOPE_BYTES

WHEN = datetime(2026, 12, 3, 21, 30, 5, 123456, tzinfo=UTC)
VALIDATOR = jsonschema.Draft202012Validator(schema())


def head(seed: int = 17, **changes) -> dict:
    source = random.Random(seed).randbytes
    return {
        "reference": new_reference(source),
        "submission_id": new_submission_id(source),
        "created": WHEN,
        "terminal": "perm-01",
        "pack_id": "perm-krai",
        "pack_version": 42,
        "lang": "ru",
        **changes,
    }


def envelope_of(kind: str, fields: dict | None = None, **changes) -> bytes:
    return make_envelope(kind, GOOD[kind] if fields is None else fields, **head(**changes))


def document(**changes) -> dict:
    """A callback's envelope as JSON, with some keys changed."""
    return {**json.loads(envelope_of("callback")), **changes}


def dumped(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def test_the_schema_is_a_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("kind", KINDS)
def test_an_envelope_of_each_kind_is_canonical_json_the_schema_takes(kind):
    data = envelope_of(kind)
    parsed = json.loads(data)
    VALIDATOR.validate(parsed)
    assert data == json.dumps(
        parsed, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")
    assert parsed["created"] == "2026-12-03T21:30:05Z" and parsed["kind"] == kind
    assert parsed["format"] == "perm-kiosk-request/1"
    assert parsed["pack"] == {"id": "perm-krai", "version": 42}


@pytest.mark.parametrize("kind", KINDS)
def test_an_envelope_reads_back_as_it_was_made(kind):
    data = envelope_of(kind)
    envelope = read_envelope(data)
    assert envelope.kind == kind and envelope.created == WHEN.replace(microsecond=0)
    assert envelope.to_bytes() == data
    assert envelope.path == f"{kind}/2026-12-03/{envelope.id}.sealed"


def test_the_same_submission_is_always_the_same_bytes():
    assert envelope_of("rating") == envelope_of("rating")
    assert envelope_of("rating") != envelope_of("rating", seed=18)


def test_created_is_written_in_utc_and_the_path_takes_the_utc_date():
    perm = timezone(timedelta(hours=5))
    local = datetime(2026, 12, 4, 3, 0, 0, tzinfo=perm)  # 22:00 UTC the day before
    envelope = read_envelope(envelope_of("rating", created=local))
    assert json.loads(envelope.to_bytes())["created"] == "2026-12-03T22:00:00Z"
    assert envelope.path.startswith("rating/2026-12-03/")
    assert drop_path("rating", local, "ab" * 16) == f"rating/2026-12-03/{'ab' * 16}.sealed"


def test_typed_texts_travel_whole():
    text = ('Жалоба 😀 «кавычки» \\ "\n\tи так далее ' * 100)[:2_000]
    fields = {**GOOD["complaint"], "text": text}
    envelope = read_envelope(envelope_of("complaint", fields))
    assert envelope.fields["text"] == text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reference": "NGHK-8NBV"}, "reference"),
        ({"reference": "nghk-8nbt"}, "reference"),
        ({"submission_id": "AB" * 16}, "id"),
        ({"submission_id": "ab" * 15}, "id"),
        ({"created": datetime(2026, 12, 3)}, "time zone"),
        ({"terminal": "perm\n01"}, "terminal"),
        ({"terminal": "t" * 65}, "terminal"),
        ({"pack_id": ""}, "pack"),
        ({"pack_version": -1}, "version"),
        ({"pack_version": True}, "version"),
        ({"lang": "de"}, "lang"),
    ],
)
def test_make_envelope_refuses_a_head_not_as_the_contract_says(changes, message):
    with pytest.raises(EnvelopeError, match=message):
        envelope_of("rating", **changes)


def test_make_envelope_refuses_a_form_with_problems_and_says_which_fields():
    secret = "Тайна Мария"
    form = {**GOOD["callback"], "phone": secret, "consent": False}
    with pytest.raises(EnvelopeError) as caught:
        envelope_of("callback", form)
    assert set(caught.value.problems) == {"phone", "consent"}
    assert "phone" in str(caught.value) and "Тайна" not in str(caught.value)


def test_the_largest_form_fits_well_inside_the_limit():
    emoji = "😀"
    fields = {
        **GOOD["complaint"],
        "text": "\n" * 1000 + emoji * 1000,
        "name": emoji * 100,
        "reply_by": "post",
        "reply_to": emoji * 300,
    }
    assert len(envelope_of("complaint", fields)) < MAX_ENVELOPE_BYTES / 4
    about = {**GOOD["about_me"], "help": emoji * 2000, "household": [emoji * 100] * 12}
    assert len(envelope_of("about_me", about)) < MAX_ENVELOPE_BYTES / 4


def test_the_envelope_hides_the_fields_from_its_repr():
    envelope = read_envelope(envelope_of("callback"))
    assert "Иванова" not in repr(envelope) and "Иванова" not in str(envelope)


# -- hostile bytes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not JSON"),
        (b"\xff\xfe", "UTF-8"),
        (b"[]", "not a JSON object"),
        (b"null", "not a JSON object"),
        (b"[" * 100_000, "over"),
        (b"[" * 60_000, "cannot be read"),
        (b'{"a": NaN}', "NaN"),
        (b'{"a": 1e400}', "fraction"),
        (b'{"a": ' + b"9" * 5000 + b"}", "cannot be read"),
        (b'{"a": 1, "a": 2}', "twice"),
        ("x", "bytes"),
        (None, "bytes"),
    ],
)
def test_bytes_that_are_no_json_object_are_refused(data, message):
    with pytest.raises(EnvelopeError, match=message):
        read_envelope(data)


def _without(key: str) -> dict:
    result = document()
    del result[key]
    return result


@pytest.mark.parametrize(
    ("hostile", "message"),
    [
        (_without("terminal"), "missing \\['terminal'\\]"),
        ({**document(), "extra": 1}, "1 unknown"),
        (document(format="perm-kiosk-request/2"), "format"),
        (document(id="0" * 31), '"id"'),
        (document(id=None), '"id"'),
        (document(reference="NGHK-8NBV"), "check symbol"),
        (document(reference=["NGHK-8NBT"]), "reference"),
        (document(kind="parcel"), "kind"),
        (document(kind=["callback"]), "kind"),
        (document(created="2026-12-03T21:30:05+05:00"), "created"),
        (document(created="2026-02-30T21:30:05Z"), "real date"),
        (document(created=17), "created"),
        (document(terminal=None), "terminal"),
        (document(terminal="perm\u202e01"), "terminal"),
        (document(pack={"id": "p"}), "pack"),
        (document(pack={"id": "p", "version": 1, "x": 2}), "pack"),
        (document(pack={"id": "p", "version": "1"}), "version"),
        (document(pack={"id": 7, "version": 1}), "pack"),
        (document(pack=[]), "pack"),
        (document(lang="de"), "lang"),
        (document(fields=[]), "fields"),
        (document(fields={}), "problems"),
        (document(fields={**document()["fields"], "phone": "8 912 345 67 89"}), "normalised"),
        (document(fields={**document()["fields"], "passport": "5712"}), "passport"),
        (document(fields={**document()["fields"], "\x1b[2J": 1}), "the form"),
        (document(fields={**document()["fields"], "consent": False}), "consent"),
        (document(kind="rating"), "problems"),
    ],
)
def test_an_envelope_not_as_the_contract_says_is_refused_by_code_and_schema(hostile, message):
    data = dumped(hostile)
    with pytest.raises(EnvelopeError, match=message):
        read_envelope(data)
    if message not in ("normalised", "real date", "check symbol"):  # beyond a schema
        assert not VALIDATOR.is_valid(json.loads(data))


def test_a_refusal_never_quotes_a_value():
    fields = {**document()["fields"], "phone": "Тайна", "name": "Тайна\x00"}
    with pytest.raises(EnvelopeError) as caught:
        read_envelope(dumped(document(fields=fields, terminal="Тайна\n")))
    assert "Тайна" not in str(caught.value)
    with pytest.raises(EnvelopeError) as caught:
        read_envelope(dumped(document(fields=fields)))
    assert "Тайна" not in str(caught.value)


def test_read_envelope_gives_an_envelope():
    envelope = read_envelope(envelope_of("about_me"))
    assert isinstance(envelope, Envelope)
    assert envelope.fields["household"] == ["жена, 34 года", "сын, 7 лет"]


# -- the schema says what the model says -----------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_schema_of_each_kind_has_the_models_fields_and_limits(kind):
    definition = schema()["$defs"][kind]
    specs = {spec.name: spec for spec in FIELDS[kind]}
    consent = {"consent"} if k.has_personal_data(kind) else set()
    assert set(definition["properties"]) == set(specs) | consent
    required = {name for name, spec in specs.items() if spec.required}
    assert set(definition["required"]) == required | (consent if k.always_personal(kind) else set())
    assert definition["additionalProperties"] is False
    for name, spec in specs.items():
        field = definition["properties"][name]
        assert ("Personal data." in field["description"]) == spec.personal, name
        if spec.type in (k.TEXT, k.LINE):
            assert field["maxLength"] == spec.limit, name
        if spec.type == k.LIST:
            assert (field["maxItems"], field["items"]["maxLength"]) == (spec.items, spec.limit)
        if spec.type == k.CHOICE:
            assert field["enum"] == list(spec.choices), name
        if spec.type in (k.ID, k.SCORE, k.DAY, k.PHONE):
            assert field["$ref"] == f"#/$defs/{spec.type}", name


def test_the_schema_names_every_kind_once():
    assert schema()["properties"]["kind"]["enum"] == list(KINDS)
    branches = [b["if"]["properties"]["kind"]["const"] for b in schema()["allOf"]]
    assert branches == list(KINDS)


def test_the_example_in_docs_requests_is_an_envelope_the_code_and_schema_take():
    docs = (Path(__file__).parents[2] / "docs" / "requests.md").read_text("utf-8")
    example = json.loads(docs.split("```json\n", 1)[1].split("```", 1)[0])
    VALIDATOR.validate(example)
    data = json.dumps(example, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    envelope = read_envelope(data.encode("utf-8"))
    assert envelope.path == f"appointment/2026-12-03/{envelope.id}.sealed"
    assert envelope.path in docs
