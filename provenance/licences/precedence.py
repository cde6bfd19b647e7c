"""Which licence note governs a document: the one precedence rule, used by ``show`` and by the audit.

A notice detected in the article's text, then a note read from its web page (origin ``page``: the
markup — ``rel="license"``, meta tags, JSON-LD — or the page's furniture, such as its footer), then a
licence declared for the article (``licence set DOC``, ``ingest --licence``), then one declared for its
publisher. Among several notices of one kind (text, or page) a licence grant beats a bare copyright
line ("All rights reserved"), then the earlier wins; among declarations the latest wins.
"""

from __future__ import annotations

from provenance.licences.ids import LICENSEREF_ARR

_RANK = {
    ("document", "detected"): 0,
    ("document", "page"): 1,
    ("document", "declared"): 2,
    ("publisher", "declared"): 3,
}
_EVIDENCE = 1  # ranks up to this one are evidence found in the document (text, then page)


def note_rank(owner: str, origin: str, spdx: str, order: int) -> tuple[int, bool, int]:
    """Sort key putting a document's licence notes in precedence order, the governing one first.

    ``owner`` is ``document`` or ``publisher`` (whose note it is), ``origin`` ``detected``, ``page`` or
    ``declared``, ``order`` the note's place in the order the notes were written (their ids).
    """
    rank = _RANK.get((owner, origin), len(_RANK))
    if rank <= _EVIDENCE:
        return (rank, spdx == LICENSEREF_ARR, order)  # grants first, then in text (or page) order
    return (rank, False, -order)  # the latest declaration first
