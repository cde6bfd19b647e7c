"""Issue 12's CLI promises around the store and long ingests: no store made by a read command, global
options after the command, --quiet, the feedback printed above the progress bar, licence declarations
that do not govern, unset, and unknown publishers."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from provenance.cli.progress import Feedback
from tests.conftest import SEED_000, SEED_002

READ_COMMANDS = [
    ["docs"],
    ["show", "1"],
    ["report", "1"],
    ["trace", "Some sentence to follow."],
    ["audit"],
    ["licence", "list"],
    ["publisher", "list"],
    ["db", "current"],
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=[" ".join(a) for a in READ_COMMANDS])
def test_a_read_command_on_a_missing_store_fails_and_creates_nothing(cli, tmp_path: Path, args: list[str]):
    store = tmp_path / "absent.db"
    res = cli(*args, db=f"sqlite:///{store}")
    assert res.exit_code == 1
    assert res.stderr.strip() == f"error: no store at {store} (ingest creates one)"
    assert list(tmp_path.iterdir()) == []


def _provenance(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it (``main``: the global options are hoisted before Typer parses)."""
    code = "from provenance.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def test_global_options_are_accepted_after_the_command(tmp_path: Path):
    store = tmp_path / "late.db"
    assert _provenance("ingest", str(SEED_000), "--db", str(store)).returncode == 0
    res = _provenance("docs", "--format", "json", "--db", str(store))
    assert res.returncode == 0, res.stderr
    assert [d["name"] for d in json.loads(res.stdout)["documents"]] == [SEED_000.name]
    assert _provenance("report", "1", f"--db={store}", "--debug").returncode == 0
    traced = _provenance("trace", "--db", str(store), "--", "--db")  # after --, "--db" is the text
    assert traced.returncode == 0, traced.stderr


def test_quiet_prints_only_errors_and_the_summary(cli, tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"text": "A first article about the harbour.", "licence": "Our house licence"})
        + "\nnot json\n",
        encoding="utf-8",
    )
    loud = cli("ingest", feed)
    assert any(line.startswith("warning:") for line in loud.stderr.splitlines())
    quiet = cli("ingest", "--quiet", feed)
    lines = quiet.stderr.splitlines()
    assert lines and all(line.startswith("error:") for line in lines)
    assert "already present" in quiet.stdout


def test_the_summary_counts_new_edges_and_licence_notes(cli):
    first = cli("ingest", SEED_000, "--published-at", "2022-10-15")
    assert "0 new reuse edges, 0 licence notes recorded" in first.stdout
    second = cli("ingest", SEED_002, "--published-at", "2022-10-16", "--format", "json")
    summary = json.loads(second.stdout)
    assert (summary["edges"], summary["notes"]) == (1, 1)


def test_messages_print_above_the_bar_never_on_its_line():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None, highlight=False)
    with Feedback(5, console=console, bar=True) as feedback:
        feedback.advance()
        feedback.warning("a.html: licence 'X' not recognised; stored as LicenseRef-unrecognised")
        feedback.advance(4)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", out.getvalue())  # cursor moves and clears end lines
    [line] = [line for line in text.splitlines() if "warning:" in line]
    assert line.strip() == "warning: a.html: licence 'X' not recognised; stored as LicenseRef-unrecognised"


def test_a_declaration_that_does_not_govern_is_said_and_can_be_withdrawn(cli):
    assert cli("ingest", SEED_002).exit_code == 0  # carries the Mehr CC BY 4.0 notice
    res = cli("licence", "set", "1", "CC0-1.0")
    assert res.exit_code == 0
    assert "the declaration does not govern document 1" in res.stderr and "CC-BY-4.0" in res.stderr
    shown = json.loads(cli("show", "1", "--format", "json").stdout)["licences"]
    assert [(n["spdx"], n["origin"], n["governs"]) for n in shown] == [
        ("CC-BY-4.0", "detected", True),
        ("CC0-1.0", "declared", False),
    ]
    assert cli("licence", "unset", "1").exit_code == 0
    assert [n["origin"] for n in json.loads(cli("show", "1", "--format", "json").stdout)["licences"]] == [
        "detected"
    ]
    again = cli("licence", "unset", "1")
    assert again.exit_code == 1 and "no licence is declared for document 1" in again.stderr


def test_an_unknown_publisher_gets_the_closest_names_unless_created(cli):
    assert cli("ingest", SEED_000, "--publisher", "Mehr News Agency").exit_code == 0
    res = cli("licence", "set", "--publisher", "Mehr News Agncy", "CC-BY-4.0")
    assert res.exit_code == 1 and "did you mean 'Mehr News Agency'?" in res.stderr
    made = cli("licence", "set", "--publisher", "Tehran Times", "CC BY 4.0", "--create")
    assert made.exit_code == 0
    names = [p["name"] for p in json.loads(cli("publisher", "list", "--format", "json").stdout)["publishers"]]
    assert names == ["Mehr News Agency", "Tehran Times"]


def test_write_commands_create_the_store(cli, tmp_path: Path):
    for i, args in enumerate(
        [["ingest", str(SEED_000)], ["publisher", "alias", "Mehr News Agency", "MNA"], ["db", "upgrade"]]
    ):
        store = tmp_path / f"new{i}.db"
        res = cli(*args, db=f"sqlite:///{store}")
        assert res.exit_code == 0, res.stderr
        assert store.is_file()


def test_the_hoisting_rule():
    from provenance.cli import hoist_global_options as hoist

    assert hoist(["docs", "--db", "x.db"]) == ["--db", "x.db", "docs"]
    assert hoist(["report", "3", "--db=x.db", "-f", "json", "--debug"]) == [
        "--db=x.db",
        "--debug",
        "report",
        "3",
        "-f",
        "json",
    ]
    assert hoist(["trace", "--", "--db", "y"]) == ["trace", "--", "--db", "y"]  # nothing after --
    assert hoist(["--db", "a.db", "docs", "--db", "b.db"]) == [
        "--db",
        "a.db",
        "--db",
        "b.db",
        "docs",
    ]  # last wins
