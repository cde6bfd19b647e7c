"""Long articles (issue 14, point 5): above ``MatchConfig.dense_max_pairs`` sentence pairs the aligner
scores candidate pairs only (prefix filtering), never the full matrices, and finds the same links."""

from __future__ import annotations

import importlib
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.match import MatchConfig, compare
from provenance.match import classify
from tests.conftest import SEED_000, SEED_002

align_module = importlib.import_module("provenance.match.align")
SPARSE = MatchConfig(dense_max_pairs=0)  # every pair of articles aligned by candidate pairs
SPARSE_UNCAPPED = MatchConfig(dense_max_pairs=0, max_prefix_postings=10**9)


def _links(earlier: str, later: str, config: MatchConfig = MatchConfig()) -> list[tuple]:
    return [
        (m.later_position, m.earlier_position, m.kind, m.score, m.quote)
        for m in compare(earlier, later, config=config).matches
    ]


def _rewrite(text: str, seed: int) -> str:
    """A later article built from ``text`` as a rewriter would: paragraphs dropped and moved, words
    dropped and a few changed, a sentence of its own added here and there."""
    rng = random.Random(seed)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    out = []
    for p in paragraphs:
        if rng.random() < 0.15:
            continue
        words = [w for w in p.split() if rng.random() > 0.1]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words) + 1), "reportedly")
        out.append(" ".join(words))
        if rng.random() < 0.2:
            out.append("Officials declined to comment further on the matter when asked on Friday.")
    if len(out) > 3:
        k = rng.randrange(len(out) - 2)
        out[k], out[k + 1] = out[k + 1], out[k]
    return "\n\n".join(out)


def _seeds() -> tuple[str, str]:
    return SEED_000.read_text(encoding="utf-8"), SEED_002.read_text(encoding="utf-8")


@pytest.mark.parametrize("config", [SPARSE, SPARSE_UNCAPPED], ids=["default-cap", "uncapped"])
def test_sparse_alignment_finds_the_dense_links_on_the_seeds(config):
    a, b = _seeds()
    dense = _links(a, b)
    assert len(dense) >= 12
    assert _links(a, b, config) == dense
    assert _links(b, a, config) == _links(b, a)


@pytest.mark.parametrize("seed", range(4))
def test_sparse_alignment_finds_the_dense_links_on_long_rewrites(seed):
    a, b = _seeds()
    earlier = "\n\n".join([a, b, _rewrite(a, 100 + seed)])  # one long story, told three times
    later = _rewrite(earlier, seed)
    dense = _links(earlier, later)
    assert len(dense) > 20
    assert _links(earlier, later, SPARSE_UNCAPPED) == dense
    assert _links(earlier, later, SPARSE) == dense  # these articles are far below the cap


WORDS = (
    "minister council budget river bridge spring delay school teacher hospital doctor nurse police "
    "court judge trial election vote party leader talks security border trade export import price "
    "market bank rate inflation storm flood rain farmer harvest 2022 15 million"
).split()
sentence = st.lists(st.sampled_from(WORDS), min_size=2, max_size=12).map(lambda ws: " ".join(ws) + ".")
article = st.lists(sentence, min_size=1, max_size=25).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(article, article)
def test_sparse_alignment_equals_dense_alignment(earlier, later):
    # Prefix filtering is exact: without the cap on common stems the links are the dense ones.
    assert _links(earlier, later, SPARSE_UNCAPPED) == _links(earlier, later)


def test_long_articles_never_build_the_full_matrices(monkeypatch):
    a, b = _seeds()
    calls = []
    real = classify.pair_matrices

    def spy(later, earlier, config):
        calls.append(len(later) * len(earlier))
        return real(later, earlier, config)

    monkeypatch.setattr(align_module, "pair_matrices", spy)
    earlier = "\n\n".join([a, b] * 3)
    later = _rewrite(earlier, 7)
    _links(earlier, later)
    assert calls and max(calls) <= MatchConfig().dense_max_pairs  # small: the full matrices
    calls.clear()
    dense = _links(earlier, later, MatchConfig(dense_max_pairs=10**9))
    calls.clear()
    assert _links(earlier, later, MatchConfig(dense_max_pairs=100)) == dense
    assert calls == []  # above the limit: candidate pairs only


def test_the_cap_bounds_the_pairs_scored():
    # 300 sentences that all share their words: every pair shares three stems, but with the cap
    # no stem in more than max_prefix_postings prefixes pairs anything.
    cfg = MatchConfig(dense_max_pairs=0, max_prefix_postings=50)
    text = " ".join("The council budget for the river bridge was approved." for _ in range(300))
    lp = [classify.profile(s, cfg) for s in compare(text, text, config=cfg).later]
    pairs = align_module._sparse_pairs(lp, lp, cfg, cfg.max_prefix_postings)
    assert len(pairs.i) == 0
    uncapped = align_module._sparse_pairs(lp, lp, cfg, 10**9)
    assert len(uncapped.i) == len(lp) ** 2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=40),
    st.integers(0, 30),
    st.integers(0, 30),
)
def test_crossing_index_agrees_with_a_scan(links, i, j):
    crossing = align_module._Crossing(31)
    for a, b in links:
        crossing.add(a, b)
    assert crossing.crosses(i, j) == any((a - i) * (b - j) < 0 for a, b in links)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 8), st.integers(1, 8), st.data())
def test_row_best_is_argmax(n, m, data):
    values = np.asarray(
        data.draw(st.lists(st.sampled_from([0.0, 0.3, 0.5, 0.7]), min_size=n * m, max_size=n * m)),
        dtype=np.float32,
    ).reshape(n, m)
    i, j = np.nonzero(values >= 0)
    best = align_module._row_best(i, j, values[i, j], n)
    for r in range(n):
        if values[r].max() > 0:
            assert best[r] == values[r].argmax()
