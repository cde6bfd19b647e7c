"""Peers on the generated corpus: ours, text-matcher (every pair) and a datasketch MinHash-LSH baseline.

    python bench/peers.py [--corpus DIR] [--limit 1000] [--max-seconds 600] [--json PATH]

A benchmark, not a test. It prints the machine and the exact command, then runs three systems on the
first ``--limit`` articles of a corpus made by ``bench/corpus.py`` (default ``bench/out/corpus-10000-s1``;
generated when absent), each timed from reading the JSONL shard to its last edge:

1. ours: ``provenance.ingest_articles`` of ``provenance.readers.iter_articles(shards)`` into a fresh
   temporary SQLite store, as a user runs it (the library's defaults: batches of 200, preparation in
   worker processes); edges read from ``reuse_edges``, mapped back to articles as ``bench/scale.py``
   does (a document's stored source ``shard#line``). Reported twice: all edges, and those whose
   derivation is not ``non-derived``.
2. datasketch MinHash-LSH over whole articles, with ``bench/accuracy.py``'s settings (word 3-shingles
   of lower-cased ``\\w+`` words, ``MinHash(num_perm=128, seed=1)`` with shared permutations, filled by
   ``update_batch``; ``MinHashLSH(threshold=0.1)``): the articles in date order, each queried against
   the index of the earlier ones, then inserted. An edge later -> earlier for each hit.
3. text-matcher (its Python API, ``bench/accuracy.py``'s way: ``Text(raw, label, removeStopwords=False)``,
   i.e. an empty stopword list, since NLTK's cannot be downloaded here; ``Matcher(earlier, later)``
   with its default threshold 3, cutoff 5, 3-grams; its stdout discarded): every pair, row by row
   (article 1 with 0, article 2 with 0 and 1, ...: all pairs of the first M articles), until
   ``--max-seconds`` is spent. An edge later -> earlier when it reports at least one match. Each
   article's ``Text`` is built when its row starts, inside the timing. When the budget stops it, the
   pairs done are reported exactly, with pairs/s and the projected time for all pairs (preparation per
   article times N plus the measured pair time per pair times N(N-1)/2).

Accuracy against ``truth.jsonl``, with ``bench/scale.py``'s definitions: an edge later -> earlier is
true when planted directly or through an intermediate article (``indirect``); precision = true edges /
edges; recall = planted (direct) edges found / planted edges; edges between "siblings" (articles that
copied from the same article) are counted apart (precision with siblings counted true). F1 combines
that precision and that recall. All three systems are also scored on the pairs text-matcher did (the
planted edges and each system's edges restricted to them), so the comparison with it is like for like.
The corpus is in date order (``published_at`` strictly increases with the article id), so earlier =
smaller id.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import resource
import shlex
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from scale import OUT, REPO, Corpus, document_map, log, machine  # noqa: E402

import corpus as corpus_mod  # noqa: E402
import provenance  # noqa: E402
from accuracy import LSH_NUM_PERM, LSH_THRESHOLD, SHINGLE, TEXT_MATCHER, _shingles, _version  # noqa: E402
from provenance.readers import Article, iter_articles  # noqa: E402
from sqlalchemy import text  # noqa: E402

DEFAULT_CORPUS = OUT / "corpus-10000-s1"

Edge = tuple[int, int]  # (later article, earlier article)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _articles(corp: Corpus, limit: int):
    """The first ``limit`` articles, read as the library reads them."""
    paths = [str(p) for p, _, _ in corp.shards]
    return itertools.islice(iter_articles(paths), limit)


def _texts(corp: Corpus, limit: int) -> list[str]:
    out = []
    for item in _articles(corp, limit):
        if not isinstance(item, Article):
            raise SystemExit(f"error: unexpected input item {item!r}")
        out.append(item.text)
    return out


# --------------------------------------------------------------------------------------------------
# The systems


def run_ours(corp: Corpus, limit: int, tmp: Path) -> tuple[dict, dict[Edge, str], dict]:
    url = f"sqlite:///{tmp / 'peers.db'}"
    store = provenance.open_store(url)
    info = machine(store)
    statuses: Counter = Counter()
    cpu0 = _cpu()
    t0 = time.perf_counter()
    provenance.ingest_articles(store, _articles(corp, limit), on_result=lambda r: statuses.update([r.status]))
    seconds = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    _, d2a = document_map(store, corp)
    edges: dict[Edge, str] = {}
    with store.read() as conn:
        for later, earlier, derivation in conn.execute(
            text("select later_id, earlier_id, derivation from reuse_edges")
        ):
            if later in d2a and earlier in d2a:
                edges[(d2a[later], d2a[earlier])] = derivation
    store.close()
    run = {
        "system": f"provenance {provenance.__version__}", "seconds": seconds, "cpu_seconds_incl_workers": cpu,
        "articles": limit, "statuses": dict(statuses), "edges": len(edges),
        "derivations": dict(Counter(edges.values())),
        "settings": "provenance.ingest_articles(store, iter_articles(shards)) with the library's defaults, fresh SQLite store",
    }  # fmt: skip
    return run, edges, info


def run_minhash(corp: Corpus, limit: int) -> tuple[dict, set[Edge]]:
    from datasketch import MinHash, MinHashLSH

    edges: set[Edge] = set()
    cpu0 = _cpu()
    t0 = time.perf_counter()
    texts = _texts(corp, limit)
    template = MinHash(num_perm=LSH_NUM_PERM, seed=1)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=LSH_NUM_PERM)
    for idx, body in enumerate(texts):
        m = MinHash(num_perm=LSH_NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
        m.update_batch(list(_shingles(body)))
        edges.update((idx, hit) for hit in lsh.query(m))
        lsh.insert(idx, m)
    seconds = time.perf_counter() - t0
    run = {
        "system": f"datasketch {_version('datasketch')} MinHash-LSH", "seconds": seconds, "cpu_seconds": _cpu() - cpu0,
        "articles": limit, "edges": len(edges),
        "settings": f"word {SHINGLE}-shingles (lower-cased \\w+ words) of whole articles; MinHash(num_perm={LSH_NUM_PERM}, "
                    f"seed=1, {template.scheme}, permutations shared) filled by update_batch; "
                    f"MinHashLSH(threshold={LSH_THRESHOLD}, num_perm={LSH_NUM_PERM}) -> b={lsh.b} x r={lsh.r}; "
                    "each article queried against the earlier ones, then inserted",
    }  # fmt: skip
    return run, edges


class _Null:
    def write(self, s: str) -> int:
        return len(s)

    def flush(self) -> None:
        pass


def run_text_matcher(corp: Corpus, limit: int, max_seconds: float) -> tuple[dict, set[Edge], tuple[int, int]]:
    """Every pair row by row until the budget is spent. Returns the run, the edges, and (J, k): the pairs
    done are (j, i) for i < j < J, and (J, i) for i < k."""
    from text_matcher.matcher import Matcher, Text

    edges: set[Edge] = set()
    failures: Counter = Counter()
    prep_seconds = 0.0
    pairs = 0
    row, col = limit, 0  # all done unless the budget stops it
    stopped = False
    cpu0 = _cpu()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(_Null()):  # Matcher prints every match and extension
        texts = _texts(corp, limit)
        prepared: list = []
        for j in range(limit):
            tp = time.perf_counter()
            try:
                prepared.append(Text(texts[j], str(j), removeStopwords=False))
            except Exception as exc:  # noqa: BLE001 - counted, as accuracy.py does
                failures[f"Text: {type(exc).__name__}: {exc}"] += 1
                prepared.append(None)
            prep_seconds += time.perf_counter() - tp
            for i in range(j):
                if time.perf_counter() - t0 > max_seconds:
                    row, col, stopped = j, i, True
                    break
                a, b = prepared[i], prepared[j]
                pairs += 1
                if a is None or b is None:
                    continue
                try:
                    if Matcher(a, b, **TEXT_MATCHER).numMatches > 0:
                        edges.add((j, i))
                except Exception as exc:  # noqa: BLE001
                    failures[f"Matcher: {type(exc).__name__}: {exc}"] += 1
            if stopped:
                break
    seconds = time.perf_counter() - t0
    total_pairs = limit * (limit - 1) // 2
    pair_seconds = max(seconds - prep_seconds, 1e-9)
    prepared_n = len(prepared) if stopped else limit
    projected = (
        prep_seconds / max(prepared_n, 1) * limit + pair_seconds / max(pairs, 1) * total_pairs
        if pairs
        else None
    )
    run = {
        "system": f"text-matcher {_version('text-matcher')}", "seconds": seconds, "cpu_seconds": _cpu() - cpu0,
        "articles": limit, "edges": len(edges), "pairs_done": pairs, "pairs_total": total_pairs, "stopped": stopped,
        "complete_rows": row, "partial_row_pairs": col if stopped else 0, "articles_prepared": prepared_n,
        "prep_seconds": prep_seconds, "pair_seconds": pair_seconds, "pairs_per_s": pairs / pair_seconds,
        "pairs_per_s_incl_prep": pairs / seconds, "projected_seconds_all_pairs": projected,
        "failures": dict(failures),
        "settings": f"Text(raw, label, removeStopwords=False) (no stopwords: NLTK's list cannot be downloaded here), "
                    f"Matcher(earlier, later, threshold={TEXT_MATCHER['threshold']}, cutoff={TEXT_MATCHER['cutoff']}, "
                    f"ngramSize={TEXT_MATCHER['ngramSize']}) (its defaults); edge when numMatches >= 1; pairs row by row "
                    "(article j against 0 .. j-1, j = 1, 2, ...)",
    }  # fmt: skip
    return run, edges, (row, col if stopped else 0)


# --------------------------------------------------------------------------------------------------
# Scores, with scale.py's definitions


class Truth:
    def __init__(self, corp: Corpus, limit: int) -> None:
        every = corp.truth(limit)
        self.reusing = len(every)
        self.direct: set[Edge] = set()
        self.indirect: set[Edge] = set()
        for t in every:
            self.direct |= {(t["id"], s["id"]) for s in t["sources"] if s["id"] < limit}
            self.indirect |= {(t["id"], s["id"]) for s in t["indirect"] if s["id"] < limit}
        self.ancestors = {t["id"]: {s["id"] for s in t["sources"] + t["indirect"]} for t in every}

    def siblings(self, later: int, earlier: int) -> bool:
        return bool(self.ancestors.get(later, set()) & self.ancestors.get(earlier, set()))

    def scores(self, keys: set[Edge], within: Callable[[Edge], bool] | None = None) -> dict:
        direct, indirect = self.direct, self.indirect
        if within is not None:
            keys = {k for k in keys if within(k)}
            direct = {k for k in direct if within(k)}
            indirect = {k for k in indirect if within(k)}
        tp_direct = len(keys & direct)
        tp_any = len(keys & (direct | indirect))
        sib = sum(1 for k in keys - direct - indirect if self.siblings(*k))
        precision = tp_any / len(keys) if keys else None
        recall = tp_direct / len(direct) if direct else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
        return {
            "edges": len(keys), "planted_edges": len(direct), "indirect_edges": len(indirect),
            "true_edges": tp_any, "precision": precision, "siblings": sib,
            "precision_with_siblings": (tp_any + sib) / len(keys) if keys else None,
            "precision_direct_only": tp_direct / len(keys) if keys else None,
            "recall": recall, "recall_indirect": len(keys & indirect) / len(indirect) if indirect else None,
            "f1": f1, "reversed": sum(1 for a, b in keys if (b, a) in direct),
        }  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Printing


def _f(x, digits=3) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def _ratio(a, b) -> str:
    return "-" if a is None or not b else f"{a / b:.2f}"


def print_table(title: str, rows: list[dict]) -> None:
    """Scores of each system, then each peer's figures beside ours (both ways of counting our edges)."""
    print(f"\n== {title}")
    print(
        f"  {'system':<36}{'edges':>7}{'precision':>11}{'+siblings':>11}{'recall':>8}{'F1':>7}{'articles/s':>13}"
    )
    for r in rows:
        s = r["scores"]
        rate = f"{r['rate']:,.2f}" + ("*" if r.get("projected") else "")
        print(f"  {r['label']:<36}{s['edges']:>7,}{_f(s['precision']):>11}{_f(s['precision_with_siblings']):>11}"
              f"{_f(s['recall']):>8}{_f(s['f1']):>7}{rate:>13}")  # fmt: skip
    ours = [r for r in rows if r["label"].startswith("ours")]
    print("  ours / theirs (speed: articles/s, > 1 = ours faster):")
    for r in rows:
        if r in ours:
            continue
        cells = "; ".join(
            f"{o['label']}: precision {_ratio(o['scores']['precision'], r['scores']['precision'])}, "
            f"recall {_ratio(o['scores']['recall'], r['scores']['recall'])}, F1 {_ratio(o['scores']['f1'], r['scores']['f1'])}"
            for o in ours
        )
        print(f"    vs {r['label']}: speed {_ratio(ours[0]['rate'], r['rate'])}; {cells}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="a corpus folder from bench/corpus.py (%(default)s)",
    )
    p.add_argument(
        "--eval",
        type=Path,
        default=corpus_mod.DEFAULT_EVAL,
        help="evaluation data, to generate the default corpus",
    )
    p.add_argument("--limit", type=int, default=1000, help="the first N articles (1000)")
    p.add_argument(
        "--max-seconds", type=float, default=600, help="budget per peer: text-matcher stops after it (600)"
    )
    p.add_argument(
        "--json", type=Path, help="also write the figures here (default bench/out/peers-<time>.json)"
    )
    ns = p.parse_args(argv)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    OUT.mkdir(parents=True, exist_ok=True)
    if corpus_mod.read_manifest(ns.corpus.resolve()) is None:
        if ns.corpus.resolve() != DEFAULT_CORPUS.resolve():
            raise SystemExit(f"error: {ns.corpus}: no manifest.json (generate it with bench/corpus.py)")
        corpus_mod.generate(DEFAULT_CORPUS, articles=10_000, eval_dir=ns.eval, log=log)
    corp = Corpus(ns.corpus)
    limit = min(ns.limit, corp.total)
    truth = Truth(corp, limit)
    res: dict = {"command": shlex.join(getattr(sys, "orig_argv", [sys.executable, *sys.argv]))}

    with tempfile.TemporaryDirectory(prefix="peers-") as tmp:
        log(f"peers: ours on {limit:,} articles ...")
        ours_run, ours_edges, info = run_ours(corp, limit, Path(tmp))
    info["datasketch / text-matcher"] = (
        f"{_version('datasketch')} / {_version('text-matcher')} (nltk {_version('nltk')})"
    )
    res["machine"] = info
    log(f"peers: ours {ours_run['seconds']:.1f} s; MinHash-LSH ...")
    mh_run, mh_edges = run_minhash(corp, limit)
    log(
        f"peers: MinHash-LSH {mh_run['seconds']:.1f} s; text-matcher, every pair, budget {ns.max_seconds:.0f} s ..."
    )
    tm_run, tm_edges, (row, col) = run_text_matcher(corp, limit, ns.max_seconds)
    log(f"peers: text-matcher {tm_run['pairs_done']:,} pairs in {tm_run['seconds']:.1f} s")
    res["load_average_end"] = os.getloadavg()

    derived = {k for k, v in ours_edges.items() if v != "non-derived"}

    def done(k: Edge) -> bool:
        later, earlier = k
        return later < row or (later == row and earlier < col)

    systems = [
        ("ours: all edges", ours_run, set(ours_edges)),
        ("ours: edges not 'non-derived'", ours_run, derived),
        (mh_run["system"], mh_run, mh_edges),
        (tm_run["system"], tm_run, tm_edges),
    ]
    tm_rate = limit / tm_run["projected_seconds_all_pairs"] if tm_run["projected_seconds_all_pairs"] else None
    full, subset = [], []
    for label, run, keys in systems:
        rate = limit / run["seconds"]
        if run is tm_run:
            rate = tm_rate
        row_full = {
            "label": label,
            "rate": rate,
            "projected": run is tm_run and tm_run["stopped"],
            "scores": truth.scores(keys),
        }
        row_sub = dict(row_full, scores=truth.scores(keys, done))
        if run is not tm_run or not tm_run["stopped"]:
            full.append(row_full)
        subset.append(row_sub)
    res["runs"] = {"ours": ours_run, "minhash": mh_run, "text_matcher": tm_run}
    res["truth"] = {
        "reusing_articles": truth.reusing,
        "planted_edges": len(truth.direct),
        "indirect_edges": len(truth.indirect),
    }
    res["scores_all_pairs"] = full
    res["scores_text_matcher_pairs"] = subset

    print("\n== machine")
    for k, v in info.items():
        print(f"  {k:<26} {v}")
    print(f"  load average at the end    {' '.join(f'{x:.2f}' for x in res['load_average_end'])}")
    print(f"\n== command\n  {res['command']}")
    print(f"\n== corpus  {corp.path}\n  first {limit:,} of {corp.total:,} articles; {truth.reusing:,} reusing articles, "
          f"{len(truth.direct):,} planted edges (+{len(truth.indirect):,} indirect)")  # fmt: skip
    print("\n== runs (wall time from reading the shard to the last edge; CPU includes worker processes)")
    print(f"  ours          {ours_run['seconds']:8.1f} s  CPU {ours_run['cpu_seconds_incl_workers']:7.1f} s  "
          f"{limit / ours_run['seconds']:8.2f} articles/s  {ours_run['edges']:,} edges {ours_run['derivations']}  "
          f"statuses {ours_run['statuses']}")  # fmt: skip
    print(f"  MinHash-LSH   {mh_run['seconds']:8.1f} s  CPU {mh_run['cpu_seconds']:7.1f} s  "
          f"{limit / mh_run['seconds']:8.2f} articles/s  {mh_run['edges']:,} edges")  # fmt: skip
    tm = tm_run
    partial = f", +{tm['partial_row_pairs']:,} pairs of article {row}" if tm["stopped"] else ""
    print(f"  text-matcher  {tm['seconds']:8.1f} s  CPU {tm['cpu_seconds']:7.1f} s  {tm['pairs_done']:,} of {tm['pairs_total']:,} pairs"
          f" ({'stopped by --max-seconds' if tm['stopped'] else 'all'}; {tm['complete_rows']:,} articles with all their pairs"
          f"{partial}); "
          f"{tm['pairs_per_s']:,.0f} pairs/s ({tm['pairs_per_s_incl_prep']:,.0f} with the Text preparation, "
          f"{tm['prep_seconds']:.1f} s for {tm['articles_prepared']:,} articles); "
          f"{'projected' if tm['stopped'] else 'measured'} time for all pairs {_f(tm['projected_seconds_all_pairs'], 0)} s "
          f"= {_f(tm_rate, 2)} articles/s; {tm['edges']:,} edges")  # fmt: skip
    if tm["failures"]:
        print(f"  text-matcher raised (counted as no match): {tm['failures']}")
    for name, run in (("ours", ours_run), ("MinHash-LSH", mh_run), ("text-matcher", tm_run)):
        print(f"  {name}: {run['settings']}")

    print_table(f"all {limit * (limit - 1) // 2:,} pairs of the first {limit:,} articles", full)
    if tm["stopped"]:
        print_table(
            f"the {tm['pairs_done']:,} pairs text-matcher did (all pairs of the first {row:,} articles"
            + (f" and {col:,} of article {row}'s" if col else "")
            + ")",
            subset,
        )
    print(
        "  (precision: edges planted directly or indirectly / edges; +siblings: counting edges between articles that copied "
        "the same source as true; recall: planted direct edges found; F1 of that precision and recall; "
        "ours / theirs: our figure divided by the peer's"
        + ("; * text-matcher's articles/s projected for all pairs of the whole set" if tm["stopped"] else "")
        + ")"
    )
    out = ns.json or OUT / f"peers-{stamp}.json"
    out.write_text(json.dumps(res, indent=1, default=str) + "\n")
    print(f"\n(figures also in {out.relative_to(REPO) if out.is_relative_to(REPO) else out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
