"""Render plain result objects as text tables or JSON. Knows nothing of the store."""

from provenance.render.json import to_json, to_jsonable
from provenance.render.table import table

__all__ = ["table", "to_json", "to_jsonable"]
