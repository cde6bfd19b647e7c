"""The attribution audit: every reuse judged against the licence of the text's origin.

Each later article L's reused sentences are grouped by their *origin* (``reports.Origins``: the
earliest stored sentence their matches lead back to), over all of L's edges. Each group, a
*judgement* (L, O), is judged once against O's licence and holder: the sentences L took from O
directly and those it took from a copy of O's text (an intermediary I, given in ``via``) alike,
so crediting O satisfies attribution whichever copy L used, and the edge L → I, when all its
sentences originate in O, gets no finding of its own. A sentence of I's own (one that traces no
further) is judged against I. An edge's verdict is the most severe finding of the judgements its
matches feed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Row

from provenance.api.licences import Effective, effective_licences
from provenance.api.reports import Origins, current_boilerplate, edge_view
from provenance.errors import UsageError
from provenance.licences import (
    SUBSTANTIAL_COVERAGE,
    SUBSTANTIAL_SENTENCES,
    Credit,
    EdgeFacts,
    Notice,
    Party,
    detect_credits,
    detect_notices,
    judge,
)
from provenance.licences.audit import UNRECOGNISED
from provenance.licences.credits import credits_name
from provenance.match import DEFAULT_CONFIG, DEFAULT_DETECT, DetectConfig, MatchConfig, derivation_of
from provenance.match.direction import (
    BY_DATE,
    BY_INGEST_ORDER,
    DIRECTION_WINDOW,
    UNCERTAIN,
    direction_basis,
)
from provenance.results import SEVERITIES, AuditFinding, AuditReport, DocumentSummary, MatchView, ReuseView
from provenance.store import Store, documents, edges, queries
from provenance.store import licences as store_licences
from provenance.store.records import PublisherRow, StoredDocument

_RANK = {s: i for i, s in enumerate(SEVERITIES)}
BY_CREDIT = "by-credit"
# Credits that name where a story came from (an agency, a wire): two articles both carrying one are
# siblings of that source. Links, licences and "changes" are not sources.
_SOURCE_CREDITS = frozenset(
    {"agency-tag", "dash-credit", "source-line", "via", "originally-published", "first-appeared", "courtesy"}
)


def _credits(credits: Sequence[Credit], party: Party) -> bool:
    return credits_name(
        credits,
        [n for n in (party.holder, party.publisher, *party.publisher_aliases) if n],
        [party.url] if party.url else [],
    )


def _shared_source(
    later: Party, earlier: Party, later_credits: Sequence[Credit], earlier_credits: Sequence[Credit]
) -> str | None:
    """A third party both articles credit as their source while neither credits the other."""
    if _credits(later_credits, earlier) or _credits(earlier_credits, later):
        return None
    own = [n for p in (later, earlier) for n in (p.holder, p.publisher, *p.publisher_aliases) if n]
    for c in later_credits:
        if c.kind not in _SOURCE_CREDITS or not c.name:
            continue
        if credits_name([c], own):
            continue  # the article crediting its own publisher
        if credits_name([x for x in earlier_credits if x.kind in _SOURCE_CREDITS], [c.name]):
            return c.name
    return None


def _direction(
    later: Party,
    origin: Party,
    bases: Sequence[str],
    later_credits: Sequence[Credit],
    origin_credits: Sequence[Credit],
) -> str:
    """The direction basis of a judgement: the dates' (``bases``, of L and each copy against O),
    unless they leave it uncertain and L credits O while O does not credit L (``by-credit``)."""
    if all(b == BY_DATE for b in bases):
        return BY_DATE
    if _credits(later_credits, origin) and not _credits(origin_credits, later):
        return BY_CREDIT
    return BY_INGEST_ORDER if BY_INGEST_ORDER in bases else UNCERTAIN


def _party(
    doc_id: int,
    publisher: PublisherRow | None,
    effective: Mapping[int, Effective],
    summaries: Mapping[int, DocumentSummary],
    licence_value: str | None,
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
        undated=summary.undated,
        licence_value=licence_value,
    )


@dataclass
class _Judgement:
    """L's sentences that originate in O: positions in L, the kinds of their matches, the copies used."""

    later: int
    origin: int
    positions: set[int] = field(default_factory=set)
    origin_positions: set[int] = field(default_factory=set)
    direct: dict[int, set[str]] = field(default_factory=dict)  # from the edge L -> O itself
    copied: dict[int, set[str]] = field(default_factory=dict)  # from edges L -> I, I an intermediary
    via: set[int] = field(default_factory=set)

    def adapted(self) -> bool:
        """Adapted when a match of one of these sentences is not verbatim: the match with O itself
        when L has one for that sentence, else its matches with the intermediaries."""
        return any(
            k != "verbatim" for p in self.positions for k in self.direct.get(p) or self.copied.get(p, set())
        )


def _judged_against(later_id: int, earlier_id: int, m: MatchView) -> int:
    """The document a match of L with E is judged against: its source sentence's origin, unless a
    cycle of directions led back to L itself (then E)."""
    if m.origin is None or m.origin.document.id == later_id:
        return earlier_id
    return m.origin.document.id


def _judgements(later_id: int, views: Sequence[tuple[int, ReuseView]]) -> dict[int, _Judgement]:
    """L's judgements, by origin document, from its edge views (earlier id, view)."""
    out: dict[int, _Judgement] = {}
    for earlier_id, view in views:
        for m in view.matches:
            origin_id = _judged_against(later_id, earlier_id, m)
            origin_pos = m.origin.position if m.origin and origin_id != earlier_id else m.source_position
            j = out.setdefault(origin_id, _Judgement(later_id, origin_id))
            j.positions.add(m.position)
            j.origin_positions.add(origin_pos)
            if earlier_id == origin_id:
                j.direct.setdefault(m.position, set()).add(m.kind)
            else:
                j.copied.setdefault(m.position, set()).add(m.kind)
                j.via.add(earlier_id)
    return out


def _later_evidence(
    conn: Connection, doc_ids: Sequence[int], docs: Mapping[int, StoredDocument]
) -> dict[int, tuple[tuple[Credit, ...], tuple[Notice, ...]]]:
    """Each later article's credits (its text's and its page's) and licence notices (detected in its
    text, and its page notes as notices of their evidence text)."""
    pages = queries.page_texts(conn, doc_ids)
    notes = store_licences.notes_for(conn, list(doc_ids))
    out: dict[int, tuple[tuple[Credit, ...], tuple[Notice, ...]]] = {}
    for doc_id in doc_ids:
        text, page = docs[doc_id].text, pages.get(doc_id, "")
        credits = tuple(detect_credits(text)) + (tuple(detect_credits(page)) if page else ())
        page_notices = []
        for n in notes[doc_id]:
            if n.origin != "page":
                continue
            evidence = n.notice or ""
            try:
                page_notices.append(Notice(n.spdx, n.holder, evidence, 0, len(evidence), n.scope))
            except ValueError:  # not a licence id Notice accepts: no evidence of a licence named
                continue
        out[doc_id] = (credits, tuple(detect_notices(text)) + tuple(page_notices))
    return out


def _unrecognised_values(
    conn: Connection, effective: Mapping[int, Effective], publisher_of: Mapping[int, int | None]
) -> dict[int, str]:
    """The licence value given, for each document whose governing licence was not recognised."""
    wanted = [d for d, e in effective.items() if e.spdx == UNRECOGNISED]
    if not wanted:
        return {}
    by_doc = store_licences.notes_for(conn, wanted)
    pubs = sorted({p for d in wanted if (p := publisher_of.get(d)) is not None})
    by_pub = store_licences.publisher_notes(conn, pubs) if pubs else {}
    out: dict[int, str] = {}
    for d in wanted:
        pub = publisher_of.get(d)
        notes = [*by_doc[d], *(by_pub.get(pub, []) if pub is not None else [])]
        value = next((n.notice for n in notes if n.spdx == UNRECOGNISED and n.notice), None)
        if value:
            out[d] = value
    return out


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
    direction_window: timedelta = DIRECTION_WINDOW,
) -> AuditReport:
    """Judge reuse edges: all of them, those where DOC is the later article, or (``as_source``) the earlier.

    Reuse is judged against the origin of the text (see the module docstring). Info findings
    (public domain, same holder, compliant) are listed only with ``include_compliant``; the summary
    counts every edge by its verdict (its most severe finding; ``ok`` when none).
    With ``as_source``, the judgements shown are those the edges from DOC feed: a later article that
    reused DOC's text only through a copy (no edge to DOC) is found by auditing it, or everything.
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
        # Every edge of each later article: its judgements gather its sentences from all its sources.
        of_later: dict[int, list[Row[Any]]] = defaultdict(list)
        if doc_id is None or not as_source:
            for e in chosen:
                of_later[e.later_id].append(e)
        else:
            for later_id in sorted({e.later_id for e in chosen}):
                of_later[later_id] = [e for e in edges.edges_of(conn, later_id) if e.later_id == later_id]
        ids = sorted({i for es in of_later.values() for e in es for i in (e.later_id, e.earlier_id)})
        docs = documents.load_documents(conn, ids)
        skip = current_boilerplate(store, conn, docs, detect_config)
        origins = Origins(conn)
        flags: dict[int, list[Any]] = {}
        views: dict[tuple[int, int], ReuseView] = {}
        for es in of_later.values():
            for e in es:
                view = edge_view(
                    conn,
                    e,
                    e.earlier_id,
                    docs,
                    skip,
                    flags=flags,
                    origins=origins,
                    match_config=match_config,
                    direction_window=direction_window,
                )
                if view is not None:  # None: every match was on what is now boilerplate
                    views[(e.later_id, e.earlier_id)] = view
        judgements = {
            later_id: _judgements(
                later_id, [(e.earlier_id, views[k]) for e in es if (k := (later_id, e.earlier_id)) in views]
            )
            for later_id, es in of_later.items()
        }
        origin_ids = {o for js in judgements.values() for o in js}
        missing = sorted(origin_ids - set(docs))
        if missing:
            new = documents.load_documents(conn, missing)
            docs.update(new)
            skip.update(current_boilerplate(store, conn, new, detect_config))
        ids = sorted(set(ids) | origin_ids)
        summaries = queries.document_summaries(conn, ids)
        publisher_of = queries.publisher_ids(conn, ids)
        effective = effective_licences(conn, ids, publisher_of)
        values = _unrecognised_values(conn, effective, publisher_of)
        rows = {p: store_licences.publisher_row(conn, p) for p in set(publisher_of.values()) if p is not None}
        parties = {
            i: _party(
                i, None if (p := publisher_of[i]) is None else rows[p], effective, summaries, values.get(i)
            )
            for i in ids
        }
        evidence = _later_evidence(conn, sorted(set(of_later) | origin_ids), docs)

        judged: dict[tuple[int, int], list[Any]] = {}
        direction_of: dict[tuple[int, int], str] = {}
        for later_id, js in judgements.items():
            later = docs[later_id]
            later_ok = sum(1 for s in later.sentences if s.position not in skip[later_id])
            for origin_id, j in js.items():
                origin = docs[origin_id]
                origin_ok = sum(1 for s in origin.sentences if s.position not in skip[origin_id])
                matched = len(j.positions - skip[later_id])
                coverage = matched / later_ok if later_ok else 0.0
                credits, notices = evidence[later_id]
                origin_credits = evidence[origin_id][0]
                bases = [
                    direction_basis(docs[a].published_at, origin.published_at, window=direction_window)
                    for a in (later_id, *j.via)
                ]
                direction = _direction(parties[later_id], parties[origin_id], bases, credits, origin_credits)
                facts = EdgeFacts(
                    later=parties[later_id],
                    earlier=parties[origin_id],
                    later_credits=credits,
                    later_notices=notices,
                    adapted=j.adapted(),
                    matched_sentences=matched,
                    coverage=coverage,
                    source_share=len(j.origin_positions - skip[origin_id]) / origin_ok if origin_ok else 0.0,
                    direction=direction,
                    via=tuple(sorted(j.via)),
                    derivation=derivation_of(coverage, matched, config=match_config),
                    shared_source=_shared_source(
                        parties[later_id], parties[origin_id], credits, origin_credits
                    ),
                    same_date=later.published_at is not None and later.published_at == origin.published_at,
                )
                judged[(later_id, origin_id)] = judge(
                    facts,
                    substantial_coverage=substantial_coverage,
                    substantial_sentences=substantial_sentences,
                )
                direction_of[(later_id, origin_id)] = direction

        # The judgements the chosen edges feed, each once; an edge's verdict is their worst finding.
        shown: dict[tuple[int, int], None] = {}
        verdicts: Counter[str] = Counter()
        for e in chosen:
            view = views.get((e.later_id, e.earlier_id))
            if view is None:
                continue
            fed = list(
                dict.fromkeys(
                    (e.later_id, _judged_against(e.later_id, e.earlier_id, m)) for m in view.matches
                )
            )
            worst = min((f.severity for k in fed for f in judged[k]), key=_RANK.__getitem__, default="info")
            verdicts["ok" if worst == "info" else worst] += 1
            shown.update(dict.fromkeys(fed))
        findings: list[AuditFinding] = []
        rules: Counter[str] = Counter()
        for later_id, origin_id in shown:
            j = judgements[later_id][origin_id]
            for f in judged[(later_id, origin_id)]:
                rules[f.rule] += 1
                if f.severity != "info" or include_compliant:
                    findings.append(
                        AuditFinding(
                            document=queries.document_ref(summaries[later_id]),
                            source=queries.document_ref(summaries[origin_id]),
                            rule=f.rule,
                            severity=f.severity,
                            licence=f.licence,
                            message=f.message,
                            direction=direction_of[(later_id, origin_id)],
                            via=[queries.document_ref(summaries[i]) for i in sorted(j.via)],
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
