"""Unit tests of the licence precedence rule (``note_rank``): which note governs a document."""

from __future__ import annotations

from typing import NamedTuple

from provenance.licences.ids import LICENSEREF_ARR
from provenance.licences.precedence import note_rank


class Note(NamedTuple):
    owner: str
    origin: str
    spdx: str
    order: int


def ranked(*notes: Note) -> list[Note]:
    return sorted(notes, key=lambda n: note_rank(n.owner, n.origin, n.spdx, n.order))


DETECTED = ("document", "detected")
PAGE = ("document", "page")
DECLARED = ("document", "declared")
PUBLISHER = ("publisher", "declared")


def test_detected_before_document_declared_before_publisher_declared() -> None:
    detected = Note(*DETECTED, "CC-BY-4.0", 9)
    declared = Note(*DECLARED, "CC-BY-SA-4.0", 5)
    publisher = Note(*PUBLISHER, "CC0-1.0", 1)
    expected = [detected, declared, publisher]
    assert ranked(publisher, declared, detected) == expected
    assert ranked(declared, publisher, detected) == expected


def test_the_owner_outranks_the_order_of_writing() -> None:
    # A publisher's licence declared after the document's own is still second to it.
    declared = Note(*DECLARED, "CC-BY-4.0", 1)
    publisher = Note(*PUBLISHER, "CC0-1.0", 100)
    assert ranked(publisher, declared) == [declared, publisher]


def test_a_detected_all_rights_reserved_still_beats_a_declared_grant() -> None:
    arr = Note(*DETECTED, LICENSEREF_ARR, 3)
    grant = Note(*DECLARED, "CC-BY-4.0", 1)
    assert ranked(grant, arr) == [arr, grant]


def test_among_detected_notices_a_grant_beats_all_rights_reserved() -> None:
    arr = Note(*DETECTED, LICENSEREF_ARR, 1)
    grant = Note(*DETECTED, "CC-BY-4.0", 7)
    assert ranked(arr, grant) == [grant, arr]
    assert ranked(grant, arr) == [grant, arr]


def test_among_detected_notices_text_order_decides_next() -> None:
    first = Note(*DETECTED, "CC-BY-SA-4.0", 2)
    second = Note(*DETECTED, "CC-BY-4.0", 5)
    arr_early = Note(*DETECTED, LICENSEREF_ARR, 1)
    arr_late = Note(*DETECTED, LICENSEREF_ARR, 8)
    assert ranked(arr_late, second, arr_early, first) == [first, second, arr_early, arr_late]


def test_among_declarations_the_latest_wins() -> None:
    old = Note(*DECLARED, "CC-BY-4.0", 3)
    new = Note(*DECLARED, "CC-BY-SA-4.0", 7)
    assert ranked(old, new) == [new, old]
    old = Note(*PUBLISHER, "CC-BY-4.0", 3)
    new = Note(*PUBLISHER, "CC0-1.0", 7)
    assert ranked(old, new) == [new, old]


def test_a_declared_all_rights_reserved_is_not_demoted() -> None:
    # "Grants first" is a rule of detected notices only: a later declaration of all rights reserved wins.
    grant = Note(*DECLARED, "CC-BY-4.0", 3)
    arr = Note(*DECLARED, LICENSEREF_ARR, 7)
    assert ranked(grant, arr) == [arr, grant]
    grant = Note(*PUBLISHER, "CC-BY-4.0", 3)
    arr = Note(*PUBLISHER, LICENSEREF_ARR, 7)
    assert ranked(grant, arr) == [arr, grant]


def test_a_full_set_of_notes_in_precedence_order() -> None:
    notes = [
        Note(*PUBLISHER, "CC0-1.0", 1),
        Note(*DETECTED, LICENSEREF_ARR, 2),
        Note(*DECLARED, "CC-BY-4.0", 3),
        Note(*DETECTED, "CC-BY-SA-4.0", 4),
        Note(*PUBLISHER, "CC-BY-4.0", 5),
        Note(*DECLARED, LICENSEREF_ARR, 6),
        Note(*DETECTED, "CC-BY-4.0", 7),
    ]
    assert [n.order for n in ranked(*notes)] == [4, 7, 2, 6, 3, 5, 1]


def test_a_page_note_ranks_after_the_text_and_before_declarations() -> None:
    detected = Note(*DETECTED, "CC-BY-4.0", 9)
    page = Note(*PAGE, "CC-BY-NC-4.0", 2)
    declared = Note(*DECLARED, "CC-BY-SA-4.0", 5)
    publisher = Note(*PUBLISHER, "CC0-1.0", 1)
    assert ranked(publisher, declared, page, detected) == [detected, page, declared, publisher]
    assert ranked(declared, page) == [page, declared]


def test_a_page_all_rights_reserved_still_beats_a_declared_grant() -> None:
    arr = Note(*PAGE, LICENSEREF_ARR, 8)
    grant = Note(*DECLARED, "CC-BY-4.0", 1)
    assert ranked(grant, arr) == [arr, grant]


def test_among_page_notes_a_grant_beats_all_rights_reserved_then_page_order() -> None:
    arr = Note(*PAGE, LICENSEREF_ARR, 1)
    footer = Note(*PAGE, "CC-BY-4.0", 4)
    meta = Note(*PAGE, "CC-BY-SA-4.0", 2)
    assert ranked(arr, footer, meta) == [meta, footer, arr]


def test_a_detected_all_rights_reserved_beats_a_page_grant() -> None:
    # The text's own notice is the stronger evidence, whatever it says.
    arr = Note(*DETECTED, LICENSEREF_ARR, 3)
    grant = Note(*PAGE, "CC-BY-4.0", 1)
    assert ranked(grant, arr) == [arr, grant]
