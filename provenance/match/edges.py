"""Article-level summary of the links from one earlier article to one later article.

The derivation classes follow the METER corpus of newspaper reuse (Gaizauskas,
Clough et al., 2001): a later text is *wholly derived* when the earlier one is
its only source, *partially derived* when the earlier one is one of its sources,
*non-derived* when it was written independently. Here the classes are read from
coverage, the share of the later article's (non-boilerplate) sentences that have
a source in the earlier article:

* wholly-derived: coverage >= ``wholly_derived_coverage`` (0.8 by default);
* partially-derived: coverage >= ``partially_derived_coverage`` (0.1), or at
  least ``partially_derived_sentences`` (3) later sentences with a source (a long
  article that takes three sentences from another has reused it, however long
  the rest);
* non-derived: anything less: no link, or one or two links in a long article
  (under a tenth of its sentences), which may be chance.

Only the matches that are evidence of reuse count (``provenance.match.evidence``): a short line
("United States.", a dateline, a credit line) matched outside a run of copied text makes no
article derived.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from provenance.match.evidence import evidence_matches
from provenance.match.model import (
    DEFAULT_CONFIG,
    KINDS,
    NON,
    PARTIALLY,
    WHOLLY,
    EdgeSummary,
    Match,
    MatchConfig,
    Sentence,
)


def derivation_of(coverage: float, matched_sentences: int, *, config: MatchConfig = DEFAULT_CONFIG) -> str:
    """METER class of a later article from its coverage and number of matched sentences."""
    if matched_sentences and coverage >= config.wholly_derived_coverage:
        return WHOLLY
    if matched_sentences and (
        coverage >= config.partially_derived_coverage
        or matched_sentences >= config.partially_derived_sentences
    ):
        return PARTIALLY
    return NON


def summarise(
    matches: Iterable[Match],
    earlier: Sequence[Sentence],
    later: Sequence[Sentence],
    *,
    config: MatchConfig = DEFAULT_CONFIG,
) -> EdgeSummary:
    """Summarise ``matches`` (from :func:`align`) between ``earlier`` and ``later``: those that are
    evidence of reuse (``evidence.evidence_matches``; the sentences' ``norm`` decides)."""
    matches = evidence_matches(list(matches), earlier, later, config=config)
    later_ok = {s.position for s in later if not s.boilerplate}
    earlier_ok = {s.position for s in earlier if not s.boilerplate}
    matched_later = {m.later_position for m in matches} & later_ok
    matched_earlier = {m.earlier_position for m in matches} & earlier_ok
    coverage = len(matched_later) / len(later_ok) if later_ok else 0.0
    source_share = len(matched_earlier) / len(earlier_ok) if earlier_ok else 0.0
    kinds = {k: 0 for k in KINDS}
    for m in matches:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    return EdgeSummary(
        matched_sentences=len(matched_later),
        coverage=coverage,
        source_share=source_share,
        kinds=kinds,
        derivation=derivation_of(coverage, len(matched_later), config=config),
    )
