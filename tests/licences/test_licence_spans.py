"""``licence_spans``, ingest's one pass over the licence grammar, gives what the separate calls give:
``detect_notices`` and ``non_evidence_positions``; and ``detect_credits(kinds=...)`` finds exactly the
credits of those kinds that the full call finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.licences import detect_credits, detect_notices, licence_spans, non_evidence_positions
from provenance.licences.credits import KINDS
from provenance.licences.evidence import CREDIT_LINE_KINDS
from provenance.text import segment
from tests.conftest import SEEDS
from tests.licences.test_credits import NEGATIVES as CREDIT_NEGATIVES
from tests.licences.test_credits import POSITIVES as CREDIT_POSITIVES
from tests.licences.test_notices import NEGATIVES, POSITIVES

_BODY = "The minister said the talks in Vienna would resume next week. Officials declined to comment."
# Licence mentions without the words detect_notices looks for first ("CC-Zero": a notice for the credit
# search, none for detect_notices), with them, and none.
_PIECES = (
    [w for w, *_ in POSITIVES]
    + list(NEGATIVES)
    + [c[0] for c in CREDIT_POSITIVES + CREDIT_NEGATIVES]
    + ["Photo: CC-Zero / Flickr.", "The text is CC\tBY 4.0.", "Code: GPL-3.0. Text: CC BY-SA 4.0.", _BODY]
)


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [f"{_BODY}\n\n{piece}" for piece in _PIECES]
    texts += [f"{a}\n{_BODY} {b}" for a, b in zip(_PIECES, reversed(_PIECES), strict=True)]
    return texts


def _separately(text: str) -> tuple[list, frozenset[int]]:
    spans = [(s.start, s.end) for s in segment(text)]
    return detect_notices(text), non_evidence_positions(text, spans)


def test_one_pass_gives_what_the_separate_calls_give() -> None:
    texts = _texts()
    assert sum(1 for t in texts if detect_notices(t)) > 50  # the cases hold notices, not only mentions
    for text in texts:
        spans = [(s.start, s.end) for s in segment(text)]
        assert licence_spans(text, spans) == _separately(text), text


def test_fewer_kinds_find_the_same_credits_of_those_kinds() -> None:
    for text in _texts():
        every = detect_credits(text)
        for kinds in (CREDIT_LINE_KINDS, {"link"}, {"agency-tag", "via"}, set(KINDS)):
            assert detect_credits(text, kinds=kinds) == [c for c in every if c.kind in kinds], (text, kinds)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=4),
    st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S")), max_size=60),
)
def test_one_pass_on_mixed_texts(pieces: list[str], noise: str) -> None:
    text = f"{noise} " + "\n".join(pieces) + f" {_BODY}"
    spans = [(s.start, s.end) for s in segment(text)]
    assert licence_spans(text, spans) == _separately(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=12),
    st.lists(st.tuples(st.integers(-5, 65), st.integers(-5, 65)), max_size=5),
)
def test_mostly_covered_is_the_share_of_each_span_in_the_regions(
    spans: list[tuple[int, int]], regions: list[tuple[int, int]]
) -> None:
    """(Spans outside every region are passed over without summing: the same positions.)"""
    from provenance.licences.evidence import NON_EVIDENCE_SHARE, _mostly_covered

    want = {
        i
        for i, (s, e) in enumerate(spans)
        if e > s and sum(max(0, min(e, b) - max(s, a)) for a, b in regions) / (e - s) >= NON_EVIDENCE_SHARE
    }
    assert _mostly_covered(spans, regions) == frozenset(want)
