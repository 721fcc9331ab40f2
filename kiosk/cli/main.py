"""The `kiosk` command. Subcommands git-style; plain `kiosk` starts the app like `kiosk run`."""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from content.publisher.cli import content_cli
from kiosk.cli.fleet import fleet_cli
from kiosk.cli.inbox import inbox_cli
from kiosk.cli.outbox import outbox_cli
from kiosk.cli.packs import import_, pack_cli, status, sync
from kiosk.cli.printing import print_cli
from kiosk.cli.requests import request
from kiosk.cli.stats import stats_cli


@click.group(invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Public information kiosk: social benefits and services of Perm krai.

    Without a subcommand, starts the touch app (the same as `kiosk run`).

    \b
    Examples:
      kiosk run --windowed                 the app on the demo pack, in a window
      kiosk content validate content/demo  check content sources
      kiosk content build content/demo -o build/demo.sqlite
      kiosk print leaflet --service child-birth-grant -o leaflet.pdf
      kiosk pack publish content/demo --keys keys/ --to site/
      kiosk sync --once --url http://127.0.0.1:8080/ --trust keys/root.json --data-dir term/
      kiosk status --data-dir term/ --json
      kiosk outbox upload --once --to https://dropbox.example.org/ --data-dir term/
      kiosk stats report /srv/perm-kiosk/dropbox --html usage.html
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(run)


@cli.command()
@click.option(
    "--pack",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The content pack to show (default: the config's pack, else the demo pack).",
)
@click.option("--windowed", is_flag=True, help="A window instead of fullscreen (development).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The terminal's config file (default: $KIOSK_CONFIG, else /etc/perm-kiosk/kiosk.toml).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The terminal's data folder: its installed pack, if any, is shown (default: the "
    "config's data_dir).",
)
def run(pack: Path | None, windowed: bool, config_path: Path | None, data_dir: Path | None) -> None:
    """Start the touch app on a content pack.

    The pack: --pack if given, else the one `kiosk sync` or `kiosk import` installed in
    the data folder, else the config's pack, else the demo pack. The config file sets the
    idle time, the languages, the staff PIN and the printer; see deploy/kiosk.toml for
    every key.

    \b
    Example:
      kiosk run --pack build/demo.sqlite --windowed
      kiosk run --config deploy/kiosk.toml
    """
    from content.pack.format import PackError
    from content.pack.reader import open_pack
    from kiosk.app.compose import pack_to_show  # the composition root; it imports no Kivy
    from kiosk.cli.paths import default_pack
    from kiosk.core.config import ConfigError, load_config

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    if data_dir is not None:
        config = replace(config, data_dir=data_dir)
    pack_path = pack_to_show(config, pack) or default_pack()
    try:
        # Checked before Kivy is imported: a refusal is then one line, not Kivy's start-up log.
        open_pack(pack_path).close()
        from kiosk.app.main import run_app  # Kivy is imported only when the app really starts

        run_app(pack_path, config=config, fullscreen=not windowed)
    except PackError as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc


cli.add_command(content_cli)
cli.add_command(print_cli)
cli.add_command(pack_cli)
cli.add_command(sync)
cli.add_command(import_)
cli.add_command(status)
cli.add_command(outbox_cli)
cli.add_command(inbox_cli)
cli.add_command(fleet_cli)
cli.add_command(stats_cli)
cli.add_command(request)


def main() -> None:
    """The command; a system error that no command handled itself (most often a stdout that
    is full or closed) ends it in one line, never a traceback."""
    try:
        cli(prog_name="kiosk", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        _flush_stdout()
        sys.exit(exc.exit_code)
    except OSError as exc:
        _quit_on(exc)
    _flush_stdout()


def _flush_stdout() -> None:
    """Output goes out at exit; a full or closed stdout is said here, not in a traceback."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        _quit_on(exc)


def _quit_on(exc: OSError) -> None:
    # Later writes, and Python's own flush at exit, must not fail again.
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    if exc.errno == errno.EPIPE:  # `kiosk ... | head`: the reader has all it wanted
        sys.exit(0)
    if exc.filename:
        click.echo(f"Error: {exc.filename}: {exc.strerror}", err=True)
    else:  # a write without a file name: stdout, as the commands name their own files
        click.echo(f"Error: cannot write the output: {exc.strerror}", err=True)
    sys.exit(1)
