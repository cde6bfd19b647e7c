"""Clause boundaries around a position, shared by notice and credit detection.

A licence notice or credit lives in one sentence or one line. These helpers find
where that sentence starts and ends without segmenting the whole article: they
look at a few hundred characters on either side of the match only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_WINDOW = 500


def literal_starts(text: str, words: Iterable[str]) -> list[int]:
    """Every offset where one of ``words`` occurs in ``text`` (overlapping ones too), in order."""
    out = []
    for word in words:
        i = text.find(word)
        while i >= 0:
            out.append(i)
            i = text.find(word, i + 1)
    out.sort()
    return out


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches are never empty and can only start at one
    of ``starts`` (ascending): it is tried there alone, not at every offset. The same matches, since
    finditer too takes the first match at the leftmost offset and goes on from its end (``match`` at
    an offset sees the text before it, for ``\\b`` and lookbehinds, as finditer does)."""
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m is not None:
            yield m
            end = m.end()


def word_set(words: str) -> frozenset[str]:
    """The space-separated words of ``words``."""
    return frozenset(words.split())


_ABBREVIATIONS = word_set(
    "inc ltd co corp llc plc mr mrs ms dr st no vs jr sr prof gen sen rep gov lt col capt sgt jan feb mar "
    "apr jun jul aug sep sept oct nov dec etc al fig vol pp ed eds dept univ bros"
)
_FUNCTION_WORDS = word_set(
    "a an the under by of and or to is are was were in on with from for at as this its their our his her"
)
_TERMINALS = frozenset('.!?…:;)"”’»]')
_BACK = re.compile(r"[.!?…][\"'”’)\]]*[ \t]+|\n|[|•·]")
_FORWARD = re.compile(r"[.!?…](?=[\"'”’)\]]*(?:\s|$))|\n|[|•·]")
_NEXT_CHAR = re.compile(r"[ \t\r]*(\S)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def period_ends_sentence(text: str, i: int) -> bool:
    """True when the terminal punctuation at ``text[i]`` ends a sentence (not "Inc.", "U.S.", "J.")."""
    if text[i] != ".":
        return True
    m = _WORD_BEFORE.search(text, max(0, i - 20), i)
    if m is None:
        return True  # after a digit, quote or bracket
    word = m.group(1)
    if "." in word or (len(word) == 1 and word.isupper()):
        return False
    return word.lower() not in _ABBREVIATIONS


def ends_with_abbreviation(s: str) -> bool:
    """True when ``s`` ends with an abbreviation whose final period belongs to it ("Pro Publica Inc.")."""
    return s.endswith(".") and not period_ends_sentence(s, len(s) - 1)


def newline_is_boundary(text: str, i: int) -> bool:
    """True when the line break at ``text[i]`` ends a sentence rather than wrapping one."""
    line_start = text.rfind("\n", 0, i) + 1
    prev = text[line_start:i].strip()
    nxt_m = _NEXT_CHAR.match(text, i + 1)
    if not prev or nxt_m is None:
        return True
    if prev[-1] in _TERMINALS:
        return True
    if nxt_m.group(1).islower():
        return False
    words = prev.split()
    if words[-1].lower() in _FUNCTION_WORDS:
        return False
    return len(words) <= 12


def clause_start(text: str, pos: int) -> int:
    """Offset where the sentence (or line, or ``|``-separated item) holding ``pos`` starts."""
    lo = max(0, pos - _WINDOW)
    start = lo
    for m in _BACK.finditer(text, lo, pos):
        ch = m.group()[0]
        if ch == "\n":
            if newline_is_boundary(text, m.start()):
                start = m.end()
        elif ch in ".!?…":
            if period_ends_sentence(text, m.start()):
                start = m.end()
        else:
            start = m.end()
    while start < pos and text[start].isspace():
        start += 1
    return start


def clause_end(text: str, pos: int) -> int:
    """Offset just after the sentence holding ``pos`` (its final punctuation included)."""
    hi = min(len(text), pos + _WINDOW)
    for m in _FORWARD.finditer(text, pos, hi):
        ch = m.group()
        if ch in ".!?…":
            if period_ends_sentence(text, m.start()):
                end = m.end()
                while end < len(text) and text[end] in "\"'”’":
                    end += 1
                return end
        elif ch == "\n" and not newline_is_boundary(text, m.start()):
            continue
        else:
            return _rstrip(text, pos, m.start())
    return _rstrip(text, pos, hi)


def _rstrip(text: str, lo: int, end: int) -> int:
    while end > lo and text[end - 1].isspace():
        end -= 1
    return end
