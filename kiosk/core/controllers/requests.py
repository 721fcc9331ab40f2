"""The submit flow of issue 17, Kivy-free: a form's draft, its problems, and sending it.

The app's request forms and `kiosk request` both go through `RequestsController`, so a
request typed at the terminal and one entered by staff are checked, sealed and queued the
same way: the request model checks the draft (with the office's reception hours for an
appointment), the envelope is made and sealed in memory with the pack's
`inbox_public_key`, and only the sealed bytes reach the outbox, committed durably before
`submit` returns the `Sent` the confirmation shows. Then the draft is wiped.

What a citizen typed lives only in `Draft.fields`, in memory: it is never logged, never in
an exception's message or a repr, and `forget` (sent, Back, Home, the idle reset) drops it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from content.model import CALLED_BACK, WEEKDAYS, OpeningHours
from content.pack.reader import Pack
from content.presentation.i18n import N_
from kiosk.core.controllers.ports import NoUsage, OutboxPort, OutboxRefused, Usage
from kiosk.core.requests import (
    FORM,
    Problem,
    Reception,
    check,
    make_envelope,
    new_reference,
    new_submission_id,
)
from kiosk.core.requests.envelope import CREATED_FORMAT, EnvelopeError
from kiosk.core.requests.kinds import (
    COMPLAINT_ANSWER_DAYS,
    CONSENT,
    KINDS,
    fields_of,
)
from kiosk.core.requests.validation import NOT_A_FORM, WRONG_VALUE
from kiosk.core.sealing import BadPublicKey, seal

CONTEXT_KEYS = ("agency", "service", "location", "listing", "listing_id")
"""What the page a form is opened from tells it: the ids it is about."""

OF_THE_AGENCY = ("location", "day", "part_of_day")
"""Fields chosen among what one agency offers (its offices, their days): another agency
chosen instead of the one they were chosen at drops them."""

HOURS_UNKNOWN = tuple(OpeningHours(weekday, "00:00", "24:00") for weekday in WEEKDAYS)
"""An office whose hours the pack does not list: any day of the window, either part of it
(a preferred day only; staff agree the time when they call back)."""

# What happens next, on the confirmation (the screen translates the msgid and formats it).
NEXT_APPOINTMENT = N_(
    "Это заявка на приём, а не запись: в течение {days} рабочих дней вам позвонят, "
    "чтобы согласовать день и время."
)
NEXT_CALLBACK = N_("В течение {days} рабочих дней с вами свяжутся по указанному телефону.")
# One working day reads differently (and MAX_CALL_BACK_DAYS is 20, so 21 never comes).
NEXT_APPOINTMENT_1 = N_(
    "Это заявка на приём, а не запись: в течение рабочего дня вам позвонят, "
    "чтобы согласовать день и время."
)
NEXT_CALLBACK_1 = N_("В течение рабочего дня с вами свяжутся по указанному телефону.")
NEXT_COMPLAINT_ANSWERED = N_(
    "Обращение будет зарегистрировано, ответ направят по указанному адресу в течение {days} дней."
)
NEXT_COMPLAINT_UNANSWERED = N_(
    "Обращение будет рассмотрено, но ответ на него не направят: вы не указали адрес для ответа."
)
NEXT_RATING = N_("Спасибо за оценку: она поможет сделать обслуживание лучше.")
NEXT_WRONG_INFO = N_("Спасибо: сотрудники проверят и исправят информацию.")
NEXT_ABOUT_ME = N_(
    "Назовите этот номер сотруднику, когда придёте: повторять всё заново не придётся."
)

# Whole-form refusals, said in plain words (the key FORM of `problems()`).
DISK_FULL = N_(
    "Отправить не получилось: на терминале закончилось место. Ничего не отправлено. "
    "Обратитесь, пожалуйста, к сотруднику."
)
DISK_REFUSED = N_(
    "Отправить не получилось: терминал не может сохранить форму. Ничего не отправлено. "
    "Обратитесь, пожалуйста, к сотруднику."
)
NOT_TAKEN = N_("Эта организация не принимает такие обращения через терминал")
NO_REQUESTS = N_("Этот терминал сейчас не принимает обращения")
NO_DRAFT = NOT_A_FORM


@dataclass
class Draft:
    """A form being filled in: its kind, the page it was opened from, and its fields."""

    kind: str
    context: dict[str, str] = field(default_factory=dict)
    """The ids the form was opened with (agency, service, location, listing, listing_id)."""
    fields: dict[str, Any] = field(default_factory=dict, repr=False)
    """As typed or chosen, in memory only; left out of the repr (no log, no traceback)."""


@dataclass(frozen=True)
class Sent:
    """What the confirmation shows: the reference, and what happens next and by when."""

    reference: str
    kind: str
    created: datetime
    """UTC, to the second: the envelope's `created`."""
    next_steps: tuple[str, dict]
    """A Russian msgid (N_) and its parameters."""
    submission_id: str = ""
    """The envelope's random id (its file name in the drop box); not for the citizen."""
    agency_id: str = ""
    location_id: str = ""
    service_id: str = ""
    """The pack's ids of what the request was about, '' where it named none: what the
    printed slip says whom to ask. Ids only: nothing the citizen typed."""


class RequestsController:
    """One draft at a time, for the form on show; see the module's docstring.

    `pack` is the open Pack, or a callable giving the pack on show (the app swaps packs
    between visitors). `clock_now` gives the terminal's local time (naive local, or with a
    time zone): its date is "today" for an appointment's days, and it is the envelope's
    `created` in UTC. `token_bytes` is the random source (`secrets.token_bytes`); `lang`
    gives the visitor's language; `usage` counts each kind sent.
    """

    def __init__(
        self,
        pack: Pack | Callable[[], Pack],
        *,
        outbox: OutboxPort,
        clock_now: Callable[[], datetime],
        token_bytes: Callable[[int], bytes],
        terminal: str,
        lang: Callable[[], str],
        usage: Usage | None = None,
    ):
        self._pack = pack if callable(pack) else (lambda: pack)
        self._outbox = outbox
        self._clock_now = clock_now
        self._token_bytes = token_bytes
        self._terminal = terminal
        self._lang = lang
        self._usage = usage or NoUsage()  # counts the requests sent, by kind: nothing more
        self.draft: Draft | None = None
        self._refused: Problem | None = None
        """Why the last submit could not be stored, until the draft changes."""

    @property
    def pack(self) -> Pack:
        return self._pack()

    # -- what the pages offer -----------------------------------------------------------

    def kinds_for_agency(self, agency_id: str) -> list[str]:
        """The forms the agency's pages offer, in the pack's order (wrong_info last); none
        if the pack takes no requests."""
        return list(self.pack.request_settings(agency_id).kinds)

    def can_report(self) -> bool:
        """Whether "Report wrong information" may be offered: the pack has the office's key."""
        return self.pack.takes_requests

    # -- the draft ----------------------------------------------------------------------

    def start(self, kind: str, **context: str) -> None:
        """A new draft of `kind`, prefilled with the ids the page gives that the form has."""
        if kind not in KINDS:
            raise ValueError(f"no form of the kind {kind!r}")
        unknown = sorted(set(context) - set(CONTEXT_KEYS))
        if unknown:
            raise ValueError(f"not a form's context: {', '.join(unknown)}")
        self.forget()
        context = {key: value for key, value in context.items() if value is not None}
        names = fields_of(kind)
        self.draft = Draft(
            kind, dict(context), {key: value for key, value in context.items() if key in names}
        )

    def set(self, name: str, value: Any) -> None:
        """A field as typed or chosen; None or "" clears it."""
        if self.draft is None:
            raise RuntimeError("no form has been started")
        if name not in fields_of(self.draft.kind) and name != CONSENT:
            raise ValueError(f"the {self.draft.kind} form has no field {name!r}")
        self._refused = None
        chosen = self.draft.fields.get("agency")
        if name == "agency" and chosen is not None and value != chosen:
            for dependent in OF_THE_AGENCY:
                self.draft.fields.pop(dependent, None)
        if value is None or value == "":
            self.draft.fields.pop(name, None)
        else:
            self.draft.fields[name] = value

    def problems(self) -> dict[str, Problem]:
        """Each field's problem ("" for the whole form); empty when the form may be sent.
        The disk's refusal of the last Send is one until the draft changes; Send again
        tries again all the same (staff may have made room)."""
        problems = self._checked()[1]
        if self._refused is not None:
            problems[FORM] = self._refused
        return problems

    def reception(self) -> Reception | None:
        """For an appointment: the days and parts of day its office receives (from the
        pack's hours; every day of the window when the pack lists none for it); None for
        other kinds, and before an office of the pack is chosen."""
        if self.draft is None or self.draft.kind != "appointment":
            return None
        location_id = self.draft.fields.get("location")
        if not isinstance(location_id, str):
            return None
        location = self.pack.location(location_id)
        if location is None:
            return None
        hours = tuple(
            OpeningHours(row["weekday"], row["opens_at"], row["closes_at"])
            for row in location["hours"]
        )
        return Reception(today=self._today(), hours=hours or HOURS_UNKNOWN)

    def consent_text(self) -> list[tuple[str, str]] | None:
        """The pack's consent to the processing of personal data, (part, text) in the
        visitor's language; None if the pack has none."""
        consent = self.pack.meta.consent
        if consent is None:
            return None
        lang = self._lang()
        return [(part, text.get(lang)) for part, text in consent.parts()]

    # -- sending ------------------------------------------------------------------------

    def submit(self) -> Sent | None:
        """Check, seal and queue the draft; the `Sent` once the outbox holds it durably,
        and the draft is wiped. None when `problems()` is not empty: nothing was queued and
        the draft is kept (a full or read-only disk is a problem of the whole form)."""
        clean, problems = self._checked()
        if problems or self.draft is None:
            return None
        pack, kind = self.pack, self.draft.kind
        submission_id = new_submission_id(self._token_bytes)
        reference = new_reference(self._token_bytes)
        created = self._clock_now().astimezone(UTC).replace(microsecond=0)
        # Everything the confirmation needs is read before the commit: once the outbox has
        # the form, nothing may fail and leave the citizen to send it again.
        next_steps = self._next_steps(pack, kind, clean)
        about = {
            f"{key}_id": str(clean.get(key) or self.draft.context.get(key) or "")
            for key in ("agency", "location", "service")
        }
        try:
            sealed = seal(
                pack.meta.inbox_public_key or "",
                make_envelope(
                    kind,
                    clean,
                    reference=reference,
                    submission_id=submission_id,
                    created=created,
                    terminal=self._terminal,
                    pack_id=pack.meta.pack_id,
                    pack_version=pack.meta.version,
                    lang=self._lang(),
                ),
            )
        except (EnvelopeError, BadPublicKey):
            # Checked above, and the pack's key when it was opened: not the citizen's fault.
            self._refused = Problem(NO_REQUESTS)
            return None
        try:
            self._outbox.add(
                submission_id, reference, kind, created.strftime(CREATED_FORMAT), sealed
            )
        except OutboxRefused as exc:
            # The cause rides along for `kiosk request`, which tells staff more than a form.
            message = DISK_FULL if exc.cause == "full" else DISK_REFUSED
            self._refused = Problem(message, {"cause": exc.cause})
            return None
        sent = Sent(reference, kind, created, next_steps, submission_id, **about)
        self._usage.requested(kind)
        self.forget()
        return sent

    def forget(self) -> None:
        """Wipe the draft: after it was sent, on Back and Home, at the idle reset."""
        if self.draft is not None:
            self.draft.fields.clear()
            self.draft.context.clear()
        self.draft = None
        self._refused = None

    # -- inside -------------------------------------------------------------------------

    def _today(self) -> date:
        # The date where the terminal is (naive local time), or in the zone given.
        return self._clock_now().date()

    def _checked(self) -> tuple[dict[str, Any], dict[str, Problem]]:
        """The fields as they would be sent, and every problem (the model's, the pack's)."""
        if self.draft is None:
            return {}, {FORM: Problem(NO_DRAFT)}
        pack, kind = self.pack, self.draft.kind
        checked = check(kind, self.draft.fields, reception=self.reception())
        problems = dict(checked.problems)
        if not pack.takes_requests:
            problems[FORM] = Problem(NO_REQUESTS)
        else:
            agency = checked.fields.get("agency")
            if agency is not None and not pack.request_settings(agency).takes(kind):
                problems.setdefault(FORM, Problem(NOT_TAKEN))
            for name in _not_in_pack(pack, checked.fields):
                problems.setdefault(name, Problem(WRONG_VALUE))
        return checked.fields, problems

    def _next_steps(self, pack: Pack, kind: str, fields: Mapping[str, Any]) -> tuple[str, dict]:
        if kind in CALLED_BACK:
            days = pack.request_settings(fields["agency"]).call_back_within_days
            if kind == "appointment":
                return (NEXT_APPOINTMENT_1 if days == 1 else NEXT_APPOINTMENT), {"days": days}
            return (NEXT_CALLBACK_1 if days == 1 else NEXT_CALLBACK), {"days": days}
        if kind == "complaint":
            if fields.get("answer"):
                return NEXT_COMPLAINT_ANSWERED, {"days": COMPLAINT_ANSWER_DAYS}
            return NEXT_COMPLAINT_UNANSWERED, {}
        return {
            "rating": (NEXT_RATING, {}),
            "wrong_info": (NEXT_WRONG_INFO, {}),
            "about_me": (NEXT_ABOUT_ME, {}),
        }[kind]


_LISTINGS = {
    "service": "service_row",
    "agency": "agency",
    "location": "location",
    "event": "event",
}
"""wrong_info's `listing` -> the Pack method that finds such a listing by its id."""


def _not_in_pack(pack: Pack, fields: Mapping[str, Any]) -> list[str]:
    """The fields naming what the pack does not have (an office of another agency too).
    The forms offer only the pack's ids; a request names nothing else, whoever made it."""
    wrong = []
    location = fields.get("location")
    if location is not None:
        found = pack.location(location)
        if found is None or found["agency_id"] != fields.get("agency", found["agency_id"]):
            wrong.append("location")
    if "service" in fields and pack.service_row(fields["service"]) is None:
        wrong.append("service")
    if "district" in fields and fields["district"] not in {d["id"] for d in pack.districts()}:
        wrong.append("district")
    if "listing" in fields and "listing_id" in fields:
        if getattr(pack, _LISTINGS[fields["listing"]])(fields["listing_id"]) is None:
            wrong.append("listing_id")
    return wrong
