"""Finding the HSDS CSV files in a folder or a .zip and reading them into checked rows.

A dataset is a folder or a .zip, with or without datapackage.json; files are UTF-8 with or
without BOM, else Windows-1251, and every row is checked against its table's spec.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from content.publisher.fields import Problems
from content.publisher.hsds.specs import TABLES, TableSpec, is_ignored, table_for

csv.field_size_limit(16 * 1024 * 1024)


# -- the dataset: a folder or a zip --------------------------------------------------------


@dataclass
class CsvFile:
    name: str  # as shown in problems: the path inside the dataset
    _read: object

    def read(self) -> bytes:
        return self._read()


@dataclass
class Dataset:
    tables: dict[str, CsvFile] = field(default_factory=dict)
    datapackage: dict = field(default_factory=dict)
    label: str = ""


def open_dataset(source: str | Path, problems: Problems) -> Dataset:
    """Find the HSDS tables in a folder or a .zip; problems name what was left out."""
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    if path.is_dir():
        entries = {
            p.relative_to(path).as_posix(): (lambda p=p: p.read_bytes())
            for p in sorted(path.rglob("*"))
            if p.is_file() and not any(part.startswith((".", "__MACOSX")) for part in
                                       p.relative_to(path).parts)
        }  # fmt: skip
    elif zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        entries = {
            info.filename: (lambda n=info.filename: archive.read(n))
            for info in sorted(archive.infolist(), key=lambda i: i.filename)
            if not info.is_dir() and not info.filename.startswith("__MACOSX")
        }
    else:
        raise ValueError(f"{path} is neither a folder nor a .zip of HSDS CSV files")
    dataset = Dataset(label=path.name)
    packages = sorted((n for n in entries if PurePosixPath(n).name == "datapackage.json"),
                      key=lambda n: (n.count("/"), n))  # fmt: skip
    if packages:
        _use_datapackage(packages[0], entries, dataset, problems)
    csvs = sorted((n for n in entries if n.lower().endswith(".csv")),
                  key=lambda n: (n.count("/"), n))  # fmt: skip
    claimed = {f.name for f in dataset.tables.values()}
    for name in csvs:
        if name in claimed:
            continue
        table = table_for(name)
        if table is None:
            if not is_ignored(name):
                problems.warning(name, 0, "not an HSDS table the importer knows; skipped")
            continue
        if table in dataset.tables:
            if dataset.tables[table].name != name:
                problems.warning(
                    name, 0, f"a second '{table}' table ({dataset.tables[table].name} is used)"
                )
            continue
        dataset.tables[table] = CsvFile(name, entries[name])
    return dataset


def _use_datapackage(name: str, entries: dict, dataset: Dataset, problems: Problems) -> None:
    try:
        meta = json.loads(entries[name]().decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        problems.error(name, 0, f"datapackage.json cannot be read ({exc}); using file names")
        return
    if not isinstance(meta, dict):
        return
    dataset.datapackage = meta
    base = PurePosixPath(name).parent
    for resource in meta.get("resources") or []:
        if not isinstance(resource, dict):
            continue
        paths = resource.get("path")
        paths = paths if isinstance(paths, list) else [paths]
        table = table_for(str(resource.get("name") or "")) or table_for(str(paths[0] or ""))
        if table is None or table in dataset.tables:
            continue
        for rel in paths:
            if not isinstance(rel, str) or "://" in rel:
                continue
            full = str(base / rel) if str(base) != "." else rel
            if full in entries:
                dataset.tables[table] = CsvFile(full, entries[full])
                break
            problems.error(name, 0, f"resource '{resource.get('name')}': no file '{full}'")


# -- CSV -----------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1251 as Russian spreadsheets save it."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace"), "cp1251"


@dataclass
class Table:
    name: str  # canonical table name
    file: str  # file name for problems
    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]  # (physical line where the row starts, values)


def read_table(table: str, file: CsvFile, problems: Problems) -> Table | None:
    """The rows of one table that can be used; every other row becomes a problem."""
    spec = TABLES[table]
    text, _ = decode(file.read())
    text = text.replace("\x00", "")
    first = text.split("\n", 1)[0]
    # Russian Excel saves "CSV" with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = _read_header(reader, spec, file, problems)
    if columns is None:
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    seen_ids: dict[str, int] = {}
    width = len(columns)
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.error(file.name, start, f"the row cannot be read: {exc}")
            continue
        if not any(v.strip() for v in values):
            continue
        if len(values) < width and all(c not in spec.columns for c in columns[len(values) :]):
            # The last fields are left off, but they are columns the importer does not read
            # (the HSDS 3.0 example taxonomy_terms.csv is written so): nothing is lost.
            problems.warning(file.name, start, f"the row has {len(values)} fields, the header "
                             f"has {width}; the missing ones are not used")  # fmt: skip
            values = values + [""] * (width - len(values))
        if len(values) != width:
            problems.error(
                file.name,
                start,
                f"the row has {len(values)} fields, the header has {width}; skipped",
            )
            continue  # fmt: skip
        row = {c: v.strip() for c, v in zip(columns, values, strict=True) if c}
        empty = [c for c in spec.required if not row.get(c)]
        if empty:
            problems.error(file.name, start, f"empty {', '.join(empty)}; the row was skipped")
            continue
        if spec.row_id:
            if row["id"] in seen_ids:
                problems.error(file.name, start, f"duplicate id '{row['id']}' (first on line "
                               f"{seen_ids[row['id']]}); the row was skipped")  # fmt: skip
                continue
            seen_ids[row["id"]] = start
        rows.append((start, row))
    return Table(table, file.name, columns, rows)


def _read_header(
    reader, spec: TableSpec, file: CsvFile, problems: Problems
) -> tuple[str, ...] | None:
    """The normalized column names, or None when the table cannot be used."""
    try:
        header = next(reader)
    except StopIteration:
        problems.warning(file.name, 1, "the file is empty")
        return None
    except csv.Error as exc:
        problems.error(file.name, 1, f"the header cannot be read: {exc}")
        return None
    columns = tuple(re.sub(r"\s+", "_", h.strip().strip("\ufeff").lower()) for h in header)
    missing = [c for c in spec.required if c not in columns]
    if missing:
        problems.error(file.name, 1, f"required column(s) missing: {', '.join(missing)}; "
                       "the table was skipped")  # fmt: skip
        return None
    unknown = [c for c in columns if c and c not in spec.columns]
    if unknown:
        problems.warning(file.name, 1, f"unknown column(s) ignored: {', '.join(unknown)}")
    return columns
