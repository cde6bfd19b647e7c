"""`provenance stats`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from provenance import api
from provenance.cli.common import format_option, handle_errors, open_store
from provenance.cli.read_progress import ReadProgress
from provenance.cli.reports import emit, output_option
from provenance.results import ReuseStats


class By(str, Enum):
    publisher = "publisher"
    month = "month"


@handle_errors
def stats_cmd(
    ctx: typer.Context,
    by: By = typer.Option(By.publisher, "--by", help="Rows per publisher, or per publisher and month."),
    format: str = format_option(ReuseStats),
    out: Path | None = output_option(),
    top: int = typer.Option(10, "--top", min=0, help="How many most reused sources and reusing outlets."),
    with_audit: bool = typer.Option(
        True, "--audit/--no-audit", help="Count the audited reuse by credit and licence (the slow part)."
    ),
) -> None:
    """Reuse statistics: per outlet (and month) the share of its articles wholly and partially derived
    from another outlet's, the most reused sources and most reusing outlets, attributed and licensed
    reuse, boilerplate, store totals."""
    with open_store(ctx) as store, ReadProgress() as progress:
        found = api.stats(store, by=by.value, top=top, with_audit=with_audit, progress=progress)
    emit(found, format, out)
