"""Import an Open Referral HSDS tabular dataset into a content folder (docs/authoring.md).

    report = import_hsds("dataset.zip", "content/imported")

The source is a folder of CSV files or a .zip of them, with or without datapackage.json,
in HSDS 3.0 or in the older 1.x layout (the version is told by which tables and columns
exist). The output is a folder staff can review, edit and `kiosk content validate`:
pack.yaml, categories.yaml (from taxonomy terms attached to services), districts.yaml (from
address cities), agencies/<id>.yaml (organizations with their locations) and
services/<category>/<id>.yaml. Texts go in as Russian; the validator then warns where
English is missing.

Nothing stops at the first bad row: every row that cannot be used is reported as an
ImportProblem with the CSV file and the physical line where the row starts, and the rest is
imported. The same input always gives the same files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from content.publisher.fields import Problem, Problems
from content.publisher.hsds.build import Builder
from content.publisher.hsds.tables import Table, open_dataset, read_table
from content.publisher.hsds.write import remove_generated, write_all

__all__ = ["ImportProblem", "ImportReport", "import_hsds"]

# The importer reports problems exactly as the validator does: `file:line: [warning: ]message`.
ImportProblem = Problem


@dataclass
class ImportReport:
    services: int
    agencies: int
    locations: int
    problems: list[ImportProblem] = field(default_factory=list)
    hsds_version: str = ""  # "3.x" or "1.x", as detected

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == "error"]


def import_hsds(
    source: str | Path,
    out_dir: str | Path,
    *,
    pack_id: str = "imported",
    region: str = "RU-PER",
    today: date | None = None,
    overwrite: bool = False,
) -> ImportReport:
    """Convert the HSDS dataset at `source` into a content folder at `out_dir`.

    `out_dir` must be missing or empty unless `overwrite` is true; then the files this
    importer writes (pack.yaml, categories.yaml, districts.yaml, agencies/, services/) are
    replaced and anything else in the folder (synonyms.yaml, events/) is left alone.
    `today` is the review date for items whose data carries none (default: today).
    """
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise FileExistsError(f"{out} is not empty (use overwrite to replace an earlier import)")
    problems = Problems()
    dataset = open_dataset(source, problems)
    tables: dict[str, Table] = {}
    for name, file in sorted(dataset.tables.items()):
        table = read_table(name, file, problems)
        if table is not None:
            tables[name] = table
    builder = Builder(tables, dataset, problems, today or date.today())
    builder.build(pack_id, region)
    if out.exists():
        remove_generated(out)
    write_all(out, builder.files)
    return ImportReport(
        services=builder.counts["services"],
        agencies=builder.counts["agencies"],
        locations=builder.counts["locations"],
        problems=list(problems),
        hsds_version=_detect_version(tables),
    )


def _detect_version(tables: dict[str, Table]) -> str:
    def has(table: str, column: str | None = None, file_stem: str | None = None) -> bool:
        t = tables.get(table)
        if t is None:
            return False
        if file_stem is not None:
            return Path(t.file).stem.lower().replace("-", "_") == file_stem
        return column is None or column in t.columns

    three = (
        has("attribute") or has("taxonomy_term") or has("url")
        or has("address", file_stem="address") or has("address", file_stem="addresses")
        or has("schedule", "byday") or has("organization", "website")
        or has("service", "eligibility_description") or has("service", "fees_description")
    )  # fmt: skip
    return "3.x" if three or not tables else "1.x"
