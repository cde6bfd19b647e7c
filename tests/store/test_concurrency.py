"""Scale-out: several ingest processes writing to one store give the store a sequential run gives."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from provenance.store import Store
from provenance.text import segment
from tests.conftest import SEED_000, SEED_002

PROCESSES = 4
ARTICLES = 24


def _corpus(folder: Path) -> list[Path]:
    """Articles that reuse overlapping runs of the seeds' sentences, with filler of their own.

    Article k takes six seed sentences starting at 3k (so neighbours share three, and articles 13
    apart share five); its other sentences are made of invented words no other article has. No
    sentence recurs in ten articles (nothing becomes boilerplate) and every article has its own date.
    """
    pool = [s.text for seed in (SEED_000, SEED_002) for s in segment(seed.read_text(encoding="utf-8"))]
    pool = [s for s in pool if len(s.split()) >= 8 and "licensed" not in s]
    rng = random.Random(7)

    def word() -> str:
        return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4))

    paths = []
    for k in range(ARTICLES):
        body = [pool[(3 * k + j) % len(pool)] for j in range(6)]
        filler = [f"The {word()} {word()} met {word()} officials in {word()} on {word()}." for _ in range(4)]
        day = 1 + (k * 7) % ARTICLES
        path = folder / f"a{k:02d}.md"
        path.write_text(
            f"---\npublished_at: 2022-10-{day:02d}\n---\n" + " ".join(filler[:2] + body + filler[2:]) + "\n"
        )
        paths.append(path)
    return paths


def _ingest(url: str, paths: list[Path], *, batch: int) -> subprocess.Popen:
    code = "from provenance.cli import main; main()"
    argv = [sys.executable, "-c", code, "--db", url, "ingest", "--batch", str(batch), *map(str, paths)]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _state(url: str) -> tuple[list[str], set[tuple], set[tuple]]:
    """Documents (by file name), edges and matches, named by file name instead of ingest-order ids."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = dict(conn.execute(text("SELECT id, name FROM documents")).all())
            edges = {
                (
                    names[r.later_id],
                    names[r.earlier_id],
                    r.matched_sentences,
                    round(r.coverage, 6),
                    r.derivation,
                )
                for r in conn.execute(text("SELECT * FROM reuse_edges"))
            }
            matches = {
                (
                    names[r.later_id],
                    r.later_position,
                    names[r.earlier_id],
                    r.earlier_position,
                    r.kind,
                    r.score,
                    r.quote,
                )
                for r in conn.execute(text("SELECT * FROM matches"))
            }
    finally:
        engine.dispose()
    return sorted(names.values()), edges, matches


def test_four_concurrent_ingests_equal_a_sequential_run(db_factory, tmp_path):
    paths = _corpus(tmp_path)
    sequential, concurrent = db_factory(), db_factory()
    done = _ingest(sequential, paths, batch=200)
    assert done.wait(timeout=300) == 0, done.stderr.read()

    Store(concurrent).close()  # not needed (the first ingests would create it), but it keeps the runs alike
    procs = []
    for i in range(PROCESSES):  # every process reads the whole corpus, each starting at another point
        shift = i * ARTICLES // PROCESSES
        procs.append(_ingest(concurrent, paths[shift:] + paths[:shift], batch=3))
    outcomes = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    assert all(rc == 0 for rc, _, _ in outcomes), outcomes

    names, edges, matches = _state(concurrent)
    assert names == sorted(p.name for p in paths)  # every article stored once
    want_names, want_edges, want_matches = _state(sequential)
    assert want_names == names
    assert len(want_edges) >= ARTICLES  # the corpus does hold reuse
    assert edges == want_edges
    assert matches == want_matches
    stored = sum(int(re.search(r"(\d+) stored, \d+ already present", out).group(1)) for _, out, _ in outcomes)
    assert stored == ARTICLES  # the others found each article already present
