"""Pure text stages: segmentation offsets, normalisation, fingerprints."""

from __future__ import annotations

import blingfire
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.text import fingerprint, normalise, segment
from provenance.text.segment import sentence_offsets
from tests.conftest import SEED_000, SEED_002

PROSE = st.text(alphabet=st.sampled_from(list("ab .?!\n\u00e9\u65e5\U0001f600\"'\u2019\u00a0")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_sentence_offsets_equal_bling_fires_own_wrapper(t: str) -> None:
    if t.strip():
        assert sentence_offsets(t) == blingfire.text_to_sentences_and_offsets(t)[1]


def test_sentence_offsets_on_the_seeds_and_non_ascii() -> None:
    for t in (
        SEED_000.read_text(encoding="utf-8"),
        SEED_002.read_text(encoding="utf-8"),
        "Ça va? 日本語の文。Oui 😀 ok.",
    ):
        assert sentence_offsets(t) == blingfire.text_to_sentences_and_offsets(t)[1]


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_every_letter_is_in_exactly_one_segment(t: str) -> None:
    segs = segment(t)
    for s in segs:
        assert t[s.start : s.end] == s.text
    assert all(a.end <= b.start for a, b in zip(segs, segs[1:], strict=False))
    covered = {i for s in segs for i in range(s.start, s.end)}
    assert all(i in covered for i, c in enumerate(t) if c.isalnum())


def test_blank_line_ends_a_sentence_hard_wrap_does_not() -> None:
    text = "A heading\n\nThe first line goes on\nacross a wrapped line. Then another."
    assert [s.text for s in segment(text)] == [
        "A heading",
        "The first line goes on\nacross a wrapped line.",
        "Then another.",
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_normalise_is_idempotent(t: str) -> None:
    assert normalise(normalise(t)) == normalise(t)


def test_trivial_differences_vanish() -> None:
    assert normalise("Amir-Abdollahian said: “Iraq’s”") == normalise("amir abdollahian SAID iraq's")
    assert fingerprint(normalise("Iraq’s security.")) == fingerprint(normalise("iraq's security"))
    assert -(2**63) <= fingerprint("x") < 2**63
