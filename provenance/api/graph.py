"""The store as a graph (``provenance graph``): documents as nodes, reuse edges as ``report`` sees them
now (coverage, kinds, the earlier article's role) with the audit's verdict, and versions (two stored
documents with the same URL).

Edges are read a chunk of later articles at a time (their documents loaded, boilerplate judged
against the store as it is now, the matches' origins followed), so memory stays bounded by the
chunk, not the store; ``progress(step, done, total)`` is told after each chunk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row

from provenance.api.audit import audit
from provenance.api.licences import effective_licences
from provenance.api.reports import Origins, current_boilerplate, edge_view
from provenance.match import DEFAULT_CONFIG, DEFAULT_DETECT, DetectConfig, MatchConfig
from provenance.results import (
    SEVERITIES,
    AuditReport,
    DocumentSummary,
    GraphEdge,
    GraphNode,
    GraphRevision,
    ReuseGraph,
    ReuseView,
)
from provenance.store import Store, documents, edges, queries

Progress = Callable[[str, int, int], None]
"""Told ``(step, done, total)`` as a long read goes: step "edges" (edges read) or "audit" (0 of 1, then 1)."""

CHUNK = 200  # later articles whose edges are read at once

_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _quiet(step: str, done: int, total: int) -> None:
    return None


def edge_views(
    store: Store,
    conn: Connection,
    *,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
    progress: Progress = _quiet,
    chunk: int = CHUNK,
) -> Iterator[tuple[Row[Any], ReuseView]]:
    """Every stored edge with its view as ``report`` gives it (edges whose matches are all on what is
    now boilerplate are left out), later articles in id order, a chunk at a time."""
    found = edges.all_edges(conn)
    by_later: dict[int, list[Row[Any]]] = defaultdict(list)
    for e in found:
        by_later[e.later_id].append(e)
    later_ids = sorted(by_later)
    origins = Origins(conn)
    done = 0
    progress("edges", 0, len(found))
    for start in range(0, len(later_ids), chunk):
        group = [e for i in later_ids[start : start + chunk] for e in by_later[i]]
        docs = documents.load_documents(conn, {i for e in group for i in (e.later_id, e.earlier_id)})
        skip = current_boilerplate(store, conn, docs, detect_config)
        summaries = queries.document_summaries(conn, docs)
        flags: dict[int, list[Any]] = {}
        pairs = edges.matches_as_later(conn, sorted({e.later_id for e in group}))
        for e in group:
            rows = [m for ms in pairs[e.later_id].values() for m in ms if m.earlier_id == e.earlier_id]
            rows.sort(key=lambda m: (m.later_position, m.earlier_position))
            view = edge_view(
                conn,
                e,
                e.earlier_id,
                docs,
                skip,
                found=rows,
                other=summaries[e.earlier_id],
                flags=flags,
                origins=origins,
                match_config=match_config,
            )
            if view is not None:
                yield e, view
        done += len(group)
        progress("edges", done, len(found))


def fed_judgements(later: int, earlier: int, view: ReuseView) -> set[int]:
    """The origins whose judgements (later, origin) the edge's matches feed (as the audit groups them)."""
    return {
        earlier if m.origin is None or m.origin.document.id == later else m.origin.document.id
        for m in view.matches
    }


def _verdicts(report: AuditReport) -> dict[tuple[int, int], tuple[str, list[str]]]:
    """Per judgement (later, origin): its worst severity and its rules."""
    out: dict[tuple[int, int], tuple[str, list[str]]] = {}
    for f in report.findings:
        key = (f.document.id, f.source.id)
        worst, rules = out.get(key, ("info", []))
        if f.rule not in rules:
            rules = [*rules, f.rule]
        out[key] = (min(worst, f.severity, key=_RANK.__getitem__), rules)
    return out


def _revisions(summaries: list[DocumentSummary]) -> list[GraphRevision]:
    """Documents sharing a URL are versions of one article: each is a revision of the one before it
    (by publication date, undated ones last, then ingest order)."""
    by_url: dict[str, list[DocumentSummary]] = defaultdict(list)
    for s in summaries:
        if s.url:
            by_url[s.url.strip()].append(s)
    out = []
    for url, docs in sorted(by_url.items()):
        docs.sort(key=lambda s: (s.published_at is None, s.published_at or datetime.min, s.id))
        out += [
            GraphRevision(later=b.id, earlier=a.id, url=url) for a, b in zip(docs, docs[1:], strict=False)
        ]
    return out


def graph(
    store: Store,
    *,
    with_audit: bool = True,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
    progress: Progress = _quiet,
) -> ReuseGraph:
    """Every document (publisher, date, governing licence) and every reuse edge (coverage, kinds,
    role, direction, and with ``with_audit`` the audit's verdict and rules; else verdict
    ``not-audited``), and the versions of articles stored more than once under one URL."""
    findings: dict[tuple[int, int], tuple[str, list[str]]] = {}
    if with_audit:
        progress("audit", 0, 1)
        found = audit(store, include_compliant=True, match_config=match_config, detect_config=detect_config)
        findings = _verdicts(found)
        progress("audit", 1, 1)
    with store.read() as conn:
        summaries = queries.list_documents(conn)
        ids = [s.id for s in summaries]
        publisher_of = queries.publisher_ids(conn, ids)
        licences = effective_licences(conn, ids, publisher_of)
        nodes = [
            GraphNode(
                id=s.id,
                title=s.title,
                name=s.name,
                url=s.url,
                publisher=s.publisher,
                published_at=s.published_at,
                sentences=s.sentences,
                licence=licences[s.id].spdx,
                licence_holder=licences[s.id].holder,
            )
            for s in summaries
        ]
        out: list[GraphEdge] = []
        for e, view in edge_views(
            store, conn, match_config=match_config, detect_config=detect_config, progress=progress
        ):
            verdict, rules = "not-audited", []
            if with_audit:
                worst = "info"
                for origin in sorted(fed_judgements(e.later_id, e.earlier_id, view)):
                    severity, found_rules = findings.get((e.later_id, origin), ("info", []))
                    worst = min(worst, severity, key=_RANK.__getitem__)
                    rules += [r for r in found_rules if r not in rules]
                verdict = "ok" if worst == "info" else worst
            out.append(
                GraphEdge(
                    later=e.later_id,
                    earlier=e.earlier_id,
                    coverage=view.coverage,
                    source_share=view.source_share,
                    derivation=view.derivation,
                    matched_sentences=view.matched_sentences,
                    kinds=view.kinds,
                    quotes=sum(1 for m in view.matches if m.quote),
                    role=view.role,
                    direction=view.direction,
                    verdict=verdict,
                    rules=rules,
                )
            )
    return ReuseGraph(nodes=nodes, edges=out, revisions=_revisions(summaries))
