"""Unit tests of the pure candidate rule (``rank_candidates``) and of edge direction (``is_earlier``).

Keys are small ints: pair keys below 1000, fingerprints from 1000 up. As in ``sentence_keys``, a
sentence's fingerprint is also one of its keys. Postings are (key, document id, position).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.match import DetectConfig, is_earlier, rank_candidates

LOOSE = DetectConfig(min_linked_sentences=2, strong_shared_pairs=2, max_candidates=30)


def article(*pair_keys: set[int], first_fp: int = 1000) -> tuple[list[set[int]], list[int]]:
    """Sentence keys and fingerprints of an article whose sentences hold these pair keys."""
    fps = [first_fp + i for i in range(len(pair_keys))]
    return [{fp, *pairs} for fp, pairs in zip(fps, pair_keys, strict=True)], fps


# --- which documents are candidates ---------------------------------------------------------------


def test_two_linked_sentences_make_a_candidate() -> None:
    keys, fps = article({1}, {2}, {3})
    ranked = rank_candidates(keys, fps, [(1, 7, 0), (2, 7, 4)], LOOSE)
    assert list(ranked) == [7]
    assert sorted(ranked[7]) == [(0, 0), (1, 4)]


def test_one_sentence_linked_by_one_pair_key_is_not_a_candidate() -> None:
    keys, fps = article({1, 2}, {3})
    assert rank_candidates(keys, fps, [(1, 7, 0)], LOOSE) == {}


def test_one_link_is_enough_when_min_linked_sentences_is_one() -> None:
    keys, fps = article({1, 2}, {3})
    ranked = rank_candidates(keys, fps, [(1, 7, 5)], DetectConfig(min_linked_sentences=1))
    assert ranked == {7: [(0, 5)]}


def test_a_shared_fingerprint_makes_one_sentence_a_candidate() -> None:
    keys, fps = article({1}, {2})
    ranked = rank_candidates(keys, fps, [(fps[1], 7, 3)], LOOSE)
    assert ranked == {7: [(1, 3)]}


def test_strong_shared_pairs_on_one_sentence_pair_make_a_candidate() -> None:
    keys, fps = article({1, 2, 3}, {4})
    postings = [(1, 7, 2), (2, 7, 2)]
    assert rank_candidates(keys, fps, postings, LOOSE) == {7: [(0, 2)]}
    # Two keys are not strong when three are asked for; three are.
    assert rank_candidates(keys, fps, postings, DetectConfig(strong_shared_pairs=3)) == {}
    assert rank_candidates(keys, fps, [*postings, (3, 7, 2)], DetectConfig(strong_shared_pairs=3)) == {
        7: [(0, 2)]
    }


def test_shared_keys_on_different_stored_sentences_are_not_strong() -> None:
    # Two keys of one new sentence found in two different sentences of the stored document: two links
    # (counted on the stored side), not one strong link.
    keys, fps = article({1, 2})
    ranked = rank_candidates(keys, fps, [(1, 7, 0), (2, 7, 1)], DetectConfig(min_linked_sentences=3))
    assert ranked == {}


def test_a_key_the_new_article_lacks_links_nothing() -> None:
    keys, fps = article({1}, {2})
    assert rank_candidates(keys, fps, [(50, 7, 0), (51, 7, 1)], LOOSE) == {}


# --- skip and not_yet -----------------------------------------------------------------------------


def test_skipped_positions_point_at_nothing() -> None:
    keys, fps = article({1}, {2}, {3})
    postings = [(1, 7, 0), (2, 7, 1), (3, 7, 2)]
    ranked = rank_candidates(keys, fps, postings, LOOSE, skip={1})
    assert sorted(ranked[7]) == [(0, 0), (2, 2)]
    # With two of the three skipped only one sentence is linked: no longer a candidate.
    assert rank_candidates(keys, fps, postings, LOOSE, skip={0, 1}) == {}


def test_a_skipped_sentence_fingerprint_is_not_strong() -> None:
    keys, fps = article({1}, {2})
    assert rank_candidates(keys, fps, [(fps[0], 7, 0)], LOOSE) == {7: [(0, 0)]}
    assert rank_candidates(keys, fps, [(fps[0], 7, 0)], LOOSE, skip={0}) == {}


def test_not_yet_documents_are_left_out() -> None:
    keys, fps = article({1}, {2})
    postings = [(fps[0], 7, 0), (fps[1], 8, 0), (1, 8, 1), (2, 8, 2)]
    assert rank_candidates(keys, fps, postings, LOOSE).keys() == {7, 8}
    assert list(rank_candidates(keys, fps, postings, LOOSE, not_yet={8})) == [7]
    assert rank_candidates(keys, fps, postings, LOOSE, not_yet={7, 8}) == {}


# --- symmetry -------------------------------------------------------------------------------------


def test_linked_sentences_are_counted_on_the_side_with_more_of_them() -> None:
    # One new sentence linked to two stored ones ...
    keys, fps = article({1}, {9})
    assert rank_candidates(keys, fps, [(1, 7, 0), (1, 7, 1)], LOOSE).keys() == {7}
    # ... and two new sentences linked to one stored one.
    keys, fps = article({1}, {1})
    assert sorted(rank_candidates(keys, fps, [(1, 7, 3)], LOOSE)[7]) == [(0, 3), (1, 3)]
    # Three are needed: two on either side are not enough.
    assert rank_candidates(keys, fps, [(1, 7, 3)], DetectConfig(min_linked_sentences=3)) == {}


def _postings(doc_id: int, keys: list[set[int]]) -> list[tuple[int, int, int]]:
    return [(key, doc_id, position) for position, own in enumerate(keys) for key in own]


# Sentences as (fingerprint, pair keys) from small universes so that articles often share keys.
_sentence = st.tuples(st.integers(1000, 1004), st.frozensets(st.integers(0, 6), max_size=3))
_article = st.lists(_sentence, min_size=1, max_size=5)


@settings(max_examples=100, deadline=None)
@given(_article, _article, st.integers(1, 3), st.integers(1, 3))
def test_candidates_do_not_depend_on_which_article_came_first(
    a: list[tuple[int, frozenset[int]]], b: list[tuple[int, frozenset[int]]], min_linked: int, strong: int
) -> None:
    config = DetectConfig(min_linked_sentences=min_linked, strong_shared_pairs=strong)
    a_keys, a_fps = [{fp, *pairs} for fp, pairs in a], [fp for fp, _ in a]
    b_keys, b_fps = [{fp, *pairs} for fp, pairs in b], [fp for fp, _ in b]
    a_new = rank_candidates(a_keys, a_fps, _postings(2, b_keys), config)
    b_new = rank_candidates(b_keys, b_fps, _postings(1, a_keys), config)
    assert (2 in a_new) == (1 in b_new)
    if 2 in a_new:
        assert sorted(a_new[2]) == sorted((theirs, mine) for mine, theirs in b_new[1])


# --- ranking --------------------------------------------------------------------------------------


def test_rarer_shared_keys_rank_first() -> None:
    keys, fps = article({1}, {2}, {3}, {4})
    postings = [(1, 5, 0), (2, 5, 1), (3, 9, 0), (4, 9, 1)]
    # Without held counts every key weighs the same: the lower id first.
    assert list(rank_candidates(keys, fps, postings, LOOSE)) == [5, 9]
    held = {1: 100, 2: 100, 3: 2, 4: 2}
    assert list(rank_candidates(keys, fps, postings, LOOSE, held=held)) == [9, 5]
    held = {1: 2, 2: 2, 3: 100, 4: 100}
    assert list(rank_candidates(keys, fps, postings, LOOSE, held=held)) == [5, 9]


def test_a_link_weighs_as_its_rarest_key_not_the_sum_of_its_keys() -> None:
    # Document 5: two links each sharing keys held by 3 and by 4 sentences (rarest 1/3 each: 0.67 in all;
    # the sum of the keys would be 1.17). Document 9: two links of one key held by 2 (1/2 each: 1.0).
    keys, fps = article({1, 2}, {3, 4}, {5}, {6})
    postings = [(1, 5, 0), (2, 5, 0), (3, 5, 1), (4, 5, 1), (5, 9, 0), (6, 9, 1)]
    held = {1: 3, 2: 4, 3: 3, 4: 4, 5: 2, 6: 2}
    assert list(rank_candidates(keys, fps, postings, LOOSE, held=held)) == [9, 5]
    # The rarest key of a link sets its weight, not the commonest: make one key of each of 5's links rare.
    held |= {1: 1, 3: 1}
    assert list(rank_candidates(keys, fps, postings, LOOSE, held=held)) == [5, 9]


def test_equal_evidence_ranks_more_linked_sentences_first_then_lower_id() -> None:
    keys, fps = article({1}, {2}, {3}, {4}, {5}, {6})
    held = {1: 1, 2: 1, 3: 2, 4: 2, 5: 2, 6: 2}
    postings = [
        *[(1, 4, 0), (2, 4, 1)],  # two links of weight 1: evidence 2, two linked sentences
        *[(1, 3, 0), (2, 3, 1)],  # the same, lower id
        *[(3, 8, 0), (4, 8, 1), (5, 8, 2), (6, 8, 3)],  # four links of weight 1/2: evidence 2, four linked
    ]
    assert list(rank_candidates(keys, fps, postings, LOOSE, held=held)) == [8, 3, 4]


def test_more_evidence_beats_more_linked_sentences() -> None:
    keys, fps = article({1}, {2}, {3}, {4}, {5})
    held = {1: 1, 2: 1, 3: 10, 4: 10, 5: 10}
    postings = [(1, 8, 0), (2, 8, 1), (3, 3, 0), (4, 3, 1), (5, 3, 2)]
    assert list(rank_candidates(keys, fps, postings, LOOSE, held=held)) == [8, 3]


def test_at_most_max_candidates_are_kept_the_best_ones() -> None:
    keys, fps = article({1}, {2}, {3}, {4}, {5}, {6})
    held = {1: 5, 2: 5, 3: 1, 4: 1, 5: 2, 6: 2}
    postings = [(1, 1, 0), (2, 1, 1), (3, 2, 0), (4, 2, 1), (5, 3, 0), (6, 3, 1)]
    assert list(rank_candidates(keys, fps, postings, LOOSE, held=held)) == [2, 3, 1]
    two = DetectConfig(max_candidates=2)
    assert list(rank_candidates(keys, fps, postings, two, held=held)) == [2, 3]
    assert list(rank_candidates(keys, fps, postings, DetectConfig(max_candidates=0), held=held)) == []


def test_links_are_new_position_then_candidate_position() -> None:
    keys, fps = article(set(), set(), set(), {1}, {2})
    ranked = rank_candidates(keys, fps, [(1, 7, 11), (2, 7, 12)], LOOSE)
    assert sorted(ranked[7]) == [(3, 11), (4, 12)]


def test_each_linked_sentence_pair_is_listed_once() -> None:
    keys, fps = article({1, 2, 3})
    ranked = rank_candidates(keys, fps, [(1, 7, 0), (2, 7, 0), (3, 7, 0)], LOOSE)
    assert ranked == {7: [(0, 0)]}


# --- direction ------------------------------------------------------------------------------------

JAN = datetime(2024, 1, 1)
FEB = datetime(2024, 2, 1)


def test_the_earlier_date_is_earlier_whatever_the_ids() -> None:
    assert is_earlier(9, JAN, 1, FEB)
    assert not is_earlier(1, FEB, 9, JAN)


def test_ids_decide_when_a_date_is_missing_or_dates_are_equal() -> None:
    assert is_earlier(1, FEB, 9, None)
    assert is_earlier(1, None, 9, JAN)
    assert is_earlier(1, None, 9, None)
    assert not is_earlier(9, JAN, 1, None)
    assert is_earlier(1, JAN, 9, JAN)
    assert not is_earlier(9, JAN, 1, JAN)


def test_an_article_is_not_earlier_than_itself() -> None:
    assert not is_earlier(3, JAN, 3, JAN)
    assert not is_earlier(3, None, 3, None)


_dates = st.none() | st.integers(0, 3).map(lambda d: JAN + timedelta(days=d))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 5), _dates, st.integers(0, 5), _dates)
def test_exactly_one_of_two_distinct_articles_is_earlier(
    a_id: int, a_date: datetime | None, b_id: int, b_date: datetime | None
) -> None:
    if a_id == b_id:
        return  # one article: neither is earlier
    assert is_earlier(a_id, a_date, b_id, b_date) != is_earlier(b_id, b_date, a_id, a_date)
