"""`provenance docs` and `provenance show`."""

from __future__ import annotations

import typer

from provenance import api
from provenance.cli.common import FORMAT_OPTION, Format, handle_errors, open_store
from provenance.render import table, to_json


@handle_errors
def docs_cmd(
    ctx: typer.Context,
    format: Format = FORMAT_OPTION,
    limit: int | None = typer.Option(None, "--limit", min=1, help="Show at most this many documents."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many documents first."),
) -> None:
    """List stored documents: id, title (or file name), publisher, date, sentence count."""
    with open_store(ctx) as store:
        found = api.docs(store, limit=limit, offset=offset)
    if format is Format.json:
        typer.echo(to_json({"documents": found}))
        return
    rows = [(d.id, d.title or d.name, d.publisher, d.published_at, d.sentences) for d in found]
    typer.echo(table(["ID", "TITLE", "PUBLISHER", "PUBLISHED", "SENTENCES"], rows))


@handle_errors
def show_cmd(
    ctx: typer.Context,
    doc: str = typer.Argument(
        ..., metavar="DOC", help="Document id, the path it was ingested from, or its file name."
    ),
    format: Format = FORMAT_OPTION,
) -> None:
    """Show one document: metadata, licences and its sentences."""
    with open_store(ctx) as store:
        detail = api.show(store, doc)
    if format is Format.json:
        typer.echo(to_json(detail))
        return
    d = detail.document
    typer.echo(f"Document {d.id}: {d.title or d.name}")
    for label, value in (
        ("path", d.path),
        ("url", d.url),
        ("publisher", d.publisher),
        ("published", d.published_at),
        ("ingested", d.ingested_at),
        ("sha256", detail.sha256),
        ("encoding", detail.encoding),
    ):
        if value is not None:
            typer.echo(f"  {label + ':':<11}{value}")
    for lic in detail.licences:
        holder = f", holder {lic.holder}" if lic.holder else ""
        typer.echo(f"  {'licence:':<11}{lic.spdx}{holder} ({lic.origin}, {lic.scope})")
    typer.echo("")
    typer.echo(table(["#", "SENTENCE"], [(s.position, s.text) for s in detail.sentences], max_width=120))
