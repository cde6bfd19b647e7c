"""`provenance ingest PATH...`."""

from __future__ import annotations

import functools
import sys
from datetime import datetime
from enum import Enum

import typer

from provenance import api
from provenance.cli.common import format_option, handle_errors, open_store, output
from provenance.cli import interrupts
from provenance.cli.progress import Feedback
from provenance.errors import UsageError
from provenance.results import IngestResult, IngestSummary


def _published_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return api.parse_datetime(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published-at") from None


class InputFormat(str, Enum):
    txt = "txt"
    md = "md"
    html = "html"
    jsonl = "jsonl"


@handle_errors
def ingest_cmd(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(
        ..., metavar="PATH...", help="Files, directories (recursive), or - for stdin."
    ),
    publisher: str | None = typer.Option(
        None, help="Publisher of every article ingested (overrides the file's)."
    ),
    published_at: str | None = typer.Option(
        None, "--published-at", help="ISO date or datetime of publication."
    ),
    url: str | None = typer.Option(None, help="URL of the article."),
    title: str | None = typer.Option(None, help="Title of the article."),
    licence: str | None = typer.Option(
        None,
        "--licence",
        "--license",
        help='Declared licence: an SPDX id or a name or link ("CC BY 4.0", a deed URL).',
    ),
    input_format: InputFormat | None = typer.Option(
        None,
        "--input-format",
        help="How to read - (stdin): txt, md, html or jsonl. Default: guessed from the first bytes.",
    ),
    max_bytes: int = typer.Option(
        api.DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Largest article accepted, in bytes."
    ),
    max_sentences: int = typer.Option(
        api.DEFAULT_MAX_SENTENCES,
        "--max-sentences",
        min=1,
        help="Most sentences accepted in one article (alignment cost grows with length).",
    ),
    batch: int = typer.Option(200, "--batch", min=1, help="Articles stored per transaction."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        min=0,
        help="Other processes for big inputs: as many prepare the texts and as many align candidate "
        "pairs. Default: one fewer than the cores; 0: none (the results are the same).",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Print only errors and the summary (no bar, warnings or notes)."
    ),
    format: str = format_option(IngestSummary),
) -> None:
    """Store articles and their sentences; report what was stored, already present, or failed."""
    when = _published_at(published_at)
    if input_format is not None and "-" not in paths:
        raise UsageError("--input-format is for - (standard input) only; files are read by their extension")
    total = api.count_inputs(paths) if sys.stderr.isatty() and not quiet else 0

    with open_store(ctx, create=True) as store, Feedback(total, quiet=quiet) as feedback:
        summary = api.ingest(
            store,
            paths,
            publisher=publisher,
            published_at=when,
            url=url,
            title=title,
            licence=licence,
            max_bytes=max_bytes,
            max_sentences=max_sentences,
            batch_articles=batch,
            workers=workers,
            stdin=sys.stdin.buffer if "-" in paths else None,
            stdin_format=input_format.value if input_format is not None else None,
            on_result=functools.partial(report_result, feedback),
        )
    output(summary, format)
    if summary.failed:
        raise typer.Exit(1)


def report_result(feedback: Feedback, result: IngestResult) -> None:
    """Tell the user about one input as it is done, and move the bar one article on. An interrupt
    swallowed meanwhile (raised inside a finaliser) is raised again here."""
    interrupts.check()
    if result.status == "note":
        feedback.note(f"note: {result.where}: {result.message}")
        return
    if result.status == "failed" and result.message:
        feedback.error(result.message)
    elif result.status == "stored":
        if result.encoding == "windows-1252":
            feedback.warning(f"{result.where}: not valid UTF-8, decoded as Windows-1252")
        for warning in result.warnings:
            feedback.warning(f"{result.where}: {warning}")
    if result.status != "skipped":
        feedback.advance()
