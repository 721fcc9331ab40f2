"""Search latency and recall on the synthetic pack, next to a plain sqlite-utils FTS5 baseline.

    .venv/bin/python -m bench.bench_search [--services 100000] [--reps 3] [--rebuild]

Ours: `Pack.search(query, limit=20)` on the pack from bench/synthetic.py.
Plain: a copy of the same pack with
`sqlite_utils.Database(copy)["services"].enable_fts([name, summary, description x ru/en])`,
queried with `table.search(q, limit=20, quote=True)`.

A few hundred seeded queries (single words, phrases, everyday words, inflected forms, typos,
abbreviations, English, half-typed words, nonsense, FTS operator strings) are run once to
warm up and then `--reps` times, ours and plain interleaved query by query; a query's latency
is the median of its repetitions, and p50/p95/max are taken over the queries.
The 20 slowest queries of ours are then taken apart: time in Searcher.concepts, in each SQL
statement, and how many rows their MATCH expressions match.

Then the judged relevance set (bench/relevance/queries.yaml) is run on the demo pack: top-3
hit rate and nDCG@5, now and as recorded before issue 18 (bench/relevance/).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import relevance, synthetic  # noqa: E402

SEED = 7
LIMIT = 20
TARGET_P95_MS = 25.0
TARGET_RATIO = 1.5
PLAIN_COLUMNS = [
    "name_ru",
    "summary_ru",
    "description_ru",
    "name_en",
    "summary_en",
    "description_en",
]

# -- the queries ---------------------------------------------------------------------------

_EVERYDAY = [
    "коммуналка",
    "квартплата",
    "маткапитал",
    "нет работы",
    "потерял работу",
    "мало денег",
    "пенсия по старости",
    "льготные лекарства",
    "путевка в санаторий",
    "мошенники",
    "юрист бесплатно",
    "кресло-коляска",
    "трое детей",
    "пожилой человек",
    "старше 60",
    "помощь пенсионерам",
    "деньги на ребенка",
    "оплата света",
    "ремонт дома",
    "Мои документы",
    "соцфонд",
    "Пенсионный фонд",
    "портал государственных услуг",
    "компьютер для пенсионеров",
    "полис",
]
_INFLECTED = [
    "многодетным",
    "многодетной семье",
    "пенсионерам",
    "инвалидами",
    "ветеранов",
    "субсидии",
    "компенсацию",
    "выплатах",
    "детям",
    "детей",
    "ребёнку",
    "пособий",
    "льготами",
    "инвалидностью",
    "безработным",
    "обучения",
    "капремонта",
    "семьям с детьми",
    "малоимущим семьям",
    "ветеранам труда",
    "по уходу за ребенком",
    "пособия на детей",
    "выплаты семьям участников СВО",
    "компенсации за капремонт",
    "субсидией на оплату",
]
_ABBREVIATIONS = [
    "ЖКХ",
    "ЖКУ",
    "ОВЗ",
    "СВО",
    "МФЦ",
    "ТСР",
    "СНИЛС",
    "ОМС",
    "ПФР",
    "СФР",
    "ЖКХ субсидия",
    "льготы ОВЗ",
    "МФЦ Пермь",
    "выплаты СВО",
    "компенсация ЖКУ",
]
_ENGLISH = [
    "child allowance",
    "children",
    "disability",
    "utility bills",
    "pension",
    "unemployment benefit",
    "large family",
    "wheelchair",
    "social contract",
    "veterans",
    "housing",
    "free legal aid",
    "sanatorium voucher",
    "maternity capital",
    "job",
    "training courses",
    "health insurance",
    "online safety",
    "benefit for pensioners",
    "help at home",
    "capital repairs",
    "low income",
    "subsidy",
    "newborn",
    "scam",
]
_NONSENSE = [
    "ыврапвыа",
    "щшгнекуц",
    "qwxzvb",
    "asdfgh jkl",
    "ъъъ",
    "ааааааааа",
    "zzzz",
    "12345",
    "000",
    "xyzzy plugh",
    "фывапролджэ",
    "бла бла бла",
    "ё",
    "!!!",
    "???",
]
_FTS_STRINGS = [
    '" OR * ( NEAR',
    '"',
    "((((",
    "*",
    "NEAR(a b, 3)",
    "AND OR NOT",
    "пособие AND NOT",
    "title:пособие",
    "^пособие",
    "{title}: x",
    "пособие*",
    "-выплата",
    "пособие OR выплата",
    "пособие NOT ребенок",
    "'; DROP TABLE services; --",
]


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word))  # people rarely mistype the first letter
    if rng.random() < 0.5:
        return word[:i] + word[i + 1 :]
    letters = "абвгдежзийклмнопрстуфхцчшщыьэюя" if word[0] >= "а" else "abcdefghijklmnopqrstuvwxyz"
    return word[:i] + rng.choice([c for c in letters if c != word[i]]) + word[i + 1 :]


def make_queries(seed: int = SEED) -> list[tuple[str, str]]:
    """(kind, query) pairs, deterministic for a seed."""
    rng = random.Random(seed)
    vocab = [w for w in synthetic.vocabulary() if not w.isupper()]
    common = [w.lower() for w in vocab[:400]]
    heads = [h for h, _ in synthetic._HEADS]
    mods = list(synthetic._MODIFIERS)
    en = synthetic.english_vocabulary()
    queries: list[tuple[str, str]] = []
    queries += [("word", w) for w in rng.sample(common, 30)]
    queries += [("word", w) for w in rng.sample(vocab[400:], 20)]  # rarer forms
    queries += [("word", h.split()[0]) for h in heads[:15]]
    for _ in range(40):
        queries.append(("phrase", f"{rng.choice(heads)} {rng.choice(mods)}"))
    for _ in range(20):
        queries.append(("phrase", " ".join(rng.sample(common, rng.choice((2, 3))))))
    queries += [("everyday", q) for q in _EVERYDAY]
    queries += [("inflected", q) for q in _INFLECTED]
    typo_pool = [w for w in common + [h.split()[0] for h in heads] if len(w) >= 6]
    for _ in range(35):
        queries.append(("typo", _typo(rng, rng.choice(typo_pool))))
    for _ in range(15):
        phrase = f"{rng.choice(heads)} {rng.choice(mods)}".split()
        j = max(range(len(phrase)), key=lambda k: len(phrase[k]))
        phrase[j] = _typo(rng, phrase[j])
        queries.append(("typo", " ".join(phrase)))
    queries += [("abbreviation", q) for q in _ABBREVIATIONS]
    queries += [("english", q) for q in _ENGLISH]
    for _ in range(15):
        queries.append(("english", " ".join(rng.sample(en, rng.choice((1, 2, 3))))))
    for _ in range(10):
        queries.append(("english typo", _typo(rng, rng.choice([w for w in en if len(w) >= 6]))))
    for _ in range(20):  # a word still being typed: the kiosk searches as the citizen types
        word = rng.choice(typo_pool)
        queries.append(("half-typed", word[: rng.randint(3, max(3, len(word) - 2))]))
    queries += [("nonsense", q) for q in _NONSENSE]
    queries += [("fts syntax", q) for q in _FTS_STRINGS]
    return queries


# -- the two engines -----------------------------------------------------------------------


def plain_copy(pack: Path) -> tuple[Path, float]:
    """A copy of `pack` with sqlite-utils' own FTS5 index on services; (path, seconds)."""
    import sqlite_utils

    target = pack.with_name(pack.stem + "-plain.sqlite")
    if target.exists():
        return target, float(json.loads(target.with_suffix(".json").read_text())["fts_s"])
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(pack, tmp)
    started = time.perf_counter()
    db = sqlite_utils.Database(tmp)
    db["services"].enable_fts(PLAIN_COLUMNS)
    db.close()
    elapsed = time.perf_counter() - started
    tmp.rename(target)
    target.with_suffix(".json").write_text(json.dumps({"fts_s": round(elapsed, 2)}))
    return target, elapsed


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _stats(ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(_percentile(ms, 50), 2),
        "p95_ms": round(_percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
    }


def _cold_open(pack: Path) -> dict[str, float]:
    """Open the pack and search once in a fresh process (the OS file cache is warm)."""
    code = (
        "import time, json\n"
        "t0 = time.perf_counter()\n"
        "from content.pack.reader import open_pack\n"
        "import content.pack.search\n"
        "t1 = time.perf_counter()\n"
        f"pack = open_pack({str(pack)!r})\n"
        "t2 = time.perf_counter()\n"
        "pack.search('пособие на ребенка', limit=20)\n"
        "t3 = time.perf_counter()\n"
        "pack.search('выплата многодетным', limit=20)\n"
        "t4 = time.perf_counter()\n"
        "print(json.dumps({'import_ms': (t1-t0)*1e3, 'open_ms': (t2-t1)*1e3,"
        " 'first_search_ms': (t3-t2)*1e3, 'second_search_ms': (t4-t3)*1e3,"
        " 'terms': pack.conn.execute('SELECT count(*) FROM search_terms').fetchone()[0]}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return {k: round(v, 1) for k, v in json.loads(out.stdout).items()}


def _diagnose(pack, queries: list[str], ours_ms: dict[str, float]) -> dict:
    """Where ours spends its time: query analysis vs SQL, with the rows each query matches.

    `and_rows` is how many items of the full index match all the words: what a search that
    ranks every match would rank. Ours ranks at most content.pack.search.RANK_AT_MOST of them.
    """
    searcher = pack._searcher
    conn = pack.conn

    def timed(fn, *args):
        t = time.perf_counter()
        result = fn(*args)
        return result, (time.perf_counter() - t) * 1e3

    def count(expression: str) -> int:
        return conn.execute(
            "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (expression,)
        ).fetchone()[0]

    rows = []
    totals = {"concepts_ms": 0.0, "sql_ms": 0.0, "or_fallbacks": 0}
    for q in queries:
        concepts_ms = min(timed(searcher.concepts, q)[1] for _ in range(3))
        search_ms = min(timed(pack.search, q, LIMIT)[1] for _ in range(3))
        concepts = searcher.concepts(q)
        entry = {
            "query": q,
            "measured_ms": ours_ms[q],
            "concepts_ms": concepts_ms,
            "sql_ms": max(search_ms - concepts_ms, 0.0),
        }
        if concepts:
            entry["and_rows"] = count(" AND ".join(c.fts() for c in concepts))
            entry["or_fallback"] = entry["and_rows"] == 0 and len(concepts) > 1
        totals["concepts_ms"] += entry["concepts_ms"]
        totals["sql_ms"] += entry["sql_ms"]
        totals["or_fallbacks"] += bool(entry.get("or_fallback"))
        rows.append(entry)
    buckets = []
    for lo, hi in ((0, 1000), (1000, 5000), (5000, 15000), (15000, 30000), (30000, 10**9)):
        ms = [r["measured_ms"] for r in rows if "and_rows" in r and lo <= r["and_rows"] < hi]
        if ms:
            buckets.append(
                {
                    "rows": f"{lo:,}–{hi:,}" if hi < 10**9 else f"≥ {lo:,}",
                    "queries": len(ms),
                    "median_ms": round(statistics.median(ms), 1),
                    "max_ms": round(max(ms), 1),
                    "over_25ms": sum(m > 25 for m in ms),
                }
            )
    slow = sorted(rows, key=lambda r: -r["measured_ms"])[:20]
    for r in slow:
        for key in ("concepts_ms", "sql_ms"):
            r[key] = round(r[key], 2)
    totals = {k: round(v, 1) if isinstance(v, float) else v for k, v in totals.items()}
    return {"totals": totals, "slowest": slow, "by_rows": buckets}


def run(n_services: int = synthetic.DEFAULT_SERVICES, reps: int = 3, rebuild: bool = False) -> dict:
    import sqlite_utils

    from content.pack.reader import open_pack

    judged = relevance.run()  # first: it is quick, and a demo pack that fails to build stops it
    started = time.perf_counter()
    pack_path, record = synthetic.cached_pack(n_services, rebuild=rebuild)
    plain_path, plain_fts_s = plain_copy(pack_path)
    setup_s = time.perf_counter() - started

    cold = _cold_open(pack_path)
    queries = make_queries()
    texts = list(dict.fromkeys(q for _, q in queries))
    kinds = {q: k for k, q in reversed(queries)}

    pack = open_pack(pack_path)
    plain_db = sqlite_utils.Database(plain_path)
    plain_table = plain_db["services"]

    def ours(q: str):
        return pack.search(q, limit=LIMIT)

    def plain(q: str):
        try:
            return list(plain_table.search(q, limit=LIMIT, quote=True))
        except Exception as exc:  # an FTS5 syntax error that quoting did not prevent
            return exc

    found_ours: dict[str, int] = {}
    found_plain: dict[str, object] = {}
    for q in texts:  # warm-up, and the results
        found_ours[q] = len(ours(q))
        result = plain(q)
        found_plain[q] = result if isinstance(result, Exception) else len(result)
    times_ours: dict[str, list[float]] = {q: [] for q in texts}
    times_plain: dict[str, list[float]] = {q: [] for q in texts}
    clock = time.perf_counter
    for _ in range(reps):
        for q in texts:
            t = clock()
            ours(q)
            times_ours[q].append((clock() - t) * 1e3)
            t = clock()
            plain(q)
            times_plain[q].append((clock() - t) * 1e3)
    ours_ms = {q: statistics.median(v) for q, v in times_ours.items()}
    plain_ms = {q: statistics.median(v) for q, v in times_plain.items()}
    errors_plain = [q for q, v in found_plain.items() if isinstance(v, Exception)]
    plain_n = {q: (0 if isinstance(v, Exception) else v) for q, v in found_plain.items()}
    only_ours = [q for q in texts if found_ours[q] and not plain_n[q]]
    only_plain = [q for q in texts if plain_n[q] and not found_ours[q]]

    by_kind: dict[str, dict] = {}
    for q in texts:
        k = by_kind.setdefault(
            kinds[q], {"queries": 0, "ours_found": 0, "plain_found": 0, "ours": [], "plain": []}
        )
        k["queries"] += 1
        k["ours_found"] += bool(found_ours[q])
        k["plain_found"] += bool(plain_n[q])
        k["ours"].append(ours_ms[q])
        k["plain"].append(plain_ms[q])
    for k in by_kind.values():
        k["ours_p95_ms"] = round(_percentile(k.pop("ours"), 95), 2)
        k["plain_p95_ms"] = round(_percentile(k.pop("plain"), 95), 2)

    diagnosis = _diagnose(pack, texts, ours_ms)
    ours_stats, plain_stats = _stats(list(ours_ms.values())), _stats(list(plain_ms.values()))
    pack.close()
    plain_db.close()
    results = {
        "services": n_services,
        "pack": {
            **record,
            "file": str(pack_path.relative_to(ROOT)),
            "plain_fts_s": round(plain_fts_s, 1),
            "plain_size_bytes": plain_path.stat().st_size,
        },
        "cold": cold,
        "queries": len(texts),
        "reps": reps,
        "ours": {**ours_stats, "found": sum(bool(v) for v in found_ours.values())},
        "plain": {
            **plain_stats,
            "found": sum(bool(v) for v in plain_n.values()),
            "errors": len(errors_plain),
        },
        "ratio_p95": round(ours_stats["p95_ms"] / plain_stats["p95_ms"], 2),
        "only_ours": {"count": len(only_ours), "examples": only_ours[:12]},
        "only_plain": {"count": len(only_plain), "examples": only_plain[:12]},
        "plain_errors": errors_plain[:10],
        "by_kind": by_kind,
        "diagnosis": diagnosis,
        "relevance": judged,
        "setup_s": round(setup_s, 1),
    }
    results["targets"] = {
        "p95_under_25ms": ours_stats["p95_ms"] < TARGET_P95_MS,
        "ratio_at_most_1_5": results["ratio_p95"] <= TARGET_RATIO,
        "finds_what_plain_misses": len(only_ours) > 0,
        "relevance_hit": judged["after"]["hit"] >= relevance.TARGET_HIT,
        "nothing_lost": not judged.get("lost"),
    }
    return results


def report(r: dict) -> str:
    """A plain-text report of `run()`'s results."""
    p, o, pl = r["pack"], r["ours"], r["plain"]
    lines = [
        f"Synthetic pack: {r['services']:,} services, {p['counts']['agencies']} agencies, "
        f"{p['counts']['locations']} offices, {p['counts']['events']} events; "
        f"{p['size_bytes'] / 1e6:,.0f} MB",
        f"  generate {p['generate_s']} s, write_pack {p['build_s']} s"
        + (" (from the cache's record)" if p.get("cached") else "")
        + f"; plain copy enable_fts {p['plain_fts_s']} s, {p['plain_size_bytes'] / 1e6:,.0f} MB",
        f"Open + first search (fresh process): import {r['cold']['import_ms']} ms, "
        f"open_pack {r['cold']['open_ms']} ms, first search {r['cold']['first_search_ms']} ms "
        f"(dictionary of {r['cold']['terms']:,} terms stays on disk), "
        f"second search {r['cold']['second_search_ms']} ms",
        f"{r['queries']} queries, median of {r['reps']} warm runs each:",
        f"  ours : p50 {o['p50_ms']} ms, p95 {o['p95_ms']} ms, max {o['max_ms']} ms; "
        f"found >=1 for {o['found']}/{r['queries']}",
        f"  plain: p50 {pl['p50_ms']} ms, p95 {pl['p95_ms']} ms, max {pl['max_ms']} ms; "
        f"found >=1 for {pl['found']}/{r['queries']} ({pl['errors']} FTS errors)",
        f"  p95 ours/plain = {r['ratio_p95']}",
        f"  ours finds, plain does not: {r['only_ours']['count']}: "
        + ", ".join(repr(q) for q in r["only_ours"]["examples"][:8]),
        f"  plain finds, ours does not: {r['only_plain']['count']}: "
        + ", ".join(repr(q) for q in r["only_plain"]["examples"][:8]),
        "By kind (queries, found ours/plain, p95 ours/plain ms):",
    ]
    for kind, k in r["by_kind"].items():
        lines.append(
            f"  {kind:13} {k['queries']:4}  {k['ours_found']:4}/{k['plain_found']:<4} "
            f"{k['ours_p95_ms']:8.2f} / {k['plain_p95_ms']:.2f}"
        )
    d = r["diagnosis"]
    lines.append(
        "Ours, summed over all queries (ms): query analysis {concepts_ms}, SQL {sql_ms}; "
        "OR fallback ran for {or_fallbacks} queries".format(**d["totals"])
    )
    lines.append("Ours by rows matching all words (queries, median, max, over 25 ms):")
    for b in d["by_rows"]:
        lines.append(
            f"  {b['rows']:>15} rows: {b['queries']:4} {b['median_ms']:7.1f} {b['max_ms']:7.1f} "
            f"{b['over_25ms']:4}"
        )
    lines.append("Slowest queries of ours (ms: measured | analysis, SQL; rows matching all words):")
    for s in d["slowest"][:12]:
        lines.append(
            f"  {s['measured_ms']:7.1f} | {s['concepts_ms']:6.2f} {s['sql_ms']:7.2f}; "
            f"{s.get('and_rows', '-')} rows  {s['query']!r}"
        )
    lines.append(relevance.report(r["relevance"]))
    t = r["targets"]
    lines.append(
        f"Targets: p95 < {TARGET_P95_MS} ms: {'met' if t['p95_under_25ms'] else 'NOT met'}; "
        f"p95 <= {TARGET_RATIO} x plain: {'met' if t['ratio_at_most_1_5'] else 'NOT met'}; "
        f"finds what plain misses: {'yes' if t['finds_what_plain_misses'] else 'no'}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=synthetic.DEFAULT_SERVICES)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached pack")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = run(args.services, args.reps, args.rebuild)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return results


if __name__ == "__main__":
    main()
