"""Which sentences of an article are licence notices or credit lines: never evidence of reuse."""

from __future__ import annotations

from collections.abc import Sequence

from provenance.licences.credits import detect_credits
from provenance.licences.ids import find_licences
from provenance.licences.notices import Notice, detect_notices, has_notice_words, notices_from_mentions

# Credit kinds that make up a line of their own ("Source: X", "This article first appeared on X").
CREDIT_LINE_KINDS = frozenset(
    {"source-line", "originally-published", "first-appeared", "licence-named", "dash-credit"}
)
NON_EVIDENCE_SHARE = 0.5
"""A sentence is not evidence when at least this share of its characters is a notice or a credit line."""


def non_evidence_positions(
    text: str, spans: Sequence[tuple[int, int]], notices: Sequence[Notice] | None = None
) -> frozenset[int]:
    """Positions (indexes into ``spans``) of sentences that are mostly a licence notice or a credit line.

    ``notices``: ``detect_notices(text)`` when the caller has it already.
    """
    regions = [(n.start, n.end) for n in (detect_notices(text) if notices is None else notices)]
    regions += [(c.start, c.end) for c in detect_credits(text, kinds=CREDIT_LINE_KINDS)]
    return _mostly_covered(spans, regions)


def _mostly_covered(spans: Sequence[tuple[int, int]], regions: list[tuple[int, int]]) -> frozenset[int]:
    if not regions:
        return frozenset()
    out = set()
    lo, hi = min(a for a, _ in regions), max(b for _, b in regions)
    for position, (start, end) in enumerate(spans):
        if end <= lo or start >= hi:  # (outside every region: nothing covered)
            continue
        covered = sum(max(0, min(end, b) - max(start, a)) for a, b in regions)
        if end > start and covered / (end - start) >= NON_EVIDENCE_SHARE:
            out.add(position)
    return frozenset(out)


def licence_spans(text: str, spans: Sequence[tuple[int, int]]) -> tuple[list[Notice], frozenset[int]]:
    """``detect_notices(text)`` and ``non_evidence_positions(text, spans)`` in one pass over the licence
    grammar (ingest's per-article work): the same results as the two calls, which each find the text's
    licence mentions."""
    low = text.lower()  # (once for the three)
    mentions = find_licences(text, low=low)
    words = has_notice_words(low)
    # Without mentions, only the notice words make a notice: the same list as detect_notices' own.
    every = notices_from_mentions(text, mentions, low=low) if words or mentions else []
    notices = every if words else []
    regions = [(n.start, n.end) for n in notices]
    credits = detect_credits(text, kinds=CREDIT_LINE_KINDS, licences=(mentions, every), low=low)
    regions += [(c.start, c.end) for c in credits]
    return notices, _mostly_covered(spans, regions)
