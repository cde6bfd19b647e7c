"""The per-sentence hot loops of ingest in pure Python: the reference for ``_fast.pyx``.

Each function returns exactly what its compiled namesake in ``_fast.pyx`` returns;
``provenance.text.kernels`` uses these when the extension is not built, or when
``PROVENANCE_PURE_PYTHON=1`` asks for them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from itertools import combinations
from typing import TypeVar

T = TypeVar("T")

_MASK = (1 << 64) - 1
_NON_WORD = re.compile(r"[\W_]+")
_ASCII_NON_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if _NON_WORD.fullmatch(c)})
_TOKEN = re.compile(r"\w+")
_HAS_WORD = re.compile(r"\w")
_NEWLINE = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")


def ascii_fold(text: str) -> str:
    """``text`` (ASCII) lower-cased, every run of characters other than letters and digits one space,
    no space at either end."""
    if not text.isascii():
        raise ValueError("ascii_fold takes ASCII text")
    return " ".join(text.lower().translate(_ASCII_NON_WORD).split())


def template_words(text: str, max_gaps: int, min_words: int) -> str | None:
    """The words (``\\w+``) of ``text`` that are neither capitalised (after the first) nor hold a digit,
    joined by spaces; None when no word is left out, when the left-out words make more than
    ``max_gaps`` runs, or when fewer than ``min_words`` words are kept."""
    words = _TOKEN.findall(text)
    # (a word of letters only has no digit: the common case skips the per-character test)
    dropped = [
        bool((i and w[:1].isupper()) or (not w.isalpha() and any(c.isdigit() for c in w)))
        for i, w in enumerate(words)
    ]
    kept = [w for w, out in zip(words, dropped, strict=True) if not out]
    runs = sum(1 for i, out in enumerate(dropped) if out and (i == 0 or not dropped[i - 1]))
    if not runs or runs > max_gaps or len(kept) < min_words:
        return None
    return " ".join(kept)


def pair_key(a: int, b: int) -> int:
    """Signed 64-bit key of two unsigned 64-bit hashes: SplitMix64's finaliser over ``a * φ + b``."""
    x = (a * 0x9E3779B97F4A7C15 + b) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    x ^= x >> 31
    return x - (1 << 64) if x >= 1 << 63 else x


def sketch_pair_keys(
    norm: str, known: dict[str, int | None], miss: Callable[[str], int | None], k: int
) -> list[int]:
    """The pair key of every two of the ``k`` smallest distinct word hashes of ``norm`` (in
    ``itertools.combinations`` order). A word's hash (an unsigned 64-bit int, or None for a word that
    has none) is looked up in ``known``, else computed by ``miss(word)`` and stored there."""
    if k < 0:
        raise ValueError("k must be 0 or more")
    hashes = set()
    for word in norm.split():
        try:
            found = known[word]
        except KeyError:
            found = known[word] = miss(word)
        if found is not None:
            hashes.add(found)
    sketch = sorted(hashes)[:k]  # (faster than heapq for ~15)
    return [pair_key(a, b) for a, b in combinations(sketch, 2)]


def _trim_into(out: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if _HAS_WORD.search(text, start, end):
        out.append((start, end))


def sentence_spans(text: str, offsets: list[tuple[int, int]], breaks: list[int]) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``(start, end)`` spans: Bling Fire's ``offsets`` (ascending
    ``(start, end)`` pairs) with what they skip folded into the next sentence, cut again at every
    offset of ``breaks`` (ascending) inside one, trimmed of white space; spans with no ``\\w``
    character are dropped. ValueError for an offset or a break outside the text."""
    n = len(text)
    for b in breaks:
        if b < 0 or b > n:
            raise ValueError(f"break {b} outside a text of {n} characters")
    out: list[tuple[int, int]] = []
    bi = 0
    prev_end = 0
    for pair in offsets:
        start, end = pair
        if start < 0 or end < 0 or start > n or end > n:
            raise ValueError(f"offset {pair!r} outside a text of {n} characters")
        # Bling Fire may skip characters between sentences; fold any content it
        # skipped into this sentence so that nothing is lost.
        if start > prev_end and _HAS_WORD.search(text, prev_end, start):
            start = prev_end
        prev_end = end
        while bi < len(breaks) and breaks[bi] <= start:
            bi += 1
        cut = start
        j = bi
        while j < len(breaks) and breaks[j] < end:
            _trim_into(out, text, cut, breaks[j])
            cut = breaks[j]
            j += 1
        _trim_into(out, text, cut, end)
    if _HAS_WORD.search(text, prev_end, n):
        _trim_into(out, text, prev_end, n)
    return out


def text_lines(text: str) -> list[tuple[int, int, int, str, int]]:
    """Every line of ``text`` (split at ``\\r\\n``, ``\\r``, ``\\n``, U+2028, U+2029, U+0085) as
    ``(start, end, after, stripped, length)``: its first offset, the offset of its line break, the
    offset after the break, the line without surrounding white space, and its width without trailing
    white space. The last line ends at the end of the text, with no break."""
    out = []
    pos = 0
    for m in _NEWLINE.finditer(text):
        start, end = m.span()
        raw = text[pos:start]
        out.append((pos, start, end, raw.strip(), len(raw.rstrip())))
        pos = end
    raw = text[pos:]
    out.append((pos, len(text), len(text), raw.strip(), len(raw.rstrip())))
    return out


def join_titles(text: str, offsets: list[tuple[int, int]], title: re.Pattern[str]) -> list[tuple[int, int]]:
    """``offsets`` (``(start, end)`` pairs) with a span joined to the one before it when it starts with
    a capital and the one before ends, after trailing white space, with a period where
    ``title.search(text, max(start, last - 5), end)`` finds a title (``last``: the offset after that
    period). ValueError for an offset outside the text."""
    n = len(text)
    out: list[tuple[int, int]] = []
    for pair in offsets:
        start, end = pair
        if start < 0 or end < 0 or start > n or end > n:
            raise ValueError(f"offset {pair!r} outside a text of {n} characters")
        if out and text[start : start + 1].isupper():
            before, after = out[-1]
            last = before + len(text[before:after].rstrip())
            if text[last - 1 : last] == "." and title.search(text, max(before, last - 5), after) is not None:
                out[-1] = (before, end)
                continue
        out.append((start, end))
    return out


def frozen_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` in order, checked to be a frozen dataclass with slots whose ``__init__``
    only stores them (no ``__post_init__``, every field an ``init`` one); ValueError otherwise."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in vars(cls):
        raise ValueError(f"{cls.__name__} is not a frozen dataclass with slots")
    if hasattr(cls, "__post_init__") or not all(f.init for f in dataclasses.fields(cls)):
        raise ValueError(f"{cls.__name__}'s __init__ does more than store its fields")
    if len(dataclasses.fields(cls)) != len(vars(cls)["__dataclass_fields__"]):  # (init-only variables)
        raise ValueError(f"{cls.__name__} has init-only variables")
    return tuple(f.name for f in dataclasses.fields(cls))


def frozen_maker(cls: type[T]) -> Callable[..., T]:
    """A function making ``cls(*values)``, all its fields given in order, for a frozen dataclass with
    slots whose ``__init__`` only stores its fields (no ``__post_init__``, no init-only or
    ``init=False`` fields); ValueError for another class."""
    n = len(frozen_fields(cls))

    def make(*values: object) -> T:
        if len(values) != n:
            raise TypeError(f"{cls.__name__} takes {n} values, not {len(values)}")
        return cls(*values)

    return make
