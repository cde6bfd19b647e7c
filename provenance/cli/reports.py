"""`provenance report`, `provenance trace`, `provenance compare`."""

from __future__ import annotations

import typer

from provenance import api
from provenance.cli.common import format_option, handle_errors, open_store, output
from provenance.results import ComparisonView, Report, Trace


@handle_errors
def report_cmd(
    ctx: typer.Context,
    doc: str = typer.Argument(
        ..., metavar="DOC", help="Document id, the path it was ingested from, or its file name."
    ),
    format: str = format_option(Report),
) -> None:
    """The sources of DOC (earlier articles it reuses) and the later articles that reuse DOC."""
    with open_store(ctx) as store:
        rep = api.report(store, doc)
    output(rep, format)


@handle_errors
def trace_cmd(
    ctx: typer.Context,
    text: str = typer.Argument(..., metavar="TEXT", help="A sentence to trace."),
    format: str = format_option(Trace),
) -> None:
    """The earliest stored occurrence of a sentence and every later article that reused it."""
    with open_store(ctx) as store:
        tr = api.trace(store, text)
    output(tr, format)


@handle_errors
def compare_cmd(
    ctx: typer.Context,
    earlier: str = typer.Argument(..., metavar="EARLIER", help="The earlier text (file)."),
    later: str = typer.Argument(..., metavar="LATER", help="The later text (file)."),
    format: str = format_option(ComparisonView),
) -> None:
    """Align two files without storing anything: which sentences of LATER reuse EARLIER, and how."""
    output(api.compare_files(earlier, later), format)
