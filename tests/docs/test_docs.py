"""The documentation is tested: every command has help and a README entry; the settings table is current."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main

import provenance
from provenance.api import __all__ as api_names
from provenance.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix=()):
    for name, cmd in getattr(group, "commands", {}).items():
        path = (*prefix, name)
        if getattr(cmd, "commands", None):
            yield from _commands(cmd, path)
        else:
            yield path, cmd


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_there_are_commands():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {
        "ingest",
        "docs",
        "show",
        "report",
        "trace",
        "compare",
        "audit",
        "licence set",
        "licence list",
        "publisher alias",
        "db upgrade",
    } <= names


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_and_a_readme_entry(path, cmd):
    assert (cmd.help or "").strip(), f"{' '.join(path)} has no help text"
    assert f"`{' '.join(path)}" in README or f"provenance {' '.join(path)}" in README, (
        f"README lacks {' '.join(path)}"
    )
    for param in cmd.params:
        if param.name not in {"ctx"} and getattr(param, "help", None) is not None:
            assert param.help.strip()


def test_read_commands_offer_json():
    for path, cmd in COMMANDS:
        if path[0] in {"docs", "show", "report", "trace", "compare", "audit"} or path[-1] == "list":
            opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
            assert "--format" in opts, " ".join(path)


def test_settings_table_is_current():
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "settings_table.py"), "--check"])
    assert done.returncode == 0, "README settings table is stale: run python scripts/settings_table.py"


def test_library_api_is_importable_from_the_top():
    for name in api_names:
        assert getattr(provenance, name) is not None
