"""`kiosk request KIND --field name=value …`: a request entered by staff (taken by phone or
on paper) or by a script, checked, sealed and queued in a terminal's outbox the way the app's
forms do it, so that it is delivered, pulled and answered like any other.

It goes through the forms' own controller (kiosk.core.controllers.requests): the form is
checked by the request model, with the office's reception hours for an appointment's day;
the agency must take the kind (the pack's request settings); the envelope is made and
sealed in memory with the pack's `inbox_public_key`, and only the sealed bytes are
committed to the outbox (kiosk/adapters/outbox). Nothing typed is printed, logged or
written unsealed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

from kiosk.cli.options import lang_option
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


def _local_now() -> datetime:
    return datetime.now().astimezone()


def submit_request(
    pack_path: Path,
    data_dir: Path,
    kind: str,
    pairs: Iterable[tuple[str, str]],
    *,
    lang: str = "ru",
    terminal: str = "",
    now: Callable[[], datetime] = _local_now,
    token_bytes: Callable[[int], bytes] = secrets.token_bytes,
) -> Queued:
    """Check, seal and queue one request; its reference. Raises RequestRefused.

    `now` is the terminal's local time with its zone: its date is "today" for an
    appointment's day, and it is the envelope's `created` (in UTC)."""
    from content.pack.format import PackError
    from content.pack.reader import open_pack
    from kiosk.adapters.outbox import Outbox
    from kiosk.core.controllers.requests import NOT_TAKEN, RequestsController
    from kiosk.core.requests import FORM, Problem, drop_path, from_texts
    from kiosk.core.requests.kinds import CONSENT, fields_of
    from kiosk.core.requests.validation import FIELD_NAME, UNKNOWN

    try:
        pack = open_pack(pack_path)
    except PackError as exc:
        raise RequestRefused(f"{type(exc).__name__}: {exc}") from None
    if kind not in KINDS:
        raise RequestRefused(f"no kind of request is called {kind!r}: {', '.join(KINDS)}")
    with pack:
        if not pack.meta.takes_requests:
            raise RequestRefused(f"{pack_path}: the pack takes no requests (no inbox_public_key)")
        form = from_texts(kind, pairs)
        unknown = [name for name in form if name not in fields_of(kind) and name != CONSENT]
        if unknown:
            # A name staff typed is shown only if it could be a field's name.
            names = {name if FIELD_NAME.fullmatch(name) else FORM for name in unknown}
            raise RequestRefused(
                "the form has problems", _problem_texts(dict.fromkeys(names, Problem(UNKNOWN)))
            )
        requests = RequestsController(
            pack,
            outbox=Outbox(data_dir),
            clock_now=now,
            token_bytes=token_bytes,
            terminal=terminal,
            lang=lambda: lang,
        )
        requests.start(kind)
        for name, value in form.items():
            requests.set(name, value)
        # The form's steps exactly; on a refusal the problems say why, and nothing is queued.
        sent = requests.submit()
        if sent is None:
            problems = requests.problems()
            whole = problems.pop(FORM, None)
            if whole is not None and whole.msgid == NOT_TAKEN and not problems:
                agency = requests.draft.fields.get("agency")
                raise RequestRefused(
                    f"the agency {agency} does not take {kind} requests (the pack)"
                )
            if whole is not None and "cause" in whole.params:
                raise RequestRefused(_disk_refusal(whole.params["cause"], data_dir))
            if whole is not None:
                problems[FORM] = whole
            raise RequestRefused("the form has problems", _problem_texts(problems))
    return Queued(
        sent.reference, sent.submission_id, drop_path(kind, sent.created, sent.submission_id)
    )


def _disk_refusal(cause: str, data_dir: Path) -> str:
    why = {
        "full": "the disk is full",
        "read_only": "the disk is read-only",
        "permission": "permission denied",
    }.get(cause, "the data folder is missing, read-only or full")
    return f"the outbox in {data_dir} cannot be written: {why}; nothing was queued"


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
@lang_option()
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
