"""Every revision upgrades a store holding data from the previous one, and the data survives."""

from __future__ import annotations

from sqlalchemy import text

from provenance.match import sentence_keys
from provenance.match.keys import template_key
from provenance.store.engine import current_revision, downgrade, head_revision, make_engine, upgrade
from provenance.text import normalise
from tests.conftest import SEED_000

ARTICLE = SEED_000.read_text(encoding="utf-8")


def _keys(sentence: str) -> set[int]:
    """Today's index keys of a sentence: its candidate keys and its template key."""
    template = template_key(sentence)
    return set(sentence_keys(normalise(sentence))) | ({template} if template is not None else set())


def _fill_0001(engine) -> list[tuple[int, int, int, int]]:
    """Data as revision 0001 wrote it (raw SQL: independent of today's models)."""
    from provenance.text import fingerprint, segment

    spans = [(i, s.start, s.end, fingerprint(normalise(s.text))) for i, s in enumerate(segment(ARTICLE))]
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO publishers (name, noncommercial) VALUES ('Tehran Times', false)"))
        conn.execute(text("INSERT INTO publisher_aliases (publisher_id, alias, key) VALUES (1, 'TT', 'tt')"))
        conn.execute(
            text(
                "INSERT INTO documents (source, name, title, url, publisher_id, published_at, ingested_at, sha256, "
                "encoding, format, sentence_count, text) VALUES ('/a/000.txt', '000.txt', 'Seed', NULL, 1, "
                "'2022-10-15 00:00:00', '2026-11-23 12:00:00', :sha, 'utf-8', 'txt', :n, :text)"
            ),
            {"sha": "a" * 64, "n": len(spans), "text": ARTICLE},
        )
        conn.execute(
            text(
                'INSERT INTO sentences (document_id, position, start, "end", fingerprint) VALUES (1, :p, :s, :e, :f)'
            ),
            [{"p": p, "s": s, "e": e, "f": f} for p, s, e, f in spans],
        )
        conn.execute(
            text(
                "INSERT INTO licence_notes (publisher_id, spdx, holder, origin, created_at) "
                "VALUES (1, 'CC-BY-4.0', 'Tehran Times', 'declared', '2026-11-23 12:00:00')"
            )
        )
    return spans


def test_0001_to_head_keeps_data_and_indexes_old_sentences(db_url):
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    spans = _fill_0001(engine)
    upgrade(engine, "head")
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        doc = conn.execute(
            text("SELECT title, text, sentence_count, publisher_id FROM documents WHERE id = 1")
        ).one()
        assert doc == ("Seed", ARTICLE, len(spans), 1)
        got = conn.execute(
            text('SELECT position, start, "end", fingerprint FROM sentences ORDER BY position')
        ).all()
        assert [tuple(r) for r in got] == spans
        assert conn.execute(text("SELECT spdx, holder FROM licence_notes")).one() == (
            "CC-BY-4.0",
            "Tehran Times",
        )
        assert conn.execute(text("SELECT alias FROM publisher_aliases")).scalar_one() == "TT"
        keys = {
            tuple(r)
            for r in conn.execute(text("SELECT key, position FROM sentence_keys WHERE document_id = 1"))
        }
    expected = {(k, p) for p, s, e, _ in spans for k in _keys(ARTICLE[s:e])}
    assert keys == expected and keys


def test_head_downgrades_to_0001_keeping_documents(db_url, cli):
    assert cli("ingest", SEED_000).exit_code == 0
    engine = make_engine(db_url)
    downgrade(engine, "0001")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 1
    upgrade(engine, "head")
    assert cli("docs").exit_code == 0


def test_0002_to_head_keeps_licence_notes_and_reuse(db_url, cli, tmp_path):
    from tests.conftest import SEED_002

    engine = make_engine(db_url)
    upgrade(engine, "0002")
    _fill_0001(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO licence_notes (document_id, spdx, holder, notice, start, "end", origin, created_at) '
                "VALUES (1, 'CC-BY-4.0', 'Mehr News Agency', 'All Content by ...', 10, 30, 'detected', '2026-11-23 12:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO matches (later_id, later_position, earlier_id, earlier_position, kind, score, quote) "
                "VALUES (1, 0, 1, 1, 'paraphrase', 0.5, false)"
            )
        )
    upgrade(engine, "head")
    with engine.connect() as conn:
        row = conn.execute(
            text('SELECT spdx, holder, start, "end", origin, scope FROM licence_notes WHERE document_id = 1')
        ).one()
        assert tuple(row) == ("CC-BY-4.0", "Mehr News Agency", 10, 30, "detected", "article")
        assert conn.execute(text("SELECT kind, score FROM matches")).one() == ("paraphrase", 0.5)
    assert cli("ingest", SEED_002).exit_code == 0  # the upgraded store takes new articles


def test_0003_to_head_flags_licence_lines_of_stored_documents(db_url):
    from provenance.text import fingerprint, segment
    from tests.conftest import SEED_002

    article = SEED_002.read_text(encoding="utf-8")
    spans = segment(article)
    engine = make_engine(db_url)
    upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents (source, name, ingested_at, sha256, encoding, format, sentence_count, text) "
                "VALUES ('/a/002.txt', '002.txt', '2026-11-23 12:00:00', :sha, 'utf-8', 'txt', :n, :text)"
            ),
            {"sha": "b" * 64, "n": len(spans), "text": article},
        )
        conn.execute(
            text(
                'INSERT INTO sentences (document_id, position, start, "end", fingerprint) VALUES (1, :p, :s, :e, :f)'
            ),
            [
                {"p": i, "s": s.start, "e": s.end, "f": fingerprint(normalise(s.text))}
                for i, s in enumerate(spans)
            ],
        )
    upgrade(engine, "head")
    with engine.connect() as conn:
        flags = [bool(v) for (v,) in conn.execute(text("SELECT evidence FROM sentences ORDER BY position"))]
        assert conn.execute(text("SELECT count(*) FROM sentences")).scalar() == len(spans)
    assert flags == [True] * (len(spans) - 1) + [False]  # only the Mehr licence line is not evidence


def test_0004_to_head_rebuilds_pair_keys_and_finds_common_ones(db_url, cli):
    from provenance.text import fingerprint, segment

    repeated = "Penguins gather near the frozen harbour every winter morning. "
    docs = {1: ARTICLE, 2: repeated * 1001}
    engine = make_engine(db_url)
    upgrade(engine, "0004")
    spans = {d: [(i, s.start, s.end) for i, s in enumerate(segment(t))] for d, t in docs.items()}
    with engine.begin() as conn:
        for d, t in docs.items():
            conn.execute(
                text(
                    "INSERT INTO documents (id, source, name, ingested_at, sha256, encoding, format, sentence_count, text) "
                    "VALUES (:id, :src, :name, '2026-11-23 12:00:00', :sha, 'utf-8', 'txt', :n, :text)"
                ),
                {
                    "id": d,
                    "src": f"/a/{d}.txt",
                    "name": f"{d}.txt",
                    "sha": str(d) * 64,
                    "n": len(spans[d]),
                    "text": t,
                },
            )
            conn.execute(
                text(
                    'INSERT INTO sentences (document_id, position, start, "end", fingerprint, evidence) VALUES (:d, :p, :s, :e, :f, true)'
                ),
                [
                    {"d": d, "p": p, "s": s, "e": e, "f": fingerprint(normalise(t[s:e]))}
                    for p, s, e in spans[d]
                ],
            )
        conn.execute(
            text("INSERT INTO sentence_keys (key, document_id, position) VALUES (42, 1, 0)")
        )  # an old-style key
    upgrade(engine, "head")
    norm = normalise(repeated)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sentences WHERE document_id = 2")).scalar() == 1001
        assert conn.execute(text("SELECT text FROM documents WHERE id = 1")).scalar_one() == ARTICLE
        common = dict(conn.execute(text("SELECT key, postings FROM common_keys")).all())
        assert set(common) == set(sentence_keys(norm)) and set(common.values()) == {1001}
        keys = {tuple(r) for r in conn.execute(text("SELECT key, document_id, position FROM sentence_keys"))}
    expected = {(k, 1, p) for p, s, e in spans[1] for k in _keys(ARTICLE[s:e])} - {
        (k, 1, p) for k in common for p, _, _ in spans[1]
    }
    assert (
        keys == expected and keys
    )  # rebuilt with today's keys; the old key and the common keys' postings gone
    assert cli("ingest", "-", input=repeated * 3 + "A new sentence about harbour penguins.").exit_code == 0
    downgrade(engine, "0004")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sentence_keys WHERE document_id = 1")).scalar() == len(
            keys
        )
