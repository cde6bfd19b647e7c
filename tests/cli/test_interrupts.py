"""Interrupts and pipes (issue 14, point 8), with real processes and real signals.

Ctrl-C at any moment ends a command with one line, ``interrupted…``, and exit status 130: during
the start-up imports, and during an ingest, where a KeyboardInterrupt raised inside a finaliser or a
generator's close used to be swallowed ("Exception ignored in …") and the ingest ran on to exit 0.
A closed output pipe ends a command quietly with exit status 0. No test times anything: the signals
are sent at several moments and every outcome is checked for what it must be.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

MAIN = "from provenance.cli import main; main()"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PROVENANCE_DB", None)
    return env


def _start(code: str, *args: str, **kw) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=kw.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=_env(),
        cwd=kw.pop("cwd", None),
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    # A child of a background job inherits SIGINT ignored; these tests need Python's own handling.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupted_cleanly(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("interrupted"), stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def test_ctrl_c_during_start_up_imports(tmp_path):
    # The interrupt arrives while main() imports the commands (Typer, rich, SQLAlchemy ...).
    code = (
        "import builtins, os, signal\n"
        "from provenance.cli import main\n"
        "real = builtins.__import__\n"
        "def imp(name, *a, **k):\n"
        "    if name == 'sqlalchemy':\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = imp\n"
        "main()\n"
    )
    proc = _start(code, "--db", str(tmp_path / "x.db"), "docs")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    _interrupted_cleanly(err)
    assert err.strip() == "interrupted"


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.05, 0.1, 0.2, 0.35])
def test_ctrl_c_early_at_several_moments(tmp_path, delay):
    proc = _start(MAIN, "--db", str(tmp_path / "x.db"), "docs")
    time.sleep(delay)
    running = proc.poll() is None
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 130:
        _interrupted_cleanly(err)
    else:  # it had finished, or had not yet installed Python's handler: never a swallowed interrupt
        assert not running or proc.returncode in (1, -signal.SIGINT), (proc.returncode, err)
        assert "Exception ignored" not in err


def _articles(directory: Path, n: int) -> None:
    directory.mkdir()
    for k in range(n):
        (directory / f"{k:04d}.txt").write_text(
            f"Report {k}: the council met on day {k} to discuss the budget for road number {k * 7}. "
            f"Member {k % 13} asked about the school at site {k * 3}, and the vote was {k % 5} to {k % 7}.\n",
            encoding="utf-8",
        )


def _whole(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in tables:
            return 0
        for doc_id, count in conn.execute("SELECT id, sentence_count FROM documents"):
            (have,) = conn.execute(
                "SELECT count(*) FROM sentences WHERE document_id = ?", (doc_id,)
            ).fetchone()
            assert have == count > 0
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_ctrl_c_during_ingest_is_never_swallowed(tmp_path, fraction):
    n = 240
    _articles(tmp_path / "in", n)
    db = tmp_path / "x.db"
    # A first run, uninterrupted, says how long an ingest takes here; the next is interrupted at a
    # share of that (the outcome is checked either way, never the time).
    start = time.monotonic()
    first = subprocess.run(
        [sys.executable, "-c", MAIN, "--db", str(tmp_path / "probe.db"), "ingest", "--batch", "10", str(tmp_path / "in")],
        capture_output=True, text=True, env=_env(), timeout=600,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    took = time.monotonic() - start
    proc = _start(MAIN, "--db", str(db), "ingest", "--batch", "10", str(tmp_path / "in"))
    time.sleep(took * fraction)
    running = proc.poll() is None
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=600)
    stored = _whole(db)
    finished = f"{n} stored, 0 already present, 0 failed" in out
    if proc.returncode == 130:
        _interrupted_cleanly(err)
        assert stored <= n
    else:
        assert finished or not running, (proc.returncode, err[-2000:])
        assert proc.returncode == 0 and stored == n
    assert "Exception ignored" not in err
    again = subprocess.run(
        [sys.executable, "-c", MAIN, "--db", str(db), "ingest", str(tmp_path / "in")],
        capture_output=True, text=True, env=_env(), timeout=600,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert _whole(db) == n


def test_interrupt_swallowed_by_a_finaliser_still_ends_the_ingest(tmp_path):
    # SIGINT delivered while a __del__ runs: Python prints "Exception ignored" and goes on; the
    # recorded interrupt is raised again after the next article, and the exit status is 130.
    _articles(tmp_path / "in", 30)
    code = (
        "import os, signal\n"
        "from provenance.cli import main, interrupts\n"
        "import provenance.cli.ingest as ing\n"
        "real = ing.report_result\n"
        "class Bomb:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        for _ in range(10**6): pass\n"
        "def report(feedback, result, count=[0]):\n"
        "    count[0] += 1\n"
        "    if count[0] == 5:\n"
        "        Bomb()\n"  # deleted at once: the interrupt is raised inside __del__
        "    return real(feedback, result)\n"
        "ing.report_result = report\n"
        "main()\n"
    )
    proc = _start(code, "--db", str(tmp_path / "x.db"), "ingest", "--batch", "1", str(tmp_path / "in"))
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert "30 stored" not in out
    lines = [line for line in err.splitlines() if line.startswith("interrupted")]
    assert len(lines) == 1
    assert _whole(tmp_path / "x.db") < 30


def test_closed_pipe_ends_quietly(tmp_path):
    db = tmp_path / "x.db"
    text = tmp_path / "long.txt"
    text.write_text(
        " ".join(f"Sentence {k} of a long text about the harbour and its ships." for k in range(5000)),
        encoding="utf-8",
    )
    made = subprocess.run(
        [sys.executable, "-c", MAIN, "--db", str(db), "ingest", str(text)],
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert made.returncode == 0, made.stderr
    for args in (["show", "1"], ["show", "1", "--format", "json"], ["docs"]):
        for read_first_line in (True, False):
            proc = _start(MAIN, "--db", str(db), *args)
            assert proc.stdout is not None
            if read_first_line:  # `| head -1`: whether the rest is written before it goes is a race
                assert proc.stdout.readline()
            proc.stdout.close()  # the reader goes (before the command writes, when not reading first)
            err = proc.stderr.read() if proc.stderr else ""
            proc.wait(timeout=60)
            assert proc.returncode == 0, (args, err)
            assert err == "", err
