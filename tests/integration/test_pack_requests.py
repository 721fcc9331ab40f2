"""What a pack says about requests from the terminal (issue 17): the office's public key and
the consent text in pack.yaml, each agency's `requests`; validated at their lines, built into
the pack (schema 2), read back, and refused by the reader and verify_pack when damaged. A
pack of schema version 1 still opens, and takes no requests."""

from __future__ import annotations

import base64
import shutil
import sqlite3
import tempfile
from pathlib import Path

import nacl.exceptions
import nacl.public
import pytest
import yaml
from command import kiosk
from factories import AGENCY, write_folder
from hypothesis import example, given
from hypothesis import strategies as st

from content.model import CONSENT_PARTS, MAX_CALL_BACK_DAYS, RequestSettings
from content.pack import format as fmt
from content.pack.format import MalformedPackError
from content.pack.meta import inbox_key
from content.pack.reader import open_pack
from content.pack.verify import verify_pack
from content.publisher.build import build_pack
from content.publisher.limits import clean_text
from content.publisher.sources import load_folder

ROOT = Path(__file__).resolve().parents[2]
KEY = base64.b64encode(bytes(nacl.public.PrivateKey(bytes(range(32))).public_key)).decode()
CONSENT = {part: {"ru": f"Текст: {part}", "en": f"Text: {part}"} for part in CONSENT_PARTS}
TAKES = {"inbox_public_key": KEY, "consent": CONSENT}
REQUESTS = {"kinds": ["appointment", "rating", "callback"], "call_back_within_days": 3}


def folder(root: Path, pack: dict | None = TAKES, requests=REQUESTS) -> Path:
    """A valid content folder whose pack.yaml has `pack` and whose one agency `requests`."""
    write_folder(root, pack=pack)
    agency = {**AGENCY, **({"requests": requests} if requests is not None else {})}
    (root / "agencies" / "sfr-perm.yaml").write_text(
        yaml.safe_dump(agency, allow_unicode=True, sort_keys=False), "utf-8"
    )
    return root


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_folder(root).problems]


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """The line of the `nth` line of the file that holds `needle`."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            nth -= 1
            if not nth:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


def value_lines(path: Path, line: int) -> range:
    """The lines of the top-level key at `line` and of its value: up to the next line that
    starts a key (or the end of the file)."""
    lines = path.read_text("utf-8").splitlines()
    end = line
    while end < len(lines) and (not lines[end] or lines[end][0] in " \t"):
        end += 1
    return range(line, end + 1)


def scratch() -> Path:
    # Hypothesis runs many examples in one test: a fresh folder each.
    return Path(tempfile.mkdtemp(prefix="requests-"))


# -- the key: what validate takes ------------------------------------------------------------


def test_the_demo_key_is_the_public_half_of_the_demo_private_key():
    private = (ROOT / "content" / "demo-inbox.key").read_text("ascii")
    assert private.endswith("\n") and len(private.strip()) == 44
    public = yaml.safe_load((ROOT / "content" / "demo" / "pack.yaml").read_text("utf-8"))
    key = nacl.public.PrivateKey(base64.b64decode(private.strip(), validate=True))
    assert base64.b64encode(bytes(key.public_key)).decode() == public["inbox_public_key"]


def test_a_folder_with_a_key_and_consent_validates(tmp_path):
    assert problems(folder(tmp_path)) == []


SMALL_ORDER = base64.b64encode(bytes(32)).decode()  # the point at infinity
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# The same 32 bytes with one of the two spare bits of the last character set.
UNCANONICAL = KEY[:42] + ALPHABET[ALPHABET.index(KEY[42]) | 1] + "="


@pytest.mark.parametrize(
    "value, words",
    [
        (KEY[:-2] + "=", "is 43 characters long, not 44"),
        (KEY + KEY, "is 88 characters long, not 44"),
        ("x" * 150, "'inbox_public_key' is 150 characters long; at most 100 are allowed"),
        (KEY.replace("=", "A"), "is not standard base64"),
        ("-" + KEY[1:], "is not standard base64"),  # the URL-safe alphabet
        (KEY[:20] + " " + KEY[21:], "is not standard base64"),
        (UNCANONICAL, "is not the base64 of a key"),
        (SMALL_ORDER, "is a key of small order"),
        (base64.b64encode(b"\x01" + bytes(31)).decode(), "is a key of small order"),
    ],
)
def test_a_bad_key_is_an_error_at_its_line(tmp_path, value, words):
    root = folder(tmp_path, pack={**TAKES, "inbox_public_key": value})
    pack_yaml = root / "pack.yaml"
    line = line_of(pack_yaml, "inbox_public_key:")
    found = problems(root)
    assert any(p.startswith(f"{pack_yaml}:{line}: ") and words in p for p in found), found
    assert not any(value in p for p in found if len(value) > 4), "the value is not quoted"


def test_a_key_without_consent_is_an_error_and_consent_without_a_key_a_warning(tmp_path):
    root = folder(tmp_path / "a", pack={"inbox_public_key": KEY})
    line = line_of(root / "pack.yaml", "inbox_public_key:")
    assert any(
        p.startswith(f"{root / 'pack.yaml'}:{line}: a pack that takes requests needs 'consent'")
        for p in problems(root)
    )
    root = folder(tmp_path / "b", pack={"consent": CONSENT}, requests=None)
    line = line_of(root / "pack.yaml", "consent:")
    assert problems(root) == [
        f"{root / 'pack.yaml'}:{line}: warning: 'consent' is never shown: without "
        "'inbox_public_key' the pack takes no requests"
    ]
    assert load_folder(root).ok


def test_consent_needs_every_part_in_russian(tmp_path):
    consent = {**CONSENT, "retention": {"en": "Kept a month."}, "extra": "?"}
    consent.pop("withdrawal")
    root = folder(tmp_path, pack={**TAKES, "consent": consent})
    found = problems(root)
    pack_yaml = root / "pack.yaml"
    assert (
        f"{pack_yaml}:{line_of(pack_yaml, 'retention:')}: 'retention' needs a Russian text (ru:)"
        in found
    )
    # told at the first line of the consent's fields
    assert f"{pack_yaml}:{line_of(pack_yaml, 'consent:') + 1}: 'withdrawal' is required" in found
    assert f"{pack_yaml}:{line_of(pack_yaml, 'extra:')}: warning: unknown field 'extra'" in found


def test_consent_written_as_one_text_is_told_its_parts_at_its_line(tmp_path):
    root = folder(tmp_path, pack={**TAKES, "consent": "Я согласен"})
    pack_yaml = root / "pack.yaml"
    assert problems(root) == [
        f"{pack_yaml}:{line_of(pack_yaml, 'consent:')}: 'consent' should be its parts: "
        "operator, purpose, data, retention, withdrawal"
    ]


def test_a_consent_part_over_its_limit_is_told_its_length(tmp_path):
    root = folder(tmp_path, pack={**TAKES, "consent": {**CONSENT, "purpose": "я" * 2001}})
    assert any(
        "'purpose' (ru) is 2,001 characters long; at most 2,000" in p for p in problems(root)
    )


# -- an agency's requests --------------------------------------------------------------------


@pytest.mark.parametrize(
    "requests, needle, words",
    [
        (
            {"kinds": ["appointment", "booking"], "call_back_within_days": 2},
            "- booking",
            "unknown kind of request 'booking' (one of appointment, callback, complaint, rating)",
        ),
        ({"kinds": ["about_me"]}, "- about_me", "unknown kind of request 'about_me'"),
        ({"kinds": ["rating", "rating"]}, "- rating", "'rating' is listed twice"),
        (
            {"kinds": ["callback"], "call_back_within_days": 0},
            "call_back_within_days:",
            "'call_back_within_days' must be a whole number of working days, "
            f"1 to {MAX_CALL_BACK_DAYS}",
        ),
        (
            {"kinds": ["callback"], "call_back_within_days": MAX_CALL_BACK_DAYS + 1},
            "call_back_within_days:",
            "must be a whole number of working days",
        ),
        (
            {"kinds": ["callback"], "call_back_within_days": 2.5},
            "call_back_within_days:",
            "must be a whole number of working days",
        ),
        (
            {"kinds": ["callback"], "call_back_within_days": "3"},
            "call_back_within_days:",
            "must be a whole number of working days",
        ),
        (
            {"kinds": ["callback"], "call_back_within_days": True},
            "call_back_within_days:",
            "must be a whole number of working days",
        ),
        (
            {"kinds": ["appointment", "callback"]},
            "kinds:",
            "'call_back_within_days' is required with appointment and callback",
        ),
        ({"call_back_within_days": 3}, "call_back_within_days:", "'kinds' is required"),
        ({"kinds": "appointment"}, "kinds:", "'kinds' should be a list"),
        ("appointment", "requests:", "'requests' should be its fields kinds: and call_back_within"),
    ],
)
def test_a_wrong_request_setting_is_an_error_at_its_line(tmp_path, requests, needle, words):
    root = folder(tmp_path, requests=requests)
    agency = root / "agencies" / "sfr-perm.yaml"
    found = problems(root)
    line = line_of(agency, needle, nth=2 if "twice" in words else 1)
    assert any(p.startswith(f"{agency}:{line}: ") and words in p for p in found), found
    assert not load_folder(root).ok


@pytest.mark.parametrize(
    "requests, needle, words",
    [
        (
            {"kinds": ["rating", "wrong_info"]},
            "- wrong_info",
            "wrong_info is taken on every listing",
        ),
        (
            {"kinds": ["rating"], "call_back_within_days": 3},
            "call_back_within_days:",
            "'call_back_within_days' is not used",
        ),
    ],
)
def test_a_needless_request_setting_is_a_warning(tmp_path, requests, needle, words):
    root = folder(tmp_path, requests=requests)
    agency = root / "agencies" / "sfr-perm.yaml"
    line = line_of(agency, needle)
    assert any(p.startswith(f"{agency}:{line}: warning: {words}") for p in problems(root))
    assert load_folder(root).ok


def test_requests_in_a_pack_without_a_key_are_a_warning(tmp_path):
    root = folder(tmp_path, pack={})
    agency = root / "agencies" / "sfr-perm.yaml"
    assert problems(root) == [
        f"{agency}:{line_of(agency, 'requests:')}: warning: the pack takes no requests: "
        "pack.yaml has no 'inbox_public_key'"
    ]


def test_validate_names_the_file_and_line_on_the_command_line(tmp_path):
    root = folder(tmp_path, requests={"kinds": ["complain"]})
    result = kiosk("content", "validate", root)
    agency = root / "agencies" / "sfr-perm.yaml"
    assert result.returncode == 1
    assert f"{agency}:{line_of(agency, '- complain')}: unknown kind of request 'complain'" in (
        result.stdout
    )


# -- built and read back ---------------------------------------------------------------------


def test_the_key_consent_and_requests_are_built_and_read_back(tmp_path):
    out = tmp_path / "pack.sqlite"
    build_pack(folder(tmp_path / "c"), out)
    with open_pack(out) as pack:
        assert pack.meta.schema_version == fmt.SCHEMA_VERSION
        assert pack.takes_requests and pack.meta.inbox_public_key == KEY
        assert [(part, text.ru, text.en) for part, text in pack.meta.consent.parts()] == [
            (part, f"Текст: {part}", f"Text: {part}") for part in CONSENT_PARTS
        ]
        assert pack.request_settings("sfr-perm") == RequestSettings(
            ("appointment", "rating", "callback", "wrong_info"), 3
        )
        assert pack.agencies_taking("callback") == ["sfr-perm"]
        assert pack.agencies_taking("complaint") == []
        assert pack.agencies_taking("wrong_info") == ["sfr-perm"]
    with sqlite3.connect(out) as db:
        rows = db.execute(
            "SELECT kind, position, call_back_within_days FROM agency_requests ORDER BY position"
        ).fetchall()
    db.close()
    # The call-back time goes with the kinds staff call back on, and with no other.
    assert rows == [("appointment", 0, 3), ("rating", 1, None), ("callback", 2, 3)]
    assert verify_pack(out).inbox_public_key == KEY


def test_a_pack_without_a_key_takes_nothing_even_where_agencies_list_kinds(tmp_path):
    out = tmp_path / "pack.sqlite"
    build_pack(folder(tmp_path / "c", pack={}), out)
    with open_pack(out) as pack:
        assert not pack.takes_requests and pack.meta.consent is None
        assert pack.request_settings("sfr-perm") == RequestSettings()
        assert pack.agencies_taking("appointment") == pack.agencies_taking("wrong_info") == []


def test_an_agency_without_settings_takes_only_wrong_information_reports(demo_pack):
    with open_pack(demo_pack) as pack:
        assert pack.request_settings("minzdrav-perm") == RequestSettings(("wrong_info",))
        assert pack.request_settings("mfc-perm").takes("appointment")
        assert "minzdrav-perm" not in pack.agencies_taking("appointment")
        assert len(pack.agencies_taking("wrong_info")) == len(pack.agencies())


def test_the_key_changes_the_content_hash(tmp_path):
    one = build_pack(folder(tmp_path / "a"), tmp_path / "a.sqlite").content_hash
    other_key = base64.b64encode(bytes(nacl.public.PrivateKey.generate().public_key)).decode()
    two = build_pack(
        folder(tmp_path / "b", pack={**TAKES, "inbox_public_key": other_key}),
        tmp_path / "b.sqlite",
    ).content_hash
    assert one != two


# -- schema version 1 ------------------------------------------------------------------------


def as_version_2(path: Path) -> None:
    """What the builder of schema version 2 wrote for the same content: without the tables
    and meta keys that version 3 added (fmt.ADDED_IN)."""
    newer = [name for name, version in fmt.ADDED_IN.items() if version > 2]
    with sqlite3.connect(path) as db:
        for name in newer:
            if name in fmt.TABLES:
                db.execute(f"DROP TABLE {name}")
            else:
                db.execute("DELETE FROM meta WHERE key = ?", (name,))
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.close()


def as_version_1(path: Path) -> None:
    """What the builder of schema version 1 wrote for the same content."""
    as_version_2(path)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE agency_requests")
        db.execute(
            "DELETE FROM meta WHERE key = 'inbox_public_key' OR key LIKE 'consent\\_%' ESCAPE '\\'"
        )
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.close()


@pytest.fixture
def pack_copy(demo_pack, tmp_path) -> Path:
    target = tmp_path / "pack.sqlite"
    shutil.copyfile(demo_pack, target)
    return target


def test_a_version_1_pack_opens_passes_the_whole_check_and_takes_no_requests(pack_copy):
    as_version_1(pack_copy)
    assert verify_pack(pack_copy).schema_version == 1
    with open_pack(pack_copy) as pack:
        assert not pack.takes_requests and pack.meta.consent is None
        assert pack.request_settings("mfc-perm") == RequestSettings()
        assert pack.agencies_taking("appointment") == []
        assert pack.all_request_settings() == {}
        assert pack.agency("mfc-perm")["name"].ru.startswith("Пермский краевой")


def test_a_version_1_pack_with_the_new_table_is_refused(pack_copy):
    as_version_1(pack_copy)
    with sqlite3.connect(pack_copy) as db:
        db.execute("CREATE TABLE agency_requests (agency_id TEXT)")
    db.close()
    with pytest.raises(MalformedPackError, match="an unexpected table 'agency_requests'"):
        open_pack(pack_copy)


def test_a_version_1_pack_does_not_take_requests_by_saying_it_has_a_key(pack_copy):
    as_version_1(pack_copy)
    with sqlite3.connect(pack_copy) as db:
        db.execute("INSERT INTO meta VALUES ('inbox_public_key', ?)", (KEY,))
    db.close()
    with open_pack(pack_copy) as pack:
        assert not pack.takes_requests and pack.meta.inbox_public_key is None
        assert pack.request_settings("mfc-perm") == RequestSettings()


def test_a_version_2_pack_without_the_new_table_is_refused(pack_copy):
    as_version_2(pack_copy)
    with sqlite3.connect(pack_copy) as db:
        db.execute("DROP TABLE agency_requests")
    db.close()
    with pytest.raises(MalformedPackError, match="lacks the table 'agency_requests'"):
        open_pack(pack_copy)


# -- damage: the reader and verify_pack ------------------------------------------------------


@pytest.mark.parametrize(
    "statement, words",
    [
        (
            f"UPDATE meta SET value = '{KEY[:-2]}' WHERE key = 'inbox_public_key'",
            "meta 'inbox_public_key' is 42 characters long, not 44",
        ),
        (
            f"UPDATE meta SET value = '{UNCANONICAL}' WHERE key = 'inbox_public_key'",
            "meta 'inbox_public_key' is not the base64 of a key",
        ),
        (
            f"UPDATE meta SET value = '{SMALL_ORDER}' WHERE key = 'inbox_public_key'",
            "meta 'inbox_public_key' is a key of small order",
        ),
        (
            "UPDATE meta SET value = replace(value, '/', '_') WHERE key = 'inbox_public_key'",
            "meta 'inbox_public_key' is not standard base64",
        ),
        (
            "DELETE FROM meta WHERE key LIKE 'consent%'",
            "meta 'inbox_public_key' is there without the consent text",
        ),
        (
            "DELETE FROM meta WHERE key = 'consent_retention_ru'",
            "meta 'consent_retention_ru' is missing",
        ),
    ],
)
def test_a_tampered_key_or_consent_is_refused_by_the_reader_and_verify_pack(
    pack_copy, statement, words
):
    with sqlite3.connect(pack_copy) as db:
        db.execute(statement)
    db.close()
    for check in (open_pack, verify_pack):
        with pytest.raises(MalformedPackError) as refused:
            check(pack_copy).close() if check is open_pack else check(pack_copy)
        assert words in str(refused.value)


def test_a_pack_without_key_or_consent_still_opens_and_takes_no_requests(pack_copy):
    with sqlite3.connect(pack_copy) as db:
        db.execute("DELETE FROM meta WHERE key = 'inbox_public_key' OR key LIKE 'consent%'")
    db.close()
    assert verify_pack(pack_copy).inbox_public_key is None


@pytest.mark.parametrize(
    "statement, words",
    [
        (
            "UPDATE agency_requests SET kind = 'about_me' WHERE kind = 'rating'",
            "'about_me' is a kind of request the format does not have",
        ),
        (
            "UPDATE agency_requests SET kind = 'rating' WHERE kind = 'complaint'",
            "'rating' is twice",
        ),
        (
            "UPDATE agency_requests SET call_back_within_days = 0 WHERE kind = 'callback'",
            "callback is called back within 0 working days, not 1 to 20",
        ),
        (
            "UPDATE agency_requests SET call_back_within_days = NULL WHERE kind = 'appointment'",
            "appointment is called back within None working days",
        ),
        (
            "UPDATE agency_requests SET call_back_within_days = 3 WHERE kind = 'rating'",
            "rating has a call-back time",
        ),
        (
            "UPDATE agency_requests SET call_back_within_days = 9 WHERE kind = 'callback'",
            "the kinds have different call-back times",
        ),
    ],
)
def test_a_damaged_request_row_is_a_named_error_when_read_and_in_the_whole_check(
    pack_copy, statement, words
):
    with sqlite3.connect(pack_copy) as db:
        db.execute(statement + " AND agency_id = 'mfc-perm'")
    db.close()
    with open_pack(pack_copy) as pack:
        with pytest.raises(MalformedPackError) as refused:
            pack.request_settings("mfc-perm")
        assert f"agency_requests of the agency 'mfc-perm': {words}" in str(refused.value)
        assert pack.request_settings("kcson-perm").takes("appointment")  # the others read
    with pytest.raises(MalformedPackError) as refused:
        verify_pack(pack_copy)
    assert words in str(refused.value)


def test_a_request_row_of_an_agency_not_in_the_pack_is_refused_by_the_whole_check(pack_copy):
    with sqlite3.connect(pack_copy) as db:
        db.execute("INSERT INTO agency_requests VALUES ('ghost', 'rating', 0, NULL)")
    db.close()
    with pytest.raises(MalformedPackError, match="names the agency 'ghost', which is not in"):
        verify_pack(pack_copy)


# -- property: any text as the key -----------------------------------------------------------


def spare_bits(raw: bytes, bits: int) -> str:
    """`raw`'s base64 with `bits` in the two spare bits of its last character: another
    spelling of the same 32 bytes."""
    text = base64.b64encode(raw).decode()
    return text[:42] + ALPHABET[ALPHABET.index(text[42]) | bits] + "="


KEY_TEXT = (
    st.binary(min_size=32, max_size=32).map(lambda raw: base64.b64encode(raw).decode())
    | st.builds(spare_bits, st.binary(min_size=32, max_size=32), st.integers(0, 3))
    | st.binary(max_size=48).map(lambda raw: base64.b64encode(raw).decode())
    | st.text(alphabet=st.sampled_from("ABCxyz019+/=-_ \t"), min_size=40, max_size=48)
    | st.text(max_size=60)
)


@given(KEY_TEXT)
@example(KEY)
@example(SMALL_ORDER)
@example(KEY.rstrip("="))
@example(KEY + "\n")
@example(UNCANONICAL)
def test_the_key_is_taken_exactly_when_it_is_one_spelling_of_32_bytes_to_seal_to(text):
    try:
        raw = inbox_key(text)
    except ValueError as exc:
        if len(text) > 4:
            assert text not in str(exc)
        taken = False
    else:
        taken = True
        assert len(raw) == 32 and base64.b64encode(raw).decode() == text
        nacl.public.SealedBox(nacl.public.PublicKey(raw)).encrypt(b"x")  # it seals
    canonical = False
    try:
        decoded = base64.b64decode(text, validate=True)
        canonical = len(decoded) == 32 and base64.b64encode(decoded).decode() == text
    except ValueError:
        pass
    if not canonical:
        assert not taken
    if taken is False and canonical:  # refused only for its small order
        with pytest.raises(nacl.exceptions.CryptoError):
            nacl.public.SealedBox(nacl.public.PublicKey(decoded)).encrypt(b"x")


@given(KEY_TEXT)
@example(KEY)
@example("a: b")
@example("[" + KEY)
@example("\xad")  # found by make fuzz: a soft hyphen alone is cleaned away, as in any text
def test_validate_takes_any_text_as_the_key_and_says_what_is_wrong_at_its_line(text):
    root = folder(scratch())
    pack_yaml = root / "pack.yaml"
    data = yaml.safe_load(pack_yaml.read_text("utf-8"))
    data["inbox_public_key"] = text
    pack_yaml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    loaded = load_folder(root)
    line = line_of(pack_yaml, "inbox_public_key:")
    errors = [p for p in loaded.problems.errors if p.path == str(pack_yaml)]
    try:
        inbox_key(text.strip())
        good = True
    except ValueError:
        good = False
    # No key at all (or only soft hyphens, which every text of a source loses: they mark
    # where a word may break): the pack takes no requests, and its consent is unused.
    if not clean_text(text):
        assert errors == [] and loaded.content.pack.inbox_public_key is None
        assert any(
            "'consent' is never shown" in w.message
            for w in loaded.problems
            if w.severity == "warning"
        )
    elif good:
        assert errors == [] and loaded.content.pack.inbox_public_key == text.strip()
    else:
        # The key's line, or a line of its value where the dump wrapped it (a character the
        # kiosk cannot show is told on its own line).
        assert errors and {p.line for p in errors} <= {1, *value_lines(pack_yaml, line)}, errors
        # A character no line may hold (U+0085 written raw) refuses the whole file.
        pack = loaded.content.pack
        assert pack is None or pack.inbox_public_key is None
    shutil.rmtree(root)
