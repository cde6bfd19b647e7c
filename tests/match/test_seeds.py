"""Acceptance: the seed pair 000 (earlier) -> 002 (a paraphrased, extended rewrite)."""

from __future__ import annotations


import pytest

from provenance.match import compare
from tests.conftest import SEED_000, SEED_002, SEED_PAIRS

EARLIER = SEED_000.read_text(encoding="utf-8")
LATER = SEED_002.read_text(encoding="utf-8")

EXPECTED = SEED_PAIRS  # (phrase in 002's sentence, phrase in 000's sentence)


def _position(sentences, phrase: str) -> int:
    found = [s.position for s in sentences if phrase in s.text]
    assert len(found) == 1, (phrase, found)
    return found[0]


@pytest.fixture(scope="module")
def comparison():
    return compare(EARLIER, LATER)


@pytest.fixture(scope="module")
def expected_pairs(comparison):
    return {(_position(comparison.later, lp), _position(comparison.earlier, ep)) for lp, ep in EXPECTED}


def test_exactly_the_twelve_expected_pairs(comparison, expected_pairs):
    assert len(expected_pairs) == 12
    got = {(m.later_position, m.earlier_position) for m in comparison.matches}
    assert got == expected_pairs
    assert len(comparison.matches) == 12


def test_new_sentences_have_no_source(comparison, expected_pairs):
    matched = {i for i, _ in expected_pairs}
    new = [s for s in comparison.later if s.position not in matched]
    assert any("Caucasus" in s.text for s in new)
    assert any("Creative Commons" in s.text for s in new)
    assert not {m.later_position for m in comparison.matches} - matched


def test_split_two_later_sentences_on_one_earlier(comparison):
    earlier = _position(comparison.earlier, "would definitely counter")
    later = {m.later_position for m in comparison.matches if m.earlier_position == earlier}
    assert later == {
        _position(comparison.later, "will unquestionably respond"),
        _position(comparison.later, "Al-Araji headed a high-ranking security delegation"),
    }


def test_repeated_quote_is_close_to_verbatim_and_quoted(comparison):
    i = _position(comparison.later, "We will not tolerate the continuation of aggression")
    j = _position(comparison.earlier, "We will not tolerate the continuation of aggression")
    (m,) = [m for m in comparison.matches if (m.later_position, m.earlier_position) == (i, j)]
    assert m.kind in ("verbatim", "near-verbatim")
    assert m.quote is True
    assert m.score >= 0.9


def test_unquoted_paraphrase_is_not_a_quote(comparison):
    i = _position(comparison.later, "must take full responsibility for battling")
    (m,) = [m for m in comparison.matches if m.later_position == i]
    assert m.quote is False
    assert m.kind == "paraphrase"


def test_same_pairs_with_roles_swapped(comparison):
    back = compare(LATER, EARLIER)
    swapped = {(m.earlier_position, m.later_position) for m in back.matches}
    assert swapped == {(m.later_position, m.earlier_position) for m in comparison.matches}


def test_scores_in_unit_interval(comparison):
    assert all(0.0 <= m.score <= 1.0 for m in comparison.matches)


def test_summary(comparison):
    s = comparison.summary
    assert s.matched_sentences == 11 + 1  # twelve pairs, twelve distinct later sentences
    assert s.coverage == pytest.approx(12 / len(comparison.later))
    assert s.source_share == 1.0
    assert sum(s.kinds.values()) == 12
    assert s.derivation == "partially-derived"
