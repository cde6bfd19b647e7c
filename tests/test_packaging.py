"""`pip install .` (not editable) carries the migrations, so `provenance db upgrade` works anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_wheel_contains_package_migrations_and_console_script(tmp_path: Path):
    # Built from a copy of what a clone holds: a build/ left in the work tree would hide a missing package.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(REPO / name, src / name)
    for name in ("provenance", "migrations"):
        shutil.copytree(
            REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "*.c")
        )
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(src)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("provenance-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {
        f"provenance/{p.relative_to(REPO / 'provenance')}" for p in (REPO / "provenance").rglob("*.py")
    }
    assert sources <= names, f"modules missing from the wheel: {sorted(sources - names)}"
    frozen = {
        f"provenance/_migrations/frozen/{p.name}" for p in (REPO / "migrations" / "frozen").glob("*.py")
    }
    assert frozen and frozen <= names, f"frozen migration helpers missing: {sorted(frozen - names)}"
    revisions = {p.name for p in (REPO / "migrations" / "versions").glob("*.py")}
    assert {f"provenance/_migrations/versions/{r}" for r in revisions} <= names
    assert {
        "provenance/_migrations/env.py",
        "provenance/_migrations/script.py.mako",
        "provenance/cli/__init__.py",
    } <= names
    # the text kernels compiled from their Cython source (setup.py), with their typing stub
    assert any(n.startswith("provenance/text/_fast.") and n.endswith((".so", ".pyd")) for n in names), names
    assert "provenance/text/_fast.pyi" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "provenance = provenance.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
