"""The request model's forms (kiosk/core/requests): each kind good, and each way it is bad."""

from __future__ import annotations

from datetime import date

import pytest

from content.hours import parse_hours
from kiosk.core.requests import FIELDS, FORM, KINDS, Problem, Reception, check
from kiosk.core.requests import validation as v
from kiosk.core.requests.kinds import always_personal, has_personal_data

PERSON = {"name": "Иванова Мария Петровна", "phone": "+7 (912) 345-67-89", "consent": True}

GOOD: dict[str, dict] = {
    "appointment": {
        "service": "pension-supplement",
        "location": "kcson-perm-lenin",
        "agency": "kcson-perm",
        "day": "2026-12-08",
        "part_of_day": "morning",
        **PERSON,
    },
    "callback": {"topic": "Пособие на ребёнка", "agency": "kcson-perm", "mode": "online", **PERSON},
    "rating": {
        "agency": "kcson-perm",
        "location": "kcson-perm-lenin",
        "waiting": 1,
        "staff": 5,
        "comfort": 3,
        "duration": 4,
        "information": 2,
        "comment": "Всё хорошо 👍 👨\u200d👩\u200d👧",
    },
    "complaint": {
        "agency": "kcson-perm",
        "text": "Долго ждала в очереди.\nНикто не подошёл.",
        "answer": True,
        "name": "Иванова Мария",
        "reply_by": "email",
        "reply_to": "maria@example.org",
        "consent": True,
    },
    "wrong_info": {
        "listing": "location",
        "listing_id": "kcson-perm-lenin",
        "wrong": "hours",
        "text": "По субботам закрыто",
    },
    "about_me": {
        "name": "Пётр",
        "phone": "89123456789",
        "district": "perm-lenin",
        "household": ["жена, 34 года", "сын, 7 лет", "  "],
        "help": "Нужна помощь с оформлением пособия",
        "consent": True,
    },
}

# Tuesday 2026-12-01; the office receives Monday to Friday, Friday only in the morning.
HOURS = parse_hours({"mo-th": "09:00-13:00, 14:00-18:00", "fr": "09:00-12:00"})
RECEPTION = Reception(today=date(2026, 12, 1), hours=HOURS, days_ahead=14)


def msgids(checked) -> dict[str, str]:
    return {name: problem.msgid for name, problem in checked.problems.items()}


@pytest.mark.parametrize("kind", KINDS)
def test_a_good_form_of_each_kind_passes(kind):
    checked = check(kind, GOOD[kind], reception=RECEPTION)
    assert checked.ok, checked.problems


def test_the_fields_sent_are_as_typed_but_phones_are_normalised_and_empty_items_dropped():
    checked = check("about_me", GOOD["about_me"])
    assert checked.fields == {
        "name": "Пётр",
        "phone": "+79123456789",
        "district": "perm-lenin",
        "household": ["жена, 34 года", "сын, 7 лет"],
        "help": "Нужна помощь с оформлением пособия",
        "consent": True,
    }
    assert check("callback", GOOD["callback"]).fields["topic"] == "Пособие на ребёнка"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("empty", [None, "", "   \n", []])
def test_each_required_field_left_empty_is_told(kind, empty):
    for spec in FIELDS[kind]:
        if not spec.required:
            continue
        form = {**GOOD[kind], spec.name: empty}
        assert msgids(check(kind, form)).get(spec.name) == v.REQUIRED, spec.name


@pytest.mark.parametrize("kind", KINDS)
def test_optional_fields_left_empty_are_left_out(kind):
    for spec in FIELDS[kind]:
        if spec.required or spec.name in ("name", "text", "reply_by", "reply_to"):
            continue  # required by a rule when a complaint wants an answer, or wrong is other
        checked = check(kind, {**GOOD[kind], spec.name: ""})
        assert checked.ok, (spec.name, checked.problems)
        assert spec.name not in checked.fields


@pytest.mark.parametrize(
    ("kind", "name", "limit"),
    [
        ("appointment", "name", 100),
        ("callback", "topic", 200),
        ("rating", "comment", 2_000),
        ("complaint", "text", 2_000),
        ("complaint", "reply_to", 300),
        ("wrong_info", "text", 500),
        ("about_me", "help", 2_000),
    ],
)
def test_texts_at_their_limit_pass_and_one_more_is_told(kind, name, limit):
    at_limit = ("я😀" * limit)[:limit]
    form = {**GOOD[kind], "reply_by": "post"} if name == "reply_to" else GOOD[kind]
    assert check(kind, {**form, name: at_limit}).ok
    problem = check(kind, {**form, name: at_limit + "я"}).problems[name]
    assert problem == Problem(v.TOO_LONG, {"limit": limit, "length": limit + 1})
    assert problem.text() == f"Слишком длинно: не больше {limit} символов, сейчас {limit + 1}"


def test_household_has_at_most_12_lines_of_100_characters():
    assert check("about_me", {**GOOD["about_me"], "household": ["я"] * 12}).ok
    assert msgids(check("about_me", {**GOOD["about_me"], "household": ["я"] * 13})) == {
        "household": v.TOO_MANY
    }
    long_line = {**GOOD["about_me"], "household": ["я" * 101]}
    assert msgids(check("about_me", long_line)) == {"household": v.TOO_LONG}


@pytest.mark.parametrize(
    "bad",
    ["\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\ue000", "\r", "\ud800", "\U000e0001"],
)
def test_control_bidi_and_invisible_characters_are_told_with_their_place(bad):
    checked = check("complaint", {**GOOD["complaint"], "text": "Жалоба" + bad + "конец"})
    assert checked.problems == {"text": Problem(v.HIDDEN, {"position": 7})}


def test_emoji_cyrillic_tabs_and_newlines_and_joined_emoji_are_allowed():
    text = "Семья 👨\u200d👩\u200d👧, всё ок ✅\n\tи ещё строка 🇷🇺"
    assert check("complaint", {**GOOD["complaint"], "text": text}).ok


def test_a_line_field_refuses_a_line_break():
    assert msgids(check("callback", {**GOOD["callback"], "topic": "один\nдва"})) == {
        "topic": v.ONE_LINE
    }


@pytest.mark.parametrize(
    "typed",
    [
        "+7 (912) 345-67-89",
        "+79123456789",
        "8 912 345 67 89",
        "8(912)345-67-89",
        "7 912 345-67-89",
        "912 345 67 89",
        " +7 342 212-34-56 ",
    ],
)
def test_russian_phones_as_people_write_them_are_taken(typed):
    checked = check("callback", {**GOOD["callback"], "phone": typed})
    assert checked.ok
    assert checked.fields["phone"].startswith("+7") and len(checked.fields["phone"]) == 12


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [
        ("8 912 ABC 67 89", v.PHONE_LETTERS),
        ("восемь 912 345 67 89", v.PHONE_LETTERS),
        ("+8 912 345 67 89", v.PHONE_DIGITS),
        ("+7 912 345 67 8", v.PHONE_DIGITS),
        ("9 912 345 67 89", v.PHONE_DIGITS),
        ("+7 912 345 67 890", v.PHONE_DIGITS),
        ("+7 912 ٣٤٥ 67 89", v.PHONE_DIGITS),  # Arabic-Indic digits are digits, not ours
        ("8 912 345 67 89 доб. 12", v.PHONE_LETTERS),
        ("8 912 + 345 67 89", v.PHONE_DIGITS),
    ],
)
def test_phones_with_letters_or_the_wrong_digits_are_told(typed, msgid):
    assert msgids(check("callback", {**GOOD["callback"], "phone": typed})) == {"phone": msgid}


@pytest.mark.parametrize("kind", ["appointment", "callback", "about_me"])
@pytest.mark.parametrize("consent", [None, False, "yes", 1])
def test_personal_data_needs_consent(kind, consent):
    form = {**GOOD[kind], "consent": consent}
    if consent is None:
        del form["consent"]
    assert msgids(check(kind, form)) == {"consent": v.CONSENT_NEEDED}


def test_which_kinds_carry_personal_data():
    assert [k for k in KINDS if always_personal(k)] == ["appointment", "callback", "about_me"]
    assert [k for k in KINDS if has_personal_data(k)] == [
        "appointment",
        "callback",
        "complaint",
        "about_me",
    ]
    assert msgids(check("rating", {**GOOD["rating"], "consent": True})) == {"consent": v.UNKNOWN}


def test_no_form_asks_for_a_passport_or_snils():
    names = {spec.name for fields in FIELDS.values() for spec in fields}
    assert not {name for name in names if "passport" in name or "snils" in name}


@pytest.mark.parametrize(
    "text",
    [
        "мой СНИЛС 112-233-445 95",
        "112-233-445 95",
        "снилс: 11223344595",
        "Паспорт 57 12 345678",
        "паспорт серия 5712 номер 345678",
        "серии 5712 № 345678",
    ],
)
def test_a_text_holding_a_passport_or_snils_number_is_refused(text):
    assert msgids(check("about_me", {**GOOD["about_me"], "help": text})) == {"help": v.ID_DOCUMENT}


@pytest.mark.parametrize(
    "text",
    [
        "позвоните 8 912 345-67-89 или 8-912-345-67-89",
        "89123456789",
        "112-233-445 96",  # grouped like СНИЛС, but the check digits do not add up
        "паспорт потеряла, нужна справка",
        "индекс 614000, дом 15, кв. 7",
        "пособие 12 345 678 рублей",
    ],
)
def test_phones_and_other_numbers_are_not_taken_for_an_id_document(text):
    assert check("about_me", {**GOOD["about_me"], "help": text}).ok


# -- appointment: the day and the part of day --------------------------------------------


def test_reception_days_are_tomorrow_on_for_the_days_ahead_on_open_weekdays():
    days = RECEPTION.days()
    assert days[0] == date(2026, 12, 2) and days[-1] == date(2026, 12, 15)
    assert all(day.weekday() < 5 for day in days) and len(days) == 10
    assert RECEPTION.parts_of_day(date(2026, 12, 4)) == ("morning",)
    assert RECEPTION.parts_of_day(date(2026, 12, 7)) == ("morning", "afternoon")
    assert RECEPTION.parts_of_day(date(2026, 12, 5)) == ()


@pytest.mark.parametrize(
    ("day", "part", "problems"),
    [
        ("2026-12-02", "afternoon", {}),
        ("2026-12-15", "morning", {}),
        ("2026-12-01", "morning", {"day": v.DAY_OUTSIDE}),  # today: staff must call first
        ("2026-12-16", "morning", {"day": v.DAY_OUTSIDE}),
        ("2025-12-08", "morning", {"day": v.DAY_OUTSIDE}),
        ("2026-12-05", "morning", {"day": v.DAY_CLOSED}),  # Saturday
        ("2026-12-04", "afternoon", {"part_of_day": v.PART_CLOSED}),  # Friday, mornings
        ("2026-02-30", "morning", {"day": v.DAY_FORMAT}),
        ("08.12.2026", "morning", {"day": v.DAY_FORMAT}),
        ("2026-12-08", "evening", {"part_of_day": v.CHOOSE}),
    ],
)
def test_the_preferred_day_is_within_the_days_ahead_when_the_office_receives(day, part, problems):
    form = {**GOOD["appointment"], "day": day, "part_of_day": part}
    assert msgids(check("appointment", form, reception=RECEPTION)) == problems


def test_a_day_outside_says_which_days_may_be_chosen():
    form = {**GOOD["appointment"], "day": "2026-12-31"}
    problem = check("appointment", form, reception=RECEPTION).problems["day"]
    assert problem.params == {"first": date(2026, 12, 2), "last": date(2026, 12, 15)}


def test_a_date_object_is_sent_as_text():
    form = {**GOOD["appointment"], "day": date(2026, 12, 8)}
    assert check("appointment", form, reception=RECEPTION).fields["day"] == "2026-12-08"


def test_an_office_without_hours_takes_no_appointment():
    closed = Reception(today=date(2026, 12, 1), hours=(), days_ahead=14)
    assert closed.days() == []
    assert msgids(check("appointment", GOOD["appointment"], reception=closed)) == {
        "day": v.DAY_CLOSED
    }


# -- complaint (59-FZ), rating, wrong_info -------------------------------------------------


def test_a_complaint_that_wants_an_answer_needs_a_name_an_address_and_consent():
    form = {"agency": "kcson-perm", "text": "Жалоба", "answer": True}
    assert msgids(check("complaint", form)) == {
        "name": v.REQUIRED,
        "reply_by": v.REQUIRED,
        "reply_to": v.REQUIRED,
        "consent": v.CONSENT_NEEDED,
    }


def test_an_anonymous_complaint_without_an_answer_needs_no_consent():
    form = {"agency": "kcson-perm", "text": "Жалоба", "answer": False}
    assert check("complaint", form).ok


def test_a_complaint_without_an_answer_keeps_no_address():
    form = {**GOOD["complaint"], "answer": False}
    assert msgids(check("complaint", form)) == {
        "reply_by": v.ADDRESS_UNNEEDED,
        "reply_to": v.ADDRESS_UNNEEDED,
    }


def test_a_named_complaint_without_an_answer_needs_consent():
    form = {"agency": "kcson-perm", "text": "Жалоба", "answer": False, "name": "Мария"}
    assert msgids(check("complaint", form)) == {"consent": v.CONSENT_NEEDED}


@pytest.mark.parametrize("address", ["maria@", "maria example.org", "@example.org", "a@b"])
def test_an_email_reply_address_must_look_like_one(address):
    form = {**GOOD["complaint"], "reply_to": address}
    assert msgids(check("complaint", form)) == {"reply_to": v.EMAIL}


def test_a_postal_reply_address_is_free_text():
    form = {**GOOD["complaint"], "reply_by": "post", "reply_to": "614000, Пермь, ул. Ленина, 1"}
    assert check("complaint", form).ok


@pytest.mark.parametrize("score", [0, 6, -1, True, "5", 4.0, None])
def test_scores_are_whole_numbers_from_1_to_5(score):
    problems = msgids(check("rating", {**GOOD["rating"], "staff": score}))
    assert problems == {"staff": v.REQUIRED if score is None else v.SCORE}


def test_wrong_information_other_needs_a_text():
    form = {"listing": "service", "listing_id": "child-allowance", "wrong": "other"}
    assert msgids(check("wrong_info", form)) == {"text": v.REQUIRED}
    assert check("wrong_info", {**form, "wrong": "link"}).ok


# -- anything at all -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fields", "problems"),
    [
        ("parcel", {}, {FORM: v.UNKNOWN_KIND}),
        (None, {}, {FORM: v.UNKNOWN_KIND}),
        ("rating", ["agency"], {FORM: v.NOT_A_FORM}),
        ("rating", None, {FORM: v.NOT_A_FORM}),
        ("wrong_info", {"listing": "event", "listing_id": "x", "wrong": "phone", "extra": 1},
         {"extra": v.UNKNOWN}),
        ("wrong_info", {"listing": "event", "listing_id": "x", "wrong": "phone", 7: 1},
         {FORM: v.UNKNOWN}),
        ("wrong_info", {"listing": "event", "listing_id": "X Y", "wrong": "phone"},
         {"listing_id": v.WRONG_VALUE}),
        ("wrong_info", {"listing": "event", "listing_id": ["x"], "wrong": "phone"},
         {"listing_id": v.WRONG_VALUE}),
        ("complaint", {"agency": "a", "text": "t", "answer": "yes"}, {"answer": v.WRONG_VALUE}),
        ("about_me", {**GOOD["about_me"], "household": "жена"}, {"household": v.WRONG_VALUE}),
        ("about_me", {**GOOD["about_me"], "household": [1]}, {"household": v.WRONG_VALUE}),
        ("about_me", {**GOOD["about_me"], "help": 12}, {"help": v.WRONG_VALUE}),
    ],
)  # fmt: skip
def test_anything_else_is_told_never_raised(kind, fields, problems):
    assert msgids(check(kind, fields)) == problems


def test_a_problem_never_holds_what_was_typed():
    secret = "Тайна" * 500
    form = {**GOOD["about_me"], "help": secret + "\x00", "name": secret, "phone": secret}
    checked = check("about_me", form)
    assert set(checked.problems) == {"help", "name", "phone"}
    assert "Тайна" not in repr(checked.problems) and "Тайна" not in repr(checked)


# -- forms typed as name=value (kiosk request) -----------------------------------------------


def test_a_form_from_name_value_texts_is_typed_as_its_kind_wants():
    pairs = [
        ("agency", "kcson-perm"),
        ("location", "kcson-perm-lenin"),
        ("waiting", "5"),
        ("staff", " 4 "),
        ("comfort", "3"),
        ("duration", "2"),
        ("information", "1"),
        ("comment", "5"),
    ]
    form = v.from_texts("rating", pairs)
    assert form["waiting"] == 5 and form["staff"] == 4 and form["comment"] == "5"
    assert check("rating", form).ok


def test_flags_and_lists_from_texts_and_what_does_not_convert_is_told():
    pairs = [("name", "Пётр"), ("phone", "89123456789"), ("help", "Помощь"), ("consent", "да")]
    pairs += [("household", "жена"), ("household", "сын, 7 лет")]
    form = v.from_texts("about_me", pairs)
    assert form["consent"] is True and form["household"] == ["жена", "сын, 7 лет"]
    assert check("about_me", form).ok
    assert v.from_texts("complaint", [("answer", "no")])["answer"] is False
    bad = v.from_texts("rating", [("waiting", "пять"), ("staff", "٥"), ("extra", "1")])
    assert bad == {"waiting": "пять", "staff": "٥", "extra": "1"}
    assert msgids(check("rating", bad))["waiting"] == v.SCORE
    assert v.from_texts("parcel", [("a", "b")]) == {"a": "b"}
