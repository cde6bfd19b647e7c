"""`provenance graph`."""

from __future__ import annotations

from pathlib import Path

import typer

from provenance import api
from provenance.cli.common import format_option, handle_errors, open_store
from provenance.cli.read_progress import ReadProgress
from provenance.cli.reports import emit, output_option
from provenance.results import ReuseGraph


@handle_errors
def graph_cmd(
    ctx: typer.Context,
    format: str = format_option(ReuseGraph),
    out: Path | None = output_option(),
    with_audit: bool = typer.Option(
        True, "--audit/--no-audit", help="Give each edge the audit's verdict (the slow part on a big store)."
    ),
) -> None:
    """The store as a graph: documents (publisher, date, licence) and reuse edges (coverage, kinds,
    role, audit verdict), for graph tools (graphml, dot, prov-json) and spreadsheets (csv: the edges)."""
    with open_store(ctx) as store, ReadProgress() as progress:
        found = api.graph(store, with_audit=with_audit, progress=progress)
    emit(found, format, out)
