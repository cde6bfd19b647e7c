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

from provenance import api
from provenance.match import DetectConfig
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
    "edge derivation": ["UPDATE reuse_edges SET derivation = 'wholly-derived'"],
    "edge coverage": ["UPDATE reuse_edges SET coverage = 0.37"],
    "edge source share": ["UPDATE reuse_edges SET source_share = source_share / 3"],
    "edge matched sentences": ["UPDATE reuse_edges SET matched_sentences = matched_sentences - 1"],
}
EXPECTED_KIND = {
    "fingerprint": "check: fingerprint: document 1:",
    "evidence": "check: evidence: document 2:",
    "keys missing": "check: keys: document 2:",
    "keys stray": "check: keys: document 1:",
    "orphan posting": "check: orphan: sentence_keys: 1 rows postings of no sentence",
    "common key postings": "check: index: sentence_keys:",
    "edge counts": "check: edge: edge 2 <- 1: verbatim 5, its matches say 0; quotes 5, its matches say 4",
    "edge without matches": "no matches",
    "edge direction": "the earlier article is not the earlier one",
    "orphan match": "check: orphan: matches: 1 rows of no later sentence",
    "edge derivation": "derivation 'wholly-derived' for coverage",
    "edge coverage": "coverage 0.37 is no share of its 12 matched sentences",
    "edge source share": "source_share 0.3333 is no share of its",
    "edge matched sentences": "matched_sentences 11, its matches say 12",
}


HEAD = head_revision()


def test_a_sound_store_checks_sound(cli, seeded):
    res = cli("check")
    assert res.exit_code == 0, res.stdout
    assert res.stdout.strip().endswith(f"(revision {HEAD}, 2 documents, 1 edge): sound")
    found = json.loads(cli("check", "--format", "json").stdout)
    assert found == {
        "store": found["store"],
        "revision": HEAD,
        "documents": 2,
        "edges": 1,
        "problems": [],
        "repair": False,
        "sound": True,
    }


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_check_names_each_corruption_and_repair_rebuilds_it(cli, seeded, corruption):
    engine = seeded
    clean, docs = _derived(engine), _documents(engine)
    _corrupt(engine, *CORRUPTIONS[corruption])
    res = cli("check")
    assert res.exit_code == 1, res.stdout
    assert EXPECTED_KIND[corruption] in res.stdout, res.stdout
    lines = res.stdout.strip().splitlines()
    assert all(line.startswith("check: ") for line in lines[:-1]) and len(lines) >= 2, lines
    assert lines[-1].endswith(
        f"{len(lines) - 1} problem{'' if len(lines) == 2 else 's'} "
        f"(`provenance check --repair` rebuilds {len(lines) - 1} of them)"
    )
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
    assert res.exit_code == 1
    line = next(x for x in res.stdout.splitlines() if x.startswith("check: sentences: document 1:"))
    assert "letters or digits of its text are in no sentence" in line and "re-ingest the document" in line
    res = cli("check", "--repair")
    assert res.exit_code == 1
    assert "check: sentences: document 1:" in res.stdout and "(repaired)" not in res.stdout
    assert "--repair cannot fix this: re-ingest the document" in res.stdout
    assert _documents(engine) == docs


def test_a_store_at_another_revision_is_one_problem_and_repair_writes_nothing(cli, seeded, db_url):
    _corrupt(seeded, "UPDATE alembic_version SET version_num = '0005'", "DELETE FROM sentence_keys")
    before = _derived(seeded)
    res = cli("check")
    assert res.exit_code == 1
    lines = res.stdout.strip().splitlines()
    assert lines[0] == (
        f"check: revision: schema revision 0005, the code's is {HEAD} (--repair cannot fix this: "
        "run `provenance db upgrade` (or upgrade provenance, for a newer store))"
    )
    assert len(lines) == 2  # nothing else is checked against another schema
    res = cli("check", "--repair", "--format", "json")
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    assert [(p["kind"], p["repaired"]) for p in report["problems"]] == [("revision", False)]
    assert _derived(seeded) == before


def test_rows_of_missing_documents_are_found(cli, seeded, db_url):
    """Orphans that the foreign keys normally prevent (they were off, or the store was edited by hand):
    licence notes of no document are reported once (``foreign_key_check`` finds the same row) and kept,
    postings and matches deleted."""
    engine = seeded
    insert = (
        "INSERT INTO licence_notes (document_id, spdx, origin, created_at, scope) "
        "VALUES (99, 'CC-BY-4.0', 'declared', '2026-12-03 12:00:00', 'article')"
    )
    if engine.dialect.name == "sqlite":
        raw = sqlite3.connect(db_url.removeprefix("sqlite:///"))  # foreign keys off: sqlite3's default
        raw.execute(insert)
        raw.commit()
        assert raw.execute("PRAGMA foreign_key_check").fetchall()  # SQLite's own check sees it too
        raw.close()
    else:
        with engine.begin() as conn:  # PostgreSQL enforces the key: the store's owner drops it first
            conn.exec_driver_sql(
                "ALTER TABLE licence_notes DROP CONSTRAINT fk_licence_notes_document_id_documents"
            )
            conn.execute(text(insert))
    engine.dispose()
    res = cli("check")
    assert res.exit_code == 1
    lines = [x for x in res.stdout.splitlines() if "licence_notes" in x]
    assert lines == [
        "check: orphan: licence_notes: 1 rows of a document or publisher that does not exist "
        "(--repair cannot fix this: not derived data: check never deletes it; delete or mend the rows by hand)"
    ]
    res = cli("check", "--repair")
    assert res.exit_code == 1 and "licence_notes" in res.stdout and "(repaired)" not in res.stdout
    with make_engine(db_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM licence_notes WHERE document_id = 99")).scalar() == 1


def test_equal_dates_are_ordered_by_the_texts_digests_not_ids(cli, db_url):
    """Two articles of one date: the direction is the order of their SHA-256 digests (as detection
    decides it, whatever the ingest order), so an edge whose later article has the lower id is sound."""
    for seed in (SEED_002, SEED_000):  # 002 gets id 1; 000's digest is the lower
        assert cli("ingest", str(seed), "--published-at", "2023-05-01").exit_code == 0
    engine = make_engine(db_url)
    with engine.connect() as conn:
        ((later, earlier),) = conn.execute(text("SELECT later_id, earlier_id FROM reuse_edges")).all()
        digest = dict(conn.execute(text("SELECT id, sha256 FROM documents")).all())
    engine.dispose()
    assert (later, earlier) == (1, 2) and digest[earlier] < digest[later]
    res = cli("check")
    assert res.exit_code == 0, res.stdout


@pytest.fixture
def crowded(db_url):
    """The seeds ingested with ``max_key_postings=1``: every key both articles hold is common."""
    config = DetectConfig(max_key_postings=1)
    with api.open_store(db_url) as store:
        api.ingest(store, [str(SEED_000), str(SEED_002)], detect_config=config)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM common_keys")).scalar() > 10
    yield engine, config
    engine.dispose()


def test_a_dropped_common_key_is_found_and_entered_again(crowded, db_url):
    """Deleting a common key's entry from the index: its postings are missing from every document
    holding it (the index says nothing of it any more); repair writes them back, finds the key too
    common again and drops them, as detection did."""
    engine, config = crowded
    clean = _derived(engine)
    _corrupt(engine, "DELETE FROM common_keys WHERE key = (SELECT min(key) FROM common_keys)")
    found = api.check_store(db_url, detect_config=config)
    assert not found.sound
    assert {p.kind for p in found.problems} == {"keys"}, found.problems
    repaired = api.check_store(db_url, repair=True, detect_config=config)
    assert repaired.sound and all(p.repaired for p in repaired.problems)
    assert api.check_store(db_url, detect_config=config).problems == []
    assert _derived(engine)[:4] == clean[:4]  # sentences, postings, common keys, matches as ingest made them


def test_a_common_key_entered_wrongly_gets_its_postings_back(crowded, db_url):
    engine, config = crowded
    clean = _derived(engine)
    _corrupt(  # entered as common (its postings dropped) though it is held by one sentence
        engine,
        "INSERT INTO common_keys (key, postings) SELECT key, 1 FROM sentence_keys "
        "WHERE document_id = 1 ORDER BY key LIMIT 1",
        "DELETE FROM sentence_keys WHERE key IN (SELECT key FROM common_keys WHERE postings = 1)",
    )
    found = api.check_store(db_url, detect_config=config)
    kinds = [p.kind for p in found.problems]
    assert "index" in kinds and "keys" in kinds, found.problems
    assert any("entered as too common with at most 1 postings" in p.message for p in found.problems)
    assert api.check_store(db_url, repair=True, detect_config=config).sound
    assert api.check_store(db_url, detect_config=config).problems == []
    assert _derived(engine)[:4] == clean[:4]


def test_check_writes_nothing_without_repair(cli, seeded, db_url):
    _corrupt(seeded, "DELETE FROM sentence_keys WHERE document_id = 2")
    before = _derived(seeded)
    assert cli("check").exit_code == 1
    assert _derived(seeded) == before


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
