"""What the HTML pages show beyond one command's result: a report with both sides' texts, licence
notes and audit verdicts (``report --format html``, the web view's document page)."""

from __future__ import annotations

from provenance.api.audit import audit
from provenance.api.documents import show
from provenance.api.reports import current_boilerplate, report
from provenance.match import DEFAULT_CONFIG, DEFAULT_DETECT, DetectConfig, MatchConfig
from provenance.results import SEVERITIES, AuditFinding, EdgeAudit, ReportPage, ReuseView
from provenance.store import Store, documents, queries

_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def report_page(
    store: Store,
    ref: str | int,
    *,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> ReportPage:
    """DOC's report (as ``report``), each document of it as ``show`` gives it, and the audit of each
    edge (as ``audit DOC`` and ``audit DOC --as-source`` judge it, info findings included)."""
    with store.read() as conn:
        doc_id = queries.resolve_document(conn, str(ref))
    rep = report(store, doc_id, match_config=match_config, detect_config=detect_config)
    ids = [doc_id, *(v.document.id for v in rep.sources), *(v.document.id for v in rep.reused_by)]
    details = {i: show(store, i) for i in dict.fromkeys(ids)}
    with store.read() as conn:
        skip = current_boilerplate(store, conn, documents.load_documents(conn, list(details)), detect_config)
    findings: list[AuditFinding] = []
    for as_source, views in ((False, rep.sources), (True, rep.reused_by)):
        if views:
            found = audit(
                store,
                doc_id,
                as_source=as_source,
                include_compliant=True,
                match_config=match_config,
                detect_config=detect_config,
            )
            findings += found.findings
    audits = [_edge_audit(doc_id, v.document.id, v, findings) for v in rep.sources]
    audits += [_edge_audit(v.document.id, doc_id, v, findings) for v in rep.reused_by]
    return ReportPage(
        report=rep,
        documents=details,
        excluded={i: sorted(skip[i]) for i in details},
        audits=audits,
    )


def _edge_audit(later: int, earlier: int, view: ReuseView, findings: list[AuditFinding]) -> EdgeAudit:
    """The findings of the judgements the edge's matches feed: each judged against the origin of its
    source sentence (the earlier article when it originates there), as the audit groups them."""
    fed = {
        earlier if m.origin is None or m.origin.document.id == later else m.origin.document.id
        for m in view.matches
    }
    mine = [f for f in findings if f.document.id == later and f.source.id in fed]
    mine = list({(f.document.id, f.source.id, f.rule, f.message): f for f in mine}.values())
    worst = min((f.severity for f in mine), key=_RANK.__getitem__, default="info")
    return EdgeAudit(later=later, earlier=earlier, verdict="ok" if worst == "info" else worst, findings=mine)
