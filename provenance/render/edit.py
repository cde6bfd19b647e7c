"""What ``provenance set`` and ``provenance delete`` changed, as text."""

from __future__ import annotations

from provenance.render.registry import register
from provenance.render.table import cell, counted, table
from provenance.results import DocumentDeletion, DocumentEdit, DocumentRef, EdgeChange, EdgeState


def _name(d: DocumentRef) -> str:
    return f"document {d.id} ({d.title or d.path})"


def _edge(e: EdgeState | None) -> str:
    if e is None:
        return "-"
    return f"#{e.later} reuses #{e.earlier}: {e.derivation}, coverage {e.coverage:.2f}, {e.matched_sentences} sentences"


def _edges(changes: list[EdgeChange]) -> str:
    rows = [(c.change, f"#{c.document.id}", _edge(c.before), _edge(c.after)) for c in changes]
    return table(["CHANGE", "WITH", "BEFORE", "NOW"], rows, max_width=70)


@register("table", DocumentEdit)
def edit_text(edit: DocumentEdit) -> str:
    lines = [f"{_name(edit.document)}:"]
    for c in edit.changes:
        lines.append(f"  {c.name}: {cell(c.before)} -> {cell(c.after)}")
    if edit.publisher_removed:
        lines.append(f"  publisher {edit.publisher_removed!r} deleted: no other document has it")
    if edit.redetected:
        lines.append(
            f"reuse detected again: {counted(len(edit.edges), 'edge')} changed, {edit.edges_unchanged} unchanged"
        )
        if edit.edges:
            lines.append(_edges(edit.edges))
    return "\n".join(lines)


@register("table", DocumentDeletion)
def deletion_text(gone: DocumentDeletion) -> str:
    rows = ", ".join(f"{n} {table_name}" for table_name, n in gone.removed.items() if n)
    lines = [f"deleted {_name(gone.document)}: {rows}"]
    if gone.publisher_removed:
        lines.append(f"  publisher {gone.publisher_removed!r} deleted: no other document has it")
    if gone.common_keys_kept:
        lines.append(
            f"  {gone.common_keys_kept} of its keys stay in common_keys (a key once common stays common)"
        )
    if gone.edges:
        lines.append(_edges(gone.edges))
    return "\n".join(lines)
