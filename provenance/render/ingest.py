"""What an ingest did, and the store's schema revision, as text."""

from __future__ import annotations

from provenance.render.escape import one_line
from provenance.render.registry import register
from provenance.render.table import counted
from provenance.results import IngestSummary, SchemaState


@register("table", IngestSummary)
def ingest_text(summary: IngestSummary) -> str:
    lines = []
    for r in summary.results:
        where = one_line(f"{r.source}{'#' + str(r.line) if r.line else ''}")
        if r.status == "stored":
            lines.append(f"stored   {r.document_id:>6}  {where}  ({r.sentences} sentences)")
        elif r.status == "present":
            lines.append(f"present  {r.document_id:>6}  {where}  (already stored)")
    lines.append(
        f"{summary.stored} stored, {summary.present} already present, {summary.failed} failed, "
        f"{summary.skipped} skipped; {summary.sentences} sentences; "
        f"{counted(summary.edges, 'new reuse edge')}, {counted(summary.notes, 'licence note')} recorded"
        + (f"; {counted(summary.warnings, 'warning')}" if summary.warnings else "")
    )
    return "\n".join(lines)


@register("table", SchemaState)
def schema_text(state: SchemaState) -> str:
    return f"store: {state.store or 'empty'}  code: {state.code}"
