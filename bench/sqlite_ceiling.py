"""How fast can SQLite alone take candidate-key postings into an index of a given size?

The ceiling under ``bench/scale.py``: no Python work per article, no detection, no other table.
For each size, a store holding only a ``sentence_keys`` table like ours (``WITHOUT ROWID``, primary
key ``(key, document_id, position)``, 64-bit random keys) is built to N postings (written in key
order, which is fast), then batches of new postings with random keys are written as ingest writes
them (sorted, one ``executemany`` and one commit per batch, WAL, ``synchronous=NORMAL``), and the
rate is printed in postings/s and in articles/s at ``--per-article`` postings an article (our
store holds about 250: ``bench/scale.py`` prints it). A batch's key lookups (``count(*)``,
``count(DISTINCT document_id)`` for every key, as detection does) are timed too.

    .venv/bin/python bench/sqlite_ceiling.py --sizes 2.5e6 25e6 75e6 250e6 --batch 200 2000

Figures depend on the page cache: the files are built fresh, so they are in the OS cache as
they would be on a store in use. Stores are written under ``--dir`` (bench/out) and deleted after
(``--keep`` keeps them).
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np

SCHEMA = (
    "CREATE TABLE sentence_keys (key BIGINT NOT NULL, document_id INTEGER NOT NULL, position INTEGER NOT NULL, "
    "PRIMARY KEY (key, document_id, position)) WITHOUT ROWID"
)


def connect(path: Path, cache_kib: int | None) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    if cache_kib:
        conn.execute(f"PRAGMA cache_size=-{cache_kib}")
    return conn


def random_keys(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(-(2**63), 2**63 - 1, size=n, dtype=np.int64)


def build(path: Path, size: int, per_article: int, rng: np.random.Generator) -> float:
    """A store of ``size`` postings with random keys, written in key order; returns seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = connect(path, None)
    conn.execute(SCHEMA)
    t = time.perf_counter()
    keys = np.sort(random_keys(rng, size))
    docs = rng.integers(1, max(2, size // per_article), size=size, dtype=np.int64)
    chunk = 1_000_000
    for i in range(0, size, chunk):
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO sentence_keys VALUES (?, ?, ?)",
            zip(
                keys[i : i + chunk].tolist(), docs[i : i + chunk].tolist(), range(i, i + chunk), strict=False
            ),
        )
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - t


def measure(path: Path, size: int, batch: int, args: argparse.Namespace, rng: np.random.Generator) -> dict:
    conn = connect(path, args.cache_kib)
    rows_per_batch = batch * args.per_article
    next_doc = size // args.per_article + 1 + 10**9 * batch  # each batch size its own document ids
    insert_s, lookup_s = [], []
    for _ in range(args.batches):
        keys = np.sort(random_keys(rng, rows_per_batch)).tolist()
        rows = [(k, next_doc + i // args.per_article, i % args.per_article) for i, k in enumerate(keys)]
        next_doc += batch
        # the lookups detection makes: every key of the batch counted (half of them keys already stored)
        probe = sorted(set(keys[: rows_per_batch // 2]))
        t = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO sentence_keys VALUES (?, ?, ?)", rows)
        t_lookup = time.perf_counter()
        for i in range(0, len(probe), 500):
            chunk = ",".join(map(str, probe[i : i + 500]))
            conn.execute(
                f"SELECT key, count(*), count(DISTINCT document_id) FROM sentence_keys WHERE key IN ({chunk}) GROUP BY key"
            ).fetchall()
        lookup_s.append(time.perf_counter() - t_lookup)
        conn.execute("COMMIT")
        insert_s.append(time.perf_counter() - t - lookup_s[-1])
    conn.close()
    mean_insert = statistics.fmean(insert_s[1:] or insert_s)  # the first batch warms the cache
    rate = rows_per_batch / mean_insert
    return {
        "postings": size,
        "articles_equivalent": size // args.per_article,
        "insert_postings_per_s": rate,
        "insert_articles_per_s": rate / args.per_article,
        "batch": batch,
        "lookup_ms_per_article": 1000 * statistics.fmean(lookup_s[1:] or lookup_s) / batch,
        "file_mib": path.stat().st_size / 2**20,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=float, nargs="+", default=[2.5e6, 25e6], help="postings already stored")
    p.add_argument("--per-article", type=int, default=250, help="postings written per article")
    p.add_argument(
        "--batch",
        type=int,
        nargs="+",
        default=[200],
        help="articles per transaction (ingest's default 200); several: each measured on the same store",
    )
    p.add_argument("--batches", type=int, default=6)
    p.add_argument("--cache-kib", type=int, default=None, help="PRAGMA cache_size in KiB (default: SQLite's)")
    p.add_argument("--dir", type=Path, default=Path(__file__).parent / "out")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", action="store_true", help="keep the stores (deleted by default)")
    args = p.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print("command: " + " ".join([Path(sys.executable).name, *sys.argv]))
    print(f"{args.per_article} postings per article, cache {args.cache_kib or 'default'} KiB")
    print(f"{'postings':>14} {'~articles':>10} {'build s':>8} {'batch':>6} {'postings/s':>11} {'articles/s':>10} "
          f"{'lookups ms/article':>18} {'file MiB':>9}")  # fmt: skip
    rng = np.random.default_rng(args.seed)
    args.dir.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes):
        path = args.dir / f"ceiling-{size}.db"
        built = build(path, size, args.per_article, rng)
        for batch in args.batch:
            r = measure(path, size, batch, args, rng)
            print(f"{r['postings']:>14,} {r['articles_equivalent']:>10,} {built:>8.0f} {batch:>6} "
                  f"{r['insert_postings_per_s']:>11,.0f} {r['insert_articles_per_s']:>10,.0f} "
                  f"{r['lookup_ms_per_article']:>18.2f} {r['file_mib']:>9,.0f}", flush=True)  # fmt: skip
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
