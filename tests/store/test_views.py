"""The store's SQL views (revision 0008): ``v_matches`` and ``v_edges`` read as a SQL client shows them.

Opened as datasette or psql would (SQLite's own ``sqlite3`` module on the file, read-only; psycopg on
PostgreSQL: no SQLAlchemy, no provenance code), their rows are those of ``provenance report --format
json``; ``v_edges.direction`` is ``direction_basis`` of the two dates on both engines, the edges of the
window and of date-only days included.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import make_url

from provenance.match.direction import DIRECTION_WINDOW, direction_basis
from provenance.store import Store
from provenance.store.models import documents, reuse_edges
from tests.conftest import SEED_000, SEED_002

MATCH_COLUMNS = (
    "later_id, later_title, later_position, later_sentence, earlier_id, earlier_title, earlier_position, "
    "earlier_sentence, kind, score, quote"
)
EDGE_COLUMNS = (
    "later_id, later_title, later_publisher, later_published_at, earlier_id, earlier_title, "
    "earlier_publisher, earlier_published_at, matched_sentences, coverage, source_share, verbatim, "
    "near_verbatim, paraphrase, quotes, derivation, direction, detected_at"
)


@contextmanager
def client(url: str) -> Iterator[Any]:
    """A plain DB-API connection, as an SQL client opens the store: ``sqlite3`` read-only, or psycopg."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        conn: Any = sqlite3.connect(f"file:{parsed.database}?mode=ro", uri=True)
    else:
        import psycopg

        conn = psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        yield conn
    finally:
        conn.close()


def rows(conn: Any, sql: str) -> list[dict[str, Any]]:
    cursor = conn.cursor()
    cursor.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def test_the_views_show_the_reports_pairs_and_edge_through_a_plain_client(cli, db_url):
    for seed, title, publisher, when in (
        (SEED_000, "Iran urges Iraq to act", "Tehran Times", "2022-10-15"),
        (SEED_002, "Amir-Abdollahian: «security of Iraq»", "Mehr News Agency", "2022-10-16"),
    ):
        done = cli("ingest", seed, "--title", title, "--publisher", publisher, "--published-at", when)
        assert done.exit_code == 0, done.stderr
    report = json.loads(cli("report", "2", "--format", "json").stdout)
    [source] = report["sources"]
    reused = json.loads(cli("report", "1", "--format", "json").stdout)["reused_by"]
    assert [r["document"]["id"] for r in reused] == [2]

    with client(db_url) as conn:
        edges = rows(conn, f"SELECT {EDGE_COLUMNS} FROM v_edges")
        matches = rows(
            conn, f"SELECT {MATCH_COLUMNS} FROM v_matches ORDER BY later_position, earlier_position"
        )

    [edge] = edges
    assert (edge["later_id"], edge["later_title"], edge["later_publisher"]) == (
        2,
        report["document"]["title"],
        "Mehr News Agency",
    )
    assert (edge["earlier_id"], edge["earlier_title"], edge["earlier_publisher"]) == (
        1,
        source["document"]["title"],
        "Tehran Times",
    )
    assert str(edge["later_published_at"]).startswith("2022-10-16")
    assert str(edge["earlier_published_at"]).startswith("2022-10-15")
    assert {
        "coverage": round(edge["coverage"], 4),
        "source_share": round(edge["source_share"], 4),
        "derivation": edge["derivation"],
        "matched_sentences": edge["matched_sentences"],
        "kinds": {
            "verbatim": edge["verbatim"],
            "near-verbatim": edge["near_verbatim"],
            "paraphrase": edge["paraphrase"],
        },
        "direction": edge["direction"],
    } == {
        k: source[k]
        for k in ("coverage", "source_share", "derivation", "matched_sentences", "kinds", "direction")
    }
    assert edge["quotes"] == sum(m["quote"] for m in source["matches"])

    assert len(matches) == len(source["matches"]) == 12
    assert {(m["later_id"], m["later_title"], m["earlier_id"], m["earlier_title"]) for m in matches} == {
        (2, report["document"]["title"], 1, source["document"]["title"])
    }
    got = [
        (
            m["later_position"],
            m["later_sentence"],
            m["earlier_position"],
            m["earlier_sentence"],
            m["kind"],
            round(m["score"], 4),
            bool(m["quote"]),
        )
        for m in matches
    ]
    want = sorted(
        (
            m["position"],
            m["sentence"],
            m["source_position"],
            m["source_sentence"],
            m["kind"],
            m["score"],
            m["quote"],
        )
        for m in source["matches"]
    )
    assert got == want
    assert any("“" in m["later_sentence"] or "’" in m["earlier_sentence"] for m in matches)  # beyond ASCII


def _date_pairs() -> list[tuple[datetime | None, datetime | None]]:
    """Pairs of publication times on and beside every boundary ``direction_basis`` has, and random ones."""
    day = datetime(2022, 10, 16)
    window, us = DIRECTION_WINDOW, timedelta(microseconds=1)
    noon = day + timedelta(hours=12, seconds=7, microseconds=250_000)
    pairs: list[tuple[datetime | None, datetime | None]] = [(None, None), (day, None), (None, noon)]
    for delta in (timedelta(0), us, window - us, window, window + us, timedelta(hours=5)):
        pairs += [(noon, noon + delta), (noon + delta, noon)]  # two times: the window's edge
    for other in (
        day,  # both date-only, the same day
        day + timedelta(days=1),  # date-only, the next day
        day - timedelta(days=1),
        day + us,  # a time in the day
        day + timedelta(days=1) - us,  # the day's last microsecond
        day + timedelta(hours=23, minutes=30),
        day + timedelta(days=1, microseconds=1),  # just after the day
        day - us,  # just before it
        day - timedelta(minutes=30),
    ):
        pairs += [(day, other), (other, day)]
    for fraction in (us, timedelta(milliseconds=500)):  # midnight and a fraction: a time, not a date
        pairs += [(day + fraction, day + timedelta(hours=2)), (day + timedelta(hours=2), day + fraction)]
    old = datetime(1965, 3, 1, 8, 0, 0, 500_000)  # before 1970: negative seconds
    pairs += [(old, old + window - us), (old, old + window), (datetime(1, 1, 1), datetime(1, 1, 1, 0, 59))]
    rng = random.Random(8)
    for _ in range(400):
        a = day + timedelta(
            seconds=rng.randrange(-3 * 86400, 3 * 86400), microseconds=rng.randrange(1_000_000)
        )
        if rng.random() < 0.3:
            a = a.replace(hour=0, minute=0, second=0, microsecond=0)
        b = a + timedelta(seconds=rng.choice([1, 60, 3600, 86400]) * rng.uniform(-2, 2))
        if rng.random() < 0.3:
            b = b.replace(hour=0, minute=0, second=0, microsecond=0)
        pairs.append((a, b))
    return pairs


def test_the_direction_in_v_edges_is_direction_basis_of_the_two_dates(db_url):
    pairs = _date_pairs()
    docs, edges = [], []
    for i, (later, earlier) in enumerate(pairs):
        for doc_id, when in ((2 * i + 1, earlier), (2 * i + 2, later)):
            docs.append(
                {
                    "id": doc_id,
                    "source": f"/d/{doc_id}",
                    "name": f"{doc_id}.txt",
                    "published_at": when,
                    "ingested_at": datetime(2026, 12, 3),
                    "sha256": f"{doc_id:064d}",
                    "encoding": "utf-8",
                    "format": "txt",
                    "sentence_count": 0,
                    "text": "",
                }
            )
        edges.append(
            {
                "later_id": 2 * i + 2,
                "earlier_id": 2 * i + 1,
                "matched_sentences": 1,
                "coverage": 0.5,
                "source_share": 0.5,
                "verbatim": 1,
                "near_verbatim": 0,
                "paraphrase": 0,
                "quotes": 0,
                "derivation": "partially-derived",
                "detected_at": datetime(2026, 12, 3),
            }
        )
    with Store(db_url) as store:
        with store.engine.begin() as conn:
            conn.execute(insert(documents), docs)
            conn.execute(insert(reuse_edges), edges)
    with client(db_url) as conn:
        got = {r["later_id"]: r["direction"] for r in rows(conn, "SELECT later_id, direction FROM v_edges")}
    want = {2 * i + 2: direction_basis(later, earlier) for i, (later, earlier) in enumerate(pairs)}
    assert got == want
    assert set(want.values()) == {"by-date", "uncertain", "by-ingest-order"}
