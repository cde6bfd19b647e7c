"""Reads and writes of reuse detection: candidate keys, sentence matches, reuse edges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select

from provenance.store.bulk import bulk_insert
from provenance.store.models import CommonKey, Document, ReuseEdge, Sentence, SentenceKey, SentenceMatch

documents = Document.__table__
sentences = Sentence.__table__
sentence_keys = SentenceKey.__table__
matches = SentenceMatch.__table__
edges = ReuseEdge.__table__
common = CommonKey.__table__

_CHUNK = 500


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


@dataclass(frozen=True, slots=True)
class StoredSentence:
    position: int
    start: int
    end: int
    fingerprint: int
    evidence: bool = True  # False for a licence notice or a credit line


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: int
    published_at: datetime | None
    text: str
    sentences: list[StoredSentence]


DETECTION_LOCK = 0x70726F7631  # PostgreSQL advisory lock of the detection phase ("prov1")


def lock_detection(conn: Connection) -> None:
    """Hold the store's detection lock until the end of this transaction.

    Detection compares the articles of a transaction with every committed one, so two transactions
    must not detect at once: on PostgreSQL a transaction-level advisory lock serialises them (the
    documents of the others commit only after their own detection, so every committed document has
    been compared with those before it). SQLite has one writer at a time: the transaction holds the
    write lock already.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({DETECTION_LOCK})")


def _rows_with_keys(conn: Connection, sql: str, keys: Iterable[int]) -> list[tuple]:
    """Rows of ``sql`` with ``{keys}`` replaced by chunks of these integer keys, as plain tuples.

    The hot lookups of detection: the keys (our own 64-bit integers, never user text) are written into
    the statement and the rows read from the driver's cursor, without SQLAlchemy's per-row work.
    """
    wanted = sorted({int(k) for k in keys})
    out: list[tuple] = []
    if not wanted:
        return out
    cursor = conn.connection.cursor()
    try:
        for chunk in _chunks(wanted):
            cursor.execute(sql.format(keys=",".join(map(str, chunk))))
            out.extend(cursor.fetchall())
    finally:
        cursor.close()
    return out


def common_keys(conn: Connection, keys: Iterable[int]) -> dict[int, int]:
    """Which of these keys are too common to be evidence, each with its postings when it was found so."""
    return dict(_rows_with_keys(conn, "SELECT key, postings FROM common_keys WHERE key IN ({keys})", keys))


def mark_common(conn: Connection, postings: dict[int, int]) -> None:
    """Enter keys found too common (key -> postings) in ``common_keys`` and drop their postings."""
    if not postings:
        return
    known = common_keys(conn, postings)
    fresh = sorted(k for k in postings if k not in known)
    if fresh:
        conn.execute(insert(common), [{"key": k, "postings": postings[k]} for k in fresh])
    for chunk in _chunks(sorted(postings)):
        conn.execute(delete(sentence_keys).where(sentence_keys.c.key.in_(chunk)))


def sweep_common(conn: Connection, max_postings: int) -> int:
    """Enter every key held by more than ``max_postings`` sentences in ``common_keys``; drop its postings.

    For a store filled without detection (which marks common keys as it meets them). Returns the keys entered.
    """
    k = sentence_keys.c
    found = dict(
        conn.execute(select(k.key, func.count()).group_by(k.key).having(func.count() > max_postings)).all()
    )
    mark_common(conn, found)
    return len(found)


def fingerprint_document_counts(conn: Connection, fingerprints: Iterable[int]) -> dict[int, int]:
    """For each fingerprint, in how many stored documents it occurs.

    Read from the fingerprint's postings in ``sentence_keys`` (every sentence's fingerprint is one of
    its keys), so at most ``max_key_postings`` rows per fingerprint; one entered in ``common_keys``
    counts as the sentences that held it then (a sentence repeated in a document counts twice there).
    """
    sql = (  # one statement: a round trip less on PostgreSQL (report makes few statements)
        "SELECT key, postings, 1 FROM common_keys WHERE key IN ({keys}) UNION ALL "
        "SELECT key, count(DISTINCT document_id), 0 FROM sentence_keys WHERE key IN ({keys}) GROUP BY key"
    )
    out: dict[int, int] = {}
    for key, n, is_common in _rows_with_keys(conn, sql, fingerprints):
        if is_common or key not in out:  # a common key's postings may not be dropped yet: it counts as common
            out[key] = n
    return out


def key_counts(conn: Connection, keys: Iterable[int]) -> dict[int, int]:
    """For each key held by a stored sentence: the sentences holding it, counted in the index.

    (The documents holding a key cost a third more to count: ``fingerprint_document_counts``.)
    """
    return dict(
        _rows_with_keys(
            conn, "SELECT key, count(*) FROM sentence_keys WHERE key IN ({keys}) GROUP BY key", keys
        )
    )


def key_postings(
    conn: Connection, keys: Iterable[int], *, per_key: int | None = None
) -> list[tuple[int, int, int]]:
    """(key, document_id, position) of the stored sentences holding these keys: all of them, or for each
    key the ``per_key`` first stored (lowest document ids: the earliest ingested)."""
    if per_key is None:
        return _rows_with_keys(
            conn, "SELECT key, document_id, position FROM sentence_keys WHERE key IN ({keys})", keys
        )
    sql = (
        "SELECT key, document_id, position FROM (SELECT key, document_id, position, row_number() OVER "
        "(PARTITION BY key ORDER BY document_id, position) AS n FROM sentence_keys WHERE key IN ({keys})) AS t "
        f"WHERE n <= {int(per_key)}"
    )
    return _rows_with_keys(conn, sql, keys)


def load_documents(conn: Connection, doc_ids: Iterable[int]) -> dict[int, StoredDocument]:
    """Documents with their sentences' offsets and fingerprints."""
    wanted = sorted(set(doc_ids))
    out: dict[int, StoredDocument] = {}
    for chunk in _chunks(wanted):
        for row in conn.execute(
            select(documents.c.id, documents.c.published_at, documents.c.text).where(
                documents.c.id.in_(chunk)
            )
        ):
            out[row.id] = StoredDocument(row.id, row.published_at, row.text, [])
    rows = _rows_with_keys(
        conn,
        'SELECT document_id, position, start, "end", fingerprint, evidence FROM sentences '
        "WHERE document_id IN ({keys}) ORDER BY document_id, position",
        wanted,
    )
    for doc_id, position, start, end, fp, evidence in rows:
        out[doc_id].sentences.append(StoredSentence(position, start, end, fp, bool(evidence)))
    return out


MATCH_COLUMNS = ("later_id", "later_position", "earlier_id", "earlier_position", "kind", "score", "quote")


def insert_matches(conn: Connection, rows: Sequence[tuple]) -> None:
    """Sentence matches as tuples in ``MATCH_COLUMNS`` order."""
    bulk_insert(conn, matches, MATCH_COLUMNS, rows)


def insert_edge(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(insert(edges).values(**row))


def edges_of(conn: Connection, doc_id: int) -> list[Any]:
    """Reuse edges in which ``doc_id`` is the later or the earlier article."""
    query = select(edges).where(or_(edges.c.later_id == doc_id, edges.c.earlier_id == doc_id))
    return list(conn.execute(query.order_by(edges.c.coverage.desc(), edges.c.later_id, edges.c.earlier_id)))


def all_edges(conn: Connection) -> list[Any]:
    return list(conn.execute(select(edges).order_by(edges.c.later_id, edges.c.earlier_id)))


def matches_between(conn: Connection, later_id: int, earlier_id: int) -> list[Any]:
    query = (
        select(matches)
        .where(matches.c.later_id == later_id, matches.c.earlier_id == earlier_id)
        .order_by(matches.c.later_position, matches.c.earlier_position)
    )
    return list(conn.execute(query))


def matches_of(conn: Connection, doc_id: int) -> dict[tuple[int, int], list[Any]]:
    """Every match in which ``doc_id`` is the later or the earlier article, by (later_id, earlier_id)."""
    out: dict[tuple[int, int], list[Any]] = {}
    query = (
        select(matches)
        .where(or_(matches.c.later_id == doc_id, matches.c.earlier_id == doc_id))
        .order_by(
            matches.c.later_id, matches.c.earlier_id, matches.c.later_position, matches.c.earlier_position
        )
    )
    for row in conn.execute(query):
        out.setdefault((row.later_id, row.earlier_id), []).append(row)
    return out


def sentences_with_fingerprint(conn: Connection, fingerprint: int) -> list[tuple[int, int]]:
    """(document_id, position) of every stored sentence with this exact fingerprint."""
    query = select(sentences.c.document_id, sentences.c.position).where(
        sentences.c.fingerprint == fingerprint
    )
    return [tuple(r) for r in conn.execute(query)]


def sentences_with_keys(conn: Connection, keys: Iterable[int], *, max_postings: int) -> list[tuple[int, int]]:
    """(document_id, position) of sentences sharing any key that has at most ``max_postings`` postings."""
    wanted = set(keys)
    wanted -= set(common_keys(conn, wanted))
    postings = key_postings(conn, wanted)
    per_key = Counter(key for key, _, _ in postings)
    return sorted({(d, p) for key, d, p in postings if per_key[key] <= max_postings})
