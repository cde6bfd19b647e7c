"""Candidate ranking: which stored documents sharing keys with a new article are worth aligning with it.

A pure rule over plain tuples; the postings come from the candidate index (``provenance.reuse.index``).
:func:`rank_candidates` computes it with numpy over the postings as arrays (a new article meets ~900
postings at 20k stored, and the rule was the largest Python cost of detection: 2.0 ms an article as a
loop, see the README); :func:`rank_candidates_loop` is the same rule written as a plain loop, kept as
its readable statement and as the reference a test compares the two with.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Collection, Container, Iterable, Mapping, Sequence

import numpy as np

from provenance.match.model import DEFAULT_DETECT, DetectConfig

Posting = tuple[int, int, int]
"""(key, document id, position) of a stored sentence holding a key."""

Link = tuple[int, int]
"""(position in the new article, position in the candidate) of two sentences sharing a key."""


def rank_candidates_loop(
    sentence_keys: Sequence[Collection[int]],
    fingerprints: Sequence[int],
    postings: Iterable[Posting],
    config: DetectConfig = DEFAULT_DETECT,
    *,
    skip: Container[int] = frozenset(),
    not_yet: Container[int] = frozenset(),
    held: Mapping[int, int] | None = None,
) -> dict[int, list[Link]]:
    """Documents worth aligning with a new article, most promising first, each with its linked sentence pairs.

    The new article is given by its sentences' candidate keys and fingerprints, by position.
    ``postings`` are those of stored sentences holding the new article's usable keys; documents in
    ``not_yet`` (the new article itself, and those of its transaction not yet compared) are left out.
    The new article's sentences at the positions in ``skip`` (boilerplate, notices, credit lines) point
    at no candidate.

    A stored sentence is linked to a new one when they share a key: a pair of sketch stems
    (``provenance.match.keys``) or the fingerprint. A document is a candidate when
    ``min_linked_sentences`` of its sentences or of the new article's are linked, or one pair is
    strongly (``strong_shared_pairs`` pair keys, or the fingerprint). Candidates are ranked by their
    linked sentence pairs, each weighted by the rarity of its rarest shared key (1 / the sentences
    holding it, from ``held``): a pair of words found in few stored sentences is better evidence than
    one a hundred sentences share. Every rule treats the two articles alike, so the candidates do not
    depend on which one arrived first; at most ``max_candidates`` are kept.
    One shared stem is not enough: on MSRP sentence pairs, two shared stems keep 89% of the
    paraphrase pairs and 0.1% of random pairs (one stem: 98.7% / 2.8%).
    """
    holders: dict[int, list[int]] = defaultdict(list)  # key -> positions of the new sentences holding it
    for position, own in enumerate(sentence_keys):
        if position not in skip:
            for key in own:
                holders[key].append(position)
    own_fingerprints = {fp for position, fp in enumerate(fingerprints) if position not in skip}
    shared: Counter[tuple[int, int, int]] = Counter()  # (document, its position, new position) -> keys
    best: dict[tuple[int, int, int], float] = {}  # the same -> weight of its rarest key
    strong: set[int] = set()
    for key, doc_id, position in postings:
        if doc_id in not_yet or key not in holders:
            continue
        if key in own_fingerprints:
            strong.add(doc_id)
        weight = 1.0 / max(1, held.get(key, 1)) if held else 1.0
        for mine in holders[key]:
            link = (doc_id, position, mine)
            shared[link] += 1
            if weight > best.get(link, 0.0):
                best[link] = weight
    mine_linked: dict[int, set[int]] = defaultdict(set)
    theirs_linked: dict[int, set[int]] = defaultdict(set)
    evidence: dict[int, float] = defaultdict(float)
    for (doc_id, theirs, mine), n in shared.items():
        mine_linked[doc_id].add(mine)
        theirs_linked[doc_id].add(theirs)
        evidence[doc_id] += best[(doc_id, theirs, mine)]
        if n >= config.strong_shared_pairs:
            strong.add(doc_id)
    # Linked sentences counted on the side with more of them: the same whichever article came first.
    linked = {d: max(len(mine_linked[d]), len(theirs_linked[d])) for d in mine_linked}
    ranked = sorted(
        (d for d, n in linked.items() if n >= config.min_linked_sentences or d in strong),
        key=lambda d: (-round(evidence[d], 9), -linked[d], d),
    )[: config.max_candidates]
    pairs: dict[int, list[Link]] = {d: [] for d in ranked}
    for doc_id, theirs, mine in shared:
        if doc_id in pairs:
            pairs[doc_id].append((mine, theirs))
    return pairs


_EMPTY = np.empty(0, dtype=np.int64)


def rank_candidates(
    sentence_keys: Sequence[Collection[int]],
    fingerprints: Sequence[int],
    postings: Iterable[Posting],
    config: DetectConfig = DEFAULT_DETECT,
    *,
    skip: Container[int] = frozenset(),
    not_yet: Container[int] = frozenset(),
    held: Mapping[int, int] | None = None,
) -> dict[int, list[Link]]:
    """:func:`rank_candidates_loop`'s rule over arrays: the same candidates, in the same order, each with
    the same linked pairs in the same order (the first-met order of the loop), and the same evidence
    sums (added in the same order, so equal to the last bit before they are rounded)."""
    own = [
        (key, position)
        for position, keys in enumerate(sentence_keys)
        if position not in skip
        for key in sorted(keys)
    ]
    rows = postings if isinstance(postings, list) else list(postings)
    if not own or not rows:
        return {}
    own_arr = np.array(own, dtype=np.int64)
    own_arr = own_arr[np.lexsort((own_arr[:, 1], own_arr[:, 0]))]  # by key, then position: the loop's order
    own_keys, own_pos = own_arr[:, 0], own_arr[:, 1]
    post = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows)).reshape(
        -1, 3
    )
    keys, docs, theirs = post[:, 0], post[:, 1], post[:, 2]

    unique_docs, doc_index = np.unique(docs, return_inverse=True)
    if isinstance(not_yet, (set, frozenset)):  # the usual case: the ids of the batch, few
        waiting = np.isin(unique_docs, np.fromiter(not_yet, dtype=np.int64, count=len(not_yet)))
    else:
        waiting = np.fromiter(
            (d in not_yet for d in unique_docs.tolist()), dtype=bool, count=len(unique_docs)
        )
    start = np.searchsorted(own_keys, keys, side="left")
    stop = np.searchsorted(own_keys, keys, side="right")
    kept = ~waiting[doc_index] & (stop > start)
    if not kept.any():
        return {}
    keys, doc_index, theirs, start, stop = keys[kept], doc_index[kept], theirs[kept], start[kept], stop[kept]

    fps = {fp for position, fp in enumerate(fingerprints) if position not in skip}
    unique_keys, key_index = np.unique(keys, return_inverse=True)
    key_list = unique_keys.tolist()
    strong: set[int] = set()
    if fps:
        is_fp = np.fromiter((k in fps for k in key_list), dtype=bool, count=len(key_list))[key_index]
        strong.update(unique_docs[np.unique(doc_index[is_fp])].tolist())
    if held:
        counts = np.fromiter(
            (max(1, held.get(k, 1)) for k in key_list), dtype=np.float64, count=len(key_list)
        )
        weight = (1.0 / counts)[key_index]
    else:
        weight = np.ones(len(keys), dtype=np.float64)

    # One row per (posting, new sentence holding its key), in the loop's order.
    spans = stop - start
    row = np.repeat(np.arange(len(keys)), spans)
    offsets = np.arange(len(row)) - np.repeat(np.cumsum(spans) - spans, spans)
    mine = own_pos[np.repeat(start, spans) + offsets]
    link_doc, link_theirs, link_weight = doc_index[row], theirs[row], weight[row]

    # A link (document, its position, new position) as one integer: document index, then positions.
    width_theirs = int(link_theirs.max()) + 1
    width_mine = int(own_pos.max()) + 1
    code = (link_doc * width_theirs + link_theirs) * width_mine + mine  # < len(unique_docs) * positions**2
    codes, first, inverse, shared = np.unique(
        code, return_index=True, return_inverse=True, return_counts=True
    )
    best = np.zeros(len(codes), dtype=np.float64)
    np.maximum.at(best, inverse, link_weight)
    order = np.argsort(first, kind="stable")  # links in the order the loop first met them
    codes, best, shared = codes[order], best[order], shared[order]
    l_mine = codes % width_mine
    l_theirs = (codes // width_mine) % width_theirs
    l_doc = codes // (width_mine * width_theirs)

    strong.update(unique_docs[np.unique(l_doc[shared >= config.strong_shared_pairs])].tolist())
    n_docs = len(unique_docs)
    evidence = np.zeros(n_docs, dtype=np.float64)
    np.add.at(evidence, l_doc, best)  # sequential: the loop's order of additions
    mine_linked = np.bincount(np.unique(l_doc * width_mine + l_mine) // width_mine, minlength=n_docs)
    theirs_linked = np.bincount(np.unique(l_doc * width_theirs + l_theirs) // width_theirs, minlength=n_docs)
    linked = np.maximum(mine_linked, theirs_linked)

    eligible = linked >= config.min_linked_sentences
    if strong:
        eligible |= np.isin(unique_docs, np.fromiter(strong, dtype=np.int64, count=len(strong)))
    chosen_docs = np.flatnonzero(eligible)
    chosen = [
        (-round(e, 9), -n, d)
        for e, n, d in zip(
            evidence[chosen_docs].tolist(),
            linked[chosen_docs].tolist(),
            unique_docs[chosen_docs].tolist(),
            strict=True,
        )
    ]
    ranked = [d for _, _, d in sorted(chosen)[: config.max_candidates]]
    pairs: dict[int, list[Link]] = {d: [] for d in ranked}
    if ranked:
        rank_of = np.full(n_docs, -1)
        rank_of[np.searchsorted(unique_docs, ranked)] = 1
        wanted = rank_of[l_doc] > 0
        for doc_id, their_position, my_position in zip(
            unique_docs[l_doc[wanted]].tolist(),
            l_theirs[wanted].tolist(),
            l_mine[wanted].tolist(),
            strict=True,
        ):
            pairs[doc_id].append((my_position, their_position))
    return pairs
