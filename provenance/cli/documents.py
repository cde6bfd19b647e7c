"""`provenance docs` and `provenance show`."""

from __future__ import annotations

import typer

from provenance import api
from provenance.cli.common import format_option, handle_errors, open_store, output
from provenance.results import DocumentDetail, DocumentList


@handle_errors
def docs_cmd(
    ctx: typer.Context,
    format: str = format_option(DocumentList),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Show at most this many documents."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many documents first."),
) -> None:
    """List stored documents: id, title (or file name), publisher, date, sentence count."""
    with open_store(ctx) as store:
        found = api.docs(store, limit=limit, offset=offset)
    output(found, format)


@handle_errors
def show_cmd(
    ctx: typer.Context,
    doc: str = typer.Argument(
        ..., metavar="DOC", help="Document id, the path it was ingested from, or its file name."
    ),
    format: str = format_option(DocumentDetail),
) -> None:
    """Show one document: metadata, licences and its sentences."""
    with open_store(ctx) as store:
        detail = api.show(store, doc)
    output(detail, format)
