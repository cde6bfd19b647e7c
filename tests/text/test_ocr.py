"""Two OCR'd newspaper copies of one story, set in different columns, are found to be one text (issue 13
point 4). The copies (tests/fixtures/ocr/, made by make_copies.py from a public-domain story) differ in
line width, hyphenation, column breaks, page numbers and OCR errors of their own."""

from __future__ import annotations

from pathlib import Path

import provenance
from provenance.text import segment
from tests.conftest import REPO

OCR = REPO / "tests" / "fixtures" / "ocr"
SOURCE, EARLIER, LATER = (OCR / f"frog_{n}.txt" for n in ("source", "1865", "1866"))


def test_each_copy_has_the_sentences_of_the_story() -> None:
    want = len(segment(SOURCE.read_text(encoding="utf-8")))
    for copy in (EARLIER, LATER):
        spans = segment(copy.read_text(encoding="utf-8"))
        assert len(spans) == want, copy.name
        assert not any(s.text.strip().isdigit() for s in spans)  # no page number is a sentence


def test_compare_finds_the_reuse_between_the_copies() -> None:
    result = provenance.compare(EARLIER.read_text(encoding="utf-8"), LATER.read_text(encoding="utf-8"))
    assert result.derivation == "wholly-derived"
    assert result.coverage == 1.0
    # the matches pair the same sentences of the story, in order
    assert [(m.source_position, m.position) for m in result.matches] == [
        (i, i) for i in range(len(segment(SOURCE.read_text(encoding="utf-8"))))
    ]


def test_the_store_finds_the_earlier_copy(store: provenance.Store, tmp_path: Path) -> None:
    ids = []
    for copy in (EARLIER, LATER):
        [result] = provenance.ingest(store, [str(copy)], publisher=copy.stem).results
        assert result.document_id is not None
        ids.append(result.document_id)
    [source] = provenance.report(store, ids[1]).sources
    assert source.document.id == ids[0]
    assert source.derivation == "wholly-derived"
