"""The best MSRP train accuracy any single threshold on the pair score could give (a ceiling, not a tuning).

    python bench/msrp_ceiling.py [--eval PATH]

Each MSRP pair is scored as ``pair_matrices`` scores one sentence pair (the score that
``pair_threshold`` cuts), for a few settings; for each, the threshold that maximises accuracy
on the labels themselves is found. No setting is changed by this script: it says how far a
threshold on this score can go at all.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
for p in (REPO, REPO / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from accuracy import DEFAULT_EVAL, machine, read_msrp  # noqa: E402 - after the sys.path insert

from provenance.match import DEFAULT_CONFIG, MatchConfig, Sentence  # noqa: E402
from provenance.match.classify import pair_matrices, profile  # noqa: E402
from provenance.text import normalise  # noqa: E402


def scores(pairs: list[tuple[int, str, str]], config: MatchConfig) -> np.ndarray:
    out = []
    for _, a, b in pairs:
        pa = profile(Sentence(0, a, normalise(a)), config)
        pb = profile(Sentence(0, b, normalise(b)), config)
        out.append(float(pair_matrices([pb], [pa], config).score[0, 0]))
    return np.array(out)


def best_threshold(score: np.ndarray, label: np.ndarray) -> tuple[float, float]:
    """(accuracy, threshold) of the best rule 'paraphrase when score >= threshold'."""
    order = np.argsort(-score)
    s, y = score[order], label[order]
    # predicting the top k as paraphrases: correct = positives among them + negatives after them
    correct = np.concatenate(([0], np.cumsum(y))) + np.concatenate(
        ([(1 - y).sum()], (1 - y).sum() - np.cumsum(1 - y))
    )
    ends = np.r_[np.flatnonzero(np.diff(s)) + 1, len(s)]  # cut only between different scores
    k = ends[np.argmax(correct[ends])]
    return float(correct[k] / len(s)), float(s[k - 1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    args = parser.parse_args(argv)
    machine()
    pairs = read_msrp(args.eval)
    label = np.array([q for q, _, _ in pairs], dtype=np.int64)
    settings = {
        "defaults": {},
        "overlap_weight=0.3": {"overlap_weight": 0.3},
        "number_penalty=0": {"number_penalty": 0.0},
    }
    print(
        f"MSRP train: {len(pairs)} pairs, {label.mean():.1%} paraphrases (all-yes accuracy {label.mean():.4f})"
    )
    for name, change in settings.items():
        acc, threshold = best_threshold(scores(pairs, dataclasses.replace(DEFAULT_CONFIG, **change)), label)
        print(f"  {name:<40} best accuracy {acc:.4f} at score >= {threshold:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
