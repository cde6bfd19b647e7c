"""What studies of newsroom recycling counted by hand (``provenance stats``).

An article is *derived* from another source when one of its reuse edges (as ``report`` sees it
now) to an earlier article of another publisher is ``wholly-derived`` or ``partially-derived``;
articles without a publisher are never the same publisher as another (their outlet is unknown).
An article wholly derived from one source and partially from another counts as wholly derived.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from provenance.api.audit import _later_evidence, audit
from provenance.api.graph import Progress, _quiet, edge_views
from provenance.api.licences import effective_licences
from provenance.errors import UsageError
from provenance.licences import credits_name
from provenance.match import DEFAULT_CONFIG, DEFAULT_DETECT, DetectConfig, MatchConfig
from provenance.match.boilerplate import boilerplate_positions
from provenance.results import DocumentSummary, ReuseStats, StatsOutlet, StatsRow, StatsSource
from provenance.api.index import reading
from provenance.reuse import CandidateIndex, recurrence_now
from provenance.store import Store, documents, queries
from provenance.store import licences as store_licences
from provenance.store.bulk import chunks
from provenance.store.models import licence_notes, matches, publishers, reuse_edges, sentences

BY = ("publisher", "month")
DERIVED = ("wholly-derived", "partially-derived")
CREDIT = ("attributed", "licensed", "both", "neither", "same-holder")


def _month(s: DocumentSummary) -> str | None:
    return s.published_at.strftime("%Y-%m") if s.published_at is not None else None


def _other_outlet(a: DocumentSummary, b: DocumentSummary) -> bool:
    return a.publisher is None or b.publisher is None or a.publisher != b.publisher


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _rows(summaries: dict[int, DocumentSummary], derivation: dict[int, str], by: str) -> list[StatsRow]:
    groups: dict[tuple[str | None, str | None], list[int]] = defaultdict(list)
    for s in summaries.values():
        groups[(s.publisher, _month(s) if by == "month" else None)].append(s.id)
    out = []
    for (publisher, month), ids in sorted(
        groups.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or "", kv[0][1] is None, kv[0][1] or "")
    ):
        wholly = sum(1 for i in ids if derivation.get(i) == "wholly-derived")
        partially = sum(1 for i in ids if derivation.get(i) == "partially-derived")
        out.append(
            StatsRow(
                publisher=publisher,
                month=month,
                articles=len(ids),
                wholly_derived=wholly,
                partially_derived=partially,
                wholly_share=_share(wholly, len(ids)),
                partially_share=_share(partially, len(ids)),
                derived_share=_share(wholly + partially, len(ids)),
            )
        )
    return out


def _credit(conn: Connection, judgements: dict[tuple[int, int], set[str]]) -> dict[str, int]:
    """Each audit judgement (later L, origin O) counted once: ``same-holder`` (no licence condition
    applies), else by whether L credits O (its holder, publisher or an alias, or its URL: the
    audit's credit check) and whether O's licence grants the reuse (no ``unlicensed-reuse``)."""
    out = dict.fromkeys(CREDIT, 0)
    if not judgements:
        return out
    later_ids = sorted({k[0] for k in judgements})
    ids = sorted({i for k in judgements for i in k})
    summaries = queries.document_summaries(conn, ids)
    publisher_of = queries.publisher_ids(conn, ids)
    licences = effective_licences(conn, ids, publisher_of)
    rows = {p: store_licences.publisher_row(conn, p) for p in set(publisher_of.values()) if p is not None}
    for group in chunks(later_ids, 500):
        docs = documents.load_documents(conn, group)
        evidence = _later_evidence(conn, list(group), docs)
        for (later, origin), rules in judgements.items():
            if later not in docs:
                continue
            if "same-holder" in rules:
                out["same-holder"] += 1
                continue
            pub = publisher_of[origin]
            names = [
                n
                for n in (
                    licences[origin].holder,
                    *((rows[pub].name, *rows[pub].aliases) if pub is not None else ()),
                )
                if n
            ]
            url = summaries[origin].url
            attributed = bool(names or url) and credits_name(evidence[later][0], names, [url] if url else [])
            licensed = "unlicensed-reuse" not in rules
            key = (
                "both"
                if attributed and licensed
                else "attributed"
                if attributed
                else "licensed"
                if licensed
                else "neither"
            )
            out[key] += 1
    return out


def _boilerplate(
    store: Store, conn: Connection, ids: Iterable[int], detect_config: DetectConfig, progress: Progress
) -> dict[str, float]:
    """Stored sentences that are boilerplate now (as detection judges it), and those that are licence
    notices or credit lines; with their shares of all sentences."""
    with reading(store, conn) as (_, index):
        return _boilerplate_shares(conn, index, sorted(ids), detect_config, progress)


def _boilerplate_shares(
    conn: Connection, index: CandidateIndex, ids: list[int], detect_config: DetectConfig, progress: Progress
) -> dict[str, float]:
    total = boiler = notes = 0
    progress("documents", 0, len(ids))
    for done, group in enumerate(chunks(ids, 500)):
        docs = documents.load_documents(conn, group)
        counts = recurrence_now(index, docs.values())
        for d in docs.values():
            found = boilerplate_positions(d.sentences, counts[d.id], detect_config)
            total += len(d.sentences)
            boiler += len(found)
            notes += sum(1 for s in d.sentences if not s.evidence and s.position not in found)
        progress("documents", min(len(ids), (done + 1) * 500), len(ids))
    return {
        "sentences": total,
        "boilerplate": boiler,
        "notices_and_credits": notes,
        "boilerplate_share": _share(boiler, total),
        "excluded_share": _share(boiler + notes, total),
    }


def _count(conn: Connection, table: object) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def stats(
    store: Store,
    *,
    by: str = "publisher",
    top: int = 10,
    with_audit: bool = True,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
    progress: Progress = _quiet,
) -> ReuseStats:
    """Per outlet (``by="publisher"``) or per outlet and month (``by="month"``; undated articles in
    month None): its articles, and how many are wholly or partially derived from another outlet's
    (see the module docstring); the ``top`` most reused sources and most reusing outlets; the
    audited reuse by credit and licence (``with_audit``; else those counts are 0); boilerplate;
    store totals."""
    if by not in BY:
        raise UsageError(f"--by must be one of {', '.join(BY)}, not {by!r}")
    judgements: dict[tuple[int, int], set[str]] = {}
    if with_audit:
        progress("audit", 0, 1)
        for f in audit(
            store, include_compliant=True, match_config=match_config, detect_config=detect_config
        ).findings:
            judgements.setdefault((f.document.id, f.source.id), set()).add(f.rule)
        progress("audit", 1, 1)
    with store.read() as conn:
        summaries = {s.id: s for s in queries.list_documents(conn)}
        derivation: dict[int, str] = {}
        reusers: dict[int, set[int]] = defaultdict(set)  # source -> later articles derived from it
        for e, view in edge_views(
            store, conn, match_config=match_config, detect_config=detect_config, progress=progress
        ):
            later, earlier = summaries[e.later_id], summaries[e.earlier_id]
            if view.derivation not in DERIVED or not _other_outlet(later, earlier):
                continue
            reusers[earlier.id].add(later.id)
            if derivation.get(later.id) != "wholly-derived":
                derivation[later.id] = view.derivation
        sources = sorted(
            (
                StatsSource(
                    document=queries.document_ref(summaries[src]),
                    publisher=summaries[src].publisher,
                    reused_by=len(laters),
                    reusing_publishers=len({summaries[i].publisher for i in laters}),
                )
                for src, laters in reusers.items()
            ),
            key=lambda s: (-s.reused_by, s.document.id),
        )[:top]
        by_outlet: dict[str | None, set[int]] = defaultdict(set)
        taken: dict[str | None, set[int]] = defaultdict(set)
        for src, laters in reusers.items():
            for i in laters:
                by_outlet[summaries[i].publisher].add(i)
                taken[summaries[i].publisher].add(src)
        outlets = sorted(
            (
                StatsOutlet(publisher=p, derived_articles=len(a), sources=len(taken[p]))
                for p, a in by_outlet.items()
            ),
            key=lambda o: (-o.derived_articles, o.publisher is None, o.publisher or ""),
        )[:top]
        credit = _credit(conn, judgements)
        boilerplate = _boilerplate(store, conn, summaries, detect_config, progress)
        totals = {
            "documents": len(summaries),
            "publishers": _count(conn, publishers),
            "sentences": _count(conn, sentences),
            "reuse_edges": _count(conn, reuse_edges),
            "matches": _count(conn, matches),
            "licence_notes": _count(conn, licence_notes),
            "derived_articles": len(derivation),
            "audit_judgements": len(judgements),
        }
    return ReuseStats(
        by=by,
        rows=_rows(summaries, derivation, by),
        top_sources=sources,
        top_outlets=outlets,
        credit=credit,
        boilerplate=boilerplate,
        totals=totals,
    )
