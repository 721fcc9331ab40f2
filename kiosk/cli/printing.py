"""`kiosk print …`: a printout to a PDF file, or to a CUPS printer after asking it its state."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import click

from kiosk.cli.options import config_option, lang_option, read_config

PACK_HELP = "The content pack (default: the config's pack, else the demo pack)."


def _common(command: Callable) -> Callable:
    """The options every `kiosk print` command takes."""
    options = [
        click.option("--pack", type=click.Path(dir_okay=False, path_type=Path), help=PACK_HELP),
        lang_option(),
        click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path),
            help="Write the PDF to this file instead of printing it.",
        ),
        click.option(
            "--printer",
            help="The CUPS queue (default: the config's printer, else the system default).",
        ),
        click.option("--copies", type=click.IntRange(1, 100), default=1, show_default=True),
        config_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group("print")
def print_cli() -> None:
    """Print a leaflet, a brochure, QR cards or a receipt, or write it to a PDF file.

    Before a job is sent, the printer is asked its state: a stopped or missing printer,
    one out of paper, jammed or not accepting jobs ends the command with the reason and
    exit status 1, and nothing is sent.

    \b
    Examples:
      kiosk print leaflet --service child-birth-grant -o leaflet.pdf
      kiosk print leaflet --service child-birth-grant --large --printer kiosk-printer
      kiosk print brochure --category families --printer office --copies 20
      kiosk print card --service child-birth-grant -o cards.pdf
      kiosk print receipt --service child-birth-grant --printer receipt-printer
      kiosk print status --printer kiosk-printer
    """


@print_cli.command()
@click.option("--service", "service_id", required=True, help="The service's id in the pack.")
@click.option("--large", is_flag=True, help="Large print, for people with low vision.")
@_common
def leaflet(service_id: str, large: bool, **common) -> None:
    """A service leaflet (A4, one or two pages), or in large print.

    \b
    Example:
      kiosk print leaflet --service child-birth-grant --large -o leaflet.pdf
    """
    from printouts import leaflet as render

    _run(lambda pack, lang: render(pack, service_id, lang=lang, large=large), **common)


@print_cli.command()
@click.option("--category", "category_id", required=True, help="The category's id.")
@_common
def brochure(category_id: str, **common) -> None:
    """Every service of a category as a booklet with a contents page.

    \b
    Example:
      kiosk print brochure --category families --printer office --copies 20
    """
    from printouts import brochure as render

    _run(lambda pack, lang: render(pack, category_id, lang=lang), **common)


@print_cli.command()
@click.option(
    "--service",
    "service_ids",
    required=True,
    multiple=True,
    help="A service's id; repeat it for a sheet of several services.",
)
@_common
def card(service_ids: tuple[str, ...], **common) -> None:
    """A sheet of business-card-sized QR cards.

    \b
    Example:
      kiosk print card --service child-birth-grant --service unemployment-benefit -o cards.pdf
    """
    from printouts import cards as render

    _run(lambda pack, lang: render(pack, list(service_ids), lang=lang), **common)


@print_cli.command()
@click.option("--service", "service_id", required=True, help="The service's id in the pack.")
@_common
def receipt(service_id: str, **common) -> None:
    """An 80 mm slip for a thermal printer: what, where to go, hours, one QR code.

    \b
    Example:
      kiosk print receipt --service child-birth-grant --printer receipt-printer
    """
    from printouts import receipt as render

    _run(lambda pack, lang: render(pack, service_id, lang=lang), **common)


@print_cli.command()
@click.option("--printer", help="The CUPS queue (default: the config's, else the system's).")
@config_option
def status(printer: str | None, config_path: Path | None) -> None:
    """Whether the printer can print now, and the pages printed today (or unknown, and
    why); exit 1 if it cannot print.

    \b
    Example:
      kiosk print status --printer kiosk-printer
    """
    from kiosk.adapters.cups import Cups
    from kiosk.core.printing import NO_SERVER, PageCounter, PrintError, PrinterState

    config = read_config(config_path)
    queue = printer or config.printer
    try:
        state = Cups().state(queue)
    except PrintError as exc:  # no CUPS tools, a hung scheduler
        state = PrinterState(queue or "(default)", NO_SERVER, str(exc))
    click.echo(f"printer {state.queue}: {'ready' if state.ready else state.problem}")
    click.echo(f"  {state.detail}")
    click.echo(f"pages printed today: {PageCounter(_counter_path(config)).today()}")
    if not state.ready:
        sys.exit(1)


def _counter_path(config) -> Path:
    from kiosk.core.config import data_dir

    return data_dir(config) / "pages.json"


def _run(
    render: Callable,
    pack: Path | None,
    lang: str,
    output: Path | None,
    printer: str | None,
    copies: int,
    config_path: Path | None,
) -> None:
    """Render with `render(pack, lang)`; write it to `output`, or print it."""
    from content.pack.format import PackError
    from content.pack.reader import open_pack
    from kiosk.cli.paths import default_pack

    config = read_config(config_path)
    try:
        with open_pack(pack or config.pack or default_pack()) as opened:
            printout = render(opened, lang)
    except PackError as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc
    except (LookupError, ValueError) as exc:  # an id the pack lacks; a card with no code
        raise click.ClickException(str(exc.args[0] if exc.args else exc)) from exc
    except RuntimeError as exc:  # printouts.FontsMissingError names the package to install
        raise click.ClickException(str(exc)) from exc
    if output is not None:
        try:
            save(output, printout.pdf)
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
        click.echo(f"wrote {output} ({printout.pages} pages)")
        return
    _send(printout, printer or config.printer, copies, _counter_path(config))


def _send(printout, queue: str | None, copies: int, counter: Path) -> None:
    from kiosk.adapters.cups import Cups
    from kiosk.core.printing import PageCounter, PrintError, print_pdf

    try:
        result = print_pdf(Cups(), queue, printout.pdf, printout.title, copies)
    except PrintError as exc:
        raise click.ClickException(f"cannot print: {exc}") from exc
    if not result.printed:
        where = result.queue or queue or "the default printer"
        raise click.ClickException(f"not printed on {where}: {result.problem}: {result.detail}")
    pages = printout.pages * copies
    click.echo(f"printed {pages} pages on {result.queue} (job {result.job_id})")
    counted = PageCounter(counter).add(pages)  # never raises: the job is printed whatever
    if counted.warning:
        click.echo(f"warning: {counted.warning}", err=True)


def save(output: Path, data: bytes) -> None:
    """Write `data` to `output` whole or not at all; OSError says why not.

    A file, or nothing yet: written beside it and renamed over it, so a full disk leaves
    no half a PDF. A link: the file it points to, as a shell's > would. A device or a pipe
    (/dev/stdout, a printer's device file) cannot be renamed over: written straight into.
    A file we may not write is not replaced (renaming over it would be allowed).
    """
    from content.files import write_atomically

    target = Path(os.path.realpath(output))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(output))
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "wb") as device:
            device.write(data)
        return
    if mode is not None:
        os.close(os.open(target, os.O_WRONLY))  # may we write it? (the errno says why not)
    write_atomically(target, data)
