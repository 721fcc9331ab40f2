"""`kiosk fleet report`: the terminals' status files as a table, worst first (the work is
in kiosk/office/fleet.py; this reads the files, calls it and reports)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from kiosk.office import fleet, fleet_page
from kiosk.office.sources import SourceError, open_source, read_credentials


@click.group("fleet")
def fleet_cli() -> None:
    """The staff's view of the terminals in the field.

    \b
    Examples:
      kiosk fleet report /srv/perm-kiosk/dropbox/status --html fleet.html
      kiosk fleet report /srv/perm-kiosk/dropbox/status --json
      kiosk fleet report https://dropbox-staff.example.org/ --credentials staff.pass
    """


@fleet_cli.command()
@click.argument("source")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as a page here.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON, not a table.")
@click.option("--newest-pack", type=int, help="The newest published pack version "
              "(default: the newest any terminal reports).")  # fmt: skip
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True,
              help="The language of the table and the page; JSON keys stay English.")  # fmt: skip
@click.option("--now", "now_text", help="The time to judge by, ISO 8601 (default: now).")
@click.option("--credentials", type=click.Path(dir_okay=False, path_type=Path),
              help="For an http(s) SOURCE: a file whose first line is user:password.")  # fmt: skip
def report(source: str, html_out: Path | None, as_json: bool, newest_pack, lang: str,
           now_text, credentials: Path | None) -> None:  # fmt: skip
    """Every terminal of SOURCE (a folder of status/<terminal>.json files, or the drop box's
    folder that holds status/, or the drop box's staff listing: an http(s) URL of either),
    worst first, in Russian unless --lang en. Exit status 1 when any needs attention, so it
    can run from cron or a monitoring system; and when SOURCE cannot be read.

    \b
    Examples:
      kiosk fleet report /srv/perm-kiosk/dropbox --html fleet.html
      kiosk fleet report /srv/perm-kiosk/dropbox --html fleet-en.html --lang en
    """
    now = _now(now_text)
    try:
        auth = read_credentials(credentials) if credentials else None
        statuses, unreadable = fleet.read_statuses(open_source(source, auth))
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = fleet.assess(statuses, unreadable, now, newest_pack)
    if html_out is not None:
        html_out.write_text(fleet_page.as_html(rows, now, lang), encoding="utf-8")
    if as_json:
        click.echo(fleet_page.as_json(rows, lang))
    else:
        for line in fleet_page.as_text(rows, lang):
            click.echo(line)
        click.echo(fleet_page.summary(rows, lang), err=True)
    sys.exit(1 if any(r.flags for r in rows) else 0)


def _now(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"not a date and time: {text!r}", param_hint="--now") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
