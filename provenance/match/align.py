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

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

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
_CHECK_CHUNK = 100_000  # pairs met in the prefix index checked at once (long articles)


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


@dataclass(frozen=True, slots=True)
class _Pairs:
    """The (later, earlier) sentence pairs that can be linked, with their features: pair k is
    ``(i[k], j[k])``. Every other pair shares fewer content stems than any pass asks for."""

    i: np.ndarray
    j: np.ndarray
    shared: np.ndarray  # distinct content stems in both
    cover_later: np.ndarray
    cover_earlier: np.ndarray
    score: np.ndarray


def _min_shared(config: MatchConfig) -> int:
    """The fewest shared content stems with which a pair takes part in any pass (verbatim aside)."""
    return min(config.min_shared_words, config.containment_min_words)


def _dense_pairs(m: PairMatrices, config: MatchConfig) -> _Pairs:
    """The pairs of the full matrices (:func:`classify.pair_matrices`) that can be linked."""
    i, j = np.nonzero(m.shared >= _min_shared(config))
    return _Pairs(i, j, m.shared[i, j], m.cover_later[i, j], m.cover_earlier[i, j], m.score[i, j])


def _sparse_pairs(
    later: list[Profile], earlier: list[Profile], config: MatchConfig, max_postings: int
) -> _Pairs:
    """The pairs that can be linked, found without scoring every pair (for long articles).

    Prefix filtering (as in set-similarity joins): with the stems ordered by how many sentences of
    the two articles hold them (rarest first), two sentences that share at least t stems share one
    of the first ``len(stems) - t + 1`` stems of each. Those prefixes are indexed; the pairs meeting
    in the index are checked (their shared stems counted) and those sharing t stems get the
    features and the score of :func:`classify.pair_matrices` (the same topic weighting over both
    whole articles). A stem in the prefixes of more than ``max_postings`` sentences pairs none of
    them: that bounds the pairs checked at ``max_postings`` per indexed stem, so the cost grows
    linearly with the articles' length; a pair whose only shared prefix stems are that common is
    not scored (see the README).
    """
    t = max(1, _min_shared(config))
    df: Counter[str] = Counter()
    for p in (*later, *earlier):
        df.update(p.stems)
    rank = {w: r for r, w in enumerate(sorted(df, key=lambda w: (df[w], w)))}
    vocab = max(1, len(rank))
    stems_l = [sorted(rank[w] for w in p.stems) for p in later]
    stems_e = [sorted(rank[w] for w in p.stems) for p in earlier]
    postings: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, ranked in ((_L, stems_l), (_E, stems_e)):
        for x, ids in enumerate(ranked):
            for r in ids[: len(ids) - t + 1]:  # nothing when the sentence has fewer than t stems
                postings[r][side].append(x)
    m = max(1, len(earlier))
    keys = [
        np.add.outer(np.asarray(ls, dtype=np.int64) * m, np.asarray(es, dtype=np.int64)).ravel()
        for ls, es in postings.values()
        if ls and es and len(ls) + len(es) <= max_postings
    ]
    met = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    # The weights of pair_matrices: float32, over the stems of both articles, by rank.
    n = len(later) + len(earlier) + config.topic_prior
    counts = np.zeros(vocab, dtype=np.float32)
    for w, r in rank.items():
        counts[r] = df[w]
    if config.topic_weighting and n > 2:
        weight = np.clip(np.log(n / np.maximum(counts, 1)) / np.log(n / 2), 0.0, 1.0).astype(np.float32)
    else:
        weight = np.ones(vocab, dtype=np.float32)
    # Shared stems of each pair met: the later sentence's stems looked up among the earlier one's,
    # in chunks of pairs so that memory stays bounded.
    flat_l = np.asarray([r for ids in stems_l for r in ids], dtype=np.int64)
    start_l = np.zeros(len(later) + 1, dtype=np.int64)
    np.cumsum([len(ids) for ids in stems_l], out=start_l[1:])
    earlier_keys = np.asarray([x * vocab + r for x, ids in enumerate(stems_e) for r in ids], dtype=np.int64)
    found_i, found_j, found_shared, found_w = [], [], [], []
    for lo in range(0, len(met), _CHECK_CHUNK):
        ii, jj = met[lo : lo + _CHECK_CHUNK] // m, met[lo : lo + _CHECK_CHUNK] % m
        lengths = start_l[ii + 1] - start_l[ii]
        owner = np.repeat(np.arange(len(ii)), lengths)
        offset = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        ids = flat_l[start_l[ii][owner] + offset]
        member = np.isin(jj[owner] * vocab + ids, earlier_keys, assume_unique=False)
        shared = np.bincount(owner[member], minlength=len(ii))
        shared_w = np.bincount(owner[member], weights=weight[ids[member]], minlength=len(ii))
        keep = shared >= _min_shared(config)
        found_i.append(ii[keep])
        found_j.append(jj[keep])
        found_shared.append(shared[keep])
        found_w.append(shared_w[keep])
    empty = np.zeros(0, dtype=np.int64)
    ii = np.concatenate(found_i) if found_i else empty
    jj = np.concatenate(found_j) if found_j else empty
    shared = (np.concatenate(found_shared) if found_shared else empty).astype(np.int32)
    shared_w = (np.concatenate(found_w) if found_w else empty).astype(np.float32)
    la = np.asarray([len(ids) for ids in stems_l], dtype=np.float32)[ii]
    lb = np.asarray([len(ids) for ids in stems_e], dtype=np.float32)[jj]
    la_w = np.asarray([weight[ids].sum() for ids in stems_l], dtype=np.float32)[ii]
    lb_w = np.asarray([weight[ids].sum() for ids in stems_e], dtype=np.float32)[jj]
    unshared_numbers = np.asarray(
        [len(later[i].numbers ^ earlier[j].numbers) for i, j in zip(ii.tolist(), jj.tolist(), strict=True)],
        dtype=np.float32,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        cover_later = np.where(la > 0, shared / la, 0.0)
        cover_earlier = np.where(lb > 0, shared / lb, 0.0)
        dice = np.where(la_w + lb_w > 0, 2 * shared_w / (la_w + lb_w), 0.0)
    sort_ratio = process.cpdist(
        [later[i].sorted_text for i in ii.tolist()],
        [earlier[j].sorted_text for j in jj.tolist()],
        scorer=fuzz.ratio,
        dtype=np.float32,
    )
    ow = config.overlap_weight
    score = ow * dice + (1 - ow) * sort_ratio / 100.0 - config.number_penalty * unshared_numbers
    return _Pairs(ii, jj, shared, cover_later, cover_earlier, np.clip(score, 0.0, 0.99))


def _order(ks: np.ndarray, p: _Pairs, values: np.ndarray) -> list[int]:
    """Pair numbers sorted by decreasing value, ties by position."""
    keyed = sorted(
        (-float(values[k]), min(int(p.i[k]), int(p.j[k])), int(p.i[k]), int(p.j[k]), int(k)) for k in ks
    )
    return [k for *_, k in keyed]


def _anchor_pass(linker: _Linker, p: _Pairs, later: list[Profile], earlier: list[Profile]) -> None:
    cfg = linker.config
    shared_ok = p.shared >= cfg.min_shared_words
    strong = shared_ok & (p.score >= cfg.pair_threshold)
    containment = np.maximum(p.cover_later, p.cover_earlier)
    maybe = shared_ok & ~strong & (p.score >= cfg.context_threshold)
    part = (p.shared >= cfg.containment_min_words) & (containment >= cfg.containment_threshold) & ~strong
    for k in _order(np.flatnonzero(strong | maybe | part), p, p.score):
        i, j = int(p.i[k]), int(p.j[k])
        if not linker.acceptable(i, j):
            continue
        a, b = later[i], earlier[j]
        if strong[k]:
            linker.add(i, j, kind_of(a, b, cfg), float(p.score[k]))
            continue
        if whole_similarity(a, b) >= cfg.near_verbatim_similarity:
            linker.add(i, j, kind_of(a, b, cfg), float(p.score[k]))
            continue
        if part[k] and min(len(a.words), len(b.words)) >= cfg.verbatim_part_min_words:
            copied = copied_share(a, b)
            if copied >= cfg.verbatim_part_share:
                linker.add(i, j, kind_of(a, b, cfg, copied), _part_score(p, k, copied))


def _part_score(p: _Pairs, k: int, copied: float) -> float:
    """Score of a part link: the mean of its stem containment and its copied share."""
    contained = max(float(p.cover_later[k]), float(p.cover_earlier[k]))
    return min(0.99, max(float(p.score[k]), (contained + copied) / 2))


def _row_best(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """For each row, the column of its highest value (the first such column on ties), as
    ``matrix.argmax(axis=1)`` gives it; -1 for a row with no positive value."""
    best = np.full(size, -1, dtype=np.int64)
    order = np.lexsort((cols, -values, rows))  # by row, then value down, then column up
    first = np.ones(len(order), dtype=bool)
    first[1:] = rows[order][1:] != rows[order][:-1]
    top = order[first]
    top = top[values[top] > 0]
    best[rows[top]] = cols[top]
    return best


class _Crossing:
    """Whether a pair (i, j) crosses an accepted link (a, b), i.e. (a - i) * (b - j) < 0: Fenwick trees
    of the highest b linked before each later position and the lowest b linked after it, so that a
    check costs O(log n) rather than a scan of every link."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.before = [-1] * (n + 1)  # prefix maximum of b over a < i
        self.after = [1 << 62] * (n + 1)  # prefix minimum of b over reversed a > i

    def add(self, a: int, b: int) -> None:
        x = a + 1
        while x <= self.n:
            self.before[x] = max(self.before[x], b)
            x += x & -x
        x = self.n - a
        while x <= self.n:
            self.after[x] = min(self.after[x], b)
            x += x & -x

    def crosses(self, i: int, j: int) -> bool:
        high, x = -1, i  # a in [0, i)
        while x > 0:
            high = max(high, self.before[x])
            x -= x & -x
        if high > j:
            return True
        low, x = 1 << 62, self.n - i - 1  # a in (i, n)
        while x > 0:
            low = min(low, self.after[x])
            x -= x & -x
        return low < j


def _context_pass(linker: _Linker, p: _Pairs, later: list[Profile], earlier: list[Profile]) -> None:
    """Weaker pairs that continue a run of links in the order of both articles (see the module doc)."""
    cfg = linker.config
    score = np.where(p.shared >= cfg.min_shared_words, p.score, 0.0)
    best_e = _row_best(p.i, p.j, score, len(later))
    best_l = _row_best(p.j, p.i, score, len(earlier))
    ks = np.flatnonzero(score >= cfg.context_threshold)
    candidates = [
        (int(p.i[k]), int(p.j[k]), k)
        for k in _order(ks, p, score)
        if best_e[p.i[k]] == p.j[k] or best_l[p.j[k]] == p.i[k]
    ]
    partners = linker.partners
    n_later, n_earlier = len(later), len(earlier)
    crossing = _Crossing(n_later)
    for a, b in linker.links:
        crossing.add(a, b)

    def next_to_link(i: int, j: int) -> bool:
        # The sentence before i is linked to one before j, or the one after i to one after j; and
        # the same with the roles of the articles swapped.
        return (
            (i > 0 and any(b < j for b in partners[_L][i - 1]))
            or (i + 1 < n_later and any(b > j for b in partners[_L][i + 1]))
            or (j > 0 and any(a < i for a in partners[_E][j - 1]))
            or (j + 1 < n_earlier and any(a > i for a in partners[_E][j + 1]))
        )

    pending = [c for c in candidates if (c[0], c[1]) not in linker.links]
    while pending:
        left = []
        for i, j, k in pending:
            if next_to_link(i, j) and not crossing.crosses(i, j) and linker.acceptable(i, j):
                linker.add(i, j, kind_of(later[i], earlier[j], cfg), float(p.score[k]))
                crossing.add(i, j)
            else:
                left.append((i, j, k))
        if len(left) == len(pending):
            break
        pending = [c for c in left if (c[0], c[1]) not in linker.links]


def _part_pass(linker: _Linker, p: _Pairs, later: list[Profile], earlier: list[Profile]) -> None:
    """Split and merge parts: a shorter sentence mostly contained in a longer one."""
    cfg = linker.config
    parts: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(
        list
    )  # (side, whole) -> [(i, j, k)]
    for k in np.flatnonzero(p.shared >= cfg.containment_min_words).tolist():
        i, j = int(p.i[k]), int(p.j[k])
        if (i, j) in linker.links:
            continue
        if p.cover_later[k] >= cfg.containment_threshold and p.cover_later[k] >= p.cover_earlier[k]:
            parts[(_E, j)].append((i, j, k))  # the later sentence is a part of earlier j
        elif p.cover_earlier[k] >= cfg.containment_threshold:
            parts[(_L, i)].append((i, j, k))  # the earlier sentence is a part of later i
    # Wholes that are linked already first, then the others; each in a fixed order.
    wholes = sorted(parts, key=lambda w: (not linker.partners[w[0]][w[1]], w))
    for side, x in wholes:
        ordered = sorted(parts[(side, x)], key=lambda c: (-int(p.shared[c[2]]), c[0], c[1]))
        if linker.partners[side][x]:
            for i, j, k in ordered:
                if linker.acceptable(i, j):
                    _add_part(linker, p, later, earlier, i, j, k)
            continue
        # An unlinked whole: accept its parts only if two or more explain it together.
        chosen: list[tuple[int, int, int]] = []
        covered: set[str] = set()
        mine = linker.profiles[side][x].stems
        for i, j, k in ordered:
            other = j if side == _L else i
            part_side = 1 - side
            if linker.partners[part_side][other] and not linker.side_ok(part_side, other, x):
                continue
            new = (mine & linker.profiles[part_side][other].stems) - covered
            if len(new) >= cfg.extra_gain * len(mine):
                chosen.append((i, j, k))
                covered |= new
        if len(chosen) >= 2 and len(covered) >= cfg.containment_threshold * len(mine):
            for i, j, k in chosen:
                _add_part(linker, p, later, earlier, i, j, k)


def _add_part(
    linker: _Linker, p: _Pairs, later: list[Profile], earlier: list[Profile], i: int, j: int, k: int
) -> None:
    copied = copied_share(later[i], earlier[j])
    linker.add(i, j, kind_of(later[i], earlier[j], linker.config, copied), _part_score(p, k, copied))


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
    if len(lp) * len(ep) <= config.dense_max_pairs:
        pairs = _dense_pairs(pair_matrices(lp, ep, config), config)
    else:
        pairs = _sparse_pairs(lp, ep, config, config.max_prefix_postings)
    _anchor_pass(linker, pairs, lp, ep)
    _context_pass(linker, pairs, lp, ep)
    _part_pass(linker, pairs, lp, ep)
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
