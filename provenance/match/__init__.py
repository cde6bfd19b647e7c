"""Sentence-level reuse detection between two articles: pure functions over sentences.

>>> from provenance.match import compare
>>> c = compare("The cat sat on the mat. It was warm.", "It was warm. The cat sat on the mat!")
>>> sorted((m.later_position, m.earlier_position, m.kind) for m in c.matches)
[(0, 1, 'verbatim'), (1, 0, 'verbatim')]
>>> c.summary.derivation
'wholly-derived'
"""

from provenance.match.align import align, align_profiles
from provenance.match.boilerplate import boilerplate_positions, excluded_positions, recurrence
from provenance.match.candidates import rank_candidates
from provenance.match.classify import Profile, profile
from provenance.match.compare import compare, sentences_of
from provenance.match.direction import is_earlier
from provenance.match.edges import derivation_of, summarise
from provenance.match.keys import sentence_keys
from provenance.match.model import (
    DEFAULT_CONFIG,
    DEFAULT_DETECT,
    DERIVATIONS,
    KINDS,
    Comparison,
    DetectConfig,
    EdgeSummary,
    Match,
    MatchConfig,
    Sentence,
)

__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_DETECT",
    "DERIVATIONS",
    "KINDS",
    "Comparison",
    "DetectConfig",
    "EdgeSummary",
    "Match",
    "MatchConfig",
    "Profile",
    "Sentence",
    "align",
    "align_profiles",
    "boilerplate_positions",
    "compare",
    "derivation_of",
    "excluded_positions",
    "is_earlier",
    "profile",
    "rank_candidates",
    "recurrence",
    "sentence_keys",
    "sentences_of",
    "summarise",
]
