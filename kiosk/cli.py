"""The `kiosk` command. Subcommands git-style; plain `kiosk` starts the app like `kiosk run`."""

from __future__ import annotations

from pathlib import Path

import click

from content.cli import content_cli


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
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(run)


@cli.command()
@click.option(
    "--pack",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The content pack to show (default: the demo pack, built if needed).",
)
@click.option("--windowed", is_flag=True, help="A window instead of fullscreen (development).")
def run(pack: Path | None, windowed: bool) -> None:
    """Start the touch app on a content pack.

    \b
    Example:
      kiosk run --pack build/demo.sqlite --windowed
    """
    from content.packformat import PackError
    from kiosk.paths import default_pack

    pack_path = pack or default_pack()
    from kiosk.app.main import run_app  # Kivy is imported only when the app really starts

    try:
        run_app(pack_path, fullscreen=not windowed)
    except PackError as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc


cli.add_command(content_cli)


def main() -> None:
    cli(prog_name="kiosk")
