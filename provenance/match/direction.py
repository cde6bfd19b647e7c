"""Which of two articles is the earlier: the direction of a reuse edge."""

from __future__ import annotations

from datetime import datetime


def is_earlier(a_id: int, a_date: datetime | None, b_id: int, b_date: datetime | None) -> bool:
    """Whether article a comes before article b: the earlier publication date, then the earlier ingest.

    Ingest order (the lower id) decides when either date is missing or both are equal, so the direction
    of a pair does not depend on which of the two was compared with the other.
    """
    if a_date is not None and b_date is not None and a_date != b_date:
        return a_date < b_date
    return a_id < b_id
