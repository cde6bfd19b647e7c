"""Word-level differences between two matched sentences, for display (HTML and terminal).

Words are compared as the matcher sees them (Unicode case folding, punctuation aside) with
``difflib.SequenceMatcher`` over the two word sequences; the original spelling and the spaces and
punctuation between words are kept, so that each side reads as written.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\W+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one side's text: ``same`` (in both sentences) or not (only on this side)."""

    text: str
    same: bool


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _key(token: str) -> str:
    return unicodedata.normalize("NFKC", token).casefold().replace("’", "'")


def word_diff(left: str, right: str) -> tuple[list[Piece], list[Piece]]:
    """Each side cut into pieces, each piece in both sentences (``same``) or only on its side.

    Only words count: the spaces and punctuation between words are ``same`` unless both neighbouring
    words differ, so a changed comma does not break a run of copied words and a marked run of
    changed words reads as one.

    >>> a, b = word_diff("The cat sat on the mat.", "The dog sat on the mat!")
    >>> [p.text for p in a if not p.same], [p.text for p in b if not p.same]
    (['cat'], ['dog'])
    """
    lt, rt = _tokens(left), _tokens(right)
    lw = [i for i, t in enumerate(lt) if _is_word(t)]
    rw = [i for i, t in enumerate(rt) if _is_word(t)]
    matcher = difflib.SequenceMatcher(
        None, [_key(lt[i]) for i in lw], [_key(rt[i]) for i in rw], autojunk=False
    )
    lsame, rsame = [False] * len(lt), [False] * len(rt)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            lsame[lw[block.a + k]] = True
            rsame[rw[block.b + k]] = True
    return _pieces(lt, lsame), _pieces(rt, rsame)


def _is_word(token: str) -> bool:
    return any(c.isalnum() for c in token)


def _pieces(tokens: list[str], same: list[bool]) -> list[Piece]:
    # Between-word tokens are same unless both neighbouring words (those there are) differ.
    n = len(tokens)
    state = list(same)
    for i, t in enumerate(tokens):
        if not _is_word(t):
            before = next((same[j] for j in range(i - 1, -1, -1) if _is_word(tokens[j])), None)
            after = next((same[j] for j in range(i + 1, n) if _is_word(tokens[j])), None)
            state[i] = not (before is not True and after is not True)
    out: list[Piece] = []
    for t, s in zip(tokens, state, strict=True):
        if out and out[-1].same == s:
            out[-1] = Piece(out[-1].text + t, s)
        else:
            out.append(Piece(t, s))
    return out


def marked(left: str, right: str) -> str:
    """``right`` with the words that differ from ``left`` marked as wdiff does: ``[-old-]{+new+}``
    (punctuation and case aside, as in :func:`word_diff`).

    >>> marked("The cat sat on the mat.", "The dog sat on the mat!")
    'The [-cat-]{+dog+} sat on the mat!'
    >>> marked("He said it was over.", "He said it over.")
    'He said it [-was-] over.'
    """
    return "".join(
        f"[-{t}-]" if k == "del" else f"{{+{t}+}}" if k == "add" else t for t, k in mark_pieces(left, right)
    )


def mark_pieces(left: str, right: str) -> list[tuple[str, str | None]]:
    """``right`` in runs, each ``None`` (in both), ``"add"`` (only in ``right``) or ``"del"`` (words of
    ``left`` missing from ``right``, placed where they were): what :func:`marked` brackets.

    >>> mark_pieces("The cat sat.", "The dog sat.")
    [('The ', None), ('cat', 'del'), ('dog', 'add'), (' sat.', None)]
    """
    lt, rt = _tokens(left), _tokens(right)
    lw = [i for i, t in enumerate(lt) if _is_word(t)]
    rw = [i for i, t in enumerate(rt) if _is_word(t)]
    matcher = difflib.SequenceMatcher(
        None, [_key(lt[i]) for i in lw], [_key(rt[i]) for i in rw], autojunk=False
    )
    out: list[tuple[str, str | None]] = []
    pos = 0  # the next token of ``right`` to write
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            end = rw[j2 - 1] + 1
            out.append(("".join(rt[pos:end]), None))
            pos = end
            continue
        if j1 >= len(rw):  # words deleted at the end: marked after the last word, before the full stop
            out += [(" ", None), ("".join(lt[lw[i1] : lw[i2 - 1] + 1]), "del")]
            continue
        start = rw[j1]
        out.append(("".join(rt[pos:start]), None))
        pos = start
        if i2 > i1:
            out.append(("".join(lt[lw[i1] : lw[i2 - 1] + 1]), "del"))
        if j2 > j1:
            end = rw[j2 - 1] + 1
            out.append(("".join(rt[start:end]), "add"))
            pos = end
        else:  # words deleted before this one: a space between the mark and it
            out.append((" ", None))
    out.append(("".join(rt[pos:]), None))
    merged: list[tuple[str, str | None]] = []
    for t, k in out:
        if not t:
            continue
        if merged and merged[-1][1] == k:
            merged[-1] = (merged[-1][0] + t, k)
        else:
            merged.append((t, k))
    return merged
