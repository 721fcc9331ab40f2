"""What the `kiosk` commands share: the --config option and the config it names, read once;
the --lang option."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.core.config import Config, ConfigError, load_config

CONFIG_HELP = (
    "The terminal's config file (default: $KIOSK_CONFIG, else /etc/perm-kiosk/kiosk.toml)."
)

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=CONFIG_HELP,
)
"""--config, passed to the command as `config_path` (None: the default file)."""


def read_config(config_path: Path | None) -> Config:
    """The terminal's config; a config that cannot be used ends the command with the reason
    (kiosk.core.config says which key is wrong and why) instead of a traceback."""
    try:
        return load_config(config_path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def lang_option(help: str | None = None):
    """--lang, ru (the default) or en: the language a command writes in."""
    return click.option(
        "--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True, help=help
    )


def timeout_option(waits_for: str):
    """--timeout, the seconds a network command waits for a connection or for `waits_for`."""
    return click.option(
        "--timeout",
        type=click.FloatRange(0.5, 600),
        default=30,
        show_default=True,
        help=f"Seconds to wait for a connection or for {waits_for}.",
    )
