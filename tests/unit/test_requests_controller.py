"""The request forms' controller, Kivy-free, over the real demo pack (built from its sources,
with hours given to one office and a one-day call-back to one agency) and an outbox in
memory: every kind is checked, sealed and queued, and opens with the office's private key
to the envelope with every field as typed; a form with problems, or a disk that refuses
it, keeps the draft and queues nothing; Back, Home and the idle reset wipe the draft.
"""

from __future__ import annotations

import base64
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from random import Random
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from factories import with_office_hours
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey, SealedBox

from content.model import RequestSettings
from content.pack.reader import open_pack
from kiosk.adapters.outbox import OutboxUnavailable
from kiosk.core.config import Config
from kiosk.core.controllers import build_controllers
from kiosk.core.controllers import requests as module
from kiosk.core.controllers.ports import OutboxRefused
from kiosk.core.controllers.requests import RequestsController, Sent
from kiosk.core.requests import FORM, KINDS, read_envelope, schema
from kiosk.core.requests import validation as v

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "content" / "demo"
PRIVATE_KEY = PrivateKey(base64.b64decode((ROOT / "content" / "demo-inbox.key").read_text()))
PERM = ZoneInfo("Asia/Yekaterinburg")
NOW = datetime(2026, 12, 7, 10, 30, 15, 999, tzinfo=PERM)
"""A Monday morning in Perm: 05:30:15 UTC."""

LONG = ("Ёжик в тумане 🦔 " * 200)[:2000]
"""2,000 characters: Cyrillic, emoji (one code point each), spaces."""
FAMILY = "Семья 👨‍👩‍👧 и многострочный\nтекст, «кавычки» — тире"

FORMS = {
    "appointment": {
        "service": "gosuslugi-account",
        "location": "mfc-perm-perm",
        "agency": "mfc-perm",
        "day": "2026-12-08",
        "part_of_day": "morning",
        "name": "Иванова Мария Петровна 🌷",
        "phone": "8 (912) 345-67-89",
        "consent": True,
    },
    "callback": {
        "topic": "Пособие на ребёнка 🙂",
        "agency": "kcson-perm",
        "mode": "online",
        "name": "Анна Ёлкина",
        "phone": "+7 912 345 67 89",
        "consent": True,
    },
    "rating": {
        "agency": "kcson-perm",
        "location": "kcson-perm-perm",
        "service": "home-social-services",
        "waiting": 5,
        "staff": 4,
        "comfort": 3,
        "duration": 2,
        "information": 1,
        "comment": LONG,
    },
    "complaint": {
        "agency": "czn-perm",
        "location": "czn-perm-perm",
        "text": FAMILY,
        "answer": True,
        "name": "Пётр Сидоров",
        "reply_by": "email",
        "reply_to": "petr@example.ru",
        "consent": True,
    },
    "wrong_info": {
        "listing": "service",
        "listing_id": "gosuslugi-account",
        "wrong": "other",
        "text": "Телефон изменился 📞",
    },
    "about_me": {
        "name": "Мария",
        "phone": "9123456789",
        "district": "perm",
        "household": ["муж, 40 лет", "сын 👦, 7 лет"],
        "help": LONG,
        "consent": True,
    },
}
"""A complete form of each kind, with the demo pack's ids."""

SENT_AS = {"phone": "+79123456789"}
"""What the model normalises (the rest is sent exactly as typed)."""


class MemoryOutbox:
    """The outbox port in memory: what `add` stored, in order."""

    def __init__(self):
        self.rows: list[tuple[str, str, str, str, bytes]] = []

    def add(self, submission_id, reference, kind, created, sealed):
        if all(row[0] != submission_id for row in self.rows):
            self.rows.append((submission_id, reference, kind, created, bytes(sealed)))

    def opened(self, index: int = -1):
        """The envelope of a stored row, opened with the office's private key."""
        return read_envelope(SealedBox(PRIVATE_KEY).decrypt(self.rows[index][4]))


class RefusingOutbox:
    """A disk that refuses the write: the adapter's own error, with its cause."""

    def __init__(self, cause: str):
        self.cause = cause
        self.calls = 0

    def add(self, *args):
        self.calls += 1
        raise OutboxUnavailable(f"the outbox cannot be written ({self.cause})", self.cause)


@pytest.fixture(scope="module")
def pack_path(tmp_path_factory) -> Path:
    """The demo pack with the MFC's Perm office receiving on weekday mornings, its
    Berezniki office without hours, and the social services centre calling back within one
    working day."""
    from content.publisher.build import build_pack

    source = tmp_path_factory.mktemp("demo") / "demo"
    shutil.copytree(DEMO, source)
    mfc = source / "agencies" / "mfc-perm.yaml"
    text = mfc.read_text("utf-8")
    text = with_office_hours(text, "mfc-perm-perm", "      mo-fr: 09:00-12:00\n")
    # and one office whose hours the pack does not give
    mfc.write_text(with_office_hours(text, "mfc-perm-berezniki", None), "utf-8")
    kcson = source / "agencies" / "kcson-perm.yaml"
    kcson.write_text(
        kcson.read_text("utf-8").replace("call_back_within_days: 3", "call_back_within_days: 1"),
        "utf-8",
    )
    out = tmp_path_factory.mktemp("packs") / "pack.sqlite"
    build_pack(source, out)
    return out


@pytest.fixture(scope="module")
def pack(pack_path):
    with open_pack(pack_path) as opened:
        yield opened


def controller(pack, outbox=None, *, lang="ru", seed=1, now=NOW) -> RequestsController:
    random = Random(seed)
    return RequestsController(
        pack,
        outbox=outbox if outbox is not None else MemoryOutbox(),
        clock_now=lambda: now,
        token_bytes=random.randbytes,
        terminal="perm-01",
        lang=lambda: lang,
    )


def fill(requests: RequestsController, kind: str, form: dict | None = None) -> None:
    requests.start(kind)
    for name, value in (FORMS[kind] if form is None else form).items():
        requests.set(name, value)


# -- what the pages offer ------------------------------------------------------------------


def test_an_agency_offers_its_kinds_in_the_packs_order_and_wrong_info_last(pack):
    requests = controller(pack)
    assert requests.kinds_for_agency("czn-perm") == [
        "callback",
        "complaint",
        "rating",
        "wrong_info",
    ]
    assert requests.kinds_for_agency("no-such-agency") == ["wrong_info"]
    assert requests.can_report()


def test_a_pack_without_the_office_s_key_offers_nothing_and_sends_nothing():
    outbox = MemoryOutbox()
    pack = SimpleNamespace(
        takes_requests=False,
        request_settings=lambda agency: RequestSettings(),
        location=lambda location: None,
        meta=SimpleNamespace(consent=None, inbox_public_key=None),
    )
    requests = controller(pack, outbox)
    assert requests.kinds_for_agency("mfc-perm") == [] and not requests.can_report()
    assert requests.consent_text() is None
    fill(requests, "rating", {k: FORMS["rating"][k] for k in ("waiting", "staff", "comfort")})
    assert requests.submit() is None
    assert requests.problems()[FORM].msgid == module.NO_REQUESTS and outbox.rows == []


def test_the_consent_text_is_the_packs_in_the_visitors_language(pack):
    ru, en = controller(pack, lang="ru").consent_text(), controller(pack, lang="en").consent_text()
    assert [part for part, _text in ru] == [
        "operator",
        "purpose",
        "data",
        "retention",
        "withdrawal",
    ]
    assert ru[0][1].startswith("Оператор персональных данных")
    assert en[0][1].startswith("The operator of your personal data")


# -- sending -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_sealed_queued_and_opens_to_the_fields_as_typed(pack, kind):
    outbox = MemoryOutbox()
    requests = controller(pack, outbox, lang="en")
    fill(requests, kind)
    assert requests.problems() == {}

    sent = requests.submit()

    assert isinstance(sent, Sent) and sent.kind == kind
    assert sent.created == datetime(2026, 12, 7, 5, 30, 15, tzinfo=UTC)
    assert requests.draft is None  # wiped once queued
    ((submission_id, reference, queued_kind, created, sealed),) = outbox.rows
    assert (reference, queued_kind, created) == (sent.reference, kind, "2026-12-07T05:30:15Z")
    assert submission_id == sent.submission_id
    envelope = outbox.opened()
    assert (envelope.id, envelope.reference, envelope.kind) == (submission_id, reference, kind)
    assert (envelope.terminal, envelope.lang) == ("perm-01", "en")
    assert (envelope.pack_id, envelope.pack_version) == (pack.meta.pack_id, pack.meta.version)
    assert envelope.fields == {
        name: SENT_AS.get(name, value) for name, value in FORMS[kind].items()
    }
    assert envelope.path == f"{kind}/2026-12-07/{submission_id}.sealed"
    # The sealed bytes hold nothing readable.
    for value in FORMS[kind].values():
        if isinstance(value, str) and len(value) > 3:
            assert value.encode() not in sealed


def test_the_envelope_is_what_the_schema_takes(pack):
    jsonschema = pytest.importorskip("jsonschema")
    import json

    outbox = MemoryOutbox()
    for kind in KINDS:
        requests = controller(pack, outbox)
        fill(requests, kind)
        assert requests.submit() is not None
        plaintext = SealedBox(PRIVATE_KEY).decrypt(outbox.rows[-1][4])
        jsonschema.validate(json.loads(plaintext), schema())


NEXT_STEPS = [
    ("appointment", {}, module.NEXT_APPOINTMENT, {"days": 2}),  # the MFC: two days
    ("callback", {}, module.NEXT_CALLBACK_1, {"days": 1}),  # the centre: one day
    ("callback", {"agency": "czn-perm"}, module.NEXT_CALLBACK, {"days": 3}),
    ("complaint", {}, module.NEXT_COMPLAINT_ANSWERED, {"days": 30}),
    (
        "complaint",
        {"answer": False, "name": None, "reply_by": None, "reply_to": None, "consent": None},
        module.NEXT_COMPLAINT_UNANSWERED,
        {},
    ),
    ("rating", {}, module.NEXT_RATING, {}),
    ("wrong_info", {}, module.NEXT_WRONG_INFO, {}),
    ("about_me", {}, module.NEXT_ABOUT_ME, {}),
]


@pytest.mark.parametrize("kind, change, msgid, params", NEXT_STEPS)
def test_the_confirmation_says_what_happens_next_and_by_when(pack, kind, change, msgid, params):
    requests = controller(pack)
    fill(requests, kind)
    for name, value in change.items():
        requests.set(name, value)
    sent = requests.submit()
    assert sent is not None, requests.problems()
    assert sent.next_steps == (msgid, params)
    assert "{" not in msgid.format(**params)  # every parameter given


def test_an_appointment_at_an_office_that_takes_none_is_refused(pack):
    outbox = MemoryOutbox()
    requests = controller(pack, outbox)
    form = dict(FORMS["appointment"], agency="czn-perm", location="czn-perm-perm")
    fill(requests, "appointment", form)
    assert requests.submit() is None
    assert requests.problems()[FORM].msgid == module.NOT_TAKEN
    assert outbox.rows == [] and requests.draft is not None


@pytest.mark.parametrize(
    "change, field",
    [
        ({"location": "czn-perm-perm"}, "location"),  # an office of another agency
        ({"location": "no-such-office"}, "location"),
        ({"service": "no-such-service"}, "service"),
    ],
)
def test_ids_the_pack_does_not_have_are_told_at_their_field(pack, change, field):
    requests = controller(pack)
    fill(requests, "rating", dict(FORMS["rating"], **change))
    assert requests.problems()[field].msgid == v.WRONG_VALUE
    assert requests.submit() is None


def test_a_report_on_a_listing_the_pack_lacks_or_a_district_it_lacks_is_refused(pack):
    requests = controller(pack)
    fill(requests, "wrong_info", dict(FORMS["wrong_info"], listing="event"))
    assert set(requests.problems()) == {"listing_id"}
    requests.set("listing", "service")
    assert requests.problems() == {}
    fill(requests, "about_me", dict(FORMS["about_me"], district="atlantis"))
    assert set(requests.problems()) == {"district"}


# -- problems keep the draft ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name, value, msgid",
    [
        ("phone", "+7 912 ABC-45-67", v.PHONE_LETTERS),
        ("name", "x" * 101, v.TOO_LONG),
        ("name", "Мария\u202eРадио", v.HIDDEN),
        ("name", None, v.REQUIRED),
        ("consent", None, v.CONSENT_NEEDED),
        ("topic", "паспорт серия 57 12 номер 345678", v.ID_DOCUMENT),
    ],
)
def test_a_form_with_a_problem_queues_nothing_and_keeps_the_draft(pack, name, value, msgid):
    outbox = MemoryOutbox()
    requests = controller(pack, outbox)
    fill(requests, "callback")
    requests.set(name, value)

    assert requests.submit() is None

    assert requests.problems()[name].msgid == msgid
    assert outbox.rows == []
    assert requests.draft.fields["mode"] == "online"
    requests.set(name, FORMS["callback"][name])  # told beside the field, fixed, sent
    assert requests.submit() is not None and len(outbox.rows) == 1


@pytest.mark.parametrize(
    "day, part, field, msgid",
    [
        ("2026-12-12", "morning", "day", v.DAY_CLOSED),  # a Saturday
        ("2026-12-07", "morning", "day", v.DAY_OUTSIDE),  # today
        ("2026-12-22", "morning", "day", v.DAY_OUTSIDE),  # over two weeks ahead
        ("2026-12-08", "afternoon", "part_of_day", v.PART_CLOSED),  # closed from noon
    ],
)
def test_an_appointment_is_checked_against_the_offices_hours(pack, day, part, field, msgid):
    outbox = MemoryOutbox()
    requests = controller(pack, outbox)
    fill(requests, "appointment", dict(FORMS["appointment"], day=day, part_of_day=part))
    assert requests.submit() is None
    assert requests.problems()[field].msgid == msgid and outbox.rows == []


def test_the_reception_is_the_offices_days_and_parts_of_day(pack):
    requests = controller(pack)
    requests.start("appointment", agency="mfc-perm", service="gosuslugi-account")
    assert requests.reception() is None  # no office chosen yet
    requests.set("location", "mfc-perm-perm")
    reception = requests.reception()
    assert reception.today == date(2026, 12, 7)
    assert reception.days()[:5] == [date(2026, 12, d) for d in (8, 9, 10, 11, 14)]
    assert reception.parts_of_day(date(2026, 12, 8)) == ("morning",)
    # An office whose hours the pack does not list: any day of the window, either part.
    requests.set("location", "mfc-perm-berezniki")
    assert len(requests.reception().days()) == 14
    assert requests.reception().parts_of_day(date(2026, 12, 13)) == ("morning", "afternoon")
    requests.start("callback", agency="mfc-perm")
    assert requests.reception() is None


def test_today_is_the_terminals_local_date(pack):
    # 23:30 UTC on the 7th is the 8th in Perm: the 8th is not a day one may ask for.
    late = datetime(2026, 12, 7, 23, 30, tzinfo=UTC).astimezone(PERM)
    requests = controller(pack, now=late)
    fill(requests, "appointment")
    assert requests.problems()["day"].msgid == v.DAY_OUTSIDE
    assert requests.reception().today == date(2026, 12, 8)


# -- the disk refuses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "cause, msgid",
    [
        ("full", module.DISK_FULL),
        ("read_only", module.DISK_REFUSED),
        ("permission", module.DISK_REFUSED),
        ("other", module.DISK_REFUSED),
    ],
)
def test_a_disk_that_refuses_the_form_is_said_in_plain_words(pack, cause, msgid):
    outbox = RefusingOutbox(cause)
    requests = controller(pack, outbox)
    fill(requests, "about_me")

    assert requests.submit() is None

    assert outbox.calls == 1
    problem = requests.problems()[FORM]
    assert problem.msgid == msgid
    assert set(requests.problems()) == {FORM}  # the form itself is fine
    assert "Ничего не отправлено" in problem.text()  # plain words, no path, no SQLite
    assert requests.draft.fields["name"] == "Мария"  # kept, to try again
    requests.set("name", "Мария")  # a change: the refusal is of the last try only
    assert FORM not in requests.problems()


def test_the_core_port_error_is_what_the_adapter_raises():
    assert issubclass(OutboxUnavailable, OutboxRefused)
    assert OutboxUnavailable("the disk is full", "full").cause == "full"


def test_nothing_typed_is_in_a_repr_a_problem_or_a_refusal(pack):
    requests = controller(pack, RefusingOutbox("full"))
    fill(requests, "about_me", dict(FORMS["about_me"], phone="+7 912 ABC"))
    shown = repr(requests.draft) + repr(requests.problems())
    requests.set("phone", FORMS["about_me"]["phone"])
    requests.submit()
    shown += repr(requests.draft) + repr(requests.problems())
    for value in ("Мария", "ABC", "муж", "Ёжик", "912"):
        assert value not in shown


# -- forgetting ----------------------------------------------------------------------------


def test_forget_wipes_the_draft(pack):
    requests = controller(pack)
    fill(requests, "about_me")
    fields = requests.draft.fields
    requests.forget()
    assert requests.draft is None and fields == {}
    with pytest.raises(RuntimeError):
        requests.set("name", "Мария")


def test_a_new_form_starts_empty_with_the_pages_ids(pack):
    requests = controller(pack)
    fill(requests, "about_me")
    requests.start("wrong_info", listing="agency", listing_id="mfc-perm", agency="mfc-perm")
    assert requests.draft.fields == {"listing": "agency", "listing_id": "mfc-perm"}
    assert requests.draft.context["agency"] == "mfc-perm"
    with pytest.raises(ValueError):
        requests.start("wrong_info", phone="+79123456789")
    with pytest.raises(ValueError):
        requests.start("letter")
    requests.start("rating", agency="kcson-perm")
    with pytest.raises(ValueError):
        requests.set("phone", "+79123456789")  # the rating has no such field


class Store:
    def __init__(self, root: Path):
        self.pack_dir = root / "pack"
        self.current = self.pack_dir / "current.sqlite"


@pytest.fixture
def terminal(pack, tmp_path):
    outbox = MemoryOutbox()
    controllers = build_controllers(
        pack,
        Config(languages=("ru", "en")),
        store=Store(tmp_path),
        desk=SimpleNamespace(cancel_all=lambda: None),
        speaker=SimpleNamespace(available=False, speaking=False, stop=lambda: None),
        printouts=None,
        outbox=outbox,
        terminal="perm-07",
        now=lambda: NOW,
        token_bytes=Random(3).randbytes,
    )
    return SimpleNamespace(c=controllers, outbox=outbox)


@pytest.mark.parametrize("leave", ["back", "home", "reset"])
def test_back_home_and_the_idle_reset_wipe_the_draft(terminal, leave):
    c = terminal.c
    c.visit.start()
    c.navigator.open("service", "gosuslugi-account")
    c.navigator.open("request_form", "callback")
    fill(c.requests, "callback")
    fields = c.requests.draft.fields

    {"back": c.navigator.back, "home": c.navigator.home, "reset": c.visit.reset}[leave]()

    assert c.requests.draft is None and fields == {}


def test_the_app_s_controllers_send_with_the_visits_language_and_the_terminal_id(terminal):
    c = terminal.c
    c.visit.set_language("en")
    fill(c.requests, "rating")
    assert c.requests.submit() is not None
    envelope = terminal.outbox.opened()
    assert (envelope.lang, envelope.terminal) == ("en", "perm-07")


def test_controllers_without_an_outbox_refuse_every_form(pack, tmp_path):
    controllers = build_controllers(
        pack,
        Config(),
        store=Store(tmp_path),
        desk=SimpleNamespace(),
        speaker=SimpleNamespace(),
        printouts=None,
    )
    fill(controllers.requests, "rating")
    assert controllers.requests.submit() is None
    assert controllers.requests.problems()[FORM].msgid == module.DISK_REFUSED


# -- whatever is typed ---------------------------------------------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(["topic", "name"]),
    text=st.text(st.characters(codec="utf-8"), max_size=250),
)
def test_whatever_is_typed_is_sent_exactly_or_told_at_its_field(pack, field, text):
    outbox = MemoryOutbox()
    requests = controller(pack, outbox)
    fill(requests, "callback", dict(FORMS["callback"], **{field: text}))

    sent = requests.submit()

    if sent is None:
        assert set(requests.problems()) == {field} and outbox.rows == []
        assert requests.draft.fields.get(field) == (text or None)
    else:
        assert outbox.opened().fields[field] == text
        assert requests.draft is None


def test_a_second_tap_on_send_queues_nothing_more(pack):
    outbox = MemoryOutbox()
    requests = controller(pack, outbox)
    fill(requests, "rating")
    assert requests.submit() is not None
    assert requests.submit() is None  # the draft went with the first
    assert len(outbox.rows) == 1 and requests.problems()[FORM].msgid == v.NOT_A_FORM


def test_each_submission_has_its_own_id_and_reference(pack):
    outbox = MemoryOutbox()
    requests = controller(pack, outbox)
    for _ in range(20):
        fill(requests, "wrong_info")
        requests.submit()
    assert len({row[0] for row in outbox.rows}) == len({row[1] for row in outbox.rows}) == 20


class BreakablePack:
    """The real pack, until `broken`: then every read fails, as a damaged pack's does."""

    def __init__(self, pack):
        self._pack, self.broken = pack, False

    def __getattr__(self, name):
        if self.broken:
            raise RuntimeError("the pack is damaged")
        return getattr(self._pack, name)


@pytest.mark.parametrize("kind", ["appointment", "callback", "complaint"])
def test_once_the_outbox_has_the_form_the_confirmation_cannot_fail(pack, kind):
    breakable = BreakablePack(pack)

    class BreakingOutbox(MemoryOutbox):
        def add(self, *args):
            super().add(*args)
            breakable.broken = True  # the pack fails from the commit on

    outbox = BreakingOutbox()
    requests = controller(breakable, outbox)
    fill(requests, kind)
    sent = requests.submit()
    assert sent is not None and outbox.rows[0][1] == sent.reference


def test_a_sent_request_is_counted_by_its_kind_and_a_refused_one_not_at_all(pack):
    counted = []
    usage = SimpleNamespace(requested=counted.append)
    sends = RequestsController(
        pack,
        outbox=MemoryOutbox(),
        clock_now=lambda: NOW,
        token_bytes=Random(3).randbytes,
        terminal="perm-01",
        lang=lambda: "ru",
        usage=usage,
    )
    fill(sends, "rating")
    assert sends.submit() is not None
    refuses = RequestsController(
        pack,
        outbox=RefusingOutbox("full"),
        clock_now=lambda: NOW,
        token_bytes=Random(4).randbytes,
        terminal="perm-01",
        lang=lambda: "ru",
        usage=usage,
    )
    fill(refuses, "complaint")
    assert refuses.submit() is None
    assert counted == ["rating"]
