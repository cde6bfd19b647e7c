"""Plain-text tables for terminals: left-aligned columns, long cells shortened with an ellipsis, or
(the columns named in ``wrap``) wrapped whole to fit the terminal's width.

A cell may be :class:`Styled`: runs of text with rich styles (the differing words of a pair, a
dimmed sentence). With colour (:func:`colour_enabled`: standard output is a terminal, unless
``NO_COLOR`` is set; ``FORCE_COLOR`` forces it) the runs are shown in their styles, as ANSI SGR codes
rendered by rich, and wrapped by their visible text; without, the cell's ``plain`` text is shown.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from rich.color import ColorSystem
from rich.style import Style

from provenance.render import escape

MIN_WRAP = 16  # a wrapped column is never narrower than this

_COLOUR: ContextVar[bool | None] = ContextVar("colour", default=None)


def counted(n: int, what: str, plural: str | None = None) -> str:
    """``1 edge``, ``2 edges``: a count with its noun (``plural`` when adding an s is wrong)."""
    return f"{n:,} {what if n == 1 else plural or what + 's'}"


def colour_enabled() -> bool:
    """Whether tables are drawn in colour: standard output is a terminal (not ``TERM=dumb``), unless
    ``NO_COLOR`` is set or colour is switched off (:func:`without_colour`); ``FORCE_COLOR`` forces it."""
    chosen = _COLOUR.get()
    if chosen is not None:
        return chosen
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


@contextlib.contextmanager
def without_colour() -> Iterator[None]:
    """No colour in what is rendered inside (output written to a file)."""
    token = _COLOUR.set(False)
    try:
        yield
    finally:
        _COLOUR.reset(token)


@dataclass(frozen=True, slots=True)
class Styled:
    """A cell of styled runs ``(text, rich style or None)``; ``plain`` is shown without colour."""

    pieces: tuple[tuple[str, str | None], ...]
    plain: str

    def visible(self) -> tuple[str, list[str | None]]:
        """The text shown in colour, whitespace collapsed as :func:`cell` does, and each character's style."""
        chars: list[tuple[str, str | None]] = []
        for text, style in self.pieces:
            for c in text:
                if c.isspace():
                    if chars and chars[-1][0] != " ":
                        chars.append((" ", style))
                else:
                    chars.append((c, style))
        while chars and chars[-1][0] == " ":
            chars.pop()
        shown = [(e, st) for c, st in chars for e in escape.terminal(c)]  # a control shows as \x1b
        return "".join(c for c, _ in shown), [st for _, st in shown]


def _ansi(text: str, styles: Sequence[str | None]) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and styles[j] == styles[i]:
            j += 1
        style = styles[i]
        out.append(
            text[i:j]
            if style is None
            else Style.parse(style).render(text[i:j], color_system=ColorSystem.STANDARD)
        )
        i = j
    return "".join(out)


def terminal_width() -> int:
    """The terminal's width in columns; 80 when the output is not a terminal (``$COLUMNS`` wins)."""
    return shutil.get_terminal_size((80, 24)).columns


def cell(value: object, width: int | None = None) -> str:
    if isinstance(value, Styled):
        value = value.plain
    if value is None:
        text = "-"
    elif isinstance(value, datetime):
        text = (
            value.strftime("%Y-%m-%d %H:%M")
            if (value.hour, value.minute) != (0, 0)
            else value.strftime("%Y-%m-%d")
        )
    elif isinstance(value, float):
        text = f"{value:.2f}"
    else:
        text = escape.terminal(" ".join(str(value).split()))  # stored text: controls shown, not obeyed
    if width is not None and len(text) > width:
        text = text[: max(width - 1, 1)] + "…"
    return text


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    max_width: int = 60,
    wrap: Sequence[int] = (),
    width: int | None = None,
) -> str:
    """Render rows under headers; every cell is shortened to ``max_width`` characters, except those
    of the columns in ``wrap``, which are never cut: they share what the other columns leave of
    ``width`` (default: :func:`terminal_width`) and wrap at word boundaries, a row taking as many
    lines as its longest cell needs."""
    if any(isinstance(v, Styled) for row in rows for v in row) and colour_enabled():
        return _coloured(headers, rows, set(wrap), width or terminal_width(), max_width)
    if wrap:
        return _wrapped(headers, rows, set(wrap), width or terminal_width())
    cells = [[cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def _wrapped(headers: Sequence[str], rows: Sequence[Sequence[object]], wrap: set[int], width: int) -> str:
    cells = [[cell(v) for v in row] for row in rows]
    natural = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    fixed = sum(w for i, w in enumerate(natural) if i not in wrap) + 2 * (len(headers) - 1)
    share = max(MIN_WRAP, (width - fixed) // len(wrap))
    widths = [min(w, share) if i in wrap else w for i, w in enumerate(natural)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in cells:
        parts = [
            textwrap.wrap(c, w, break_long_words=False, break_on_hyphens=False) or [""] if i in wrap else [c]
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        for k in range(max(len(p) for p in parts)):
            lines.append(
                "  ".join(
                    (p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths, strict=True)
                ).rstrip()
            )
    return "\n".join(lines)


def _coloured(
    headers: Sequence[str], rows: Sequence[Sequence[object]], wrap: set[int], width: int, max_width: int
) -> str:
    """:func:`_wrapped` over each cell's visible text and its characters' styles."""
    cells: list[list[tuple[str, list[str | None]]]] = []
    for row in rows:
        line = []
        for i, v in enumerate(row):
            if isinstance(v, Styled):
                line.append(v.visible())
            else:
                text = cell(v, None if i in wrap else max_width)
                line.append((text, [None] * len(text)))
        cells.append(line)
    natural = [max([len(h)] + [len(r[i][0]) for r in cells]) for i, h in enumerate(headers)]
    fixed = sum(w for i, w in enumerate(natural) if i not in wrap) + 2 * (len(headers) - 1)
    share = max(MIN_WRAP, (width - fixed) // len(wrap)) if wrap else 0
    widths = [min(w, share) if i in wrap else w for i, w in enumerate(natural)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in cells:
        parts: list[list[tuple[str, list[str | None]]]] = []
        for i, ((text, styles), w) in enumerate(zip(row, widths, strict=True)):
            if i not in wrap:
                parts.append([(text, styles)])
                continue
            pieces, offset = [], 0
            for part in textwrap.wrap(text, w, break_long_words=False, break_on_hyphens=False):
                start = text.index(part, offset)
                pieces.append((part, styles[start : start + len(part)]))
                offset = start + len(part)
            parts.append(pieces or [("", [])])
        for k in range(max(len(p) for p in parts)):
            text_line, style_line = "", []
            for n, (p, w) in enumerate(zip(parts, widths, strict=True)):
                t, st = p[k] if k < len(p) else ("", [])
                sep = "  " if n else ""
                text_line += sep + t.ljust(w)
                style_line += [None] * len(sep) + list(st) + [None] * (w - len(t) if w > len(t) else 0)
            stripped = text_line.rstrip()
            lines.append(_ansi(stripped, style_line[: len(stripped)]))
    return "\n".join(lines)
