"""The licence and credit patterns tried only where their lead words occur (``_spans.matches_at``) find
exactly what ``finditer`` over every offset finds: on generated text full of the lead words in every
case, with the characters IGNORECASE matches to ASCII letters, and on the seeds and fixtures."""

from __future__ import annotations

import random
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.licences import credits, ids
from provenance.licences._spans import literal_starts, matches_at
from tests.conftest import REPO, SEEDS

PIECES = [
    "Originally published by The Daily Post", "first appeared in The Conversation", "FIRST RAN ON",
    "republished with kind permission from Reuters", "Reprinted from", "reproduced with permission from AP",
    "fİrst published in", "firſt published in The Times", "orıginally posted on", "İndependent",
    "Source: AP", "Sources: IRNA", "Photo credit: Getty", "Image credit: NASA", "Content source: Mehr",
    "(Credit: X)", "Creative Commons", "creative-commons", "Creative  Commons Attribution 4.0",
    "CC BY-SA 4.0", "cc-by", "CC0", "cc zero", "Public Domain", "public   domain mark", "attribution",
    "Attribution-NonCommercial", "کریتیو کامنز", "کرئیتیو کام", "https://creativecommons.org/licenses/by/4.0/",
    "accused", "succeeded", "publicly", "firsthand", "reprints", "sources say", "Creditors",
    "the minister said", "in Tehran on Monday", ".", ",", ":", "\n", "\n\n", " - ", "—", "(", ")", "|", "K", "ß",
    "— Reuters\n", " -- The Daily Post, March 3, 2024.\n", "– AFP", "Amir-Abdollahian", "\n- Mehr News Agency (MNA)",
]  # fmt: skip


def _texts(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(0, 30))]
        parts = [p.upper() if rng.random() < 0.1 else p.lower() if rng.random() < 0.1 else p for p in parts]
        out.append("".join(p + rng.choice(["", " ", "  ", "\t"]) for p in parts))
    paths = sorted(SEEDS.glob("*.txt")) + sorted((REPO / "tests" / "fixtures").rglob("*.txt"))
    return out + [p.read_text(encoding="utf-8") for p in paths]


TEXTS = _texts(1500)


def _spans(found: object) -> list[tuple[int, int]]:
    return [m.span() for m in found]  # type: ignore[attr-defined]


def test_the_lead_scans_find_what_finditer_finds() -> None:
    seen = {"anchor": 0, "source": 0, "published": 0, "dash": 0}
    for text in TEXTS:
        low = text.lower()
        if len(low) == len(text):
            want = _spans(ids._ANCHOR.finditer(low))
            assert _spans(matches_at(ids._ANCHOR, low, literal_starts(low, ids._ANCHOR_LEADS))) == want, text
            seen["anchor"] += bool(want)
        want = _spans(credits._SOURCE.finditer(text))
        assert _spans(matches_at(credits._SOURCE, text, literal_starts(text, credits._SOURCE_LEADS))) == want
        seen["source"] += bool(want)
        want = _spans(credits._PUBLISHED.finditer(text))
        assert _spans(credits._published(text, low)) == want, text
        seen["published"] += bool(want)
        want = _spans(credits._DASH.finditer(text))
        assert _spans(matches_at(credits._DASH, text, literal_starts(text, credits._DASH_LEADS))) == want
        seen["dash"] += bool(want)
    assert min(seen.values()) > 100, seen
    assert any("ſ" in t and credits._PUBLISHED.search(t) for t in TEXTS)  # (the exotic path is taken)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=25))
def test_generated_text_is_scanned_alike(parts: list[str]) -> None:
    text = " ".join(parts)
    low = text.lower()
    if len(low) == len(text):
        want = _spans(ids._ANCHOR.finditer(low))
        assert _spans(matches_at(ids._ANCHOR, low, literal_starts(low, ids._ANCHOR_LEADS))) == want
    assert _spans(credits._published(text, low)) == _spans(credits._PUBLISHED.finditer(text))
    starts = literal_starts(text, credits._SOURCE_LEADS)
    assert _spans(matches_at(credits._SOURCE, text, starts)) == _spans(credits._SOURCE.finditer(text))
    starts = literal_starts(text, credits._DASH_LEADS)
    assert _spans(matches_at(credits._DASH, text, starts)) == _spans(credits._DASH.finditer(text))


def test_the_characters_ignorecase_matches_to_the_published_leads_are_known() -> None:
    letters = "".join(sorted(set("".join(credits._PUBLISHED_LEADS))))
    caseless = re.compile(f"(?i)[{letters}]")
    extra = {
        chr(c)
        for c in range(sys.maxunicode + 1)
        if caseless.fullmatch(chr(c)) and chr(c).lower() not in letters
    }
    assert extra == set(credits._CASELESS_EXTRA)


def test_literal_starts_finds_overlapping_words_in_order() -> None:
    assert literal_starts("cccc public cc", ("cc", "public")) == [0, 1, 2, 5, 12]
    assert literal_starts("", ("cc",)) == [] and literal_starts("abc", ()) == []
