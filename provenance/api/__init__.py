"""The product, importable: everything the CLI does, a Python caller can do from here."""

from provenance.api.audit import audit
from provenance.api.documents import docs, show
from provenance.api.ingest import ingest, ingest_articles, ingest_text
from provenance.api.licences import alias_publisher, list_licences, publishers, set_licence, set_publisher
from provenance.api.reports import compare, report, trace
from provenance.store import Store


def open_store(url: str | None = None) -> Store:
    """Open (and on first use create) the store at ``url``, ``$PROVENANCE_DB`` or ./provenance.db."""
    return Store(url)


__all__ = [
    "Store",
    "alias_publisher",
    "audit",
    "compare",
    "docs",
    "ingest",
    "ingest_articles",
    "ingest_text",
    "list_licences",
    "open_store",
    "publishers",
    "report",
    "set_licence",
    "set_publisher",
    "show",
    "trace",
]
