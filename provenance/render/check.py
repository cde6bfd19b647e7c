"""What ``provenance check`` found, as text: one line per problem, or that the store is sound."""

from __future__ import annotations

from provenance.render.registry import register
from provenance.results import StoreCheck


@register("table", StoreCheck)
def check_text(found: StoreCheck) -> str:
    lines = []
    for p in found.problems:
        mark = "repaired: " if p.repaired else ""
        lines.append(f"{mark}{p.kind}: {p.message}")
    left = sum(1 for p in found.problems if not p.repaired)
    what = f"{found.store} (revision {found.revision or 'none'}, {found.documents} documents)"
    if not found.problems:
        lines.append(f"{what}: sound")
    elif left:
        hint = "" if found.repair else " (`provenance check --repair` rebuilds what is derived)"
        lines.append(f"{what}: {left} problems{hint}")
    else:
        lines.append(f"{what}: sound after repair of {len(found.problems)} problems")
    return "\n".join(lines)
