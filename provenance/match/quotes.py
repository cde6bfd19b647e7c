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
from collections.abc import Iterable

from provenance.match.words import stem
from provenance.text import normalise

_DOUBLE = frozenset('"“”„‟«»「」『』')
_SINGLE_OPEN = "‘‚‛‹"
_SINGLE_CLOSE = "’›"
_TOKEN = re.compile(r"[^\W_]+|[\"“”„‟«»「」『』‘’‚‛‹›]")
_OPEN_BEFORE = frozenset(" \t\n([{—–-:;,/")


def quoted_words(text: str) -> list[tuple[str, bool]]:
    """Normalised words of ``text`` in order, each with whether it is inside quotation marks."""
    text = unicodedata.normalize("NFKC", text)
    out: list[tuple[str, bool]] = []
    double_open = False
    single_open = False
    segment_start = 0  # index in ``out`` where the current unquoted stretch began
    for m in _TOKEN.finditer(text):
        tok = m.group()
        start, end = m.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if tok in _DOUBLE:
            if double_open:
                double_open = False
                segment_start = len(out)
            elif before in _OPEN_BEFORE and not after.isspace():
                double_open = True
            else:
                # A closing mark with no opening one: the sentence began inside a quotation.
                for k in range(segment_start, len(out)):
                    out[k] = (out[k][0], True)
                segment_start = len(out)
            continue
        if tok in _SINGLE_OPEN:
            if before in _OPEN_BEFORE and not after.isspace():
                single_open = True
            continue
        if tok in _SINGLE_CLOSE:
            if single_open and not after.isalnum():
                single_open = False
                segment_start = len(out)
            continue
        inside = double_open or single_open
        out.extend((w, inside) for w in normalise(tok).split())
    return out


def quoted_share(text: str, stems: Iterable[str], stem_length: int) -> float:
    """Share of the occurrences of ``stems`` (prefix stems of words) in ``text`` that are quoted."""
    wanted = set(stems)
    total = inside = 0
    for word, quoted in quoted_words(text):
        if stem(word, stem_length) in wanted:
            total += 1
            inside += quoted
    return inside / total if total else 0.0
