"""Which stored sentences are no evidence of reuse now: boilerplate judged against the candidate index
as it is, licence notices and credit lines.

A sentence recurs as itself (its fingerprint) or as its template (``match.keys.template_key``), both
counted in the index (``CandidateIndex.document_counts``), by the one rule of ``match.recurrence``:
detection judges the new article and its candidates alike, and re-judgement, reports and ``check``
judge stored documents the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from provenance.match import DEFAULT_DETECT, DetectConfig, excluded_positions, recurrence
from provenance.match.keys import template_key
from provenance.reuse.index import CandidateIndex
from provenance.store.records import StoredDocument


# A candidate is loaded again by the transactions that meet it: its templates are remembered.
_template = lru_cache(maxsize=1 << 16)(template_key)


def facts(doc: StoredDocument) -> list[tuple[int, int | None]]:
    """(fingerprint, template key) of each sentence of a stored document, by position."""
    return [(s.fingerprint, _template(doc.text[s.start : s.end])) for s in doc.sentences]


def recurrence_now(index: CandidateIndex, docs: Iterable[StoredDocument]) -> dict[int, dict[int, int]]:
    """Per document, how many stored documents each of its sentences recurs in (``match.recurrence``)."""
    found = {d.id: facts(d) for d in docs}
    counts = index.document_counts({k for f in found.values() for pair in f for k in pair if k is not None})
    return {doc_id: recurrence(f, counts) for doc_id, f in found.items()}


def excluded_now(
    index: CandidateIndex, docs: Iterable[StoredDocument], config: DetectConfig = DEFAULT_DETECT
) -> dict[int, set[int]]:
    """Per document, the positions of sentences that are no evidence of reuse given the index as it is now."""
    docs = list(docs)
    counts = recurrence_now(index, docs)
    return {d.id: excluded_positions(d.sentences, counts[d.id], config) for d in docs}
