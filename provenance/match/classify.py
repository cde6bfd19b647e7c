"""Pair features, pair scores for a whole article pair at once, and the kind of a link.

The pair score of two sentences is symmetric and lies in [0, 1]::

    score = w * dice(content stems) + (1 - w) * token_sort_ratio - number_penalty * unshared numbers

``dice`` measures shared content (light-stemmed content words, so that
"supported"/"support" and reordered clauses count); each stem is weighted by its
rarity among the sentences of the two articles (a local inverse document
frequency), so that the topic words of a story ("Iran", "security") count less
than the words particular to a sentence. ``token_sort_ratio`` (RapidFuzz
``ratio`` over the words sorted, all pairs in one ``cdist`` call) rewards the
same words even with small spelling changes, and a figure present in only one
sentence ("$2.5 billion" vs "$1.8 billion") is evidence against reuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, LCSseq

from provenance.match.model import NEAR_VERBATIM, PARAPHRASE, VERBATIM, MatchConfig, Sentence
from provenance.match.words import STOPWORDS, is_number, stem


@dataclass(frozen=True, slots=True)
class Profile:
    """What the matcher needs of one sentence, computed once per call."""

    sentence: Sentence
    words: tuple[str, ...]  # all normalised words
    stems: frozenset[str]  # distinct content stems
    numbers: frozenset[str]  # distinct tokens that carry a digit
    sorted_text: str  # words sorted, joined: the input of token_sort_ratio


def profile(sentence: Sentence, config: MatchConfig) -> Profile:
    words = tuple(sentence.norm.split())
    stems = frozenset(
        stem(w, config.stem_length) for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())
    )
    return Profile(
        sentence=sentence,
        words=words,
        stems=stems,
        numbers=frozenset(w for w in words if is_number(w)),
        sorted_text=" ".join(sorted(words)),
    )


@dataclass(frozen=True, slots=True)
class PairMatrices:
    """Features of every (later, earlier) pair of two lists of profiles."""

    shared: np.ndarray  # int: distinct content stems in both
    cover_later: np.ndarray  # share of the later sentence's stems found in the earlier one
    cover_earlier: np.ndarray  # share of the earlier sentence's stems found in the later one
    score: np.ndarray  # the symmetric pair score


def _incidence(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> np.ndarray:
    m = np.zeros((len(sets), max(len(vocab), 1)), dtype=np.float32)
    for r, s in enumerate(sets):
        for w in s:
            m[r, vocab[w]] = 1.0
    return m


def pair_matrices(later: Sequence[Profile], earlier: Sequence[Profile], config: MatchConfig) -> PairMatrices:
    """Compute all pair features with a few matrix operations and one RapidFuzz ``cdist``."""
    vocab: dict[str, int] = {}
    for p in (*later, *earlier):
        for w in p.stems | p.numbers:
            vocab.setdefault(w, len(vocab))
    a = _incidence([p.stems for p in later], vocab)
    b = _incidence([p.stems for p in earlier], vocab)
    shared = a @ b.T
    la = a.sum(axis=1)[:, None]
    lb = b.sum(axis=1)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        cover_later = np.where(la > 0, shared / la, 0.0)
        cover_earlier = np.where(lb > 0, shared / lb, 0.0)
    # Topic words: a stem found in many sentences of the two articles is weak evidence that two
    # particular sentences are linked. Its weight is an inverse document frequency over the
    # sentences of both articles, smoothed with ``topic_prior`` sentences that lack it and scaled
    # to 1 for a stem found in only two sentences: log((N + c) / df) / log((N + c) / 2).
    n = a.shape[0] + b.shape[0] + config.topic_prior
    df = a.sum(axis=0) + b.sum(axis=0)
    if config.topic_weighting and n > 2:
        weight = np.clip(np.log(n / np.maximum(df, 1)) / np.log(n / 2), 0.0, 1.0)
    else:
        weight = np.ones(a.shape[1], dtype=np.float32)
    wa = a * weight
    wb = b * weight
    shared_w = wa @ b.T
    la_w = wa.sum(axis=1)[:, None]
    lb_w = wb.sum(axis=1)[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.where(la_w + lb_w > 0, 2 * shared_w / (la_w + lb_w), 0.0)
    na = _incidence([p.numbers for p in later], vocab)
    nb = _incidence([p.numbers for p in earlier], vocab)
    unshared_numbers = na.sum(axis=1)[:, None] + nb.sum(axis=1)[None, :] - 2 * (na @ nb.T)
    sort_ratio = process.cdist(
        [p.sorted_text for p in later], [p.sorted_text for p in earlier], scorer=fuzz.ratio, dtype=np.float32
    )
    ow = config.overlap_weight
    score = ow * dice + (1 - ow) * sort_ratio / 100.0 - config.number_penalty * unshared_numbers
    return PairMatrices(
        shared=shared.astype(np.int32),
        cover_later=cover_later,
        cover_earlier=cover_earlier,
        score=np.clip(score, 0.0, 0.99),
    )


def quick_score(a: Profile, b: Profile, config: MatchConfig) -> float:
    """The pair score of two sentences alone, without the topic weighting of :func:`pair_matrices`.

    Cheap enough to check a candidate's linked sentence pairs before aligning whole articles.
    """
    if a.sentence.norm == b.sentence.norm:
        return 1.0
    total = len(a.stems) + len(b.stems)
    dice = 2 * len(a.stems & b.stems) / total if total else 0.0
    unshared = len(a.numbers ^ b.numbers)
    w = config.overlap_weight
    score = (
        w * dice
        + (1 - w) * fuzz.ratio(a.sorted_text, b.sorted_text) / 100.0
        - config.number_penalty * unshared
    )
    return min(0.99, max(0.0, score))


def copied_share(a: Profile, b: Profile) -> float:
    """Share of the shorter sentence's words kept in order in the other one.

    The longest common word subsequence (RapidFuzz ``LCSseq``) over the shorter length: 1.0 when
    the shorter sentence appears word for word inside the longer one (a copied part), 0.8 when two
    words of ten were swapped.
    """
    lcs = LCSseq.similarity(a.words, b.words)
    return lcs / max(1, min(len(a.words), len(b.words)))


def whole_similarity(a: Profile, b: Profile) -> float:
    """RapidFuzz Indel similarity over words, ``2 * LCS / (len(a) + len(b))``: near 1 only for
    sentences of about the same length with the same words in the same order."""
    return float(Indel.normalized_similarity(a.words, b.words))


def copied_run(a: Profile, b: Profile) -> bool:
    """True when the shorter sentence's words appear, in order and unbroken, inside the longer one."""
    short, long_ = (a, b) if len(a.words) <= len(b.words) else (b, a)
    return f" {short.sentence.norm} " in f" {long_.sentence.norm} "


def kind_of(a: Profile, b: Profile, config: MatchConfig, copied: float | None = None) -> str:
    """Kind of a link: verbatim, near-verbatim (most wording kept in order) or paraphrase.

    Verbatim: identical after normalise, or a copied part: the shorter sentence, of at least
    ``verbatim_run_min_words`` words, found word for word as one unbroken run inside the longer
    one (a sentence cut out of a longer one, or one of two sentences joined into one).
    """
    if a.sentence.norm == b.sentence.norm:
        return VERBATIM
    if min(len(a.words), len(b.words)) >= config.verbatim_run_min_words and copied_run(a, b):
        return VERBATIM
    if (copied_share(a, b) if copied is None else copied) >= config.near_verbatim_similarity:
        return NEAR_VERBATIM
    return PARAPHRASE
