"""Edge rows: the matches found between two articles, and their summary, as rows of the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from provenance.match import EdgeSummary, Match


def match_rows(later_id: int, earlier_id: int, found: Sequence[Match]) -> list[tuple[Any, ...]]:
    """Rows of ``matches`` in ``provenance.store.edges.MATCH_COLUMNS`` order."""
    return [
        (later_id, m.later_position, earlier_id, m.earlier_position, m.kind, m.score, m.quote) for m in found
    ]


def edge_row(
    later_id: int, earlier_id: int, found: Sequence[Match], summary: EdgeSummary, detected_at: datetime
) -> dict[str, Any]:
    """The ``reuse_edges`` row of the later article's reuse of the earlier one."""
    return {
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
        "detected_at": detected_at,
    }
