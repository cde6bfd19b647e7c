"""The product, importable: everything the CLI does, a Python caller can do from here."""

from provenance.api.documents import docs, show
from provenance.api.ingest import ingest, ingest_articles, ingest_text
from provenance.api.reports import compare, report, trace
from provenance.store import Store


def open_store(url: str | None = None) -> Store:
    """Open (and on first use create) the store at ``url``, ``$PROVENANCE_DB`` or ./provenance.db."""
    return Store(url)


__all__ = ["Store", "compare", "docs", "ingest", "ingest_articles", "ingest_text", "open_store", "report", "show", "trace"]
