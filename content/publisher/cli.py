"""`kiosk content ...`: the staff's content tools. Thin: parse, call the library, report."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from content.pack.format import PackError
from content.publisher.build import ContentErrors, PackWriteError, build_pack

MAX_LIMIT = 1000
"""More results than anyone reads; a larger --limit is refused, not passed to SQLite."""


def _print_problems(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=problem.severity == "error" or None)


@click.group("content")
def content_cli() -> None:
    """Check, build, inspect and search content packs; import HSDS spreadsheets.

    \b
    Example:
      kiosk content validate content/demo
      kiosk content build content/demo -o build/demo.sqlite
    """


@content_cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print errors only, not warnings.")
def validate(folder: Path, quiet: bool) -> None:
    """Check a content folder; print one line per problem as FILE:LINE: PROBLEM.

    Exits 0 when there are no errors (warnings such as a missing English text are
    printed but do not fail), 1 otherwise.

    \b
    Example:
      kiosk content validate content/demo
    """
    from content.publisher.sources import load_folder

    loaded = load_folder(folder)
    shown = loaded.problems.errors if quiet else loaded.problems
    for problem in shown:
        click.echo(str(problem))
    errors, warnings = (
        len(loaded.problems.errors),
        len(loaded.problems) - len(loaded.problems.errors),
    )
    c = loaded.content
    summary = (
        f"{folder}: {len(c.services)} services, {len(c.agencies)} agencies, "
        f"{len(c.locations())} offices, {len(c.events)} events; "
        f"{errors} error(s), {warnings} warning(s)"
    )
    click.echo(summary, err=True)
    sys.exit(1 if errors else 0)


@content_cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="The pack file to write (its folder is made if need be).",
)
def build(folder: Path, output: Path) -> None:
    """Validate a content folder and build its pack (one SQLite file).

    Nothing is written if the content has errors or OUTPUT cannot be written (a read-only
    or full disk, a folder or a device in the way: the reason is printed, exit status 1);
    an existing pack at OUTPUT then stays as it was.

    \b
    Example:
      kiosk content build content/demo -o build/demo.sqlite
    """
    try:
        result = build_pack(folder, output)
    except ContentErrors as exc:
        for problem in exc.problems:
            if problem.severity == "error":
                click.echo(str(problem))
        click.echo(f"build failed: {exc}; {output} was not written", err=True)
        sys.exit(1)
    except PackWriteError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    click.echo(f"wrote {result.path}: {counts}")
    click.echo(f"content hash {result.content_hash}")
    if result.warnings:
        click.echo(f"{len(result.warnings)} warning(s); see: kiosk content validate {folder}")


@contextmanager
def _open(path: Path):
    """The pack at `path`, open; a pack refused on opening, or found damaged while it is
    read (a count, a search), ends the command in one line."""
    from content.pack.reader import open_pack

    try:
        with open_pack(path) as pack:
            yield pack
    except PackError as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc


@content_cli.command()
@click.argument("pack", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def info(pack: Path, as_json: bool) -> None:
    """Print a pack's metadata and how many items of each kind it holds.

    \b
    Example:
      kiosk content info build/demo.sqlite
    """
    with _open(pack) as p:
        meta, counts = p.meta, p.counts()
    data = {
        "pack_id": meta.pack_id,
        "title": meta.title.ru,
        "version": meta.version,
        "schema_version": meta.schema_version,
        "created_at": meta.created_at,
        "region": meta.region,
        "languages": list(meta.languages),
        "demo": meta.demo,
        "content_hash": meta.content_hash,
        # the office's key that requests are sealed to: worth a look before publishing
        "inbox_public_key": meta.inbox_public_key,
        "counts": counts,
    }
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key, value in data.items():
        if key == "counts":
            value = ", ".join(f"{n} {name}" for name, n in value.items())
        elif isinstance(value, list):
            value = ", ".join(value)
        elif key == "inbox_public_key" and value is None:
            value = "none: the pack takes no requests"
        click.echo(f"{key + ':':18}{value}")


@content_cli.command()
@click.argument("pack", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("query")
@click.option(
    "--lang",
    type=click.Choice(["ru", "en"]),
    default="ru",
    show_default=True,
    help="Language of the titles shown (the search itself covers both).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=10,
    show_default=True,
    help=f"How many results at most (1 to {MAX_LIMIT}).",
)
def search(pack: Path, query: str, lang: str, as_json: bool, limit: int) -> None:
    """Search a pack as a citizen would: word forms, typos and synonyms are understood.

    \b
    Example:
      kiosk content search build/demo.sqlite "пособее на рибенка"
      kiosk content search build/demo.sqlite "disability" --lang en --json
    """
    with _open(pack) as p:
        hits = p.search(query, limit=limit)
    if as_json:
        rows = [
            {"kind": h.kind, "id": h.id, "title": h.title.get(lang), "score": round(h.score, 3)}
            for h in hits
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("nothing found")
    for h in hits:
        click.echo(f"{h.kind:8} {h.id:40} {h.title.get(lang)}")


@content_cli.command("import-hsds")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The content folder to write.",
)
@click.option("--force", is_flag=True, help="Replace the imported files in a non-empty OUTPUT.")
def import_hsds_command(source: Path, output: Path, force: bool) -> None:
    """Turn an Open Referral HSDS dataset (CSV folder or zip) into a content folder.

    Reads HSDS 3.0 and the 1.x layout; UTF-8 (with or without BOM) or Windows-1251.
    Broken rows are reported with file and line; the rest is imported.

    \b
    Example:
      kiosk content import-hsds directory.zip -o content/imported
      kiosk content validate content/imported
    """
    from content.publisher.hsds import import_hsds

    try:
        report = import_hsds(source, output, overwrite=force)
    except FileExistsError as exc:
        message = f"{output} is not empty; use --force to replace an earlier import"
        raise click.ClickException(message) from exc
    except OSError as exc:  # a read-only or full disk, a file where the folder should be
        where = Path(exc.filename) if exc.filename else output
        verb = "write" if where.is_relative_to(output) else "read"
        raise click.ClickException(f"cannot {verb} {where}: {exc.strerror or exc}") from exc
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(
        f"wrote {output}: {report.services} services, {report.agencies} agencies, "
        f"{report.locations} offices"
    )
    errors = [p for p in report.problems if p.severity == "error"]
    sys.exit(1 if errors else 0)
