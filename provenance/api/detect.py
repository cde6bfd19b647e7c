"""Reuse detection on ingest: candidates from the store's key index, verified by the matcher.

For a newly stored document N, the documents stored before it (committed, or
earlier in its own transaction) that share candidate keys with it are aligned
with it sentence by sentence
(``provenance.match.align``). Each pair is looked at once, when the second of
the two arrives; its direction does not depend on that order: the earlier
article is the one published first, then the one ingested first. So a backfill
(an old article ingested after newer ones) gives the same edges as ingesting in
date order.

The work per article is bounded whatever the size of the store: a key held by
more than ``max_key_postings`` sentences is entered in ``common_keys`` and its
postings dropped, only keys held by at most ``max_link_postings`` sentences
have all their postings read, and at most ``max_candidates`` documents are
aligned. Concurrent ingests into one PostgreSQL store detect one transaction at
a time (``provenance.store.reuse.lock_detection``).
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection

from provenance.match import (
    DEFAULT_CONFIG,
    MatchConfig,
    Profile,
    Sentence,
    align_profiles,
    profile,
    summarise,
)
from provenance.match.classify import quick_score
from provenance.store import reuse
from provenance.text import normalise


@dataclass(frozen=True, slots=True)
class DetectConfig:
    """Settings of candidate search and boilerplate (listed in the README)."""

    boilerplate_min_docs: int = 10
    """A sentence whose exact normalised form occurs in at least this many stored documents ..."""
    boilerplate_ratio: float = 3.0
    """... and in at least this many times as many documents as the article's median sentence, is boilerplate."""
    max_key_postings: int = 1000
    """A key held by more sentences than this is too common to be kept: the store enters it in
    ``common_keys`` and drops its postings (a key once common stays common)."""
    max_link_postings: int = 30
    """Keys held by at most this many stored sentences link sentences; a sentence with none of those (a
    story republished everywhere) links through its other keys to their first stored sentences only,
    this many. Links are weighed by the rarity of their keys, so a pair of words many sentences share
    counts little for a candidate."""
    min_linked_sentences: int = 2
    """A stored document is a candidate when this many of its sentences, or of the new article's, are linked
    (a sentence of one shares a key with a sentence of the other: two stems of their sketches, or the
    fingerprint) ..."""
    strong_shared_pairs: int = 2
    """... or one is strongly, sharing this many stem-pair keys (three sketch stems) or the fingerprint:
    a single reused sentence is still found."""
    max_candidates: int = 30
    """The candidates with the most evidence (linked sentences weighed by key rarity), at most this many, are
    aligned with the new article ..."""
    min_link_score: float = 0.45
    """... if one of their linked sentence pairs has this pair score (without the topic weighting; 0: align
    every candidate). Two sentences sharing two stems by chance score less."""


DEFAULT_DETECT = DetectConfig()

PROFILE_CACHE_DOCUMENTS = 2000  # documents a Detector keeps profiled (the least recently used go first)


@dataclass(frozen=True, slots=True)
class NewArticle:
    """A document just written in this transaction, as detection needs it."""

    id: int
    published_at: datetime | None
    text: str
    sentences: Sequence[reuse.StoredSentence]
    sentence_keys: Sequence[frozenset[int]]  # candidate keys of each sentence, by position
    templates: Sequence[int | None] = ()  # template key of each sentence (keys.template_key), by position

    @property
    def keys(self) -> frozenset[int]:
        return frozenset().union(*self.sentence_keys)


def boilerplate_positions(
    doc_sentences: Sequence[reuse.StoredSentence], counts: dict[int, int], config: DetectConfig
) -> set[int]:
    """Positions of sentences that recur across many documents, far more than the article's other sentences."""
    if not doc_sentences:
        return set()
    typical = statistics.median(counts.get(s.fingerprint, 1) for s in doc_sentences)
    floor = max(config.boilerplate_min_docs, config.boilerplate_ratio * typical)
    return {s.position for s in doc_sentences if counts.get(s.fingerprint, 1) >= floor}


def excluded_positions(
    doc: NewArticle | reuse.StoredDocument, counts: dict[int, int], config: DetectConfig = DEFAULT_DETECT
) -> set[int]:
    """Sentences that are never evidence of reuse: boilerplate, licence notices and credit lines."""
    return boilerplate_positions(doc.sentences, counts, config) | {
        s.position for s in doc.sentences if not s.evidence
    }


def is_earlier(a_id: int, a_date: datetime | None, b_id: int, b_date: datetime | None) -> bool:
    """Whether article a comes before article b: the earlier publication date, then the earlier ingest."""
    if a_date is not None and b_date is not None and a_date != b_date:
        return a_date < b_date
    return a_id < b_id


def rank_candidates(
    new: NewArticle,
    postings: Iterable[tuple[int, int, int]],
    config: DetectConfig = DEFAULT_DETECT,
    *,
    skip: frozenset[int] = frozenset(),
    not_yet: Container[int] = frozenset(),
    held: dict[int, int] | None = None,
) -> dict[int, list[tuple[int, int]]]:
    """Documents stored before ``new`` worth aligning with it, most promising first (a pure function),
    each with its linked sentence pairs (position in ``new``, position in it).

    ``postings`` are (key, document, position) of stored sentences holding the new article's usable
    keys; documents in ``not_yet`` (``new`` itself, and those of its transaction not yet compared)
    are left out. The new article's sentences at the positions in ``skip`` (boilerplate, notices,
    credit lines) point at no candidate.

    A stored sentence is linked to a new one when they share a key: a pair of sketch stems
    (``provenance.match.keys``) or the fingerprint. A document is a candidate when
    ``min_linked_sentences`` of its sentences or of the new article's are linked, or one pair is
    strongly (``strong_shared_pairs`` pair keys, or the fingerprint). Candidates are ranked by their
    linked sentence pairs, each weighted by the rarity of its rarest shared key (1 / the sentences
    holding it, from ``held``): a pair of words found in few stored sentences is better evidence than
    one a hundred sentences share. Every rule treats the two articles alike, so the candidates do not
    depend on which one arrived first.
    One shared stem is not enough: on MSRP sentence pairs, two shared stems keep 89% of the
    paraphrase pairs and 0.1% of random pairs (one stem: 98.7% / 2.8%).
    """
    holders: dict[int, list[int]] = defaultdict(list)  # key -> positions of the new sentences holding it
    for position, own in enumerate(new.sentence_keys):
        if position not in skip:
            for key in own:
                holders[key].append(position)
    fingerprints = {s.fingerprint for s in new.sentences if s.position not in skip}
    shared: Counter[tuple[int, int, int]] = Counter()  # (document, its position, new position) -> keys
    best: dict[tuple[int, int, int], float] = {}  # the same -> weight of its rarest key
    strong: set[int] = set()
    for key, doc_id, position in postings:
        if doc_id in not_yet or key not in holders:
            continue
        if key in fingerprints:
            strong.add(doc_id)
        weight = 1.0 / max(1, held.get(key, 1)) if held else 1.0
        for mine in holders[key]:
            link = (doc_id, position, mine)
            shared[link] += 1
            if weight > best.get(link, 0.0):
                best[link] = weight
    mine_linked: dict[int, set[int]] = defaultdict(set)
    theirs_linked: dict[int, set[int]] = defaultdict(set)
    evidence: dict[int, float] = defaultdict(float)
    for (doc_id, theirs, mine), n in shared.items():
        mine_linked[doc_id].add(mine)
        theirs_linked[doc_id].add(theirs)
        evidence[doc_id] += best[(doc_id, theirs, mine)]
        if n >= config.strong_shared_pairs:
            strong.add(doc_id)
    # Linked sentences counted on the side with more of them: the same whichever article came first.
    linked = {d: max(len(mine_linked[d]), len(theirs_linked[d])) for d in mine_linked}
    ranked = sorted(
        (d for d, n in linked.items() if n >= config.min_linked_sentences or d in strong),
        key=lambda d: (-round(evidence[d], 9), -linked[d], d),
    )[: config.max_candidates]
    pairs: dict[int, list[tuple[int, int]]] = {d: [] for d in ranked}
    for doc_id, theirs, mine in shared:
        if doc_id in pairs:
            pairs[doc_id].append((mine, theirs))
    return pairs


class Detector:
    """Detection for the articles of one transaction: knows the common keys, caches sentence profiles.

    ``common`` maps the keys known to be too common (``provenance.store.reuse.common_keys``) to their
    postings; :meth:`load_common` fills it for a batch before its articles are written, so that they
    write no posting of those keys.
    """

    def __init__(
        self,
        conn: Connection,
        *,
        config: DetectConfig = DEFAULT_DETECT,
        match_config: MatchConfig = DEFAULT_CONFIG,
    ) -> None:
        self.conn = conn
        self.config = config
        self.match_config = match_config
        self.common: dict[int, int] = {}
        self._checked: set[int] = set()  # keys whose common-ness is known (in ``common`` or not)
        self._profiles: OrderedDict[int, _Profiled] = OrderedDict()
        self.postings_read = 0
        self._pending: set[int] = set()  # documents of this transaction not yet compared
        # What the index says of keys already looked up in this transaction (its postings are all
        # written before detection starts, so neither changes while it runs):
        self._held: dict[int, int] = {}  # key -> sentences holding it
        self._documents: dict[int, int] = {}  # fingerprint or template key -> documents holding it
        self._postings_of: dict[int, list[tuple[int, int, int]]] = {}  # rare key -> all its postings
        self._first_of: dict[int, list[tuple[int, int, int]]] = {}  # broad key -> its first stored postings

    def begin(self, doc_ids: Iterable[int], keys: Iterable[int], recurring: Iterable[int] = ()) -> None:
        """Start detection for the documents just written in this transaction, in this order.

        Takes the store's detection lock (``reuse.lock_detection``), then looks again for keys of
        these documents that another transaction found too common meanwhile, dropping their postings.
        ``recurring`` are their fingerprints and template keys, whose documents are counted (boilerplate).
        """
        reuse.lock_detection(self.conn)
        self._pending = set(doc_ids)
        keys = set(keys)
        known = set(self.common)
        self._checked -= keys
        self.load_common(keys)
        reuse.mark_common(self.conn, {k: n for k, n in self.common.items() if k in keys and k not in known})
        # The whole batch's keys counted, and the rare ones' postings read, in a few statements
        # rather than a few per article.
        self._count(keys, recurring)
        self._rare_postings({k for k, n in self._held.items() if 0 < n <= self.config.max_link_postings})

    def _count(self, keys: set[int], recurring: Iterable[int] = ()) -> None:
        """Count the postings of those of ``keys`` not counted yet, entering the too common in
        ``common_keys``, and the documents holding those of ``recurring`` held by several sentences."""
        self.load_common(keys)
        todo = {k for k in keys if k not in self.common and k not in self._held}
        if todo:
            found = reuse.key_counts(self.conn, todo)
            too_common = {k: n for k, n in found.items() if n > self.config.max_key_postings}
            if too_common:
                reuse.mark_common(self.conn, too_common)
                self.common.update(too_common)
            for k in todo:
                if k not in too_common:
                    self._held[k] = found.get(k, 0)
        several = {k for k in recurring if self._held.get(k, 0) > 1 and k not in self._documents}
        if several:
            self._documents.update(reuse.fingerprint_document_counts(self.conn, several))

    def _rare_postings(self, keys: set[int]) -> list[tuple[int, int, int]]:
        """Every posting of these keys (each held by at most ``max_link_postings`` sentences)."""
        todo = [k for k in keys if k not in self._postings_of]
        if todo:
            for k in todo:
                self._postings_of[k] = []
            for row in reuse.key_postings(self.conn, todo):
                self._postings_of[row[0]].append(row)
        return [row for k in keys for row in self._postings_of[k]]

    def _first_postings(self, keys: set[int]) -> list[tuple[int, int, int]]:
        """The first ``max_link_postings`` stored postings of each of these keys."""
        todo = [k for k in keys if k not in self._first_of]
        if todo:
            for k in todo:
                self._first_of[k] = []
            for row in reuse.key_postings(self.conn, todo, per_key=self.config.max_link_postings):
                self._first_of[row[0]].append(row)
        return [row for k in keys for row in self._first_of[k]]

    def load_common(self, keys: Iterable[int]) -> dict[int, int]:
        wanted = set(keys) - self._checked
        self.common.update(reuse.common_keys(self.conn, wanted))
        self._checked |= wanted
        return self.common

    def _postings(self, new: NewArticle) -> tuple[list[tuple[int, int, int]], dict[int, int], dict[int, int]]:
        """Postings of the new article's linking keys, its fingerprints' document counts, and the
        sentences holding each linking key.

        Every usable key is counted (in the index, no rows read); the postings of rare keys are read
        (``max_link_postings``), of the others only for sentences without a rare key, the first stored.
        """
        config = self.config
        templates = {t for t in new.templates if t is not None}
        recurring = templates | {s.fingerprint for s in new.sentences}
        self._count(new.keys | templates, recurring)

        def documents_holding(key: int) -> int:
            if key in self.common:
                return self.common[key]
            return self._documents.get(key, 1)  # held by at most one sentence: one document

        # How often each sentence recurs: as itself, or as its template (the same line with other names).
        counts: dict[int, int] = {}
        for s, template in itertools.zip_longest(new.sentences, new.templates):
            recurs = documents_holding(s.fingerprint)
            if template is not None:
                recurs = max(recurs, documents_holding(template))
            counts[s.fingerprint] = max(counts.get(s.fingerprint, 1), recurs)
        usable = {k: n for k in new.keys if (n := self._held.get(k, 0)) and k not in templates}
        rare = {k for k, n in usable.items() if n <= config.max_link_postings}
        # A sentence with no rare key (a story republished everywhere) links through its other keys,
        # to their first stored sentences only.
        broad = {k for own in new.sentence_keys if not own & rare for k in own if k in usable}
        return self._rare_postings(rare) + self._first_postings(broad), counts, usable

    def _profiled(self, doc_ids: Sequence[int]) -> dict[int, _Profiled]:
        """Candidates, their sentences profiled when first needed (kept for the transaction)."""
        out = {}
        for d in doc_ids:
            if d in self._profiles:
                self._profiles.move_to_end(d)
                out[d] = self._profiles[d]
        for doc in reuse.load_documents(self.conn, [d for d in doc_ids if d not in out]).values():
            out[doc.id] = _Profiled(doc, None, self.match_config)
            self._remember(out[doc.id])
        return out

    def _find_skips(self, docs: Sequence[_Profiled]) -> None:
        """Positions left out of the candidates about to be aligned (boilerplate, notices, credit lines)."""
        todo = [d for d in docs if d.skip is None]
        if todo:
            counts = reuse.fingerprint_document_counts(
                self.conn, {s.fingerprint for d in todo for s in d.doc.sentences}
            )
            for d in todo:
                d.skip = excluded_positions(d.doc, counts, self.config)

    def _remember(self, entry: _Profiled) -> None:
        self._profiles[entry.doc.id] = entry
        while len(self._profiles) > PROFILE_CACHE_DOCUMENTS:
            self._profiles.popitem(last=False)

    def _promising(self, mine: _Profiled, theirs: _Profiled, links: list[tuple[int, int]]) -> bool:
        """Whether one linked sentence pair looks like reuse (``min_link_score``): else no alignment."""
        floor = self.config.min_link_score
        if floor <= 0:
            return True
        for a, b in links:
            if a in mine.skip or not theirs.doc.sentences[b].evidence:
                continue
            if quick_score(mine.profile(a), theirs.profile(b), self.match_config) >= floor:
                return True
        return False

    def candidates(
        self, new: NewArticle, *, not_yet: Container[int]
    ) -> tuple[dict[int, list[tuple[int, int]]], set[int]]:
        """``rank_candidates`` for ``new`` against the store, and the positions of ``new`` left out."""
        postings, counts, held = self._postings(new)
        self.postings_read += len(postings)
        skip = excluded_positions(new, counts, self.config)
        return rank_candidates(
            new, postings, self.config, skip=frozenset(skip), not_yet=not_yet, held=held
        ), skip

    def detect(self, new: NewArticle) -> int:
        """Find and store the reuse between ``new`` and documents ingested before it. Returns the edges stored."""
        self._pending.discard(new.id)
        ranked, new_skip = self.candidates(new, not_yet=self._pending | {new.id})
        new_doc = reuse.StoredDocument(new.id, new.published_at, new.text, list(new.sentences))
        mine = _Profiled(new_doc, new_skip, self.match_config)
        self._remember(mine)
        if not ranked:
            return 0
        candidates = self._profiled(list(ranked))
        promising = [
            candidates[d] for d, links in ranked.items() if self._promising(mine, candidates[d], links)
        ]
        self._find_skips(promising)
        now = datetime.now(UTC).replace(tzinfo=None)
        stored = 0
        for theirs in promising:
            cand = theirs.doc
            if is_earlier(cand.id, cand.published_at, new.id, new.published_at):
                earlier_id, earlier, later_id, later = cand.id, theirs, new.id, mine
            else:
                earlier_id, earlier, later_id, later = new.id, mine, cand.id, theirs
            found = align_profiles(earlier.kept(), later.kept(), config=self.match_config)
            if not found:
                continue
            summary = summarise(found, earlier.sentences(), later.sentences(), config=self.match_config)
            reuse.insert_matches(
                self.conn,
                [
                    (later_id, m.later_position, earlier_id, m.earlier_position, m.kind, m.score, m.quote)
                    for m in found
                ],
            )
            reuse.insert_edge(
                self.conn,
                {
                    "later_id": later_id,
                    "earlier_id": earlier_id,
                    "matched_sentences": summary.matched_sentences,
                    "coverage": summary.coverage,
                    "source_share": summary.source_share,
                    "verbatim": summary.kinds.get("verbatim", 0),
                    "near_verbatim": summary.kinds.get("near-verbatim", 0),
                    "paraphrase": summary.kinds.get("paraphrase", 0),
                    "quotes": sum(1 for m in found if m.quote),
                    "derivation": summary.derivation,
                    "detected_at": now,
                },
            )
            stored += 1
        return stored


class _Profiled:
    """A document as the matcher sees it: its sentences' profiles (made when first needed) and the
    positions left out (boilerplate, notices, credit lines)."""

    __slots__ = ("config", "doc", "skip", "_profiles")

    def __init__(self, doc: reuse.StoredDocument, skip: set[int] | None, config: MatchConfig) -> None:
        self.doc = doc
        self.skip = skip
        self.config = config
        self._profiles: list[Profile | None] = [None] * len(doc.sentences)

    def profile(self, i: int) -> Profile:
        found = self._profiles[i]
        if found is None:
            s = self.doc.sentences[i]
            piece = self.doc.text[s.start : s.end]
            found = self._profiles[i] = profile(Sentence(s.position, piece, normalise(piece)), self.config)
        return found

    def kept(self) -> list[Profile]:
        return [self.profile(i) for i, s in enumerate(self.doc.sentences) if s.position not in self.skip]

    def sentences(self) -> list[Sentence]:
        out = []
        for i, s in enumerate(self.doc.sentences):
            p = self.profile(i).sentence
            out.append(Sentence(p.position, p.text, p.norm, s.position in self.skip))
        return out
