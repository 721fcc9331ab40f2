"""`kiosk inbox …`: the office's key pair, and the staff inbox of what citizens sent
(kiosk/office does the work; this only parses, calls and reports)."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from kiosk.cli.options import lang_option
from kiosk.core.requests.kinds import KINDS

DB_HELP = "The inbox file (made, mode 0600, by the first pull)."


def _db_option(command):
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default="inbox.sqlite",
        show_default=True,
        envvar="KIOSK_INBOX",
        help=DB_HELP + " Also $KIOSK_INBOX.",
    )(command)


def _now() -> datetime:
    return datetime.now(UTC)


@click.group("inbox")
def inbox_cli() -> None:
    """The office's side: its key pair, and the inbox of what citizens sent.

    \b
    Examples:
      kiosk inbox keygen --out /etc/perm-kiosk-office/
      kiosk inbox pull /srv/perm-kiosk/dropbox --key inbox.key --db inbox.sqlite
      kiosk inbox pull https://dropbox.example.org/staff/ --credentials staff.pass --key inbox.key
      kiosk inbox list --open --kind complaint
      kiosk inbox show K7MR-4XZ9
      kiosk inbox html -o open.html
    """


@inbox_cli.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder for inbox.key and inbox.pub (made, mode 0700, if missing).",
)
def keygen(out_dir: Path) -> None:
    """Make the office's key pair: DIR/inbox.key (private, mode 0600) and DIR/inbox.pub.

    The public key goes into the content sources' pack.yaml as `inbox_public_key`; the
    terminals seal what citizens send with it. Keep inbox.key on the office's machine and
    a copy somewhere safe: without it nothing sealed to this key can ever be opened.
    Refuses to overwrite an existing key.

    \b
    Example:
      kiosk inbox keygen --out office-keys/
    """
    from kiosk.office.keys import KeyFileError
    from kiosk.office.keys import keygen as make_pair

    try:
        pair = make_pair(out_dir)
    except KeyFileError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Private key: {pair.private_path} (mode 0600: keep it secret, keep a copy)")
    click.echo(f"Public key:  {pair.public_path}")
    click.echo("Put this line into the content sources' pack.yaml, then build and publish:")
    click.echo(f"inbox_public_key: {pair.public_text}")


@inbox_cli.command()
@click.argument("source")
@click.option(
    "--key",
    "key_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The office's private key (inbox.key).",
)
@_db_option
@click.option(
    "--credentials",
    type=click.Path(dir_okay=False, path_type=Path),
    help="For an http(s) SOURCE: a file whose first line is user:password (basic auth).",
)
def pull(source: str, key_path: Path, db: Path, credentials: Path | None) -> None:
    """Open what is new in SOURCE into the inbox.

    SOURCE is the drop box's storage folder, a terminal's USB export (the same layout:
    KIND/DATE/ID.sealed), or the drop box's staff listing (an http(s) URL). Files already
    in the inbox are skipped, so pulling again adds nothing. A file that does not open
    with the key or is not a submission is recorded as refused, with the reason, and the
    pull goes on; `kiosk inbox list --refused` shows them. Exit status 1 if a file could
    not be read this time (the next pull tries again).

    \b
    Example:
      kiosk inbox pull /media/usb/perm-kiosk-outbox --key inbox.key --db inbox.sqlite
    """
    from kiosk.office.inbox import Inbox, InboxError
    from kiosk.office.keys import KeyFileError, load_private_key, readable_by_others
    from kiosk.office.pull import pull as run_pull
    from kiosk.office.sources import SourceError, open_source, read_credentials

    try:
        key = load_private_key(key_path)
        if readable_by_others(key_path):
            click.echo(f"Warning: {key_path} can be read by others: chmod 600 it", err=True)
        auth = read_credentials(credentials) if credentials else None
        where = open_source(source, auth)
        with Inbox(db, create=True) as inbox:
            report = run_pull(where, key, inbox)
    except (KeyFileError, SourceError, InboxError) as exc:
        raise click.ClickException(str(exc)) from exc
    for path, reason in report.refused:
        click.echo(f"refused {path}: {reason}", err=True)
    for path, reason in report.unreadable:
        click.echo(f"could not read {path} ({reason}): the next pull tries again", err=True)
    click.echo(
        f"{report.added} new, {report.already} already in the inbox, "
        f"{len(report.refused)} refused, {len(report.unreadable)} unreadable"
    )
    if report.unreadable:
        sys.exit(1)


@inbox_cli.command("list")
@_db_option
@click.option("--kind", type=click.Choice(KINDS), help="Only the items of this kind.")
@click.option("--open", "open_only", is_flag=True, help="Only the items not yet done.")
@click.option("--json", "as_json", is_flag=True, help="A JSON list, with every field.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV for a spreadsheet, with every field.")
@click.option("--refused", is_flag=True, help="The refused files instead, and why.")
def list_(
    db: Path, kind: str | None, open_only: bool, as_json: bool, as_csv: bool, refused: bool
) -> None:
    """The submissions in the inbox, the oldest first; times in Perm time.

    \b
    Examples:
      kiosk inbox list --db inbox.sqlite --open
      kiosk inbox list --kind complaint --csv > complaints.csv
    """
    from kiosk.office import views

    if as_json and as_csv:
        raise click.UsageError("--json or --csv, not both")
    with _inbox(db) as inbox:
        if refused:
            for refusal in inbox.refusals():
                click.echo(
                    f"{views.terminal_safe(refusal.path)}  last tried "
                    f"{views.perm_time(refusal.last_seen)}: {refusal.reason}"
                )
            return
        items = inbox.items(kind=kind, open_only=open_only)
    now = _now()
    if as_json:
        click.echo(views.as_json(items, now))
    elif as_csv:
        click.echo(views.as_csv(items, now), nl=False)
    else:
        for line in views.list_lines(items, now):
            click.echo(line)


@inbox_cli.command()
@click.argument("ref")
@_db_option
def show(ref: str, db: Path) -> None:
    """Everything about the submission with reference REF (k7mr4xz9 works too).

    \b
    Example:
      kiosk inbox show K7MR-4XZ9 --db inbox.sqlite
    """
    from kiosk.office import views

    with _inbox(db) as inbox:
        items = _found(inbox, ref)
    now = _now()
    click.echo("\n\n".join(views.show_text(item, now) for item in items))


@inbox_cli.command()
@click.argument("ref")
@_db_option
def done(ref: str, db: Path) -> None:
    """Mark the submission with reference REF as done (it leaves the open list).

    \b
    Example:
      kiosk inbox done K7MR-4XZ9 --db inbox.sqlite
    """
    with _inbox(db) as inbox:
        items = _found(inbox, ref)
        if len(items) > 1:
            raise click.ClickException(
                f"{len(items)} submissions have this reference: give the id instead ("
                + ", ".join(item.id for item in items)
                + ")"
            )
        (item,) = items
        if inbox.mark_done(item.id):
            click.echo(f"{item.reference}: done")
        else:
            click.echo(f"{item.reference}: was done already")


@inbox_cli.command()
@_db_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write.",
)
@lang_option("The page's language: its headings, captions and the codes in words.")
def html(db: Path, output: Path, lang: str) -> None:
    """A page of the open items by kind and office, the oldest first, with the 30-day
    deadline of each complaint that asks for an answer (overdue ones marked). In Russian,
    every field captioned and every code in words; --lang en for English.

    \b
    Example:
      kiosk inbox html --db inbox.sqlite -o open.html
      kiosk inbox html --db inbox.sqlite -o open-en.html --lang en
    """
    from content.files import write_atomically
    from kiosk.office import views

    with _inbox(db) as inbox:
        items = inbox.items(open_only=True)
    # 0600 like the inbox: the page holds what citizens wrote.
    write_atomically(output, views.as_html(items, _now(), lang).encode("utf-8"), mode=0o600)
    click.echo(f"{output}: {len(items)} open item(s)")


def _inbox(db: Path):
    from kiosk.office.inbox import Inbox, InboxError

    try:
        return Inbox(db)
    except InboxError as exc:
        raise click.ClickException(str(exc)) from exc


def _found(inbox, ref: str) -> list:
    """The items with reference `ref` as staff typed or heard it (k7mr 4xz9, Cyrillic К),
    or with the id `ref`."""
    from kiosk.core.requests import BadReference, parse_reference

    try:
        ref = parse_reference(ref)
    except BadReference as exc:
        if not re.fullmatch(r"[0-9a-f]{32}", ref.strip().lower()):
            raise click.ClickException(str(exc)) from exc
    items = inbox.find(ref)
    if not items:
        raise click.ClickException("no submission with this reference in the inbox")
    return items
