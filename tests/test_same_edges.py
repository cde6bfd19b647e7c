"""Detection finds the very edges and matches frozen in tests/fixtures/edges (a guard for refactoring).

Each corpus is ingested into a fresh SQLite store, as ``scripts/edge_fixtures.py`` did when it wrote the
fixtures, and its ``reuse_edges`` and ``matches`` (documents by name, every figure, floats to 6 places)
must be the fixture's exactly. A change meant to change detection regenerates the fixtures: see the
script's docstring.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO


def _load_script() -> ModuleType:
    path = REPO / "scripts" / "edge_fixtures.py"
    spec = importlib.util.spec_from_file_location("edge_fixtures", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fixtures = _load_script()


def _same_as_fixture(corpus: str, work: Path, eval_dir: Path | None = None) -> None:
    path = fixtures.fixture_path(corpus)
    want = fixtures.read_fixture(corpus)
    assert want["edges"] and want["matches"], f"{path} holds no reuse: it guards nothing"
    got = fixtures.run_corpus(corpus, work, eval_dir=eval_dir, repo=REPO)
    lines = fixtures.diff(want, got)
    if lines:
        pytest.fail(
            f"{corpus}: detection differs from {path.relative_to(REPO)} "
            f"(expected {fixtures.summary(want)}; now {fixtures.summary(got)}):\n  " + "\n  ".join(lines),
            pytrace=False,
        )


@pytest.mark.parametrize("corpus", ["seeds", "seeds-backfill"])
def test_seeds(corpus: str, tmp_path: Path) -> None:
    _same_as_fixture(corpus, tmp_path)


@pytest.mark.eval
def test_clough_stevenson(tmp_path: Path, eval_dir: Path) -> None:
    _same_as_fixture("clough", tmp_path, eval_dir)


@pytest.mark.eval
def test_generated_1k(tmp_path: Path, eval_dir: Path) -> None:
    _same_as_fixture("generated", tmp_path, eval_dir)
