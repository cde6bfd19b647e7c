"""Bulk writes on the ingest path: SQLAlchemy Core, many rows per statement, no ORM unit of work."""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from provenance.store.bulk import bulk_insert
from provenance.store.licences import find_publisher
from provenance.store.models import Document, Publisher, PublisherAlias, Sentence, SentenceKey
from provenance.text import normalise

documents = Document.__table__
sentences = Sentence.__table__
publishers = Publisher.__table__
aliases = PublisherAlias.__table__
sentence_keys = SentenceKey.__table__


@dataclass(frozen=True, slots=True)
class NewSentence:
    position: int
    start: int
    end: int
    fingerprint: int
    keys: tuple[int, ...] = ()  # candidate-index keys (provenance.match.sentence_keys)
    evidence: bool = True  # False for a licence notice or credit line
    template: int | None = None  # provenance.match.keys.template_key: counted for boilerplate, never a link


@dataclass(frozen=True, slots=True)
class NewDocument:
    source: str
    name: str
    title: str | None
    url: str | None
    publisher_id: int | None
    published_at: datetime | None
    ingested_at: datetime
    sha256: str
    encoding: str
    format: str
    text: str
    sentences: Sequence[NewSentence]


def existing_hashes(conn: Connection, hashes: Iterable[str]) -> dict[str, int]:
    """Map each SHA-256 already stored to its document id."""
    wanted = list(set(hashes))
    found: dict[str, int] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        found.update(
            conn.execute(
                select(documents.c.sha256, documents.c.id).where(documents.c.sha256.in_(chunk))
            ).all()
        )
    return found


def publisher_id(conn: Connection, name: str) -> int:
    """The id of the publisher called ``name`` (or aliased so), created when unknown."""
    found = find_publisher(conn, name)
    if found is None:
        found = conn.execute(
            insert(publishers).values(name=name, noncommercial=False).returning(publishers.c.id)
        ).scalar_one()
        conn.execute(insert(aliases).values(publisher_id=found, alias=name, key=normalise(name)))
    return found


def insert_documents(
    conn: Connection, docs: Sequence[NewDocument], *, common_keys: Container[int] = frozenset()
) -> list[int]:
    """Insert documents, all their sentences and sentence keys; return the new ids in the order given.

    Keys in ``common_keys`` (too common to be evidence, ``provenance.store.reuse.common_keys``) and the
    keys of sentences that are not evidence (licence notices, credit lines) get no posting.
    """
    if not docs:
        return []
    rows = [
        {
            "source": d.source,
            "name": d.name,
            "title": d.title,
            "url": d.url,
            "publisher_id": d.publisher_id,
            "published_at": d.published_at,
            "ingested_at": d.ingested_at,
            "sha256": d.sha256,
            "encoding": d.encoding,
            "format": d.format,
            "sentence_count": len(d.sentences),
            "text": d.text,
        }
        for d in docs
    ]
    ids = list(
        conn.execute(
            insert(documents).returning(documents.c.id, sort_by_parameter_order=True), rows
        ).scalars()
    )
    sentence_rows = [
        (doc_id, s.position, s.start, s.end, s.fingerprint, s.evidence)
        for doc_id, d in zip(ids, docs, strict=True)
        for s in d.sentences
    ]
    columns = ("document_id", "position", "start", "end", "fingerprint", "evidence")
    bulk_insert(conn, sentences, columns, sentence_rows)
    key_rows = sorted(  # sorted keys: index pages filled in order
        (key, doc_id, s.position)
        for doc_id, d in zip(ids, docs, strict=True)
        for s in d.sentences
        if s.evidence  # a licence notice or credit line is never evidence: it needs no candidate key
        for key in {*s.keys, s.template} - {None}
        if key not in common_keys
    )
    bulk_insert(conn, sentence_keys, ("key", "document_id", "position"), key_rows)
    return ids
