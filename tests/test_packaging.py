"""`pip install .` (not editable) carries the migrations, so `provenance db upgrade` works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_wheel_contains_package_migrations_and_console_script(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("provenance-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    revisions = {p.name for p in (REPO / "migrations" / "versions").glob("*.py")}
    assert {f"provenance/_migrations/versions/{r}" for r in revisions} <= names
    assert {
        "provenance/_migrations/env.py",
        "provenance/_migrations/script.py.mako",
        "provenance/cli/__init__.py",
    } <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "provenance = provenance.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
