"""`provenance check [--repair]`."""

from __future__ import annotations

import typer

from provenance import api
from provenance.cli.common import format_option, handle_errors, output, state
from provenance.results import StoreCheck


@handle_errors
def check_cmd(
    ctx: typer.Context,
    repair: bool = typer.Option(
        False, "--repair", help="Rebuild what is derived (keys, index, edges); documents are never changed."
    ),
    format: str = format_option(StoreCheck),
) -> None:
    """Verify the store: integrity, revision, orphaned rows, sentences, keys, index, edges (exit 1 on problems)."""
    found = api.check_store(state(ctx).db, repair=repair)
    output(found, format)
    if not found.sound:
        raise typer.Exit(1)
