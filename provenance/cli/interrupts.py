"""Ctrl-C and closed pipes, for the command line.

Python raises KeyboardInterrupt wherever the main thread is when SIGINT arrives, a finaliser or a
generator being closed included; raised there, it is printed as "Exception ignored in …" and lost,
and the command runs on. So the handler also *records* the interrupt: :func:`check` (called after
every article of an ingest) raises it again, and :func:`finish` gives exit status 130 whatever
happened to the exception, with one line on stderr.

A closed pipe (``provenance docs | head -1``) is the reader's way of saying it has enough: standard
output is pointed at /dev/null (so that the final flush cannot fail again) and the exit status is 0.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from types import FrameType
from typing import Any

MESSAGE = "interrupted"
_state = {"seen": False, "told": False, "finishing": False}


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _state["seen"] = True
    if not _state["finishing"]:  # once the command is done, an interrupt is only recorded
        raise KeyboardInterrupt


def install() -> None:
    """Record every SIGINT (and raise KeyboardInterrupt, as Python's own handler does)."""
    # An interrupt that lands while SQLAlchemy's pool closes a connection is logged by the pool
    # ("Exception closing connection", a traceback, through logging's last-resort stderr handler)
    # before it is raised again; the command reports it in one line of its own.
    logging.getLogger("sqlalchemy.pool").addHandler(logging.NullHandler())
    _state["seen"] = _state["told"] = _state["finishing"] = False
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when SIGINT is ignored
        signal.signal(signal.SIGINT, _on_sigint)


def seen() -> bool:
    return _state["seen"]


def check() -> None:
    """Raise KeyboardInterrupt if an interrupt came (even one swallowed where it was raised)."""
    if _state["seen"]:
        raise KeyboardInterrupt


def told(message: str) -> None:
    """Print the interrupt's one line on stderr (once)."""
    if not _state["told"]:
        _state["told"] = True
        try:
            print(message, file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass


def pipe_closed() -> None:
    """Standard output's reader has gone: send what is left to /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def finish(code: Any) -> Any:
    """The exit status to end with: 130 (and the one line) after an interrupt; output flushed, a
    closed pipe being no error. Afterwards SIGINT is ignored: the interpreter's teardown would
    otherwise die of it (status -2) after the command has finished."""
    _state["finishing"] = True
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pipe_closed()
    except (OSError, ValueError):
        pass
    if _state["seen"]:
        told(MESSAGE)
        code = 130
    if signal.getsignal(signal.SIGINT) is _on_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return code
