"""Documents and their sentences: the batch write of ingest, and the reads detection and reports need.

The write path is SQLAlchemy Core with many rows per statement (``bulk``), no ORM unit of work.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Row, delete, insert, select, update

from provenance.store import licences
from provenance.store.bulk import bulk_insert, chunks, rows_with_keys
from provenance.store.models import documents, licence_notes, publisher_aliases, publishers, sentences
from provenance.store.records import NewDocument, StoredDocument, StoredSentence

SENTENCE_COLUMNS = ("document_id", "position", "start", "end", "fingerprint", "evidence")


@dataclass(frozen=True, slots=True)
class WrittenBatch:
    """What ``write_batch`` did with each document given, in order."""

    ids: list[int]  # its document id: stored now, or the one that already held the same text
    stored: list[bool]  # stored now (False: the same SHA-256 was stored before, or earlier in this batch)

    def new(self) -> list[tuple[int, int]]:
        """(index in the batch, document id) of the documents stored now."""
        return [
            (i, doc_id) for i, (doc_id, fresh) in enumerate(zip(self.ids, self.stored, strict=True)) if fresh
        ]


def existing_hashes(conn: Connection, hashes: Iterable[str]) -> dict[str, int]:
    """Map each SHA-256 already stored to its document id."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(hashes))):
        rows = conn.execute(select(documents.c.sha256, documents.c.id).where(documents.c.sha256.in_(chunk)))
        found.update((sha, doc_id) for sha, doc_id in rows)
    return found


def write_batch(conn: Connection, docs: Sequence[NewDocument]) -> WrittenBatch:
    """Write a batch of documents whole: the documents, their sentences, detected licence notes and
    declared licences, creating unknown publishers. A text already stored (same SHA-256), or given
    twice in the batch, is written once. The caller owns the transaction."""
    known = existing_hashes(conn, (d.sha256 for d in docs))
    publisher_ids: dict[str, int] = {}
    fresh: list[tuple[int, NewDocument]] = []
    in_batch: set[str] = set()
    for i, d in enumerate(docs):
        if d.sha256 in known or d.sha256 in in_batch:
            continue
        in_batch.add(d.sha256)
        if d.publisher and d.publisher not in publisher_ids:
            publisher_ids[d.publisher] = licences.publisher_id(conn, d.publisher)
        fresh.append((i, d))
    new_ids = insert_documents(conn, [d for _, d in fresh], publisher_ids)
    for (_, d), doc_id in zip(fresh, new_ids, strict=True):
        known[d.sha256] = doc_id
        licences.insert_detected(conn, doc_id, d.notes, d.ingested_at)
        if d.licence:
            licences.replace_declared(
                conn, spdx=d.licence, created_at=d.ingested_at, document_id=doc_id, notice=d.licence_value
            )
    stored = {i for i, _ in fresh}
    return WrittenBatch(ids=[known[d.sha256] for d in docs], stored=[i in stored for i in range(len(docs))])


def insert_documents(
    conn: Connection, docs: Sequence[NewDocument], publisher_ids: dict[str, int] | None = None
) -> list[int]:
    """Insert documents and all their sentences; return the new ids in the order given."""
    if not docs:
        return []
    publisher_ids = publisher_ids or {}
    rows = [
        {
            "source": d.source,
            "name": d.name,
            "title": d.title,
            "url": d.url,
            "publisher_id": publisher_ids.get(d.publisher) if d.publisher else None,
            "published_at": d.published_at,
            "ingested_at": d.ingested_at,
            "sha256": d.sha256,
            "encoding": d.encoding,
            "format": d.format,
            "sentence_count": len(d.sentences),
            "text": d.text,
            "modified_at": d.modified_at,
            "language": d.language,
            "authors": json.dumps(list(d.authors), ensure_ascii=False) if d.authors else None,
            "page_text": d.page_text,
        }
        for d in docs
    ]
    query = insert(documents).returning(documents.c.id, sort_by_parameter_order=True)
    ids = list(conn.execute(query, rows).scalars())
    sentence_rows = [
        (doc_id, s.position, s.start, s.end, s.fingerprint, s.evidence)
        for doc_id, d in zip(ids, docs, strict=True)
        for s in d.sentences
    ]
    bulk_insert(conn, sentences, SENTENCE_COLUMNS, sentence_rows)
    return ids


def load_documents(conn: Connection, doc_ids: Iterable[int]) -> dict[int, StoredDocument]:
    """Documents with their sentences' offsets and fingerprints."""
    wanted = sorted(set(doc_ids))
    out: dict[int, StoredDocument] = {}
    columns = (documents.c.id, documents.c.published_at, documents.c.text)
    for chunk in chunks(wanted):
        for row in conn.execute(select(*columns).where(documents.c.id.in_(chunk))):
            out[row.id] = StoredDocument(row.id, row.published_at, row.text, [])
    rows = rows_with_keys(
        conn,
        'SELECT document_id, position, start, "end", fingerprint, evidence FROM sentences '
        "WHERE document_id IN ({keys}) ORDER BY document_id, position",
        wanted,
    )
    for doc_id, position, start, end, fp, evidence in rows:
        out[doc_id].sentences.append(StoredSentence(position, start, end, fp, bool(evidence)))
    return out


def sentences_with_fingerprint(conn: Connection, fingerprint: int) -> list[tuple[int, int]]:
    """(document_id, position) of every stored sentence with this exact fingerprint."""
    query = select(sentences.c.document_id, sentences.c.position).where(
        sentences.c.fingerprint == fingerprint
    )
    return [(d, p) for d, p in conn.execute(query)]


# --- correcting and deleting a document (``provenance.api.edit``) ------------------------------------


def document_metadata(conn: Connection, doc_id: int) -> Row[Any] | None:
    """The metadata ``provenance set`` can change: title, url, publisher_id, published_at (None: no such document)."""
    c = documents.c
    query = select(c.id, c.title, c.url, c.publisher_id, c.published_at).where(c.id == doc_id)
    return cast("Row[Any] | None", conn.execute(query).one_or_none())


def update_metadata(conn: Connection, doc_id: int, values: Mapping[str, object]) -> None:
    """Set these columns (title, url, publisher_id, published_at) of one document."""
    if values:
        conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))


def delete_rows(conn: Connection, doc_id: int) -> dict[str, int]:
    """Delete a document's own rows: its licence notes, its sentences and the document. Returns the
    rows deleted per table. Matches and edges (``store.edges.delete_edges_of``) and postings
    (``reuse.SqlKeyIndex.remove``) go first; the foreign keys would cascade to them, scanning for them."""
    removed = {
        "licence_notes": conn.execute(
            delete(licence_notes).where(licence_notes.c.document_id == doc_id)
        ).rowcount,
        "sentences": conn.execute(delete(sentences).where(sentences.c.document_id == doc_id)).rowcount,
    }
    removed["documents"] = conn.execute(delete(documents).where(documents.c.id == doc_id)).rowcount
    return removed


def drop_unused_publisher(conn: Connection, publisher_id: int) -> tuple[str, int] | None:
    """Delete a publisher as ingest created it, once no document refers to it: no licence note, no
    alias but its own name, not marked non-commercial. Returns (its name, aliases deleted), or None
    when it stays (a user's declaration, alias or flag keeps it, whoever made it)."""
    p, a = publishers.c, publisher_aliases.c
    row = conn.execute(select(p.name, p.noncommercial).where(p.id == publisher_id)).one_or_none()
    if row is None or row.noncommercial:
        return None
    used = select(documents.c.id).where(documents.c.publisher_id == publisher_id).limit(1)
    noted = select(licence_notes.c.id).where(licence_notes.c.publisher_id == publisher_id).limit(1)
    if conn.execute(used).first() is not None or conn.execute(noted).first() is not None:
        return None
    names = conn.execute(select(a.alias).where(a.publisher_id == publisher_id)).scalars().all()
    if any(name != row.name for name in names):
        return None
    aliases = conn.execute(delete(publisher_aliases).where(a.publisher_id == publisher_id)).rowcount
    conn.execute(delete(publishers).where(p.id == publisher_id))
    return row.name, aliases
