"""Which text kernels are in use: the compiled ones (provenance/text/_fast.pyx) unless they are not
built or ``PROVENANCE_PURE_PYTHON=1`` asks for pure Python; on CI (``CI=true``) the compiled ones,
or the suite fails. (Apart from test_kernels.py, which skips whole when the extension is not built.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.match import keys
from provenance.text import _pure, kernels
from tests.conftest import REPO

ON_CI = os.environ.get("CI", "").lower() == "true"


def _kernels_in(env: dict[str, str], prelude: str = "") -> str:
    code = (
        prelude
        + "from provenance.text import kernels; print(kernels.COMPILED, kernels.ascii_fold.__module__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO, check=True
    )
    return done.stdout.strip()


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != kernels.PURE_PYTHON_ENV}


def test_pure_python_is_used_when_the_extension_cannot_be_imported() -> None:
    missing = "import sys; sys.modules['provenance.text._fast'] = None\n"  # (its import now fails)
    assert _kernels_in(_env(), missing) == "False provenance.text._pure"


def test_pure_python_is_used_when_asked() -> None:
    assert _kernels_in({**_env(), kernels.PURE_PYTHON_ENV: "1"}) == "False provenance.text._pure"
    built = _kernels_in(_env())
    assert _kernels_in({**_env(), kernels.PURE_PYTHON_ENV: "0"}) == built  # "0" asks for nothing


def test_ci_runs_the_compiled_kernels() -> None:
    """On CI the compiled kernels must be the ones in use: a build that silently fell back to pure
    Python fails here."""
    if kernels.PURE_PYTHON_ASKED:
        pytest.skip(f"{kernels.PURE_PYTHON_ENV} asks for the pure-Python kernels")
    if not ON_CI and not kernels.COMPILED:
        pytest.skip("the compiled kernels are not built (pip install -e . compiles them); on CI this fails")
    assert kernels.COMPILED, "CI=true: provenance.text._fast is not in use (did the extension build?)"
    assert _kernels_in(_env()) == "True provenance.text._fast"
    assert keys.sketch_pair_keys is not _pure.sketch_pair_keys  # (what the text stages call)
    from provenance.text import _fast

    assert Path(_fast.__file__).suffix in (".so", ".pyd")
