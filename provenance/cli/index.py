"""`provenance index ...`: the candidate index beside the store (README, "The candidate index")."""

from __future__ import annotations

from enum import Enum

import typer

from provenance import api
from provenance.cli.common import format_option, handle_errors, open_store, output
from provenance.cli.read_progress import ReadProgress
from provenance.results import IndexRebuild

app = typer.Typer(help="The candidate index: rebuild it from the store.", no_args_is_help=True)


class Engine(str, Enum):
    sql = "sql"
    lmdb = "lmdb"


@app.command("rebuild")
@handle_errors
def rebuild_cmd(
    ctx: typer.Context,
    engine: Engine | None = typer.Option(
        None,
        "--engine",
        help="Build this index and switch the store to it (lmdb: SQLite files only). Default: the store's own.",
    ),
    format: str = format_option(IndexRebuild),
) -> None:
    """Build the candidate index again from the stored sentences (the store itself is not changed)."""
    with open_store(ctx, write=True) as store, ReadProgress() as progress:
        found = api.rebuild_index(
            store,
            engine=engine.value if engine else None,
            on_progress=lambda done, total: progress("index", done, total),
        )
    output(found, format)
