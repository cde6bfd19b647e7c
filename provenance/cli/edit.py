"""`provenance set DOC ...` and `provenance delete DOC`: correct or remove a stored document."""

from __future__ import annotations

from typing import Any

import typer

from provenance import api
from provenance.cli.common import format_option, handle_errors, open_store, output
from provenance.results import DocumentDeletion, DocumentEdit

_DOC = typer.Argument(
    ..., metavar="DOC", help="Document id, the path it was ingested from, or its file name."
)


@handle_errors
def set_cmd(
    ctx: typer.Context,
    doc: str = _DOC,
    published_at: str | None = typer.Option(
        None, "--published-at", help='ISO date or datetime of publication ("" : undated).'
    ),
    publisher: str | None = typer.Option(
        None, "--publisher", help='Publisher name or alias, created when unknown ("": none).'
    ),
    url: str | None = typer.Option(None, "--url", help='URL of the article ("": none).'),
    title: str | None = typer.Option(None, "--title", help='Title of the article ("": none).'),
    format: str = format_option(DocumentEdit),
) -> None:
    """Correct a document's metadata; a new date re-directs and re-classifies its reuse edges at once."""
    given: dict[str, Any] = {}
    if published_at is not None:
        try:
            given["published_at"] = api.parse_datetime(published_at) if published_at.strip() else None
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--published-at") from None
    for name, value in (("publisher", publisher), ("url", url), ("title", title)):
        if value is not None:
            given[name] = value
    with open_store(ctx, write=True) as store:
        edit = api.set_document(store, doc, **given)
    output(edit, format)


@handle_errors
def delete_cmd(ctx: typer.Context, doc: str = _DOC, format: str = format_option(DocumentDeletion)) -> None:
    """Delete a document with its sentences, keys, matches, edges and licence notes."""
    with open_store(ctx, write=True) as store:
        gone = api.delete_document(store, doc)
    output(gone, format)
