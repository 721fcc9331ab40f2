"""The request forms (issue 17) through the real app: typed on its own keys, sent, sealed.

A visitor opens a form from an agency's or a service's page, types on the on-screen keyboard
and the digit pad, chooses, agrees and sends; the confirmation shows the reference, and the
outbox (the test's data folder) holds one more sealed submission, which the demo office's
private key opens to every field as typed. Bad input is told beside its field and nothing
is queued; Back wipes the draft.
"""

from __future__ import annotations

import json
from base64 import b64decode
from pathlib import Path

import pytest
from nacl.public import PrivateKey, SealedBox

from kiosk.adapters.outbox import Outbox
from kiosk.app.headless import buttons, texts

DEMO_KEY = Path(__file__).parents[2] / "content" / "demo-inbox.key"


@pytest.fixture
def outbox(terminal_data):
    return Outbox(terminal_data)


def opened(submission) -> dict:
    key = PrivateKey(b64decode(DEMO_KEY.read_text().strip()))
    return json.loads(SealedBox(key).decrypt(submission.sealed))


def open_form(kiosk, screen: str, key: str, title: str):
    kiosk.app.controllers.navigator.open(screen, key)
    kiosk.settle()
    (button,) = [b for b in buttons(kiosk.screen, "RequestButton") if b.text == title]
    kiosk.tap(button)
    assert kiosk.screen.name == "request_form"
    return kiosk.screen


def type_in(kiosk, form, name: str, text: str) -> None:
    """Touch the field, then its letters on the on-screen keyboard."""
    kiosk.tap(form.field(name).input)
    assert form.pad == "keys"
    for char in text:
        kind = "space" if char == " " else "char"
        (key,) = [
            k
            for k in buttons(form.ids.keyboard, "KeyButton")
            if k.key.kind == kind and (kind == "space" or k.key.text == char)
        ]
        kiosk.tap(key)


def dial(kiosk, form, digits: str) -> None:
    kiosk.tap(form.field("phone").input)
    assert form.pad == "digits"
    pad = {key.text: key for key in buttons(form.ids.digits, "DigitKey")}
    for digit in digits:
        kiosk.tap(pad[digit])


def choose(kiosk, form, name: str, value) -> None:
    (chip,) = [c for c in buttons(form.field(name), "FormChip") if c.choice == value]
    kiosk.tap(chip)


def send(kiosk, form) -> None:
    kiosk.tap(form.ids.send)


def the_new_one(outbox, before: int) -> dict:
    pending = outbox.pending(limit=10_000)
    assert len(pending) == before + 1
    return opened(pending[-1])


def test_a_callback_typed_on_the_keys_is_sealed_as_typed(kiosk, outbox):
    before = len(outbox.pending(limit=10_000))
    form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
    assert "2 рабочих дней" in form.lead  # the pack's call_back_within_days for the МФЦ
    type_in(kiosk, form, "topic", "пенсия по старости")
    choose(kiosk, form, "mode", "callback")
    type_in(kiosk, form, "name", "анна")
    dial(kiosk, form, "3421234567")
    assert form.field("phone").input.text == "+7 (342) 123-45-67"
    choose(kiosk, form, "consent", True)
    send(kiosk, form)

    assert kiosk.screen.name == "request_sent"
    envelope = the_new_one(outbox, before)
    assert envelope["kind"] == "callback"
    assert envelope["fields"] == {
        "agency": "mfc-perm",
        "topic": "пенсия по старости",
        "mode": "callback",
        "name": "анна",
        "phone": "+73421234567",
        "consent": True,
    }
    sent = kiosk.screen
    assert sent.reference == envelope["reference"]
    assert sent.ids.reference.text == " - ".join(
        " ".join(g) for g in envelope["reference"].split("-")
    )
    spoken = sent.spoken_text()
    assert ", ".join(envelope["reference"][:4]) in spoken  # read out symbol by symbol
    assert "2 рабочих дней" in sent.next_steps
    assert kiosk.app.controllers.requests.draft is None  # wiped once sent
    kiosk.tap(sent.ids.done)
    assert kiosk.screen.name == "home"


def test_a_rating_sends_the_five_scores_and_the_comment(kiosk, outbox):
    before = len(outbox.pending(limit=10_000))
    form = open_form(kiosk, "agency", "mfc-perm", "Оценить качество услуги")
    assert form.field("consent") is None and form.field("name") is None  # no personal data
    scores = {"waiting": 2, "staff": 5, "comfort": 4, "duration": 3, "information": 1}
    for criterion, score in scores.items():
        choose(kiosk, form, criterion, score)
    if form.field("location") is not None:  # an agency of several offices: the first
        kiosk.tap(buttons(form.field("location"), "WideChip")[0])
    type_in(kiosk, form, "comment", "долго ждала")
    send(kiosk, form)

    assert kiosk.screen.name == "request_sent", kiosk.app.controllers.requests.problems()
    fields = the_new_one(outbox, before)["fields"]
    assert {name: fields[name] for name in scores} == scores
    assert fields["comment"] == "долго ждала" and fields["agency"] == "mfc-perm"
    assert "consent" not in fields and "name" not in fields


def test_a_wrong_information_report_from_a_service_page(kiosk, outbox):
    before = len(outbox.pending(limit=10_000))
    service = kiosk.app.controllers.packs.pack.services_in_category(
        kiosk.app.controllers.packs.pack.categories()[0]["id"]
    )[0]["id"]
    form = open_form(kiosk, "service", service, "Сообщить об ошибке")
    choose(kiosk, form, "wrong", "hours")
    type_in(kiosk, form, "text", "закрыто по субботам")
    send(kiosk, form)

    assert kiosk.screen.name == "request_sent"
    envelope = the_new_one(outbox, before)
    assert envelope["kind"] == "wrong_info"
    assert envelope["fields"] == {
        "listing": "service",
        "listing_id": service,
        "wrong": "hours",
        "text": "закрыто по субботам",
    }


def test_bad_input_is_told_beside_each_field_and_nothing_is_queued(kiosk, outbox):
    from attached_keyboard import text_only, type_keys

    before = len(outbox.pending(limit=10_000))
    kiosk.tap(kiosk.screen.ids.about_me)
    form = kiosk.screen
    assert form.name == "request_form"
    type_in(kiosk, form, "name", "иван")
    # A keyboard plugged into the terminal: the phone takes its digits only (not enough of
    # them), and an input method may send an invisible character.
    kiosk.tap(form.field("phone").input)
    type_keys(kiosk, "8 девятьсот")
    assert form.field("phone").input.text == "+7 (8"
    kiosk.tap(form.field("help").input)
    text_only(kiosk, "нужна\u200bсиделка")
    send(kiosk, form)

    assert kiosk.screen.name == "request_form"
    assert len(outbox.pending(limit=10_000)) == before
    assert "+7 и 10 цифр" in form.field("phone").problem
    assert "невидимый или управляющий символ (знак 6)" in form.field("help").problem
    assert "согласие" in form.field("consent").problem
    assert form.field("name").problem == ""
    shown = texts(form)
    assert form.field("phone").problem in shown  # on the screen, not only in a property


def test_back_wipes_the_draft(kiosk):
    form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
    type_in(kiosk, form, "topic", "жильё")
    assert kiosk.app.controllers.requests.draft.fields["topic"] == "жильё"
    typed_into = form.field("topic").input
    kiosk.tap(kiosk.app.root.ids.nav.ids["back"])
    assert kiosk.screen.name == "agency"
    assert kiosk.app.controllers.requests.draft is None
    assert typed_into.text == "" and not form.ids.fields.children  # no copy left behind
    form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
    assert form.field("topic").input.text == ""


def test_another_language_keeps_what_was_typed_and_chosen(kiosk):
    form = open_form(kiosk, "agency", "mfc-perm", "Заказать обратный звонок")
    type_in(kiosk, form, "topic", "жильё")
    choose(kiosk, form, "mode", "online")
    kiosk.app.controllers.visit.set_language("en")
    kiosk.settle()
    assert kiosk.screen is form and form.title == "Ask for a callback"
    assert form.field("topic").input.text == "жильё"
    (chosen,) = [c for c in buttons(form.field("mode"), "FormChip") if c.state == "down"]
    assert chosen.choice == "online" and chosen.text == "Online consultation"


# -- a service that several organisations provide --------------------------------------------

SHARED_SERVICE = "home-social-services"
"""In the demo pack: the social service centre (КЦСОН, one office), the ministry (four
offices) and the МФЦ (seven) provide it, and all three take every kind of request."""


def agency_chips(form) -> list:
    return buttons(form.field("agency"), "WideChip")


def test_a_service_several_organisations_provide_asks_which_one_first(kiosk, outbox):
    from kivy.metrics import dp

    before = len(outbox.pending(limit=10_000))
    kiosk.app.controllers.navigator.open("service", SHARED_SERVICE)
    kiosk.settle()
    titles = [b.text for b in buttons(kiosk.screen, "RequestButton")]
    assert titles.count("Заказать обратный звонок") == 1  # one button a kind

    form = open_form(kiosk, "service", SHARED_SERVICE, "Заказать обратный звонок")
    assert form.ids.fields.children[-1] is form.field("agency")  # asked first
    chips = agency_chips(form)
    assert [(c.choice, c.text) for c in chips] == [
        ("kcson-perm", "Центр соцобслуживания (КЦСОН)"),
        ("minsoc-perm", "Минтруда Прикамья (соцзащита)"),
        ("mfc-perm", "МФЦ «Мои документы»"),
    ]
    assert all(c.state == "normal" for c in chips)  # nobody chose for the citizen
    assert all(c.height >= dp(64) and c.width > form.ids.fields.width * 0.9 for c in chips)
    assert form.lead == "Сотрудники выбранной организации позвонят вам."

    send(kiosk, form)  # without choosing: told beside the choice, nothing queued
    assert form.field("agency").problem == "Заполните это поле"
    assert len(outbox.pending(limit=10_000)) == before

    choose_agency(kiosk, form, "mfc-perm")
    assert "в течение 2 рабочих дней" in form.lead  # the МФЦ's own term
    assert form.field("agency").problem == ""
    type_in(kiosk, form, "topic", "уход за мамой")
    choose(kiosk, form, "mode", "callback")
    type_in(kiosk, form, "name", "вера")
    dial(kiosk, form, "3421234567")
    choose(kiosk, form, "consent", True)
    send(kiosk, form)

    assert kiosk.screen.name == "request_sent", kiosk.app.controllers.requests.problems()
    fields = the_new_one(outbox, before)["fields"]
    assert fields["agency"] == "mfc-perm" and fields["topic"] == "уход за мамой"


def choose_agency(kiosk, form, agency: str) -> None:
    (chip,) = [c for c in agency_chips(form) if c.choice == agency]
    kiosk.tap(chip)
    assert chip.state == "down"


def test_another_organisation_chosen_offers_its_own_offices(kiosk, outbox):
    before = len(outbox.pending(limit=10_000))
    form = open_form(kiosk, "service", SHARED_SERVICE, "Оценить качество услуги")
    assert form.field("location") is None  # whose offices? not known yet
    choose_agency(kiosk, form, "mfc-perm")
    offices = buttons(form.field("location"), "WideChip")
    assert len(offices) == 7 and {o.choice for o in offices} >= {"mfc-perm-kungur"}
    (kungur,) = [o for o in offices if o.choice == "mfc-perm-kungur"]
    kiosk.tap(kungur)
    assert kiosk.app.controllers.requests.draft.fields["location"] == "mfc-perm-kungur"

    choose_agency(kiosk, form, "minsoc-perm")
    assert "location" not in kiosk.app.controllers.requests.draft.fields  # the МФЦ's office
    offices = buttons(form.field("location"), "WideChip")
    assert [o.choice for o in offices][0] == "minsoc-perm-tu-perm" and len(offices) == 4
    assert all(o.state == "normal" for o in offices)

    choose_agency(kiosk, form, "kcson-perm")  # one office: no question
    assert form.field("location") is None
    for criterion in ("waiting", "staff", "comfort", "duration", "information"):
        choose(kiosk, form, criterion, 4)
    send(kiosk, form)

    assert kiosk.screen.name == "request_sent", kiosk.app.controllers.requests.problems()
    fields = the_new_one(outbox, before)["fields"]
    assert (fields["agency"], fields["location"], fields["service"]) == (
        "kcson-perm",
        "kcson-perm-perm",
        SHARED_SERVICE,
    )


def test_a_service_only_one_organisation_takes_requests_for_asks_nothing(kiosk):
    # The Social Fund and the МФЦ provide it; only the МФЦ takes requests at the terminal.
    form = open_form(kiosk, "service", "child-birth-grant", "Заказать обратный звонок")
    assert form.field("agency") is None
    assert "в течение 2 рабочих дней" in form.lead
    assert kiosk.app.controllers.requests.draft.fields["agency"] == "mfc-perm"
