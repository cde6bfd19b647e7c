"""What every command shares: global options, opening the store, one-line errors, output formats."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import typer

from provenance import api, render
from provenance.api.documents import require_store
from provenance.cli import interrupts
from provenance.errors import ProvenanceError, UsageError
from provenance.render.table import colour_enabled

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class State:
    db: str | None = None
    debug: bool = False
    index: str | None = None  # --index


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


def open_store(ctx: typer.Context, *, create: bool = False, write: bool = False) -> api.Store:
    """The store of ``--db`` (else ``$PROVENANCE_DB``, else ./provenance.db).

    Read commands (the default) open it read-only and refuse a SQLite file that does not exist,
    creating nothing: ``error: no store at PATH (ingest creates one)``. Commands that change an
    existing store pass ``write=True``; those that create one, ``create=True``."""
    if not create:
        require_store(state(ctx).db)
    return api.open_store(state(ctx).db, read_only=not (create or write), index=state(ctx).index)


def err(message: str) -> None:
    """One line on stderr: control characters in it (a file name's newline, an escape sequence) shown escaped."""
    typer.echo(render.escape.one_line(message), err=True)


def handle_errors(func: F) -> F:
    """Turn library errors into one line on stderr and an exit status; a traceback only with --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = kwargs.get("ctx") or next((a for a in args if isinstance(a, typer.Context)), None)
        debug = state(ctx).debug if ctx is not None else False
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, typer.TyperException):
            raise
        except KeyboardInterrupt:
            interrupts.told(
                "interrupted: only whole articles were stored; run the same command again to complete"
            )
            raise typer.Exit(130) from None
        except BrokenPipeError:  # the reader of our output has gone (| head): no error
            interrupts.pipe_closed()
            raise typer.Exit(0) from None
        except ProvenanceError as exc:
            if debug:
                traceback.print_exc(file=sys.stderr)
            err(f"error: {exc}")
            raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None
        except Exception as exc:  # a bug: still one line, unless --debug
            if debug:
                raise
            err(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def format_option(kind: type, *more: type) -> Any:
    """A ``--format`` option offering every format the render registry has for results of ``kind``
    (and of ``more``: the formats a command renders from another result, e.g. report's html page)."""
    formats = list(dict.fromkeys(f for k in (kind, *more) for f in render.formats_for(k)))

    def check(value: str) -> str:
        if value not in formats:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(map(repr, formats))}")
        return value

    return typer.Option(
        formats[0],
        "--format",
        "-f",
        metavar="|".join(formats),
        callback=check,
        help=f"Output format: {', '.join(formats)} (table for people, json for tools).",
    )


def output(value: object, fmt: str) -> None:
    """Print ``value`` rendered in ``fmt`` (nothing at all for an empty text: ndjson of no rows)."""
    text = render.render(value, fmt)
    if text:  # colour=True: click would strip the tables' colour codes when forced (FORCE_COLOR) into a pipe
        typer.echo(text, color=True if colour_enabled() else None)
