"""The candidate index: which stored sentences share keys with these.

Detection asks the index only what :class:`CandidateIndex` declares, so that another index can be put
behind it without touching candidate ranking (``provenance.match.candidates``) or alignment. Today's
index is :class:`SqlKeyIndex`: the ``sentence_keys`` table of the store, whose primary key
``(key, document_id, position)`` is the lookup index, with ``common_keys`` for keys too common to be
evidence (their postings are dropped, so no lookup reads more than ``max_key_postings`` rows a key).
Its rows are written in the same transaction as the documents they point at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Protocol, cast

from sqlalchemy import Connection, delete, func, insert, select

from provenance.match.candidates import Posting
from provenance.store.bulk import bulk_insert, chunks, rows_with_keys
from provenance.store.models import common_keys, sentence_keys
from provenance.store.records import NewSentence

DETECTION_LOCK = 0x70726F7631  # PostgreSQL advisory lock of the detection phase ("prov1")
POSTING_COLUMNS = ("key", "document_id", "position")


class CandidateIndex(Protocol):
    """What detection needs of a candidate index. Keys are signed 64-bit integers; a posting is
    (key, document id, position) of a stored sentence holding the key."""

    def lock(self) -> None:
        """Hold the index for detection until the end of the transaction (one detecting writer at a time)."""

    def add(self, postings: Sequence[Posting]) -> None:
        """Postings of documents just written in this transaction."""

    def common(self, keys: Iterable[int]) -> dict[int, int]:
        """Of these keys, those entered as too common, each with the postings it had then."""

    def mark_common(self, postings: Mapping[int, int]) -> None:
        """Enter keys as too common (key -> postings held) and drop their postings."""

    def counts(self, keys: Iterable[int]) -> dict[int, int]:
        """For each of these keys held by a stored sentence: the sentences holding it."""

    def document_counts(self, keys: Iterable[int]) -> dict[int, int]:
        """For each of these keys: the stored documents holding it (a common key: its postings then)."""

    def postings(self, keys: Iterable[int], *, per_key: int | None = None) -> list[Posting]:
        """The postings of these keys: all, or for each key the ``per_key`` first stored."""

    def sweep(self, max_postings: int) -> int:
        """Enter every key held by more than ``max_postings`` sentences as common. Returns how many."""

    def sentences_with_keys(self, keys: Iterable[int], *, max_postings: int) -> list[tuple[int, int]]:
        """(document_id, position) of sentences sharing any key that has at most ``max_postings`` postings."""

    def remove(self, doc_id: int, keys: Iterable[int]) -> int:
        """Drop the postings of document ``doc_id`` under these keys (every key its sentences hold, as
        ``postings_of`` gives them: postings are found by key). Returns how many were dropped. A key
        entered as common stays common (the other documents' postings of it are gone for good)."""


def postings_of(doc_id: int, sentences: Iterable[NewSentence], common: Collection[int] = ()) -> list[Posting]:
    """The postings a new document gets: every candidate key and template key of its sentences that are
    evidence (a licence notice or credit line needs none), except keys known to be too common."""
    return [
        (key, doc_id, s.position)
        for s in sentences
        if s.evidence
        for key in {*s.keys, s.template} - {None}
        if key is not None and key not in common
    ]


class SqlKeyIndex:
    """The candidate index in the store's own tables (``sentence_keys``, ``common_keys``)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def lock(self) -> None:
        """On PostgreSQL a transaction-level advisory lock serialises detection: the documents of the
        other transactions commit only after their own detection, so every committed document has been
        compared with those before it. SQLite has one writer at a time: the transaction holds the write
        lock already."""
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({DETECTION_LOCK})")

    def add(self, postings: Sequence[Posting]) -> None:
        bulk_insert(
            self.conn, sentence_keys, POSTING_COLUMNS, sorted(postings)
        )  # sorted: pages filled in order

    def common(self, keys: Iterable[int]) -> dict[int, int]:
        sql = "SELECT key, postings FROM common_keys WHERE key IN ({keys})"
        return dict(cast(list[tuple[int, int]], rows_with_keys(self.conn, sql, keys)))

    def mark_common(self, postings: Mapping[int, int]) -> None:
        if not postings:
            return
        known = self.common(postings)
        fresh = sorted(k for k in postings if k not in known)
        if fresh:
            self.conn.execute(insert(common_keys), [{"key": k, "postings": postings[k]} for k in fresh])
        for chunk in chunks(sorted(postings)):
            self.conn.execute(delete(sentence_keys).where(sentence_keys.c.key.in_(chunk)))

    def sweep(self, max_postings: int) -> int:
        """For a store filled without detection (which marks common keys as it meets them)."""
        k = sentence_keys.c
        query = select(k.key, func.count()).group_by(k.key).having(func.count() > max_postings)
        found = {key: n for key, n in self.conn.execute(query)}
        self.mark_common(found)
        return len(found)

    def counts(self, keys: Iterable[int]) -> dict[int, int]:
        """Counted in the index (the documents holding a key cost a third more: ``document_counts``)."""
        sql = "SELECT key, count(*) FROM sentence_keys WHERE key IN ({keys}) GROUP BY key"
        return dict(cast(list[tuple[int, int]], rows_with_keys(self.conn, sql, keys)))

    def document_counts(self, keys: Iterable[int]) -> dict[int, int]:
        """Read from the keys' postings (every sentence's fingerprint is one of its keys), so at most
        ``max_key_postings`` rows per key; a key entered in ``common_keys`` counts as the sentences that
        held it then (a sentence repeated in a document counts twice there)."""
        sql = (  # one statement: a round trip less on PostgreSQL (report makes few statements)
            "SELECT key, postings, 1 FROM common_keys WHERE key IN ({keys}) UNION ALL "
            "SELECT key, count(DISTINCT document_id), 0 FROM sentence_keys WHERE key IN ({keys}) GROUP BY key"
        )
        out: dict[int, int] = {}
        for key, n, is_common in rows_with_keys(self.conn, sql, keys):
            if (
                is_common or key not in out
            ):  # a common key's postings may not be dropped yet: it counts as common
                out[key] = n
        return out

    def postings(self, keys: Iterable[int], *, per_key: int | None = None) -> list[Posting]:
        """``per_key``: the first stored are those of the lowest document ids (the earliest ingested)."""
        if per_key is None:
            sql = "SELECT key, document_id, position FROM sentence_keys WHERE key IN ({keys})"
        else:
            sql = (
                "SELECT key, document_id, position FROM (SELECT key, document_id, position, row_number() OVER "
                "(PARTITION BY key ORDER BY document_id, position) AS n FROM sentence_keys WHERE key IN ({keys})) "
                f"AS t WHERE n <= {int(per_key)}"
            )
        return cast(list[Posting], rows_with_keys(self.conn, sql, keys))  # rows are (key, document, position)

    def sentences_with_keys(self, keys: Iterable[int], *, max_postings: int) -> list[tuple[int, int]]:
        """(document_id, position) of sentences sharing any key that has at most ``max_postings`` postings."""
        wanted = set(keys)
        wanted -= set(self.common(wanted))
        found = self.postings(wanted)
        per_key = Counter(key for key, _, _ in found)
        return sorted({(d, p) for key, d, p in found if per_key[key] <= max_postings})

    def remove(self, doc_id: int, keys: Iterable[int]) -> int:
        """By primary key ``(key, document_id, ...)``: no scan of the table."""
        k = sentence_keys.c
        dropped = 0
        for chunk in chunks(sorted(set(keys))):
            query = delete(sentence_keys).where(k.key.in_(chunk), k.document_id == doc_id)
            dropped += self.conn.execute(query).rowcount
        return dropped
