"""Reuse detection over the candidate index: which stored sentences share keys with a new article
(``index``, behind one small interface), then which of them are reuse (candidate ranking and
alignment from ``provenance.match``, the pairs aligned in worker processes for big batches: ``pairs``),
written as matches and edges (``edges``).
"""

from provenance.reuse.boilerplate import excluded_now, recurrence_now
from provenance.reuse.detector import PROFILE_CACHE_DOCUMENTS, Detector, NewArticle
from provenance.reuse.index import CandidateIndex, SqlKeyIndex, postings_of
from provenance.reuse.pairs import Found, PairExaminer

__all__ = [
    "PROFILE_CACHE_DOCUMENTS",
    "CandidateIndex",
    "Detector",
    "Found",
    "NewArticle",
    "PairExaminer",
    "SqlKeyIndex",
    "excluded_now",
    "postings_of",
    "recurrence_now",
]
