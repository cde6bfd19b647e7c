"""The product, importable: everything the CLI does, a Python caller can do from here."""

from provenance.api.audit import audit
from provenance.api.check import check, check_store
from provenance.api.documents import docs, show
from provenance.api.edit import delete_document, set_document
from provenance.api.graph import graph
from provenance.api.index import check_engine_name, rebuild_index
from provenance.api.ingest import ingest, ingest_articles, ingest_text
from provenance.api.licences import alias_publisher, list_licences, publishers, set_licence, set_publisher
from provenance.api.pages import report_page
from provenance.api.reports import compare, compare_files, report, trace
from provenance.api.schema import downgrade_schema, schema_state, upgrade_schema
from provenance.api.search import search, search_file
from provenance.api.stats import stats
from provenance.match import DetectConfig, MatchConfig
from provenance.readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_SENTENCES, count_inputs, parse_datetime
from provenance.store import Store


def open_store(url: str | None = None, *, read_only: bool = False, index: str | None = None) -> Store:
    """Open (and on first use create) the store at ``url``, ``$PROVENANCE_DB`` or ./provenance.db.

    ``read_only``: write nothing, create nothing (the store must exist at the code's revision).
    ``index``: the candidate index, ``"sql"`` or ``"lmdb"`` (SQLite only; see README, "The candidate
    index"); None: ``$PROVENANCE_INDEX``, else the store's own."""
    check_engine_name(index)
    return Store(url, read_only=read_only, index=index)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_SENTENCES",
    "DetectConfig",
    "MatchConfig",
    "Store",
    "alias_publisher",
    "audit",
    "check",
    "check_store",
    "compare",
    "compare_files",
    "count_inputs",
    "delete_document",
    "docs",
    "downgrade_schema",
    "graph",
    "rebuild_index",
    "ingest",
    "ingest_articles",
    "ingest_text",
    "list_licences",
    "open_store",
    "parse_datetime",
    "publishers",
    "report",
    "report_page",
    "schema_state",
    "search",
    "search_file",
    "set_document",
    "set_licence",
    "set_publisher",
    "show",
    "stats",
    "trace",
    "upgrade_schema",
]
