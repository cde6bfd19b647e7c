"""What a long ingest tells its user while it runs: a progress bar on stderr, and messages above it.

On a terminal, the bar counts articles (the lines of a JSONL file each count) with a rate and an
estimated time left; errors, warnings and notes are printed *above* the bar by rich's live display
(it clears the bar's line, prints the message, and draws the bar again), so that a message never
shares a line with the bar. Elsewhere (a pipe, a file, a test runner) there is no bar and each
message is one plain line on stderr. ``quiet`` keeps only errors.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import IO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
)
from rich.text import Text

from provenance.render import escape


def _rate(task: Task) -> float | None:
    """Articles per second since the start. Not rich's own speed: results arrive a batch at a time
    (one transaction each), and rich's recent-samples speed measured over a burst of 200 results
    said thousands of articles a second."""
    elapsed = task.elapsed
    return task.completed / elapsed if elapsed and task.completed else None


class RateColumn(ProgressColumn):
    """Articles per second since the start."""

    def render(self, task: Task) -> Text:
        rate = _rate(task)
        return Text("" if rate is None else f"{rate:,.1f} articles/s")


class TimeLeftColumn(ProgressColumn):
    """The time left at the rate so far, as H:MM:SS."""

    def render(self, task: Task) -> Text:
        rate = _rate(task)
        if rate is None or task.total is None:
            return Text("-:--:--")
        left = int(max(0.0, task.total - task.completed) / rate)
        return Text(f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}")


class Feedback:
    """Messages and (with ``total`` > 1 on a terminal) a progress bar, for one ingest.

    ``console``: where to draw (default: stderr); ``bar``: force the bar on or off (default: when the
    console is a terminal, there is more than one article and not ``quiet``).
    """

    def __init__(
        self,
        total: int,
        *,
        quiet: bool = False,
        console: Console | None = None,
        bar: bool | None = None,
    ) -> None:
        self.quiet = quiet
        self.console = console or Console(file=sys.stderr, highlight=False, soft_wrap=True)
        show = (self.console.is_terminal and total > 1 and not quiet) if bar is None else bar
        self.progress: Progress | None = None
        self._task = None
        if show:
            self.progress = Progress(
                TextColumn("ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                RateColumn(),
                TextColumn("ETA"),
                TimeLeftColumn(),
                console=self.console,
                transient=True,
            )
            self._task = self.progress.add_task("ingest", total=total)

    def __enter__(self) -> Feedback:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def advance(self, steps: int = 1) -> None:
        """One more article done (stored, present or failed)."""
        if self.progress is not None and self._task is not None:
            self.progress.advance(self._task, steps)

    def error(self, message: str) -> None:
        self._print(f"error: {message}")

    def warning(self, message: str) -> None:
        if not self.quiet:
            self._print(f"warning: {message}")

    def note(self, message: str) -> None:
        if not self.quiet:
            self._print(message)

    def _print(self, line: str) -> None:
        # markup=False: a file name or a licence value may hold "[...]"; the line is printed as it is.
        # one_line: a file name's newline or escape sequence is shown escaped, never obeyed.
        self.console.print(escape.one_line(line), markup=False, emoji=False, highlight=False)


def plain_console(file: IO[str]) -> Console:
    """A console writing plain lines to ``file`` (no colour, no terminal control): for tests and pipes."""
    return Console(file=file, force_terminal=False, highlight=False, soft_wrap=True, color_system=None)
