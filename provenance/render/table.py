"""Plain-text tables for terminals: left-aligned columns, long cells shortened with an ellipsis, or
(the columns named in ``wrap``) wrapped whole to fit the terminal's width."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from datetime import datetime

MIN_WRAP = 16  # a wrapped column is never narrower than this


def terminal_width() -> int:
    """The terminal's width in columns; 80 when the output is not a terminal (``$COLUMNS`` wins)."""
    return shutil.get_terminal_size((80, 24)).columns


def cell(value: object, width: int | None = None) -> str:
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
        text = " ".join(str(value).split())
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
