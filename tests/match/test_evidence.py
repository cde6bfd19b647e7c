"""Short lines are not evidence on their own (issue 13, point 2): a two-word line, a dateline, a place
name, a credit line, a date or a link label shared by unrelated pages makes no edge derived; the same
lines inside a copied passage still count."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
from provenance.match import compare, sentences_of, summarise
from provenance.match.evidence import evidence_matches, is_distinctive

# Two unrelated short news pages (different sites, different stories).
HARBOUR = (
    "The harbour authority closed the northern pier after storm damage to its pilings on Tuesday.\n\n"
    "Engineers found cracks in three concrete supports during a routine inspection of the structure.\n\n"
    "Ferry services will move to the southern terminal until the work is finished in the spring."
)
ORCHESTRA = (
    "The city orchestra announced a winter season of twelve concerts devoted to Nordic composers.\n\n"
    "Tickets for the opening night sold out within an hour of going on sale on Monday morning.\n\n"
    "The conductor said rehearsals with the visiting choir would begin in the first week of November."
)
SCHOOLS = (
    "Primary schools in the district will receive new laboratory equipment under a regional grant.\n\n"
    "Teachers asked for microscopes and safety goggles after a survey of science classrooms last year."
)
# Furniture unrelated sites share by convention: each is one line of the article text.
FURNITURE = [
    "United States.",
    "New York.",
    "Washington Star",
    "Februar 2022",
    "Mehr erfahren",
    "WASHINGTON (AP) —",
    "Photo: Reuters",
    "Read more",
]


def _page(body: str, *lines: str, lead: str = "") -> str:
    return "\n\n".join(p for p in (lead, body, *lines) if p)


@pytest.mark.parametrize("line", FURNITURE)
def test_a_shared_short_line_makes_no_derived_comparison(line: str) -> None:
    c = compare(_page(HARBOUR, line), _page(ORCHESTRA, line))
    assert c.summary.matched_sentences == 0
    assert c.summary.derivation == "non-derived"
    assert provenance.compare(_page(HARBOUR, line), _page(ORCHESTRA, line)).matches == []


def test_scores_written_differently_are_not_evidence() -> None:
    c = compare(_page(HARBOUR, "1-4"), _page(ORCHESTRA, "1/4"))
    assert c.summary.derivation == "non-derived" and c.summary.matched_sentences == 0


def test_two_short_lines_in_a_row_are_not_evidence() -> None:
    tail = ("United States.", "New York.", "Washington Star")
    c = compare(_page(HARBOUR, *tail), _page(ORCHESTRA, *tail))
    assert c.summary.matched_sentences == 0


def test_short_lines_inside_a_copied_passage_count() -> None:
    source = (
        "The harbour authority closed the northern pier after storm damage to its pilings on Tuesday.\n\n"
        "The pier stays shut.\n\n"
        "Engineers found cracks in three concrete supports during a routine inspection of the structure."
    )
    copy = ORCHESTRA + "\n\n" + source
    c = compare(source, copy)
    later = {s.position: s.text for s in c.later}
    assert "The pier stays shut." in {later[m.later_position] for m in c.matches}
    assert c.summary.matched_sentences == 3


def test_a_copied_list_of_short_lines_counts() -> None:
    lines = [
        "Flour, two cups.",
        "Butter, softened.",
        "Brown sugar, half cup.",
        "Vanilla extract, teaspoon.",
        "Walnuts, chopped finely.",
    ]
    recipe = "\n".join(lines)
    c = compare(recipe, recipe)
    assert not any(is_distinctive(s.norm) for s in c.later)
    assert c.summary.matched_sentences == len(lines)
    assert c.summary.derivation == "wholly-derived"


def test_the_rule_counts_content_words_and_letters() -> None:
    assert not is_distinctive("united states")
    assert not is_distinctive("the ministry declined to comment")  # three content words
    assert not is_distinctive("by staff reporter 2022")
    assert is_distinctive("ferry services will move to the southern terminal")
    assert not is_distinctive("iran iraq sign deal")  # four words, 17 letters


def test_summarise_applies_the_rule_to_given_matches() -> None:
    earlier, later = sentences_of(_page(HARBOUR, "New York.")), sentences_of(_page(ORCHESTRA, "New York."))
    c = compare(_page(HARBOUR, "New York."), _page(ORCHESTRA, "New York."))
    assert c.matches, "the aligner links the identical line"
    assert summarise(c.matches, earlier, later).matched_sentences == 0
    assert evidence_matches(c.matches, earlier, later) == []


def test_unrelated_pages_sharing_furniture_get_no_derived_edge(
    store: provenance.Store, tmp_path: Path
) -> None:
    """Three pages of unrelated sites: each pair shares a short line or two, none shares a story."""
    pages = [
        _page(HARBOUR, "Washington Star", "Mehr erfahren", lead="New York."),
        _page(ORCHESTRA, "Washington Star", "Februar 2022", lead="United States."),
        _page(SCHOOLS, "Mehr erfahren", "1-4", lead="New York."),
    ]
    for k, page in enumerate(pages):
        path = tmp_path / f"page{k}.txt"
        path.write_text(page, encoding="utf-8")
        provenance.ingest(store, [str(path)], published_at=datetime(2022, 2, 1 + k), publisher=f"Site {k}")
    with store.read() as conn:
        rows = conn.exec_driver_sql("SELECT derivation FROM reuse_edges").all()
    assert [r for r in rows if r[0] != "non-derived"] == []
    assert rows == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(FURNITURE), min_size=1, max_size=3), st.integers(0, 2), st.integers(0, 2))
def test_furniture_anywhere_never_derives(lines: list[str], at_a: int, at_b: int) -> None:
    a = HARBOUR.split("\n\n")
    b = ORCHESTRA.split("\n\n")
    for line in lines:
        a.insert(at_a, line)
        b.insert(at_b, line)
    c = compare("\n\n".join(a), "\n\n".join(b))
    assert c.summary.matched_sentences == 0 and c.summary.derivation == "non-derived"
