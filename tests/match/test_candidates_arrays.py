"""``rank_candidates`` (numpy over arrays) against ``rank_candidates_loop`` (the rule as a plain loop): the
same candidates in the same order, with the same linked pairs in the same order, on random inputs shaped
like detection's (few keys shared by many sentences, repeated postings, skipped positions, documents of
the batch not yet compared, rarity weights that tie)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.match import DetectConfig
from provenance.match.candidates import rank_candidates, rank_candidates_loop

KEYS = st.integers(min_value=-(2**63), max_value=2**63 - 1)


@st.composite
def cases(draw):
    pool = draw(st.lists(KEYS, min_size=1, max_size=12, unique=True))
    key = st.sampled_from(pool)
    sentences = draw(st.lists(st.frozensets(key, max_size=5), min_size=1, max_size=12))
    fingerprints = [draw(st.sampled_from(pool) | KEYS) for _ in sentences]
    postings = draw(
        st.lists(
            st.tuples(key | KEYS, st.integers(1, 9), st.integers(0, 30)), max_size=120
        )  # repeats allowed: a sentence holding a key twice over two reads
    )
    skip = draw(st.frozensets(st.integers(0, len(sentences) - 1), max_size=3))
    not_yet = draw(st.frozensets(st.integers(1, 9), max_size=3))
    held = draw(st.none() | st.dictionaries(st.sampled_from(pool), st.integers(0, 6)))
    config = DetectConfig(
        min_linked_sentences=draw(st.integers(1, 3)),
        strong_shared_pairs=draw(st.integers(1, 3)),
        max_candidates=draw(st.integers(1, 5)),
    )
    return sentences, fingerprints, postings, config, skip, not_yet, held


@settings(max_examples=400, deadline=None)
@given(cases())
def test_the_array_rule_is_the_loop_rule(case) -> None:
    sentences, fingerprints, postings, config, skip, not_yet, held = case
    expected = rank_candidates_loop(
        sentences, fingerprints, postings, config, skip=skip, not_yet=not_yet, held=held
    )
    got = rank_candidates(sentences, fingerprints, postings, config, skip=skip, not_yet=not_yet, held=held)
    assert list(got.items()) == list(expected.items())  # order of candidates and of their pairs too


def test_a_container_that_is_not_a_set_and_an_iterator_of_postings() -> None:
    class Below:  # any Container: documents below 3 are not yet compared
        def __contains__(self, doc: object) -> bool:
            return isinstance(doc, int) and doc < 3

    sentences = [frozenset({1, 2}), frozenset({2, 3}), frozenset({4})]
    postings = [(1, 2, 0), (2, 2, 1), (2, 5, 0), (3, 5, 1), (4, 5, 7), (4, 6, 2)]
    config = DetectConfig(min_linked_sentences=2)
    got = rank_candidates(sentences, [9, 8, 4], iter(postings), config, not_yet=Below())
    assert got == rank_candidates_loop(sentences, [9, 8, 4], postings, config, not_yet=Below())
    assert list(got) == [5, 6] and got[5] == [(0, 0), (1, 0), (1, 1), (2, 7)]
