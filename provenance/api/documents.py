"""Read-side API for documents: list them, show one."""

from __future__ import annotations

from provenance.results import DocumentDetail, DocumentList
from provenance.store import Store, queries


def docs(store: Store, *, limit: int | None = None, offset: int = 0) -> DocumentList:
    """Stored documents in ingest order."""
    with store.read() as conn:
        return DocumentList(queries.list_documents(conn, limit=limit, offset=offset))


def show(store: Store, ref: str | int) -> DocumentDetail:
    """One document with its licences and sentences. ``ref``: id, ingested path, or unique file name."""
    with store.read() as conn:
        return queries.document_detail(conn, queries.resolve_document(conn, str(ref)))
