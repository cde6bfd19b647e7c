"""`provenance serve`: the read-only local web view."""

from __future__ import annotations

import ipaddress

import typer

from provenance.cli.common import err, handle_errors, open_store

LOOPBACK = "127.0.0.1"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@handle_errors
def serve_cmd(
    ctx: typer.Context,
    host: str = typer.Option(
        LOOPBACK, "--host", help="Address to listen on (loopback by default; 0.0.0.0 exposes the store)."
    ),
    port: int = typer.Option(8080, "--port", min=0, max=65535, help="Port to listen on."),
) -> None:
    """A read-only web view of the store: paste search, document pages side by side, lists, the audit; JSON under /api/."""
    import uvicorn

    from provenance.web.app import create_app

    with open_store(ctx) as store:
        if not _is_loopback(host):
            err(
                f"warning: listening on {host}: anyone who can reach this machine on port {port} can read "
                "every stored article, licence and finding (no login)"
            )
        typer.echo(f"provenance: serving {store.url} read-only at http://{host}:{port}/ (Ctrl-C stops)")
        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
