"""The command line: parse options, make one call into ``provenance.api``, render the result.

This module stays light (nothing but the standard library) so that :func:`main` handles Ctrl-C
from the first moment: the commands (:mod:`provenance.cli.commands`, which imports Typer, rich,
SQLAlchemy ...) are imported inside it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from provenance.cli import interrupts

_COMMANDS = {"app", "hoist_global_options", "GLOBAL_FLAGS", "GLOBAL_OPTIONS", "run"}


def main(argv: Sequence[str] | None = None) -> None:
    """The ``provenance`` command. Ctrl-C at any moment, the imports included, ends it with one
    line, ``interrupted…``, and exit status 130; a closed output pipe (``provenance docs | head -1``)
    ends it quietly with status 0."""
    interrupts.install()
    code: Any = 0
    try:
        from provenance.cli.commands import run

        run(argv)
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        interrupts.pipe_closed()
        code = 0
    sys.exit(interrupts.finish(code))


def __getattr__(name: str) -> Any:
    if name in _COMMANDS:
        from provenance.cli import commands

        return getattr(commands, name)
    raise AttributeError(f"module 'provenance.cli' has no attribute {name!r}")
