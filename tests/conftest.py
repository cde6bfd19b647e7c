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


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite store per test (created on first use)."""
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def cli(db_url: str):
    """Run the CLI against the per-test store: ``cli("ingest", path)`` → click Result (stdout/stderr apart)."""
    from typer.testing import CliRunner

    from provenance.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None, db: str | None = db_url):
        argv = (["--db", db] if db else []) + [str(a) for a in args]
        return runner.invoke(app, argv, input=input, catch_exceptions=False)

    return run


@pytest.fixture
def store(db_url: str):
    from provenance.store import Store

    s = Store(db_url)
    yield s
    s.close()
