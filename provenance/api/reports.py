"""Reuse reports: the sources of a document and its reusers, tracing a sentence, comparing two texts."""

from __future__ import annotations


from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row

from provenance.errors import InputError
from provenance.match import (
    DEFAULT_CONFIG,
    DEFAULT_DETECT,
    DetectConfig,
    Match,
    MatchConfig,
    Sentence,
    align,
    excluded_positions,
    summarise,
)
from provenance.match import compare as match_compare
from provenance.match.keys import probe_keys
from provenance.readers import DEFAULT_MAX_BYTES, Article, iter_articles
from provenance.results import (
    ComparisonView,
    DocumentSummary,
    MatchView,
    Occurrence,
    Report,
    ReuseView,
    Trace,
)
from provenance.reuse import SqlKeyIndex
from provenance.store import Store, documents, edges, queries
from provenance.store.records import StoredDocument
from provenance.text import fingerprint, normalise


def _sentence(doc: StoredDocument, position: int) -> str:
    s = doc.sentences[position]
    return doc.text[s.start : s.end]


def edge_view(
    conn: Connection,
    edge: Row[Any],
    other_id: int,
    docs: dict[int, StoredDocument],
    skip: dict[int, set[int]],
    *,
    found: Sequence[Row[Any]] | None = None,
    other: DocumentSummary | None = None,
    flags: dict[int, list[Sentence]] | None = None,
    match_config: MatchConfig = DEFAULT_CONFIG,
) -> ReuseView | None:
    """An edge as it stands now: matches on sentences that have since become boilerplate are dropped.

    ``found`` (the edge's matches) and ``other`` (the other document's summary) when already read;
    ``flags``: a cache of each document's boilerplate flags, shared by the edges of one call.
    """
    later, earlier = docs[edge.later_id], docs[edge.earlier_id]
    later_skip, earlier_skip = skip[edge.later_id], skip[edge.earlier_id]
    kept = [
        Match(
            later_position=m.later_position,
            earlier_position=m.earlier_position,
            sentence=_sentence(later, m.later_position),
            source_sentence=_sentence(earlier, m.earlier_position),
            kind=m.kind,
            score=m.score,
            quote=m.quote,
        )
        for m in (edges.matches_between(conn, edge.later_id, edge.earlier_id) if found is None else found)
        if m.later_position not in later_skip and m.earlier_position not in earlier_skip
    ]
    if not kept:
        return None
    flags = {} if flags is None else flags
    for doc, doc_skip in ((earlier, earlier_skip), (later, later_skip)):
        if doc.id not in flags:
            flags[doc.id] = _flags(doc, doc_skip)
    summary = summarise(kept, flags[earlier.id], flags[later.id], config=match_config)
    return ReuseView(
        document=queries.document_ref(queries.document_summary(conn, other_id) if other is None else other),
        coverage=summary.coverage,
        source_share=summary.source_share,
        derivation=summary.derivation,
        matched_sentences=summary.matched_sentences,
        kinds=summary.kinds,
        matches=[_match_view(m) for m in kept],
    )


def _flags(doc: StoredDocument, skip: set[int]) -> list[Sentence]:
    return [
        Sentence(position=s.position, text="", norm="", boilerplate=s.position in skip) for s in doc.sentences
    ]


def _match_view(m: Match) -> MatchView:
    return MatchView(
        sentence=m.sentence,
        source_sentence=m.source_sentence,
        kind=m.kind,
        score=m.score,
        quote=m.quote,
        position=m.later_position,
        source_position=m.earlier_position,
    )


def current_boilerplate(
    conn: Connection, docs: dict[int, StoredDocument], config: DetectConfig = DEFAULT_DETECT
) -> dict[int, set[int]]:
    """Per document, the positions of sentences that are not evidence of reuse given the store as it is now."""
    counts = SqlKeyIndex(conn).document_counts([s.fingerprint for d in docs.values() for s in d.sentences])
    return {doc_id: excluded_positions(d.sentences, counts, config) for doc_id, d in docs.items()}


def report(
    store: Store,
    ref: str | int,
    *,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> Report:
    """Where DOC's text came from (``sources``) and which later articles reuse it (``reused_by``).

    Boilerplate is judged against the store as it is now (``detect_config``), and coverage and
    derivation are summarised again with ``match_config``.
    """
    with store.read() as conn:
        doc_id = queries.resolve_document(conn, str(ref))
        found = edges.edges_of(conn, doc_id)
        docs = documents.load_documents(
            conn, [doc_id, *(e.later_id for e in found), *(e.earlier_id for e in found)]
        )
        skip = current_boilerplate(conn, docs, detect_config)
        pairs = edges.matches_of(conn, doc_id)
        summaries = queries.document_summaries(conn, docs)

        flags: dict[int, list[Sentence]] = {}

        def view(e: Row[Any], other_id: int) -> ReuseView | None:
            found_here = pairs.get((e.later_id, e.earlier_id), [])
            other = summaries[other_id]
            return edge_view(
                conn,
                e,
                other_id,
                docs,
                skip,
                found=found_here,
                other=other,
                flags=flags,
                match_config=match_config,
            )

        sources = [view(e, e.earlier_id) for e in found if e.later_id == doc_id]
        reused_by = [view(e, e.later_id) for e in found if e.earlier_id == doc_id]
        return Report(
            document=queries.document_ref(summaries[doc_id]),
            sources=[v for v in sources if v is not None],
            reused_by=[v for v in reused_by if v is not None],
        )


def trace(
    store: Store, text: str, *, max_postings: int = 2000, match_config: MatchConfig = DEFAULT_CONFIG
) -> Trace:
    """The earliest stored occurrence of a sentence, and every later article that reused it."""
    norm = normalise(text)
    probe = Sentence(position=0, text=text, norm=norm)
    with store.read() as conn:
        spots = set(documents.sentences_with_fingerprint(conn, fingerprint(norm)))
        spots |= set(
            SqlKeyIndex(conn).sentences_with_keys(
                probe_keys(norm, config=match_config), max_postings=max_postings
            )
        )
        docs = documents.load_documents(conn, sorted({d for d, _ in spots}))
        hits: list[tuple[int, int, str, float]] = []
        for doc_id, position in sorted(spots):
            piece = _sentence(docs[doc_id], position)
            found = align(
                [probe], [Sentence(position=position, text=piece, norm=normalise(piece))], config=match_config
            )
            if found:
                hits.append((doc_id, position, found[0].kind, found[0].score))
        if not hits:
            return Trace(text=text, earliest=None, later=[])
        summaries = queries.document_summaries(conn, {h[0] for h in hits})
    # Dated occurrences by publication date, then undated ones; ingest order breaks ties.
    order = sorted(
        hits, key=lambda h: (summaries[h[0]].published_at is None, summaries[h[0]].published_at or 0, h[0])
    )
    first_id, first_pos, _, _ = order[0]
    origin_text = _sentence(docs[first_id], first_pos)
    origin = Sentence(position=first_pos, text=origin_text, norm=normalise(origin_text))
    earliest = Occurrence(queries.document_ref(summaries[first_id]), first_pos, origin_text, "origin", 1.0)
    later = []
    for doc_id, position, kind, score in order[1:]:
        piece = _sentence(docs[doc_id], position)
        direct = align(
            [origin], [Sentence(position=position, text=piece, norm=normalise(piece))], config=match_config
        )
        if direct:
            kind, score = direct[0].kind, direct[0].score
        later.append(Occurrence(queries.document_ref(summaries[doc_id]), position, piece, kind, score))
    return Trace(text=text, earliest=earliest, later=later)


def compare(
    earlier_text: str,
    later_text: str,
    *,
    earlier_name: str = "earlier",
    later_name: str = "later",
    match_config: MatchConfig = DEFAULT_CONFIG,
) -> ComparisonView:
    """Align two texts without storing anything (same matcher and match shape as ingest)."""
    c = match_compare(earlier_text, later_text, config=match_config)
    return ComparisonView(
        earlier=earlier_name,
        later=later_name,
        coverage=c.summary.coverage,
        source_share=c.summary.source_share,
        derivation=c.summary.derivation,
        matched_sentences=c.summary.matched_sentences,
        kinds=c.summary.kinds,
        matches=[_match_view(m) for m in c.matches],
    )


def compare_files(
    earlier: str,
    later: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    match_config: MatchConfig = DEFAULT_CONFIG,
) -> ComparisonView:
    """``compare`` of two files (any format ``ingest`` reads, one article each), named by their paths."""
    return compare(
        _read_one(earlier, max_bytes),
        _read_one(later, max_bytes),
        earlier_name=earlier,
        later_name=later,
        match_config=match_config,
    )


def _read_one(path: str, max_bytes: int) -> str:
    items = list(iter_articles([path], max_bytes=max_bytes))
    for item in items:
        if isinstance(item, InputError):
            raise item
    texts = [i.text for i in items if isinstance(i, Article)]
    if len(texts) != 1:
        raise InputError(path, f"expected one article, found {len(texts)}")
    return texts[0]
