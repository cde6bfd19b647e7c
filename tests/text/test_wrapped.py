"""Hard-wrapped and OCR'd text gives the sentences of the unwrapped text; real line structure is kept.

The gold set is tests/fixtures/wrapped/news.txt (one sentence a line); its variants (wrapped at 40, 60
and 72 columns, hyphenated, soft hyphens, column breaks) are made by bench/segmentation.py.
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from types import ModuleType

import pytest

from provenance.text import normalise, segment
from tests.conftest import REPO


def _bench() -> ModuleType:
    path = REPO / "bench" / "segmentation.py"
    spec = importlib.util.spec_from_file_location("bench_segmentation", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
PARAGRAPHS = BENCH.read_gold()
GOLD = [s for p in PARAGRAPHS for s in p]


def _keys(text: str) -> list[str]:
    return [BENCH.key(s.text) for s in segment(text)]


def test_the_unwrapped_text_gives_the_gold_sentences() -> None:
    assert len(GOLD) >= 40
    precision, recall = BENCH.precision_recall(BENCH.sentences(BENCH.unwrapped(PARAGRAPHS)), GOLD)
    assert precision >= 0.95 and recall >= 0.95


@pytest.mark.parametrize("variant", [v for v in BENCH.VARIANTS if not v.startswith("unwrapped")])
def test_every_variant_gives_the_sentences_of_the_unwrapped_text(variant: str) -> None:
    text = BENCH.VARIANTS[variant](PARAGRAPHS)
    assert text.count("\n") > 2 * len(PARAGRAPHS)  # it is wrapped
    assert _keys(text) == _keys(BENCH.unwrapped(PARAGRAPHS))


def test_a_line_break_inside_running_prose_is_no_boundary() -> None:
    paragraph = (
        "The talks ended late on Tuesday in Kuala Lumpur, where Malaysia's Prime Minister, Najib Razak "
        "said that the government would review the contract for the rail link. The project, worth about "
        "US$13 billion, was signed in 2016."
    )
    text = textwrap.fill(paragraph, 40)
    assert "Minister,\nNajib" in text  # the cut of issue 13
    assert [" ".join(s.text.split()) for s in segment(text)] == [
        paragraph[: paragraph.index(" The project")],
        paragraph[paragraph.index("The project") :],
    ]


BODY = (
    "The city council of Bremen voted on Tuesday to close the old harbour\n"
    "bridge to motor traffic from next spring. Engineers had found\n"
    "corrosion in two of the steel cables that hold the deck, the council\n"
    "said in a statement.\n"
)


def test_headings_datelines_and_lists_keep_their_lines() -> None:
    text = (
        "Bridge closure ordered\nSaturday, March 4, 2023\nBREMEN\n"
        + BODY
        + "The plans:\n- close the bridge to cars\n- build a new one by 2028\n1. a ferry\n2. more buses\n"
    )
    got = [s.text for s in segment(text)]
    assert got[:3] == ["Bridge closure ordered", "Saturday, March 4, 2023", "BREMEN"]
    assert " ".join(got[3].split()).endswith("from next spring.")
    assert got[-5:] == [
        "The plans:",
        "- close the bridge to cars",
        "- build a new one by 2028",
        "1. a ferry",
        "2. more buses",
    ]


POEM = (  # Wordsworth, 1807 (public domain)
    "I wandered lonely as a cloud\nThat floats on high o'er vales and hills,\n"
    "When all at once I saw a crowd,\nA host, of golden daffodils;\n"
    "Beside the lake, beneath the trees,\nFluttering and dancing in the breeze."
)
TABLE = "Team      Points\nBremen    12\nHamburg   9\nKiel      7"


def test_verse_and_tables_are_not_unwrapped() -> None:
    assert len(segment(POEM)) == 6  # each line stands alone, as before
    assert [s.text for s in segment(TABLE)] == TABLE.split("\n")


def test_column_breaks_and_page_numbers_inside_a_sentence() -> None:
    text = (
        '"We will look at every\n\nclause," Mr. Najib told a news conference in Kuala Lumpur, adding that\n'
        "the review would take\n\n- 12 -\n\nsix weeks. Critics were not convinced."
    )
    got = [s.text for s in segment(text)]
    assert len(got) == 2
    assert normalise(got[0]) == (
        "we will look at every clause mr najib told a news conference in kuala lumpur adding that "
        "the review would take six weeks"
    )


def test_words_broken_across_line_ends_are_joined_for_matching() -> None:
    assert normalise("the num-\nber of") == normalise("the number of")
    assert normalise("the num\u00ad\nber of") == normalise("the number of")  # a soft hyphen at the break
    assert normalise("in-\n  formation") == "information"
    # a real compound: written hyphenated within a line elsewhere in the text, it keeps its hyphen
    assert normalise("a well-\nknown and well-known man") == normalise("a well-known and well-known man")
    assert normalise("anti-\nAmerican") == normalise("anti-American")  # a capital goes on: a compound
    assert normalise("the man\n12\nwho came") == "the man who came"  # a page number on its own line
