"""The judged relevance set (queries.yaml): nDCG@5 and top-3 hit rate of the real search on
the demo pack, next to the figures recorded before the search was changed (before.json).

    .venv/bin/python -m bench.relevance [--record-before] [--pack PACK]

Run by bench/bench_search.py (`python -m bench --only search`), which writes the figures into
docs/benchmarks.md. before.json was recorded with the search code of commit 4f523d8
(content/pack/search.py and content/publisher/search_index.py as they were before issue 18)
on the demo content of 2026-12-04, before that issue's synonyms and keywords were added: its
`recorded` field says so. `--record-before` would replace it with a run of the current code,
as the baseline for a later change.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
QUERIES = HERE / "queries.yaml"
BEFORE = HERE / "before.json"
DEMO = ROOT / "content" / "demo"
TOP = 3
DEPTH = 5
TARGET_HIT = 0.95


def load(path: Path = QUERIES) -> list[dict]:
    """The judged queries: dicts with q, kind and expect (the ids that answer it)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for e in entries:
        if not e.get("q") or not e.get("expect"):
            raise ValueError(f"{path}: every entry needs q and expect: {e!r}")
    return entries


def ndcg(found: list[str], relevant: set[str], depth: int = DEPTH) -> float:
    """Normalised discounted cumulative gain of `found` at `depth`, binary gains."""
    dcg = sum(1 / math.log2(i + 2) for i, item in enumerate(found[:depth]) if item in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), depth)))
    return dcg / ideal if ideal else 0.0


def judge(search, entries: list[dict]) -> dict:
    """Every query run through `search(query) -> [ids]`; the figures and each query's top 5."""
    rows = []
    for e in entries:
        found = search(e["q"])[:DEPTH]
        relevant = set(e["expect"])
        rows.append(
            {
                "q": e["q"],
                "kind": e["kind"],
                "found": found,
                "hit": bool(relevant & set(found[:TOP])),
                "ndcg": round(ndcg(found, relevant), 4),
            }
        )
    kinds: dict[str, dict] = {}
    for kind, n in Counter(r["kind"] for r in rows).items():
        mine = [r for r in rows if r["kind"] == kind]
        kinds[kind] = {
            "queries": n,
            "hit": round(sum(r["hit"] for r in mine) / n, 3),
            "ndcg": round(sum(r["ndcg"] for r in mine) / n, 3),
            "empty": sum(not r["found"] for r in mine),
        }
    n = len(rows)
    return {
        "queries": n,
        "hit": round(sum(r["hit"] for r in rows) / n, 3),
        "ndcg": round(sum(r["ndcg"] for r in rows) / n, 3),
        "empty": sum(not r["found"] for r in rows),
        "by_kind": kinds,
        "rows": rows,
    }


def demo_searcher(pack_path: Path | None = None):
    """(search function over the demo pack, the opened pack); builds the pack if not given."""
    from content.pack.reader import open_pack

    if pack_path is None:
        from content.publisher.build import build_pack

        pack_path = Path(tempfile.mkdtemp(prefix="relevance-")) / "demo.sqlite"
        build_pack(DEMO, pack_path)
    pack = open_pack(pack_path)
    return (lambda q: [h.id for h in pack.search(q, limit=DEPTH)]), pack


def run(pack_path: Path | None = None) -> dict:
    """The set judged on the current search, with the recorded baseline beside it."""
    search, pack = demo_searcher(pack_path)
    try:
        after = judge(search, load())
    finally:
        pack.close()
    before = json.loads(BEFORE.read_text()) if BEFORE.exists() else None
    result = {"after": after, "before": before}
    if before:
        was = {r["q"]: r for r in before["rows"]}
        now = {r["q"]: r for r in after["rows"]}
        result["lost"] = [
            q for q, r in was.items() if r["found"] and q in now and not now[q]["found"]
        ]
        result["worse"] = [q for q, r in was.items() if r["hit"] and q in now and not now[q]["hit"]]
        result["before_on_same"] = (
            round(sum(was[q]["hit"] for q in now if q in was) / max(1, len(now)), 3)
            if all(q in was for q in now)
            else None
        )
    return result


def misses(result: dict) -> list[dict]:
    return [r for r in result["after"]["rows"] if not r["hit"]]


def report(result: dict) -> str:
    a, b = result["after"], result["before"]
    lines = [
        f"Relevance set: {a['queries']} judged queries on the demo pack: top-{TOP} hit "
        f"{a['hit']:.3f}, nDCG@{DEPTH} {a['ndcg']:.3f}, {a['empty']} with no result"
        + (
            f" (before: hit {b['hit']:.3f}, nDCG@{DEPTH} {b['ndcg']:.3f}, {b['empty']} empty)"
            if b
            else ""
        )
    ]
    if b:
        lines.append(f"  found something before and nothing now: {result['lost'] or 'none'}")
        lines.append(f"  in the top {TOP} before, not now: {result['worse'] or 'none'}")
    for r in misses(result):
        lines.append(f"  miss [{r['kind']}] {r['q']!r} -> {r['found']}")
    return "\n".join(lines)


def render(result: dict) -> str:
    """The relevance part of the "Search" section of docs/benchmarks.md."""
    a, b = result["after"], result["before"]
    bk = b["by_kind"] if b else {}

    def was(kind: str, key: str) -> str:
        return f"{bk[kind][key]:.2f}" if kind in bk else "–"

    lines = [
        "### Relevance: the judged set",
        "",
        f"bench/relevance/queries.yaml: {a['queries']} queries as citizens type them (everyday "
        "words, abbreviations, typos, a wrong first letter, the wrong keyboard layout both "
        "ways, English), each with the items that answer it, judged by hand; run through "
        "`Pack.search` on the demo pack built from content/demo. *Hit*: one of the expected "
        f"items in the first {TOP}; nDCG@{DEPTH} with every expected item a gain of 1. "
        "*Before*: the search as it was before issue 18 (bench/relevance/before.json, recorded "
        "on the same set and the demo content of that day). The set was written by the same "
        "people who then added the synonyms and keywords it asks for, so *now* is measured on "
        "what was tuned: a set written by others, held out, would say more.",
        "",
        "| measure | before | now | target |",
        "|---|---|---|---|",
        f"| top-{TOP} hit rate | {b['hit']:.3f} | {a['hit']:.3f} | ≥ {TARGET_HIT}: "
        f"{'met' if a['hit'] >= TARGET_HIT else '**not met**'} |"
        if b
        else f"| top-{TOP} hit rate | – | {a['hit']:.3f} | ≥ {TARGET_HIT} |",
        f"| nDCG@{DEPTH} | {b['ndcg']:.3f} | {a['ndcg']:.3f} | |"
        if b
        else f"| nDCG@{DEPTH} | – | {a['ndcg']:.3f} | |",
        f"| queries with no result | {b['empty']} | {a['empty']} | |"
        if b
        else f"| queries with no result | – | {a['empty']} | |",
    ]
    if b:
        lost = result["lost"]
        lines.append(
            f"| found something before, nothing now | | {len(lost)} | 0: "
            f"{'met' if not lost else '**not met**'} |"
        )
    lines += [
        "",
        "| kind | queries | hit before | hit now | nDCG@5 before | nDCG@5 now |",
        "|---|---|---|---|---|---|",
    ]
    for kind, k in a["by_kind"].items():
        lines.append(
            f"| {kind} | {k['queries']} | {was(kind, 'hit')} | {k['hit']:.2f} | "
            f"{was(kind, 'ndcg')} | {k['ndcg']:.2f} |"
        )
    missed = misses(result)
    lines.append("")
    if missed:
        lines.append(
            f"Not in the first {TOP} now: "
            + "; ".join(f"`{r['q']}` ({', '.join(r['found'][:3]) or 'nothing'})" for r in missed)
            + "."
        )
    else:
        lines.append(f"Every query of the set finds one of its items in the first {TOP}.")
    if b and result["lost"]:
        lines.append("Found something before and nothing now: " + ", ".join(result["lost"]))
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, help="a demo pack already built")
    parser.add_argument("--record-before", action="store_true", help="store as the baseline")
    args = parser.parse_args(argv)
    if args.record_before:
        search, pack = demo_searcher(args.pack)
        before = judge(search, load())
        pack.close()
        BEFORE.write_text(json.dumps(before, ensure_ascii=False, indent=1) + "\n")
        print(f"recorded {BEFORE.relative_to(ROOT)}: hit {before['hit']}, nDCG {before['ndcg']}")
        return {"after": before, "before": None}
    result = run(args.pack)
    print(report(result))
    return result


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    main()
