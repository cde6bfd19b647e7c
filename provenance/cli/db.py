"""`provenance db ...`: schema management."""

from __future__ import annotations

import typer

from provenance import api
from provenance.api.documents import require_store
from provenance.cli.common import err, format_option, handle_errors, output, state
from provenance.results import SchemaState

app = typer.Typer(help="Manage the store's schema (Alembic migrations).", no_args_is_help=True)


@app.command("upgrade")
@handle_errors
def upgrade_cmd(ctx: typer.Context, revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Upgrade the store's schema (creating the store if needed)."""
    done = api.upgrade_schema(state(ctx).db, revision)
    typer.echo(f"store at revision {done.store}")


@app.command("downgrade")
@handle_errors
def downgrade_cmd(
    ctx: typer.Context, revision: str = typer.Argument(..., help="Target revision, or 'base'.")
) -> None:
    """Downgrade the store's schema (data in dropped tables is lost)."""
    done = api.downgrade_schema(state(ctx).db, revision)
    typer.echo(f"store at revision {done.store or 'base'}")


@app.command("current")
@handle_errors
def current_cmd(ctx: typer.Context, format: str = format_option(SchemaState)) -> None:
    """Print the store's schema revision and the code's (exit 1 when they differ)."""
    require_store(state(ctx).db)
    found = api.schema_state(state(ctx).db)
    output(found, format)
    if found.store not in (None, found.code):
        err("the store's revision differs from the code's")
        raise typer.Exit(1)
