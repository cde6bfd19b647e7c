"""`provenance report`, `provenance trace`, `provenance compare`."""

from __future__ import annotations

from enum import Enum

import typer

from provenance import api
from provenance.cli.common import FORMAT_OPTION, Format, handle_errors, open_store
from provenance.errors import InputError
from provenance.readers import DEFAULT_MAX_BYTES, Article, iter_articles
from provenance.render import to_json
from provenance.render.reuse import comparison_text, report_markdown, report_text, trace_text


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@handle_errors
def report_cmd(
    ctx: typer.Context,
    doc: str = typer.Argument(
        ..., metavar="DOC", help="Document id, the path it was ingested from, or its file name."
    ),
    format: ReportFormat = typer.Option(
        ReportFormat.table, "--format", "-f", help="table, json or markdown."
    ),
) -> None:
    """The sources of DOC (earlier articles it reuses) and the later articles that reuse DOC."""
    with open_store(ctx) as store:
        rep = api.report(store, doc)
    if format is ReportFormat.json:
        typer.echo(to_json(rep))
    elif format is ReportFormat.markdown:
        typer.echo(report_markdown(rep), nl=False)
    else:
        typer.echo(report_text(rep))


@handle_errors
def trace_cmd(
    ctx: typer.Context,
    text: str = typer.Argument(..., metavar="TEXT", help="A sentence to trace."),
    format: Format = FORMAT_OPTION,
) -> None:
    """The earliest stored occurrence of a sentence and every later article that reused it."""
    with open_store(ctx) as store:
        tr = api.trace(store, text)
    typer.echo(to_json(tr) if format is Format.json else trace_text(tr))


def _read_one(path: str) -> str:
    items = list(iter_articles([path], max_bytes=DEFAULT_MAX_BYTES))
    for item in items:
        if isinstance(item, InputError):
            raise item
    texts = [i.text for i in items if isinstance(i, Article)]
    if len(texts) != 1:
        raise InputError(path, f"expected one article, found {len(texts)}")
    return texts[0]


@handle_errors
def compare_cmd(
    ctx: typer.Context,
    earlier: str = typer.Argument(..., metavar="EARLIER", help="The earlier text (file)."),
    later: str = typer.Argument(..., metavar="LATER", help="The later text (file)."),
    format: Format = FORMAT_OPTION,
) -> None:
    """Align two files without storing anything: which sentences of LATER reuse EARLIER, and how."""
    result = api.compare(_read_one(earlier), _read_one(later), earlier_name=earlier, later_name=later)
    typer.echo(to_json(result) if format is Format.json else comparison_text(result))
