"""Revision 0007 re-fingerprints a store of revision 0006 with normalisation version 2, and keeps its data.

The store is filled as the ingest of 0006 wrote it (raw SQL, fingerprints and keys by the frozen rule of
0005): an article, a copy of it hidden by zero-width spaces and Cyrillic letters, Russian text, a credit
line with a hidden character, a sentence held 1,000 times and one hidden copy of it, publisher aliases.
After the upgrade every fingerprint and key is version 2's, the hidden copy fingerprints as the original,
the repeated sentence's keys have become common, and every other row is as it was.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from sqlalchemy import inspect, text

import provenance
from provenance.store.engine import current_revision, downgrade, make_engine, upgrade
from provenance.text import NORMALISATION_VERSION, fingerprint, normalise, segment
from tests.conftest import REPO
from tests.pg_admin import sync_sequences
from tests.text.test_evasion import STORY


def _frozen(name: str) -> ModuleType:
    path = REPO / "migrations" / "frozen" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_test_0007_frozen_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


R0005 = _frozen("r0005_keys")
R0007 = _frozen("r0007_keys")

HIDDEN = re.sub(r"(\w)(?=\w)", "\\1\u200b", STORY).translate(str.maketrans("aoe", "аое"))
RUSSIAN = "Правительство Москвы объявило в среду о закрытии моста. Ремонт займёт не меньше года."
CREDIT = "The bridge will close next spring, the council said.\nSource: We\u200bser Kurier"
WRAPPED = STORY.replace("found corrosion in", "found corro-\nsion in").replace("cables that", "cables\nthat")
REPEATED = "Penguins gather near the frozen harbour every winter morning."
HIDDEN_REPEATED = re.sub(r"(\w)(?=\w)", "\\1\u200d", REPEATED)  # by 0005's rule no key of REPEATED's


def _add_document(conn, doc_id: int, article: str, spans, not_evidence=frozenset()) -> None:
    conn.execute(
        text(
            "INSERT INTO documents (id, source, name, ingested_at, sha256, encoding, format, sentence_count, "
            "text) VALUES (:id, :source, :name, :at, :sha, 'utf-8', 'txt', :n, :text)"
        ),
        {
            "id": doc_id,
            "source": f"/a/{doc_id}.txt",
            "name": f"{doc_id}.txt",
            "at": f"2026-12-01 12:00:{doc_id:02d}",
            "sha": f"{doc_id:064d}",
            "n": len(spans),
            "text": article,
        },
    )
    conn.execute(
        text(
            'INSERT INTO sentences (document_id, position, start, "end", fingerprint, evidence) '
            "VALUES (:d, :p, :s, :e, :f, :ev)"
        ),
        [
            {
                "d": doc_id,
                "p": p,
                "s": s,
                "e": e,
                "f": R0005.fingerprint(R0005.normalise(article[s:e])),
                "ev": p not in not_evidence,
            }
            for p, (s, e) in enumerate(spans)
        ],
    )
    rows = {
        (k, p)
        for p, (s, e) in enumerate(spans)
        if p not in not_evidence
        for k in R0005.index_keys(article[s:e])
    }
    conn.execute(
        text("INSERT INTO sentence_keys (key, document_id, position) VALUES (:k, :d, :p)"),
        [{"k": k, "d": doc_id, "p": p} for k, p in sorted(rows)],
    )


def _spans(article: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in segment(article)]


def _repeated(sentence: str, times: int) -> tuple[str, list[tuple[int, int]]]:
    step = len(sentence) + 1
    return " ".join([sentence] * times), [(i * step, i * step + len(sentence)) for i in range(times)]


DOCS: dict[int, tuple[str, list[tuple[int, int]], frozenset[int]]] = {
    1: (STORY, _spans(STORY), frozenset()),
    2: (HIDDEN, _spans(HIDDEN), frozenset()),
    3: (RUSSIAN, _spans(RUSSIAN), frozenset()),
    4: (CREDIT, [(0, CREDIT.index("\n")), (CREDIT.index("\n") + 1, len(CREDIT))], frozenset({1})),
    5: (*_repeated(REPEATED, 1000), frozenset()),
    6: (*_repeated(HIDDEN_REPEATED, 1), frozenset()),
    7: (WRAPPED, _spans(WRAPPED), frozenset()),
}
ALIASES = [(1, "TT"), (2, "T\u200bT"), (3, "Mеhr")]  # the second becomes the first; a Cyrillic е in the third


def _fill_0006(engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO publishers (id, name, noncommercial) VALUES (1, 'Tehran Times', false)")
        )
        conn.execute(
            text("INSERT INTO publisher_aliases (id, publisher_id, alias, key) VALUES (:i, 1, :a, :k)"),
            [{"i": i, "a": a, "k": R0005.normalise(a)} for i, a in ALIASES],
        )
        for doc_id, (article, spans, not_evidence) in DOCS.items():
            _add_document(conn, doc_id, article, spans, not_evidence)
        conn.execute(
            text(
                "INSERT INTO matches (later_id, later_position, earlier_id, earlier_position, kind, score, "
                "quote) VALUES (2, 0, 1, 0, 'paraphrase', 0.61, false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO reuse_edges (later_id, earlier_id, matched_sentences, coverage, source_share, "
                "verbatim, near_verbatim, paraphrase, quotes, derivation, detected_at) "
                "VALUES (2, 1, 1, 0.17, 0.17, 0, 0, 1, 0, 'partially-derived', '2026-12-01 12:00:02')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO licence_notes (id, document_id, spdx, holder, notice, origin, found_in, created_at) "
                "VALUES (1, 1, 'CC-BY-2.5', 'Wikinews', 'CC BY 2.5', 'page', 'footer', '2026-12-01 12:00:00')"
            )
        )
        sync_sequences(conn)


def _snapshot(conn, tables: list[str]) -> dict[str, list[tuple]]:
    return {
        t: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr) for t in tables
    }


REWRITTEN = {"sentences", "sentence_keys", "common_keys", "publisher_aliases"}


def _fingerprints(conn) -> dict[tuple[int, int], int]:
    rows = conn.execute(text("SELECT document_id, position, fingerprint FROM sentences"))
    return {(d, p): f for d, p, f in rows}


def test_0006_to_0007_refingerprints_and_keeps_the_rest(db_url, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0006")
    _fill_0006(engine)
    with engine.connect() as conn:
        tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        before = _snapshot(conn, tables)
        old = _fingerprints(conn)
    upgrade(engine, "0007")
    assert current_revision(engine) == "0007"
    with engine.connect() as conn:
        after = _snapshot(conn, tables)
        for table in set(tables) - REWRITTEN:
            assert after[table] == before[table], table
        got = _fingerprints(conn)
        want = {
            (d, p): R0007.fingerprint(R0007.normalise(article[s:e]))
            for d, (article, spans, _) in DOCS.items()
            for p, (s, e) in enumerate(spans)
        }
        assert got == want
        # the hidden copy now fingerprints as the original, sentence by sentence; the rest did not move
        assert [got[(2, p)] for p in range(len(DOCS[2][1]))] == [got[(1, p)] for p in range(len(DOCS[1][1]))]
        assert got[(2, 0)] != old[(2, 0)] and got[(4, 1)] != old[(4, 1)]
        # a word hyphenated across a line end (ASCII) is joined: the sentence is the original's
        assert old[(7, 1)] != old[(1, 1)] and got[(7, 1)] == got[(1, 1)]
        assert {k: v for k, v in got.items() if k[0] in (1, 3, 5)} == {
            k: v for k, v in old.items() if k[0] in (1, 3, 5)
        }
        # keys: version 2's for evidence sentences; the repeated sentence's, now held 1,001 times, common
        common = dict(conn.execute(text("SELECT key, postings FROM common_keys")).all())
        assert common == dict.fromkeys(R0007.index_keys(REPEATED), 1001)
        postings = {
            (k, d, p)
            for d, (article, spans, not_evidence) in DOCS.items()
            for p, (s, e) in enumerate(spans)
            if p not in not_evidence
            for k in R0007.index_keys(article[s:e])
            if k not in common
        }
        assert (
            set(conn.execute(text("SELECT key, document_id, position FROM sentence_keys")).all()) == postings
        )
        aliases = conn.execute(text("SELECT id, alias, key FROM publisher_aliases ORDER BY id")).all()
        assert [tuple(a) for a in aliases] == [(1, "TT", "tt"), (3, "Mеhr", "mehr")]
    # the store is usable: a third hidden copy is found verbatim, from the original through the index
    copy = tmp_path / "copy.txt"
    copy.write_text(
        STORY.replace(" ", " \u2060").replace("o", "ο"), encoding="utf-8"
    )  # word joiners, Greek ο
    upgrade(engine, "head")
    with provenance.open_store(db_url) as store:
        [result] = provenance.ingest(store, [str(copy)]).results
        assert result.document_id is not None
        sources = {s.document.id: s for s in provenance.report(store, result.document_id).sources}
        n = len(DOCS[1][1])
        assert sources[1].kinds["verbatim"] == n and sources[2].kinds["verbatim"] == n


def test_0007_downgrade_restores_the_old_fingerprints(db_url) -> None:
    engine = make_engine(db_url)
    upgrade(engine, "0006")
    _fill_0006(engine)
    with engine.connect() as conn:
        old = _fingerprints(conn)
    upgrade(engine, "0007")
    downgrade(engine, "0006")
    with engine.connect() as conn:
        assert _fingerprints(conn) == old
        aliases = conn.execute(text("SELECT alias, key FROM publisher_aliases ORDER BY id")).all()
        assert [tuple(a) for a in aliases] == [("TT", "tt"), ("Mеhr", R0005.normalise("Mеhr"))]
        keys = set(conn.execute(text("SELECT key, document_id, position FROM sentence_keys")).all())
    assert (R0005.index_keys(HIDDEN[DOCS[2][1][0][0] : DOCS[2][1][0][1]])[0], 2, 0) in keys


PROBE = [
    "Amir-Abdollahian said Iraq’s security is vital to Iran.",
    "wo\u200brd n\u00adumber \u200dx \ufeffy \u202eabc\u202c",
    "Thе саt sat on а mat; pаypаl Іnternational",
    "Правительство Москвы объявило в среду о закрытии моста.",
    "日本語のテキスト, Ελληνικά, العربية, می‌خواهم",
]


def test_normalisation_is_pinned_to_its_version() -> None:
    """The live normalisation is the frozen one of revision 0007 on a probe text. When this fails, the
    rule changed: bump ``NORMALISATION_VERSION`` and add a revision (with its own frozen module) that
    re-fingerprints the store, rather than editing 0007's."""
    assert NORMALISATION_VERSION == 2
    assert [normalise(s) for s in PROBE] == [R0007.normalise(s) for s in PROBE]
    assert [fingerprint(normalise(s)) for s in PROBE] == [
        R0007.fingerprint(R0007.normalise(s)) for s in PROBE
    ]
    assert [R0007.normalise(s) for s in PROBE] == [
        "amir abdollahian said iraq s security is vital to iran",
        "word number x y abc",
        "the cat sat on a mat paypal international",
        "правительство москвы объявило в среду о закрытии моста",
        "日本語のテキスト ελληνικά العربية میخواهم",
    ]
