"""Does the ingest order change the edges? The generated corpus ingested in date, reverse and shuffled order.

    python bench/order.py [--articles 1000] [--seed 1] [--shuffle-seed 7] [--batch 200] [--eval PATH]
                          [--orders date,reverse,shuffled] [--show 5]

The corpus is ``bench/corpus.py``'s (generated into ``bench/out/`` on first use; its articles are dated,
strictly increasing). Each order is written as one JSONL file and ingested into a fresh SQLite store
with ``provenance.ingest`` (batches of ``--batch`` articles, as the CLI does); documents are then named
by their corpus id, so the stores can be compared edge by edge. Against the date order, each other
order prints:

* edges (pairs of articles) found in only one of the two stores, derived (wholly or partially) and
  non-derived apart, as a count and as a share of the date order's edges of that class;
* edges whose direction differs (the same pair, later and earlier swapped);
* edges of the same pair and direction whose figures differ (derivation, coverage, matched
  sentences, kinds) or whose matches differ (sentence pairs, kind, score to 6 places, quote);

and ``--show`` examples of each. The target of issue 13: 0 differing derived edges, 0 differing
directions, at most 1% differing non-derived edges.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import provenance  # noqa: E402
from sqlalchemy import text  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as gen  # noqa: E402

DERIVED = ("wholly-derived", "partially-derived")
Edge = dict[str, Any]


def read_articles(out: Path) -> list[dict[str, Any]]:
    manifest = gen.read_manifest(out)
    assert manifest is not None, out
    rows = []
    for shard in manifest["shards"]:
        with (out / shard["file"]).open(encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    return rows


def ordered(rows: list[dict[str, Any]], order: str, shuffle_seed: int) -> list[dict[str, Any]]:
    by_date = sorted(rows, key=lambda r: (r["published_at"], r["id"]))
    if order == "date":
        return by_date
    if order == "reverse":
        return by_date[::-1]
    if order == "shuffled":
        out = list(by_date)
        random.Random(shuffle_seed).shuffle(out)
        return out
    raise SystemExit(f"error: unknown order {order!r}")


def ingest_in_order(
    rows: Sequence[dict[str, Any]], work: Path, name: str, batch: int
) -> tuple[dict[tuple[int, int], Edge], float]:
    """Ingest ``rows`` in this order; the edges by (later, earlier) corpus id, and the seconds it took."""
    path = work / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    corpus_id = {line: r["id"] for line, r in enumerate(rows, start=1)}
    t0 = time.perf_counter()
    with provenance.open_store(f"sqlite:///{work / f'{name}.db'}") as store:
        provenance.ingest(store, [str(path)], batch_articles=batch)
        seconds = time.perf_counter() - t0
        with store.engine.connect() as conn:
            docs = {
                i: corpus_id[int(src.rpartition("#")[2])]
                for i, src in conn.execute(text("SELECT id, source FROM documents"))
            }
            found: dict[tuple[int, int], Edge] = {}
            for row in conn.execute(
                text(
                    "SELECT later_id, earlier_id, derivation, coverage, matched_sentences, verbatim, "
                    "near_verbatim, paraphrase FROM reuse_edges"
                )
            ):
                found[(docs[row[0]], docs[row[1]])] = {
                    "derivation": row[2],
                    "coverage": round(float(row[3]), 6),
                    "matched": int(row[4]),
                    "kinds": (int(row[5]), int(row[6]), int(row[7])),
                    "pairs": set(),
                }
            for lat, lp, ear, ep, kind, score, quote in conn.execute(
                text(
                    "SELECT later_id, later_position, earlier_id, earlier_position, kind, score, quote "
                    "FROM matches"
                )
            ):
                found[(docs[lat], docs[ear])]["pairs"].add(
                    (int(lp), int(ep), kind, round(score, 6), bool(quote))
                )
    return found, seconds


def _figures(e: Edge | None) -> dict[str, Any] | None:
    return None if e is None else {f: e[f] for f in ("derivation", "coverage", "matched", "kinds")}


def compare(base: dict[tuple[int, int], Edge], other: dict[tuple[int, int], Edge]) -> dict[str, Any]:
    def derived(e: Edge) -> bool:
        return e["derivation"] in DERIVED

    unordered_base = {frozenset(k): k for k in base}
    unordered_other = {frozenset(k): k for k in other}
    reversed_ = sorted(
        unordered_base[p]
        for p in unordered_base.keys() & unordered_other.keys()
        if unordered_base[p] != unordered_other[p]
    )
    only_base = [unordered_base[p] for p in unordered_base.keys() - unordered_other.keys()]
    only_other = [unordered_other[p] for p in unordered_other.keys() - unordered_base.keys()]
    same = [k for k in base if k in other]
    figures = [
        k
        for k in same
        if {f: base[k][f] for f in ("derivation", "coverage", "matched", "kinds")}
        != {f: other[k][f] for f in ("derivation", "coverage", "matched", "kinds")}
    ]
    pairs = [k for k in same if base[k]["pairs"] != other[k]["pairs"]]
    # A pair present in both is "differing" for its class when missing, reversed, or reclassified.
    class_changed = [k for k in same if derived(base[k]) != derived(other[k])]
    reversed_derived = [
        k for k in reversed_ if derived(base[k]) or derived(other[unordered_other[frozenset(k)]])
    ]
    return {
        "base_edges": len(base),
        "base_derived": sum(1 for e in base.values() if derived(e)),
        "base_non_derived": sum(1 for e in base.values() if not derived(e)),
        "only_base_derived": sorted(k for k in only_base if derived(base[k])),
        "only_base_non": sorted(k for k in only_base if not derived(base[k])),
        "only_other_derived": sorted(k for k in only_other if derived(other[k])),
        "only_other_non": sorted(k for k in only_other if not derived(other[k])),
        "reversed": reversed_,
        "reversed_derived": reversed_derived,
        "class_changed": sorted(class_changed),
        "figures": sorted(figures),
        "pairs": sorted(pairs),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1, help="corpus seed (bench/corpus.py)")
    p.add_argument("--shuffle-seed", type=int, default=7)
    p.add_argument("--batch", type=int, default=200, help="articles per ingest transaction (200, as the CLI)")
    p.add_argument("--eval", type=Path, default=gen.DEFAULT_EVAL)
    p.add_argument("--orders", default="date,reverse,shuffled")
    p.add_argument("--show", type=int, default=5, help="examples of each difference")
    p.add_argument(
        "--keep", type=Path, help="write the stores and JSONL files here (kept), not in a temporary folder"
    )
    args = p.parse_args(argv)
    out = gen.generate(gen.default_out(args.articles, args.seed), articles=args.articles, eval_dir=args.eval,
                       seed=args.seed, jobs=1, log=lambda m: print(m, file=sys.stderr))  # fmt: skip
    rows = read_articles(out)
    orders = args.orders.split(",")
    if orders[0] != "date":
        orders.insert(0, "date")
    print(f"# bench/order.py: {len(rows)} articles (corpus seed {args.seed}), batch {args.batch}, "
          f"shuffle seed {args.shuffle_seed}; Python {platform.python_version()}, {platform.machine()}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        stores = {}
        for order in orders:
            stores[order], seconds = ingest_in_order(
                ordered(rows, order, args.shuffle_seed), work, order, args.batch
            )
            n = stores[order]
            derived = sum(1 for e in n.values() if e["derivation"] in DERIVED)
            print(
                f"{order:9s} edges {len(n):5d} (derived {derived}, non-derived {len(n) - derived}), ingest {seconds:.1f} s"
            )
        base = stores["date"]
        for order in orders[1:]:
            c = compare(base, stores[order])
            nd = c["base_non_derived"] or 1
            dd = c["base_derived"] or 1
            diff_derived = (
                len(c["only_base_derived"])
                + len(c["only_other_derived"])
                + len(c["reversed_derived"])
                + len(c["class_changed"])
            )
            diff_non = len(c["only_base_non"]) + len(c["only_other_non"])
            print(f"\n{order} vs date:")
            print(f"  differing derived edges      {diff_derived} of {c['base_derived']} ({diff_derived / dd:.2%}): "
                  f"only in date {len(c['only_base_derived'])}, only in {order} {len(c['only_other_derived'])}, "
                  f"reversed {len(c['reversed_derived'])}, derived in one only {len(c['class_changed'])}")  # fmt: skip
            print(f"  differing non-derived edges  {diff_non} of {c['base_non_derived']} ({diff_non / nd:.2%}): "
                  f"only in date {len(c['only_base_non'])}, only in {order} {len(c['only_other_non'])}")  # fmt: skip
            print(f"  differing directions         {len(c['reversed'])}")
            print(f"  same edge, other figures     {len(c['figures'])}")
            print(f"  same edge, other matches     {len(c['pairs'])}")
            for label in (
                "only_base_derived",
                "only_other_derived",
                "only_base_non",
                "only_other_non",
                "reversed",
                "figures",
                "pairs",
            ):
                for k in c[label][: args.show]:
                    a, b = base.get(k), stores[order].get(k) or stores[order].get((k[1], k[0]))
                    strip = _figures
                    extra = ""
                    if a is not None and b is not None and a["pairs"] != b["pairs"]:
                        extra = (
                            f" pairs -{sorted(a['pairs'] - b['pairs'])} +{sorted(b['pairs'] - a['pairs'])}"
                        )
                    print(f"    {label} {k}: date {strip(a)} / {order} {strip(b)}{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
