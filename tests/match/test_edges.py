"""Article-level summary and the METER derivation classes."""

from __future__ import annotations

import dataclasses

import pytest

from provenance.match import DEFAULT_CONFIG, align, compare, derivation_of, sentences_of, summarise

SOURCE = (
    "Flooding forced thousands of residents from their homes in the river valley on Sunday. "
    "The regional governor declared a state of emergency and asked for army support. "
    "Forecasters expect more heavy rain across the region until Wednesday. "
    "Several bridges were closed after water levels rose above the warning mark. "
    "Emergency shelters have been opened in schools and sports halls."
)
OWN = [
    "The city council approved a new budget for public libraries on Monday.",
    "Local musicians will perform at the summer festival in the old harbour.",
    "A new cycling lane along the seafront is expected to open in spring.",
    "The museum's collection of medieval maps will go on tour next year.",
    "Volunteers planted two hundred trees in the northern park last weekend.",
    "Tickets for the theatre season went on sale this morning.",
    "The zoo welcomed a pair of red pandas from a breeding programme abroad.",
    "Parking charges in the town centre will rise by ten cents an hour.",
]


def test_wholly_derived_when_all_sentences_come_from_the_source() -> None:
    s = compare(SOURCE, SOURCE).summary
    assert (s.derivation, s.coverage, s.source_share) == ("wholly-derived", 1.0, 1.0)
    assert s.kinds["verbatim"] == 5


def test_wholly_derived_allows_an_added_line() -> None:
    s = compare(SOURCE, SOURCE + " " + OWN[0]).summary
    assert s.coverage == pytest.approx(5 / 6)
    assert s.derivation == "wholly-derived"


def test_partially_derived_when_a_substantial_part_comes_from_the_source() -> None:
    later = ". ".join(SOURCE.split(". ")[:2]) + ". " + " ".join(OWN[:4])
    s = compare(SOURCE, later).summary
    assert s.matched_sentences == 2
    assert s.coverage == pytest.approx(2 / 6)
    assert s.derivation == "partially-derived"


def test_three_reused_sentences_make_a_long_article_partially_derived() -> None:
    later = ". ".join(SOURCE.split(". ")[:3]) + ". " + " ".join(OWN * 4)
    s = compare(SOURCE, later).summary
    assert s.matched_sentences == 3
    assert s.coverage < DEFAULT_CONFIG.partially_derived_coverage
    assert s.derivation == "partially-derived"


def test_non_derived_when_nothing_or_little_comes_from_the_source() -> None:
    assert compare(SOURCE, " ".join(OWN)).summary.derivation == "non-derived"
    one_line = SOURCE.split(". ")[0] + ". " + " ".join(OWN + OWN[::-1])
    s = compare(SOURCE, one_line).summary
    assert s.matched_sentences == 1
    assert s.coverage < DEFAULT_CONFIG.partially_derived_coverage
    assert s.derivation == "non-derived"


def test_thresholds_are_keyword_tunable() -> None:
    strict = dataclasses.replace(DEFAULT_CONFIG, wholly_derived_coverage=0.95)
    assert compare(SOURCE, SOURCE + " " + OWN[0], config=strict).summary.derivation == "partially-derived"
    assert derivation_of(0.9, 9) == "wholly-derived"
    assert derivation_of(0.9, 9, config=strict) == "partially-derived"
    assert derivation_of(0.0, 0) == "non-derived"
    assert derivation_of(0.09, 2) == "non-derived"
    assert derivation_of(0.25, 1) == "partially-derived"
    assert derivation_of(0.05, 3) == "partially-derived"


def test_summary_counts_kinds_and_ignores_boilerplate() -> None:
    earlier = sentences_of(SOURCE + " Subscribe to our newsletter for more stories.")
    later = sentences_of(SOURCE + " Subscribe to our newsletter for more stories.")
    earlier[-1] = dataclasses.replace(earlier[-1], boilerplate=True)
    later[-1] = dataclasses.replace(later[-1], boilerplate=True)
    matches = align(earlier, later)
    s = summarise(matches, earlier, later)
    assert s.matched_sentences == 5
    assert s.coverage == 1.0 and s.source_share == 1.0
    assert s.kinds == {"verbatim": 5, "near-verbatim": 0, "paraphrase": 0}


def test_empty_articles() -> None:
    s = summarise([], [], [])
    assert (s.matched_sentences, s.coverage, s.source_share, s.derivation) == (0, 0.0, 0.0, "non-derived")
