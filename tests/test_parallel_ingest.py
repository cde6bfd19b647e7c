"""Large inputs are prepared in worker processes: the store is the same as with none."""

from __future__ import annotations

import importlib
import random

from sqlalchemy import create_engine, text

import provenance
from provenance.errors import InputError
from provenance.readers import Article
from provenance.text import segment
from tests.conftest import SEED_000, SEED_002, dump_tables, start_as_from_a_terminal, wait_for_documents


prepare_module = importlib.import_module("provenance.prepare")


def _articles() -> list:
    pool = [s.text for seed in (SEED_000, SEED_002) for s in segment(seed.read_text(encoding="utf-8"))]
    rng = random.Random(3)
    out: list = []
    for k in range(90):
        if k == 23:
            out.append(Article(text="   \n ", source=f"empty-{k}.txt"))  # fails in preparation
            continue
        if k == 61:
            out.append(InputError(f"bad-{k}.txt", "not UTF-8"))  # failed while reading
            continue
        words = " ".join(
            rng.choice(["harbour", "penguin", "council", "river", "budget", "tariff"]) for _ in range(6)
        )
        body = rng.sample(pool, 4)
        out.append(Article(text=f"Story {k} is about the {words}. " + " ".join(body), source=f"a{k:04d}.txt"))
    return out


def _dump(url: str) -> tuple:
    return dump_tables(
        url,
        "SELECT id, name, sha256, sentence_count FROM documents",
        'SELECT document_id, position, start, "end", fingerprint, evidence FROM sentences',
        "SELECT key, document_id, position FROM sentence_keys",
        "SELECT later_id, earlier_id, matched_sentences, coverage, derivation FROM reuse_edges",
    )


def test_workers_give_the_same_store_and_results_in_order(db_factory, monkeypatch):
    monkeypatch.setattr(prepare_module, "PARALLEL_MIN_ARTICLES", 30)  # workers from the 30th article on
    monkeypatch.setattr(prepare_module, "PARALLEL_CHUNK", 7)
    articles = _articles()
    stores, results = [], []
    for workers in (0, 1):
        url = db_factory()
        store = provenance.open_store(url)
        summary = provenance.ingest_articles(store, articles, workers=workers)
        store.close()
        stores.append(_dump(url))
        results.append([(r.source, r.status, r.document_id) for r in summary.results])
    assert stores[0] == stores[1]
    assert results[0] == results[1]
    failed = [source for source, status, _ in results[1] if status == "failed"]
    assert failed == ["empty-23.txt", "bad-61.txt"]
    assert len(stores[1][0]) == len(articles) - 2 and stores[1][3]  # all the others stored, with reuse found


def test_ctrl_c_with_workers_stops_cleanly(tmp_path):
    import json
    import os
    import signal
    import sys

    db = tmp_path / "store.db"
    lines = [
        json.dumps({"text": f"Report {k} on the {w} of the harbour. " * 3 + f"Item {k} closes it."})
        for k, w in ((k, ["tides", "boats", "cranes", "nets"][k % 4]) for k in range(4000))
    ]
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n")
    argv = [
        sys.executable,
        "-c",
        "from provenance.cli import main; main()",
        "--db",
        str(db),
        "ingest",
        "--batch",
        "50",
        str(tmp_path / "big.jsonl"),
    ]
    proc = start_as_from_a_terminal(argv)
    engine = create_engine(f"sqlite:///{db}")
    try:
        wait_for_documents(engine, proc, 1)  # the first committed batch, then press Ctrl-C
        os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group, workers too
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 130, f"exit {proc.returncode}: {err}"
        assert err.strip().splitlines() == [
            "interrupted: only whole articles were stored; run the same command again to complete"
        ]  # no worker tracebacks
        with engine.connect() as conn:
            docs, whole = conn.execute(
                text("SELECT count(*), sum(sentence_count) = (SELECT count(*) FROM sentences) FROM documents")
            ).one()
        assert 0 < docs < 4000 and whole
    finally:
        if proc.poll() is None:
            proc.kill()
        engine.dispose()
