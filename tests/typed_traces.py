"""Looking for what a visitor typed where it must not be: in files, in what a process wrote
to its stdout and stderr, and in its log records.

A text is looked for in every form a program is likely to have written it in: UTF-8,
UTF-16 either way round (SQLite may keep text so), and JSON's ASCII escapes (`json.dumps`
by default writes Cyrillic and emoji as \\uXXXX). Results name the needle by its label, so
that a failure says which field leaked and where.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path


def written_forms(text: str) -> dict[str, bytes]:
    """`text` as the bytes a file or a stream would hold it in, by the encoding's name."""
    escaped = json.dumps(text)[1:-1]  # ensure_ascii: \\u0436, and surrogate pairs for emoji
    forms = {
        "utf-8": text.encode("utf-8"),
        "utf-16-le": text.encode("utf-16-le"),
        "utf-16-be": text.encode("utf-16-be"),
        "json-escaped": escaped.encode("ascii"),
        "json-escaped (upper hex)": _upper_hex(escaped).encode("ascii"),
    }
    return forms


def _upper_hex(escaped: str) -> str:
    out, i = [], 0
    while i < len(escaped):
        if escaped.startswith("\\u", i):
            out.append("\\u" + escaped[i + 2 : i + 6].upper())
            i += 6
        else:
            out.append(escaped[i])
            i += 1
    return "".join(out)


def traces_in(name: str, data: bytes, needles: Mapping[str, str]) -> list[str]:
    """'name: label (encoding)' for each needle found in `data`, in any written form."""
    found = []
    for label, text in needles.items():
        for encoding, pattern in written_forms(text).items():
            if pattern in data:
                found.append(f"{name}: {label} ({encoding})")
                break
    return found


def files_under(*roots: Path) -> list[Path]:
    """Every regular file under `roots` (a root may be a file itself)."""
    files = []
    for root in roots:
        root = Path(root)
        if root.is_file():
            files.append(root)
        elif root.is_dir():
            files += sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    return files


def traces_in_files(files: Iterable[Path], needles: Mapping[str, str]) -> list[str]:
    """`traces_in` over each file's bytes; for an SQLite file, over its values too.

    SQLite spreads a row longer than a page over overflow pages, so a long text in a
    database file is in no one piece of its bytes: the raw bytes find its words (and what
    deleted rows left in free pages), the values find it whole.
    """
    found = []
    for path in files:
        data = Path(path).read_bytes()
        found += traces_in(str(path), data, needles)
        if data.startswith(SQLITE_HEADER):
            found += traces_in(f"{path} (its values)", sqlite_values(Path(path)), needles)
    return sorted(set(found))


SQLITE_HEADER = b"SQLite format 3\x00"


def sqlite_values(path: Path) -> bytes:
    """Every value of every table of the database at `path` (and its write-ahead log),
    text as UTF-8, one after another."""
    values = []
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, str):
                        values.append(value.encode("utf-8"))
                    elif isinstance(value, bytes):
                        values.append(value)
    finally:
        db.close()
    return b"\n".join(values)


class LogLines(logging.Handler):
    """Every log record as a log file would hold it: the message and its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.lines: list[str] = []
        self._whole = logging.Formatter("%(levelname)s %(name)s: %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self._whole.format(record))


@contextlib.contextmanager
def all_records(logger: logging.Logger = logging.root) -> Iterator[LogLines]:
    """Every record of `logger` and below, DEBUG and up, while the block runs."""
    handler, level = LogLines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextlib.contextmanager
def output_into(path: Path) -> Iterator[None]:
    """Everything written to stdout and stderr while the block runs, by Python code
    (sys.stdout, sys.stderr) or below it (file descriptors 1 and 2: C libraries, SDL, a
    child process), into the file `path`. The streams are put back as they were."""
    sys.stdout.flush()
    sys.stderr.flush()
    with open(path, "wb") as sink:
        saved = {fd: os.dup(fd) for fd in (1, 2)}
        streams = sys.stdout, sys.stderr
        text = io.TextIOWrapper(
            io.FileIO(os.dup(sink.fileno()), "w"),
            encoding="utf-8",
            errors="backslashreplace",
            write_through=True,
        )
        try:
            for fd in saved:
                os.dup2(sink.fileno(), fd)
            sys.stdout = sys.stderr = text
            yield
        finally:
            text.flush()
            sys.stdout, sys.stderr = streams
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
            text.close()
