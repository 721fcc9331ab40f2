"""`kiosk pack keygen|publish|rollback`, `kiosk sync`, `kiosk import`, `kiosk status`.

Every setting comes from the terminal's config file and can be given on the command line
instead, so that a script (and the tests) can drive a whole round trip. A refused sync or
import exits with status 1 and the reason on stderr; the terminal keeps its pack.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import click

from kiosk.cli.options import config_option, read_config, timeout_option
from kiosk.core.controllers.packs import status_report  # one report: here and staff screen

PATH = click.Path(path_type=Path)
FILE = click.Path(dir_okay=False, path_type=Path)


def _store(config, data_dir: Path | None):
    from kiosk.adapters.pack_store import PackStore
    from kiosk.core.config import data_dir as default_data_dir

    return PackStore(data_dir or default_data_dir(config))


@contextmanager
def _publisher_errors() -> Iterator[None]:
    """A PublishError ends the command with its message, which says what to do."""
    from content.publisher.publish import PublishError

    try:
        yield
    except PublishError as exc:
        raise click.ClickException(str(exc)) from exc


def _logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr
    )


data_dir_option = click.option(
    "--data-dir",
    type=PATH,
    help="The terminal's data folder (default: the config's data_dir).",
)
trust_option = click.option(
    "--trust",
    type=FILE,
    help="The root.json the terminal trusts (default: the config's trust).",
)
signing_keys_option = click.option(
    "--keys", type=PATH, required=True, help="The folder from `kiosk pack keygen`."
)


def _site_option(help: str):
    return click.option("--to", "site", type=PATH, required=True, help=help)


def _expires_days_option(help: str):
    return click.option(
        "--expires-days", type=click.IntRange(1, 365), default=30, show_default=True, help=help
    )


# -- kiosk pack ------------------------------------------------------------------------------


@click.group("pack")
def pack_cli() -> None:
    """Signed content packs: keys and publishing (staff), rollback (terminal).

    \b
    Example:
      kiosk pack keygen --out keys/
      kiosk pack publish content/demo --keys keys/ --to site/
      kiosk pack rollback --data-dir /var/lib/perm-kiosk
    """


@pack_cli.command()
@click.option("--out", type=PATH, required=True, help="An empty folder for the keys.")
def keygen(out: Path) -> None:
    """Make the signing keys and the root.json that terminals trust.

    Writes root.pem, targets.pem, snapshot.pem, timestamp.pem (private: readable by you
    only) and root.json. Give root.json to every terminal (config key `trust`). Keep
    root.pem offline: publishing needs only the other three.

    \b
    Example:
      kiosk pack keygen --out keys/
    """
    from content.publisher.keys import keygen as make_keys

    with _publisher_errors():
        root = make_keys(out)
    click.echo(f"keys written to {out}; terminals trust {root}")


@pack_cli.command()
@click.argument("source", type=PATH)
@signing_keys_option
@_site_option("The folder the server serves.")
@_expires_days_option("How long the signed metadata stay valid; `kiosk pack resign` renews them.")
def publish(source: Path, keys: Path, site: Path, expires_days: int) -> None:
    """Build (from a content folder) or take (a .sqlite pack) a pack, sign it as the next
    version, and write it with its metadata into a static folder for the web server.

    \b
    Example:
      kiosk pack publish content/demo --keys keys/ --to site/
    """
    from content.publisher.publish import publish as publish_pack

    with _publisher_errors():
        done = publish_pack(source, keys, site, expires=timedelta(days=expires_days))
    click.echo(
        f"published pack version {done.version} ({done.length} bytes, "
        f"sha256 {done.sha256[:16]}...) to {site}"
    )


@pack_cli.command()
@signing_keys_option
@_site_option("The published folder.")
@_expires_days_option("How long the new signatures stay valid.")
def resign(keys: Path, site: Path, expires_days: int) -> None:
    """Sign the published pack again with a new expiry; no new version, nothing to download.

    Run it from cron (weekly, say) on the publishing machine, so that terminals never meet
    expired metadata between two real publishes.

    \b
    Example:
      kiosk pack resign --keys keys/ --to site/
    """
    from content.publisher.publish import resign as sign_again

    with _publisher_errors():
        done = sign_again(keys, site, expires=timedelta(days=expires_days))
    click.echo(f"pack version {done.version} signed again, valid for {expires_days} days")


@pack_cli.command("rotate-keys")
@click.option("--keys", type=PATH, required=True, help="The folder with root.pem and the keys.")
@_site_option("The published folder.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(["targets", "snapshot", "timestamp"]),
    help="A role whose key to replace (default: all three).",
)
def rotate_keys(keys: Path, site: Path, roles: tuple[str, ...]) -> None:
    """Replace leaked or lost online keys, and re-sign the current pack with the new ones.

    Needs the offline root key. Terminals learn the new keys at their next sync and from
    then on refuse whatever the old keys sign. Give new terminals the new root.json.

    \b
    Example:
      kiosk pack rotate-keys --keys keys/ --to site/
    """
    from content.publisher.keys import rotate_keys as rotate
    from content.publisher.publish import ONLINE_ROLES

    with _publisher_errors():
        version = rotate(keys, site, tuple(roles) or ONLINE_ROLES)
    click.echo(
        f"new keys for {', '.join(roles or ONLINE_ROLES)}; root version {version} "
        f"published, and {keys / 'root.json'} updated for new terminals"
    )


@pack_cli.command()
@data_dir_option
@config_option
def rollback(data_dir: Path | None, config_path: Path | None) -> None:
    """Go back to the pack installed before the current one.

    The app switches at its next session reset. Sync will not install the pack rolled back
    from again; it installs the next version that staff publish.

    \b
    Example:
      kiosk pack rollback --data-dir /var/lib/perm-kiosk
    """
    from kiosk.adapters.pack_store import PackRefused

    store = _store(read_config(config_path), data_dir)
    had_current = store.current.exists()
    try:
        now, leaving = store.rollback()
    except PackRefused as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(
            f"cannot write to the terminal's data folder ({exc.strerror or exc}: "
            f"{exc.filename or store.root})"
        ) from exc
    if leaving:
        left = f"version {leaving.version}"
    else:
        left = "a pack that did not open, now removed" if had_current else "no pack"
    click.echo(f"now on pack version {now.version} ({now.created_at}); left {left}")


# -- kiosk sync / import / status ------------------------------------------------------------


@click.command()
@click.option(
    "--once",
    is_flag=True,
    help="One sync, then exit (default: every sync_every_minutes from the config, until stopped).",
)
@click.option("--url", help="The published folder's address (default: the config's update_url).")
@trust_option
@data_dir_option
@timeout_option("the next bytes")
@config_option
def sync(
    once: bool,
    url: str | None,
    trust: Path | None,
    data_dir: Path | None,
    timeout: float,
    config_path: Path | None,
) -> None:
    """Fetch the newest signed pack from the publishing server and install it.

    Everything is checked before the swap (signatures, version, expiry, length, hash,
    schema, SQLite integrity); anything wrong leaves the terminal on the pack it has.
    An interrupted download continues at the next sync.

    \b
    Example:
      kiosk sync --once --url http://127.0.0.1:8080/ --trust keys/root.json --data-dir term/
    """
    from kiosk.adapters.fetch import Fetcher
    from kiosk.adapters.sync import SyncRefused, sync_forever, sync_once

    config = read_config(config_path)
    url = url or config.update_url
    trust = trust or config.trust
    if not url or not trust:
        raise click.UsageError("give --url and --trust (or update_url and trust in the config)")
    store = _store(config, data_dir)
    _logging()
    if not once:
        sync_forever(
            lambda: sync_once(url, trust, store, Fetcher(timeout_s=timeout)),
            config.sync_every_minutes * 60,
        )
    try:
        result = sync_once(url, trust, store, Fetcher(timeout_s=timeout))
    except SyncRefused as exc:
        click.echo(f"sync refused: {exc}", err=True)
        sys.exit(1)
    _report(result)


@click.command("import")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@trust_option
@data_dir_option
@config_option
def import_(
    path: Path, trust: Path | None, data_dir: Path | None, config_path: Path | None
) -> None:
    """Install a pack from a USB stick or a folder: a copy of the folder that
    `kiosk pack publish` wrote, checked exactly as a sync checks.

    \b
    Example:
      kiosk import /media/usb/site --trust keys/root.json --data-dir term/
    """
    from kiosk.adapters.sync import SyncRefused, import_folder

    config = read_config(config_path)
    trust = trust or config.trust
    if not trust:
        raise click.UsageError("give --trust (or trust in the config)")
    _logging()
    try:
        result = import_folder(path, trust, _store(config, data_dir))
    except SyncRefused as exc:
        click.echo(f"import refused: {exc}", err=True)
        sys.exit(1)
    _report(result)


def _report(result) -> None:
    if result.installed:
        click.echo(
            f"installed pack version {result.installed.version} ({result.installed.created_at})"
        )
    else:
        version = result.current.version if result.current else "none"
        click.echo(f"pack version {version} is the newest; nothing to install")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="The same as JSON, for scripts.")
@data_dir_option
@config_option
def status(as_json: bool, data_dir: Path | None, config_path: Path | None) -> None:
    """The installed pack's version and date, the last good sync, the last error.

    \b
    Example:
      kiosk status --data-dir term/ --json
    """
    config = read_config(config_path)
    store = _store(config, data_dir)
    report = status_report(store, config.stale_after_days)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    if report["pack_version"] is None:
        click.echo("pack: none installed")
    else:
        click.echo(
            f"pack: version {report['pack_version']}, built {report['pack_date']}"
            f" ({report['pack_path']})"
        )
    for name, why in report["damaged"].items():
        click.echo(f"damaged: {name} does not open ({why})")
    if report["damaged"]:
        click.echo(
            "the next sync or import puts the packs right (a good previous pack becomes the "
            "current one again); `kiosk pack rollback` goes back to it at once"
        )
    click.echo(f"last good sync: {report['last_sync'] or 'never'}")
    click.echo(f"last error: {report['last_error'] or 'none'}")
    if report["out_of_date"]:
        click.echo(
            f"information may be out of date: no good sync for over {config.stale_after_days} days"
        )
