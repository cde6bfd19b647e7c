"""What detection's advisory lock costs several PostgreSQL writers: time spent waiting for it.

    python bench/lock_cost.py [--articles 400] [--writers 1 2 4] [--batch 20] [--interval 0.02]
                              [--seed 1] [--eval PATH]

On PostgreSQL each ingest transaction takes ``pg_advisory_xact_lock`` before it detects (README, "The
store"): the documents of other transactions commit only after their own detection, so every committed
document has been compared with those before it. For each writer count W, the generated corpus
(``bench/corpus.py``) is split round-robin into W JSONL shards and ingested by W concurrent
``provenance ingest`` processes into a fresh database on the private server (``scripts/postgres.sh``,
started and stopped here). A sampler reads ``pg_stat_activity`` every ``--interval`` seconds and counts
the store's backends waiting for an advisory lock (``wait_event_type = 'Lock' AND wait_event =
'advisory'``) and those running a statement. It prints, per W: wall time, articles/s, the mean number
of writers waiting on the lock, and the share of writer-time spent waiting (waiting samples over W
samples of the run's lifetime). The figures also say how much of the work could overlap if
detection ran outside the lock: what is not waiting is the work itself.

One short run per W on a 2-core machine: indicative, not a median.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as gen  # noqa: E402
from soak import Engines, count_documents, postgres, start, write_shards  # noqa: E402

WAITING = text(
    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'), "
    "count(*) FILTER (WHERE state = 'active') "
    "FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid()"
)


def sample(
    url: str, database: str, interval: float, stop: threading.Event, out: list[tuple[int, int]]
) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        while not stop.is_set():
            waiting, active = conn.execute(WAITING, {"db": database}).one()
            out.append((int(waiting), int(active)))
            time.sleep(interval)
    engine.dispose()


def run(stores: Engines, shards: list[Path], *, batch: int, interval: float, admin_url: str) -> dict:
    url = stores.new()
    database = stores.made[-1]
    samples: list[tuple[int, int]] = []
    stop = threading.Event()
    sampler = threading.Thread(target=sample, args=(admin_url, database, interval, stop, samples))
    sampler.start()
    t0 = time.monotonic()
    procs = [start(url, [shard], batch) for shard in shards]
    failures = []
    for shard, proc in zip(shards, procs, strict=True):
        _, err = proc.communicate(timeout=3600)
        if proc.returncode != 0:
            failures.append(f"{shard.name}: exit {proc.returncode}: {err.strip()[-300:]}")
    wall = time.monotonic() - t0
    stop.set()
    sampler.join()
    stored = count_documents(url)
    n = max(1, len(samples))
    waiting = sum(w for w, _ in samples)
    return {
        "writers": len(shards),
        "wall": wall,
        "stored": stored,
        "rate": stored / wall,
        "mean_waiting": waiting / n,
        "waiting_share": waiting / (n * len(shards)),
        "mean_active": sum(a for _, a in samples) / n,
        "samples": len(samples),
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--articles", type=int, default=400, help="articles of the generated corpus (400)")
    p.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4], help="writer counts (1 2 4)")
    p.add_argument("--batch", type=int, default=20, help="ingest --batch (20)")
    p.add_argument("--interval", type=float, default=0.02, help="seconds between samples (0.02)")
    p.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    p.add_argument("--eval", type=Path, default=gen.DEFAULT_EVAL, help="evaluation data (../shared/eval)")
    args = p.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    print("command: python bench/lock_cost.py " + " ".join(argv if argv is not None else sys.argv[1:]))
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    out = gen.generate(gen.default_out(args.articles, args.seed), articles=args.articles, eval_dir=args.eval,
                       seed=args.seed, jobs=1, log=log)  # fmt: skip
    source = sorted(out.glob("articles-*.jsonl"))[0]
    pg_url = postgres("start")
    try:
        with tempfile.TemporaryDirectory(prefix="lock-cost-") as tmp:
            stores = Engines("postgresql", Path(tmp), pg_url)
            try:
                print(
                    "writers  wall s  stored  articles/s  waiting for the lock (mean writers)  share of writer-time  active (mean)"
                )
                for w in args.writers:
                    folder = Path(tmp) / f"w{w}"
                    folder.mkdir()
                    shards = write_shards(source, folder, w)
                    r = run(stores, shards, batch=args.batch, interval=args.interval, admin_url=pg_url)
                    print(
                        f"{r['writers']:>7}  {r['wall']:6.1f}  {r['stored']:>6}  {r['rate']:10.1f}  "
                        f"{r['mean_waiting']:36.2f}  {r['waiting_share']:20.1%}  {r['mean_active']:13.2f}"
                    )
                    for f in r["failures"]:
                        print(f"  failed: {f}")
            finally:
                stores.drop_all()
    finally:
        postgres("stop")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
