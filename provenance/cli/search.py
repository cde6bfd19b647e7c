"""`provenance search`: the paste search, nothing stored."""

from __future__ import annotations

from pathlib import Path

import typer

from provenance import api
from provenance.cli.common import format_option, handle_errors, open_store
from provenance.cli.reports import emit, output_option
from provenance.errors import UsageError
from provenance.results import SearchResult


@handle_errors
def search_cmd(
    ctx: typer.Context,
    path: str = typer.Argument(
        ...,
        metavar="FILE|-",
        help="The text to look for (a file in any format ingest reads, or - for stdin).",
    ),
    published_at: str | None = typer.Option(
        None,
        "--published-at",
        metavar="ISO",
        help="The text's publication date (default: none: it is the earlier of every pair).",
    ),
    format: str = format_option(SearchResult),
    out: Path | None = output_option(),
) -> None:
    """The stored articles that reuse a text, or that it reuses, sentence by sentence; nothing is stored."""
    try:
        date = api.parse_datetime(published_at) if published_at else None
    except ValueError as exc:
        raise UsageError(f"--published-at: {exc}") from None
    with open_store(ctx) as store:
        result = api.search_file(store, path, published_at=date)
    emit(result, format, out)
