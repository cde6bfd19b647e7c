"""Terminal tables: fit the width (80 when piped, $COLUMNS when set), wrap sentences whole, mark
the differing words of a pair as wdiff does; audit messages never cut."""

from __future__ import annotations

import json

import pytest

from provenance.render.table import table
from tests.conftest import SEED_000, SEED_002


@pytest.fixture
def seeded(cli):
    for path, date in ((SEED_000, "2022-10-15"), (SEED_002, "2022-10-16")):
        assert cli("ingest", str(path), "--published-at", date, "--quiet").exit_code == 0
    return cli


def _words(text: str) -> list[str]:
    return text.split()


def test_wrapped_columns_share_the_width_and_keep_every_word() -> None:
    long = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    out = table(["#", "A", "B"], [(1, long, long.upper())], wrap=(1, 2), width=50)
    assert max(len(line) for line in out.splitlines()) <= 50
    assert "…" not in out
    left = " ".join(line[3:26] for line in out.splitlines()[1:])
    assert _words(left) == _words(long)


@pytest.mark.parametrize("columns", ["80", "132"])
def test_report_fits_the_terminal_and_cuts_no_sentence(seeded, monkeypatch, columns) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = seeded("report", "2").stdout
    body = out.splitlines()[4:]  # below the edge's headline
    assert len(body[0]) <= int(columns)  # the header row
    # a line sticks out only where a word (with its marks) is longer than its column's share
    for line in body:
        assert len(line) <= int(columns) or max(len(w) for w in line.split()) > (int(columns) - 40) // 2, line
    assert "…" not in out
    data = json.loads(seeded("report", "2", "--format", "json").stdout)
    flat = " ".join(out.split())
    for m in data["sources"][0]["matches"]:
        for word in m["source_sentence"].split()[:6]:
            assert word in flat


def test_pairs_show_their_differing_words_marked(seeded, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "2000")  # one line a pair
    out = seeded("report", "2").stdout
    assert "[-shoulder their-]{+take+}" in " ".join(out.split())


def test_audit_messages_are_never_cut(seeded, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = seeded("audit").stdout
    message = json.loads(seeded("audit", "--format", "json").stdout)["findings"][0]["message"]
    assert message in " ".join(" ".join(line[50:].split()) for line in out.splitlines()[1:-1])
