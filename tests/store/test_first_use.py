"""Concurrent first use: processes that meet a store nobody has created yet take turns creating it."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import text

from provenance.store.engine import head_revision, make_engine

PROCESSES = 4


def test_processes_creating_one_store_at_once_all_succeed(db_url, tmp_path):
    paths = []
    for i in range(PROCESSES):
        path = tmp_path / f"article{i}.txt"
        words = " ".join(f"w{i}x{j}" for j in range(6))
        path.write_text(f"Article {i} tells its own story about {words} today. It ends here, number {i}.\n")
        paths.append(path)
    code = "from provenance.cli import main; main()"
    running = [
        subprocess.Popen(
            [sys.executable, "-c", code, "--db", db_url, "ingest", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    outcomes = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in running]
    for p in running:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    assert [code for code, _ in outcomes] == [0] * PROCESSES, outcomes
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == PROCESSES
    engine.dispose()
