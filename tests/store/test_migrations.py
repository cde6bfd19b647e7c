"""Every revision upgrades a store holding data from the previous one, and the data survives.

Revisions are frozen: what a revision computes (keys, evidence flags) comes from its own module in
``migrations/frozen/``, as the code was when the revision was written, never from ``provenance``.
So the keys expected here are the frozen rules', not today's; ``test_frozen_*`` pins those rules to
outputs of the historical commits, and ``test_revisions_import_no_project_code`` keeps the revisions
away from the live code.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from provenance.store.engine import (
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    upgrade,
)
from tests.conftest import REPO, SEED_000, SEED_002

ARTICLE = SEED_000.read_text(encoding="utf-8")
MIGRATIONS = REPO / "migrations"
REVISION_FILES = sorted((MIGRATIONS / "versions").glob("*.py"))
FROZEN_FILES = sorted((MIGRATIONS / "frozen").glob("*.py"))


def _frozen(name: str) -> ModuleType:
    """A frozen module, loaded from its path as the revisions load it."""
    path = MIGRATIONS / "frozen" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_test_frozen_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


R0002 = _frozen("r0002_keys")
R0004 = _frozen("r0004_evidence")
R0005 = _frozen("r0005_keys")
R0007 = _frozen("r0007_keys")


def _fingerprint(sentence: str) -> int:
    """``sentences.fingerprint`` as every release so far computed it."""
    return R0002.fingerprint(R0002.normalise(sentence))


def _spans(article: str) -> list[tuple[int, int]]:
    """Sentence offsets of ``article`` by today's segmenter (any offsets would do for the migrations)."""
    from provenance.text import segment

    return [(s.start, s.end) for s in segment(article)]


def _keys(sentence: str) -> set[int]:
    """What revision 0005 indexes for a sentence: its candidate keys and its template key (frozen)."""
    return set(R0005.index_keys(sentence))


def _fill_0001(engine) -> list[tuple[int, int, int, int]]:
    """Data as revision 0001 wrote it (raw SQL: independent of today's models)."""
    spans = [(i, s, e, _fingerprint(ARTICLE[s:e])) for i, (s, e) in enumerate(_spans(ARTICLE))]
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


def test_0006_downgrade_drops_page_notes_and_keeps_the_rest(db_url, cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Pact</title></head><body><article><p>"
        + " ".join(f"Sentence number {i} of the article says something new." for i in range(5))
        + '</p></article><footer><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">'
        "CC BY 4.0</a></footer></body></html>",
        encoding="utf-8",
    )
    assert cli("ingest", SEED_000, str(page)).exit_code == 0
    engine = make_engine(db_url)
    with engine.connect() as conn:
        origins = [o for (o,) in conn.execute(text("SELECT origin FROM licence_notes"))]
    downgrade(engine, "0005")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 2
        kept = [o for (o,) in conn.execute(text("SELECT origin FROM licence_notes"))]
    assert kept == [o for o in origins if o != "page"]
    upgrade(engine, "head")
    assert cli("docs").exit_code == 0


def test_head_downgrades_to_0001_keeping_documents(db_url, cli):
    assert cli("ingest", SEED_000).exit_code == 0
    engine = make_engine(db_url)
    downgrade(engine, "0001")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 1
    upgrade(engine, "head")
    assert cli("docs").exit_code == 0


def test_0002_to_head_keeps_licence_notes_and_reuse(db_url, cli, tmp_path):
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
    article = SEED_002.read_text(encoding="utf-8")
    spans = _spans(article)
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
            [{"p": i, "s": s, "e": e, "f": _fingerprint(article[s:e])} for i, (s, e) in enumerate(spans)],
        )
    upgrade(engine, "head")
    with engine.connect() as conn:
        flags = [bool(v) for (v,) in conn.execute(text("SELECT evidence FROM sentences ORDER BY position"))]
        assert conn.execute(text("SELECT count(*) FROM sentences")).scalar() == len(spans)
    assert flags == [True] * (len(spans) - 1) + [False]  # only the Mehr licence line is not evidence


def test_0004_to_head_rebuilds_pair_keys_and_finds_common_ones(db_url, cli):
    repeated = "Penguins gather near the frozen harbour every winter morning. "
    docs = {1: ARTICLE, 2: repeated * 1001}
    engine = make_engine(db_url)
    upgrade(engine, "0004")
    spans = {d: [(i, s, e) for i, (s, e) in enumerate(_spans(t))] for d, t in docs.items()}
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
                [{"d": d, "p": p, "s": s, "e": e, "f": _fingerprint(t[s:e])} for p, s, e in spans[d]],
            )
        conn.execute(
            text("INSERT INTO sentence_keys (key, document_id, position) VALUES (42, 1, 0)")
        )  # an old-style key
    upgrade(engine, "head")
    norm = R0005.normalise(repeated)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sentences WHERE document_id = 2")).scalar() == 1001
        assert conn.execute(text("SELECT text FROM documents WHERE id = 1")).scalar_one() == ARTICLE
        common = dict(conn.execute(text("SELECT key, postings FROM common_keys")).all())
        assert set(common) == set(R0005.sentence_keys(norm)) and set(common.values()) == {1001}
        keys = {tuple(r) for r in conn.execute(text("SELECT key, document_id, position FROM sentence_keys"))}
    expected = {(k, 1, p) for p, s, e in spans[1] for k in _keys(ARTICLE[s:e])} - {
        (k, 1, p) for k in common for p, _, _ in spans[1]
    }
    assert (
        keys == expected and keys
    )  # rebuilt with 0005's keys; the old key and the common keys' postings gone
    assert cli("ingest", "-", input=repeated * 3 + "A new sentence about harbour penguins.").exit_code == 0
    downgrade(engine, "0004")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sentence_keys WHERE document_id = 1")).scalar() == len(
            keys
        )


# --- replay: base to head, data added at every revision --------------------------------------------

REWRITES = {"0005": {"sentence_keys"}}
"""Tables whose rows a revision rewrites on purpose; every other row must come through every revision
unchanged. A new revision that rewrites stored data must be entered here (and given a check below)."""

CREDITED = [  # an article with credit lines and notices among its sentences, one sentence a line
    "Iran and Iraq signed a security pact on Monday.",
    "Officials in Baghdad welcomed the agreement, calling it a new chapter.",
    "Source: Mehr News Agency",
    "This article is licensed under a Creative Commons Attribution 4.0 International License.",
    "Photo: Jane Doe / CC BY-SA 2.0",
    "The pact was first published by the ministry, officials added.",
    "— Reuters",
]
CREDITED_NOT_EVIDENCE = [2, 3, 4, 6]  # non_evidence_positions at ccd3f98 (see test_frozen_evidence)
REPEATED = "Penguins gather near the frozen harbour every winter morning."


def _line_spans(lines: list[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _add_document(conn, doc_id: int, article: str, spans: list[tuple[int, int]], **extra) -> None:
    """A document and its sentences as the ingest of the store's revision wrote them (raw SQL)."""
    columns = {
        "id": doc_id,
        "source": f"/a/{doc_id}.txt",
        "name": f"{doc_id}.txt",
        "ingested_at": f"2026-11-23 12:00:{doc_id:02d}",
        "sha256": f"{doc_id:064d}",
        "encoding": "utf-8",
        "format": "txt",
        "sentence_count": len(spans),
        "text": article,
    }
    not_evidence = extra.pop("not_evidence", None)  # positions flagged false (from revision 0004 on)
    columns.update(extra)
    conn.execute(
        text(f"INSERT INTO documents ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"),
        columns,
    )
    rows = [
        {"d": doc_id, "p": p, "s": s, "e": e, "f": _fingerprint(article[s:e])}
        for p, (s, e) in enumerate(spans)
    ]
    if not_evidence is None:
        conn.execute(
            text(
                'INSERT INTO sentences (document_id, position, start, "end", fingerprint) '
                "VALUES (:d, :p, :s, :e, :f)"
            ),
            rows,
        )
    else:
        conn.execute(
            text(
                'INSERT INTO sentences (document_id, position, start, "end", fingerprint, evidence) '
                "VALUES (:d, :p, :s, :e, :f, :ev)"
            ),
            [{**r, "ev": r["p"] not in not_evidence} for r in rows],
        )


def _add_keys(conn, doc_id: int, article: str, spans: list[tuple[int, int]]) -> None:
    """Candidate keys as the ingest of revisions 0002 to 0004 wrote them (any keys do: 0005 rebuilds them)."""
    rows = {
        (k, p) for p, (s, e) in enumerate(spans) for k in R0002.sentence_keys(R0002.normalise(article[s:e]))
    }
    conn.execute(
        text("INSERT INTO sentence_keys (key, document_id, position) VALUES (:k, :d, :p)"),
        [{"k": k, "d": doc_id, "p": p} for k, p in sorted(rows)],
    )


def _fill_after_0001(conn, docs) -> None:
    spans = _spans(ARTICLE)
    docs[1] = (ARTICLE, spans)
    conn.execute(text("INSERT INTO publishers (id, name, noncommercial) VALUES (1, 'Tehran Times', false)"))
    conn.execute(
        text("INSERT INTO publisher_aliases (id, publisher_id, alias, key) VALUES (1, 1, 'TT', 'tt')")
    )
    _add_document(conn, 1, ARTICLE, spans, title="Seed", publisher_id=1, published_at="2022-10-15 00:00:00")
    conn.execute(
        text(
            "INSERT INTO licence_notes (id, publisher_id, spdx, holder, origin, created_at) "
            "VALUES (1, 1, 'CC-BY-4.0', 'Tehran Times', 'declared', '2026-11-23 12:00:00')"
        )
    )


def _check_0002(conn, docs) -> None:
    article, spans = docs[1]
    got = {
        tuple(r) for r in conn.execute(text("SELECT key, position FROM sentence_keys WHERE document_id = 1"))
    }
    assert got == {
        (_fingerprint(article[s:e]), p) for p, (s, e) in enumerate(spans)
    }  # 0002's rule: fingerprints


def _fill_after_0002(conn, docs) -> None:
    article = SEED_002.read_text(encoding="utf-8")
    spans = _spans(article)
    docs[2] = (article, spans)
    _add_document(conn, 2, article, spans, published_at="2022-10-16 00:00:00")
    _add_keys(conn, 2, article, spans)
    notice = article.index("All Content by Mehr News Agency")
    conn.execute(
        text(
            "INSERT INTO licence_notes "
            '(id, document_id, spdx, holder, notice, start, "end", origin, created_at) '
            "VALUES (2, 2, 'CC-BY-4.0', 'Mehr News Agency', :notice, :s, :e, 'detected', "
            "'2026-11-23 12:00:02')"
        ),
        {"notice": article[notice:], "s": notice, "e": len(article)},
    )
    conn.execute(
        text(
            "INSERT INTO matches "
            "(later_id, later_position, earlier_id, earlier_position, kind, score, quote) "
            "VALUES (2, 0, 1, 1, 'paraphrase', 0.61, false), (2, 3, 1, 4, 'verbatim', 1.0, true)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO reuse_edges (later_id, earlier_id, matched_sentences, coverage, source_share, "
            "verbatim, near_verbatim, paraphrase, quotes, derivation, detected_at) "
            "VALUES (2, 1, 2, 0.08, 0.07, 1, 0, 1, 1, 'partially-derived', '2026-11-23 12:00:02')"
        )
    )


def _check_0003(conn, docs) -> None:
    assert {s for (s,) in conn.execute(text("SELECT scope FROM licence_notes"))} == {"article"}


def _fill_after_0003(conn, docs) -> None:
    article = "\n".join(CREDITED)
    spans = _line_spans(CREDITED)
    docs[3] = (article, spans)
    _add_document(conn, 3, article, spans)
    _add_keys(conn, 3, article, spans)
    photo = article.index("Photo:")
    conn.execute(
        text(
            "INSERT INTO licence_notes "
            '(id, document_id, spdx, holder, notice, start, "end", origin, created_at, scope) '
            "VALUES (3, 3, 'CC-BY-SA-2.0', 'Jane Doe', :notice, :s, :e, 'detected', "
            "'2026-11-23 12:00:03', 'media')"
        ),
        {"notice": CREDITED[4], "s": photo, "e": photo + len(CREDITED[4])},
    )


def _check_0004(conn, docs) -> None:
    for doc_id, (article, spans) in docs.items():
        flags = [
            bool(v)
            for (v,) in conn.execute(
                text("SELECT evidence FROM sentences WHERE document_id = :d ORDER BY position"), {"d": doc_id}
            )
        ]
        not_evidence = R0004.non_evidence_positions(article, spans)
        assert flags == [p not in not_evidence for p in range(len(spans))], doc_id
    assert set(R0004.non_evidence_positions(*docs[3])) == set(CREDITED_NOT_EVIDENCE)
    assert R0004.non_evidence_positions(*docs[2]) == {len(docs[2][1]) - 1}  # the Mehr licence line


def _fill_after_0004(conn, docs) -> None:
    article = " ".join([REPEATED] * 1001)  # one sentence in 1,001: its keys become common keys in 0005
    spans = [(i * (len(REPEATED) + 1), i * (len(REPEATED) + 1) + len(REPEATED)) for i in range(1001)]
    docs[4] = (article, spans)
    _add_document(conn, 4, article, spans, not_evidence=set())
    article = "\n".join(CREDITED[:4])
    spans = _line_spans(CREDITED[:4])
    docs[5] = (article, spans)
    _add_document(conn, 5, article, spans, not_evidence=R0004.non_evidence_positions(article, spans))
    _add_keys(conn, 5, article, spans)
    conn.execute(
        text("INSERT INTO sentence_keys (key, document_id, position) VALUES (42, 1, 0)")
    )  # old-style


def _check_0005(conn, docs) -> None:
    postings = {
        (k, d, p)
        for d, (article, spans) in docs.items()
        for p, (s, e) in enumerate(spans)
        if p not in R0004.non_evidence_positions(article, spans)
        for k in _keys(article[s:e])
    }
    counts = Counter(k for k, _, _ in postings)
    common = {k: n for k, n in counts.items() if n > 1000}
    assert set(common) == set(R0005.sentence_keys(R0005.normalise(REPEATED)))
    assert dict(conn.execute(text("SELECT key, postings FROM common_keys")).all()) == common
    got = {tuple(r) for r in conn.execute(text("SELECT key, document_id, position FROM sentence_keys"))}
    assert got == {row for row in postings if row[0] not in common}
    templates = {R0005.template_key(a[s:e]) for d, (a, spans) in docs.items() if d != 4 for s, e in spans}
    assert {k for k, _, _ in got} & (templates - {None})  # template keys are indexed too


def _check_0006(conn, docs) -> None:
    """The page columns arrive empty; a page note fits."""
    rows = conn.execute(text("SELECT modified_at, language, authors, page_text FROM documents")).all()
    assert len(rows) == len(docs) and {tuple(r) for r in rows} == {(None, None, None, None)}
    assert {f for (f,) in conn.execute(text("SELECT found_in FROM licence_notes"))} == {None}
    conn.execute(
        text(
            "INSERT INTO licence_notes (id, document_id, spdx, notice, origin, found_in, created_at) "
            "VALUES (9, 1, 'CC-BY-3.0', 'CC BY 3.0', 'page', 'a[rel=license]', '2026-12-03 12:00:00')"
        )
    )
    conn.execute(text("DELETE FROM licence_notes WHERE id = 9"))


# Two articles of another publisher an hour apart, with text beyond ASCII (the views cut sentences by
# characters, as Python's offsets count them), a match of theirs and their edge.
AGENCY = [
    "Zürich’s council — «a first» — approved the 東京 exchange on Friday.",
    "The vote, officials said, was unanimous.",
]
REWRITE = [
    "Officials said the vote was unanimous.",
    "Zürich’s council — «a first» — approved the 東京 exchange.",
]


def _fill_after_0007(conn, docs) -> None:
    conn.execute(text("INSERT INTO publishers (id, name, noncommercial) VALUES (2, 'Agence Zürich', false)"))
    for doc_id, lines, title, publisher, when in (
        (6, AGENCY, "Council «approves» exchange", 2, "2022-10-16 09:30:00.250000"),
        (7, REWRITE, "A unanimous vote", None, "2022-10-16 10:29:59.999999"),
    ):
        article = "\n".join(lines)
        spans = _line_spans(lines)
        docs[doc_id] = (article, spans)
        _add_document(
            conn,
            doc_id,
            article,
            spans,
            not_evidence=set(),
            title=title,
            publisher_id=publisher,
            published_at=when,
        )
    conn.execute(
        text(
            "INSERT INTO matches "
            "(later_id, later_position, earlier_id, earlier_position, kind, score, quote) "
            "VALUES (7, 1, 6, 0, 'near-verbatim', 0.93, false), (7, 0, 6, 1, 'paraphrase', 0.71, false)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO reuse_edges (later_id, earlier_id, matched_sentences, coverage, source_share, "
            "verbatim, near_verbatim, paraphrase, quotes, derivation, detected_at) "
            "VALUES (7, 6, 2, 1.0, 1.0, 0, 1, 1, 0, 'wholly-derived', '2026-12-03 12:00:07')"
        )
    )


def _check_0008(conn, docs) -> None:
    """The views show every match with both sentences' text and every edge with both documents' titles,
    publishers and the direction ``direction_basis`` gives their dates."""
    from sqlalchemy import select

    from provenance.match.direction import direction_basis
    from provenance.store.models import documents, publishers

    meta = {
        r.id: r
        for r in conn.execute(
            select(documents.c.id, documents.c.title, documents.c.published_at, publishers.c.name).outerjoin(
                publishers, publishers.c.id == documents.c.publisher_id
            )
        )
    }

    def sentence(doc_id: int, position: int) -> str:
        article, spans = docs[doc_id]
        start, end = spans[position]
        return article[start:end]

    matches = conn.execute(text("SELECT * FROM matches")).mappings().all()
    want = {
        (
            m["later_id"], meta[m["later_id"]].title, m["later_position"], sentence(m["later_id"], m["later_position"]),
            m["earlier_id"], meta[m["earlier_id"]].title, m["earlier_position"],
            sentence(m["earlier_id"], m["earlier_position"]), m["kind"], m["score"], bool(m["quote"]),
        )
        for m in matches
    }  # fmt: skip
    got = conn.execute(
        text(
            "SELECT later_id, later_title, later_position, later_sentence, earlier_id, earlier_title, "
            "earlier_position, earlier_sentence, kind, score, quote FROM v_matches"
        )
    ).all()
    assert len(got) == len(matches) == 4
    assert {(*r[:10], bool(r[10])) for r in got} == want
    assert (7, "A unanimous vote", 1, REWRITE[1], 6, "Council «approves» exchange", 0, AGENCY[0]) in {
        r[:8] for r in got
    }
    edges = conn.execute(text("SELECT * FROM reuse_edges")).mappings().all()
    want_edges = {
        (
            e["later_id"], meta[e["later_id"]].title, meta[e["later_id"]].name,
            e["earlier_id"], meta[e["earlier_id"]].title, meta[e["earlier_id"]].name,
            e["matched_sentences"], e["coverage"], e["source_share"], e["derivation"],
            direction_basis(meta[e["later_id"]].published_at, meta[e["earlier_id"]].published_at),
        )
        for e in edges
    }  # fmt: skip
    got_edges = conn.execute(
        text(
            "SELECT later_id, later_title, later_publisher, earlier_id, earlier_title, earlier_publisher, "
            "matched_sentences, coverage, source_share, derivation, direction FROM v_edges"
        )
    ).all()
    assert len(got_edges) == len(edges) == 2 and {tuple(r) for r in got_edges} == want_edges
    assert {(r[0], r[-1]) for r in got_edges} == {(2, "by-date"), (7, "uncertain")}


FILL = {
    "0001": _fill_after_0001,
    "0002": _fill_after_0002,
    "0003": _fill_after_0003,
    "0004": _fill_after_0004,
    "0007": _fill_after_0007,
}
CHECK = {
    "0002": _check_0002,
    "0003": _check_0003,
    "0004": _check_0004,
    "0005": _check_0005,
    "0006": _check_0006,
    "0008": _check_0008,
}


def _snapshot(conn) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows (sorted), but Alembic's own."""
    out = {}
    for table in inspect(conn).get_table_names():
        if table == "alembic_version":
            continue
        rows = conn.execute(text(f'SELECT * FROM "{table}"'))
        columns = list(rows.keys())
        out[table] = (columns, sorted((tuple(r) for r in rows), key=repr))
    return out


def _intact(before, after, rewritten: set[str]) -> None:
    """Rows of ``before`` are in ``after`` with the same values (columns added by the revision aside)."""
    for table, (columns, rows) in before.items():
        if table in rewritten:
            continue
        assert table in after, f"table {table} dropped"
        new_columns, new_rows = after[table]
        keep = [new_columns.index(c) for c in columns]
        assert sorted((tuple(r[i] for i in keep) for r in new_rows), key=repr) == rows, table


def test_replay_base_to_head_keeps_the_data_of_every_revision(db_url):
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    order = [rev.revision for rev in reversed(list(script.walk_revisions("base", "heads")))]
    assert set(FILL) | set(CHECK) | set(REWRITES) <= set(order)
    engine = make_engine(db_url)
    docs: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    before: dict = {}
    for revision in order:
        upgrade(engine, revision)
        assert current_revision(engine) == revision
        with engine.begin() as conn:
            after = _snapshot(conn)
            _intact(before, after, REWRITES.get(revision, set()))
            if revision in CHECK:
                CHECK[revision](conn, docs)
            if revision in FILL:
                FILL[revision](conn, docs)
            before = _snapshot(conn)
    assert current_revision(engine) == head_revision() and len(docs) == 7


# --- frozen: the revisions use no live code, and the frozen rules are those of their commits -------

THIRD_PARTY = {"alembic", "sqlalchemy", "license_expression", "icu"}
"""Libraries a revision or frozen module may import (beside the standard library): never the project."""


def _imported(tree: ast.AST) -> list[str]:
    """Every module an ``import``, ``from ... import`` or ``import_module("...")`` in ``tree`` names."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                out.append(node.args[0].value)
    return out


@pytest.mark.parametrize("path", REVISION_FILES + FROZEN_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_revisions_import_no_project_code(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name in _imported(tree):
        root = name.split(".")[0]
        assert root != "provenance", (
            f"{path.name} imports {name}: load a module of migrations/frozen/ instead"
        )
        assert root in sys.stdlib_module_names or root in THIRD_PARTY, f"{path.name} imports {name}"
    if path.parent.name == "versions":
        loaded = [
            node.args[0].value
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_frozen"
        ]
        for name in loaded:
            assert (MIGRATIONS / "frozen" / f"{name}.py").is_file(), f"{path.name} loads a missing {name}"


SENTENCES = [
    "Amir-Abdollahian said Iraq’s security is vital to Iran.",
    "The 2022 World Cup in Qatar drew 3.4 million fans, FIFA said on Sunday.",
    "Write to the newsroom of The Daily Post; we read every message.",
    REPEATED,
]


def test_frozen_keys_of_0002_are_those_of_9226912():
    """sentence_keys(normalise(s)) at 9226912, the commit that added revision 0002."""
    assert [R0002.sentence_keys(R0002.normalise(s)) for s in SENTENCES] == [
        [9194471106707567414],
        [-2409353803231641439],
        [-2951271921206727285],
        [3537587985106798692],
    ]


def test_frozen_keys_of_0005_are_pinned():
    """0005's keys of a sentence (sentence_keys of its normal form, then template_key), pinned: a change
    of the live rule must not reach the revision. The first two sentences have no template key by
    0d2c037's rule, which 0005 carries (more than two runs of names and figures); by 7f98d85's they had."""
    assert [R0005.index_keys(s) for s in SENTENCES] == [
        [9194471106707567414, -6396612571390192582, 5722874223292475103, -2998738801193546743,
         -4712288613755818275, -8406375636439553846, -1504028733664737692],
        [-2409353803231641439, -2645948426549688284, -5413762465802916051, -7783195320172906970,
         7197552058265745774, 6283217191511025147, -7977661704047993052],
        [-2951271921206727285, 4909742957394052158, -2100118093530464858, -7995349783621250832,
         -1662157666321272992, 4916018322897119814, -4215199724647824769, 8697052082804202058],
        [3537587985106798692, -4690372572598684236, 1602672956793515198, 6108535755570893736,
         8609017079662650864, 7386412094852189129, 358727199800291404],
    ]  # fmt: skip


def test_the_head_revision_indexes_what_ingest_writes():
    """A store upgraded to head holds the keys today's ingest writes, so old and new documents find each
    other. When this fails, the key rules changed: add a revision (with its own frozen module) that
    rebuilds the keys, rather than editing 0005's."""
    from provenance.prepare import new_sentence
    from provenance.store.engine import head_revision
    from provenance.text import segment

    # 0008 adds views only: the key rule of the head is still 0007's
    assert head_revision() == "0008", "a new head: point this test at its frozen key rule"
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))] + SENTENCES
    checked = 0
    for body in texts:
        for s in segment(body):
            made = new_sentence(0, body, s.start, s.end)
            assert set(R0007.index_keys(s.text)) == set(made.keys) | ({made.template} - {None}), s.text
            checked += 1
    assert checked > 30


def test_frozen_evidence_of_0004_is_that_of_ccd3f98():
    """non_evidence_positions at ccd3f98: the source line, licence notice, photo credit and dash credit."""
    article = "\n".join(CREDITED)
    assert sorted(R0004.non_evidence_positions(article, _line_spans(CREDITED))) == CREDITED_NOT_EVIDENCE
    assert R0004.non_evidence_positions("No notice here. Nor here.", [(0, 15), (16, 25)]) == frozenset()
