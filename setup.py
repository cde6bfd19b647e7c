"""The compiled part of the build: everything else is declared in pyproject.toml.

``provenance.text._fast`` (Cython) holds the per-sentence hot loops of ingest; ``pip install .`` and
``pip install -e .`` (``make install``) compile it with the C compiler and Python's headers, Cython
coming from ``[build-system] requires``. Without it the package runs its pure-Python twin
(``provenance/text/_pure.py``), the same results more slowly: see ``provenance.text.kernels``.
"""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("provenance.text._fast", ["provenance/text/_fast.pyx"], extra_compile_args=["-O2"])],
        compiler_directives={"language_level": 3},
    )
)
