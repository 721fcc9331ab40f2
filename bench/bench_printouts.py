"""Time the printouts: a leaflet, a brochure of about twenty pages, a receipt.

    .venv/bin/python bench/bench_printouts.py [--reps 9] [--pack build/demo.sqlite]

All from the demo pack (built into a temporary folder if build/demo.sqlite is missing).
The brochure is the demo pack's largest category, "older-people": sixteen services, 21
A4 pages. Each printout is rendered once to warm up (fonts registered, QR matrices of the
pack's addresses built and cached: choosing the best mask costs ~19 ms a new address),
then `reps` times; the median and the worst run are reported. That first, cold render of
the leaflet is reported too: it is what the first visitor after a restart waits for.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from content.pack.reader import open_pack  # noqa: E402

SERVICE = "child-birth-grant"  # two agencies, twelve offices, three codes: a long leaflet
CATEGORY = "older-people"
TARGETS_MS = {"leaflet": 60.0, "brochure": 1000.0}


def _pack_path(given: Path | None, tmp: Path) -> Path:
    if given is not None:
        return given
    built = ROOT / "build" / "demo.sqlite"
    if built.exists():
        return built
    from content.publisher.build import build_pack

    build_pack(ROOT / "content" / "demo", tmp / "demo.sqlite")
    return tmp / "demo.sqlite"


def _time(make, reps: int) -> dict:
    make()  # warm
    times, printout = [], None
    for _ in range(reps):
        started = time.perf_counter()
        printout = make()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": statistics.median(times),
        "max_ms": max(times),
        "pages": printout.pages,
        "kb": len(printout.pdf) / 1024,
    }


def run(reps: int = 9, pack_path: Path | None = None) -> dict:
    """Render times in milliseconds, warm: leaflet, brochure, receipt, and the cold leaflet."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _pack_path(pack_path, Path(tmp))
        started = time.perf_counter()
        import printouts

        with open_pack(path) as pack:
            printouts.leaflet(pack, SERVICE)
            cold_ms = (time.perf_counter() - started) * 1000
            results = {
                "leaflet": _time(lambda: printouts.leaflet(pack, SERVICE), reps),
                "leaflet_large": _time(lambda: printouts.leaflet(pack, SERVICE, large=True), reps),
                "brochure": _time(lambda: printouts.brochure(pack, CATEGORY), reps),
                "receipt": _time(lambda: printouts.receipt(pack, SERVICE), reps),
            }
    results["brochure"]["category"] = CATEGORY
    return {
        "reps": reps,
        "service": SERVICE,
        "cold_leaflet_ms": cold_ms,
        "results": results,
        "targets_ms": TARGETS_MS,
    }


def report(r: dict) -> str:
    """The results as lines of text, each with its target where there is one."""
    lines = [f"printouts, warm, median of {r['reps']} runs (worst):"]
    for name, m in r["results"].items():
        what = f"{name} ({m['category']})" if "category" in m else f"{name} ({r['service']})"
        target = r["targets_ms"].get(name)
        verdict = ""
        if target is not None:
            verdict = (
                f"  target < {target:.0f} ms: {'met' if m['median_ms'] < target else 'MISSED'}"
            )
        lines.append(
            f"  {what}: {m['median_ms']:.0f} ms ({m['max_ms']:.0f} ms), {m['pages']} page(s), "
            f"{m['kb']:.0f} KB{verdict}"
        )
    lines.append(
        f"  first leaflet after start (import, fonts, QR masks): {r['cold_leaflet_ms']:.0f} ms"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--pack", type=Path, default=None)
    args = parser.parse_args()
    print(report(run(args.reps, args.pack)))


if __name__ == "__main__":
    main()
