"""Text and Markdown renderings of reuse reports, traces and comparisons."""

from __future__ import annotations

import textwrap

from provenance.render import escape
from provenance.render.diff import mark_pieces, marked
from provenance.render.registry import register
from provenance.render.table import Styled, cell, table, terminal_width
from provenance.results import ComparisonView, DocumentRef, MatchView, Report, ReportPage, ReuseView, Trace

DELETED, ADDED, DIM = "red strike", "green", "dim"  # rich styles of the terminal's word differences


def differences(earlier: str, later: str) -> Styled:
    """The later sentence with the words that differ from the earlier one marked: in colour, words
    only in the earlier one red and struck through, words only in the later one green (a space
    between a deletion and the addition that follows it); without colour ``[-old-]{+new+}``."""
    pieces: list[tuple[str, str | None]] = []
    for text, kind in mark_pieces(earlier, later):
        if kind == "add" and pieces and pieces[-1][1] == DELETED:
            pieces.append((" ", None))
        pieces.append((text, DELETED if kind == "del" else ADDED if kind == "add" else None))
    return Styled(tuple(pieces), marked(earlier, later))


def dimmed(text: str) -> Styled:
    return Styled(((text, DIM),), text)


def _name(doc: DocumentRef) -> str:
    date = f", {cell(doc.published_at)}" if doc.published_at else ", undated"
    return escape.one_line(f"#{doc.id} {doc.title or doc.path}{date}")


def _origin(m: MatchView, source_id: int) -> str:
    """Where the source sentence originates, when not in the source itself: "#1:3" (document, position)."""
    if m.origin is None or m.origin.document.id == source_id:
        return ""
    return f"#{m.origin.document.id}:{m.origin.position}"


def _standing(view: ReuseView) -> str:
    """The view's role and direction, when they are worth saying: an intermediary, an uncertain direction."""
    out = []
    if view.role == "intermediary":
        origins = sorted({m.origin.document.id for m in view.matches if m.origin is not None})
        out.append(f"intermediary (text from origin {', '.join(f'#{i}' for i in origins)})")
    if view.direction == "by-ingest-order":
        out.append("direction by ingest order (undated or same date): who copied whom is not known")
    return "".join(f"; {x}" for x in out)


def _kinds(kinds: dict[str, int]) -> str:
    return ", ".join(f"{n} {k}" for k, n in kinds.items() if n) or "no matches"


def _match_rows(matches: list[MatchView]) -> list[tuple[object, ...]]:
    return [
        (
            m.position,
            m.source_position,
            m.kind + (" (quote)" if m.quote else ""),
            m.score,
            m.sentence if m.kind == "verbatim" else differences(m.source_sentence, m.sentence),
            m.source_sentence,
        )
        for m in matches
    ]


def _edge_block(
    view: ReuseView,
    *,
    source_id: int,
    later_label: str,
    earlier_label: str,
    every: list[tuple[int, str, bool]] | None = None,
    doc_is_later: bool = True,
) -> str:
    """One edge: its headline and its matches, one row each. With ``every`` (DOC's sentences:
    position, text, excluded), every sentence of DOC in order, with its matches (as many rows as it
    has) or, unmatched, alone and dimmed (kind ``-``, or ``excluded`` for boilerplate, notices and
    credit lines)."""
    head = (
        f"{_name(view.document)}: {view.derivation}, coverage {view.coverage:.0%}, "
        f"{view.source_share:.0%} of the source reused; {_kinds(view.kinds)}{_standing(view)}"
    )
    rows = [(*r, _origin(m, source_id)) for r, m in zip(_match_rows(view.matches), view.matches, strict=True)]
    if every is not None:
        by_doc: dict[int, list[tuple[object, ...]]] = {}
        for r, m in zip(rows, view.matches, strict=True):
            by_doc.setdefault(m.position if doc_is_later else m.source_position, []).append(r)
        rows = []
        for position, text, excluded in every:
            if position in by_doc:
                rows += by_doc[position]
                continue
            alone = dimmed(text)
            kind = "excluded" if excluded else "-"
            rows.append(
                (position, None, kind, None, alone, None, "")
                if doc_is_later
                else (None, position, kind, None, None, alone, "")
            )
    headers = ["#", "SRC#", "KIND", "SCORE", later_label, earlier_label, "ORIGIN"]
    if not any(r[-1] for r in rows):  # every sentence originates in the source: no ORIGIN column
        headers, rows = headers[:-1], [r[:-1] for r in rows]
    return textwrap.fill(head, terminal_width()) + "\n" + table(headers, rows, wrap=(4, 5))


def _report_text(rep: Report, every: list[tuple[int, str, bool]] | None = None) -> str:
    out = [f"Report for {_name(rep.document)}", ""]
    out.append(f"Sources ({len(rep.sources)}): earlier articles this one reuses")
    out += [
        _edge_block(
            v,
            source_id=v.document.id,
            later_label="THIS SENTENCE",
            earlier_label="SOURCE SENTENCE",
            every=every,
        )
        + "\n"
        for v in rep.sources
    ] or ["  none\n"]
    out.append(f"Reused by ({len(rep.reused_by)}): later articles that reuse this one")
    out += [
        _edge_block(
            v,
            source_id=rep.document.id,
            later_label="THEIR SENTENCE",
            earlier_label="THIS SENTENCE",
            every=every,
            doc_is_later=False,
        )
        + "\n"
        for v in rep.reused_by
    ] or ["  none"]
    return "\n".join(out).rstrip()


@register("table", Report, escapes=True)
def report_text(rep: Report) -> str:
    return _report_text(rep)


@register("table", ReportPage, escapes=True)
def report_all_sentences(page: ReportPage) -> str:
    """``report --all-sentences``: each edge with every sentence of DOC, the unmatched ones dimmed."""
    doc_id = page.report.document.id
    skip = set(page.excluded.get(doc_id, []))
    every = [(s.position, s.text, s.position in skip) for s in page.documents[doc_id].sentences]
    return _report_text(page.report, every)


def _md_escape(text: str) -> str:
    return escape.markdown(text)


@register("markdown", Report)
def report_markdown(rep: Report) -> str:
    out = [f"# Reuse report: {_md_escape(_name(rep.document))}", ""]
    for title, views in (("Sources", rep.sources), ("Reused by", rep.reused_by)):
        out += [f"## {title}", ""]
        if not views:
            out += ["None.", ""]
        for v in views:
            source_id = v.document.id if title == "Sources" else rep.document.id
            out += [
                f"### {_md_escape(_name(v.document))}",
                "",
                f"{v.derivation}; coverage {v.coverage:.0%}; {v.source_share:.0%} of the source reused; "
                f"{_kinds(v.kinds)}{_md_escape(_standing(v))}.",
                "",
                "| later sentence | earlier sentence | kind | score | quote | origin |",
                "|---|---|---|---|---|---|",
            ]
            out += [
                f"| {_md_escape(m.sentence)} | {_md_escape(m.source_sentence)} | {m.kind} | {m.score:.2f} "
                f"| {'yes' if m.quote else ''} | {_origin(m, source_id)} |"
                for m in v.matches
            ]
            out.append("")
    return "\n".join(out).rstrip()


@register("table", Trace)
def trace_text(tr: Trace) -> str:
    if tr.earliest is None:
        return f"No stored sentence matches: {tr.text}"
    e = tr.earliest
    lines = [f"Earliest: {_name(e.document)}, sentence {e.position}", f"  {e.sentence}", ""]
    rows = [(_name(o.document), o.position, o.kind, o.score, o.sentence) for o in tr.later]
    lines.append(
        table(["LATER ARTICLE", "#", "KIND", "SCORE", "SENTENCE"], rows, wrap=(0, 4))
        if rows
        else "No later reuse."
    )
    return "\n".join(lines)


@register("table", ComparisonView, escapes=True)
def comparison_text(c: ComparisonView) -> str:
    head = (
        f"{escape.one_line(c.later)} vs {escape.one_line(c.earlier)}: {c.derivation}, coverage {c.coverage:.0%}, "
        f"{c.source_share:.0%} of the earlier reused; {_kinds(c.kinds)}"
    )
    return (
        head
        + "\n"
        + table(["#", "SRC#", "KIND", "SCORE", "LATER", "EARLIER"], _match_rows(c.matches), wrap=(4, 5))
    )
