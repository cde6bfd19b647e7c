"""The attribution audit: every reuse edge judged against the source's licence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping


from provenance.api.licences import Effective, effective_licences
from provenance.api.reports import current_boilerplate, edge_view
from provenance.errors import UsageError
from provenance.licences import (
    SUBSTANTIAL_COVERAGE,
    SUBSTANTIAL_SENTENCES,
    EdgeFacts,
    Party,
    detect_credits,
    detect_notices,
    judge,
)
from provenance.match import DEFAULT_CONFIG, DEFAULT_DETECT, DetectConfig, MatchConfig
from provenance.results import SEVERITIES, AuditFinding, AuditReport, DocumentSummary
from provenance.store import Store, documents, edges, queries
from provenance.store import licences as store_licences
from provenance.store.records import PublisherRow

_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _party(
    doc_id: int,
    publisher: PublisherRow | None,
    effective: Mapping[int, Effective],
    summaries: Mapping[int, DocumentSummary],
) -> Party:
    summary = summaries[doc_id]
    lic = effective[doc_id]
    return Party(
        document_id=doc_id,
        title=summary.title or summary.name,
        licence=lic.spdx,
        holder=lic.holder,
        publisher=publisher.name if publisher else None,
        publisher_aliases=publisher.aliases if publisher else (),
        url=summary.url,
        noncommercial=publisher.noncommercial if publisher else False,
    )


def audit(
    store: Store,
    doc: str | int | None = None,
    *,
    as_source: bool = False,
    include_compliant: bool = False,
    substantial_coverage: float = SUBSTANTIAL_COVERAGE,
    substantial_sentences: int = SUBSTANTIAL_SENTENCES,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> AuditReport:
    """Judge reuse edges: all of them, those where DOC is the later article, or (``as_source``) the earlier.

    Info findings (public domain, same holder, compliant) are listed only with ``include_compliant``;
    the summary always counts every edge by its verdict (its most severe finding; ``ok`` when none).
    """
    if as_source and doc is None:
        raise UsageError("--as-source needs a document")
    with store.read() as conn:
        doc_id = queries.resolve_document(conn, str(doc)) if doc is not None else None
        chosen = (
            edges.all_edges(conn)
            if doc_id is None
            else [
                e
                for e in edges.edges_of(conn, doc_id)
                if (e.earlier_id if as_source else e.later_id) == doc_id
            ]
        )
        ids = sorted({i for e in chosen for i in (e.later_id, e.earlier_id)})
        docs = documents.load_documents(conn, ids)
        skip = current_boilerplate(conn, docs, detect_config)
        summaries = queries.document_summaries(conn, ids)
        publisher_of = queries.publisher_ids(conn, ids)
        effective = effective_licences(conn, ids, publisher_of)
        rows = {p: store_licences.publisher_row(conn, p) for p in set(publisher_of.values()) if p is not None}
        parties = {
            i: _party(i, None if (p := publisher_of[i]) is None else rows[p], effective, summaries)
            for i in ids
        }
        findings: list[AuditFinding] = []
        verdicts: Counter[str] = Counter()
        rules: Counter[str] = Counter()
        for e in chosen:
            view = edge_view(conn, e, e.earlier_id, docs, skip, match_config=match_config)
            if view is None:  # every match was on what is now boilerplate
                continue
            later_text = docs[e.later_id].text
            facts = EdgeFacts(
                later=parties[e.later_id],
                earlier=parties[e.earlier_id],
                later_credits=tuple(detect_credits(later_text)),
                later_notices=tuple(detect_notices(later_text)),
                adapted=any(m.kind != "verbatim" for m in view.matches),
                matched_sentences=view.matched_sentences,
                coverage=view.coverage,
                source_share=view.source_share,
            )
            judged = judge(
                facts, substantial_coverage=substantial_coverage, substantial_sentences=substantial_sentences
            )
            worst = min((f.severity for f in judged), key=_RANK.__getitem__, default="info")
            verdicts["ok" if worst == "info" else worst] += 1
            for f in judged:
                rules[f.rule] += 1
                if f.severity != "info" or include_compliant:
                    findings.append(
                        AuditFinding(
                            document=queries.document_ref(summaries[e.later_id]),
                            source=queries.document_ref(summaries[e.earlier_id]),
                            rule=f.rule,
                            severity=f.severity,
                            licence=f.licence,
                            message=f.message,
                        )
                    )
    findings.sort(key=lambda f: (_RANK[f.severity], f.document.id, f.source.id, f.rule))
    summary = {
        "edges": sum(verdicts.values()),
        "verdicts": {k: verdicts.get(k, 0) for k in ("error", "warning", "ok")},
        "findings": {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES},
        "rules": dict(sorted(rules.items())),
    }
    return AuditReport(findings=findings, summary=summary)
