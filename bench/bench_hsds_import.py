"""Time `import_hsds` on a generated HSDS 3.0 dataset (default 5,000 services).

    .venv/bin/python bench/bench_hsds_import.py [--services 5000] [--validate]

The dataset (500 organizations, 1,000 offices with addresses, phones and weekly schedules,
taxonomy links, documents) is written to a temporary folder, imported, and the wall time of
the import alone is printed. `--validate` also times the content validator on the result.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hsds_fixtures import large_hsds3_tables, write_tables  # noqa: E402

from content.publisher.hsds import import_hsds  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--validate", action="store_true", help="also time the validator")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = write_tables(Path(tmp) / "hsds", large_hsds3_tables(args.services))
        started = time.perf_counter()
        report = import_hsds(source, Path(tmp) / "out", today=date(2026, 1, 1))
        elapsed = time.perf_counter() - started
        errors = sum(p.severity == "error" for p in report.problems)
        print(
            f"import_hsds: {report.services} services, {report.agencies} agencies, "
            f"{report.locations} offices in {elapsed:.2f} s "
            f"({report.services / elapsed:,.0f} services/s); {errors} errors, "
            f"{len(report.problems) - errors} warnings"
        )
        if args.validate:
            from content.publisher.sources import load_folder

            started = time.perf_counter()
            loaded = load_folder(Path(tmp) / "out")
            print(
                f"validate: {len(loaded.problems.errors)} errors "
                f"in {time.perf_counter() - started:.2f} s"
            )


if __name__ == "__main__":
    main()
