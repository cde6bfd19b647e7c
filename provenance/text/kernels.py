"""The per-sentence hot loops of ingest: compiled when the extension is built, else pure Python.

``_fast.pyx`` (Cython, compiled by ``pip install``: see ``setup.py``) and ``_pure.py`` hold the same
functions with the same results; ``tests/text/test_kernels.py`` runs both on the same inputs. The
compiled ones are used unless the extension cannot be imported (a source tree that was never built,
a platform without a compiler) or the environment sets ``PROVENANCE_PURE_PYTHON=1`` (read once, at
import). ``COMPILED`` says which.
"""

from __future__ import annotations

import os

PURE_PYTHON_ENV = "PROVENANCE_PURE_PYTHON"
PURE_PYTHON_ASKED = os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0")

try:
    if PURE_PYTHON_ASKED:
        raise ImportError(f"{PURE_PYTHON_ENV} is set")
    from provenance.text._fast import (
        ascii_fold,
        frozen_maker,
        join_titles,
        pair_key,
        sentence_spans,
        sketch_pair_keys,
        template_words,
        text_lines,
    )

    COMPILED = True
except ImportError:
    from provenance.text._pure import (
        ascii_fold,
        frozen_maker,
        join_titles,
        pair_key,
        sentence_spans,
        sketch_pair_keys,
        template_words,
        text_lines,
    )

    COMPILED = False

__all__ = [
    "COMPILED",
    "ascii_fold",
    "frozen_maker",
    "join_titles",
    "pair_key",
    "sentence_spans",
    "sketch_pair_keys",
    "template_words",
    "text_lines",
]
