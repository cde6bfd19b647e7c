"""Shared fixtures: a fresh store per test, the CLI runner, and the one gate to ../shared/eval."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_000 = SEEDS / "000_19c93ae14d6297da.txt"
SEED_002 = SEEDS / "002_ef60c64282a98839.txt"


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    """The labelled evaluation data in ../shared/eval (never copied into the repo).

    A user's clone lacks it, so tests that need it skip with this reason; CI always has it.
    """
    path = REPO.parent / "shared" / "eval"
    if not (path / "clough-stevenson").is_dir():
        pytest.skip(f"evaluation data absent: {path} (only the developers' checkout and CI have it)")
    return path
