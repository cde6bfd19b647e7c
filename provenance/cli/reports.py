"""`provenance report`, `provenance trace`, `provenance compare`."""

from __future__ import annotations

from pathlib import Path

import typer

from provenance import api, render
from provenance.cli.common import format_option, handle_errors, open_store, output
from provenance.errors import InputError, UsageError
from provenance.render.table import without_colour
from provenance.results import ComparisonView, Report, ReportPage, Trace


def output_option() -> Path | None:
    return typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the output to FILE (its path is printed) instead of stdout.",
    )


def emit(value: object, fmt: str, path: Path | None) -> None:
    """Print ``value`` rendered in ``fmt``, or write it to ``path`` and print the path."""
    if path is None:
        output(value, fmt)
        return
    with without_colour():
        text = render.render(value, fmt)
    try:
        path.write_text(text + "\n" if text else "", encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
    typer.echo(str(path.resolve()))


@handle_errors
def report_cmd(
    ctx: typer.Context,
    doc: str = typer.Argument(
        ..., metavar="DOC", help="Document id, the path it was ingested from, or its file name."
    ),
    format: str = format_option(Report, ReportPage),
    out: Path | None = output_option(),
    all_sentences: bool = typer.Option(
        False,
        "--all-sentences",
        help="In the table, every sentence of DOC under each edge, the unmatched ones too (dimmed on a terminal).",
    ),
) -> None:
    """The sources of DOC (earlier articles it reuses) and the later articles that reuse DOC.

    --format html: one self-contained page, DOC and each source or reuser side by side, with
    both sides' licence notes and the audit of each edge."""
    if all_sentences and format != "table":
        raise UsageError("--all-sentences is for the table (--format html always shows every sentence)")
    with open_store(ctx) as store:
        page = format == "html" or all_sentences
        rep: object = api.report_page(store, doc) if page else api.report(store, doc)
    emit(rep, format, out)


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
    max_sentences: int = typer.Option(
        api.DEFAULT_MAX_SENTENCES, "--max-sentences", min=1, help="Most sentences accepted in each file."
    ),
    format: str = format_option(ComparisonView),
) -> None:
    """Align two files without storing anything: which sentences of LATER reuse EARLIER, and how."""
    output(api.compare_files(earlier, later, max_sentences=max_sentences), format)
