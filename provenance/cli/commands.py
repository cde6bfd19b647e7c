"""The Typer application: every command, the global options, and their hoisting (``provenance.cli.main``
imports this module once it can report an interrupt)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer

from provenance import __version__
from provenance.cli import db, index
from provenance.cli.check import check_cmd
from provenance.cli.common import State
from provenance.cli.documents import docs_cmd, show_cmd
from provenance.cli.edit import delete_cmd, set_cmd
from provenance.cli.graph import graph_cmd
from provenance.cli.ingest import ingest_cmd
from provenance.cli.licences import audit_cmd, licence_app, publisher_app
from provenance.cli.reports import compare_cmd, report_cmd, trace_cmd
from provenance.cli.search import search_cmd
from provenance.cli.serve import serve_cmd
from provenance.cli.stats import stats_cmd

app = typer.Typer(
    name="provenance",
    help="Where did this article's text come from, who reused it, and did they honour the licence?",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"provenance {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db_url: str | None = typer.Option(
        None,
        "--db",
        metavar="URL",
        help="Store URL (sqlite:///file.db, postgresql+psycopg://...) or a SQLite file path. "
        "Default: $PROVENANCE_DB, else ./provenance.db.",
    ),
    index_engine: str | None = typer.Option(
        None,
        "--index",
        metavar="ENGINE",
        help="Candidate index of a SQLite store: sql (the sentence_keys table) or lmdb (beside the file); "
        "a store given another than its own is switched on its next write. Default: $PROVENANCE_INDEX, "
        "else the store's own.",
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    ctx.obj = State(db=db_url, debug=debug, index=index_engine)


app.command("ingest")(ingest_cmd)
app.command("docs")(docs_cmd)
app.command("show")(show_cmd)
app.command("report")(report_cmd)
app.command("trace")(trace_cmd)
app.command("compare")(compare_cmd)
app.command("search")(search_cmd)
app.command("serve")(serve_cmd)
app.command("audit")(audit_cmd)
app.command("graph")(graph_cmd)
app.command("stats")(stats_cmd)
app.command("set")(set_cmd)
app.command("delete")(delete_cmd)
app.command("check")(check_cmd)
app.add_typer(licence_app, name="licence")
app.add_typer(publisher_app, name="publisher")
app.add_typer(db.app, name="db")
app.add_typer(index.app, name="index")


GLOBAL_FLAGS = frozenset({"--debug"})
GLOBAL_OPTIONS = frozenset({"--db", "--index"})  # take a value


def hoist_global_options(argv: Sequence[str]) -> list[str]:
    """``argv`` with the global options moved before the command, so that they may be given anywhere.

    The rule: every ``--debug``, ``--db URL`` and ``--db=URL`` before a ``--`` is a global option,
    wherever it stands (``provenance docs --db x.db``, ``provenance report 3 --db x.db -f json``);
    after ``--`` nothing is moved (``provenance trace -- "--db"`` traces the text "--db"). A later
    ``--db`` wins over an earlier one, as an option repeated before the command does.
    """
    front: list[str] = []
    rest: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in GLOBAL_FLAGS or arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            front.append(arg)
        elif arg in GLOBAL_OPTIONS and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


def run(argv: Sequence[str] | None = None) -> None:
    """Typer on ``argv`` (default ``sys.argv[1:]``), global options hoisted (:func:`hoist_global_options`).
    Raises SystemExit with the exit status, as Typer does."""
    app(args=hoist_global_options(sys.argv[1:] if argv is None else argv), prog_name="provenance")
