"""Unit tests of the pure boilerplate rules: ``boilerplate_positions`` and ``excluded_positions``."""

from __future__ import annotations

from typing import NamedTuple

from provenance.match import DEFAULT_DETECT, DetectConfig, boilerplate_positions, excluded_positions


class Facts(NamedTuple):
    position: int
    fingerprint: int
    evidence: bool = True


def article(*counts: int | None, first: int = 100) -> tuple[list[Facts], dict[int, int]]:
    """Sentences at positions ``first``, ``first + 1``, ... whose fingerprints occur in these many documents
    (``None``: the fingerprint has no count, as for a sentence stored nowhere)."""
    sentences = [Facts(first + i, 5000 + i) for i in range(len(counts))]
    return sentences, {s.fingerprint: n for s, n in zip(sentences, counts, strict=True) if n is not None}


def test_defaults_are_those_the_examples_assume() -> None:
    assert (DEFAULT_DETECT.boilerplate_min_docs, DEFAULT_DETECT.boilerplate_ratio) == (10, 3.0)


def test_a_footer_far_above_the_median_is_boilerplate() -> None:
    sentences, counts = article(1, 1, 2, 1, 40)
    assert boilerplate_positions(sentences, counts) == {104}


def test_positions_are_the_sentences_own_not_their_index() -> None:
    sentences, counts = article(1, 40, 1, first=7)
    assert boilerplate_positions(sentences, counts) == {8}


def test_below_boilerplate_min_docs_is_never_boilerplate() -> None:
    sentences, counts = article(1, 1, 1, 9, 10)
    assert boilerplate_positions(sentences, counts) == {104}  # 9 is 9 times the median, but < 10
    assert boilerplate_positions(sentences, counts, DetectConfig(boilerplate_min_docs=9)) == {103, 104}
    assert boilerplate_positions(sentences, counts, DetectConfig(boilerplate_min_docs=11)) == set()


def test_the_floor_is_ratio_times_the_median_when_that_is_higher() -> None:
    # Median 20: floor max(10, 3 * 20) = 60.
    sentences, counts = article(20, 20, 20, 59, 60)
    assert boilerplate_positions(sentences, counts) == {104}
    assert boilerplate_positions(sentences, counts, DetectConfig(boilerplate_ratio=2.9)) == {103, 104}
    assert boilerplate_positions(sentences, counts, DetectConfig(boilerplate_ratio=3.1)) == set()


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    # Median (7 + 25) / 2 = 16: floor 48, so neither 25 nor 30 (the lower middle, 7, would give 21).
    sentences, counts = article(5, 7, 25, 30)
    assert boilerplate_positions(sentences, counts) == set()
    sentences, counts = article(5, 7, 12, 30)  # median 9.5: floor 28.5
    assert boilerplate_positions(sentences, counts) == {103}


def test_a_wire_story_whose_sentences_all_recur_alike_is_not_boilerplate() -> None:
    sentences, counts = article(50, 50, 48, 52, 50)
    assert boilerplate_positions(sentences, counts) == set()
    # A footer on the wire story still stands out.
    sentences, counts = article(50, 50, 48, 52, 50, 400)
    assert boilerplate_positions(sentences, counts) == {105}


def test_a_sentence_without_a_count_counts_as_one_document() -> None:
    sentences, counts = article(None, None, None, 10)
    assert boilerplate_positions(sentences, counts) == {103}
    sentences, counts = article(None, None, 10, 10)  # median 5.5: floor 16.5
    assert boilerplate_positions(sentences, counts) == set()


def test_every_sentence_can_recur_in_a_one_sentence_article() -> None:
    # The median is the sentence itself: 3 times its own count is never reached.
    sentences, counts = article(1000)
    assert boilerplate_positions(sentences, counts) == set()
    assert boilerplate_positions(sentences, counts, DetectConfig(boilerplate_ratio=1.0)) == {100}


def test_no_sentences_no_boilerplate() -> None:
    assert boilerplate_positions([], {1: 100}) == set()
    assert excluded_positions([], {1: 100}) == set()


def test_sentences_sharing_a_fingerprint_are_judged_alike() -> None:
    sentences = [Facts(0, 1), Facts(1, 2), Facts(2, 3), Facts(3, 9), Facts(4, 9)]
    assert boilerplate_positions(sentences, {1: 1, 2: 1, 3: 1, 9: 30}) == {3, 4}


def test_excluded_positions_add_sentences_that_are_not_evidence() -> None:
    sentences = [Facts(0, 1), Facts(1, 2, evidence=False), Facts(2, 3), Facts(3, 4), Facts(4, 5)]
    counts = {1: 1, 2: 1, 3: 1, 4: 1, 5: 40}
    assert boilerplate_positions(sentences, counts) == {4}  # a notice is not boilerplate by its count
    assert excluded_positions(sentences, counts) == {1, 4}


def test_a_notice_is_excluded_even_when_nothing_recurs() -> None:
    sentences = [Facts(0, 1), Facts(1, 2, evidence=False)]
    assert excluded_positions(sentences, {}) == {1}
    assert excluded_positions([Facts(0, 1), Facts(1, 2)], {}) == set()


def test_excluded_positions_use_the_config() -> None:
    sentences, counts = article(1, 1, 1, 9)
    assert excluded_positions(sentences, counts) == set()
    assert excluded_positions(sentences, counts, DetectConfig(boilerplate_min_docs=5)) == {103}
