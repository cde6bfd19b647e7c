"""`provenance ingest PATH...`."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from datetime import datetime

import typer

from provenance import api
from provenance.cli.common import err, format_option, handle_errors, open_store, output
from provenance.results import IngestResult, IngestSummary


def _published_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return api.parse_datetime(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published-at") from None


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
    licence: str | None = typer.Option(None, "--licence", "--license", help="Declared licence, an SPDX id."),
    max_bytes: int = typer.Option(
        api.DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Largest article accepted, in bytes."
    ),
    batch: int = typer.Option(200, "--batch", min=1, help="Articles stored per transaction."),
    format: str = format_option(IngestSummary),
) -> None:
    """Store articles and their sentences; report what was stored, already present, or failed."""
    when = _published_at(published_at)
    total = api.count_inputs(paths) if sys.stderr.isatty() else 0
    bar = typer.progressbar(length=total, file=sys.stderr, label="ingesting") if total > 1 else nullcontext()

    with open_store(ctx) as store, bar as progress:
        last_source: list[str] = []

        def on_result(result: IngestResult) -> None:
            if result.status == "failed" and result.message:
                err(f"error: {result.message}")
            elif result.status == "stored" and result.encoding == "windows-1252":
                err(f"warning: {result.source}: not valid UTF-8, decoded as Windows-1252")
            if progress is not None and last_source != [result.source]:  # one step per input file
                last_source[:] = [result.source]
                progress.update(1)

        summary = api.ingest(
            store,
            paths,
            publisher=publisher,
            published_at=when,
            url=url,
            title=title,
            licence=licence,
            max_bytes=max_bytes,
            batch_articles=batch,
            stdin=sys.stdin.buffer if "-" in paths else None,
            on_result=on_result,
        )
    output(summary, format)
    if summary.failed:
        raise typer.Exit(1)
