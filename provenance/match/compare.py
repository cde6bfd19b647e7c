"""Whole-text entry points: sentences of a text, and the comparison of two texts."""

from __future__ import annotations

from provenance.match.align import align
from provenance.match.edges import summarise
from provenance.match.model import DEFAULT_CONFIG, Comparison, MatchConfig, Sentence
from provenance.text import normalise, segment


def sentences_of(text: str) -> list[Sentence]:
    """Segment ``text`` and normalise each sentence; positions count from 0."""
    return [Sentence(position=k, text=s.text, norm=normalise(s.text)) for k, s in enumerate(segment(text))]


def compare(earlier_text: str, later_text: str, *, config: MatchConfig = DEFAULT_CONFIG) -> Comparison:
    """Align the sentences of two texts and summarise the result."""
    earlier = sentences_of(earlier_text)
    later = sentences_of(later_text)
    matches = align(earlier, later, config=config)
    return Comparison(
        matches=matches,
        summary=summarise(matches, earlier, later, config=config),
        earlier=earlier,
        later=later,
    )
