"""Reuse reports: the sources of a document and its reusers, tracing a sentence, comparing two texts."""

from __future__ import annotations


import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
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
    summarise,
)
from provenance.match import compare as match_compare
from provenance.match.direction import DIRECTION_WINDOW, direction_basis
from provenance.match.evidence import evidence_matches
from provenance.match.keys import probe_keys
from provenance.readers import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_SENTENCES,
    Article,
    check_sentences,
    iter_articles,
)
from provenance.results import (
    ComparisonView,
    DocumentSummary,
    MatchView,
    Occurrence,
    Report,
    ReuseView,
    SentenceOrigin,
    Trace,
)
from provenance.api.index import reading
from provenance.reuse import excluded_now
from provenance.store import Store, documents, edges, queries
from provenance.store.records import StoredDocument
from provenance.text import fingerprint, normalise, segment


def _sentence(doc: StoredDocument, position: int) -> str:
    s = doc.sentences[position]
    return doc.text[s.start : s.end]


Spot = tuple[int, int]
"""A stored sentence: (document id, position)."""


def _chronological(s: DocumentSummary) -> tuple[bool, datetime, int]:
    """Dated documents by publication date, then undated ones; ingest order breaks ties."""
    return (s.published_at is None, s.published_at or datetime.min, s.id)


class Origins:
    """Where stored sentences originate, read from the stored matches.

    A sentence's *origin* is found by following its matches to the earlier articles' sentences
    (``later_id`` = its document, ``later_position`` = its position), and theirs, transitively: the
    sentences so reached that match nothing earlier are the candidates, and the chronologically
    first of them (dated by publication date, then undated, ties by ingest order) is the origin.
    A sentence that matches nothing earlier is its own origin. The walk keeps the sentences it has
    seen, so a cycle of directions (possible when undated and dated articles mix) ends; when every
    sentence reached is on a cycle, the chronologically first of them is the origin. Matches on
    sentences that are now boilerplate are followed too: the chain is the stored evidence.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._links: dict[int, dict[int, list[Row[Any]]]] = {}
        self._summaries: dict[int, DocumentSummary] = {}
        self._found: dict[Spot, Spot] = {}

    def _load(self, doc_ids: Iterable[int]) -> None:
        new = sorted({d for d in doc_ids if d not in self._links})
        if new:
            self._links.update(edges.matches_as_later(self._conn, new))

    def summaries(self, doc_ids: Iterable[int]) -> dict[int, DocumentSummary]:
        wanted = set(doc_ids)
        new = wanted - set(self._summaries)
        if new:
            self._summaries.update(queries.document_summaries(self._conn, new))
        return {d: self._summaries[d] for d in wanted}

    def _earlier(self, spot: Spot) -> list[Spot]:
        self._load([spot[0]])
        return [(m.earlier_id, m.earlier_position) for m in self._links[spot[0]].get(spot[1], [])]

    def of(self, spots: Iterable[Spot]) -> dict[Spot, Spot]:
        """The origin of each of these sentences."""
        wanted = list(dict.fromkeys(spots))
        self._load(d for d, _ in wanted)
        for spot in wanted:
            if spot not in self._found:
                self._found[spot] = self._walk(spot)
        return {s: self._found[s] for s in wanted}

    def _walk(self, start: Spot) -> Spot:
        seen: set[Spot] = {start}
        frontier = [start]
        sinks: list[Spot] = []
        while frontier:
            following: list[Spot] = []
            for spot in frontier:
                nxt = self._earlier(spot)
                if not nxt and spot != start:
                    sinks.append(spot)
                for n in nxt:
                    if n not in seen:
                        seen.add(n)
                        following.append(n)
            frontier = following
        if len(seen) == 1:
            return start
        candidates = sinks or sorted(seen)
        summaries = self.summaries(d for d, _ in candidates)
        return min(candidates, key=lambda s: (_chronological(summaries[s[0]]), s[1]))

    def ref(self, spot: Spot) -> SentenceOrigin:
        return SentenceOrigin(queries.document_ref(self.summaries([spot[0]])[spot[0]]), spot[1])


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
    origins: Origins | None = None,
    match_config: MatchConfig = DEFAULT_CONFIG,
    direction_window: timedelta = DIRECTION_WINDOW,
) -> ReuseView | None:
    """An edge as it stands now: matches on sentences that have since become boilerplate are dropped.

    ``found`` (the edge's matches) and ``other`` (the other document's summary) when already read;
    ``flags``: a cache of each document's boilerplate flags, shared by the edges of one call;
    ``origins``: fills each match's ``origin`` and the view's ``role`` (else every match is taken
    to originate in the earlier article).
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
    found_origins = (
        origins.of((earlier.id, m.earlier_position) for m in kept)
        if origins is not None
        else {(earlier.id, m.earlier_position): (earlier.id, m.earlier_position) for m in kept}
    )
    views = [
        _match_view(m, origins.ref(found_origins[(earlier.id, m.earlier_position)]) if origins else None)
        for m in kept
    ]
    intermediary = all(found_origins[(earlier.id, m.earlier_position)][0] != earlier.id for m in kept)
    return ReuseView(
        document=queries.document_ref(queries.document_summary(conn, other_id) if other is None else other),
        coverage=summary.coverage,
        source_share=summary.source_share,
        derivation=summary.derivation,
        matched_sentences=summary.matched_sentences,
        kinds=summary.kinds,
        matches=views,
        direction=direction_basis(later.published_at, earlier.published_at, window=direction_window),
        role="intermediary" if intermediary else "origin",
    )


def _flags(doc: StoredDocument, skip: set[int]) -> list[Sentence]:
    """The document's sentences as ``summarise`` needs them: normalised (evidence) and boilerplate flags."""
    return [
        Sentence(
            position=s.position,
            text="",
            norm=normalise(doc.text[s.start : s.end]),
            boilerplate=s.position in skip,
        )
        for s in doc.sentences
    ]


def _match_view(m: Match, origin: SentenceOrigin | None = None) -> MatchView:
    return MatchView(
        sentence=m.sentence,
        source_sentence=m.source_sentence,
        kind=m.kind,
        score=m.score,
        quote=m.quote,
        position=m.later_position,
        source_position=m.earlier_position,
        origin=origin,
    )


def current_boilerplate(
    store: Store, conn: Connection, docs: dict[int, StoredDocument], config: DetectConfig = DEFAULT_DETECT
) -> dict[int, set[int]]:
    """Per document, the positions of sentences that are not evidence of reuse given the store as it is now."""
    with reading(store, conn) as (_, index):
        return excluded_now(index, docs.values(), config)


def report(
    store: Store,
    ref: str | int,
    *,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
    direction_window: timedelta = DIRECTION_WINDOW,
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
        skip = current_boilerplate(store, conn, docs, detect_config)
        pairs = edges.matches_of(conn, doc_id)
        summaries = queries.document_summaries(conn, docs)

        flags: dict[int, list[Sentence]] = {}
        origins = Origins(conn)

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
                origins=origins,
                match_config=match_config,
                direction_window=direction_window,
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
    with reading(store) as (conn, index):
        spots = set(documents.sentences_with_fingerprint(conn, fingerprint(norm)))
        spots |= set(
            index.sentences_with_keys(probe_keys(norm, config=match_config), max_postings=max_postings)
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
        # The earliest is where the hits originate (their chains of stored matches, see Origins):
        # the chronologically first of their origins, which need not be a hit itself.
        origins = Origins(conn)
        traced = origins.of((h[0], h[1]) for h in hits)
        summaries = origins.summaries({h[0] for h in hits} | {d for d, _ in traced.values()})
        first_id, first_pos = min(set(traced.values()), key=lambda s: (_chronological(summaries[s[0]]), s[1]))
        if first_id not in docs:
            docs.update(documents.load_documents(conn, [first_id]))
    # Later occurrences by publication date, then undated ones; ingest order breaks ties.
    order = sorted(
        (h for h in hits if (h[0], h[1]) != (first_id, first_pos)),
        key=lambda h: (_chronological(summaries[h[0]]), h[1]),
    )
    origin_text = _sentence(docs[first_id], first_pos)
    origin = Sentence(position=first_pos, text=origin_text, norm=normalise(origin_text))
    earliest = Occurrence(queries.document_ref(summaries[first_id]), first_pos, origin_text, "origin", 1.0)
    later = []
    for doc_id, position, kind, score in order:
        piece = _sentence(docs[doc_id], position)
        direct = align(
            [origin], [Sentence(position=position, text=piece, norm=normalise(piece))], config=match_config
        )
        if direct:
            kind, score = direct[0].kind, direct[0].score
        later.append(Occurrence(queries.document_ref(summaries[doc_id]), position, piece, kind, score))
    return Trace(text=text, earliest=earliest, later=later)


_SURROGATE = re.compile("[\ud800-\udfff]")


def compare(
    earlier_text: str,
    later_text: str,
    *,
    earlier_name: str = "earlier",
    later_name: str = "later",
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    match_config: MatchConfig = DEFAULT_CONFIG,
) -> ComparisonView:
    """Align two texts without storing anything (same matcher and match shape as ingest).

    Raises InputError for a text that is not valid Unicode (a lone surrogate, "\\ud800"), or of more
    than ``max_sentences`` sentences."""
    for name, text in ((earlier_name, earlier_text), (later_name, later_text)):
        bad = _SURROGATE.search(text)
        if bad is not None:
            reason = (
                f"not valid Unicode: a lone surrogate U+{ord(bad.group()):04X} at character {bad.start()}"
            )
            raise InputError(name, reason)
        check_sentences(name, len(segment(text)), max_sentences)
    c = match_compare(earlier_text, later_text, config=match_config)
    shown = evidence_matches(c.matches, c.earlier, c.later, config=match_config)
    return ComparisonView(
        earlier=earlier_name,
        later=later_name,
        coverage=c.summary.coverage,
        source_share=c.summary.source_share,
        derivation=c.summary.derivation,
        matched_sentences=c.summary.matched_sentences,
        kinds=c.summary.kinds,
        matches=[_match_view(m) for m in shown],
    )


def compare_files(
    earlier: str,
    later: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    match_config: MatchConfig = DEFAULT_CONFIG,
) -> ComparisonView:
    """``compare`` of two files (any format ``ingest`` reads, one article each), named by their paths."""
    return compare(
        _read_one(earlier, max_bytes),
        _read_one(later, max_bytes),
        earlier_name=earlier,
        later_name=later,
        max_sentences=max_sentences,
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
