"""Render plain result objects (``provenance.results``) as text: tables for people, JSON for tools, and
the other formats in the registry. Knows nothing of the store.

>>> from provenance.render import formats_for, render
>>> from provenance.results import SchemaState
>>> formats_for(SchemaState)
['table', 'json']
"""

# each registers its renderers
from provenance.render import (  # noqa: F401
    check,  # noqa: F401
    documents,  # noqa: F401
    edit,  # noqa: F401
    graph,  # noqa: F401
    html,  # noqa: F401
    ingest,  # noqa: F401
    licences,  # noqa: F401
    reuse,  # noqa: F401
    search,  # noqa: F401
    stats,  # noqa: F401
    tabular,  # noqa: F401
)
from provenance.render.json import to_json, to_jsonable
from provenance.render.registry import formats_for, register, render
from provenance.render import escape
from provenance.render.table import table

__all__ = ["escape", "formats_for", "register", "render", "table", "to_json", "to_jsonable"]
