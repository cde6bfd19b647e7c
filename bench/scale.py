"""Speed and scale of ingest with reuse detection, measured on a generated corpus (``bench/corpus.py``).

    python bench/scale.py [--corpus DIR | --articles N] [--db URL] [--limit N] [--offset N]
                          [--max-seconds S] [--batch 200] [--window W] [--report-sample 200]
                          [--candidates-sample 100] [--pair-sample 20000] [--no-eval] [--json PATH]

It prints the machine (cores, CPU, memory, Python, SQLite, PostgreSQL when ``--db`` is one) and the exact
command, then ingests the corpus's JSONL shards in order through the library, exactly as a user would
(``provenance.ingest_articles(store, provenance.readers.iter_articles(shards), batch_articles=...)``,
which is what ``provenance.ingest(store, shards)`` does), and reports:

* ingest rate with detection, in articles/s and sentences/s, per window of ``--window`` articles as the
  store grows, and the rate of the last window divided by the rate of the first one (and of 0-10k);
* ``provenance.report`` latency, p50 and p95, over a random sample of stored documents;
* store bytes per sentence (file size over sentences for SQLite, after a WAL checkpoint; the sum of
  ``pg_total_relation_size`` for PostgreSQL), per table where the engine tells;
* peak RSS (``resource.getrusage``);
* candidates: for a sample of stored documents, how many earlier documents ``detect`` selects (the same
  queries and rule, read-only; at most ``max_candidates``), the posting rows read, and the recall of the
  planted sources;
* precision and recall of the planted reuse (``truth.jsonl``): an edge later -> earlier is true when planted
  (directly, or through an intermediate article: ``indirect``); per reusing article, its planted sources
  against the sources found; sentence-pair recall per planted kind (a planted pair is found when a match
  links a sentence overlapping the reused text to a sentence overlapping the source text).

``--max-seconds`` (default 540) stops the ingest after the batch running when the budget is spent, so that a
run stays under 10 minutes whatever the speed; the figures then cover the articles stored. ``--offset N``
skips the first N articles (already in the store given with ``--db``, e.g. a copy of an earlier run's
store): the rate of a store that already holds N articles. The store must otherwise be empty. Documents
are mapped back to corpus articles by their stored source (``shard path#line``).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import platform
import random
import re
import resource
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import text

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import provenance  # noqa: E402
from provenance.readers import iter_articles  # noqa: E402
import provenance.reuse.pairs as pairs_mod  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_mod  # noqa: E402

OUT = REPO / "bench" / "out"


def _hide_password(text: str) -> str:
    """Database URLs in ``text`` with their password masked (figures and logs get shared)."""
    return re.sub(r"(://[^:/@\s]+):[^@\s]+@", r"\1:***@", text)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# Machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "?"


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        diff = subprocess.run(
            ["git", "-C", str(REPO), "diff", "HEAD", "--", "provenance"], capture_output=True
        )
        if not diff.stdout:
            return head.stdout.strip()
        digest = hashlib.sha1(diff.stdout).hexdigest()[:10]
        return f"{head.stdout.strip()} + uncommitted changes to provenance/ (git diff HEAD sha1 {digest})"
    except OSError:
        return "?"


def machine(store: provenance.Store) -> dict[str, str]:
    import numpy
    import rapidfuzz
    import sqlalchemy

    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info = {
        "cores": f"{os.cpu_count()} ({affinity} usable)",
        "cpu": _cpu_model(),
        "memory": _mem_total(),
        "os": platform.platform(),
        "python": sys.version.split()[0] + f" ({platform.python_implementation()})",
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "numpy / rapidfuzz": f"{numpy.__version__} / {rapidfuzz.__version__}",
        "provenance": f"{provenance.__version__} at {_git()}",
        "store": store.engine.url.render_as_string(hide_password=True),
    }
    if store.dialect == "postgresql":
        with store.read() as conn:
            info["postgresql"] = conn.execute(text("select version()")).scalar_one()
    info["load average at start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if os.environ.get(var):
            info[var] = os.environ[var]
    return info


# --------------------------------------------------------------------------------------------------
# Corpus and the document <-> article map


class Corpus:
    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        manifest = corpus_mod.read_manifest(self.path)
        if manifest is None:
            raise SystemExit(f"error: {path}: no manifest.json (generate it with bench/corpus.py)")
        self.manifest = manifest
        self.shards = [(self.path / s["file"], s["first"], s["count"]) for s in manifest["shards"]]
        # by shard file name: a corpus generated again with more articles (same seed, shard size) has the
        # same shards, so a store filled from the smaller one maps onto the larger one
        self.first_of = {p.name: first for p, first, _ in self.shards}
        self.total = sum(c for _, _, c in self.shards)

    def article_of(self, source: str) -> int | None:
        path, _, line = source.rpartition("#")
        first = self.first_of.get(Path(path).name)
        if first is None or not line.isdigit():
            return None
        return first + int(line) - 1

    def truth(self, upto: int) -> list[dict]:
        out = []
        with (self.path / "truth.jsonl").open(encoding="utf-8") as f:
            for line in f:
                t = json.loads(line)
                if t["id"] < upto:
                    out.append(t)
        return out


def document_map(store: provenance.Store, corpus: Corpus) -> tuple[dict[int, int], dict[int, int]]:
    """(article -> document id, document id -> article) for every stored document of this corpus."""
    a2d: dict[int, int] = {}
    d2a: dict[int, int] = {}
    with store.read() as conn:
        for doc_id, source in conn.execute(text("select id, source from documents")):
            art = corpus.article_of(source)
            if art is not None:
                a2d[art] = doc_id
                d2a[doc_id] = art
    return a2d, d2a


# --------------------------------------------------------------------------------------------------
# Ingest


class Clock:
    """Timestamps of the stored count, taken as the library reports each result."""

    def __init__(self, window: int, total: int) -> None:
        self.window = window
        self.total = total
        self.stored = 0
        self.sentences = 0
        self.failed = 0
        self.present = 0
        self.t0 = time.perf_counter()
        self.marks: list[tuple[int, int, float]] = [(0, 0, 0.0)]  # (stored, sentences, seconds)
        self.messages: list[str] = []

    def __call__(self, result) -> None:
        if result.status == "stored":
            self.stored += 1
            self.sentences += result.sentences
            if self.stored % self.window == 0:
                now = time.perf_counter() - self.t0
                stored0, sent0, t0 = self.marks[-1]
                self.marks.append((self.stored, self.sentences, now))
                log(
                    f"  {self.stored:>9,} stored  {now:7.1f} s  window {(self.stored - stored0) / (now - t0):8.1f} articles/s"
                    f"  {(self.sentences - sent0) / (now - t0):9.0f} sentences/s"
                )
        elif result.status == "failed":
            self.failed += 1
            if len(self.messages) < 5:
                self.messages.append(result.message or "")
        elif result.status == "present":
            self.present += 1

    def close(self) -> float:
        now = time.perf_counter() - self.t0
        if self.marks[-1][0] != self.stored:
            self.marks.append((self.stored, self.sentences, now))
        return now


def ingest(
    store,
    corpus: Corpus,
    *,
    offset: int,
    limit: int,
    batch: int,
    window: int,
    max_seconds: float,
    detection: bool = True,
    workers: int | None = None,
    sweep: bool = True,
) -> tuple[Clock, bool]:
    """Ingest articles offset .. offset + limit - 1 through the library; ``detection=False`` (prefill only)
    stores them without reuse detection, everything else unchanged."""
    # only the shards holding articles offset .. offset + limit - 1, so that no time goes to skipping
    shards = [
        (p, first) for p, first, count in corpus.shards if first + count > offset and first < offset + limit
    ]
    paths = [str(p) for p, _ in shards]
    skip = offset - shards[0][1] if shards else 0
    clock = Clock(window, limit)
    stopped = False
    # the first articles to skip are read before the clock starts
    source = iter_articles(paths)
    for _ in itertools.islice(source, skip):
        pass

    def articles():
        nonlocal stopped
        for item in itertools.islice(source, limit):
            if time.perf_counter() - clock.t0 > max_seconds:
                stopped = True
                return
            yield item

    clock.t0 = time.perf_counter()
    provenance.ingest_articles(store, articles(), batch_articles=batch, on_result=clock, detection=detection,
                               workers=workers, sweep=sweep)  # fmt: skip
    clock.close()
    return clock, stopped


# --------------------------------------------------------------------------------------------------
# Bulk prefill (SQLite): the key index built once, sorted, instead of one random insert per posting


def defer_key_index(store) -> None:
    """Make ``sentence_keys`` an unindexed heap (the real table kept aside) and drop the fingerprint
    index, so that a prefill appends instead of inserting into two B-trees at random places.

    Only for a benchmark's prefill (``--prefill-bulk``): until ``build_key_index`` runs, the store has no
    key index and detection must not run on it. Past ~100k stored articles nearly every posting
    inserted at random costs a page read and write (``bench/sqlite_ceiling.py``); sorted, they cost a
    sequential append.
    """
    with store.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE sentence_keys RENAME TO _sentence_keys_built")
        conn.exec_driver_sql(
            "CREATE TABLE sentence_keys (key BIGINT NOT NULL, document_id INTEGER NOT NULL, position INTEGER NOT NULL)"
        )
        conn.exec_driver_sql("DROP INDEX ix_sentences_fingerprint")


def _table_named(sql: str, name: str) -> str:
    return re.sub(r"^CREATE TABLE \S+ \(", f"CREATE TABLE {name} (", sql)


def build_key_index(store) -> dict:
    """Undo ``defer_key_index``: the heap's postings inserted in key order into the real table, the
    fingerprint index created again, then the keys too common entered (``SqlKeyIndex.sweep``).
    Returns the seconds of each step and the number of common keys entered."""
    from provenance.match import DEFAULT_DETECT
    from provenance.reuse import SqlKeyIndex

    with store.begin() as conn:
        before = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = '_sentence_keys_built'"
        ).scalar_one()
    times = {}
    with store.begin() as conn:
        conn.exec_driver_sql("PRAGMA threads = 2")  # the sorter's helper threads
        conn.exec_driver_sql("PRAGMA cache_size = -2000000")
        t = time.perf_counter()
        conn.exec_driver_sql("INSERT INTO _sentence_keys_built (key, document_id, position) SELECT key, document_id, position"
                             " FROM sentence_keys ORDER BY key, document_id, position")  # fmt: skip
        times["sorted_insert_s"] = time.perf_counter() - t
        conn.exec_driver_sql("DROP TABLE sentence_keys")
        conn.exec_driver_sql("ALTER TABLE _sentence_keys_built RENAME TO sentence_keys")
        t = time.perf_counter()
        conn.exec_driver_sql("CREATE INDEX ix_sentences_fingerprint ON sentences (fingerprint)")
        times["fingerprint_index_s"] = time.perf_counter() - t
    with store.begin() as conn:
        after = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'sentence_keys'"
        ).scalar_one()
        if _table_named(after, "t") != _table_named(before, "t"):  # renamed twice: quotes differ
            raise SystemExit(
                f"error: the rebuilt sentence_keys differs from the migration's:\n{before}\n{after}"
            )
        t = time.perf_counter()
        times["common_keys"] = SqlKeyIndex(conn).sweep(DEFAULT_DETECT.max_key_postings)
        times["sweep_s"] = time.perf_counter() - t
    return times


def rate_table(clock: Clock, offset: int) -> tuple[list[dict], dict]:
    rows = []
    for (s0, n0, t0), (s1, n1, t1) in itertools.pairwise(clock.marks):
        if s1 > s0 and t1 > t0:
            rows.append({
                "from": offset + s0, "to": offset + s1, "seconds": round(t1 - t0, 2),
                "articles_per_s": (s1 - s0) / (t1 - t0), "sentences_per_s": (n1 - n0) / (t1 - t0),
            })  # fmt: skip
    summary: dict = {}
    if rows:
        summary["overall_articles_per_s"] = clock.stored / max(clock.marks[-1][2], 1e-9)
        summary["overall_sentences_per_s"] = clock.sentences / max(clock.marks[-1][2], 1e-9)
        summary["first_window"] = rows[0]
        summary["last_window"] = rows[-1]
        summary["last_over_first"] = rows[-1]["articles_per_s"] / rows[0]["articles_per_s"]
        at10k = [m for m in clock.marks if m[0] == 10_000 - offset]
        if offset == 0 and at10k:
            summary["rate_0_10k"] = 10_000 / at10k[0][2]
            summary["last_over_0_10k"] = rows[-1]["articles_per_s"] / summary["rate_0_10k"]
    return rows, summary


# --------------------------------------------------------------------------------------------------
# Report latency, store size, memory


def report_latency(store, doc_ids: list[int], sample: int, rng: random.Random) -> dict:
    chosen = rng.sample(doc_ids, min(sample, len(doc_ids)))
    times, sources, reused_by = [], 0, 0
    for doc_id in chosen:
        t = time.perf_counter()
        rep = provenance.report(store, doc_id)
        times.append(time.perf_counter() - t)
        sources += len(rep.sources)
        reused_by += len(rep.reused_by)
    if not times:
        return {}
    times.sort()
    q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
    return {
        "sample": len(times), "p50_ms": 1000 * statistics.median(times), "p95_ms": 1000 * q[94],
        "max_ms": 1000 * times[-1], "mean_sources": sources / len(times), "mean_reused_by": reused_by / len(times),
    }  # fmt: skip


def store_size(store) -> dict:
    out: dict = {}
    with store.begin() as conn:
        counts = {t: conn.execute(text(f"select count(*) from {t}")).scalar_one() for t in
                  ("documents", "sentences", "sentence_keys", "matches", "reuse_edges", "licence_notes")}  # fmt: skip
    out["rows"] = counts
    if store.dialect == "sqlite":
        db = Path(store.engine.url.database)
        with store.begin() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        size = sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())
        index = Path(f"{db}-index")  # the LMDB candidate index beside the file (provenance.reuse.lmdb_index)
        if index.is_dir():
            out["index_bytes"] = sum(p.stat().st_size for p in index.iterdir() if p.is_file())
            size += out["index_bytes"]
        out["bytes"] = size
        try:
            with store.read() as conn:
                rows = conn.execute(
                    text("select name, sum(pgsize) from dbstat group by name order by 2 desc")
                ).all()
            out["by_object"] = {name: int(b) for name, b in rows}
        except Exception:  # dbstat is compiled out of many SQLite builds
            pass
    elif store.dialect == "postgresql":
        with store.read() as conn:
            rows = conn.execute(text(
                "select c.relname, pg_total_relation_size(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                " where c.relkind = 'r' and n.nspname = current_schema() order by 2 desc"
            )).all()  # fmt: skip
        out["by_object"] = {name: int(b) for name, b in rows}
        out["bytes"] = sum(out["by_object"].values())
    if counts["sentences"]:
        out["bytes_per_sentence"] = out.get("bytes", 0) / counts["sentences"]
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --------------------------------------------------------------------------------------------------
# Candidates: what detect selects


def candidates(
    store,
    doc_ids: list[int],
    a2d: dict[int, int],
    d2a: dict[int, int],
    planted: dict[int, set[int]],
    sample: int,
    rng,
) -> dict:
    """For a sample of stored documents: how many earlier documents detect's rule selects, and its recall.

    Replayed on the final store with the library's own ``Detector.candidates`` (in a transaction that
    is never committed), so the postings read are those of a store this size; the documents stored after
    the replayed one are left out as detection left them out.
    Recall: share of the planted sources (of the sampled reusing articles) that the rule keeps.
    """
    from provenance.match import DEFAULT_DETECT
    from provenance.prepare import new_sentence
    from provenance.reuse import Detector, NewArticle
    from provenance.store.documents import load_documents

    chosen = sorted(rng.sample(doc_ids, min(sample, len(doc_ids))))
    sizes: list[int] = []
    rows_fetched: list[int] = []
    found = wanted = 0
    t_query = 0.0
    from provenance.api.index import reading

    with reading(store) as (conn, index):
        for doc_id in chosen:
            doc = load_documents(conn, [doc_id])[doc_id]
            sentences = [
                new_sentence(s.position, doc.text, s.start, s.end, evidence=s.evidence) for s in doc.sentences
            ]
            new = NewArticle.build(doc.id, doc.published_at, doc.text, sentences)
            detector = Detector(conn, index)  # read-only: nothing it might write is committed
            t = time.perf_counter()
            ranked, _ = detector.candidates(new, not_yet=_From(doc_id))
            t_query += time.perf_counter() - t
            rows_fetched.append(detector.postings_read)
            sizes.append(len(ranked))
            art = d2a.get(doc_id)
            srcs = {a2d[a] for a in planted.get(art, set()) if a in a2d} if art is not None else set()
            wanted += len(srcs)
            found += len(srcs & set(ranked))
    return {"sample": len(chosen), "query_ms_mean": 1000 * t_query / max(1, len(chosen)),
            "planted_sources": wanted, "max_key_postings": DEFAULT_DETECT.max_key_postings,
            "max_candidates": DEFAULT_DETECT.max_candidates, "candidates_per_document": _dist(sizes),
            "recall": found / wanted if wanted else None, "posting_rows_per_document": _dist(rows_fetched)}  # fmt: skip


class _From:
    """The documents from ``first`` on (stored after the one replayed): ``d in _From(n)`` is ``d >= n``."""

    def __init__(self, first: int) -> None:
        self.first = first

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, int) and doc_id >= self.first


def _dist(values: list[int]) -> dict:
    if not values:
        return {}
    v = sorted(values)
    return {
        "mean": statistics.fmean(v),
        "median": statistics.median(v),
        "p95": v[min(len(v) - 1, int(0.95 * len(v)))],
        "max": v[-1],
    }


# --------------------------------------------------------------------------------------------------
# Precision and recall of the planted reuse


def accuracy(
    store,
    corpus: Corpus,
    a2d: dict[int, int],
    d2a: dict[int, int],
    pair_sample: int,
    rng,
    measured_from: int = 0,
) -> dict:
    """Scores of the articles from ``measured_from`` on (those ingested with detection in this run)."""
    stored_articles = set(a2d)
    every = [
        t
        for t in corpus.truth(max(stored_articles) + 1 if stored_articles else 0)
        if t["id"] in stored_articles
    ]
    truth = [t for t in every if t["id"] >= measured_from]
    direct: set[tuple[int, int]] = set()
    indirect: set[tuple[int, int]] = set()
    planted_of: dict[int, set[int]] = {}
    for t in truth:
        srcs = {s["id"] for s in t["sources"] if s["id"] in stored_articles}
        planted_of[t["id"]] = srcs
        direct |= {(t["id"], s) for s in srcs}
        indirect |= {(t["id"], s["id"]) for s in t["indirect"] if s["id"] in stored_articles}
    # Articles that copied from the same article share text without either copying the other: an edge
    # between such "siblings" is true of the text, false of the provenance. Counted apart.
    ancestors = {t["id"]: {s["id"] for s in t["sources"] + t["indirect"]} for t in every}

    def siblings(later: int, earlier: int) -> bool:
        return bool(ancestors.get(later, set()) & ancestors.get(earlier, set()))

    with store.read() as conn:
        rows = conn.execute(text(
            "select later_id, earlier_id, derivation, matched_sentences, verbatim, near_verbatim, paraphrase from reuse_edges"
        )).all()  # fmt: skip
    found: dict[tuple[int, int], tuple] = {}
    for later, earlier, derivation, matched, v, nv, p in rows:
        if later in d2a and earlier in d2a and d2a[later] >= measured_from:
            found[(d2a[later], d2a[earlier])] = (derivation, matched, v, nv, p)
    out: dict = {"reusing_articles": len(truth), "planted_edges": len(direct), "indirect_edges": len(indirect),
                 "found_edges": len(found)}  # fmt: skip

    def edge_scores(keys: set[tuple[int, int]]) -> dict:
        tp_direct = len(keys & direct)
        tp_any = len(keys & (direct | indirect))
        sib = sum(1 for k in keys - direct - indirect if siblings(*k))
        return {
            "edges": len(keys),
            "precision": tp_any / len(keys) if keys else None,
            "siblings": sib,
            "precision_with_siblings": (tp_any + sib) / len(keys) if keys else None,
            "precision_direct_only": tp_direct / len(keys) if keys else None,
            "recall": tp_direct / len(direct) if direct else None,
            "recall_indirect": len(keys & indirect) / len(indirect) if indirect else None,
            "reversed": sum(1 for a, b in keys if (b, a) in direct),
        }

    keys = set(found)
    out["edges_all"] = edge_scores(keys)
    out["edges_derived"] = edge_scores({k for k, v in found.items() if v[0] != "non-derived"})
    false = [v for k, v in found.items() if k not in direct and k not in indirect and not siblings(*k)]
    # Which false edges rest on footers only (boilerplate not yet recognised as such) and which on body text
    footer_blob = "\n".join(corpus.manifest.get("footers", []))
    body_match: dict[tuple[int, int], bool] = defaultdict(bool)
    with store.read() as conn:
        q = text(
            'select m.later_id, m.earlier_id, substr(d.text, s.start + 1, s."end" - s.start) from matches m'
            " join sentences s on s.document_id = m.later_id and s.position = m.later_position"
            " join documents d on d.id = m.later_id"
        )
        for later, earlier, sentence in conn.execute(q):
            if later in d2a and earlier in d2a:
                key = (d2a[later], d2a[earlier])
                body_match[key] |= sentence not in footer_blob
    false_keys = [k for k in found if k not in direct and k not in indirect and not siblings(*k)]
    out["false_edges_on_footers_only"] = sum(1 for k in false_keys if not body_match[k])
    out["false_edges_on_body_text"] = sum(1 for k in false_keys if body_match[k])
    out["false_edges_by_matched_sentences"] = dict(sorted(Counter(min(v[1], 5) for v in false).items()))
    out["false_edges_by_derivation"] = dict(Counter(v[0] for v in false))
    out["false_edges_kinds"] = {
        k: sum(v[i] for v in false) for k, i in (("verbatim", 2), ("near-verbatim", 3), ("paraphrase", 4))
    }
    out["true_edges_by_derivation"] = dict(Counter(v[0] for k, v in found.items() if k in direct))
    # per reusing article
    exact = some = 0
    extra = []
    by_size: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    found_by_later: dict[int, set[int]] = defaultdict(set)
    for l_, e in keys:
        found_by_later[l_].add(e)
    ok_any = direct | indirect

    def unrelated(later: int, earlier: int) -> bool:
        return (later, earlier) not in ok_any and not siblings(later, earlier)

    for t in truth:
        mine = planted_of[t["id"]]
        got = found_by_later.get(t["id"], set())
        exact += got & mine == mine and not any(unrelated(t["id"], e) for e in got - mine)
        some += bool(got & mine)
        extra.append(sum(1 for e in got - mine if unrelated(t["id"], e)))
        for s in t["sources"]:
            n = len(s["pairs"])
            bucket = "1-2" if n <= 2 else "3-5" if n <= 5 else "6-11" if n <= 11 else "12+"
            by_size[bucket][0] += 1
            by_size[bucket][1] += (t["id"], s["id"]) in keys
    n = len(truth) or 1
    out["articles"] = {
        "all_sources_found_and_no_false": exact / n,
        "some_source_found": some / n,
        "mean_false_sources": statistics.fmean(extra) if extra else 0.0,
        "non_reusing_with_false_source": sum(1 for l_ in found_by_later if l_ not in planted_of
                                             and any(unrelated(l_, e) for e in found_by_later[l_])),
        "source_recall_by_planted_pairs": {b: {"sources": c, "recall": f / c} for b, (c, f) in sorted(by_size.items())},
    }  # fmt: skip
    out["sentence_pairs"] = pair_accuracy(
        store, truth, a2d, d2a, direct | indirect, pair_sample, rng, measured_from
    )
    out["planted_of"] = planted_of
    return out


def _overlapping(spans: list[tuple[int, int, int]], start: int, end: int) -> set[int]:
    return {p for p, s, e in spans if s < end and e > start}


def pair_accuracy(
    store, truth: list[dict], a2d, d2a, ok_edges, sample: int, rng, measured_from: int = 0
) -> dict:
    chosen = truth if len(truth) <= sample else rng.sample(truth, sample)
    planted = Counter()
    hit = Counter()
    confusion: dict[str, Counter] = defaultdict(Counter)
    tp_matches = total_matches = 0
    with store.read() as conn:
        q_matches = text(
            "select later_position, earlier_id, earlier_position, kind from matches where later_id = :d"
        )
        q_sent = text('select position, start, "end" from sentences where document_id = :d order by position')
        spans_cache: dict[int, list[tuple[int, int, int]]] = {}

        def spans(doc_id: int) -> list[tuple[int, int, int]]:
            if doc_id not in spans_cache:
                spans_cache[doc_id] = [tuple(r) for r in conn.execute(q_sent, {"d": doc_id})]
            return spans_cache[doc_id]

        for t in chosen:
            doc = a2d[t["id"]]
            matches = conn.execute(q_matches, {"d": doc}).all()
            by_earlier: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
            for lp, eid, ep, kind in matches:
                by_earlier[eid].append((lp, ep, kind))
            explained: set[tuple[int, int, int]] = set()
            for group, count in ((t["sources"], True), (t["indirect"], False)):
                for s in group:
                    if s["id"] not in a2d:
                        continue
                    sdoc = a2d[s["id"]]
                    cand = by_earlier.get(sdoc, [])
                    for s0, s1, start, end, kind in s["pairs"]:
                        later_pos = _overlapping(spans(doc), start, end)
                        earlier_pos = _overlapping(spans(sdoc), s0, s1)
                        got = [(lp, ep, k) for lp, ep, k in cand if lp in later_pos and ep in earlier_pos]
                        explained |= {(sdoc, lp, ep) for lp, ep, _ in got}
                        if count:
                            planted[kind] += 1
                            if got:
                                hit[kind] += 1
                                confusion[kind][got[0][2]] += 1
                            else:
                                confusion[kind]["missed"] += 1
            total_matches += len(matches)
            tp_matches += sum(1 for lp, eid, ep, _ in matches if (eid, lp, ep) in explained)
        non_reusers = {d for a, d in a2d.items() if a >= measured_from} - {a2d[t["id"]] for t in truth}
        rows = conn.execute(text("select later_id, count(*) from matches group by later_id")).all()
    false_in_non_reusers = sum(n for d, n in rows if d in non_reusers)
    out = {
        "reusing_articles_checked": len(chosen),
        "planted": dict(planted),
        "recall": sum(hit.values()) / max(1, sum(planted.values())),
        "recall_by_kind": {k: hit[k] / planted[k] for k in planted},
        "detected_kind_by_planted_kind": {k: dict(v) for k, v in confusion.items()},
        "precision_in_reusing_articles": tp_matches / total_matches if total_matches else None,
        "matches_in_non_reusing_articles": false_in_non_reusers,
    }
    return out


# --------------------------------------------------------------------------------------------------
# Printing


def _f(x, digits=1) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return f"{x:,}"


def print_results(res: dict) -> None:
    p = print
    p("\n== machine")
    for k, v in res["machine"].items():
        p(f"  {k:<18} {v}")
    p(f"\n== command\n  {res['command']}")
    c = res["corpus"]
    pre = res.get("prefill", {}).get("stored", 0)
    first = c["offset"] + pre
    p(f"\n== corpus  {c['path']}\n  {c['articles']:,} articles in the corpus; ingested with detection {first:,} .. "
      f"{first + res['ingest']['stored']:,}{' (stopped by --max-seconds)' if res['ingest']['stopped'] else ''}"
      + (f"; before them {c['offset']:,} already in the store" if c["offset"] else "")
      + (f"; prefilled {c['offset']:,} .. {first:,} with detection off" if pre else ""))  # fmt: skip
    if res.get("prefill"):
        pf = res["prefill"]
        p("\n== prefill: ingest with detection switched off (everything else as the library does it)")
        p(f"  stored {pf['stored']:,} articles, {pf['sentences']:,} sentences in {pf['seconds']:.1f} s = "
          f"{pf['summary'].get('overall_articles_per_s', 0):.1f} articles/s, {pf['summary'].get('overall_sentences_per_s', 0):,.0f} sentences/s")  # fmt: skip
        for r in pf["windows"]:
            p(
                f"  {r['from']:>8,}-{r['to']:<10,} {r['seconds']:8.1f}  {r['articles_per_s']:10.2f}  {r['sentences_per_s']:11.0f}"
            )
        if pf.get("index_build"):
            b = pf["index_build"]
            p(
                f"  bulk: postings appended unindexed, then the key index built sorted in {b['sorted_insert_s']:.1f} s, the"
                f" fingerprint index in {b['fingerprint_index_s']:.1f} s, {b['common_keys']:,} common keys swept in {b['sweep_s']:.1f} s"
            )
    ing = res["ingest"]
    p(f"\n== ingest with detection (batch {ing['batch']})")
    p(f"  stored {ing['stored']:,} articles, {ing['sentences']:,} sentences in {ing['seconds']:.1f} s; "
      f"failed {ing['failed']}, present {ing['present']}")  # fmt: skip
    p(
        f"  process CPU {ing['cpu_seconds']:.1f} s for {ing['seconds']:.1f} s of wall time; load average after "
        + " ".join(f"{x:.2f}" for x in ing["load_average_after"])
        + f" on {os.cpu_count()} cores (other processes share them)"
    )
    p(f"  {'articles':>19}  {'seconds':>8}  {'articles/s':>10}  {'sentences/s':>11}")
    for r in ing["windows"]:
        p(
            f"  {r['from']:>8,}-{r['to']:<10,} {r['seconds']:8.1f}  {r['articles_per_s']:10.2f}  {r['sentences_per_s']:11.0f}"
        )
    s = ing["summary"]
    if s:
        p(
            f"  overall: {s['overall_articles_per_s']:.2f} articles/s, {s['overall_sentences_per_s']:.0f} sentences/s"
        )
        p(f"  last window / first window: {s['last_over_first']:.3f}")
        if "last_over_0_10k" in s:
            p(
                f"  rate 0-10k: {s['rate_0_10k']:.2f} articles/s; last window / rate 0-10k: {s['last_over_0_10k']:.3f}"
            )
    if res.get("report"):
        r = res["report"]
        p(f"\n== report latency ({r['sample']} random documents)")
        p(f"  p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms; "
          f"mean sources {r['mean_sources']:.2f}, mean reused_by {r['mean_reused_by']:.2f}")  # fmt: skip
    st = res["store"]
    p("\n== store")
    p("  rows: " + ", ".join(f"{k} {v:,}" for k, v in st["rows"].items()))
    if "bytes" in st:
        p(
            f"  size {st['bytes'] / 2**20:,.1f} MiB = {st.get('bytes_per_sentence', 0):,.0f} bytes per sentence"
            + (f" (LMDB index {st['index_bytes'] / 2**20:,.1f} MiB included)" if "index_bytes" in st else "")
        )
    if "by_object" in st:
        top = list(st["by_object"].items())[:8]
        p("  by table/index: " + ", ".join(f"{k} {v / 2**20:,.1f} MiB" for k, v in top))
    p(
        f"\n== memory\n  peak RSS after ingest {res['rss_after_ingest_mb']:,.0f} MiB; at the end {res['rss_end_mb']:,.0f} MiB"
    )
    if res.get("candidates"):
        cd = res["candidates"]
        p(f"\n== candidates ({cd['sample']} stored documents, replayed on the final store; keys over "
          f"{cd['max_key_postings']:,} postings common; {cd['query_ms_mean']:.1f} ms each, queries and ranking; "
          f"{cd['planted_sources']} planted sources among them)")  # fmt: skip
        pr = cd["posting_rows_per_document"]
        p(f"  posting rows read per document (on the final store, later documents' too): mean {pr['mean']:,.0f}, "
          f"median {pr['median']:,}, p95 {pr['p95']:,}")  # fmt: skip
        c = cd["candidates_per_document"]
        p(f"  candidates per document: mean {c['mean']:.1f}, median {c['median']}, p95 {c['p95']}, max {c['max']} "
          f"(at most {cd['max_candidates']}); recall of planted sources {_f(cd['recall'], 3)}")  # fmt: skip
    if res.get("accuracy"):
        a = res["accuracy"]
        p(f"\n== planted reuse: {a['reusing_articles']:,} reusing articles, {a['planted_edges']:,} planted edges "
          f"(+{a['indirect_edges']:,} indirect), {a['found_edges']:,} edges found")  # fmt: skip
        for name in ("edges_all", "edges_derived"):
            e = a[name]
            label = "all edges" if name == "edges_all" else "edges not 'non-derived'"
            p(f"  {label:<24} {e['edges']:7,}  precision {_f(e['precision'], 3)} (direct only {_f(e['precision_direct_only'], 3)};"
              f" counting {e['siblings']:,} sibling edges as true {_f(e['precision_with_siblings'], 3)})"
              f"  recall {_f(e['recall'], 3)}  indirect recall {_f(e['recall_indirect'], 3)}  reversed {e['reversed']}")  # fmt: skip
        p(f"  false (not sibling) edges: {a['false_edges_on_footers_only']:,} on footer sentences only (boilerplate not yet "
          f"common enough), {a['false_edges_on_body_text']:,} on body text")  # fmt: skip
        p(f"  false (not sibling) edges by matched sentences (5 = 5+): {a['false_edges_by_matched_sentences']}; "
          f"by derivation: {a['false_edges_by_derivation']}; their match kinds: {a['false_edges_kinds']}")  # fmt: skip
        p(f"  true edges by derivation: {a['true_edges_by_derivation']}")
        ar = a["articles"]
        p(f"  per reusing article (false = unrelated: neither planted, indirect nor sibling): all planted sources found and no false one {ar['all_sources_found_and_no_false']:.3f}; "
          f"some source found {ar['some_source_found']:.3f}; mean false sources {ar['mean_false_sources']:.3f}")  # fmt: skip
        p(f"  non-reusing articles with a false source: {ar['non_reusing_with_false_source']:,}")
        p("  source recall by planted pairs: " + ", ".join(
            f"{b}: {v['recall']:.3f} of {v['sources']:,}" for b, v in ar["source_recall_by_planted_pairs"].items()))  # fmt: skip
        sp = a["sentence_pairs"]
        p(f"  sentence pairs ({sp['reusing_articles_checked']:,} reusing articles): recall {sp['recall']:.3f}; by kind "
          + ", ".join(f"{k} {v:.3f} of {sp['planted'][k]:,}" for k, v in sp["recall_by_kind"].items()))  # fmt: skip
        p(f"  detected kind by planted kind: {sp['detected_kind_by_planted_kind']}")
        p(f"  match precision in reusing articles {_f(sp['precision_in_reusing_articles'], 3)}; "
          f"matches in non-reusing articles (all false): {sp['matches_in_non_reusing_articles']:,}")  # fmt: skip


# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--corpus", type=Path, help="a corpus folder from bench/corpus.py")
    p.add_argument(
        "--articles",
        type=int,
        default=10_000,
        help="without --corpus: generate (or reuse) bench/out/corpus-N-s1",
    )
    p.add_argument(
        "--eval", type=Path, default=corpus_mod.DEFAULT_EVAL, help="evaluation data, to generate the corpus"
    )
    p.add_argument("--db", help="store URL (default: a fresh SQLite file under bench/out)")
    p.add_argument("--index", choices=["sql", "lmdb"], help="candidate index (default: the store's own)")
    p.add_argument("--limit", type=int, help="ingest at most N articles")
    p.add_argument("--offset", type=int, default=0, help="skip the first N articles (already in --db)")
    p.add_argument(
        "--prefill",
        type=int,
        default=0,
        help="first store N articles with detection switched off (fast), then measure --limit with it",
    )
    p.add_argument(
        "--prefill-bulk",
        action="store_true",
        help="SQLite: prefill into an unindexed key table, then build the index sorted (a store of 1M in about an hour)",
    )
    p.add_argument(
        "--prefill-workers", type=int, help="text-preparing processes of the prefill (default: the library's)"
    )
    p.add_argument(
        "--prefill-seconds", type=float, default=float("inf"), help="stop the prefill after this many seconds"
    )
    p.add_argument(
        "--max-seconds", type=float, default=540, help="stop ingesting after this many seconds (540)"
    )
    p.add_argument(
        "--batch", type=int, default=200, help="articles per transaction (the library's default, 200)"
    )
    p.add_argument(
        "--window",
        type=int,
        help="articles per rate window, rounded to whole batches (default: a tenth of the run)",
    )
    p.add_argument("--report-sample", type=int, default=200, help="documents whose report is timed (200)")
    p.add_argument(
        "--candidates-sample", type=int, default=100, help="documents whose candidates are replayed (100)"
    )
    p.add_argument(
        "--pair-sample", type=int, default=20_000, help="reusing articles checked pair by pair (20000)"
    )
    p.add_argument("--no-eval", action="store_true", help="ingest and rates only (for profiling)")
    p.add_argument(
        "--serial-pairs",
        action="store_true",
        help="align detection's candidate pairs in the main process (as before reuse/pairs.py), to compare",
    )
    p.add_argument("--seed", type=int, default=1, help="seed of the samples")
    p.add_argument(
        "--json", type=Path, help="also write every figure as JSON here (default bench/out/scale-<time>.json)"
    )
    ns = p.parse_args(argv)
    if ns.serial_pairs:
        pairs_mod.PARALLEL_MIN_ARTICLES = sys.maxsize  # no batch is big enough to start the workers

    stamp = time.strftime("%Y%m%d-%H%M%S")
    OUT.mkdir(parents=True, exist_ok=True)
    corpus_dir = ns.corpus
    if corpus_dir is None:
        corpus_dir = corpus_mod.default_out(ns.articles)
        corpus_mod.generate(corpus_dir, articles=ns.articles, eval_dir=ns.eval, log=log)
    corp = Corpus(corpus_dir)
    limit = min(ns.limit or corp.total, corp.total - ns.offset)
    url = ns.db or f"sqlite:///{OUT / f'scale-{stamp}.db'}"
    store = provenance.open_store(url, index=ns.index)
    with store.read() as conn:
        existing = conn.execute(text("select count(*) from documents")).scalar_one()
    if existing and not ns.offset:
        raise SystemExit(
            f"error: the store {url} holds {existing:,} documents: give a fresh --db (or --offset)"
        )
    # results arrive a batch at a time: a window is a whole number of batches
    window = max(1, round((ns.window or limit / 10) / ns.batch)) * ns.batch
    res: dict = {"machine": machine(store),
                 "command": _hide_password(shlex.join(getattr(sys, "orig_argv", [sys.executable, *sys.argv])))}  # fmt: skip
    res["corpus"] = {"path": str(corp.path), "articles": corp.total, "offset": ns.offset, "prefill": ns.prefill,
                     "args": corp.manifest["args"]}  # fmt: skip
    start = ns.offset
    if ns.prefill:
        n = min(ns.prefill, corp.total - start)
        log(
            f"scale: prefill: {n:,} articles with detection switched off"
            + (", key index built after" if ns.prefill_bulk else "")
        )
        if ns.prefill_bulk:
            if store.dialect != "sqlite":
                raise SystemExit("error: --prefill-bulk is for SQLite stores")
            defer_key_index(store)
        pclock, _ = ingest(store, corp, offset=start, limit=n, batch=ns.batch, window=max(ns.batch, n // 5 // ns.batch * ns.batch),
                           max_seconds=ns.prefill_seconds, detection=False, workers=ns.prefill_workers,
                           sweep=not ns.prefill_bulk)  # fmt: skip
        prows, psummary = rate_table(pclock, start)
        res["prefill"] = {"stored": pclock.stored, "sentences": pclock.sentences, "seconds": pclock.marks[-1][2],
                          "windows": prows, "summary": psummary, "bulk": ns.prefill_bulk}  # fmt: skip
        if ns.prefill_bulk:
            log("scale: prefill: building the key index ...")
            res["prefill"]["index_build"] = build_key_index(store)
            log(f"scale: prefill: {res['prefill']['index_build']}")
        start += pclock.stored
        limit = min(limit, corp.total - start)
        window = max(1, round((ns.window or limit / 10) / ns.batch)) * ns.batch
    log(
        f"scale: ingesting {limit:,} articles from {corp.path} into {_hide_password(url)} (budget {ns.max_seconds:.0f} s)"
    )
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    clock, stopped = ingest(
        store, corp, offset=start, limit=limit, batch=ns.batch, window=window, max_seconds=ns.max_seconds
    )
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    rows, summary = rate_table(clock, start)
    res["ingest"] = {
        "stored": clock.stored, "sentences": clock.sentences, "failed": clock.failed, "present": clock.present,
        "failures": clock.messages, "seconds": clock.marks[-1][2], "batch": ns.batch, "window": window,
        "stopped": stopped, "windows": rows, "summary": summary, "cpu_seconds": cpu_seconds,
        "load_average_after": os.getloadavg(),
    }  # fmt: skip
    res["rss_after_ingest_mb"] = peak_rss_mb()
    rng = random.Random(ns.seed)
    a2d, d2a = document_map(store, corp)
    doc_ids = sorted(d for d, a in d2a.items() if a >= start)  # the documents ingested with detection here
    if not ns.no_eval and doc_ids:
        log("scale: report latency ...")
        res["report"] = report_latency(store, doc_ids, ns.report_sample, rng)
    log("scale: store size ...")
    res["store"] = store_size(store)
    if not ns.no_eval and doc_ids:
        log("scale: precision and recall ...")
        res["accuracy"] = accuracy(store, corp, a2d, d2a, ns.pair_sample, rng, measured_from=start)
        planted_of = res["accuracy"].pop("planted_of")
        if ns.candidates_sample:
            log("scale: candidates ...")
            res["candidates"] = candidates(store, doc_ids, a2d, d2a, planted_of, ns.candidates_sample, rng)
    res["rss_end_mb"] = peak_rss_mb()
    print_results(res)
    out = ns.json or OUT / f"scale-{stamp}.json"
    out.write_text(json.dumps(res, indent=1, default=str) + "\n")
    print(f"\n(figures also in {out})")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
