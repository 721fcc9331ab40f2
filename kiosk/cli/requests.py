"""`kiosk request KIND --field name=value …`: a request entered by staff (taken by phone or
on paper) or by a script, checked, sealed and queued in a terminal's outbox the way the app's
forms do it, so that it is delivered, pulled and answered like any other.

The steps are the app's: the form is checked by the request model (kiosk/core/requests),
with the office's reception hours for an appointment's day; the agency must take the kind
(the pack's request settings); the envelope is made and sealed in memory with the pack's
`inbox_public_key` (kiosk/core/sealing), and only the sealed bytes are committed to the
outbox (kiosk/adapters/outbox). Nothing typed is printed, logged or written unsealed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import click

from kiosk.core.requests.kinds import KINDS


class RequestRefused(Exception):
    """The request cannot be queued; `problems` (field -> message) when the form is wrong."""

    def __init__(self, message: str, problems: dict[str, str] | None = None):
        super().__init__(message)
        self.problems = problems or {}


@dataclass(frozen=True)
class Queued:
    reference: str
    submission_id: str
    path: str
    """Where the drop box will have it: <kind>/<date>/<id>.sealed."""


def submit_request(
    pack_path: Path,
    data_dir: Path,
    kind: str,
    pairs: Iterable[tuple[str, str]],
    *,
    lang: str = "ru",
    terminal: str = "",
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    today: Callable[[], date] = lambda: datetime.now().astimezone().date(),
    token_bytes: Callable[[int], bytes] = secrets.token_bytes,
) -> Queued:
    """Check, seal and queue one request; its reference. Raises RequestRefused."""
    from content.pack.format import PackError
    from content.pack.reader import open_pack
    from kiosk.adapters.outbox import Outbox, OutboxUnavailable
    from kiosk.core.requests import (
        EnvelopeError,
        Reception,
        check,
        from_texts,
        make_envelope,
        new_reference,
        new_submission_id,
    )
    from kiosk.core.sealing import BadPublicKey, seal

    try:
        pack = open_pack(pack_path)
    except PackError as exc:
        raise RequestRefused(f"{type(exc).__name__}: {exc}") from None
    with pack:
        meta = pack.meta
        if not meta.takes_requests:
            raise RequestRefused(f"{pack_path}: the pack takes no requests (no inbox_public_key)")
        form = from_texts(kind, pairs)
        reception = _reception(pack, kind, form, today(), Reception)
        checked = check(kind, form, reception=reception)
        if not checked.ok:
            raise RequestRefused("the form has problems", _problem_texts(checked.problems))
        agency = checked.fields.get("agency")
        if agency is not None and not pack.request_settings(agency).takes(kind):
            raise RequestRefused(f"the agency {agency} does not take {kind} requests (the pack)")
        submission_id = new_submission_id(token_bytes)
        reference = new_reference(token_bytes)
        created = now().astimezone(UTC).replace(microsecond=0)
        try:
            sealed = seal(
                meta.inbox_public_key,
                make_envelope(
                    kind,
                    checked.fields,
                    reference=reference,
                    submission_id=submission_id,
                    created=created,
                    terminal=terminal,
                    pack_id=meta.pack_id,
                    pack_version=meta.version,
                    lang=lang,
                ),
            )
        except (EnvelopeError, BadPublicKey) as exc:
            raise RequestRefused(str(exc)) from None
    created_text = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        Outbox(data_dir).add(submission_id, reference, kind, created_text, sealed)
    except OutboxUnavailable as exc:
        raise RequestRefused(str(exc)) from None
    return Queued(reference, submission_id, f"{kind}/{created_text[:10]}/{submission_id}.sealed")


def _reception(pack, kind: str, form: dict, today: date, reception_type):
    """The office's reception for an appointment's day (its opening hours in the pack);
    None for the other kinds, when the form names no office (the check says so), or when
    the pack lists no hours for it."""
    from content.model import OpeningHours

    location_id = form.get("location")
    if kind != "appointment" or not isinstance(location_id, str):
        return None
    location = pack.location(location_id)
    if location is None:
        raise RequestRefused(
            "the form has problems", {"location": "no office with this id in the pack"}
        )
    hours = tuple(
        OpeningHours(row["weekday"], row["opens_at"], row["closes_at"]) for row in location["hours"]
    )
    # An office whose hours the pack does not list: the app offers no days to choose from,
    # staff taking a call agree one; only the day's form is checked then.
    return reception_type(today=today, hours=hours) if hours else None


def _problem_texts(problems) -> dict[str, str]:
    """Each field's problem in English words (the msgids are the Russian of the forms)."""
    from content.presentation.i18n import translator
    from kiosk.core.requests import Problem

    english = translator("en").gettext
    texts = {}
    for name, problem in problems.items():
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in problem.params.items()}
        texts[name or "form"] = Problem(problem.msgid, params).text(english)
    return texts


@click.command("request")
@click.argument("kind", type=click.Choice(KINDS))
@click.option(
    "--pack",
    "pack_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The content pack the terminal runs (its inbox_public_key seals the request).",
)
@click.option(
    "--data-dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The terminal's data folder: the request joins its outbox.",
)
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=VALUE",
    help="A field of the form; a list's field given once an item. See docs/requests.md.",
)
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
@click.option("--terminal", default="", help="Who entered it, as the envelope's terminal.")
def request(
    kind: str, pack_path: Path, data_dir: Path, fields: tuple[str, ...], lang: str, terminal: str
) -> None:
    """Check, seal and queue a request as the app's form does; print its reference.

    For requests taken by phone or on paper, and for scripts. The fields are the form's
    (docs/requests.md); a form with personal data needs consent=yes, given by the citizen.
    `kiosk outbox upload` delivers it with the rest.

    \b
    Example:
      kiosk request callback --pack build/demo.sqlite --data-dir term/ \\
        --field topic="Пособие" --field agency=mfc-perm --field mode=callback \\
        --field name="Анна" --field phone="+7 912 345-67-89" --field consent=yes
    """
    pairs = []
    for text in fields:
        name, equals, value = text.partition("=")
        if not equals or not name:
            raise click.UsageError("--field takes NAME=VALUE")
        pairs.append((name.strip(), value))
    try:
        queued = submit_request(pack_path, data_dir, kind, pairs, lang=lang, terminal=terminal)
    except RequestRefused as exc:
        for name, text in sorted(exc.problems.items()):
            click.echo(f"{name}: {text}", err=True)
        raise click.ClickException(str(exc)) from exc
    click.echo(queued.reference)
    click.echo(f"queued in {data_dir} as {queued.path}", err=True)
