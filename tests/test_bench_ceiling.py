"""bench/sqlite_ceiling.py builds a store of the size asked and writes the batches it says (no timing checked)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

_SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "sqlite_ceiling.py"


def test_ceiling_builds_and_measures(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(_SCRIPT), "--sizes", "5000", "--batch", "2", "4", "--batches", "2",
         "--per-article", "10", "--dir", str(tmp_path), "--keep"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = [line.split() for line in out.stdout.splitlines() if line.strip().startswith("5,000 ")]
    assert [r[3] for r in rows] == ["2", "4"]  # one row per batch size, on the same store
    assert all(float(r[4].replace(",", "")) > 0 for r in rows)
    conn = sqlite3.connect(tmp_path / "ceiling-5000.db")
    stored = conn.execute("SELECT count(*), count(DISTINCT key) FROM sentence_keys").fetchone()
    # 5,000 built, then 2 batches of 2 and 2 of 4 articles at 10 postings each (random keys: no collision)
    assert stored == (5000 + 2 * 2 * 10 + 2 * 4 * 10,) * 2
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
