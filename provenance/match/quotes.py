"""Which words of a sentence lie inside quotation marks.

Quotation marks are recognised in their common forms: straight ``"``, curly
``“ ”``, low-high ``„ “``, guillemets ``« »`` / ``» «``, corner brackets, and
curly single quotes ``‘ ’`` (a straight ``'`` is always taken for an apostrophe,
and so is a ``’`` inside or at the end of a word unless a ``‘`` is open).

A sentence may sit inside a quotation that spans several sentences, so an
unclosed opening mark quotes the rest of the sentence and a closing mark with no
opening mark quotes everything before it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from provenance.match.words import STOPWORDS, stem
from provenance.text import normalise

_DOUBLE = frozenset('"“”„‟«»「」『』')
_SINGLE_OPEN = frozenset("‘‚‛‹")
_MARK = re.compile(r"[\"“”„‟«»「」『』‘’‚‛‹›]")
_OPEN_BEFORE = frozenset(" \t\n([{—–-:;,/")


@lru_cache(maxsize=4096)
def quoted_words(text: str) -> tuple[tuple[str, bool], ...]:
    """Normalised words of ``text`` in order, each with whether it is inside quotation marks."""
    text = unicodedata.normalize("NFKC", text)
    if not _MARK.search(text):
        return tuple((w, False) for w in normalise(text).split())
    chunks: list[list] = []  # [text, quoted] between successive marks
    double_open = single_open = False
    stretch_start = 0  # index in ``chunks`` where the current unquoted stretch began
    pos = 0
    for m in _MARK.finditer(text):
        k = m.start()
        chunks.append([text[pos:k], double_open or single_open])
        pos = m.end()
        mark = m.group()
        before = text[k - 1] if k else " "
        after = text[pos] if pos < len(text) else " "
        if mark in _DOUBLE:
            if double_open:
                double_open = False
                stretch_start = len(chunks)
            elif before in _OPEN_BEFORE and not after.isspace():
                double_open = True
            else:
                # A closing mark with no opening one: the sentence began inside a quotation.
                for c in chunks[stretch_start:]:
                    c[1] = True
                stretch_start = len(chunks)
        elif mark in _SINGLE_OPEN:
            if before in _OPEN_BEFORE and not after.isspace():
                single_open = True
        elif single_open and not after.isalnum():  # a closing single quote, not an apostrophe
            single_open = False
            stretch_start = len(chunks)
    chunks.append([text[pos:], double_open or single_open])
    return tuple((w, quoted) for chunk, quoted in chunks for w in normalise(chunk).split())


def has_quotes(text: str) -> bool:
    """True if ``text`` has any quotation mark (cheap test before :func:`quoted_share`)."""
    return _MARK.search(text) is not None


def quoted_stems(text: str, stem_length: int) -> frozenset[str]:
    """Content stems of the words of ``text`` that lie inside quotation marks."""
    return frozenset(
        stem(w, stem_length) for w, quoted in quoted_words(text) if quoted and w not in STOPWORDS
    )


def same_quotation(a: str, b: str, *, share: float, stem_length: int) -> bool:
    """True when sentences ``a`` and ``b`` both quote, and quote largely the same words.

    The content stems quoted in both must be at least ``share`` of the shorter quotation's.
    """
    if not (has_quotes(a) and has_quotes(b)):
        return False
    qa = quoted_stems(a, stem_length)
    qb = quoted_stems(b, stem_length)
    both = qa & qb
    return bool(both) and len(both) >= share * min(len(qa), len(qb))
