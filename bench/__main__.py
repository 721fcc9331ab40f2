"""Run the benchmarks and write docs/benchmarks.md: `python -m bench` (what `make bench` runs).

    .venv/bin/python -m bench [--services 100000] [--reps 3] [--rebuild] [--no-docs]
                              [--only search|app|printouts|sync|outbox] [--app-reps 9]

Runs bench/bench_search.py (search latency and recall on the synthetic pack, next to plain
sqlite-utils FTS), bench/bench_hsds_import.py if it is there, bench/bench_app.py (the
touch app: cold start, tap to drawn, peak memory), bench/bench_printouts.py and
bench/bench_sync.py (signed packs: publish, verify, install, resume) and
bench/bench_outbox.py (a request sealed and committed; 1,000 uploaded), prints their results
and rewrites docs/benchmarks.md with them. `--only app` (a few minutes) or another part
and rewrites only its sections of the page. The synthetic pack is cached in bench/.cache/;
the first run builds it (a few minutes for 100,000 services), later runs reuse it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import bench_search, relevance  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlite3

    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": f"{platform.system()} {platform.release()}",
    }


def run_hsds_import() -> str | None:
    """bench/bench_hsds_import.py's output, if that benchmark exists and has a main()."""
    try:
        module = importlib.import_module("bench.bench_hsds_import")
    except ModuleNotFoundError as exc:
        if exc.name in ("bench.bench_hsds_import",):
            return None
        raise
    if not hasattr(module, "main"):
        return None
    out = io.StringIO()
    argv = sys.argv
    sys.argv = ["bench_hsds_import.py"]  # its own defaults, not our options
    try:
        with contextlib.redirect_stdout(out):
            module.main()
    finally:
        sys.argv = argv
    return out.getvalue().strip()


def run_app_bench(reps: int) -> dict:
    """bench/bench_app.py's results (the touch app on the demo and the synthetic pack)."""
    from bench import bench_app

    results = bench_app.run(reps)
    print(bench_app.report(results), flush=True)
    return results


APP_HEADING = "## Touch app"


def render_app(a: dict) -> str:
    """The "Touch app" section of the page."""
    from bench.app_probe import READ_S
    from bench.bench_app import MEMORY_RUNS, PAGES_ORDER

    t = a["targets"]
    packs = [name for name in a["taps"]]
    cols = {"demo": "demo pack", "100k": "100,000 services"}
    head = " | ".join(cols.get(name, name) for name in packs)
    start, mem = a["start"], a["memory"]

    def met(values: list, limit: float) -> str:
        known = [v for v in values if v is not None]
        if not known:
            return "–"
        return " / ".join(_ok(v < limit) for v in values if v is not None)

    def cell(value, unit: str, fmt: str = ".2f") -> str:
        return "–" if value is None else f"{value:{fmt}} {unit}"

    def page_ms(name: str, page: str) -> tuple[str, float | None]:
        """The cell of one page, and the value the target is checked on."""
        p = a["taps"][name]["pages"].get(page) or {}
        if p.get("timeout_s"):
            return f"not drawn in {p['timeout_s']:.0f} s", float("inf")
        if p.get("median_ms") is None:
            return "–", None
        return f"{p['median_ms']:.0f} ms ({p['max_ms']:.0f} ms)", p["median_ms"]

    lines = [
        APP_HEADING,
        "",
        f"bench/bench_app.py, {a['reps']} runs of each; medians, and the worst run. Load average "
        f"{a['load']['before'][0]:.1f} before and {a['load']['after'][0]:.1f} after "
        f"on {os.cpu_count()} cores, {a['took_s']:.0f} s.",
        "",
        f"| measure | {head} | target | met |",
        "|---|" + "---|" * len(packs) + "---|---|",
    ]
    firsts = [start[name]["median_s"] for name in packs]
    lines.append(
        "| cold start to the first frame, median (max) | "
        + " | ".join(
            f"{cell(start[n]['median_s'], 's')} ({cell(start[n]['max_s'], 's')})" for n in packs
        )
        + f" | < {t['start_s']} s | {met(firsts, t['start_s'])} |"
    )
    bare = start["bare"]
    lines.append(
        f"| bare Kivy app (one Label), the same way | {cell(bare['median_s'], 's')} "
        f"({cell(bare['max_s'], 's')})" + " |" * len(packs) + " | |"
    )
    for page in PAGES_ORDER:
        values = [page_ms(name, page) for name in packs]
        if all(v[1] is None for v in values):
            continue
        about = next(
            (a["taps"][n]["pages"][page]["about"] for n in packs if page in a["taps"][n]["pages"]),
            page,
        ).split(" (")[0]
        lines.append(
            f"| tap to drawn: {about}, median (max) | "
            + " | ".join(v[0] for v in values)
            + f" | < {t['tap_ms']:.0f} ms | {met([v[1] for v in values], t['tap_ms'])} |"
        )

    def worst(m: dict) -> float | None:
        return max(m["peak_mb"] or 0, (m.get("without") or {}).get("peak_mb") or 0) or None

    def peak(m: dict) -> str:
        if not m.get("stopped_at"):
            runs = [r for r in m.get("runs_mb") or () if r is not None]
            each = f" ({', '.join(f'{r:.0f}' for r in runs)})" if len(runs) > 1 else ""
            return cell(m["peak_mb"], "MB", ".0f") + each
        return (
            f"every screen but {m['stopped_at']}: {cell(m['without']['peak_mb'], 'MB', '.0f')}; "
            f"{m['stopped_at']} stopped, not drawn in time, at {m['peak_mb']:.0f} MB"
        )

    def no_pause(name: str) -> dict:
        return mem[name].get("no_pause") or {"peak_mb": None}

    lines += [
        "| peak memory after every screen, each page read for a moment (VmHWM), "
        "highest (each run) | "
        + " | ".join(peak(mem[name]) for name in packs)
        + f" | < {t['peak_mb']:.0f} MB | "
        + met([worst(mem[n]) for n in packs], t["peak_mb"])
        + " |",
        "| the same, tapped through without a pause | "
        + " | ".join(peak(no_pause(name)) for name in packs)
        + f" | < {t['peak_mb']:.0f} MB | "
        + met([worst(no_pause(n)) for n in packs], t["peak_mb"])
        + " |",
        f"| bare Kivy app, peak memory | {cell(mem['bare']['peak_mb'], 'MB', '.0f')}"
        + " |" * len(packs)
        + " | |",
        "",
        "Where a tap's time goes (medians, ms): *action* is the screen's `show()` (queries and "
        "widgets), *first frame* adds layout, text rendering and drawing up to glFinish(); "
        "*settled* is the end of the frame after which no widget moved any more; *redraw* is "
        "one more frame of the same screen with nothing changed, the renderer's share alone"
        + (
            f" (a bare Kivy window with one Label redraws in {bare['redraw_ms']:.0f} ms, the "
            f"app's attract loop in {start[packs[0]]['redraw_ms']:.0f} ms)."
            if bare.get("redraw_ms") and start[packs[0]].get("redraw_ms")
            else "."
        ),
        "",
        "| page | pack | action | first frame | settled (frames) | redraw | widgets | runs |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page in PAGES_ORDER:
        for name in packs:
            p = a["taps"][name]["pages"].get(page)
            if p is None:
                continue
            if "median_ms" not in p:
                lines.append(f"| {page} | {name} | {p['error']} | | | | | |")
                continue
            lines.append(
                f"| {page} | {name} | {p['action_median_ms']:.0f} | {p['median_ms']:.0f} | "
                f"{p['settled_median_ms']:.0f} ({p['settled_frames']}) | "
                f"{p['redraw_median_ms']:.0f} | {p['widgets']:,} | {p['reps']} |"
            )
    for name in packs:
        if a["taps"][name]["failed"]:
            last = a["taps"][name]["failed"].strip().splitlines()[-1:]
            lines.append(f"\nThe {name} tap probe stopped early: {' '.join(last)}")
    lines += [
        "",
        "How measured: every number comes from a fresh process running bench/app_probe.py. "
        "*Cold start*: the parent takes the wall time just before it spawns the child; the "
        "child starts the app as `kiosk run` does (open_pack, configure, build_app, App.run), "
        "headless (SDL's offscreen window, Mesa llvmpipe), and at the end of the first frame "
        "(the attract loop drawn), after glFinish(), writes the time; the bare app is measured "
        "the same way, interleaved with the app's runs. *Tap to drawn*: the real app stepped "
        "frame by frame (kiosk/app/headless.py); from Home each time, after "
        f"{READ_S:g} s on it (a visitor's look, during which the app collects its garbage), "
        "the clock starts when "
        "the action a tap runs starts (`navigator.open(...)`, for the search the debounced "
        "`search_now()` after the word was typed) and stops at the end of the first frame "
        "that shows the new screen, after glFinish() (the software renderer draws "
        "asynchronously). A long list is drawn with its first screenful and grows by a few "
        "rows a frame after that (KioskScreen.fill): *first frame* is the picture the visitor "
        "gets, *settled* the list complete. The first run of a page includes creating the "
        "screen; a page whose first run takes over 15 s is not repeated, one not drawn in 60 s "
        "is stopped. *Peak memory*: the peak resident memory (VmHWM in /proc/self/status) of "
        "a process that started the app and showed every screen and every page above once, "
        "each tap a touch; in the first row each page is looked at for "
        f"{READ_S:g} s before the next tap (the app runs on meanwhile and, after a second "
        "without a touch, collects the garbage of the page left: kiosk/app/garbage.py), in "
        "the second the next tap comes at once, so only the collector's own limit frees "
        f"anything; each is run {MEMORY_RUNS} times and the highest peak is given. The "
        "headless window waits at the end of every frame until it is drawn, "
        "as a display's buffer swap does (kiosk/app/headless.py).",
        "",
    ]
    return "\n".join(lines)


PRINT_HEADING = "## Printouts"


def render_printouts(p: dict) -> str:
    """The "Printouts" section of the page."""
    from bench import bench_printouts

    rows = []
    for name, m in p["results"].items():
        what = {
            "leaflet": "service leaflet (A4)",
            "leaflet_large": "large-print leaflet",
            "brochure": f"category brochure ({m.get('category')})",
            "receipt": "receipt (80 mm)",
        }.get(name, name)
        target = p["targets_ms"].get(name)
        verdict = ("met" if m["median_ms"] < target else "**not met**") if target else ""
        rows.append(
            f"| {what} | {m['pages']} | {m['median_ms']:.0f} ms ({m['max_ms']:.0f} ms) | "
            f"{m['kb']:.0f} KB | {f'< {target:.0f} ms' if target else ''} | {verdict} |"
        )
    return "\n".join(
        [
            PRINT_HEADING,
            "",
            f"bench/bench_printouts.py: the demo pack, service `{p['service']}` (two agencies, "
            f"three QR codes), warm, median of {p['reps']} runs (the worst in brackets).",
            "",
            "| printout | pages | render time | PDF size | target | met |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            f"The first leaflet after the process starts (imports, fonts, the best QR mask of "
            f"each new address) took {p['cold_leaflet_ms']:.0f} ms. "
            + (bench_printouts.__doc__ or "").split("\n\n")[1].replace("\n", " "),
            "",
        ]
    )


def _replace_section(page: str, heading: str, section: str) -> str:
    """`page` with its `heading` section (up to the next ## heading) replaced or appended."""
    start = page.find(heading + "\n")
    if start < 0:
        return page.rstrip("\n") + "\n\n" + section
    end = page.find("\n## ", start + len(heading))
    rest = page[end + 1 :] if end >= 0 else ""
    return page[:start] + section + ("\n" + rest if rest else "")


def _old_section(heading: str) -> str | None:
    if not DOC.exists():
        return None
    page = DOC.read_text()
    start = page.find(heading + "\n")
    if start < 0:
        return None
    end = page.find("\n## ", start + len(heading))
    return page[start : end + 1 if end >= 0 else None]


SYNC_HEADING = "## Signed packs"  # bench/bench_sync.py's section
OUTBOX_HEADING = "## Requests: sealing and delivery"  # bench/bench_outbox.py's section

GENERATED = (
    "## Machine",
    "## Search",
    "## HSDS import",
    APP_HEADING,
    PRINT_HEADING,
    SYNC_HEADING,
    OUTBOX_HEADING,
)


def _hand_written() -> list[str]:
    """The sections of the old page that no bench writes (notes written by hand)."""
    if not DOC.exists():
        return []
    page, found = DOC.read_text(), []
    for part in ("\n" + page).split("\n## ")[1:]:
        heading = "## " + part.split("\n", 1)[0]
        if heading not in GENERATED:
            found.append("## " + part.rstrip("\n") + "\n")
    return found


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def _ok(flag: bool) -> str:
    return "met" if flag else "**not met**"


def render(m: dict, r: dict, hsds: str | None, took_s: float) -> str:
    p, o, pl, c = r["pack"], r["ours"], r["plain"], r["cold"]
    t = r["targets"]
    q = r["queries"]
    build = f"{p['build_s']:.0f} s" + (f" (+ {p['generate_s']:.0f} s to generate the content)")
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); rerun it to update this page. The numbers",
        "below are from one real run on the machine described; see bench/ for the code.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| date | {date.today().isoformat()} |",
        f"| CPU | {m['cpu']} |",
        f"| cores (nproc) | {m['nproc']} |",
        f"| Python | {m['python']} |",
        f"| SQLite | {m['sqlite']} |",
        f"| OS | {m['os']} |",
        f"| whole `make bench` run | {took_s:.0f} s"
        + (" (synthetic pack taken from bench/.cache/)" if p.get("cached") else "")
        + " |",
        "",
        "## Search",
        "",
        f"Synthetic pack (bench/synthetic.py, seeded): {r['services']:,} services, "
        f"{p['counts']['agencies']} agencies, {p['counts']['locations']} offices, "
        f"{p['counts']['events']:,} events; Russian titles, summaries and ~150-word bodies, "
        "a third with English too.",
        f"{q} seeded queries (bench/bench_search.py): words, phrases, everyday words, inflected "
        "forms, typos, abbreviations, English, half-typed words, nonsense, FTS operator strings.",
        f"Warm: one warm-up pass, then {r['reps']} passes, ours and plain interleaved; a query's "
        "latency is the median of its passes. *Plain* is the same pack with "
        '`sqlite_utils.Database(copy)["services"].enable_fts([name, summary, description in ru '
        "and en])`, queried with `table.search(q, limit=20, quote=True)`. Ours is "
        "`Pack.search(q, limit=20)`.",
        "",
        "| measure | ours | plain sqlite-utils | target |",
        "|---|---|---|---|",
        f"| p50 latency | {_ms(o['p50_ms'])} | {_ms(pl['p50_ms'])} | |",
        f"| p95 latency | {_ms(o['p95_ms'])} | {_ms(pl['p95_ms'])} | ours < 25 ms: "
        f"{_ok(t['p95_under_25ms'])} |",
        f"| max latency | {_ms(o['max_ms'])} | {_ms(pl['max_ms'])} | |",
        f"| p95 ours / p95 plain | {r['ratio_p95']:.2f} | | ≤ 1.5: {_ok(t['ratio_at_most_1_5'])} |",
        f"| queries with ≥ 1 result | {o['found']} / {q} | {pl['found']} / {q}"
        + (f" ({pl['errors']} FTS errors)" if pl["errors"] else "")
        + " | |",
        f"| found by ours, missed by plain | {r['only_ours']['count']} | | > 0: "
        f"{_ok(t['finds_what_plain_misses'])} |",
        f"| found by plain, missed by ours | | {r['only_plain']['count']} | |",
        f"| pack build (`write_pack`) | {build} | + {p['plain_fts_s']:.0f} s `enable_fts` | |",
        f"| pack file size | {p['size_bytes'] / 1e6:,.0f} MB | "
        f"{p['plain_size_bytes'] / 1e6:,.0f} MB | |",
        f"| open_pack, fresh process | {_ms(c['open_ms'])} | | |",
        f"| first search (dictionary: {c['terms']:,} terms, read per word) "
        f"| {_ms(c['first_search_ms'])} | | |",
        f"| second search | {_ms(c['second_search_ms'])} | | |",
        "",
        "Found by ours and missed by plain, for example: "
        + ", ".join(f"`{e}`" for e in r["only_ours"]["examples"][:10])
        + ".",
        "",
    ]
    if r["only_plain"]["count"]:
        lines += [
            "Found by plain and missed by ours: "
            + ", ".join(f"`{e}`" for e in r["only_plain"]["examples"][:10])
            + ".",
            "",
        ]
    lines += [
        "By kind of query (p95 over the queries of that kind):",
        "",
        "| kind | queries | found: ours | found: plain | p95 ours | p95 plain |",
        "|---|---|---|---|---|---|",
    ]
    for kind, k in r["by_kind"].items():
        lines.append(
            f"| {kind} | {k['queries']} | {k['ours_found']} | {k['plain_found']} | "
            f"{_ms(k['ours_p95_ms'])} | {_ms(k['plain_p95_ms'])} |"
        )
    d = r["diagnosis"]
    tot = d["totals"]
    lines += [
        "",
        f"Where ours spends its time, summed over all {q} queries: query analysis "
        f"(`Searcher.concepts`: stems, synonyms, typo candidates) {tot['concepts_ms']:.0f} ms, "
        f"SQL {tot['sql_ms']:.0f} ms; the OR of words ran for {tot['or_fallbacks']} queries "
        "that no item matched with all their words.",
        "",
        "Ours by the number of items that match all the query's words in the full index. FTS5 "
        "computes bm25 for every matching row before ORDER BY ... LIMIT applies; ours searches "
        "the titles index first and ranks at most `RANK_AT_MOST` rows per index "
        "(content/pack/search.py), which is what keeps the bottom rows flat:",
        "",
        "| rows matching all words | queries | median | max | over 25 ms |",
        "|---|---|---|---|---|",
        *(
            f"| {b['rows']} | {b['queries']} | {_ms(b['median_ms'])} | {_ms(b['max_ms'])} | "
            f"{b['over_25ms']} |"
            for b in d["by_rows"]
        ),
        "",
        "Slowest queries of ours (ms):",
        "",
        "| query | measured | query analysis | SQL | items matching all words |",
        "|---|---|---|---|---|",
    ]
    for s in d["slowest"][:12]:
        lines.append(
            f"| `{s['query']}` | {s['measured_ms']:.1f} | {s['concepts_ms']:.2f} | "
            f"{s['sql_ms']:.1f} | {s.get('and_rows', '–')} |"
        )
    lines += [
        "",
        "Caveat: the synthetic texts are random draws from a Zipf-distributed vocabulary, so "
        "the commonest stems (многодетн, ребенк) occur in 60–66 % of the items, likely more "
        "than in a real pack; the latency of a query grows with the rows it matches "
        "(table above), so these numbers are on the pessimistic side for common words.",
        "",
        *([relevance.render(r["relevance"])] if "relevance" in r else []),
        "## HSDS import",
        "",
    ]
    if hsds is None:
        lines.append("bench/bench_hsds_import.py is not there; nothing measured.")
    else:
        lines += ["bench/bench_hsds_import.py with its defaults:", "", "    " + hsds]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=bench_search.synthetic.DEFAULT_SERVICES)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached pack")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the docs page")
    parser.add_argument(
        "--only",
        choices=("search", "app", "printouts", "sync", "outbox"),
        help="run one part: search (with the HSDS import), app (the touch app), printouts, "
        "sync (signed packs: verify, install, resume) or outbox (seal and commit a request, "
        "upload 1,000)",
    )
    parser.add_argument("--app-reps", type=int, default=9, help="runs of each app measure")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    m = machine()
    print("machine:", json.dumps(m, ensure_ascii=False))
    cache = bench_search.synthetic.CACHE
    page = None
    if args.only in (None, "search"):
        print("== search ==", flush=True)
        results = bench_search.run(args.services, args.reps, args.rebuild)
        print(bench_search.report(results), flush=True)
        print("== hsds import ==", flush=True)
        hsds = run_hsds_import()
        print(hsds or "bench/bench_hsds_import.py: not there")
        (cache / "last-results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    app_section = _old_section(APP_HEADING)
    if args.only in (None, "app"):
        print("== touch app ==", flush=True)
        app = run_app_bench(args.app_reps)
        (cache / "last-app-results.json").write_text(json.dumps(app, ensure_ascii=False, indent=1))
        app_section = render_app(app)
    print_section = _old_section(PRINT_HEADING)
    if args.only in (None, "printouts"):
        from bench import bench_printouts

        print("== printouts ==", flush=True)
        printed = bench_printouts.run()
        print(bench_printouts.report(printed), flush=True)
        print_section = render_printouts(printed)
    sync_section = _old_section(SYNC_HEADING)
    if args.only in (None, "sync"):
        from bench import bench_sync

        print("== signed packs ==", flush=True)
        synced = bench_sync.run()
        print(bench_sync.report(synced), flush=True)
        sync_section = bench_sync.render(synced)
    outbox_section = _old_section(OUTBOX_HEADING)
    if args.only in (None, "outbox"):
        from bench import bench_outbox

        print("== requests: sealing and delivery ==", flush=True)
        delivered = bench_outbox.run()
        print(bench_outbox.report(delivered), flush=True)
        outbox_section = bench_outbox.render(delivered)
    took = time.perf_counter() - started
    if args.only in (None, "search"):
        # The generated sections in their order, then whatever was written by hand.
        page = render(m, results, hsds, took)
        for section in (
            app_section,
            print_section,
            sync_section,
            outbox_section,
            *_hand_written(),
        ):
            if section:
                page = page.rstrip("\n") + "\n\n" + section
    else:
        page = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
        if args.only == "app":
            page = _replace_section(page, APP_HEADING, app_section)
        elif args.only == "sync":
            page = _replace_section(page, SYNC_HEADING, sync_section)
        elif args.only == "outbox":
            page = _replace_section(page, OUTBOX_HEADING, outbox_section)
        else:
            page = _replace_section(page, PRINT_HEADING, print_section)
    if not args.no_docs:
        DOC.write_text(page)
        print(f"wrote {DOC.relative_to(ROOT)} ({took:.0f} s)")


if __name__ == "__main__":
    main()
