"""`kiosk stats report`: the terminals' days of use as a page with charts and as CSV tables
(the work is in kiosk/office/usage_report*.py; this reads the options, calls it and reports)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kiosk.cli.options import lang_option

GAPS_SHOWN = 10


@click.group("stats")
def stats_cli() -> None:
    """The staff's view of how the terminals are used.

    \b
    Examples:
      kiosk stats report /srv/perm-kiosk/dropbox --html usage.html
      kiosk stats report https://dropbox-staff.example.org/ --credentials staff.pass \\
          --html usage.html --csv usage-csv/ --from 2026-11-01 --to 2026-11-30
    """


def _date(ctx, param, value: str | None) -> date | None:
    from kiosk.core.usage_file import UsageError, parse_date

    if value is None:
        return None
    try:
        return parse_date(value, "the date")
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from None


@stats_cli.command()
@click.argument("sources", metavar="SOURCE...", nargs=-1, required=True)
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report as one page here (it works offline).")  # fmt: skip
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one CSV file a table into this folder.")  # fmt: skip
@click.option("--from", "first", callback=_date, metavar="YYYY-MM-DD",
              help="The first day to count (default: the earliest found).")  # fmt: skip
@click.option("--to", "last", callback=_date, metavar="YYYY-MM-DD",
              help="The last day to count, included (default: the latest found).")  # fmt: skip
@click.option("--pack", "pack_path", type=click.Path(dir_okay=False, path_type=Path),
              help="A content pack to name the services from (else their ids).")  # fmt: skip
@lang_option("The language of the page and of the names.")
@click.option("--credentials", type=click.Path(dir_okay=False, path_type=Path),
              help="For an http(s) SOURCE: a file whose first line is user:password.")  # fmt: skip
def report(sources, html_out, csv_dir, first, last, pack_path, lang, credentials) -> None:
    """Add up the days of use in SOURCE: the drop box's folder (or its stats/ folder, or a
    copy), or the staff listing's http(s) URL. Several sources may be given; a terminal's
    day found in more than one is counted once. A file that does not read is listed in the
    page with the reason, never counted.

    \b
    Example:
      kiosk stats report /srv/perm-kiosk/dropbox --html usage.html --pack perm.sqlite
    """
    from content.files import write_atomically
    from content.pack.format import PackError
    from content.presentation.i18n import translator
    from kiosk.office import usage_report, usage_report_page, usage_report_tables
    from kiosk.office.sources import SourceError, open_source, read_credentials
    from kiosk.office.usage_report_files import collect
    from kiosk.office.views import terminal_safe

    if html_out is None and csv_dir is None:
        raise click.UsageError("say where the report goes: --html OUT, --csv DIR or both")
    if first and last and first > last:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    try:
        auth = read_credentials(credentials) if credentials else None
        trees = [(source, open_source(source, auth)) for source in sources]
        collected = collect(trees, first, last)
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    result = usage_report.build(collected, first, last)
    names = None
    if pack_path is not None:
        try:
            names = usage_report_tables.pack_names(pack_path, lang, result.total)
        except (PackError, OSError) as exc:
            raise click.ClickException(f"{pack_path}: {exc}") from exc
    tables = usage_report_tables.tables(result, translator(lang), names)
    if html_out is not None:
        page = usage_report_page.as_html(result, tables, lang)
        write_atomically(html_out, page.encode("utf-8"))
    if csv_dir is not None:
        usage_report_tables.write_csv(tables, csv_dir)
    for where, why in collected.unreadable:
        click.echo(f"not counted {terminal_safe(where)}: {terminal_safe(why)}", err=True)
    for dup in collected.duplicates:
        click.echo(f"counted once {dup.terminal} {dup.day}: left out {terminal_safe(dup.left_out)}"
                   + ("" if dup.same else " (it differs)"), err=True)  # fmt: skip
    total = result.total
    click.echo(
        f"{len(total.terminals)} terminals, {total.terminal_days} days, {total.sessions} "
        f"sessions, {total.searches} searches of which {total.found_nothing} found nothing; "
        f"{len(collected.unreadable)} files not read, {len(collected.duplicates)} left out "
        "as repeated"
    )
    gaps = usage_report.gaps(total)
    if gaps:
        click.echo("Searched for and not found, most often first:")
        for text, times, terminals in gaps[:GAPS_SHOWN]:
            click.echo(f"  {times:>6}  {terminal_safe(text)}  ({terminals} terminals)")
