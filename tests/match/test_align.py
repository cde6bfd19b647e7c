"""Unit tests of sentence alignment: kinds, splits and merges, boilerplate, quotes."""

from __future__ import annotations

import dataclasses

import pytest

from provenance.match import DEFAULT_CONFIG, Match, Sentence, align, compare, sentences_of
from provenance.text import normalise

HOSPITAL = (
    "The government will build a new hospital in the northern city of Mosul next year, "
    "the health minister announced."
)
PHONE_CALL = (
    "In a phone call with his Iraqi counterpart Fuad Hussein last week, the Iranian foreign minister "
    "said that Iran will not tolerate continued acts of aggression."
)
PHONE_CONVERSATION = (
    "Also, during a phone conversation with his Azeri counterpart Jeyhun Bayramov late on Saturday, "
    "Amir Abdollahian examined the most crucial bilateral, regional, and global concerns."
)


def pairs(matches: list[Match]) -> set[tuple[int, int]]:
    return {(m.later_position, m.earlier_position) for m in matches}


def one(earlier: str, later: str) -> Match:
    matches = compare(earlier, later).matches
    assert len(matches) == 1, matches
    return matches[0]


# --- kinds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (
            "The minister said the talks would resume on Monday in Geneva.",
            "THE MINISTER SAID THE TALKS WOULD RESUME ON MONDAY IN GENEVA!",
        ),
        (
            '"We will not tolerate the continuation of aggression," he said.',
            "“We will not tolerate the continuation of aggression”, he said.",
        ),
        (
            "Amir-Abdollahian met al-Araji in Tehran on Saturday.",
            "Amir Abdollahian met al Araji in Tehran on Saturday.",
        ),
        (
            "Iraq’s government must shoulder its responsibility.",
            "Iraq's government must shoulder its responsibility.",
        ),
    ],
)
def test_verbatim_after_normalise(earlier: str, later: str) -> None:
    m = one(earlier, later)
    assert (m.kind, m.score) == ("verbatim", 1.0)
    assert m.sentence == later and m.source_sentence == earlier


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (  # one word changed
            "The central bank raised its main interest rate by half a point on Thursday to fight inflation.",
            "The central bank raised its key interest rate by half a point on Thursday to fight inflation.",
        ),
        (  # two words changed
            "The central bank raised its main interest rate by half a point on Thursday to fight inflation.",
            "The central bank raised its key interest rate by half a point on Thursday to curb inflation.",
        ),
        (  # a word dropped, one added
            "Rescue teams were still searching for survivors in the rubble late on Tuesday night.",
            "Rescue teams were searching for more survivors in the rubble late on Tuesday night.",
        ),
    ],
)
def test_near_verbatim(earlier: str, later: str) -> None:
    m = one(earlier, later)
    assert m.kind == "near-verbatim"
    assert 0.6 <= m.score < 1.0


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (  # synonyms and reordered clauses
            HOSPITAL,
            (
                "Next year the government will construct a new hospital in the northern city of Mosul, "
                "according to the health minister."
            ),
        ),
        (  # different voice
            HOSPITAL,
            (
                "A new hospital is to be constructed by the government in Mosul, a city in the north, "
                "next year, the health minister said."
            ),
        ),
        (  # attribution moved to the front, quotation kept
            '"We will never accept these terms," the union leader told reporters outside the factory.',
            'The union leader told reporters outside the factory: "We will never accept these terms."',
        ),
    ],
)
def test_paraphrase(earlier: str, later: str) -> None:
    m = one(earlier, later)
    assert m.kind == "paraphrase"
    assert 0.0 < m.score < 1.0


# --- split and merge ---------------------------------------------------------------------------

LONG = (
    "The company reported record profits of $5 billion in the third quarter, and its chief "
    "executive announced plans to hire 2,000 new engineers in Europe."
)
SPLIT = (
    "The company reported record profits of $5 billion in the third quarter. "
    "Its chief executive also announced plans to hire 2,000 new engineers in Europe."
)


def test_split_two_later_sentences_draw_on_one_earlier() -> None:
    assert pairs(compare(LONG, SPLIT).matches) == {(0, 0), (1, 0)}


def test_merge_one_later_sentence_draws_on_two_earlier() -> None:
    assert pairs(compare(SPLIT, LONG).matches) == {(0, 0), (0, 1)}


def test_paraphrased_split() -> None:
    earlier = (
        "Al-Araji, who is in Tehran at the head of a high-ranking security delegation, said the Iraqi "
        "government would definitely counter any measure against Iran's security."
    )
    later = (
        "For his part, al-Araji said the Iraqi government would definitely respond to any measure "
        "against Iran's security. Al-Araji headed a high-ranking security delegation in Tehran."
    )
    assert pairs(compare(earlier, later).matches) == {(0, 0), (1, 0)}


def test_no_weak_second_source_when_one_explains_the_sentence() -> None:
    earlier = (
        "Iran will not tolerate the continuation of the armed terrorists' presence in the Kurdistan Region. "
        "We will not tolerate the continuation of aggression and terrorist acts by groups in the region."
    )
    later = (
        "Iran will not tolerate the continuation of the armed terrorists' presence in the Kurdistan Region."
    )
    assert pairs(compare(earlier, later).matches) == {(0, 0)}


def test_repeated_sentence_pairs_in_order() -> None:
    text = "Markets fell sharply in Tokyo on Monday. Markets fell sharply in Tokyo on Monday."
    assert pairs(compare(text, text).matches) == {(0, 0), (1, 1)}


def test_copied_part_of_a_longer_sentence_is_verbatim() -> None:
    earlier = (
        "Despite months of delays, the minister said on Tuesday that the new bridge across the river "
        "would open to traffic next spring."
    )
    later = "The new bridge across the river would open to traffic next spring."
    m = one(earlier, later)
    assert m.kind == "verbatim"  # cut word for word out of the longer sentence
    assert 0.0 < m.score < 1.0  # but not the whole sentence: 1.0 stays for identical sentences
    assert one(later, earlier).kind == "verbatim"


def test_short_copied_run_is_not_verbatim() -> None:
    strict = dataclasses.replace(DEFAULT_CONFIG, verbatim_run_min_words=20)
    earlier = (
        "Despite months of delays, the minister said on Tuesday that the new bridge across the river "
        "would open to traffic next spring."
    )
    later = "The new bridge across the river would open to traffic next spring."
    (m,) = compare(earlier, later, config=strict).matches
    assert m.kind == "near-verbatim"


HARBOUR = (
    "The city council approved a plan on Monday to rebuild the old harbour bridge over the next three years. "
    "The bridge was closed in March after engineers found cracks in two of its steel supports. "
    "Shops near the harbour say their trade has fallen by a third since the closure. "
    "A temporary ferry now carries about two thousand passengers across the water each day. "
    "Work on the new bridge will begin next spring and the council expects it to cost forty million euros. "
    "Opposition members said the money should have been spent on schools."
)
HARBOUR_ANCHOR = (
    "On Monday the city council approved a plan to rebuild the old harbour bridge over the next three years."
)
HARBOUR_WEAK = "Construction gets under way in spring; officials put the bill at forty million euros."


def test_weak_pair_in_story_order_after_a_skip_is_linked() -> None:
    # A summary: the weak paraphrase follows the anchor, and its source follows the anchor's source
    # three sentences on. Below pair_threshold alone, it continues the run of links in order.
    c = compare(HARBOUR, HARBOUR_ANCHOR + " " + HARBOUR_WEAK)
    assert pairs(c.matches) == {(0, 0), (1, 4)}
    (weak,) = [m for m in c.matches if m.later_position == 1]
    assert DEFAULT_CONFIG.context_threshold <= weak.score < DEFAULT_CONFIG.pair_threshold
    back = compare(HARBOUR_ANCHOR + " " + HARBOUR_WEAK, HARBOUR)
    assert pairs(back.matches) == {(0, 0), (4, 1)}


def test_weak_pair_against_story_order_is_not_linked() -> None:
    # The same weak sentence placed before the anchor would cross the anchor's link.
    c = compare(HARBOUR, HARBOUR_WEAK + " " + HARBOUR_ANCHOR)
    assert pairs(c.matches) == {(1, 0)}


# --- what never matches ------------------------------------------------------------------------


def test_boilerplate_never_matches() -> None:
    text = "All content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 License."
    norm = normalise(text)
    plain = [Sentence(0, text, norm)]
    flagged = [Sentence(0, text, norm, boilerplate=True)]
    assert len(align(plain, plain)) == 1
    assert align(flagged, plain) == []
    assert align(plain, flagged) == []
    assert align(flagged, flagged) == []


def test_boilerplate_counts_nowhere_in_the_summary() -> None:
    earlier = sentences_of(
        "Protesters gathered outside parliament on Friday. Subscribe to our newsletter today."
    )
    later = sentences_of(
        "Protesters gathered outside parliament on Friday. Subscribe to our newsletter today."
    )
    later[1] = dataclasses.replace(later[1], boilerplate=True)
    earlier[1] = dataclasses.replace(earlier[1], boilerplate=True)
    c = align(earlier, later)
    assert pairs(c) == {(0, 0)}


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (
            "Iran's foreign minister met his Iraqi counterpart in Baghdad on Sunday to discuss the border.",
            "Iraq's prime minister criticised Iranian drone strikes on Kurdish groups in the north of Iraq.",
        ),
        (PHONE_CALL, PHONE_CONVERSATION),
        (
            "Shares of the carmaker rose 4 percent to $31.20 after it reported higher quarterly sales.",
            "Shares of the airline fell 7 percent to $12.85 after it cut its forecast for the year.",
        ),
    ],
)
def test_unrelated_same_topic_sentences_do_not_match(earlier: str, later: str) -> None:
    assert compare(earlier, later).matches == []


def test_empty_and_trivial_inputs() -> None:
    assert compare("", "Some text here about the economy.").matches == []
    assert compare("Some text here about the economy.", "").matches == []
    assert compare("1.", "1.").matches == []  # nothing to reuse in a list number


# --- quotes ------------------------------------------------------------------------------------


def test_quote_when_both_quote_the_same_words() -> None:
    m = one(
        '"We will never accept these terms," the union leader told reporters outside the factory.',
        "The union leader told reporters outside the factory: «We will never accept these terms».",
    )
    assert m.quote is True


def test_no_quote_when_only_one_side_quotes() -> None:
    m = one(
        "The union leader told reporters outside the factory that they would never accept these terms.",
        'The union leader told reporters outside the factory: "We would never accept these terms."',
    )
    assert m.quote is False


def test_no_quote_without_quotation_marks() -> None:
    m = one(
        "The central bank raised its main interest rate by half a point on Thursday.",
        "The central bank raised its key interest rate by half a point on Thursday.",
    )
    assert m.quote is False


def test_low_high_and_multi_sentence_quotes() -> None:
    m = one(
        "„Wir werden diese Bedingungen niemals akzeptieren“, sagte der Gewerkschaftsführer heute.",
        "„Wir werden diese Bedingungen niemals akzeptieren“, sagte der Gewerkschaftsführer heute.",
    )
    assert m.quote is True
    # A sentence inside a quotation that spans sentences: the closing mark has no opening one.
    m = one(
        "Prices will keep rising through the winter, he warned.",
        "prices will keep rising through the winter,” he warned.",
    )
    assert m.quote is False  # only one side is quoted


# --- general -----------------------------------------------------------------------------------


def test_matches_are_ordered_and_scores_bounded() -> None:
    c = compare(SPLIT + " Unrelated closing remarks about the weather in Lisbon.", LONG + " " + SPLIT)
    keys = [(m.later_position, m.earlier_position) for m in c.matches]
    assert keys == sorted(keys)
    assert all(0.0 <= m.score <= 1.0 for m in c.matches)
    assert all(m.kind in ("verbatim", "near-verbatim", "paraphrase") for m in c.matches)


def test_config_is_frozen_and_tunable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_CONFIG.pair_threshold = 0.1  # type: ignore[misc]
    strict = dataclasses.replace(DEFAULT_CONFIG, pair_threshold=0.99, context_threshold=0.99)
    earlier = "The government will build a new hospital in the northern city of Mosul next year."
    later = "Next year the government will construct a new hospital in Mosul, in the north."
    assert compare(earlier, later).matches
    assert not compare(earlier, later, config=strict).matches


def test_sentences_of() -> None:
    s = sentences_of("First sentence here. Second one, “quoted”!")
    assert [x.position for x in s] == [0, 1]
    assert s[1].norm == "second one quoted"
    assert not any(x.boilerplate for x in s)
