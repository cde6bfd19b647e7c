"""Reuse detection on ingest: candidates from the store's key index, verified by the matcher.

For a newly stored document N, the documents ingested before it that share
candidate keys with it are aligned with it sentence by sentence
(``provenance.match.align``). Each pair is looked at once, when the second of
the two arrives; its direction does not depend on that order: the earlier
article is the one published first, then the one ingested first. So a backfill
(an old article ingested after newer ones) gives the same edges as ingesting in
date order.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection

from provenance.match import DEFAULT_CONFIG, MatchConfig, Sentence, align, summarise
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
    """Keys with more postings than this are too common to point at candidates and are ignored."""
    min_shared_keys: int = 2
    """Two sentences are linked when they share this many usable keys (or their fingerprint)."""
    min_linked_sentences: int = 2
    """A stored document is a candidate when this many of the new article's sentences are linked to it ..."""
    strong_shared_keys: int = 3
    """... or one is, sharing this many keys (or the fingerprint): a single reused sentence is still found."""
    max_candidates: int = 30
    """The candidates with most linked sentences, at most this many, are aligned with the new article."""


DEFAULT_DETECT = DetectConfig()


@dataclass(frozen=True, slots=True)
class NewArticle:
    """A document just written in this transaction, as detection needs it."""

    id: int
    published_at: datetime | None
    text: str
    sentences: Sequence[reuse.StoredSentence]
    sentence_keys: Sequence[frozenset[int]]  # candidate keys of each sentence, by position

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
    return boilerplate_positions(doc.sentences, counts, config) | {s.position for s in doc.sentences if not s.evidence}


def _matcher_sentences(text: str, stored: Sequence[reuse.StoredSentence], skip: set[int]) -> list[Sentence]:
    out = []
    for s in stored:
        piece = text[s.start : s.end]
        out.append(Sentence(position=s.position, text=piece, norm=normalise(piece), boilerplate=s.position in skip))
    return out


def is_earlier(a_id: int, a_date: datetime | None, b_id: int, b_date: datetime | None) -> bool:
    """Whether article a comes before article b: the earlier publication date, then the earlier ingest."""
    if a_date is not None and b_date is not None and a_date != b_date:
        return a_date < b_date
    return a_id < b_id


def candidate_documents(
    conn: Connection, new: NewArticle, config: DetectConfig = DEFAULT_DETECT, *, skip: frozenset[int] = frozenset()
) -> list[int]:
    """Documents ingested before ``new`` worth aligning with it, most promising first.

    The new article's sentences at the positions in ``skip`` (boilerplate, notices, credit lines)
    point at no candidate.

    A stored sentence is linked to a new one when they share ``min_shared_keys`` usable keys, or the
    fingerprint (a short verbatim sentence may have no other key). A document is a candidate when
    ``min_linked_sentences`` new sentences link to it, or one does strongly (``strong_shared_keys``);
    candidates are ranked by how many new sentences they link to. One shared common stem is not
    enough: on MSRP sentence pairs, two shared keys keep 89% of the paraphrase pairs and 0.1% of
    random pairs (one key: 98.7% / 2.8%), three keys 72% / 0.06%. On 100 generated articles against
    3,200 stored (bench/scale.py), "2 linked sentences" left 3.7 candidates per article against 28
    for "1", with every planted source kept.
    """
    evidence = [(p, own) for p, own in enumerate(new.sentence_keys) if p not in skip]
    postings = reuse.key_document_counts(conn, frozenset().union(*(own for _, own in evidence)))
    usable = {k for k, n in postings.items() if n <= config.max_key_postings}
    fingerprints = {s.fingerprint for s in new.sentences if s.position not in skip}
    holders: dict[int, list[int]] = {}  # usable key -> positions of the new sentences holding it
    for position, own in evidence:
        for key in own & usable:
            holders.setdefault(key, []).append(position)
    shared: dict[tuple[int, int], list[int]] = {}
    for key, doc_id, position in reuse.key_postings(conn, usable, before=new.id):
        shared.setdefault((doc_id, position), []).append(key)
    linked: dict[int, set[int]] = {}
    strong: set[int] = set()
    for (doc_id, _), keys in shared.items():
        hits = Counter(p for key in keys for p in holders[key])
        if fingerprints.intersection(keys):
            strong.add(doc_id)
            hits.update({p: config.strong_shared_keys for key in keys if key in fingerprints for p in holders[key]})
        pairs = {p for p, n in hits.items() if n >= config.min_shared_keys}
        if pairs:
            linked.setdefault(doc_id, set()).update(pairs)
        if any(n >= config.strong_shared_keys for n in hits.values()):
            strong.add(doc_id)
    ranked = sorted(
        (d for d in linked if len(linked[d]) >= config.min_linked_sentences or d in strong),
        key=lambda d: (-len(linked[d]), d),
    )
    return ranked[: config.max_candidates]


def detect(
    conn: Connection,
    new: NewArticle,
    *,
    config: DetectConfig = DEFAULT_DETECT,
    match_config: MatchConfig = DEFAULT_CONFIG,
) -> int:
    """Find and store the reuse between ``new`` and documents ingested before it. Returns the edges stored."""
    counts = reuse.fingerprint_document_counts(conn, [s.fingerprint for s in new.sentences])
    new_skip = excluded_positions(new, counts, config)
    ranked = candidate_documents(conn, new, config, skip=frozenset(new_skip))
    if not ranked:
        return 0
    candidates = reuse.load_documents(conn, ranked)
    counts.update(
        reuse.fingerprint_document_counts(conn, [s.fingerprint for doc in candidates.values() for s in doc.sentences])
    )
    new_sentences = _matcher_sentences(new.text, new.sentences, new_skip)
    now = datetime.now(UTC).replace(tzinfo=None)
    stored = 0
    for doc_id in ranked:
        cand = candidates[doc_id]
        cand_sentences = _matcher_sentences(cand.text, cand.sentences, excluded_positions(cand, counts, config))
        if is_earlier(cand.id, cand.published_at, new.id, new.published_at):
            earlier_id, earlier, later_id, later = cand.id, cand_sentences, new.id, new_sentences
        else:
            earlier_id, earlier, later_id, later = new.id, new_sentences, cand.id, cand_sentences
        found = align(earlier, later, config=match_config)
        if not found:
            continue
        summary = summarise(found, earlier, later, config=match_config)
        reuse.insert_matches(
            conn,
            [
                {
                    "later_id": later_id,
                    "later_position": m.later_position,
                    "earlier_id": earlier_id,
                    "earlier_position": m.earlier_position,
                    "kind": m.kind,
                    "score": m.score,
                    "quote": m.quote,
                }
                for m in found
            ],
        )
        reuse.insert_edge(
            conn,
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
