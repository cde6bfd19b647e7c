"""Plain-text tables for terminals: left-aligned columns, long cells shortened with an ellipsis."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime


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


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, max_width: int = 60) -> str:
    """Render rows under headers; every cell is shortened to ``max_width`` characters."""
    cells = [[cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)
