"""`provenance licence ...`, `provenance publisher ...` and `provenance audit`."""

from __future__ import annotations

from enum import Enum

import typer

from provenance import api, render
from provenance.api.licences import unset_licence
from provenance.cli.common import err, format_option, handle_errors, open_store, output
from provenance.errors import UsageError
from provenance.results import AuditReport, LicenceEntry, LicenceList, PublisherList

licence_app = typer.Typer(help="Declare and list licences.", no_args_is_help=True)
publisher_app = typer.Typer(help="Publishers: aliases and the non-commercial flag.", no_args_is_help=True)

AUDIT_FAIL = 3


@licence_app.command("set")
@handle_errors
def licence_set(
    ctx: typer.Context,
    args: list[str] = typer.Argument(
        ...,
        metavar="[DOC] LICENCE",
        help="A document (id, path or file name) and a licence (an SPDX id, a name such as "
        "'CC BY 4.0', or a deed URL); or only the licence with --publisher.",
    ),
    publisher: str | None = typer.Option(
        None, "--publisher", help="Declare the licence of this publisher instead."
    ),
    holder: str | None = typer.Option(None, "--holder", help="The licence holder (copyright owner)."),
    url: str | None = typer.Option(None, "--url", help="Where the licence is stated."),
    create: bool = typer.Option(
        False, "--create", help="With --publisher: add the publisher when it is not known yet."
    ),
) -> None:
    """Declare the licence of a document, or of a publisher's articles (`--publisher NAME LICENCE`)."""
    if publisher is None and len(args) != 2:
        raise UsageError(
            "usage: provenance licence set DOC LICENCE, or provenance licence set --publisher NAME LICENCE"
        )
    if publisher is not None and len(args) != 1:
        raise UsageError("with --publisher give only the licence")
    if create and publisher is None:
        raise UsageError("--create is for --publisher only")
    with open_store(ctx, create=True) as store:
        entry = api.set_licence(
            store,
            args[-1],
            doc=args[0] if publisher is None else None,
            publisher=publisher,
            holder=holder,
            url=url,
            create=create,
        )
    output(entry, "table")
    if entry.governed_by is not None:
        err(f"warning: {not_governing(entry)}")


def not_governing(entry: LicenceEntry) -> str:
    """Why a declaration does not decide the document's licence: the note that does, named."""
    g = entry.governed_by
    assert g is not None
    where = "in its text" if g.origin == "detected" else f"on its page ({g.found_in or 'page'})"
    notice = f" {g.notice!r}" if g.notice else ""
    return (
        f"the declaration does not govern document {entry.document_id}: its notice{notice} "
        f"({g.spdx}{', holder ' + g.holder if g.holder else ''}), found {where}, takes precedence"
    )


@licence_app.command("unset")
@handle_errors
def licence_unset(
    ctx: typer.Context,
    doc: str | None = typer.Argument(
        None, metavar="[DOC]", help="The document (id, path or file name); omit with --publisher."
    ),
    publisher: str | None = typer.Option(
        None, "--publisher", help="Remove the licence declared for this publisher instead."
    ),
) -> None:
    """Remove the licence declared for a document or a publisher (an error when none is declared)."""
    if (doc is None) == (publisher is None):
        raise UsageError("usage: provenance licence unset DOC, or provenance licence unset --publisher NAME")
    with open_store(ctx, write=True) as store:
        entry = unset_licence(store, doc=doc, publisher=publisher)
    typer.echo(f"removed the declaration: {render.render(entry, 'table')}")


@licence_app.command("list")
@handle_errors
def licence_list(ctx: typer.Context, format: str = format_option(LicenceList)) -> None:
    """Every licence note: declared for publishers and documents, and detected in articles."""
    with open_store(ctx) as store:
        entries = api.list_licences(store)
    output(entries, format)


@publisher_app.command("alias")
@handle_errors
def publisher_alias(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The publisher's name."),
    aliases: list[str] = typer.Argument(..., help="Other names it is credited by."),
) -> None:
    """Record aliases: `provenance publisher alias "Mehr News Agency" MNA Mehr`."""
    with open_store(ctx, create=True) as store:
        entry = api.alias_publisher(store, name, aliases)
    output(entry, "table")


@publisher_app.command("set")
@handle_errors
def publisher_set(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The publisher's name."),
    noncommercial: bool = typer.Option(
        ..., "--noncommercial/--commercial", help="Whether it publishes non-commercially."
    ),
) -> None:
    """Mark a publisher non-commercial (the NonCommercial audit rule reads it)."""
    with open_store(ctx, create=True) as store:
        entry = api.set_publisher(store, name, noncommercial=noncommercial)
    output(entry, "table")


@publisher_app.command("list")
@handle_errors
def publisher_list(ctx: typer.Context, format: str = format_option(PublisherList)) -> None:
    """Publishers with their aliases and non-commercial flag."""
    with open_store(ctx) as store:
        entries = api.publishers(store)
    output(entries, format)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


@handle_errors
def audit_cmd(
    ctx: typer.Context,
    doc: str | None = typer.Argument(
        None, metavar="[DOC]", help="Only the reuse by this document (default: every edge)."
    ),
    format: str = format_option(AuditReport),
    fail_on: FailOn = typer.Option(
        FailOn.error, "--fail-on", help="Exit 3 when a finding at or above this exists."
    ),
    all_edges: bool = typer.Option(False, "--all", help="Also list compliant edges (info findings)."),
    as_source: bool = typer.Option(
        False, "--as-source", help="With DOC: audit the reuse OF this document by others."
    ),
) -> None:
    """Check every reuse against the source's licence: credit, licence notice, SA/ND/NC terms, unlicensed reuse."""
    with open_store(ctx) as store:
        report = api.audit(store, doc, as_source=as_source, include_compliant=all_edges)
    output(report, format)
    if report.fails(fail_on.value):
        raise typer.Exit(AUDIT_FAIL)
