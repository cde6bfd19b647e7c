"""Property tests (hypothesis): copies align fully; alignment is deterministic and bounded."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.match import align, compare, sentences_of
from provenance.match.evidence import content_words, is_distinctive
from provenance.match.words import STOPWORDS

# Words of four or more letters that are not stopwords: every generated sentence has content.
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=10).filter(
    lambda w: w not in STOPWORDS
)
sentence = st.lists(word, min_size=3, max_size=14, unique=True).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
text = st.lists(sentence, min_size=2, max_size=12).map(" ".join)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text)
def test_verbatim_copy_aligns_fully(t: str) -> None:
    c = compare(t, t)
    later = {s.position for s in c.later}
    verbatim = [m for m in c.matches if m.kind == "verbatim"]
    assert {m.later_position for m in verbatim} == later
    assert all(m.score == 1.0 for m in verbatim)
    # The copy is one run of matches: it counts when it has evidence (provenance.match.evidence).
    words = set().union(*(content_words(s.norm) for s in c.later))
    if any(is_distinctive(s.norm) for s in c.later) or (len(words) >= 8 and sum(map(len, words)) >= 40):
        assert c.summary.coverage == 1.0
        assert c.summary.source_share == 1.0
        assert c.summary.derivation == "wholly-derived"
    else:
        assert c.summary.matched_sentences == 0 and c.summary.derivation == "non-derived"


@SETTINGS
@given(text, text)
def test_align_is_deterministic(a: str, b: str) -> None:
    ea, lb = sentences_of(a), sentences_of(a + " " + b)
    assert align(ea, lb) == align(ea, lb)
    assert compare(a, b) == compare(a, b)


@SETTINGS
@given(st.text(max_size=400), st.text(max_size=400))
def test_any_text_gives_bounded_scores(a: str, b: str) -> None:
    c = compare(a, b + " " + a)
    for m in c.matches:
        assert 0.0 <= m.score <= 1.0
        assert m.kind in ("verbatim", "near-verbatim", "paraphrase")
    assert 0.0 <= c.summary.coverage <= 1.0
    assert 0.0 <= c.summary.source_share <= 1.0


@SETTINGS
@given(text)
def test_copy_with_sentences_dropped_and_added(t: str) -> None:
    sents = [s.text for s in sentences_of(t)]
    # Blank lines between sentences: Bling Fire may take a generated word ("orig.") for an abbreviation
    # and join two sentences that followed each other with a space; this test is about alignment.
    later = "\n\n".join(sents[::2] + ["Completely different closing words about ferries and harbours."])
    c = compare(t, later)
    verbatim_later = {m.later_position for m in c.matches if m.kind == "verbatim"}
    assert verbatim_later >= set(range(len(sents[::2])))
