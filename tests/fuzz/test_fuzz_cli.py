"""Fuzzing the command line's arguments (issue 14): random option strings end with exit status 0, 1
or 2 (and ``audit``'s documented 3, findings) and never a traceback or an internal error.

Commands and their options are drawn from the real ones, values and stray arguments from arbitrary
text (huge and non-ASCII numbers, empty strings, control characters, lone surrogates); the store is a
small one ingested once. ``serve`` (which would run until stopped) and ``--debug`` (whose purpose is
the traceback) are left out, as are absolute and parent paths (an ingest of "/" would read the disk).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from provenance.cli import app, hoist_global_options
from tests.conftest import SEED_000, SEED_002
from tests.fuzz.profiles import FUZZ
from tests.fuzz.strategies import any_char

COMMANDS = (
    ["ingest"], ["docs"], ["show"], ["report"], ["trace"], ["compare"], ["search"], ["audit"], ["set"],
    ["delete"], ["licence", "set"], ["licence", "unset"], ["licence", "list"], ["publisher", "alias"],
    ["publisher", "set"], ["publisher", "list"], ["db", "current"], ["db", "upgrade"], ["db", "downgrade"], [],
)  # fmt: skip
OPTIONS = (
    "--format", "--limit", "--publisher", "--published-at", "--url", "--title", "--licence", "--input-format",
    "--quiet", "--max-bytes", "--max-sentences", "--batch", "--help", "--version", "--yes", "--force",
    "--min-coverage", "--offset", "--sort", "--spdx", "--holder", "--non-commercial", "--text", "-", "--",
)  # fmt: skip
VALUES = (
    "json", "table", "markdown", "html", "csv", "1", "0", "-1", "2", "99999999999999999999999", "١", "½",
    "1e309", "nan", "2022-10-01", "0001-01-01T00:00:00+05:00", "CC-BY-4.0", "seeds.txt", "base", "head",
    "0001", "", " ", "x" * 400,
)  # fmt: skip
_free = st.text(any_char, max_size=12).filter(
    lambda s: not s.startswith(("/", "~", "--debug", "--db")) and ".." not in s
)
token = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES), _free, st.integers().map(str))


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    (folder / "seeds.txt").write_text(SEED_000.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "other.txt").write_text(SEED_002.read_text(encoding="utf-8"), encoding="utf-8")
    url = f"sqlite:///{folder / 'cli.db'}"
    old = os.getcwd()
    os.chdir(folder)  # relative paths among the random arguments name files here
    try:
        result = CliRunner().invoke(app, ["--db", url, "ingest", "seeds.txt", "other.txt"])
        assert result.exit_code == 0, result.output
        yield url
    finally:
        os.chdir(old)


@FUZZ
@given(st.sampled_from(COMMANDS), st.lists(token, max_size=6))
def test_random_arguments_end_cleanly(cli_store, command, args):
    argv = hoist_global_options(["--db", cli_store, *command, *args])
    result = CliRunner().invoke(app, argv, input="", catch_exceptions=True)
    shown = f"{argv!r}: exit {result.exit_code}\n{result.stderr}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{argv!r} raised {result.exception!r}") from result.exception
    assert result.exit_code in ((0, 1, 2, 3) if command == ["audit"] else (0, 1, 2)), shown
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, shown
    assert "internal error" not in result.stderr, shown
    if result.exit_code == 2 and "Usage:" in result.stderr:
        return  # a usage error from the parser, in Click's own frame
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert all(not line.startswith(" ") or "│" in line for line in result.stderr.splitlines()), shown
    if result.exit_code in (1, 2) and command:
        assert errors or result.stderr.strip(), shown  # a failure says why


def test_unknown_revision_is_a_usage_error(cli_store):
    # Found by the fuzzing above: `db upgrade json` ended in "internal error: CommandError".
    for argv in (["db", "upgrade", "json"], ["db", "downgrade", "zzz"]):
        result = CliRunner().invoke(app, ["--db", cli_store, *argv])
        assert result.exit_code == 2, result.output
        assert result.stderr.strip().splitlines() == [
            f"error: revision: Can't locate revision identified by '{argv[-1]}'"
        ]
