"""Names and ids as the store takes them, checked before any SQL, the same on both engines.

PostgreSQL refuses a string longer than its ``VARCHAR(n)`` column and any text with a NUL character;
SQLite takes both. An integer id beyond the column's range is a bind error on either. So every name or
id a caller gives is checked here first, with a clear error, whatever the engine.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from provenance.errors import NotFoundError, UsageError
from provenance.store.models import publishers

ID_MAX = 2**31 - 1  # documents.id and publishers.id are INTEGER: 32 bits on PostgreSQL
ROWS_MAX = 2**62  # a LIMIT or OFFSET beyond every store's size, inside both engines' 64-bit range


def _control(value: str) -> str | None:
    """The first control character of ``value`` (NUL, a line break, an escape ...), as U+XXXX."""
    for ch in value:
        if unicodedata.category(ch) == "Cc":
            return f"U+{ord(ch):04X}"
    return None


def name(value: str, what: str, max_length: int) -> str:
    """A name (a publisher's, an alias): stripped, not empty, no control character, at most
    ``max_length`` characters (its column's VARCHAR). Raises UsageError naming ``what``."""
    cleaned = value.strip()
    if not cleaned:
        raise UsageError(f"{what} is empty")
    bad = _control(cleaned)
    if bad:
        raise UsageError(f"{what} {cleaned[:60]!r} contains a control character ({bad})")
    if len(cleaned) > max_length:
        raise UsageError(f"{what} is {len(cleaned)} characters; at most {max_length}")
    return cleaned


def text(value: str | None, what: str, max_length: int | None = None) -> str | None:
    """A free text (a title, a url, a holder): no NUL character (no SQL text column takes one on
    PostgreSQL), at most ``max_length`` characters when its column has a limit."""
    if value is None:
        return None
    if "\x00" in value:
        raise UsageError(f"{what} contains a NUL character (U+0000)")
    if max_length is not None and len(value) > max_length:
        raise UsageError(f"{what} is {len(value)} characters; at most {max_length}")
    return value


def document_id(ref: str) -> int | None:
    """The id ``ref`` names when it is one (ASCII digits: "١" is a name, not an id), else None.
    Raises NotFoundError for an id no store can hold (beyond the column's range)."""
    if not (ref.isascii() and ref.isdigit()):
        return None
    if len(ref) > 12 or int(ref) > ID_MAX:
        raise NotFoundError(f"no document with id {ref[:30]}{'...' if len(ref) > 30 else ''}")
    return int(ref)


def reference(ref: str, what: str = "document") -> str:
    """A document reference (id, path or file name) that can be looked up: no NUL character."""
    if "\x00" in ref:
        raise NotFoundError(f"no {what} with id, path or file name {ref!r}")
    return ref


def rows(n: int) -> int:
    """A LIMIT or OFFSET the engines can bind (a larger one means the same: every row)."""
    return min(n, ROWS_MAX)


def overrides(values: Mapping[str, Any]) -> dict[str, Any]:
    """Ingest's options (``publisher=``, ``title=``, ``url=``, ``licence=``: they override every
    article's metadata), checked as ``set`` and ``licence set`` check theirs: a publisher name as
    :func:`name`, the others free of NUL. Other keys and None values pass unchanged."""
    out = dict(values)
    for key, value in values.items():
        if not isinstance(value, str):
            continue
        if key == "publisher":
            out[key] = name(value, "publisher name", length(publishers.c.name))
        elif key in ("title", "url", "licence"):
            out[key] = text(value, key)
    return out


def length(column: Any) -> int:
    """The VARCHAR length of a model's column."""
    found = getattr(column.type, "length", None)
    assert isinstance(found, int), column
    return found
