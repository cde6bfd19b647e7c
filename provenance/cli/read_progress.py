"""Progress of a long read (``graph``, ``stats`` over a large store): a bar on stderr on a terminal,
in the style of ingest's (:mod:`provenance.cli.progress`), and nothing when stderr is not a terminal."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

STEPS = {"audit": "auditing every edge", "edges": "reading reuse edges", "documents": "counting boilerplate",
         "index": "indexing documents"}  # fmt: skip


class ReadProgress:
    """A callable ``(step, done, total)`` for :data:`provenance.api.graph.Progress`: one bar per step.

    ``console``: where to draw (default: stderr); ``bar``: force the bar on or off (default: when the
    console is a terminal)."""

    def __init__(self, *, console: Console | None = None, bar: bool | None = None) -> None:
        self.console = console or Console(file=sys.stderr, highlight=False, soft_wrap=True)
        show = self.console.is_terminal if bar is None else bar
        self.progress: Progress | None = None
        if show:
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        if self.progress is None:
            return
        if step not in self._tasks:
            self._tasks[step] = self.progress.add_task(STEPS.get(step, step), total=total or None)
        self.progress.update(self._tasks[step], completed=done, total=total or None)

    def __enter__(self) -> ReadProgress:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()
