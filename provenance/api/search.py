"""Paste search (Churnalism's check): the stored articles that reuse a text, or that it reuses, found
by the detector itself (its candidate lookup, ranking and alignment) with nothing written.

The text is prepared as ingest prepares an article (segmentation, licence notices and credit lines,
fingerprints and candidate keys) and given to :meth:`provenance.reuse.Detector.find` as a document
that is not stored, over an index that refuses to write (a key found too common is treated as such
in memory, not entered in ``common_keys``). Its direction against each stored article is the one
ingest would give it as the *first* article ingested: the earlier of every pair, unless
``published_at`` is given and a stored article was published before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from provenance.api.reports import _read_one
from provenance.errors import InputError
from provenance.match import DEFAULT_CONFIG, DEFAULT_DETECT, DetectConfig, MatchConfig
from provenance.match.candidates import Posting
from provenance.prepare import prepare
from provenance.readers import DEFAULT_MAX_BYTES, Article
from provenance.results import DocumentSummary, SearchHit, SearchMatch, SearchResult, SearchSentence
from provenance.api.index import reading
from provenance.reuse import CandidateIndex, Detector, Found, NewArticle
from provenance.store import Store, queries

SEARCHED_ID = 0  # the searched text's document id: below every stored one (ids start at 1)


class _ReadOnlyIndex:
    """The store's candidate index for reading only: what detection would write is dropped."""

    def __init__(self, inner: CandidateIndex) -> None:
        self._inner = inner

    def lock(self) -> None:
        return None

    def add(self, postings: Sequence[Posting]) -> None:
        return None

    def mark_common(self, postings: Mapping[int, int]) -> None:
        return None

    def sweep(self, max_postings: int) -> int:
        return 0

    def remove(self, doc_id: int, keys: Iterable[int]) -> int:
        return 0

    def common(self, keys: Iterable[int]) -> dict[int, int]:
        return self._inner.common(keys)

    def counts(self, keys: Iterable[int]) -> dict[int, int]:
        return self._inner.counts(keys)

    def document_counts(self, keys: Iterable[int]) -> dict[int, int]:
        return self._inner.document_counts(keys)

    def postings(self, keys: Iterable[int], *, per_key: int | None = None) -> list[Posting]:
        return self._inner.postings(keys, per_key=per_key)

    def sentences_with_keys(self, keys: Iterable[int], *, max_postings: int) -> list[tuple[int, int]]:
        return self._inner.sentences_with_keys(keys, max_postings=max_postings)


def search(
    store: Store,
    text: str,
    *,
    name: str = "text",
    published_at: datetime | None = None,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> SearchResult:
    """The stored articles that reuse ``text`` or that it reuses, sentence by sentence; nothing stored.

    ``published_at``: the text's publication date (default: none, so it is the earlier of every
    pair: the press release whose reuse is looked for). At most ``detect_config.max_candidates``
    articles are aligned, as on ingest. Hits are in order of the share of the text they match.
    """
    if not text.strip():
        raise InputError(name, "empty text")
    prepared = prepare(Article(text=text, source=name, published_at=published_at), datetime.now(UTC))
    doc = prepared.doc
    new = NewArticle.build(SEARCHED_ID, doc.published_at, doc.text, doc.sentences)
    with reading(store) as (conn, index):
        detector = Detector(conn, _ReadOnlyIndex(index), config=detect_config, match_config=match_config)
        found = detector.find(new, not_yet={SEARCHED_ID})
        _, skip = detector.candidates(new, not_yet={SEARCHED_ID})  # the text's left-out positions (cached)
        others = sorted({f.later_id if f.earlier_id == SEARCHED_ID else f.earlier_id for f in found})
        summaries = queries.document_summaries(conn, others)
    hits = [_hit(f, summaries) for f in found]
    hits.sort(key=lambda h: (-h.text_coverage, -h.matched_sentences, h.document.id))
    found_in: dict[int, list[int]] = {}
    for h in hits:
        for m in h.matches:
            ids = found_in.setdefault(m.text_position, [])
            if h.document.id not in ids:
                ids.append(h.document.id)
    sentences = [
        SearchSentence(
            position=s.position,
            text=doc.text[s.start : s.end],
            excluded=s.position in skip,
            found_in=found_in.get(s.position, []),
        )
        for s in doc.sentences
    ]
    evidence = [s for s in sentences if not s.excluded]
    coverage = sum(1 for s in evidence if s.found_in) / len(evidence) if evidence else 0.0
    return SearchResult(name=name, sentences=sentences, coverage=coverage, hits=hits)


def _hit(f: Found, summaries: Mapping[int, DocumentSummary]) -> SearchHit:
    """A pair found, seen from the searched text: its sentences on the left, the stored article's right."""
    text_is_later = f.later_id == SEARCHED_ID
    other = summaries[f.earlier_id if text_is_later else f.later_id]
    s = f.summary
    if text_is_later:
        matches = [
            SearchMatch(
                m.later_position, m.sentence, m.earlier_position, m.source_sentence, m.kind, m.score, m.quote
            )
            for m in f.matches
        ]
    else:
        matches = [
            SearchMatch(
                m.earlier_position, m.source_sentence, m.later_position, m.sentence, m.kind, m.score, m.quote
            )
            for m in f.matches
        ]
    return SearchHit(
        document=queries.document_ref(other),
        publisher=other.publisher,
        relation="reused-by" if text_is_later else "reuses",
        text_coverage=s.coverage if text_is_later else s.source_share,
        document_coverage=s.source_share if text_is_later else s.coverage,
        derivation=s.derivation,
        matched_sentences=s.matched_sentences,
        kinds=dict(s.kinds),
        matches=sorted(matches, key=lambda m: (m.text_position, m.position)),
    )


def search_file(
    store: Store,
    path: str,
    *,
    published_at: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    match_config: MatchConfig = DEFAULT_CONFIG,
    detect_config: DetectConfig = DEFAULT_DETECT,
) -> SearchResult:
    """``search`` of a file (any format ingest reads, one article; ``-`` for stdin), named by its path."""
    return search(
        store,
        _read_one(path, max_bytes),
        name=path,
        published_at=published_at,
        match_config=match_config,
        detect_config=detect_config,
    )
