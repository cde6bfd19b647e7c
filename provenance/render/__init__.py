"""Render plain result objects (``provenance.results``) as text: tables for people, JSON for tools, and
the other formats in the registry. Knows nothing of the store.

>>> from provenance.render import formats_for, render
>>> from provenance.results import SchemaState
>>> formats_for(SchemaState)
['table', 'json']
"""

from provenance.render import (  # noqa: F401  (each registers its renderers)
    check,
    documents,
    edit,
    graph,
    html,
    ingest,
    licences,
    reuse,
    search,
    stats,
    tabular,
)
from provenance.render.json import to_json, to_jsonable
from provenance.render.registry import formats_for, register, render
from provenance.render import escape
from provenance.render.table import table

__all__ = ["escape", "formats_for", "register", "render", "table", "to_json", "to_jsonable"]
