"""Reuse detection on ingest: candidates from the candidate index, verified by the matcher.

For the documents just written in a transaction, the documents stored before each of them
(committed, or earlier in the same transaction) that share candidate keys with it are aligned with it
sentence by sentence (``provenance.match.align``). Each pair is looked at once, when the second of the
two arrives; its direction does not depend on that order (``provenance.match.direction``: dates,
then for equal dates the texts' digests), so a backfill (an old article ingested after newer ones)
gives the same edges as ingesting in date order.

The work per article is bounded whatever the size of the store: a key held by more than
``max_key_postings`` sentences is entered as common and its postings dropped, only keys held by at
most ``max_link_postings`` sentences have all their postings read, and at most ``max_candidates``
documents are aligned. Concurrent ingests into one PostgreSQL store detect one transaction at a time
(:meth:`CandidateIndex.lock`).
"""

from __future__ import annotations

import hashlib
import itertools
from collections import OrderedDict
from collections.abc import Container, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from provenance.match import (
    DEFAULT_CONFIG,
    DEFAULT_DETECT,
    DetectConfig,
    MatchConfig,
    excluded_positions,
    is_earlier,
    rank_candidates,
    recurrence,
)
from provenance.match.candidates import Link, Posting
from provenance.match.classify import quick_score
from provenance.reuse.boilerplate import excluded_now
from provenance.reuse.edges import edge_row, match_rows
from provenance.reuse.index import CandidateIndex, SqlKeyIndex, postings_of
from provenance.reuse.pairs import Found, PairExaminer, Profiled, examine
from provenance.store import documents, edges
from provenance.store.records import NewDocument, NewSentence, StoredDocument, StoredSentence

PROFILE_CACHE_DOCUMENTS = 2000  # documents a Detector keeps profiled (the least recently used go first)


@dataclass(frozen=True, slots=True)
class NewArticle:
    """A document just written in this transaction, as detection needs it."""

    id: int
    published_at: datetime | None
    text: str
    sentences: Sequence[StoredSentence]
    sentence_keys: Sequence[frozenset[int]]  # candidate keys of each sentence, by position
    templates: Sequence[int | None] = ()  # template key of each sentence (keys.template_key), by position
    postings: Sequence[Posting] = ()  # what it adds to the index (``postings_of``)

    @classmethod
    def of(cls, doc_id: int, doc: NewDocument) -> NewArticle:
        return cls.build(doc_id, doc.published_at, doc.text, doc.sentences)

    @classmethod
    def build(
        cls, doc_id: int, published_at: datetime | None, text: str, sentences: Sequence[NewSentence]
    ) -> NewArticle:
        return cls(
            id=doc_id,
            published_at=published_at,
            text=text,
            sentences=[
                StoredSentence(s.position, s.start, s.end, s.fingerprint, s.evidence) for s in sentences
            ],
            sentence_keys=[frozenset(s.keys) for s in sentences],
            templates=[s.template for s in sentences],
            postings=postings_of(doc_id, sentences),
        )

    @property
    def keys(self) -> frozenset[int]:
        return frozenset().union(*self.sentence_keys)

    @property
    def fingerprints(self) -> list[int]:
        return [s.fingerprint for s in self.sentences]


class Detector:
    """Indexing and detection for the articles of one transaction: knows the common keys, caches
    what the index says of the batch's keys and the sentence profiles of candidates.

    ``index`` is the candidate index (default: the store's own, :class:`SqlKeyIndex` on ``conn``);
    the detector reads documents and writes edges through ``conn``. With an ``examiner`` whose workers
    are running, :meth:`detect_batch` has the pairs it plans aligned there (``reuse.pairs``).
    """

    def __init__(
        self,
        conn: Connection,
        index: CandidateIndex | None = None,
        *,
        config: DetectConfig = DEFAULT_DETECT,
        match_config: MatchConfig = DEFAULT_CONFIG,
        examiner: PairExaminer | None = None,
    ) -> None:
        self.conn = conn
        self.examiner = examiner
        self.index: CandidateIndex = SqlKeyIndex(conn) if index is None else index
        self.config = config
        self.match_config = match_config
        self.common: dict[int, int] = {}
        self._checked: set[int] = set()  # keys whose common-ness is known (in ``common`` or not)
        self._profiles: OrderedDict[int, Profiled] = OrderedDict()
        self.postings_read = 0
        self._pending: set[int] = set()  # documents of this transaction not yet compared
        # What the index says of keys already looked up in this transaction (its postings are all
        # written before detection starts, so neither changes while it runs):
        self._held: dict[int, int] = {}  # key -> sentences holding it
        self._documents: dict[int, int] = {}  # fingerprint or template key -> documents holding it
        self._postings_of: dict[int, list[Posting]] = {}  # rare key -> all its postings
        self._first_of: dict[int, list[Posting]] = {}  # broad key -> its first stored postings

    # --- the two steps of a batch, in order ------------------------------------------------------

    def add(self, articles: Sequence[NewArticle], *, skip_common: bool = True) -> None:
        """Write the articles' postings to the index; with ``skip_common`` none of keys known too common."""
        if skip_common:
            self.load_common(k for a in articles for k in _keys_and_templates(a))
        self.index.add([p for a in articles for p in a.postings if p[0] not in self.common])

    def detect_batch(self, articles: Sequence[NewArticle]) -> int:
        """Find and store the reuse between each article and those stored before it. Returns the edges stored."""
        keys = {k for a in articles for k in _keys_and_templates(a)}
        recurring = {k for a in articles for k in (*a.fingerprints, *a.templates) if k is not None}
        self.begin([a.id for a in articles], keys, recurring)
        examiner = self.examiner
        if examiner is None or not examiner.parallel:
            return sum(self.detect(a) for a in articles)
        # Plan every article's pairs in order (planning reads the index and documents, never edges),
        # the workers aligning the first articles' pairs meanwhile; then store what was found, in order.
        pending = []
        for a in articles:
            self._pending.discard(a.id)
            pending.append(examiner.submit(self.plan(a, not_yet=self._pending | {a.id}), self.match_config))
        return sum(self._store([f for f in found if f is not None]) for found in examiner.results(pending))

    def rejudge(self, articles: Sequence[NewArticle]) -> tuple[int, int]:
        """Judge again the stored edges of the documents holding a sentence that became boilerplate
        with these articles (added to the index and detected in this transaction, after
        :meth:`detect_batch`). Returns (edges changed, edges deleted).

        A sentence (its fingerprint or its template) becomes boilerplate when the documents holding it
        reach ``boilerplate_min_docs``: the pairs examined before then matched it and counted it in their
        coverage. Each such pair is examined again (aligned with what is no evidence now left out, as
        detection would align it now: the topic weights of the alignment change too), its matches and
        figures replaced; an edge left with no evidence goes. So
        the edges depend on the set of articles stored, not on the order they came in. Each key crosses
        the bound once, when at most ``boilerplate_min_docs`` documents (and this batch) hold it, so
        this reads a few documents a footer.
        """
        bound = self.config.boilerplate_min_docs
        holders: dict[int, int] = {}  # recurring key -> articles of this batch that posted it
        for a in articles:
            recurring = {*a.fingerprints, *(t for t in a.templates if t is not None)}
            for key in {p[0] for p in a.postings} & recurring:
                holders[key] = holders.get(key, 0) + 1
        crossed = set()
        for key, n in holders.items():
            now = self.common[key] if key in self.common else self._documents.get(key, 1)
            if now >= bound > now - n:
                crossed.add(key)
        if not crossed:
            return 0, 0
        batch = {a.id for a in articles}
        holding: dict[int, set[int]] = {}  # stored document -> positions holding a crossed key
        for _, d, position in self.index.postings(crossed):
            if d not in batch:
                holding.setdefault(d, set()).add(position)
        holders_ = self._profiled(sorted(holding))
        self._find_skips(list(holders_.values()))
        # Only where the sentence is boilerplate now (a wire story republished everywhere is not).
        flipped = {d for d, positions in holding.items() if positions & holders_[d].skip_positions}
        stored = [
            e
            for e in edges.edges_of_documents(self.conn, flipped)
            if e.later_id not in batch and e.earlier_id not in batch  # (those were detected just now)
        ]
        if not stored:
            return 0, 0
        docs = self._profiled(sorted({d for e in stored for d in (e.later_id, e.earlier_id)}))
        self._find_skips(list(docs.values()))
        found = edges.matches_as_later(self.conn, sorted({e.later_id for e in stored}))
        gone: list[tuple[int, int]] = []  # edges deleted (and those written again)
        again: list[tuple[list[tuple[Any, ...]], dict[str, Any]]] = []  # their matches and row, written again
        for e in stored:
            rows = [m for ms in found[e.later_id].values() for m in ms if m.earlier_id == e.earlier_id]
            later_skip, earlier_skip = docs[e.later_id].skip_positions, docs[e.earlier_id].skip_positions
            # Every match on what is no evidence now: the pair had nothing else in common, it goes.
            pair = (
                examine(docs[e.earlier_id], docs[e.later_id], self.match_config)
                if any(
                    m.later_position not in later_skip and m.earlier_position not in earlier_skip
                    for m in rows
                )
                else None
            )
            if pair is None:
                gone.append((e.later_id, e.earlier_id))
                continue
            was = sorted(tuple(m._mapping[c] for c in edges.MATCH_COLUMNS) for m in rows)
            row = edge_row(e.later_id, e.earlier_id, pair.matches, pair.summary, e.detected_at)
            fresh = sorted(match_rows(e.later_id, e.earlier_id, pair.matches))
            if fresh != was or any(getattr(e, k) != v for k, v in row.items()):
                gone.append((e.later_id, e.earlier_id))
                again.append((fresh, row))
        edges.delete_edges(self.conn, gone)
        for fresh, row in again:
            edges.insert_matches(self.conn, fresh)
            edges.insert_edge(self.conn, row)
        return len(again), len(gone) - len(again)

    # --- the steps inside ------------------------------------------------------------------------

    def begin(self, doc_ids: Iterable[int], keys: Iterable[int], recurring: Iterable[int] = ()) -> None:
        """Start detection for the documents just written in this transaction, in this order.

        Takes the index's detection lock, then looks again for keys of these documents that another
        transaction found too common meanwhile, dropping their postings. ``recurring`` are their
        fingerprints and template keys, whose documents are counted (boilerplate).
        """
        self.index.lock()
        self._pending = set(doc_ids)
        keys = set(keys)
        known = set(self.common)
        self._checked -= keys
        self.load_common(keys)
        self.index.mark_common({k: n for k, n in self.common.items() if k in keys and k not in known})
        # The whole batch's keys counted, and the rare ones' postings read, in a few statements
        # rather than a few per article.
        self._count(keys, recurring)
        self._rare_postings({k for k, n in self._held.items() if 0 < n <= self.config.max_link_postings})

    def load_common(self, keys: Iterable[int]) -> dict[int, int]:
        wanted = set(keys) - self._checked
        self.common.update(self.index.common(wanted))
        self._checked |= wanted
        return self.common

    def _count(self, keys: AbstractSet[int], recurring: Iterable[int] = ()) -> None:
        """Count the postings of those of ``keys`` not counted yet, entering the too common as such, and
        the documents holding those of ``recurring`` held by several sentences."""
        self.load_common(keys)
        todo = {k for k in keys if k not in self.common and k not in self._held}
        if todo:
            found = self.index.counts(todo)
            too_common = {k: n for k, n in found.items() if n > self.config.max_key_postings}
            if too_common:
                self.index.mark_common(too_common)
                self.common.update(too_common)
            for k in todo:
                if k not in too_common:
                    self._held[k] = found.get(k, 0)
        several = {k for k in recurring if self._held.get(k, 0) > 1 and k not in self._documents}
        if several:
            self._documents.update(self.index.document_counts(several))

    def _rare_postings(self, keys: set[int]) -> list[Posting]:
        """Every posting of these keys (each held by at most ``max_link_postings`` sentences)."""
        todo = [k for k in keys if k not in self._postings_of]
        if todo:
            for k in todo:
                self._postings_of[k] = []
            for row in self.index.postings(todo):
                self._postings_of[row[0]].append(row)
        return [row for k in keys for row in self._postings_of[k]]

    def _first_postings(self, keys: set[int]) -> list[Posting]:
        """The first ``max_link_postings`` stored postings of each of these keys."""
        todo = [k for k in keys if k not in self._first_of]
        if todo:
            for k in todo:
                self._first_of[k] = []
            for row in self.index.postings(todo, per_key=self.config.max_link_postings):
                self._first_of[row[0]].append(row)
        return [row for k in keys for row in self._first_of[k]]

    def _postings(self, new: NewArticle) -> tuple[list[Posting], dict[int, int], dict[int, int]]:
        """Postings of the new article's linking keys, its fingerprints' document counts, and the
        sentences holding each linking key.

        Every usable key is counted (in the index, no rows read); the postings of rare keys are read
        (``max_link_postings``), of the others only for sentences without a rare key, the first stored.
        """
        config = self.config
        templates = {t for t in new.templates if t is not None}
        recurring = templates | set(new.fingerprints)
        self._count(new.keys | templates, recurring)

        def documents_holding(key: int) -> int:
            if key in self.common:
                return self.common[key]
            return self._documents.get(key, 1)  # held by at most one sentence: one document

        # How often each sentence recurs: as itself, or as its template (the same line with other names).
        facts = list(itertools.zip_longest(new.fingerprints, new.templates))
        counts = recurrence(facts, {k: documents_holding(k) for pair in facts for k in pair if k is not None})
        usable = {k: n for k in new.keys if (n := self._held.get(k, 0)) and k not in templates}
        rare = {k for k, n in usable.items() if n <= config.max_link_postings}
        # A sentence with no rare key (a story republished everywhere) links through its other keys,
        # to their first stored sentences only.
        broad = {k for own in new.sentence_keys if not own & rare for k in own if k in usable}
        return self._rare_postings(rare) + self._first_postings(broad), counts, usable

    def candidates(
        self, new: NewArticle, *, not_yet: Container[int]
    ) -> tuple[dict[int, list[Link]], set[int]]:
        """``rank_candidates`` for ``new`` against the index, and the positions of ``new`` left out."""
        postings, counts, held = self._postings(new)
        self.postings_read += len(postings)
        skip = excluded_positions(new.sentences, counts, self.config)
        ranked = rank_candidates(
            new.sentence_keys,
            new.fingerprints,
            postings,
            self.config,
            skip=frozenset(skip),
            not_yet=not_yet,
            held=held,
        )
        return ranked, skip

    def detect(self, new: NewArticle) -> int:
        """Find and store the reuse between ``new`` and documents ingested before it. Returns the edges stored."""
        self._pending.discard(new.id)
        return self._store(self.find(new, not_yet=self._pending | {new.id}))

    def _store(self, found: Sequence[Found]) -> int:
        now = datetime.now(UTC).replace(tzinfo=None)
        for pair in found:
            edges.insert_matches(self.conn, match_rows(pair.later_id, pair.earlier_id, pair.matches))
            edges.insert_edge(
                self.conn, edge_row(pair.later_id, pair.earlier_id, pair.matches, pair.summary, now)
            )
        return len(found)

    def find(self, new: NewArticle, *, not_yet: Container[int]) -> list[Found]:
        """The reuse between ``new`` and the stored documents sharing candidate keys with it (none of
        ``not_yet``), aligned in the direction :func:`is_earlier` gives; nothing is written. ``detect``
        stores what this finds; ``provenance.search`` shows it for a text that is never stored."""
        out = []
        for earlier, later in self.plan(new, not_yet=not_yet):
            pair = examine(earlier, later, self.match_config)
            if pair is not None:
                out.append(pair)
        return out

    def plan(self, new: NewArticle, *, not_yet: Container[int]) -> list[tuple[Profiled, Profiled]]:
        """The pairs :meth:`find` aligns for ``new``: each promising candidate with ``new``, earlier
        first, their positions left out found."""
        ranked, new_skip = self.candidates(new, not_yet=not_yet)
        new_doc = StoredDocument(new.id, new.published_at, new.text, list(new.sentences))
        mine = Profiled(new_doc, new_skip, self.match_config)
        self._remember(mine)
        if not ranked:
            return []
        candidates = self._profiled(list(ranked))
        promising = [
            candidates[d] for d, links in ranked.items() if self._promising(mine, candidates[d], links)
        ]
        self._find_skips(promising)
        out: list[tuple[Profiled, Profiled]] = []
        for theirs in promising:
            cand = theirs.doc
            # Equal dates: the order of the texts' digests, never the ingest (file) order.
            tie = cand.published_at is not None and cand.published_at == new.published_at
            if is_earlier(
                cand.id,
                cand.published_at,
                new.id,
                new.published_at,
                a_tie=_digest(cand.text) if tie else None,
                b_tie=_digest(new.text) if tie else None,
            ):
                earlier, later = theirs, mine
            else:
                earlier, later = mine, theirs
            out.append((earlier, later))
        return out

    def _profiled(self, doc_ids: Sequence[int]) -> dict[int, Profiled]:
        """Candidates, their sentences profiled when first needed (kept for the transaction)."""
        out = {}
        for d in doc_ids:
            if d in self._profiles:
                self._profiles.move_to_end(d)
                out[d] = self._profiles[d]
        for doc in documents.load_documents(self.conn, [d for d in doc_ids if d not in out]).values():
            out[doc.id] = Profiled(doc, None, self.match_config)
            self._remember(out[doc.id])
        return out

    def _find_skips(self, docs: Sequence[Profiled]) -> None:
        """Positions left out of the candidates about to be aligned (boilerplate, notices, credit lines)."""
        todo = [d for d in docs if d.skip is None]
        if todo:
            found = excluded_now(self.index, [d.doc for d in todo], self.config)
            for d in todo:
                d.skip = found[d.doc.id]

    def _remember(self, entry: Profiled) -> None:
        self._profiles[entry.doc.id] = entry
        while len(self._profiles) > PROFILE_CACHE_DOCUMENTS:
            self._profiles.popitem(last=False)

    def _promising(self, mine: Profiled, theirs: Profiled, links: list[Link]) -> bool:
        """Whether one linked sentence pair looks like reuse (``min_link_score``): else no alignment."""
        floor = self.config.min_link_score
        if floor <= 0:
            return True
        for a, b in links:
            if a in mine.skip_positions or not theirs.doc.sentences[b].evidence:
                continue
            if quick_score(mine.profile(a), theirs.profile(b), self.match_config) >= floor:
                return True
        return False


def _digest(text: str) -> str:
    """SHA-256 of a text, as ``documents.sha256`` holds it: a tie-break that no ingest order changes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _keys_and_templates(article: NewArticle) -> Iterable[int]:
    yield from article.keys
    yield from (t for t in article.templates if t is not None)
