"""`kiosk outbox upload|status|export`: the terminal's queue of sealed requests, and delivery.

Thin shells over kiosk.adapters.outbox and kiosk.adapters.dropbox. Every setting comes from
the terminal's config (dropbox_url, dropbox_credentials, upload_interval_seconds, data_dir)
and can be given on the command line instead. Nothing here can read a submission: the
outbox holds sealed bytes only.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from kiosk.cli.options import config_option, read_config, timeout_option

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The terminal's data folder, where outbox.sqlite is (default: the config's data_dir).",
)


def _outbox(config, data_dir: Path | None):
    from kiosk.adapters.outbox import Outbox
    from kiosk.core.config import data_dir as default_data_dir

    return Outbox(data_dir or default_data_dir(config))


@click.group("outbox")
def outbox_cli() -> None:
    """Citizens' sealed requests waiting on this terminal, and their delivery.

    \b
    Example:
      kiosk outbox upload --once --data-dir /var/lib/perm-kiosk
      kiosk outbox status --json
      kiosk outbox export /media/usb/requests
    """


@outbox_cli.command()
@click.option(
    "--once",
    is_flag=True,
    help="One round, then exit (default: a round every upload_interval_seconds, until stopped).",
)
@click.option("--to", "url", help="The drop box's address (default: the config's dropbox_url).")
@click.option(
    "--credentials",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A file with one line user:password (default: the config's dropbox_credentials).",
)
@data_dir_option
@timeout_option("the answer to a PUT")
@config_option
def upload(
    once: bool,
    url: str | None,
    credentials: Path | None,
    data_dir: Path | None,
    timeout: float,
    config_path: Path | None,
) -> None:
    """PUT every queued submission to the drop box; each leaves the outbox once the drop
    box has confirmed it (HTTP 200, 201 or 204). Then the terminal's reports: its status
    (status/<terminal>.json, for `kiosk fleet report`) and each finished day of use not
    sent yet (stats/<terminal>/<date>.json, for `kiosk stats report`).

    Failures of the moment (no network, a timeout, 5xx, a full drop box) are tried again
    with growing random waits; wrong credentials stop the round. Whatever is not
    confirmed stays queued for the next round. With --once the exit status is 1 when
    something was left with an error. A report that fails is tried at the next round and
    never holds the submissions up (nor changes the exit status).

    \b
    Example:
      kiosk outbox upload --once --to https://dropbox.example.org/ --data-dir term/
    """
    from kiosk.adapters.cups import Cups
    from kiosk.adapters.dropbox import (
        CredentialsError,
        Dropbox,
        Policy,
        read_credentials,
        upload_forever,
        upload_round,
    )
    from kiosk.adapters.report_upload import upload_reports
    from kiosk.adapters.terminal_status import gather
    from kiosk.core.config import data_dir as default_data_dir
    from kiosk.core.config import dropbox_url_problem, terminal_id

    config = read_config(config_path)
    url = url or config.dropbox_url
    if not url:
        raise click.UsageError("give --to (or dropbox_url in the config)")
    problem = dropbox_url_problem(url)
    if problem:
        raise click.UsageError(f"the drop box address {problem}")
    credentials = credentials or config.dropbox_credentials
    login = None
    if credentials:
        try:
            login = read_credentials(credentials)
        except CredentialsError as exc:
            raise click.ClickException(str(exc)) from exc
    outbox = _outbox(config, data_dir)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr
    )
    policy = Policy(timeout_s=timeout)

    folder = data_dir or default_data_dir(config)

    def one_round():
        dropbox = Dropbox(url, login, timeout_s=timeout)

        def status():
            return gather(config, folder, Cups())

        def reports():
            return upload_reports(dropbox, folder, terminal_id(config), status)

        return upload_round(outbox, dropbox, policy, reports=reports)

    if not once:
        upload_forever(one_round, config.upload_interval_seconds)
    result = one_round()
    left = "unknown (the outbox cannot be read)" if result.left < 0 else result.left
    click.echo(f"delivered {result.delivered}; queued {left}")
    if result.reports is not None:
        click.echo(result.reports.summary())
        for told in result.reports.set_aside:
            click.echo(f"set aside, not sent: {told}", err=True)
        if result.reports.error:
            click.echo(f"reports stopped: {result.reports.error}", err=True)
    if result.error:
        click.echo(f"upload stopped: {result.error}", err=True)
        sys.exit(1)


@outbox_cli.command()
@click.option("--json", "as_json", is_flag=True, help="The same as JSON, for scripts.")
@data_dir_option
@config_option
def status(as_json: bool, data_dir: Path | None, config_path: Path | None) -> None:
    """How many submissions wait, since when, the last upload and the last error.

    \b
    Example:
      kiosk outbox status --data-dir term/ --json
    """
    from kiosk.adapters.outbox import OutboxError
    from kiosk.core.config import terminal_id

    config = read_config(config_path)
    try:
        report = _outbox(config, data_dir).status()
    except OutboxError as exc:
        raise click.ClickException(str(exc)) from exc
    # The name the submissions carry: staff match a terminal to what arrives from it.
    report = {"terminal": terminal_id(config), **report}
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    click.echo(f"terminal: {report['terminal'] or 'no name (no terminal_id, no machine id)'}")
    click.echo(f"queued: {report['queued']}")
    click.echo(f"oldest: {report['oldest'] or 'none'}")
    click.echo(f"last upload: {report['last_upload'] or 'never'}")
    click.echo(f"last round: {report['last_round'] or 'never'}")
    click.echo(f"last error: {report['last_error'] or 'none'}")


@outbox_cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--remove",
    is_flag=True,
    help="Take each submission out of the outbox once its file is written (default: keep "
    "them queued, so the next upload delivers them too; the inbox takes each id once).",
)
@data_dir_option
@config_option
def export(folder: Path, remove: bool, data_dir: Path | None, config_path: Path | None) -> None:
    """Write the queued submissions into FOLDER (a USB stick) as the drop box lays them
    out: <kind>/<date>/<id>.sealed, each file whole or not at all.

    \b
    Example:
      kiosk outbox export /media/usb/requests --data-dir term/
    """
    from kiosk.adapters.outbox import OutboxError

    outbox = _outbox(read_config(config_path), data_dir)
    try:
        written = outbox.export(folder, remove=remove)
    except OutboxError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(
            f"cannot write to {exc.filename or folder}: {exc.strerror or exc}"
        ) from exc
    kept = "taken out of the outbox" if remove else "still queued for upload"
    click.echo(f"wrote {written} submissions to {folder} ({kept})")
