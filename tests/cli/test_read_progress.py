"""Progress of `graph` and `stats` over a store: a bar on a terminal, nothing when piped."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from provenance import api
from provenance.api.graph import edge_views
from provenance.cli.read_progress import ReadProgress
from provenance.store import Store
from tests.web.seeded import seed_store


def test_the_library_reports_each_chunk_of_edges_and_the_audit(cli, tmp_path: Path, db_url: str) -> None:
    seed_store(cli, tmp_path)  # 3 documents, 3 edges
    told: list[tuple[str, int, int]] = []
    with Store(db_url, read_only=True) as store, store.read() as conn:
        views = list(edge_views(store, conn, progress=lambda *a: told.append(a), chunk=1))
    assert len(views) == 3
    assert told == [("edges", 0, 3), ("edges", 1, 3), ("edges", 3, 3)]  # later articles 2, then 3 (two edges)
    told.clear()
    with Store(db_url, read_only=True) as store:
        api.stats(store, progress=lambda *a: told.append(a))
    steps = [t[0] for t in told]
    assert steps[:2] == ["audit", "audit"] and "edges" in steps and steps[-1] == "documents"
    assert told[-1] == ("documents", 3, 3)


def test_a_terminal_gets_a_bar_and_a_pipe_nothing(cli, tmp_path: Path, db_url: str) -> None:
    seed_store(cli, tmp_path)
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    with Store(db_url, read_only=True) as store, ReadProgress(console=terminal) as progress:
        api.graph(store, progress=progress)
        assert progress.progress is not None
        tasks = {t.description: (t.completed, t.total) for t in progress.progress.tasks}
    assert tasks == {"auditing every edge": (1, 1), "reading reuse edges": (3, 3)}
    assert "reading reuse edges" in screen.getvalue()

    piped = io.StringIO()
    with Store(db_url, read_only=True) as store, ReadProgress(console=Console(file=piped)) as progress:
        api.graph(store, progress=progress)
    assert progress.progress is None and piped.getvalue() == ""
    for args in (("graph",), ("stats",)):
        result = cli(*args)
        assert result.exit_code == 0 and result.stderr == ""
