"""One exception family. The CLI turns any of these into one line on stderr."""

from __future__ import annotations

from collections.abc import Callable


class ProvenanceError(Exception):
    """Base of every error the library raises on purpose."""


class InputError(ProvenanceError):
    """An input file (or one line of it) cannot be ingested.

    ``source`` names the file, ``line`` the 1-based line for JSONL input.
    ``str(err)`` is the one-line message shown to users: "FILE[:LINE]: reason".
    """

    def __init__(self, source: str, reason: str, *, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[Callable[[str, str, int | None], InputError], tuple[str, str, int | None]]:
        # picklable (ingest prepares articles in worker processes)
        return (_input_error, (self.source, self.reason, self.line))


def _input_error(source: str, reason: str, line: int | None) -> InputError:
    return InputError(source, reason, line=line)


class UsageError(ProvenanceError):
    """The caller asked for something that makes no sense (exit status 2 on the CLI)."""


class NotFoundError(ProvenanceError):
    """A document, publisher or other record named by the caller does not exist."""


class StoreError(ProvenanceError):
    """The store cannot be used (unreachable, or its schema is newer than this code)."""
