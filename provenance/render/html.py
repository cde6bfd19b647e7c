"""Self-contained HTML pages: the side-by-side report, the audit, a search's result.

Jinja2 templates (``templates/``, package data) with autoescaping on: every piece of stored text
goes through the ``shown`` filter, which escapes it and shows the invisible characters that could
mislead a reader (bidirectional overrides and isolates, other control characters) as visible marks
instead of applying them. Each page carries its CSS inline and a Content-Security-Policy that allows
no script, no network access and no frame, so a page opened from disk needs nothing else and would
run nothing even if a text slipped through. Links are made only of http(s) URLs.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from provenance.render.diff import Piece, word_diff
from provenance.render.registry import register
from provenance.render.table import counted
from provenance.results import (
    AuditFinding,
    AuditReport,
    DocumentDetail,
    DocumentRef,
    EdgeAudit,
    MatchView,
    ReportPage,
    ReuseView,
    SearchResult,
    SentenceView,
)

KIND_RANK = {"verbatim": 0, "near-verbatim": 1, "paraphrase": 2}

# Characters that change how the text around them is displayed without being seen: shown as marks.
_BIDI = {0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def shown(value: object) -> Markup:
    """``value`` as escaped HTML, its invisible formatting and control characters made visible."""
    text = "" if value is None else str(value)
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code in _BIDI or (unicodedata.category(ch) == "Cc" and ch not in "\n\t"):
            out.append(f'<span class="ctl" title="invisible character U+{code:04X}">U+{code:04X}</span>')
        else:
            out.append(str(escape(ch)))
    return Markup("".join(out))


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL (so a link can be made of it), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def urllink(url: str | None) -> Markup:
    href = safe_href(url)
    if href is None:
        return shown(url)
    return Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(href, shown(url))


def _date(value: datetime | None) -> str:
    if value is None:
        return "undated"
    return value.strftime("%Y-%m-%d %H:%M" if (value.hour, value.minute) != (0, 0) else "%Y-%m-%d")


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _basename(path: str) -> str:
    return os.path.basename(path.rstrip("/")) or path


@dataclass(frozen=True)
class Links:
    """Where a page's links to other pages go. ``document``: a document's page (None: no link);
    ``edge``: the side-by-side of an edge (later, earlier) on the later article's page."""

    document: Callable[[int], str | None] = lambda _id: None
    edge: Callable[[int, int], str | None] = lambda _later, _earlier: None


FILE_LINKS = Links(
    document=lambda i: f"report-{i}.html",
    edge=lambda later, earlier: f"report-{later}.html#source-{earlier}",
)
"""Standalone files: ``provenance report N --format html -o report-N.html`` next to the audit's page."""


@dataclass(frozen=True)
class Nav:
    root: str = "/"


_ENV = Environment(
    loader=PackageLoader("provenance.render", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters.update(shown=shown, urllink=urllink, date=_date, pct=_pct, basename=_basename, counted=counted)


def _version() -> str:
    try:
        return version("provenance")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(source tree)"


def page(template: str, *, nav: Nav | None = None, links: Links | None = None, **context: Any) -> str:
    """A page from one of the templates (``nav``: the web view's navigation bar, else none)."""
    return _ENV.get_template(template).render(
        nav=nav, links=links or Links(), version=_version(), generated=None, **context
    )


# --- the report ----------------------------------------------------------------------------------


@dataclass
class _Right:
    position: int
    kind: str
    score: float
    quote: bool
    right: list[Piece]
    origin: str | None = None


@dataclass
class _Row:
    position: int
    status: str  # matched | new | excluded | unused
    css: str
    label: str
    left: list[Piece]
    matches: list[_Right] = field(default_factory=list)


def _kinds_text(kinds: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in kinds.items() if n) or "no matches"


def _css(kind: str, quote: bool) -> str:
    return f"k-{kind} q" if quote else f"k-{kind}"


def _rows(
    mine: Sequence[SentenceView],
    excluded: set[int],
    matches: Sequence[tuple[int, int, str, float, bool, str, str, str | None]],
    *,
    unmatched: tuple[str, str],
) -> list[_Row]:
    """One row per sentence of ``mine`` with its matches: (my position, their position, kind, score,
    quote, my text, their text, origin note). ``unmatched``: (status, label) of a row with none."""
    by_pos: dict[int, list[tuple[int, int, str, float, bool, str, str, str | None]]] = {}
    for m in matches:
        by_pos.setdefault(m[0], []).append(m)
    rows = []
    for s in mine:
        found = sorted(by_pos.get(s.position, []), key=lambda m: m[1])
        if found:
            joined = " ".join(m[6] for m in found)
            left, _ = word_diff(s.text, joined)
            best = min(found, key=lambda m: KIND_RANK.get(m[2], 9))
            rights = []
            for m in found:
                _, right = word_diff(s.text, m[6])
                if m[2] == "verbatim":
                    right = [Piece(m[6], True)]
                rights.append(_Right(m[1], m[2], m[3], m[4], right, m[7]))
            if all(m[2] == "verbatim" for m in found):
                left = [Piece(s.text, True)]
            rows.append(_Row(s.position, "matched", _css(best[2], best[4]), best[2], left, rights))
        elif s.position in excluded:
            rows.append(_Row(s.position, "excluded", "s-excluded", "not evidence", [Piece(s.text, True)]))
        else:
            rows.append(
                _Row(s.position, unmatched[0], f"s-{unmatched[0]}", unmatched[1], [Piece(s.text, True)])
            )
    return rows


def _origin_note(m: MatchView, source_id: int) -> str | None:
    if m.origin is None or m.origin.document.id == source_id:
        return None
    return f"#{m.origin.document.id}, sentence {m.origin.position}"


@dataclass
class _Edge:
    anchor: str
    relation: str  # source | reuser
    relation_text: str
    heading: str
    other: DocumentDetail
    later: DocumentDetail
    earlier: DocumentDetail
    view: ReuseView
    audit: EdgeAudit | None
    rows: list[_Row]
    unused: list[SentenceView]
    left_label: str
    right_label: str
    kinds_text: str


def _edge(p: ReportPage, view: ReuseView, *, is_source: bool) -> _Edge:
    doc = p.documents[p.report.document.id]
    other = p.documents[view.document.id]
    me, them = doc.document.id, other.document.id
    later, earlier = (doc, other) if is_source else (other, doc)
    audit = next(
        (a for a in p.audits if (a.later, a.earlier) == (later.document.id, earlier.document.id)), None
    )
    if is_source:  # my sentence is the match's ``sentence``
        pairs = [
            (
                m.position,
                m.source_position,
                m.kind,
                m.score,
                m.quote,
                m.sentence,
                m.source_sentence,
                _origin_note(m, them),
            )
            for m in view.matches
        ]
    else:
        pairs = [
            (m.source_position, m.position, m.kind, m.score, m.quote, m.source_sentence, m.sentence, None)
            for m in view.matches
        ]
    rows = _rows(
        doc.sentences,
        set(p.excluded.get(me, [])),
        pairs,
        unmatched=("new", "new") if is_source else ("unused", "not reused"),
    )
    used = {x[1] for x in pairs}
    unused = [s for s in other.sentences if s.position not in used]
    name = f"#{them}"
    return _Edge(
        anchor=f"{'source' if is_source else 'reuser'}-{them}",
        relation="source" if is_source else "reuser",
        relation_text="source (this article reuses it)" if is_source else "reuses this article",
        heading="Source" if is_source else "Reused by",
        other=other,
        later=later,
        earlier=earlier,
        view=view,
        audit=audit,
        rows=rows,
        unused=unused,
        left_label=f"this article (#{me}){' · later' if is_source else ' · earlier'}",
        right_label=f"{name}{' · earlier' if is_source else ' · later'}",
        kinds_text=_kinds_text(view.kinds),
    )


def report_html(p: ReportPage, *, nav: Nav | None = None, links: Links | None = None) -> str:
    """The side-by-side report of ``p.report.document``: each source, then each reuser."""
    doc = p.documents[p.report.document.id]
    edges = [_edge(p, v, is_source=True) for v in p.report.sources]
    edges += [_edge(p, v, is_source=False) for v in p.report.reused_by]
    excluded = set(p.excluded.get(doc.document.id, []))
    best: dict[int, tuple[str, bool]] = {}
    sources_of: dict[int, list[int]] = {}
    for v in p.report.sources:
        for m in v.matches:
            current = best.get(m.position)
            if current is None or KIND_RANK.get(m.kind, 9) < KIND_RANK.get(current[0], 9):
                best[m.position] = (m.kind, m.quote)
            if v.document.id not in sources_of.setdefault(m.position, []):
                sources_of[m.position].append(v.document.id)
    overview = []
    for s in doc.sentences:
        if s.position in best:
            css = _css(*best[s.position])
        elif s.position in excluded:
            css = "s-excluded"
        else:
            css = "s-new"
        overview.append(
            {
                "position": s.position,
                "text": s.text,
                "css": css,
                "sources": ", ".join(f"#{i}" for i in sources_of.get(s.position, [])),
            }
        )
    evidence = [s for s in doc.sentences if s.position not in excluded]
    coverage = sum(1 for s in evidence if s.position in best) / len(evidence) if evidence else 0.0
    pair_count = sum(len(v.matches) for v in (*p.report.sources, *p.report.reused_by))
    return page(
        "report.html",
        nav=nav,
        links=links,
        doc=doc,
        report=p.report,
        edges=edges,
        overview=overview,
        overview_coverage=coverage,
        pair_count=pair_count,
    )


@register("html", ReportPage)
def _report_page(p: ReportPage) -> str:
    return report_html(p)


# --- the audit -----------------------------------------------------------------------------------


@dataclass
class _Judged:
    later: DocumentRef
    source: DocumentRef
    via: list[DocumentRef]
    verdict: str
    findings: list[AuditFinding]
    href: str | None


_RANK = {"error": 0, "warning": 1, "info": 2}


def audit_html(
    rep: AuditReport, *, nav: Nav | None = None, links: Links = FILE_LINKS, filters: Any = None
) -> str:
    """The audit, one section per judged pair (later article, origin of the text) with its findings
    and a link to the side-by-side of the edge on the later article's report."""
    groups: dict[tuple[int, int], list[AuditFinding]] = {}
    for f in rep.findings:
        groups.setdefault((f.document.id, f.source.id), []).append(f)
    judged = []
    for (later_id, source_id), fs in groups.items():
        worst = min((f.severity for f in fs), key=_RANK.__getitem__)
        via = fs[0].via
        edge_to = via[0].id if via else source_id
        judged.append(
            _Judged(
                later=fs[0].document,
                source=fs[0].source,
                via=via,
                verdict="ok" if worst == "info" else worst,
                findings=fs,
                href=links.edge(later_id, edge_to),
            )
        )
    judged.sort(key=lambda j: (_RANK.get(j.verdict, 2), j.later.id, j.source.id))
    return page("audit.html", nav=nav, links=links, judged=judged, summary=rep.summary, filters=filters)


@register("html", AuditReport)
def _audit_page(rep: AuditReport) -> str:
    return audit_html(rep)


# --- a search ------------------------------------------------------------------------------------


def search_html(
    result: SearchResult, *, nav: Nav | None = None, links: Links | None = None, text: str | None = None
) -> str:
    """The searched text sentence by sentence (coloured when found), then each stored article found,
    its matched sentences side by side with the text's."""
    best: dict[int, tuple[str, bool]] = {}
    for h in result.hits:
        for m in h.matches:
            current = best.get(m.text_position)
            if current is None or KIND_RANK.get(m.kind, 9) < KIND_RANK.get(current[0], 9):
                best[m.text_position] = (m.kind, m.quote)
    overview = [
        {
            "position": s.position,
            "text": s.text,
            "css": _css(*best[s.position])
            if s.position in best
            else ("s-excluded" if s.excluded else "s-new"),
            "sources": ", ".join(f"#{i}" for i in s.found_in),
        }
        for s in result.sentences
    ]
    hits = []
    for h in result.hits:
        pairs = [
            (m.text_position, m.position, m.kind, m.score, m.quote, m.text_sentence, m.sentence, None)
            for m in h.matches
        ]
        matched = {m.text_position for m in h.matches}
        mine = [SentenceView(s.position, 0, 0, s.text, "") for s in result.sentences if s.position in matched]
        hits.append(
            {
                "hit": h,
                "rows": _rows(mine, set(), pairs, unmatched=("new", "new")),
                "kinds_text": _kinds_text(h.kinds),
            }
        )
    return page("search.html", nav=nav, links=links, result=result, overview=overview, hits=hits, text=text)


@register("html", SearchResult)
def _search_page(result: SearchResult) -> str:
    return search_html(result)
