"""Read-side API for documents: list them, show one; and the check read commands make first."""

from __future__ import annotations

import dataclasses
import json

from sqlalchemy import select

from provenance.api.licences import document_licences
from provenance.results import DocumentDetail, DocumentList
from provenance.store import Store, queries
from provenance.store.engine import require_existing, resolve_url
from provenance.store.models import documents


def require_store(url: str | None = None) -> None:
    """Raise StoreError("no store at PATH (ingest creates one)") when ``url`` (or ``$PROVENANCE_DB``, or
    ./provenance.db) is a SQLite file that does not exist; creates nothing. Other databases pass."""
    require_existing(resolve_url(url))


def docs(store: Store, *, limit: int | None = None, offset: int = 0) -> DocumentList:
    """Stored documents in ingest order."""
    with store.read() as conn:
        return DocumentList(queries.list_documents(conn, limit=limit, offset=offset))


def show(store: Store, ref: str | int) -> DocumentDetail:
    """One document with its page metadata, licence notes (the governing one marked) and sentences.

    ``ref``: id, ingested path, or unique file name."""
    with store.read() as conn:
        doc_id = queries.resolve_document(conn, str(ref))
        detail = queries.document_detail(conn, doc_id)
        c = documents.c
        row = conn.execute(
            select(c.modified_at, c.language, c.authors, c.publisher_id).where(c.id == doc_id)
        ).one()
        return dataclasses.replace(
            detail,
            licences=document_licences(conn, doc_id, row.publisher_id),
            modified_at=row.modified_at,
            language=row.language,
            authors=_authors(row.authors),
        )


def _authors(stored: str | None) -> list[str]:
    """``documents.authors`` (a JSON array of names) as a list; a value that is not one, as one name."""
    if not stored:
        return []
    try:
        found = json.loads(stored)
    except ValueError:
        return [stored]
    if isinstance(found, list):
        return [str(a) for a in found]
    return [str(found)]
