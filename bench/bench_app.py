"""The touch app's benchmark: cold start, tap to drawn, peak memory; demo and 100,000 services.

    .venv/bin/python -m bench.bench_app [--reps 9] [--no-big] [--json PATH]

Each measurement runs bench/app_probe.py in a fresh process (Kivy allows one window per
process, and a cold start needs a new process anyway). The demo pack is build/demo.sqlite
(kiosk.cli.paths.default_pack(), rebuilt when content/demo changed); the big one is
bench.synthetic.cached_pack(). `python -m bench --only app` runs this and writes its section
of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGETS = {"start_s": 1.5, "tap_ms": 100.0, "peak_mb": 250.0}
PAGES_ORDER = (
    "home",
    "category",
    "service",
    "search",
    "search_results",
    "finder",
    "finder_result",
    "agencies",
    "agency",
    "events",
    "my_list",
)
TAPS_TIMEOUT_S = 900
"""A page that builds tens of thousands of widgets can take minutes; the rest is kept."""


def probe(pack: Path | str, mode: str, *extra: str, timeout: float = 300) -> tuple[list, float]:
    """Run one probe; its PROBE results and the wall time just before it was spawned."""
    command = [sys.executable, "-m", "bench.app_probe", "--pack", str(pack), "--mode", mode]
    env = dict(os.environ, KIVY_NO_CONSOLELOG="1")
    spawned = time.time()
    try:
        done = subprocess.run(
            [*command, *extra],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        out, failed = done.stdout, done.returncode != 0
        err = done.stderr
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        failed, err = True, f"timed out after {timeout:.0f} s"
    results = [json.loads(line[6:]) for line in out.splitlines() if line.startswith("PROBE ")]
    if failed:
        results.append({"mode": "failed", "stderr": (err or "")[-2000:]})
    return results, spawned


def cold_starts(packs: dict[str, Path], reps: int) -> dict:
    """Spawn to first frame, `reps` times each, the bare Kivy app interleaved with the app."""
    runs: dict[str, list[dict]] = {"bare": [], **{name: [] for name in packs}}
    demo = next(iter(packs.values()))
    for _ in range(reps):
        for name, pack in [("bare", demo), *packs.items()]:
            results, spawned = probe(pack, "start", *(["--bare"] if name == "bare" else []))
            start = next((r for r in results if r["mode"] == "start"), None)
            if start is None:
                runs[name].append({"error": results[-1].get("stderr", "")})
                continue
            marks = {k: v - spawned for k, v in start["marks"].items()}
            runs[name].append(
                {"marks": marks, "peak_mb": start["peak_mb"], "redraw_ms": start.get("redraw_ms")}
            )
    out = {}
    for name, items in runs.items():
        good = [r for r in items if "marks" in r]
        firsts = [r["marks"]["first_frame"] for r in good]
        out[name] = {
            "runs": len(good),
            "errors": [r["error"] for r in items if "error" in r][:1],
            "median_s": median(firsts) if firsts else None,
            "max_s": max(firsts) if firsts else None,
            "marks": {
                k: median(r["marks"][k] for r in good) for k in (good[0]["marks"] if good else {})
            },
            "peak_mb": median(r["peak_mb"] for r in good) if good else None,
            "redraw_ms": _median([r["redraw_ms"] for r in good if r.get("redraw_ms")]),
        }
    return out


def _median(values: list[float]) -> float | None:
    return median(values) if values else None


def tap_times(pack: Path, reps: int) -> dict:
    """Per page: tap to first frame and to settled layout, median and max; widgets, redraw.

    A page that is not drawn within app_probe.PAGE_TIMEOUT_S ends its probe; a new probe
    measures the pages after it.
    """
    out: dict = {"keys": {}, "pages": {}, "failed": None}
    todo = list(PAGES_ORDER)
    while todo:
        pages = [arg for page in todo for arg in ("--page", page)]
        results, _ = probe(pack, "taps", "--reps", str(reps), *pages, timeout=TAPS_TIMEOUT_S)
        for r in results:
            if r["mode"] == "keys":
                out["keys"] = r["keys"]
            elif r["mode"] == "tap":
                out["pages"][r["page"]] = _page(r)
            elif r["mode"] == "timeout":
                out["pages"][r["page"]] = {
                    "about": r["page"],
                    "reps": 0,
                    "timeout_s": r["seconds"],
                    "error": f"not drawn within {r['seconds']:.0f} s",
                }
        done = [page for page in todo if page in out["pages"]]
        if not any(r["mode"] == "timeout" for r in results):
            failed = next((r for r in results if r["mode"] == "failed"), None)
            out["failed"] = failed["stderr"] if failed else None
            break
        todo = [page for page in todo if page not in done]
    return out


def _page(r: dict) -> dict:
    runs = [x for x in r.get("runs", []) if x["first_ms"] is not None]
    page = {"about": r["about"], "reps": len(runs), "error": r.get("error")}
    if runs:
        first = [x["first_ms"] for x in runs]
        page.update(
            median_ms=median(first),
            max_ms=max(first),
            settled_median_ms=median(x["settled_ms"] for x in runs),
            settled_frames=max(x["settled_frames"] for x in runs),
            action_median_ms=median(x["action_ms"] for x in runs),
            redraw_median_ms=median(x["redraw_ms"] for x in runs),
            widgets=runs[-1]["widgets"],
            peak_mb=r.get("peak_mb"),
        )
    return page


MEMORY_RUNS = 3
"""Runs of each peak memory measure; the highest is reported (they differ by a few MB)."""


def peak_memory(packs: dict[str, Path]) -> dict:
    """VmHWM after every screen, for a visitor who reads each page (the app collects its
    garbage meanwhile) and, as `no_pause`, for one who taps on at once; the highest of
    MEMORY_RUNS runs each. Where a page is too slow, the peak when it was stopped (a lower
    bound) and the peak of a second run without that page."""
    demo = next(iter(packs.values()))
    out = {}
    for name, pack in [("bare", demo), *packs.items()]:
        if name == "bare":
            out[name] = _memory(probe(pack, "memory", "--bare", timeout=TAPS_TIMEOUT_S)[0])
            continue
        out[name] = _highest(_peak_memory(pack) for _ in range(MEMORY_RUNS))
        out[name]["no_pause"] = _highest(
            _peak_memory(pack, "--read-s", "0") for _ in range(MEMORY_RUNS)
        )
    return out


def _highest(entries) -> dict:
    """The entry with the highest peak, with every run's peak as `runs_mb`."""
    entries = list(entries)
    top = max(entries, key=lambda e: e["peak_mb"] or 0)
    return {**top, "runs_mb": [e["peak_mb"] for e in entries]}


def _peak_memory(pack: Path, *args: str) -> dict:
    results, _ = probe(pack, "memory", *args, timeout=TAPS_TIMEOUT_S)
    entry = _memory(results)
    stopped = next((r for r in results if r["mode"] == "timeout"), None)
    if stopped:
        entry.update(stopped_at=stopped["page"], peak_mb=stopped["peak_mb"], at_least=True)
        rest = [a for page in PAGES_ORDER if page != stopped["page"] for a in ("--page", page)]
        results, _ = probe(pack, "memory", *args, *rest, timeout=TAPS_TIMEOUT_S)
        entry["without"] = _memory(results)
    return entry


def _memory(results: list) -> dict:
    found = next((r for r in results if r["mode"] in ("memory", "start")), None)
    failed = next((r for r in results if r["mode"] == "failed"), None)
    return {
        "peak_mb": found["peak_mb"] if found else None,
        "at_start_mb": found.get("at_start_mb") if found else None,
        "screens": found.get("screens", []) if found else [],
        "read_s": found.get("read_s") if found else None,
        "gc_passes": found.get("gc_passes") if found else None,
        "error": failed["stderr"] if failed and not found else None,
    }


def packs(big: bool) -> tuple[dict[str, Path], dict]:
    from kiosk.cli.paths import default_pack

    chosen = {"demo": default_pack()}
    record: dict = {}
    if big:
        from bench import synthetic

        path, record = synthetic.cached_pack(synthetic.DEFAULT_SERVICES)
        chosen["100k"] = path
    return chosen, record


def run(reps: int = 9, big: bool = True) -> dict:
    """Every measurement for the demo pack and (big=True) the 100,000-service pack."""
    started = time.perf_counter()
    chosen, record = packs(big)
    load_before = os.getloadavg()
    results = {
        "reps": reps,
        "packs": {name: str(path.relative_to(ROOT)) for name, path in chosen.items()},
        "big_pack": record,
        "targets": TARGETS,
        "start": cold_starts(chosen, reps),
        "taps": {name: tap_times(path, reps) for name, path in chosen.items()},
        "memory": peak_memory(chosen),
    }
    results["load"] = {"before": load_before, "after": os.getloadavg()}
    results["took_s"] = time.perf_counter() - started
    return results


def _f(value, fmt: str, missing: str = "–") -> str:
    return missing if value is None else format(value, fmt)


def report(r: dict) -> str:
    """The results as plain text tables."""
    lines = [f"cold start, spawn to first frame drawn ({r['reps']} runs): median / max"]
    for name, s in r["start"].items():
        marks = ", ".join(f"{k} {v:.2f}" for k, v in s["marks"].items())
        lines.append(
            f"  {name:6} {_f(s['median_s'], '.2f')} s / {_f(s['max_s'], '.2f')} s  ({marks})"
            + (f"  errors: {s['errors']}" if s["errors"] else "")
        )
    for name, t in r["taps"].items():
        lines.append(f"tap to drawn, {name} pack: first frame median / max; settled; ")
        lines.append("  page: first med/max ms | settled ms (frames) | action | redraw | widgets")
        for page in PAGES_ORDER:
            p = t["pages"].get(page)
            if p is None:
                lines.append(f"  {page:15} not measured")
                continue
            if "median_ms" not in p:
                lines.append(f"  {page:15} {p['error']}")
                continue
            lines.append(
                f"  {page:15} {p['median_ms']:7.0f} / {p['max_ms']:7.0f} | "
                f"{p['settled_median_ms']:7.0f} ({p['settled_frames']}) | "
                f"{p['action_median_ms']:6.0f} | {p['redraw_median_ms']:5.0f} | {p['widgets']}"
                f"  [{p['reps']} reps]"
            )
        if t["failed"]:
            lines.append("  probe failed: " + t["failed"].strip().splitlines()[-1])
    lines.append("peak memory (VmHWM) after every screen, each read / tapped through:")
    for name, m in r["memory"].items():
        for label, entry in (("", m), (" no pause", m.get("no_pause"))):
            if entry is None:
                continue
            lines.append(
                f"  {name + label:15} {'≥ ' if entry.get('at_least') else ''}"
                f"{_f(entry['peak_mb'], '.0f')} MB"
                + (f" (after start {entry['at_start_mb']:.0f} MB)" if entry["at_start_mb"] else "")
                + (f", {entry['gc_passes']} gc passes" if entry.get("gc_passes") else "")
                + (f"  error: {entry['error'].strip().splitlines()[-1]}" if entry["error"] else "")
            )
            if entry.get("stopped_at"):
                lines.append(
                    f"         stopped at {entry['stopped_at']} (not drawn in time); without it: "
                    f"{_f(entry['without']['peak_mb'], '.0f')} MB"
                )
    load = r["load"]
    lines.append(
        f"load average before {load['before'][0]:.1f}, after {load['after'][0]:.1f}; "
        f"took {r['took_s']:.0f} s"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--no-big", action="store_true", help="the demo pack only")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = run(args.reps, big=not args.no_big)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return results


if __name__ == "__main__":
    main()
