"""Which matches are evidence of reuse: short lines count only inside a run of copied text.

Two unrelated pages share "United States.", "New York.", a dateline, a credit line ("Washington
Star"), "Februar 2022", "Mehr erfahren" or "1-4" by chance or by convention, never because one copied
the other. So a matched sentence is evidence of reuse on its own only when it is *distinctive*: it
(or its partner) has at least ``evidence_min_words`` distinct content words (words of at least three letters that are
not stopwords; figures do not count) with at least ``evidence_min_letters`` letters between them. A
match of a shorter sentence counts only as part of a *run*: matches joined when one lies within
``evidence_run_gap`` sentences of the other, before (or after) it in both articles. A run counts when
it holds a distinctive match, or when its later sentences together have twice the content one
needs on its own (a copied list or poem of short lines). A copied article keeps its short lines
("He declined to comment."); a stray short line, or two ("United States." then "New York."), link
nothing.

Rarity in the store is the other half of the rule and lives with boilerplate
(``provenance.match.boilerplate``): a sentence that recurs in many more documents than the article's
other sentences is never evidence, however long.

Pure rules over plain data: a sentence is anything with ``position`` and ``norm``
(``provenance.text.normalise``); a match anything with ``later_position`` and ``earlier_position``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from provenance.match.model import DEFAULT_CONFIG, MatchConfig
from provenance.match.words import STOPWORDS

CONTENT_WORD_LETTERS = 3  # a shorter word ("US", "AP", "de") is never a content word here


class _Sentence(Protocol):
    @property
    def position(self) -> int: ...
    @property
    def norm(self) -> str: ...


class _Match(Protocol):
    @property
    def later_position(self) -> int: ...
    @property
    def earlier_position(self) -> int: ...


M = TypeVar("M", bound=_Match)


def content_words(norm: str) -> set[str]:
    """Distinct content words of a normalised sentence: letters only, at least three, not stopwords."""
    return {w for w in norm.split() if len(w) >= CONTENT_WORD_LETTERS and w.isalpha() and w not in STOPWORDS}


def is_distinctive(norm: str, config: MatchConfig = DEFAULT_CONFIG) -> bool:
    """Whether a sentence has enough content to be evidence of reuse on its own (see the module doc)."""
    words = content_words(norm)
    return len(words) >= config.evidence_min_words and sum(map(len, words)) >= config.evidence_min_letters


def distinctive_positions(sentences: Iterable[_Sentence], config: MatchConfig = DEFAULT_CONFIG) -> set[int]:
    return {s.position for s in sentences if is_distinctive(s.norm, config)}


def evidence_matches(
    matches: Sequence[M],
    earlier: Iterable[_Sentence] | set[int],
    later: Iterable[_Sentence] | set[int],
    *,
    config: MatchConfig = DEFAULT_CONFIG,
) -> list[M]:
    """The matches that are evidence of reuse, in their order: the runs holding a match with a
    distinctive sentence on one side at least (a short line matched to a long sentence shares three
    of its content words or more: the aligner's own rule), and the runs of short lines that together have enough content (see the
    module doc). Quadratic in the matches of one article pair (tens).

    ``earlier`` and ``later`` are the two articles' sentences, or the positions of their distinctive
    sentences (``distinctive_positions``; then a run of short lines never counts alone).
    """
    e_ok = earlier if isinstance(earlier, set) else distinctive_positions(earlier, config)
    later_norms = {} if isinstance(later, set) else {s.position: s.norm for s in later}
    l_ok = later if isinstance(later, set) else distinctive_positions(later_sentences(later_norms), config)
    gap = config.evidence_run_gap
    # Runs: matches joined when one lies within ``gap`` sentences of the other, on the same side of
    # it in both articles (connected components, by union-find over the pairs).
    parent = list(range(len(matches)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    spots = [(m.later_position, m.earlier_position) for m in matches]
    for k, (i, j) in enumerate(spots):
        for q in range(k):
            a, b = spots[q]
            if 0 < abs(a - i) <= gap and 0 < abs(b - j) <= gap and (a - i) * (b - j) > 0:
                parent[root(k)] = root(q)
    runs: dict[int, list[int]] = {}
    for k in range(len(matches)):
        runs.setdefault(root(k), []).append(k)
    counted: set[int] = set()
    for members in runs.values():
        if any(spots[k][0] in l_ok or spots[k][1] in e_ok for k in members):
            counted.update(members)
        elif later_norms and _run_is_distinctive([later_norms.get(spots[k][0], "") for k in members], config):
            counted.update(members)
    return [m for k, m in enumerate(matches) if k in counted]


def later_sentences(norms: dict[int, str]) -> list[_Plain]:
    return [_Plain(p, n) for p, n in norms.items()]


class _Plain:
    __slots__ = ("norm", "position")

    def __init__(self, position: int, norm: str) -> None:
        self.position = position
        self.norm = norm


def _run_is_distinctive(norms: Sequence[str], config: MatchConfig) -> bool:
    """A run of short lines only (a list, a poem) counts when together they have twice the content a
    sentence needs on its own."""
    words: set[str] = set()
    for n in dict.fromkeys(norms):
        words |= content_words(n)
    return (
        len(words) >= 2 * config.evidence_min_words
        and sum(map(len, words)) >= 2 * config.evidence_min_letters
    )
