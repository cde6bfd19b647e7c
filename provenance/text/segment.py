"""Sentence segmentation with character offsets into the original text.

The splitter is Bling Fire's ``text_to_sentences_and_offsets``: a compiled
finite-state sentence breaker, the fastest well-kept option we measured (about
16 MB/s on the seed text on a 2-core machine, against 0.85 MB/s for syntok and
0.13 MB/s for pySBD; see README "Segmentation"). On top of it we add the line
structure Bling Fire ignores, decided per paragraph from its line lengths: in a
hard-wrapped paragraph a line break after a full line (the next word would not have
fitted on it) is a space; otherwise a blank line ends a sentence, and so does a line
break after terminal punctuation, before a list item, or after a heading-like line
(short, no final punctuation, followed by a capitalised line). A blank line inside a
sentence (an OCR column break) and a page number on its own line are no boundary.

Every letter or digit of the input lies inside exactly one returned segment;
segments with no letter or digit (rules, ornaments) are dropped.
"""

from __future__ import annotations

import itertools
import re
import threading
from ctypes import Array, byref, c_char, c_char_p, c_int, c_int32, create_string_buffer, string_at
from dataclasses import dataclass
from typing import NamedTuple

import blingfire
import numpy as np

from provenance.text.kernels import frozen_maker, join_titles, sentence_spans, text_lines

_TERMINAL = frozenset('.!?…:;"”’»)]')
_LIST_ITEM = re.compile(r"\s*(?:[-*•▪‣◦]|\d{1,3}[.)])\s")
_HEADING_MAX_WORDS = 15
# Titles that Bling Fire takes for a sentence end when a name follows (English; see _join_titles).
_TITLE = re.compile(r"(?<!\w)(?:Dr|Mr|Mrs|Ms|Mx|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev|Hon|Fr|St|Mt)\.\s*$")
_PAGE_NUMBER = re.compile(r"[-–—(\[]?\s?\d{1,4}\s?[-–—)\]]?")  # "12", "- 12 -", "[12]"; not "14."
_LEADING_QUOTES = re.compile(r"^[\"'“‘«„(\[]+")
# Hard wrapping (see README "Segmentation"): a line is full when the next line's first word would not
# have fitted on it in the paragraph's width, the WRAP_PERCENTILE of its line lengths (of the whole
# document's when it has fewer than WRAP_BLOCK_LINES inner lines); a paragraph is wrapped when
# WRAP_SHARE of its lines are full.
WRAP_PERCENTILE = 0.9
WRAP_BLOCK_LINES = 3
WRAP_FIT = 0.85
WRAP_MIN_FILL = 0.6
WRAP_SHARE = 0.5
WRAP_MIN_WIDTH = 30  # narrower lines are a table's, an address's, a list's: structure, not wrapping
WRAP_MAX_WIDTH = 120  # no one hard-wraps wider: longer lines are paragraphs of their own


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


_segment = frozen_maker(Segment)  # Segment(start, end, text), a few times faster compiled

_BUFFERS = threading.local()


def _buffers(size: int) -> tuple[Array[c_char], Array[c_int32], Array[c_int32]]:
    """Bling Fire's output buffers, at least ``size`` long: kept from call to call (per thread), since
    making and zeroing them cost more than the splitting itself on a news article."""
    held = getattr(_BUFFERS, "held", None)
    if held is None or len(held[1]) < size:
        size = max(size, 1 << 16)
        held = _BUFFERS.held = (create_string_buffer(size), (c_int32 * size)(), (c_int32 * size)())
    return held


def sentence_offsets(text: str) -> list[tuple[int, int]]:
    """Bling Fire's sentence spans as character offsets: ``blingfire.text_to_sentences_and_offsets``
    without its Python loop over every byte (byte offsets mapped with numpy; ASCII needs no mapping)."""
    data = text.encode("utf-8")
    size = len(data) * 2 + 16
    out, starts, ends = _buffers(size)
    n = blingfire.blingfire.TextToSentencesWithOffsets(
        c_char_p(data), c_int(len(data)), byref(out), byref(starts), byref(ends), c_int(size)
    )
    if n == -1 or n > size:
        return []
    # (what a fresh, zeroed buffer's ``.value`` would give: up to the first NUL within the output)
    count = string_at(out, n).split(b"\0", 1)[0].count(b"\n") + 1
    first = np.frombuffer(memoryview(starts), dtype=np.int32, count=count).astype(np.int64)
    last = np.frombuffer(memoryview(ends), dtype=np.int32, count=count).astype(
        np.int64
    )  # inclusive last byte
    if len(data) != len(text):  # byte -> character: count the bytes that start a character
        char_of = np.cumsum((np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80) - 1
        first, last = char_of[first], char_of[last]
    return list(zip(first.tolist(), (last + 1).tolist(), strict=True))


class _Line(NamedTuple):  # (a tuple: made four times faster than a frozen dataclass, ~25 an article)
    start: int  # first character
    end: int  # after the last character before the line break
    after: int  # after the line break (the next line's start)
    text: str  # the line without surrounding whitespace
    length: int  # its width in characters, with its indentation

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(text: str) -> list[_Line]:
    return list(map(_Line._make, text_lines(text)))


def _percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _first_word(line: _Line) -> int:
    return len(line.text.split(maxsplit=1)[0]) if line.text else 0


def _capital(line: _Line) -> bool:
    first = _LEADING_QUOTES.sub("", line.text)[:1]
    return first.isupper()


def _full(line: _Line, nxt: _Line, width: int | None) -> bool:
    """The line ended because the next line's first word did not fit in ``width`` (hard wrapping)."""
    if width is None or not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return False
    return line.length >= WRAP_MIN_FILL * width and line.length + 1 + _first_word(nxt) > WRAP_FIT * width


def _breaks(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """The line structure: offsets just after line breaks that end a sentence whatever Bling Fire says,
    and the spans of line breaks inside running prose (hard wrapping, column breaks), which are no
    boundary and are shown to Bling Fire as spaces."""
    lines = _lines(text)
    # Page and column numbers standing alone on their line (OCR) are passed over: the lines around
    # them are taken as neighbours.
    content = [i for i, line in enumerate(lines) if not line.blank and not _PAGE_NUMBER.fullmatch(line.text)]
    blocks: list[list[int]] = []  # runs of content lines with no blank line between them
    for i in content:
        if blocks and not any(lines[k].blank for k in range(blocks[-1][-1] + 1, i)):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    inner = [lines[i].length for b in blocks for i in b[:-1]]
    doc_width = _percentile(inner, WRAP_PERCENTILE) if len(inner) >= 2 else None
    hard: list[int] = []
    soft: list[tuple[int, int]] = []
    for bi, block in enumerate(blocks):
        own = [lines[i].length for i in block[:-1]]
        width = _percentile(own, WRAP_PERCENTILE) if len(own) >= WRAP_BLOCK_LINES else doc_width
        pairs = list(itertools.pairwise(block))
        full = [_full(lines[a], lines[b], width) for a, b in pairs]
        # Verse (and lists without bullets) start every line with a capital; wrapped prose does not.
        verse = len(block) > WRAP_BLOCK_LINES and all(_capital(lines[i]) for i in block[1:])
        wrapped = bool(full) and not verse and sum(full) >= WRAP_SHARE * len(full)
        for (a, b), is_full in zip(pairs, full, strict=True):
            prev, nxt = lines[a], lines[b]
            span = (prev.end, nxt.start)
            if wrapped and is_full and not _LIST_ITEM.match(text[nxt.start : nxt.end]):
                soft.append(span)
            elif prev.text[-1] in _TERMINAL or _LIST_ITEM.match(text[nxt.start : nxt.end]):
                hard.append(nxt.start)
            elif len(prev.text.split()) <= _HEADING_MAX_WORDS and (
                nxt.text[0].isupper() or nxt.text[0].isdigit()
            ):
                hard.append(nxt.start)
            else:
                soft.append(span)
        if bi + 1 < len(blocks):
            prev, nxt = lines[block[-1]], lines[blocks[bi + 1][0]]
            # A column or page break inside a sentence: the paragraph stops without terminal
            # punctuation and the next goes on in lower case, or stops at a full line.
            if prev.text[-1] not in _TERMINAL and (
                _LEADING_QUOTES.sub("", nxt.text)[:1].islower() or (wrapped and _full(prev, nxt, width))
            ):
                soft.append((prev.end, nxt.start))
            else:
                hard.append(nxt.start)  # (a page number between goes with the sentence before)
    return hard, soft


def _join_titles(text: str, offsets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Bling Fire ends a sentence after a title before a name ("Dr. Daniel Thomas"): join them.
    ``_TITLE`` is searched only where it can match: a title is at most four letters and a period
    before the trailing blanks."""
    return join_titles(text, offsets, _TITLE)


def segment(text: str) -> list[Segment]:
    """Split ``text`` into sentences, keeping offsets into ``text``."""
    if not text.strip():
        return []
    breaks, soft = _breaks(text)
    view = text
    if soft:  # the same length as text, so Bling Fire's offsets are offsets into text
        parts, pos = [], 0
        for a, b in soft:
            parts += [text[pos:a], " " * (b - a)]
            pos = b
        view = "".join(parts) + text[pos:]
    offsets = _join_titles(view, sentence_offsets(view))
    return [_segment(start, end, text[start:end]) for start, end in sentence_spans(text, offsets, breaks)]
