"""Sentence alignment of an earlier and a later article.

Every (later, earlier) sentence pair is scored at once (:mod:`classify`), then
links are accepted in four passes, strongest evidence first. Each pass treats
the two articles alike, so swapping the roles of the articles gives the same
pairs (swapped).

0. Verbatim: sentences identical after ``normalise``. Repeated sentences are
   paired in order, so a copied text aligns on the diagonal.
1. Anchors: pairs whose score reaches ``pair_threshold``, near-verbatim pairs,
   and copied parts (a shorter sentence found almost verbatim inside a longer
   one, ``verbatim_part_share``).
2. Context: a pair that is one of its sentences' best partner, scores at least
   ``context_threshold`` and continues a run of links in the order of both
   articles: the sentence before (or after) it in one article is linked to a
   sentence before (or after) its partner in the other, at any distance, and
   the pair crosses no accepted link. Rewrites keep the order of the story
   while a summary skips parts of its source, so an ordered neighbour link is
   evidence. Each link accepted here is context for the next, so a run of
   weaker pairs grows from one anchor.
3. Split and merge parts: a sentence whose content stems lie mostly
   (``containment_threshold``) inside a longer sentence that is linked already,
   or that is explained by two or more such parts together.

A sentence that already has a link gets another one only if the new partner
explains at least ``extra_gain`` of its content stems that its links so far do
not: so a sentence strongly matched to one partner is not also paired with a
weakly related second one, but a real merge (two sources, each for a different
part) is kept. Boilerplate sentences take no part at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from provenance.match.classify import (
    PairMatrices,
    Profile,
    copied_share,
    kind_of,
    pair_matrices,
    profile,
    whole_similarity,
)
from provenance.match.model import (
    DEFAULT_CONFIG,
    VERBATIM,
    Match,
    MatchConfig,
    Sentence,
)
from provenance.match.quotes import same_quotation

_L, _E = 0, 1  # sides


class _Linker:
    """Accepted links and what each sentence's links explain so far."""

    def __init__(self, later: list[Profile], earlier: list[Profile], config: MatchConfig) -> None:
        self.profiles = (later, earlier)
        self.config = config
        self.links: dict[tuple[int, int], tuple[str, float]] = {}
        self.covered: tuple[list[set[str]], list[set[str]]] = (
            [set() for _ in later],
            [set() for _ in earlier],
        )
        self.partners: tuple[list[list[int]], list[list[int]]] = (
            [[] for _ in later],
            [[] for _ in earlier],
        )

    def gain(self, side: int, x: int, other: int) -> float:
        """Share of sentence x's stems that partner ``other`` explains and its links do not yet."""
        mine = self.profiles[side][x].stems
        theirs = self.profiles[1 - side][other].stems
        if not mine:
            return 0.0
        return len((mine & theirs) - self.covered[side][x]) / len(mine)

    def side_ok(self, side: int, x: int, other: int) -> bool:
        return not self.partners[side][x] or self.gain(side, x, other) >= self.config.extra_gain

    def acceptable(self, i: int, j: int) -> bool:
        return (i, j) not in self.links and self.side_ok(_L, i, j) and self.side_ok(_E, j, i)

    def add(self, i: int, j: int, kind: str, score: float) -> None:
        later, earlier = self.profiles
        self.links[(i, j)] = (kind, score)
        both = later[i].stems & earlier[j].stems
        self.covered[_L][i] |= both
        self.covered[_E][j] |= both
        self.partners[_L][i].append(j)
        self.partners[_E][j].append(i)


def _verbatim_pass(linker: _Linker, later: list[Profile], earlier: list[Profile]) -> None:
    by_norm: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    need = linker.config.min_content_words
    for i, p in enumerate(later):
        if len(p.stems) >= need:
            by_norm[p.sentence.norm][0].append(i)
    for j, p in enumerate(earlier):
        if len(p.stems) >= need:
            by_norm[p.sentence.norm][1].append(j)
    for ls, es in by_norm.values():
        if not ls or not es:
            continue
        for k in range(max(len(ls), len(es))):
            linker.add(ls[min(k, len(ls) - 1)], es[min(k, len(es) - 1)], VERBATIM, 1.0)


def _order(pairs: np.ndarray, values: np.ndarray) -> list[tuple[int, int]]:
    """Pairs sorted by decreasing value, ties by position."""
    keyed = sorted(
        ((-float(values[i, j]), min(i, j), i, j) for i, j in pairs),
    )
    return [(i, j) for _, _, i, j in keyed]


def _anchor_pass(linker: _Linker, m: PairMatrices, later: list[Profile], earlier: list[Profile]) -> None:
    cfg = linker.config
    shared_ok = m.shared >= cfg.min_shared_words
    strong = shared_ok & (m.score >= cfg.pair_threshold)
    containment = np.maximum(m.cover_later, m.cover_earlier)
    maybe = shared_ok & ~strong & (m.score >= cfg.context_threshold)
    part = (m.shared >= cfg.containment_min_words) & (containment >= cfg.containment_threshold) & ~strong
    candidates = np.argwhere(strong | maybe | part)
    for i, j in _order(candidates, m.score):
        if not linker.acceptable(i, j):
            continue
        a, b = later[i], earlier[j]
        if strong[i, j]:
            linker.add(i, j, kind_of(a, b, cfg), float(m.score[i, j]))
            continue
        if whole_similarity(a, b) >= cfg.near_verbatim_similarity:
            linker.add(i, j, kind_of(a, b, cfg), float(m.score[i, j]))
            continue
        if part[i, j] and min(len(a.words), len(b.words)) >= cfg.verbatim_part_min_words:
            copied = copied_share(a, b)
            if copied >= cfg.verbatim_part_share:
                linker.add(i, j, kind_of(a, b, cfg, copied), _part_score(m, i, j, copied))


def _part_score(m: PairMatrices, i: int, j: int, copied: float) -> float:
    """Score of a part link: the mean of its stem containment and its copied share."""
    contained = max(float(m.cover_later[i, j]), float(m.cover_earlier[i, j]))
    return min(0.99, max(float(m.score[i, j]), (contained + copied) / 2))


def _context_pass(linker: _Linker, m: PairMatrices, later: list[Profile], earlier: list[Profile]) -> None:
    """Weaker pairs that continue a run of links in the order of both articles (see the module doc)."""
    cfg = linker.config
    score = np.where(m.shared >= cfg.min_shared_words, m.score, 0.0)
    best_e = score.argmax(axis=1)
    best_l = score.argmax(axis=0)
    candidates = [
        (i, j)
        for i, j in _order(np.argwhere(score >= cfg.context_threshold), score)
        if best_e[i] == j or best_l[j] == i
    ]
    partners = linker.partners
    n_later, n_earlier = len(later), len(earlier)

    def next_to_link(i: int, j: int) -> bool:
        # The sentence before i is linked to one before j, or the one after i to one after j; and
        # the same with the roles of the articles swapped.
        return (
            (i > 0 and any(b < j for b in partners[_L][i - 1]))
            or (i + 1 < n_later and any(b > j for b in partners[_L][i + 1]))
            or (j > 0 and any(a < i for a in partners[_E][j - 1]))
            or (j + 1 < n_earlier and any(a > i for a in partners[_E][j + 1]))
        )

    def crosses(i: int, j: int) -> bool:
        return any((a - i) * (b - j) < 0 for a, b in linker.links)

    pending = [c for c in candidates if c not in linker.links]
    while pending:
        left = []
        for i, j in pending:
            if next_to_link(i, j) and not crosses(i, j) and linker.acceptable(i, j):
                linker.add(i, j, kind_of(later[i], earlier[j], cfg), float(m.score[i, j]))
            else:
                left.append((i, j))
        if len(left) == len(pending):
            break
        pending = [c for c in left if c not in linker.links]


def _part_pass(linker: _Linker, m: PairMatrices, later: list[Profile], earlier: list[Profile]) -> None:
    """Split and merge parts: a shorter sentence mostly contained in a longer one."""
    cfg = linker.config
    parts: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)  # (side, whole) -> [(i, j)]
    for i, j in np.argwhere(m.shared >= cfg.containment_min_words):
        if (i, j) in linker.links:
            continue
        if m.cover_later[i, j] >= cfg.containment_threshold and m.cover_later[i, j] >= m.cover_earlier[i, j]:
            parts[(_E, j)].append((i, j))  # the later sentence is a part of earlier j
        elif m.cover_earlier[i, j] >= cfg.containment_threshold:
            parts[(_L, i)].append((i, j))  # the earlier sentence is a part of later i
    # Wholes that are linked already first, then the others; each in a fixed order.
    wholes = sorted(parts, key=lambda k: (not linker.partners[k[0]][k[1]], k))
    for side, x in wholes:
        ordered = sorted(parts[(side, x)], key=lambda p: (-int(m.shared[p]), p))
        if linker.partners[side][x]:
            for i, j in ordered:
                if linker.acceptable(i, j):
                    _add_part(linker, m, later, earlier, i, j)
            continue
        # An unlinked whole: accept its parts only if two or more explain it together.
        chosen: list[tuple[int, int]] = []
        covered: set[str] = set()
        mine = linker.profiles[side][x].stems
        for i, j in ordered:
            other = j if side == _L else i
            part_side = 1 - side
            if linker.partners[part_side][other] and not linker.side_ok(part_side, other, x):
                continue
            new = (mine & linker.profiles[part_side][other].stems) - covered
            if len(new) >= cfg.extra_gain * len(mine):
                chosen.append((i, j))
                covered |= new
        if len(chosen) >= 2 and len(covered) >= cfg.containment_threshold * len(mine):
            for i, j in chosen:
                _add_part(linker, m, later, earlier, i, j)


def _add_part(
    linker: _Linker, m: PairMatrices, later: list[Profile], earlier: list[Profile], i: int, j: int
) -> None:
    copied = copied_share(later[i], earlier[j])
    linker.add(i, j, kind_of(later[i], earlier[j], linker.config, copied), _part_score(m, i, j, copied))


def _is_quote(a: Profile, b: Profile, config: MatchConfig) -> bool:
    return same_quotation(
        a.sentence.text, b.sentence.text, share=config.quote_share, stem_length=config.stem_length
    )


def align(
    earlier: Sequence[Sentence], later: Sequence[Sentence], *, config: MatchConfig = DEFAULT_CONFIG
) -> list[Match]:
    """Find which sentences of ``later`` reuse which sentences of ``earlier``, and how.

    Returns one :class:`Match` per (later, earlier) link, ordered by later then
    earlier position. A later sentence may have several sources (merge) and an
    earlier sentence several reusers (split). Deterministic.
    """
    lp = [profile(s, config) for s in later if not s.boilerplate]
    ep = [profile(s, config) for s in earlier if not s.boilerplate]
    return align_profiles(ep, lp, config=config)


def align_profiles(
    earlier: Sequence[Profile], later: Sequence[Profile], *, config: MatchConfig = DEFAULT_CONFIG
) -> list[Match]:
    """:func:`align` over sentences already profiled (``classify.profile``), boilerplate left out.

    For callers that align one article with many: each sentence is profiled once.
    """
    lp, ep = list(later), list(earlier)
    if not lp or not ep:
        return []
    linker = _Linker(lp, ep, config)
    _verbatim_pass(linker, lp, ep)
    m = pair_matrices(lp, ep, config)
    _anchor_pass(linker, m, lp, ep)
    _context_pass(linker, m, lp, ep)
    _part_pass(linker, m, lp, ep)
    out = []
    for (i, j), (kind, score) in linker.links.items():
        a, b = lp[i], ep[j]
        out.append(
            Match(
                later_position=a.sentence.position,
                earlier_position=b.sentence.position,
                sentence=a.sentence.text,
                source_sentence=b.sentence.text,
                kind=kind,
                score=round(score, 4),
                quote=_is_quote(a, b, config),
            )
        )
    out.sort(key=lambda x: (x.later_position, x.earlier_position))
    return out
