"""Regression guard on the labelled evaluation data (../shared/eval; skipped when absent).

The full figures come from ``python bench/accuracy.py``; these bounds sit a little under them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from provenance.match import compare

pytestmark = pytest.mark.eval

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "accuracy.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_accuracy", _BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up
    spec.loader.exec_module(module)
    return module


def test_msrp_accuracy(eval_dir: Path, bench) -> None:
    pairs = bench.read_msrp(eval_dir)
    assert len(pairs) == 4076
    correct = sum(bool(compare(a, b).matches) == bool(q) for q, a, b in pairs)
    assert correct / len(pairs) >= 0.72


def test_clough_stevenson_sources_found(eval_dir: Path, bench) -> None:
    sources, answers = bench.read_clough_stevenson(eval_dir)
    assert len(answers) == 95
    derived = [bool(compare(sources[t], text).matches) for _, t, c, text in answers if c != "non"]
    non = [bool(compare(sources[t], text).matches) for _, t, c, text in answers if c == "non"]
    assert sum(derived) / len(derived) >= 0.94
    assert sum(non) / len(non) <= 0.10
