"""Copies hidden by invisible or look-alike characters are still verbatim copies (issue 13, point 5).

Each evasion is applied to a whole news story, as a copier would; ``provenance.compare`` and the store
(ingest both, report the later) must find every sentence ``verbatim``, and show the copy's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
from provenance.text import normalise, segment
from provenance.text.normalise import fold_confusables, strip_invisible

STORY = (
    "The city council of Bremen voted on Tuesday to close the old harbour bridge to cars from next "
    "spring. Engineers had found corrosion in two of the steel cables that hold the deck, the council "
    "said in a statement. The bridge, opened in 1962, carries about 18,000 vehicles a day. Cyclists and "
    "pedestrians will still be allowed to cross while a replacement is planned. Local shop owners on "
    "the northern bank said they feared a loss of customers. A public meeting about the plans will be "
    "held at the town hall on 14 March."
)


def _inside_words(mark: str, every: int) -> Callable[[str], str]:
    """Put ``mark`` inside every word, after each ``every`` letters."""
    pattern = re.compile(rf"(\w{{{every}}})(?=\w)")
    return lambda text: pattern.sub(lambda m: m.group(1) + mark, text)


EVASIONS: dict[str, Callable[[str], str]] = {
    "zero-width space inside every word": _inside_words("\u200b", 1),
    "Cyrillic а/о/е for Latin a/o/e": lambda t: t.translate(str.maketrans("aoe", "аое")),
    "zero-width joiner": _inside_words("\u200d", 3),
    "soft hyphen": _inside_words("\u00ad", 3),
    "zero-width non-joiner and word joiner": _inside_words("\u200c\u2060", 2),
    "BOM and bidi marks": lambda t: "\ufeff" + _inside_words("\u200e", 4)(t).replace(" ", " \u200f"),
    "Cyrillic and Greek capitals": lambda t: t.translate(str.maketrans("TBAHCEKOPM", "ТВΑНСЕКΟРМ")),
}


@pytest.mark.parametrize("name", list(EVASIONS))
def test_compare_finds_each_evasion_verbatim(name: str) -> None:
    copy = EVASIONS[name](STORY)
    assert copy != STORY
    result = provenance.compare(STORY, copy)
    n = len(segment(STORY))
    assert result.matched_sentences == n
    assert result.kinds["verbatim"] == n
    assert result.coverage == 1.0
    # what is shown is the copy's own text, hidden characters and all
    assert {m.sentence for m in result.matches} == {s.text for s in segment(copy)}


@pytest.mark.parametrize("name", list(EVASIONS))
def test_the_store_finds_each_evasion_verbatim(store: provenance.Store, tmp_path: Path, name: str) -> None:
    ids = []
    for label, text in (("original", STORY), ("copy", EVASIONS[name](STORY))):
        path = tmp_path / f"{label}.txt"
        path.write_text(text, encoding="utf-8")
        result = provenance.ingest(store, [str(path)], publisher=label.title())
        doc_id = result.results[0].document_id
        assert doc_id is not None
        ids.append(doc_id)
    [source] = provenance.report(store, ids[1]).sources
    assert source.document.id == ids[0]
    n = len(segment(STORY))
    assert source.kinds["verbatim"] == n
    assert source.derivation == "wholly-derived"
    detail = provenance.show(store, ids[1])
    assert "".join(s.text for s in detail.sentences) == "".join(
        s.text for s in segment(EVASIONS[name](STORY))
    )


def test_invisible_characters_are_removed_and_nothing_else() -> None:
    hidden = "wo\u200brd\u200c \u200dj\u2060o\u00adin \ufeffbi\u200edi\u200f \u202aemb\u202c \u2066iso\u2069"
    assert strip_invisible(hidden) == "word join bidi emb iso"
    assert normalise(hidden) == "word join bidi emb iso"
    visible = "naïve café – “quoted” 日本語 العربية עברית ελληνικά"
    assert strip_invisible(visible) == visible


RUSSIAN = (
    "Правительство Москвы объявило в среду о закрытии старого моста через реку. "
    "По словам инженеров, коррозия затронула два стальных троса, на которых держится настил. "
    "Газета «Известия» пишет, что ремонт займёт не меньше года."
)


def test_russian_text_stays_cyrillic_in_its_matching_form() -> None:
    norm = normalise(RUSSIAN)
    assert norm == " ".join(re.findall(r"[^\W_]+", RUSSIAN.casefold()))  # only case and punctuation change
    assert not re.search(r"[a-z]", norm)
    # and a Russian word quoted in English text stays Russian
    assert normalise("The daily Известия and the word мир") == "the daily известия and the word мир"
    # Greek text stays Greek
    assert normalise("Η Αθήνα είναι η πρωτεύουσα") == "η αθήνα είναι η πρωτεύουσα"


def test_only_letters_that_pose_as_another_script_are_folded() -> None:
    assert normalise("pаypаl") == "paypal"  # Cyrillic а in a Latin word
    assert normalise("Москвa") == "москва"  # a Latin a in a Cyrillic word becomes Cyrillic
    assert normalise("Іnternational") == "international"  # Cyrillic capital І, not "l"
    assert normalise("Thе саt sat on а mat") == "the cat sat on a mat"  # whole words of look-alikes
    assert fold_confusables("plain ASCII stays") == "plain ASCII stays"
    assert normalise("日本語のテキスト") == "日本語のテキスト"  # kana and kanji are one script set


MIXED = st.text(alphabet=st.sampled_from(list("aoepcxTHBMаоерсхТНВМοαΤΗΒΜ \u200b\u00ad.ё1")), max_size=60)


@settings(max_examples=400, deadline=None)
@given(MIXED)
def test_folding_is_idempotent_on_mixed_scripts(t: str) -> None:
    assert normalise(normalise(t)) == normalise(t)
