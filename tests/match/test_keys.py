"""Candidate-index keys."""

from __future__ import annotations

from math import comb

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.match import DEFAULT_CONFIG, sentence_keys
from provenance.text import fingerprint, normalise

MAX_KEYS = 1 + comb(DEFAULT_CONFIG.key_stems, 2)


def keys(text: str) -> set[int]:
    return set(sentence_keys(normalise(text)))


def test_fingerprint_is_the_first_key() -> None:
    norm = normalise("The minister said the talks would resume on Monday.")
    assert sentence_keys(norm)[0] == fingerprint(norm)


def test_few_keys_and_bigint_range() -> None:
    ks = sentence_keys(normalise("x " * 50 + " ".join(f"word{i}abc" for i in range(60))))
    assert len(ks) <= MAX_KEYS == 7
    assert len(ks) == len(set(ks))
    assert all(-(2**63) <= k < 2**63 for k in ks)


def test_stopword_only_sentence_has_just_the_fingerprint() -> None:
    assert len(sentence_keys(normalise("He said that it was so."))) == 1


def test_reused_sentences_share_a_key() -> None:
    source = "Iran has always supported a developed, free and independent Iraq and prosperity for its nation."
    near = "Iran has always supported a developed, free and independent Iraq and prosperity for its people."
    para = (
        "Iran has always backed a prosperous Iraqi government and country, "
        "as well as a developed, free, and independent Iraq."
    )
    assert keys(source) & keys(near)
    assert keys(source) & keys(para)


def test_one_shared_stem_is_no_shared_key_two_are() -> None:
    # Pair keys: sentences whose sketches share a single stem share no key (a topic word is not a link).
    assert not keys("Mysterious penguins gather") & keys("Penguins vanished yesterday")
    assert keys("Mysterious penguins gather") & keys("Penguins gather rarely")


def test_unrelated_sentences_share_no_key() -> None:
    a = "Iran has always supported a developed, free and independent Iraq and prosperity for its nation."
    b = "The zoo welcomed a pair of red pandas from a breeding programme abroad."
    assert not keys(a) & keys(b)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_keys_are_deterministic_and_bounded(t: str) -> None:
    norm = normalise(t)
    assert sentence_keys(norm) == sentence_keys(norm)
    assert 1 <= len(sentence_keys(norm)) <= MAX_KEYS


def test_template_key_ignores_a_name_but_not_a_sentence_full_of_them() -> None:
    from provenance.match.keys import template_key

    a = template_key("Write to the newsroom of The Italy Tribune; we read every message.")
    b = template_key("Write to the newsroom of The Joe Chronicle; we read every message.")
    assert a is not None and a == b
    assert a != template_key("Write to the desk of The Italy Tribune; we answer every message.")
    assert (
        template_key("The minister said the talks would resume.") is None
    )  # no name: the fingerprint serves
    assert template_key("Shares of Apple rose 2% on Monday.") is None  # names and figures all over
    assert template_key("Die Regierung hat am Montag die neuen Regeln für den Hafen vorgestellt.") is None
