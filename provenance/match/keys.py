"""Candidate-index keys (placeholder, replaced below)."""
from provenance.match.model import DEFAULT_CONFIG, MatchConfig
from provenance.text import fingerprint


def sentence_keys(norm: str, *, config: MatchConfig = DEFAULT_CONFIG) -> list[int]:
    return [fingerprint(norm)]
