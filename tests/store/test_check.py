"""``provenance check [--repair]``: each kind of corruption is named, and what is derived is rebuilt.

Each test ingests the seeds (two articles with a reuse edge between them), corrupts one thing with
raw SQL, and runs ``check`` (exit 1, a line naming the problem), then ``check --repair`` (the
problem marked repaired, or left when only a document's change could fix it), then ``check`` again.
"""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from sqlalchemy import text

from provenance.store.engine import head_revision, make_engine
from tests.conftest import SEED_000, SEED_002, TEST_DB_ENV

ON_POSTGRES = bool(os.environ.get(TEST_DB_ENV))


@pytest.fixture
def seeded(cli, db_url):
    assert cli("ingest", str(SEED_000), str(SEED_002)).exit_code == 0
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def _derived(engine) -> tuple:
    """The rows --repair rebuilds (detection times aside), to compare with the uncorrupted store's."""
    with engine.connect() as conn:
        return (
            sorted(tuple(r) for r in conn.execute(text("SELECT * FROM sentences"))),
            sorted(tuple(r) for r in conn.execute(text("SELECT * FROM sentence_keys"))),
            sorted(tuple(r) for r in conn.execute(text("SELECT * FROM common_keys"))),
            sorted(tuple(r) for r in conn.execute(text("SELECT * FROM matches"))),
            sorted(
                tuple(r)[:-1]
                for r in conn.execute(
                    text(
                        "SELECT later_id, earlier_id, matched_sentences, coverage, source_share, verbatim, "
                        "near_verbatim, paraphrase, quotes, derivation, detected_at FROM reuse_edges"
                    )
                )
            ),
        )


def _documents(engine) -> list:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(text("SELECT * FROM documents")))


def _corrupt(engine, *statements: str) -> None:
    with engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql))


CORRUPTIONS = {
    "fingerprint": [
        "UPDATE sentences SET fingerprint = fingerprint + 1 WHERE document_id = 1 AND position = 2"
    ],
    "evidence": ["UPDATE sentences SET evidence = NOT evidence WHERE document_id = 2 AND position = 0"],
    "keys missing": ["DELETE FROM sentence_keys WHERE document_id = 2 AND position = 3"],
    "keys stray": ["INSERT INTO sentence_keys (key, document_id, position) VALUES (12345, 1, 0)"],
    "orphan posting": ["INSERT INTO sentence_keys (key, document_id, position) VALUES (777, 1, 999)"],
    "common key postings": [
        "INSERT INTO common_keys (key, postings) SELECT key, 5000 FROM sentence_keys "
        "WHERE document_id = 1 AND position = 0 ORDER BY key LIMIT 1"
    ],
    "edge counts": ["UPDATE reuse_edges SET verbatim = verbatim + 5, quotes = quotes + 1"],
    "edge without matches": ["DELETE FROM matches"],
    "edge direction": [
        "UPDATE documents SET published_at = '2030-01-01 00:00:00' "
        "WHERE id = (SELECT earlier_id FROM reuse_edges ORDER BY later_id LIMIT 1)",
        "UPDATE documents SET published_at = '2000-01-01 00:00:00' "
        "WHERE id = (SELECT later_id FROM reuse_edges ORDER BY later_id LIMIT 1)",
    ],
    "orphan match": [
        "INSERT INTO matches (later_id, later_position, earlier_id, earlier_position, kind, score, quote) "
        "SELECT later_id, 999, earlier_id, 0, 'verbatim', 1.0, false FROM reuse_edges ORDER BY later_id LIMIT 1"
    ],
    "edge derivation": ["UPDATE reuse_edges SET derivation = 'wholly-derived', coverage = 0.01"],
}
EXPECTED_KIND = {
    "fingerprint": "fingerprint: document 1:",
    "evidence": "evidence: document 2:",
    "keys missing": "keys: document 2:",
    "keys stray": "keys: document 1:",
    "orphan posting": "orphan: sentence_keys: 1 rows postings of no sentence",
    "common key postings": "index: sentence_keys:",
    "edge counts": "edge: edge ",
    "edge without matches": "no matches",
    "edge direction": "the earlier article is not the earlier one",
    "orphan match": "orphan: matches: 1 rows of no later sentence",
    "edge derivation": "derivation 'wholly-derived'",
}


def test_a_sound_store_checks_sound(cli, seeded):
    res = cli("check")
    assert res.exit_code == 0, res.stdout
    assert res.stdout.strip().endswith(f"(revision {head_revision()}, 2 documents): sound")
    found = json.loads(cli("check", "--format", "json").stdout)
    assert found["problems"] == [] and found["documents"] == 2 and found["repair"] is False


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_check_names_each_corruption_and_repair_rebuilds_it(cli, seeded, corruption):
    engine = seeded
    clean, docs = _derived(engine), _documents(engine)
    _corrupt(engine, *CORRUPTIONS[corruption])
    res = cli("check")
    assert res.exit_code == 1, res.stdout
    assert EXPECTED_KIND[corruption] in res.stdout, res.stdout
    lines = res.stdout.strip().splitlines()
    assert lines[-1].endswith("(`provenance check --repair` rebuilds what is derived)")
    if corruption == "edge direction":  # a document's date moved: edges follow it, as with `set`
        _documents_changed = _documents(engine)
        res = cli("check", "--repair")
        assert res.exit_code == 0, res.stdout
        assert _documents(engine) == _documents_changed  # repair changed no document
        assert cli("check").exit_code == 0
        return
    res = cli("check", "--repair", "--format", "json")
    assert res.exit_code == 0, res.stdout
    report = json.loads(res.stdout)
    assert report["problems"] and all(p["repaired"] for p in report["problems"]), report
    assert cli("check").exit_code == 0
    assert _documents(engine) == docs
    if corruption == "common key postings":  # a key entered as common stays so: its postings go
        with engine.connect() as conn:
            common = {k for (k,) in conn.execute(text("SELECT key FROM common_keys"))}
        sentences, keys, _, found_matches, found_edges = clean
        clean = (
            sentences,
            [r for r in keys if r[0] not in common],
            _derived(engine)[2],
            found_matches,
            found_edges,
        )
        assert len(common) == 1
    assert _derived(engine) == clean  # rebuilt as ingest made it


def test_sentences_that_no_longer_cover_the_text_are_reported_not_repaired(cli, seeded):
    engine = seeded
    docs = _documents(engine)
    _corrupt(engine, 'UPDATE sentences SET "end" = start + 1 WHERE document_id = 1 AND position = 4')
    res = cli("check")
    assert res.exit_code == 1 and "sentences: document 1:" in res.stdout and "re-ingest" in res.stdout
    res = cli("check", "--repair")
    assert res.exit_code == 1 and "repaired" not in res.stdout.split("sentences:")[0]
    assert _documents(engine) == docs


def test_a_store_at_another_revision_is_one_problem(cli, seeded):
    _corrupt(seeded, "UPDATE alembic_version SET version_num = '0005'")
    res = cli("check")
    assert res.exit_code == 1
    want = f"revision: schema revision 0005, the code's is {head_revision()}: run `provenance db upgrade`"
    assert want in res.stdout
    res = cli("check", "--repair")
    assert res.exit_code == 1 and "repaired" not in res.stdout


def test_rows_of_missing_documents_are_found(cli, seeded, db_url):
    """Orphans that the foreign keys normally prevent (they were off, or the store was edited by hand):
    licence notes of no document are reported (not derived: kept), postings and matches deleted."""
    engine = seeded
    insert = (
        "INSERT INTO licence_notes (document_id, spdx, origin, created_at, scope) "
        "VALUES (99, 'CC-BY-4.0', 'declared', '2026-12-03 12:00:00', 'article')"
    )
    if engine.dialect.name == "sqlite":
        raw = sqlite3.connect(db_url.removeprefix("sqlite:///"))  # foreign keys off: sqlite3's default
        raw.execute(insert)
        raw.commit()
        raw.close()
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            conn.execute(text(insert))
    engine.dispose()
    res = cli("check")
    assert res.exit_code == 1
    assert "orphan: licence_notes: 1 rows of a document or publisher that does not exist" in res.stdout
    res = cli("check", "--repair")
    assert res.exit_code == 1 and "repaired: orphan: licence_notes" not in res.stdout


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's integrity_check: the store is on PostgreSQL")
def test_a_damaged_sqlite_index_is_named_by_integrity_check(cli, seeded, db_url):
    engine = seeded
    with engine.connect() as conn:
        page = conn.exec_driver_sql("PRAGMA page_size").scalar()
        root = conn.exec_driver_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_sentences_fingerprint'"
        ).scalar()
    engine.dispose()
    path = db_url.removeprefix("sqlite:///")
    with open(path, "r+b") as f:  # the index's root page: keep its header, scramble its cells
        f.seek((root - 1) * page + page // 2)
        f.write(bytes(range(256)) * (page // 2 // 256))
    res = cli("check")
    assert res.exit_code == 1
    assert "integrity: SQLite integrity_check:" in res.stdout or "cannot check store" in res.stderr
