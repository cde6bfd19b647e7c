"""Read queries: document lookup, listings, one document with its sentences."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, Select, select

from provenance.errors import NotFoundError, UsageError
from provenance.licences.precedence import note_rank
from provenance.results import DocumentDetail, DocumentRef, DocumentSummary, LicenceView, SentenceView
from provenance.store import validate
from provenance.store.bulk import chunks
from provenance.store.models import documents, licence_notes, publishers, sentences

_SUMMARY_COLUMNS = (
    documents.c.id,
    documents.c.title,
    documents.c.name,
    documents.c.source,
    documents.c.url,
    publishers.c.name.label("publisher"),
    documents.c.published_at,
    documents.c.ingested_at,
    documents.c.sentence_count,
)


def _summary(row: Row[Any]) -> DocumentSummary:
    return DocumentSummary(
        id=row.id,
        title=row.title,
        name=row.name,
        path=row.source,
        url=row.url,
        publisher=row.publisher,
        published_at=row.published_at,
        ingested_at=row.ingested_at,
        sentences=row.sentence_count,
    )


def _summary_query() -> Select[Any]:
    return select(*_SUMMARY_COLUMNS).select_from(documents.outerjoin(publishers))


def resolve_document(conn: Connection, ref: str) -> int:
    """The id of the document named by ``ref``: its id, the path it was ingested from, or its unique file name."""
    ref = validate.reference(ref.strip())
    as_id = validate.document_id(ref)
    if as_id is not None:
        found = conn.execute(select(documents.c.id).where(documents.c.id == as_id)).scalar()
        if found is None:
            raise NotFoundError(f"no document with id {ref}")
        return found
    paths = {ref, str(Path(ref).expanduser().resolve())}
    found = (
        conn.execute(select(documents.c.id).where(documents.c.source.in_(paths)).order_by(documents.c.id))
        .scalars()
        .first()
    )
    if found is not None:
        return found
    ids = (
        conn.execute(
            select(documents.c.id).where(documents.c.name == Path(ref).name).order_by(documents.c.id)
        )
        .scalars()
        .all()
    )
    if not ids:
        raise NotFoundError(f"no document with id, path or file name {ref!r}")
    if len(ids) > 1:
        raise UsageError(
            f"{len(ids)} documents are named {Path(ref).name!r} (ids {', '.join(map(str, ids))}): give the id or the path"
        )
    return ids[0]


def list_documents(conn: Connection, *, limit: int | None = None, offset: int = 0) -> list[DocumentSummary]:
    query = _summary_query().order_by(documents.c.id).offset(validate.rows(offset))
    if limit is not None:
        query = query.limit(validate.rows(limit))
    return [_summary(row) for row in conn.execute(query)]


def document_summary(conn: Connection, doc_id: int) -> DocumentSummary:
    row = conn.execute(_summary_query().where(documents.c.id == doc_id)).one_or_none()
    if row is None:
        raise NotFoundError(f"no document with id {doc_id}")
    return _summary(row)


def document_summaries(conn: Connection, doc_ids: Iterable[int]) -> dict[int, DocumentSummary]:
    """Summaries of several documents at once (those that exist)."""
    wanted = sorted(set(doc_ids))
    out: dict[int, DocumentSummary] = {}
    for chunk in chunks(wanted):
        rows = conn.execute(_summary_query().where(documents.c.id.in_(chunk)))
        out.update((r.id, _summary(r)) for r in rows)
    return out


def publisher_ids(conn: Connection, doc_ids: Iterable[int]) -> dict[int, int | None]:
    """The publisher id of each of these documents (None: no publisher)."""
    out: dict[int, int | None] = {}
    for chunk in chunks(sorted(set(doc_ids))):
        query = select(documents.c.id, documents.c.publisher_id).where(documents.c.id.in_(chunk))
        out.update((doc_id, pub) for doc_id, pub in conn.execute(query))
    return out


def document_ref(summary: DocumentSummary) -> DocumentRef:
    return DocumentRef(
        id=summary.id, title=summary.title, path=summary.path, published_at=summary.published_at
    )


def document_licences(conn: Connection, doc_id: int, publisher_id: int | None) -> list[LicenceView]:
    """Licence notes of a document, then those of its publisher (precedence order)."""
    owner = licence_notes.c.document_id == doc_id
    if publisher_id is not None:
        owner = owner | (licence_notes.c.publisher_id == publisher_id)
    rows = conn.execute(select(licence_notes).where(owner).order_by(licence_notes.c.id)).all()
    rows = sorted(
        rows,
        key=lambda r: note_rank(
            "document" if r.document_id is not None else "publisher", r.origin, r.spdx, r.id
        ),
    )
    return [
        LicenceView(
            spdx=r.spdx,
            holder=r.holder,
            origin=r.origin,
            scope="document" if r.document_id is not None else "publisher",
            url=r.url,
            notice=r.notice,
            start=r.start,
            end=r.end,
        )
        for r in rows
    ]


def document_detail(conn: Connection, doc_id: int) -> DocumentDetail:
    doc = conn.execute(select(documents).where(documents.c.id == doc_id)).one_or_none()
    if doc is None:
        raise NotFoundError(f"no document with id {doc_id}")
    text = doc.text
    rows = conn.execute(
        select(sentences.c.position, sentences.c.start, sentences.c.end, sentences.c.fingerprint)
        .where(sentences.c.document_id == doc_id)
        .order_by(sentences.c.position)
    )
    views = [
        SentenceView(
            position=p, start=s, end=e, text=text[s:e], fingerprint=f"{fp & 0xFFFFFFFFFFFFFFFF:016x}"
        )
        for p, s, e, fp in rows
    ]
    return DocumentDetail(
        document=document_summary(conn, doc_id),
        sha256=doc.sha256,
        encoding=doc.encoding,
        format=doc.format,
        licences=document_licences(conn, doc_id, doc.publisher_id),
        sentences=views,
    )


def page_texts(conn: Connection, doc_ids: Iterable[int]) -> dict[int, str]:
    """Each document's page credit and licence lines (``documents.page_text``); "" when it has none."""
    out: dict[int, str] = {}
    for chunk in chunks(sorted(set(doc_ids))):
        query = select(documents.c.id, documents.c.page_text).where(documents.c.id.in_(chunk))
        out.update((doc_id, text or "") for doc_id, text in conn.execute(query))
    return out
