"""Which of two articles is the earlier, and how sure that is: the direction of a reuse edge.

The stored direction of an edge (its later and earlier article) is :func:`is_earlier`'s. How much it
says is :func:`direction_basis`'s:

* ``by-date``: both are dated and their publication times lie more than the window apart;
* ``uncertain``: both are dated but equal, or two times less than ``window`` apart, or a date-only
  value (a time of exactly 00:00:00, which is how a date without a time is stored) whose day holds
  the other value: two outlets carrying one agency story the same day. (Two date-only values of
  different days are ``by-date``.) The stored direction is then the
  earlier time when they differ, else an order of the texts' digests (``tie``), never the ingest or
  file order;
* ``by-ingest-order``: one or both are undated; the ingest order decided.
"""

from __future__ import annotations

from datetime import datetime, timedelta

BY_DATE = "by-date"
UNCERTAIN = "uncertain"
BY_INGEST_ORDER = "by-ingest-order"
DIRECTION_WINDOW = timedelta(hours=1)
"""Two dated articles published closer than this (date-only values covering their day) are
``uncertain``: which copied which, if either, is not known from the dates."""


def is_earlier(
    a_id: int,
    a_date: datetime | None,
    b_id: int,
    b_date: datetime | None,
    *,
    a_tie: str | None = None,
    b_tie: str | None = None,
) -> bool:
    """Whether article a comes before article b: the earlier publication date; equal dates by the
    tie keys (``a_tie``, ``b_tie``: e.g. digests of the texts, the same whatever the ingest order)
    when given; the earlier ingest (the lower id) when either date is missing.

    The direction of a pair does not depend on which of the two was compared with the other.
    """
    if a_date is not None and b_date is not None:
        if a_date != b_date:
            return a_date < b_date
        if a_tie is not None and b_tie is not None and a_tie != b_tie:
            return a_tie < b_tie
    return a_id < b_id


def _span(when: datetime) -> tuple[datetime, datetime]:
    """The time a stored value stands for: a date-only value (00:00:00) covers its whole day."""
    if when.hour == when.minute == when.second == when.microsecond == 0:
        return when, when + timedelta(days=1)
    return when, when


def direction_basis(a: datetime | None, b: datetime | None, *, window: timedelta = DIRECTION_WINDOW) -> str:
    """What the dates say of the direction of an edge between articles dated ``a`` and ``b``."""
    if a is None or b is None:
        return BY_INGEST_ORDER
    (a0, a1), (b0, b1) = _span(a), _span(b)
    if a0 == a1 and b0 == b1:  # two times: within the window of each other
        return UNCERTAIN if abs(a - b) < window else BY_DATE
    # A date-only value: uncertain when its day holds the other value (or overlaps its day).
    return UNCERTAIN if a0 < b1 and b0 < a1 or a == b else BY_DATE
