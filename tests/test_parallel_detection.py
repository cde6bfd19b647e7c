"""Candidate pairs aligned in worker processes (``reuse.pairs``) give the store a serial run gives."""

from __future__ import annotations

import importlib
import json
import os
import random
import signal
import subprocess
import sys
from datetime import datetime, timedelta

from sqlalchemy import create_engine, text

import provenance
from provenance.readers import Article
from provenance.text import segment
from tests.conftest import SEED_000, SEED_002, dump_tables, start_as_from_a_terminal, wait_for_documents

pairs_module = importlib.import_module("provenance.reuse.pairs")

WORDS = "harbour penguin council river budget tariff ferry glacier senate orchard bridge quarry".split()
FOOTER = "Copyright 2026 The Harbour Courier. All rights reserved. Reprints by permission only."


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 11))).capitalize() + "."


def _edit(rng: random.Random, sentence: str) -> str:
    """The sentence with one word dropped or changed (near-verbatim reuse)."""
    words = sentence.rstrip(".").split()
    i = rng.randrange(len(words))
    if rng.random() < 0.5 and len(words) > 4:
        del words[i]
    else:
        words[i] = rng.choice(WORDS)
    return " ".join(words) + "."


def _articles(n: int) -> list[Article]:
    """Stories that reuse earlier ones (verbatim, edited, merged from two), a footer many carry
    (boilerplate from its 5th document on: edges judged again), equal and missing dates."""
    pool = [s.text for seed in (SEED_000, SEED_002) for s in segment(seed.read_text(encoding="utf-8"))]
    rng = random.Random(16)
    bodies: list[list[str]] = []
    out = []
    start = datetime(2026, 1, 1)
    for k in range(n):
        own = [_sentence(rng) for _ in range(rng.randint(3, 6))] + rng.sample(pool, 1)
        if bodies and rng.random() < 0.5:
            for source in rng.sample(bodies, min(len(bodies), rng.choice((1, 1, 2)))):
                taken = rng.sample(source, min(len(source), rng.randint(2, 4)))
                own += [_edit(rng, s) if rng.random() < 0.3 else s for s in taken]
            rng.shuffle(own)
        bodies.append(own)
        body = " ".join(own) + (f"\n\n{FOOTER}" if k % 3 == 0 else "")
        when = None if k % 11 == 5 else start + timedelta(hours=k // 2)  # pairs of equal dates
        out.append(Article(text=body, source=f"s{k:04d}.txt", published_at=when))
    rng.shuffle(out)  # a backfill: sources arrive after the stories that reuse them, too
    return out


def _dump(url: str) -> tuple:
    return dump_tables(
        url,
        "SELECT id, name, sha256 FROM documents",
        "SELECT later_id, later_position, earlier_id, earlier_position, kind, score, quote FROM matches",
        "SELECT later_id, earlier_id, matched_sentences, coverage, source_share, verbatim, "
        "near_verbatim, paraphrase, quotes, derivation FROM reuse_edges",
    )


def test_pairs_aligned_in_workers_give_the_edges_of_a_serial_run(db_factory, monkeypatch):
    monkeypatch.setattr(pairs_module, "PARALLEL_MIN_ARTICLES", 30)
    monkeypatch.setattr(pairs_module, "WORKER_CACHE_DOCUMENTS", 25)  # documents leave the workers' caches
    articles = _articles(180)
    dumps = []
    for workers in (0, 1, 2):
        url = db_factory()
        store = provenance.open_store(url)
        # Batches of 50: the first goes to the workers; the last (30) too, once they run.
        summary = provenance.ingest_articles(store, articles, workers=workers, batch_articles=50)
        store.close()
        assert summary.stored == len(articles) and not summary.failed
        dumps.append(_dump(url))
    documents, matches, edges = dumps[0]
    assert len(edges) > 50 and any(m[4] == "near-verbatim" for m in matches)  # reuse of every kind found
    assert dumps[1] == dumps[0]
    assert dumps[2] == dumps[0]


def test_a_worker_that_dies_loses_no_pair(db_factory, monkeypatch, tmp_path):
    monkeypatch.setattr(pairs_module, "PARALLEL_MIN_ARTICLES", 30)
    articles = _articles(120)
    url = db_factory()
    store = provenance.open_store(url)
    provenance.ingest_articles(store, articles, workers=0, batch_articles=40)
    store.close()
    serial = _dump(url)

    parent, real, seen = os.getpid(), pairs_module.examine, [0]
    marker = tmp_path / "died"

    def dies_at_the_40th_pair(earlier, later, config):  # the workers are forked: they run this one
        if os.getpid() != parent:
            seen[0] += 1
            if seen[0] == 40:
                marker.write_text(str(os.getpid()))
                os._exit(9)  # as if killed (out of memory, SIGKILL)
        return real(earlier, later, config)

    monkeypatch.setattr(pairs_module, "examine", dies_at_the_40th_pair)
    url = db_factory()
    store = provenance.open_store(url)
    summary = provenance.ingest_articles(store, articles, workers=1, batch_articles=40)
    store.close()
    assert marker.exists(), "no worker examined 40 pairs: the test did not test"
    assert summary.stored == len(articles) and not summary.failed
    assert _dump(url) == serial


def test_a_batch_below_the_bound_is_aligned_here(db_factory, monkeypatch):
    monkeypatch.setattr(pairs_module, "PARALLEL_MIN_ARTICLES", 1000)
    examiner = pairs_module.PairExaminer(1)
    with examiner:
        assert not examiner.start_for(999) and not examiner.parallel
        assert examiner.start_for(1000) and examiner.parallel
        assert examiner.start_for(1)  # once running, every batch goes to the workers
    assert not examiner.parallel  # leaving it stops them
    assert not pairs_module.PairExaminer(0).start_for(10**6)  # no workers asked for: none started


def test_ctrl_c_while_workers_align_pairs_stops_cleanly(tmp_path):
    db = tmp_path / "store.db"
    articles = _articles(600)
    lines = [json.dumps({"text": a.text, "published_at": a.published_at and a.published_at.isoformat()})
             for a in articles]  # fmt: skip
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n")
    argv = [sys.executable, "-c", "from provenance.cli import main; main()", "--db", str(db),
            "ingest", "--batch", "100", "--workers", "1", str(tmp_path / "big.jsonl")]  # fmt: skip
    proc = start_as_from_a_terminal(argv)
    engine = create_engine(f"sqlite:///{db}")
    try:
        wait_for_documents(engine, proc, 200)  # two batches committed: the workers are aligning
        assert proc.poll() is None, "the ingest ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 130, f"exit {proc.returncode}: {err}"
        assert err.strip().splitlines() == [
            "interrupted: only whole articles were stored; run the same command again to complete"
        ]  # no worker tracebacks
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM documents")).scalar()
        assert stored % 100 == 0 and 200 <= stored < 600  # whole batches only
    finally:
        engine.dispose()
    # Running it again stores the rest.
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 600
    engine.dispose()
