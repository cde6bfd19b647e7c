"""provenance: a text provenance and licence tracker.

>>> import provenance
>>> store = provenance.open_store("sqlite:///news.db")
>>> provenance.ingest(store, ["articles/"]).stored
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {
    "DEFAULT_MAX_BYTES", "DEFAULT_MAX_SENTENCES", "DetectConfig", "MatchConfig", "Store", "alias_publisher", "audit", "check",
    "check_store", "compare",
    "compare_files", "count_inputs", "delete_document", "docs", "downgrade_schema", "graph", "ingest",
    "ingest_articles", "ingest_text", "list_licences", "open_store", "parse_datetime", "publishers",
    "rebuild_index", "report", "report_page", "schema_state", "search", "search_file", "set_document", "set_licence", "set_publisher", "show", "stats", "trace",
    "upgrade_schema",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    # Lazy, so that `import provenance.text` stays light (no SQLAlchemy, no HTML parser).
    if name in _API:
        from provenance import api

        return getattr(api, name)
    raise AttributeError(f"module 'provenance' has no attribute {name!r}")


__all__ = sorted(_API)
