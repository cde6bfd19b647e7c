"""One registry of output formats: every command asks it to render its result in the format asked for.

A renderer turns one kind of result object (``provenance.results``) into text. ``register("table",
Report)`` adds one for a kind; ``register("json")`` one for every kind. A new format is one entry here,
not an edit to every command (the shape of datasette's ``register_output_renderer``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from provenance.errors import UsageError
from provenance.render import escape

Renderer = Callable[[Any], str]
R = TypeVar("R", bound=Renderer)

_FOR_KIND: dict[str, dict[type, Renderer]] = {}  # format -> result type -> renderer
_FOR_ALL: dict[str, Renderer] = {}  # formats that render every result type
_ORDER: list[str] = []  # formats in the order registered (the first is the default)


_SELF_ESCAPED: set[Renderer] = set()  # renderers that escape stored text themselves


def register(fmt: str, *kinds: type, escapes: bool = False) -> Callable[[R], R]:
    """Register the decorated function as the ``fmt`` renderer of ``kinds`` (none: of every kind).

    ``escapes``: the renderer escapes every stored text it shows itself (a table in colour, whose
    escape codes are its own), so its output is not escaped again as a whole."""

    def decorate(func: R) -> R:
        if escapes:
            _SELF_ESCAPED.add(func)
        if fmt not in _ORDER:
            _ORDER.append(fmt)
        if kinds:
            for kind in kinds:
                _FOR_KIND.setdefault(fmt, {})[kind] = func
        else:
            _FOR_ALL[fmt] = func
        return func

    return decorate


def _renderer(kind: type, fmt: str) -> Renderer | None:
    by_kind = _FOR_KIND.get(fmt, {})
    for base in kind.__mro__:
        if base in by_kind:
            return by_kind[base]
    return _FOR_ALL.get(fmt)


def formats_for(kind: type) -> list[str]:
    """The formats a result of this type can be rendered in, in registration order."""
    return [fmt for fmt in _ORDER if _renderer(kind, fmt) is not None]


def render(value: object, fmt: str) -> str:
    """``value`` rendered in format ``fmt`` (text without a final newline)."""
    found = _renderer(type(value), fmt)
    if found is None:
        choices = ", ".join(formats_for(type(value)))
        raise UsageError(f"no {fmt!r} output for {type(value).__name__} (choose from {choices})")
    if found in _SELF_ESCAPED:
        return found(value)
    return _ESCAPE.get(fmt, _as_is)(found(value))


def _as_is(text: str) -> str:
    return text


# Whole outputs escaped for where they are shown (markdown and html escape each stored text themselves).
_ESCAPE: dict[str, Callable[[str], str]] = {
    "table": escape.terminal,
    "json": escape.json_text,
    "ndjson": escape.json_text,
}
