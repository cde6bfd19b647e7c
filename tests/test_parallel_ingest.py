"""Large inputs are prepared in worker processes: the store is the same as with none."""

from __future__ import annotations

import importlib
import random

from sqlalchemy import create_engine, text

import provenance
from provenance.errors import InputError
from provenance.readers import Article
from provenance.text import segment
from tests.conftest import SEED_000, SEED_002


ingest_module = importlib.import_module("provenance.api.ingest")  # the module (provenance.api.ingest is the function)


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
        words = " ".join(rng.choice(["harbour", "penguin", "council", "river", "budget", "tariff"]) for _ in range(6))
        body = rng.sample(pool, 4)
        out.append(Article(text=f"Story {k} is about the {words}. " + " ".join(body), source=f"a{k:04d}.txt"))
    return out


def _dump(url: str) -> tuple:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return tuple(
                sorted(tuple(r) for r in conn.execute(text(sql)))
                for sql in (
                    "SELECT id, name, sha256, sentence_count FROM documents",
                    "SELECT document_id, position, start, \"end\", fingerprint, evidence FROM sentences",
                    "SELECT key, document_id, position FROM sentence_keys",
                    "SELECT later_id, earlier_id, matched_sentences, coverage, derivation FROM reuse_edges",
                )
            )
    finally:
        engine.dispose()


def test_workers_give_the_same_store_and_results_in_order(db_factory, monkeypatch):
    monkeypatch.setattr(ingest_module, "PARALLEL_MIN_ARTICLES", 30)  # workers from the 30th article on
    monkeypatch.setattr(ingest_module, "PARALLEL_CHUNK", 7)
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
