"""`provenance db ...`: schema management."""

from __future__ import annotations

import typer

from provenance.cli.common import err, handle_errors, state
from provenance.store.engine import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    resolve_url,
    upgrade,
)

app = typer.Typer(help="Manage the store's schema (Alembic migrations).", no_args_is_help=True)


@app.command("upgrade")
@handle_errors
def upgrade_cmd(ctx: typer.Context, revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Upgrade the store's schema (creating the store if needed)."""
    engine = make_engine(resolve_url(state(ctx).db))
    upgrade(engine, revision)
    typer.echo(f"store at revision {current_revision(engine)}")


@app.command("downgrade")
@handle_errors
def downgrade_cmd(
    ctx: typer.Context, revision: str = typer.Argument(..., help="Target revision, or 'base'.")
) -> None:
    """Downgrade the store's schema (data in dropped tables is lost)."""
    engine = make_engine(resolve_url(state(ctx).db))
    downgrade(engine, revision)
    typer.echo(f"store at revision {current_revision(engine) or 'base'}")


@app.command("current")
@handle_errors
def current_cmd(ctx: typer.Context) -> None:
    """Print the store's schema revision and the code's."""
    engine = make_engine(resolve_url(state(ctx).db))
    current, head = current_revision(engine), head_revision()
    typer.echo(f"store: {current or 'empty'}  code: {head}")
    if current not in (None, head):
        err("the store's revision differs from the code's")
        raise typer.Exit(1)
