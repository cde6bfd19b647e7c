"""``provenance serve``: a read-only web view of a store, on Starlette (ASGI) served by uvicorn.

Every page is rendered by ``provenance.render.html`` from what ``provenance.api`` returns, and every
page has its JSON behind it under ``/api/...``, in the shapes of the CLI's ``--format json``. Nothing
here writes to the store: the paste search stores nothing. Endpoints are plain functions, which
Starlette runs in its thread pool (the store's calls are synchronous).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from provenance import api
from provenance.errors import InputError, NotFoundError, ProvenanceError, UsageError
from provenance.render import to_jsonable
from provenance.render.html import Links, Nav, audit_html, page, report_html, search_html
from provenance.results import AuditReport

MAX_PASTE = 1_000_000  # characters of pasted text accepted by the search
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
NAV = Nav(root="/")
LINKS = Links(
    document=lambda i: f"/documents/{i}",
    edge=lambda later, earlier: f"/documents/{later}#source-{earlier}",
)


@dataclass(frozen=True)
class _Cell:
    text: object
    href: str | None = None


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def _json(value: object, status: int = 200) -> JSONResponse:
    return JSONResponse(to_jsonable(value), status_code=status, headers=SECURITY_HEADERS)


def _int(request: Request, name: str, default: int | None = None) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"{name}: not a number: {value!r}") from None


def create_app(store: api.Store) -> Starlette:
    """The web view of ``store`` (kept open for the app's life)."""

    def handle(func: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            wants_json = request.url.path.startswith("/api/")
            try:
                return func(request)
            except ProvenanceError as exc:
                status = 404 if isinstance(exc, NotFoundError) else 400
                if wants_json:
                    return _json({"error": str(exc)}, status)
                return _html(page("error.html", nav=NAV, status=status, message=str(exc)), status)

        return endpoint

    def home(request: Request) -> Response:
        return _html(search_html_page(None))

    def search_html_page(result: Any, text: str | None = None) -> str:
        if result is None:
            return page("search.html", nav=NAV, links=LINKS, result=None, overview=[], hits=[], text=text)
        return search_html(result, nav=NAV, links=LINKS, text=text)

    def _search(text: str, published: str | None) -> Any:
        if len(text) > MAX_PASTE:
            raise InputError("text", f"too long ({len(text):,} characters; at most {MAX_PASTE:,})")
        try:
            date = api.parse_datetime(published) if published else None
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        return api.search(store, text, name="pasted text", published_at=date)

    async def search(request: Request) -> Response:
        form = await request.form()
        text, published = str(form.get("text") or ""), str(form.get("published_at") or "") or None
        try:
            result = _search(text, published)
        except ProvenanceError as exc:
            return _html(page("error.html", nav=NAV, status=400, message=str(exc)), 400)
        return _html(search_html_page(result, text))

    async def api_search(request: Request) -> Response:
        if request.method == "POST":
            if request.headers.get("content-type", "").startswith("application/json"):
                body = await request.json()
                text, published = str(body.get("text") or ""), body.get("published_at")
            else:
                form = await request.form()
                text, published = str(form.get("text") or ""), str(form.get("published_at") or "") or None
        else:
            text, published = request.query_params.get("text", ""), request.query_params.get("published_at")
        try:
            return _json(_search(text, published))
        except ProvenanceError as exc:
            return _json({"error": str(exc)}, 400)

    def _docs(request: Request) -> Any:
        limit = _int(request, "limit", 100)
        offset = _int(request, "offset", 0) or 0
        listing = api.docs(store, limit=None)
        q = (request.query_params.get("q") or "").casefold()
        publisher = (request.query_params.get("publisher") or "").casefold()
        found = [
            d
            for d in listing.documents
            if (not q or q in (d.title or "").casefold() or q in d.name.casefold() or q in d.path.casefold())
            and (not publisher or publisher in (d.publisher or "").casefold())
        ]
        return found, limit, offset

    def documents(request: Request) -> Response:
        found, limit, offset = _docs(request)
        shown = found[offset : offset + limit] if limit else found[offset:]
        rows = [
            [
                _Cell(d.id, f"/documents/{d.id}"),
                _Cell(d.title or d.name, f"/documents/{d.id}"),
                _Cell(d.publisher or "-"),
                _Cell(d.published_at.date().isoformat() if d.published_at else "undated"),
                _Cell(d.sentences),
            ]
            for d in shown
        ]
        more = None
        if limit and offset + limit < len(found):
            more = str(request.url.include_query_params(offset=offset + limit))
        return _html(
            page(
                "list.html",
                nav=NAV,
                heading=f"Documents ({len(found)})",
                intro="Each document's page shows its sources and reusers side by side, its licences and its audit.",
                filters=[
                    {
                        "name": "q",
                        "label": "title or file",
                        "value": request.query_params.get("q"),
                        "placeholder": "words",
                    },
                    {
                        "name": "publisher",
                        "label": "publisher",
                        "value": request.query_params.get("publisher"),
                        "placeholder": "name",
                    },
                ],
                headers=[
                    {"label": "id", "num": True},
                    {"label": "title"},
                    {"label": "publisher"},
                    {"label": "published"},
                    {"label": "sentences", "num": True},
                ],
                rows=rows,
                more=more,
                api="/api/documents",
            )
        )

    def api_documents(request: Request) -> Response:
        found, limit, offset = _docs(request)
        return _json({"documents": found[offset : offset + limit] if limit else found[offset:]})

    def document(request: Request) -> Response:
        return _html(report_html(api.report_page(store, request.path_params["doc"]), nav=NAV, links=LINKS))

    def api_document(request: Request) -> Response:
        return _json(api.show(store, request.path_params["doc"]))

    def api_report(request: Request) -> Response:
        return _json(api.report(store, request.path_params["doc"]))

    def api_page(request: Request) -> Response:
        return _json(api.report_page(store, request.path_params["doc"]))

    def publishers(request: Request) -> Response:
        found = api.publishers(store)
        rows = [
            [
                _Cell(p.name, f"/documents?publisher={p.name}"),
                _Cell(", ".join(p.aliases) or "-"),
                _Cell("yes" if p.noncommercial else "no"),
            ]
            for p in found
        ]
        return _html(
            page(
                "list.html",
                nav=NAV,
                heading=f"Publishers ({len(rows)})",
                intro=None,
                filters=None,
                headers=[{"label": "name"}, {"label": "aliases"}, {"label": "non-commercial"}],
                rows=rows,
                more=None,
                api="/api/publishers",
            )
        )

    def api_publishers(request: Request) -> Response:
        return _json(api.publishers(store))

    def api_licences(request: Request) -> Response:
        return _json(api.list_licences(store))

    def _audit(request: Request) -> tuple[AuditReport, dict[str, Any]]:
        doc = request.query_params.get("doc") or None
        severity = request.query_params.get("severity") or None
        rule = request.query_params.get("rule") or None
        if severity not in (None, "error", "warning", "info"):
            raise UsageError(f"severity: not one of error, warning, info: {severity!r}")
        rep = api.audit(store, doc, include_compliant=True)
        findings = [
            f
            for f in rep.findings
            if (severity is None or f.severity == severity) and (rule is None or f.rule == rule)
        ]
        return AuditReport(findings=findings, summary=rep.summary), {
            "severity": severity or "",
            "rule": rule,
            "doc": doc,
        }

    def audit(request: Request) -> Response:
        rep, filters = _audit(request)
        return _html(audit_html(rep, nav=NAV, links=LINKS, filters=filters))

    def api_audit(request: Request) -> Response:
        return _json(_audit(request)[0])

    routes = [
        Route("/", handle(home)),
        Route("/search", search, methods=["POST"]),
        Route("/documents", handle(documents)),
        Route("/documents/{doc}", handle(document)),
        Route("/publishers", handle(publishers)),
        Route("/audit", handle(audit)),
        Route("/api/search", api_search, methods=["GET", "POST"]),
        Route("/api/documents", handle(api_documents)),
        Route("/api/documents/{doc}", handle(api_document)),
        Route("/api/documents/{doc}/report", handle(api_report)),
        Route("/api/documents/{doc}/page", handle(api_page)),
        Route("/api/publishers", handle(api_publishers)),
        Route("/api/licences", handle(api_licences)),
        Route("/api/audit", handle(api_audit)),
    ]
    return Starlette(routes=routes)
