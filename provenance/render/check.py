"""What ``provenance check`` found, as text: one line per problem, ``check: KIND: what``, then a summary."""

from __future__ import annotations

from provenance.render.registry import register
from provenance.render.table import counted
from provenance.results import IndexRebuild, StoreCheck, StoreProblem


def problem_line(p: StoreProblem, *, repair: bool) -> str:
    """``check: KIND: what``, with what became of it under ``--repair`` (or what to do by hand)."""
    line = f"check: {p.kind}: {p.message}"
    if p.repaired:
        return f"{line} (repaired)"
    if p.by_hand:
        return f"{line} (--repair cannot fix this: {p.by_hand})"
    return f"{line} (still there after --repair)" if repair else line


@register("table", StoreCheck)
def check_text(found: StoreCheck) -> str:
    lines = [problem_line(p, repair=found.repair) for p in found.problems]
    left = sum(1 for p in found.problems if not p.repaired)
    what = (
        f"{found.store} (revision {found.revision or 'none'}, {counted(found.documents, 'document')}, "
        f"{counted(found.edges, 'edge')})"
    )
    if not found.problems:
        lines.append(f"{what}: sound")
    elif left:
        fixable = sum(1 for p in found.problems if not p.repaired and not p.by_hand)
        hint = (
            f" (`provenance check --repair` rebuilds {fixable} of them)"
            if fixable and not found.repair
            else ""
        )
        lines.append(f"{what}: {counted(left, 'problem')}{hint}")
    else:
        lines.append(f"{what}: sound after repair of {counted(len(found.problems), 'problem')}")
    return "\n".join(lines)


@register("table", IndexRebuild)
def rebuild_text(found: IndexRebuild) -> str:
    where = f" at {found.path}" if found.path else ""
    switched = f"; the store now uses the {found.engine} index" if found.switched else ""
    return (
        f"{found.store}: {found.engine} index{where} rebuilt from {counted(found.documents, 'document')}, "
        f"{counted(found.postings, 'posting')}{switched}"
    )
