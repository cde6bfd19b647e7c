"""Which licence note governs a document: the one precedence rule, used by ``show`` and by the audit.

A notice detected in the article, then a licence declared for the article (``licence set DOC``,
``ingest --licence``), then one declared for its publisher. Among several notices in one article a
licence grant beats a bare copyright line ("All rights reserved"); among declarations the latest wins.
"""

from __future__ import annotations

from provenance.licences.ids import LICENSEREF_ARR

_RANK = {("document", "detected"): 0, ("document", "declared"): 1, ("publisher", "declared"): 2}


def note_rank(owner: str, origin: str, spdx: str, order: int) -> tuple[int, bool, int]:
    """Sort key putting a document's licence notes in precedence order, the governing one first.

    ``owner`` is ``document`` or ``publisher`` (whose note it is), ``origin`` ``detected`` or
    ``declared``, ``order`` the note's place in the order the notes were written (their ids).
    """
    rank = _RANK.get((owner, origin), 3)
    if rank == 0:
        return (0, spdx == LICENSEREF_ARR, order)  # grants first, then in text order
    return (rank, False, -order)  # the latest declaration first
