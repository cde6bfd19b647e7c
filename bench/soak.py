"""Soak: random SIGKILLs over ``provenance ingest`` and concurrent writers, against uninterrupted runs.

    python bench/soak.py [--kills 50] [--writers 8] [--engine sqlite|postgresql|both] [--articles 200]
                         [--batch 10] [--seed 1] [--eval PATH]

On a generated corpus (``bench/corpus.py``, into ``bench/out/``):

(a) kills: ``provenance ingest --batch B corpus.jsonl`` is started on a fresh store and SIGKILLed at a
    random moment (uniform over the first half of the uninterrupted run's wall time, start-up and
    schema creation included, so that a round takes many kills; a quarter more after each kill that
    found no more documents stored, so that a loaded machine still gets on), the store is checked (every stored document has all its sentences; on SQLite
    ``PRAGMA integrity_check``), the same ingest is started again, killed again, ... until one run
    ends by itself (exit 0); then the store is compared with the uninterrupted run's, and a new round
    begins on a fresh store, until ``--kills`` kills have landed on a running ingest.
(b) writers: the corpus is split round-robin into ``--writers`` disjoint JSONL shards, ingested by as
    many concurrent processes into one store, and compared with one sequential run of the same
    shards in the same order (README, "The store": the edges equal those of a sequential run).

Comparison is by document name (``shard.jsonl#line``), never by id: documents (name and SHA-256) and
reuse edges (the pair later -> earlier, matched sentences, coverage and source share to 6 places, the
counts of each kind, quotes, derivation). It prints kills survived, writers, and the documents and
edges compared (equal / different), and exits 1 on any difference or any unusable store (a resumed
ingest that fails, a partly stored article, an integrity check that is not ``ok``).

PostgreSQL runs on the private server of ``scripts/postgres.sh`` (started and stopped here); every
store is a new database there, dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as gen  # noqa: E402

MAIN = "from provenance.cli import main; main()"


# --------------------------------------------------------------------------------------------------
# Stores


class Engines:
    """Fresh stores on one engine: SQLite files in a temporary folder, or databases on the private server."""

    def __init__(self, engine: str, folder: Path, pg_url: str | None) -> None:
        self.engine, self.folder, self.pg_url = engine, folder, pg_url
        self.made: list[str] = []

    def new(self) -> str:
        n = len(self.made)
        if self.engine == "sqlite":
            self.made.append(f"sqlite:///{self.folder / f'store{n}.db'}")
            return self.made[-1]
        assert self.pg_url is not None
        name = f"soak_{secrets.token_hex(6)}"
        admin = create_engine(self.pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0"))
        admin.dispose()
        self.made.append(name)
        return create_engine(self.pg_url).url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if self.engine != "postgresql" or not self.made:
            return
        admin = create_engine(self.pg_url or "", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@dataclass
class State:
    documents: dict[str, str]  # name -> sha256
    edges: dict[tuple[str, str], tuple]  # (later name, earlier name) -> the edge's figures


def read_state(url: str) -> State:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, name, sha256 FROM documents")).all()
            names = {r.id: r.name for r in rows}
            documents = {r.name: r.sha256 for r in rows}
            edges = {
                (names[r.later_id], names[r.earlier_id]): (
                    r.matched_sentences,
                    round(r.coverage, 6),
                    round(r.source_share, 6),
                    r.verbatim,
                    r.near_verbatim,
                    r.paraphrase,
                    r.quotes,
                    r.derivation,
                )  # fmt: skip
                for r in conn.execute(text("SELECT * FROM reuse_edges"))
            }
    finally:
        engine.dispose()
    return State(documents, edges)


def store_problems(url: str) -> list[str]:
    """What makes a store unusable or partial: an integrity check that fails, an article stored in part."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return []  # killed before it made the file: nothing stored, nothing broken
    engine = create_engine(url)
    problems = []
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                ok = conn.execute(text("PRAGMA integrity_check")).scalar()
                if ok != "ok":
                    problems.append(f"integrity_check: {ok}")
                has_docs = conn.execute(
                    text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='documents'")
                ).first()
            else:
                has_docs = conn.execute(text("SELECT to_regclass('documents')")).scalar()
            if has_docs:
                partial = conn.execute(
                    text(
                        "SELECT d.name, d.sentence_count, count(s.position) AS have FROM documents d "
                        "LEFT JOIN sentences s ON s.document_id = d.id GROUP BY d.id, d.name, d.sentence_count "
                        "HAVING count(s.position) != d.sentence_count OR d.sentence_count = 0"
                    )
                ).all()
                problems += [f"{r.name}: {r.have} of {r.sentence_count} sentences stored" for r in partial]
    finally:
        engine.dispose()
    return problems


def count_documents(url: str) -> int:
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return 0  # (opening it would create the file)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM documents")).scalar() or 0)
    except Exception:  # no store or no schema yet
        return 0
    finally:
        engine.dispose()


@dataclass
class Tally:
    equal: int = 0
    different: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, want: dict, got: dict, what: str) -> None:
        for key in sorted(set(want) | set(got), key=str):
            if want.get(key) == got.get(key):
                self.equal += 1
            else:
                self.different += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{what} {key}: want {want.get(key)}, got {got.get(key)}")


def compare(want: State, got: State, docs: Tally, edges: Tally) -> None:
    docs.add(want.documents, got.documents, "document")
    edges.add(want.edges, got.edges, "edge")


# --------------------------------------------------------------------------------------------------
# Runs


def start(url: str, paths: list[Path], batch: int) -> subprocess.Popen:
    argv = [
        sys.executable,
        "-c",
        MAIN,
        "--db",
        url,
        "ingest",
        "--quiet",
        "--batch",
        str(batch),
        *map(str, paths),
    ]
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("PROVENANCE_DB", None)
    return subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env
    )


def run_to_end(url: str, paths: list[Path], batch: int) -> float:
    t0 = time.monotonic()
    proc = start(url, paths, batch)
    _, err = proc.communicate(timeout=1800)
    if proc.returncode != 0:
        raise SystemExit(f"soak: the uninterrupted ingest failed ({proc.returncode}): {err.strip()[-2000:]}")
    return time.monotonic() - t0


@dataclass
class KillFigures:
    kills: int = 0
    rounds: int = 0
    unusable: list[str] = field(default_factory=list)


def soak_kills(stores: Engines, paths: list[Path], *, kills: int, batch: int, rng: random.Random,
               docs: Tally, edges: Tally, log) -> KillFigures:  # fmt: skip
    ref_url = stores.new()
    took = run_to_end(ref_url, paths, batch)
    want = read_state(ref_url)
    log(f"  reference: {len(want.documents)} documents, {len(want.edges)} edges, {took:.1f} s uninterrupted")
    fig = KillFigures()
    while fig.kills < kills:
        url = stores.new()
        fig.rounds += 1
        reach, stored = 0.5, 0  # a kill that finds no more documents stored widens the next one's range
        while True:
            proc = start(url, paths, batch)
            if fig.kills < kills:
                try:
                    proc.wait(timeout=rng.uniform(0, took * reach))
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)
                    proc.communicate()
                    fig.kills += 1
                    fig.unusable += [f"after kill {fig.kills}: {p}" for p in store_problems(url)]
                    now = count_documents(url)
                    reach = 0.5 if now > stored else reach + 0.25
                    stored = now
                    continue
            _, err = proc.communicate(timeout=1800)
            if proc.returncode != 0:  # a resumed ingest that fails: the kill left a store it cannot use
                fig.unusable.append(
                    f"round {fig.rounds}: ingest exit {proc.returncode}: {err.strip()[-500:]}"
                )
            break
        fig.unusable += [f"round {fig.rounds} at the end: {p}" for p in store_problems(url)]
        compare(want, read_state(url), docs, edges)
        log(f"  round {fig.rounds}: {fig.kills} kills so far")
    return fig


def soak_writers(stores: Engines, shards: list[Path], *, batch: int, docs: Tally, edges: Tally,
                 log) -> list[str]:  # fmt: skip
    ref_url = stores.new()
    took = run_to_end(ref_url, shards, batch)
    want = read_state(ref_url)
    log(f"  sequential: {len(want.documents)} documents, {len(want.edges)} edges, {took:.1f} s")
    url = stores.new()
    t0 = time.monotonic()
    procs = [start(url, [shard], batch) for shard in shards]
    failures = []
    for shard, proc in zip(shards, procs, strict=True):
        _, err = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            failures.append(f"writer {shard.name}: exit {proc.returncode}: {err.strip()[-500:]}")
    log(f"  {len(shards)} concurrent writers: {time.monotonic() - t0:.1f} s")
    failures += store_problems(url)
    compare(want, read_state(url), docs, edges)
    return failures


def write_shards(source: Path, folder: Path, n: int) -> list[Path]:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    paths = [folder / f"shard-{k}.jsonl" for k in range(n)]
    for k, path in enumerate(paths):
        path.write_text("".join(lines[k::n]), encoding="utf-8")
    return paths


# --------------------------------------------------------------------------------------------------


def postgres(action: str) -> str:
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "postgres.sh"), action], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"soak: scripts/postgres.sh {action} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--kills", type=int, default=50, help="SIGKILLs that land on a running ingest (50)")
    p.add_argument("--writers", type=int, default=8, help="concurrent writer processes (8)")
    p.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="sqlite")
    p.add_argument("--articles", type=int, default=200, help="articles of the generated corpus (200)")
    p.add_argument("--batch", type=int, default=10, help="ingest --batch (10)")
    p.add_argument("--seed", type=int, default=1, help="corpus and kill-moment seed (1)")
    p.add_argument(
        "--footer-share", type=float, default=0.5, help="corpus articles with a publisher footer (0.5)"
    )
    p.add_argument(
        "--eval", type=Path, default=gen.DEFAULT_EVAL, help="evaluation data (default ../shared/eval)"
    )
    args = p.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    print("command: python bench/soak.py " + " ".join(argv if argv is not None else sys.argv[1:]))
    folder = gen.default_out(args.articles, args.seed)
    if args.footer_share != 0.5:
        folder = folder.with_name(f"{folder.name}-f{args.footer_share:g}")
    out = gen.generate(folder, articles=args.articles, eval_dir=args.eval, seed=args.seed,
                       footer_share=args.footer_share, jobs=1, log=log)  # fmt: skip
    corpus = sorted(out.glob("articles-*.jsonl"))
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    failed = False
    for engine in engines:
        pg_url = postgres("start") if engine == "postgresql" else None
        t0 = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
            stores = Engines(engine, Path(tmp), pg_url)
            try:
                rng = random.Random(args.seed)
                kdocs, kedges, wdocs, wedges = Tally(), Tally(), Tally(), Tally()
                log(f"{engine}: kills")
                kf = soak_kills(stores, corpus, kills=args.kills, batch=args.batch, rng=rng, docs=kdocs,
                                edges=kedges, log=log)  # fmt: skip
                log(f"{engine}: writers")
                shards = write_shards(corpus[0], Path(tmp), args.writers) if args.writers else []
                wfail = (
                    soak_writers(stores, shards, batch=args.batch, docs=wdocs, edges=wedges, log=log)
                    if shards
                    else []
                )
            finally:
                stores.drop_all()
                if engine == "postgresql":
                    postgres("stop")
        problems = kf.unusable + wfail + kdocs.examples + kedges.examples + wdocs.examples + wedges.examples
        bad = bool(
            kf.unusable or wfail or kdocs.different or kedges.different or wdocs.different or wedges.different
        )
        failed |= bad
        print(
            f"{engine}: {kf.kills} kills survived over {kf.rounds} rounds "
            f"({len(kf.unusable)} unusable or partial stores); "
            f"documents {kdocs.equal} equal / {kdocs.different} different, "
            f"edges {kedges.equal} equal / {kedges.different} different"
        )
        print(
            f"{engine}: {args.writers} concurrent writers ({len(wfail)} failed or partial); "
            f"documents {wdocs.equal} equal / {wdocs.different} different, "
            f"edges {wedges.equal} equal / {wedges.different} different; {time.monotonic() - t0:.0f} s"
        )
        for line in problems:
            print(f"{engine}: DIFFERENCE {line}")
    print(json.dumps({"ok": not failed}))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
