"""Reading Open Referral HSDS tabular datasets: files, tables, columns and cell values.

`content.hsds` turns the tables into a content folder; this module only finds the CSV
files (a folder or a .zip, with or without datapackage.json), decodes them (UTF-8 with or
without BOM, else Windows-1251), checks their shape row by row and parses the values HSDS
uses (ids, times, weekdays, dates, HTML descriptions).

Table and column names are those of HSDS 3.0 (singular table names, `schedule.byday`,
`attribute`, `taxonomy_term`, `address`, `url`) and of the HSDS 1.x data packages most
directories still publish (plural names, `regular_schedules.weekday`, `physical_addresses`,
`services_taxonomy`, `accessibility_for_disabilities`, `eligibility`).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from content.fields import Problem, Problems

csv.field_size_limit(16 * 1024 * 1024)


# The importer reports problems exactly as the validator does: `file:line: [warning: ]message`.
ImportProblem = Problem


# -- tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    names: tuple[str, ...]  # file stems / datapackage resource names, 3.0 first
    columns: tuple[str, ...]  # every column the importer knows (3.0 and 1.x)
    required: tuple[str, ...] = ()  # columns without which no row is usable
    row_id: bool = False  # rows must have a unique `id`


def _cols(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TABLES: dict[str, TableSpec] = {
    "organization": TableSpec(
        ("organization", "organizations"),
        _cols("id name alternate_name description email website url tax_status tax_id "
              "year_incorporated legal_status logo uri parent_organization_id last_modified"),
        ("id", "name"), True,
    ),
    "service": TableSpec(
        ("service", "services"),
        _cols("id organization_id program_id name alternate_name description short_description "
              "url email status interpretation_services application_process fees_description "
              "wait_time fees accreditations eligibility_description minimum_age maximum_age "
              "assured_date assurer_email licenses alert last_modified"),
        ("id", "name"), True,
    ),
    "location": TableSpec(
        ("location", "locations"),
        _cols("id location_type url organization_id name alternate_name description "
              "transportation latitude longitude external_identifier external_identifier_type"),
        ("id",), True,
    ),
    "service_at_location": TableSpec(
        ("service_at_location", "services_at_location", "service_at_locations",
         "services_at_locations"),
        _cols("id service_id location_id description"),
        ("service_id", "location_id"),
    ),
    "address": TableSpec(
        ("address", "addresses", "physical_address", "physical_addresses"),
        _cols("id location_id attention address_1 address_2 address_3 address_4 city region "
              "state_province postal_code country address_type"),
        ("location_id",),
    ),
    "postal_address": TableSpec(
        ("postal_address", "postal_addresses"),
        _cols("id location_id attention address_1 address_2 address_3 address_4 city region "
              "state_province postal_code country address_type"),
        ("location_id",),
    ),
    "phone": TableSpec(
        ("phone", "phones"),
        _cols("id location_id service_id organization_id contact_id service_at_location_id "
              "number extension type language description department"),
        ("number",),
    ),
    "schedule": TableSpec(
        ("schedule", "schedules", "regular_schedule", "regular_schedules"),
        _cols("id service_id location_id service_at_location_id valid_from valid_to dtstart "
              "timezone until count wkst freq interval byday byweekno bymonthday byyearday "
              "description opens_at closes_at schedule_link attending_type notes weekday"),
    ),
    "holiday_schedule": TableSpec(
        ("holiday_schedule", "holiday_schedules"),
        _cols("id service_id location_id service_at_location_id closed opens_at closes_at "
              "start_date end_date"),
    ),
    "accessibility": TableSpec(
        ("accessibility", "accessibilities", "accessibility_for_disabilities"),
        _cols("id location_id description details url accessibility"),
        ("location_id",),
    ),
    "taxonomy": TableSpec(
        ("taxonomy", "taxonomies"),
        _cols("id name description uri version parent_id parent_name vocabulary"),
        ("id",), True,
    ),
    "taxonomy_term": TableSpec(
        ("taxonomy_term", "taxonomy_terms"),
        _cols("id code name description parent_id language taxonomy taxonomy_id term_uri "
              "version"),
        ("id",), True,
    ),
    "attribute": TableSpec(
        ("attribute", "attributes"),
        _cols("id link_id taxonomy_term_id link_type link_entity value label"),
        ("link_id", "taxonomy_term_id"),
    ),
    "service_taxonomy": TableSpec(
        ("services_taxonomy", "service_taxonomy", "services_taxonomies", "service_taxonomies",
         "service_attribute", "service_attributes"),
        _cols("id service_id taxonomy_id taxonomy_term_id taxonomy_detail"),
        ("service_id",),
    ),
    "cost_option": TableSpec(
        ("cost_option", "cost_options"),
        _cols("id service_id valid_from valid_to option currency amount amount_description"),
        ("service_id",),
    ),
    "required_document": TableSpec(
        ("required_document", "required_documents"),
        _cols("id service_id document uri"),
        ("service_id", "document"),
    ),
    "eligibility": TableSpec(
        ("eligibility", "eligibilities"),
        _cols("id service_id eligibility"),
        ("service_id", "eligibility"),
    ),
    "url": TableSpec(("url", "urls"), _cols("id label url organization_id service_id"), ("url",)),
    "metadata": TableSpec(
        ("metadata",),
        _cols("id resource_id resource_type last_action_date last_action_type field_name "
              "previous_value replacement_value updated_by"),
        ("resource_id",),
    ),
}  # fmt: skip

IGNORED_TABLES = frozenset(
    "contact contacts program programs funding fundings language languages service_area "
    "service_areas organization_identifier organization_identifiers service_capacity "
    "service_capacities unit units meta_table_description meta_table_descriptions "
    "payments_accepted payment_accepted location_taxonomy".split()
)
"""HSDS tables the kiosk has no place for; they are skipped without a warning."""

_ALIASES = {name: key for key, spec in TABLES.items() for name in spec.names}


def table_for(name: str) -> str | None:
    """'services' / 'Services.csv' / 'regular_schedules' -> the canonical table name."""
    stem = PurePosixPath(name).name.lower()
    stem = stem[:-4] if stem.endswith(".csv") else stem
    return _ALIASES.get(stem.replace("-", "_").replace(" ", "_"))


def _is_ignored(name: str) -> bool:
    stem = PurePosixPath(name).name.lower().removesuffix(".csv")
    return stem.replace("-", "_") in IGNORED_TABLES


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
            if not _is_ignored(name):
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
    spec = TABLES[table]
    text, _ = decode(file.read())
    text = text.replace("\x00", "")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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


# -- ids -----------------------------------------------------------------------------------

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
    strict=True,
))  # fmt: skip
_TRANSLIT.update({"ъ": "", "ь": ""})


def translit(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


def slugify(text: str, limit: int = 64) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", translit(text)).strip("-")
    return slug[:limit].rstrip("-")


class Ids:
    """HSDS ids -> content ids: kept when already valid, else a slug; stable across runs."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.by_raw: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, raw: str) -> str:
        if raw in self.by_raw:
            return self.by_raw[raw]
        candidate = raw.strip().lower()
        if not ID_RE.match(candidate):
            candidate = slugify(raw.strip(), 56)
            if len(candidate) < 2 or not candidate[0].isalnum():
                candidate = f"{self.prefix}-{candidate}".strip("-")
        if candidate in self.used:
            digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:8]
            candidate = f"{candidate[:55]}-{digest}"
        self.used.add(candidate)
        self.by_raw[raw] = candidate
        return candidate


# -- values --------------------------------------------------------------------------------

_TIME = re.compile(
    r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2})(?:\.\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?"
    r"\s*(?:z|utc|[+-]\d{2}(?::?\d{2})?)?$"
)


def parse_time(value: str) -> str:
    """'9:00', '09:00:00', '09:00+05:00', '0900', '9 pm' -> 'HH:MM'; raises ValueError."""
    text = value.strip().lower()
    if re.fullmatch(r"\d{4}", text):
        text = f"{text[:2]}:{text[2:]}"
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"cannot read the time '{value}'")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(4) or "").replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(f"cannot read the time '{value}'")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise ValueError(f"'{value}' is not a time of day")
    return f"{hour:02d}:{minute:02d}"


WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
_DAY_NAMES = {
    **{d: i for i, d in enumerate(WEEKDAYS)},
    **{d: i for i, d in enumerate("mon tue wed thu fri sat sun".split())},
    **{d: i for i, d in enumerate(
        "monday tuesday wednesday thursday friday saturday sunday".split())},
    **{d: i for i, d in enumerate("пн вт ср чт пт сб вс".split())},
    **{d: i for i, d in enumerate(
        "понедельник вторник среда четверг пятница суббота воскресенье".split())},
    **{str(i + 1): i for i in range(7)},  # 1 = Monday ... 7 = Sunday (ISO 8601)
    "0": 6,  # some exports count from Sunday = 0
    "tues": 1, "thur": 3, "thurs": 3, "weds": 2,
}  # fmt: skip


def parse_days(value: str) -> list[str]:
    """'MO,TU' / 'Monday' / 'пн-пт' / '1' -> ['mo', ...]; raises ValueError."""
    days: list[str] = []
    for part in re.split(r"[,;\s]+", value.strip().lower()):
        if not part:
            continue
        first, _, last = part.replace("–", "-").partition("-")
        if re.match(r"^[+-]?\d+[a-z]{2}$", first):
            raise ValueError(f"'{part}' is a monthly day, not a weekly one")
        try:
            start = _DAY_NAMES[first.rstrip(".")]
            end = _DAY_NAMES[last.rstrip(".")] if last else start
        except KeyError:
            raise ValueError(f"unknown day '{part}'") from None
        span = range(start, end + 1) if end >= start else [*range(start, 7), *range(0, end + 1)]
        days.extend(WEEKDAYS[i] for i in span if WEEKDAYS[i] not in days)
    if not days:
        raise ValueError("no day given")
    return days


def parse_date(value: str) -> date:
    """'2025-03-01', '2025-03-01T10:00:00Z', '01.03.2025' -> a date; raises ValueError."""
    text = value.strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return date(*(int(g) for g in match.groups()))
    for fmt in ("%d.%m.%Y", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.split()[0], fmt).date()
        except (ValueError, IndexError):
            continue
    raise ValueError(f"cannot read the date '{value}'")


def parse_number(value: str) -> float | None:
    try:
        return float(value.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None


_BLOCK_TAGS = re.compile(r"</?(p|div|br|ul|ol|h\d)\b[^>]*>", re.I)


def html_to_markdown(text: str) -> str:
    """Descriptions often carry simple HTML; the kiosk reads Markdown."""
    if "<" in text and ">" in text:
        text = re.sub(r"<li\b[^>]*>\s*", "\n- ", text, flags=re.I)
        text = re.sub(r"</li>", "\n", text, flags=re.I)
        text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
        text = re.sub(r"<(b|strong)\b[^>]*>(.*?)</\1>", r"**\2**", text, flags=re.I | re.S)
        text = _BLOCK_TAGS.sub("\n\n", text)
        text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"(\n- [^\n]*)\n\n(?=- )", r"\1\n", text)
    return text.strip()


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a (Markdown) text, as a summary; cut at a word if too long."""
    plain = re.sub(r"[*_#>`]", "", text)
    plain = re.sub(r"^\s*-\s+", "", plain, flags=re.M)
    plain = " ".join(plain.split())
    match = re.search(r"^(.+?[.!?…])(?=\s+[«\"(A-ZА-ЯЁ0-9]|$)", plain)
    sentence = match.group(1) if match else plain
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence
