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


RED_STRUCK, GREEN, DIM, RESET = "\x1b[9;31m", "\x1b[32m", "\x1b[2m", "\x1b[0m"


def test_all_sentences_shows_every_sentence_of_the_article(seeded, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "2000")  # one line a row
    out = seeded("report", "2", "--all-sentences").stdout
    shown = json.loads(seeded("show", "2", "--format", "json").stdout)["sentences"]
    matched = {
        m["position"] for m in json.loads(seeded("report", "2", "-f", "json").stdout)["sources"][0]["matches"]
    }
    rows = [line for line in out.splitlines() if line[:1].isdigit()]
    assert sorted({int(r.split()[0]) for r in rows}) == [s["position"] for s in shown]  # every one, in order
    for s in shown:
        row = next(r for r in rows if int(r.split()[0]) == s["position"])
        if s["position"] not in matched:
            assert row.split()[1:3] in (["-", "-"], ["-", "excluded"]) and " ".join(s["text"].split()) in row
    assert any(r.split()[2] == "excluded" and "Creative Commons" in r for r in rows)  # the licence line
    assert "\x1b[" not in out  # no colour when piped
    assert len(rows) > len(matched)
    assert not any(line.split()[1:3] == ["-", "-"] for line in seeded("report", "2").stdout.splitlines()[5:])
    assert seeded("report", "2", "--all-sentences", "-f", "json").exit_code == 2


def test_on_a_terminal_differences_are_in_colour_and_unmatched_sentences_dimmed(seeded, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "2000")
    monkeypatch.setenv("FORCE_COLOR", "1")  # what a terminal gets (CliRunner's output is not one)
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = seeded("report", "2", "--all-sentences").stdout
    assert f"{RED_STRUCK}shoulder their{RESET} {GREEN}take{RESET}" in out
    assert "[-" not in out and "{+" not in out
    unmatched = next(line for line in out.splitlines() if line.startswith("12 "))
    assert DIM in unmatched
    plain = seeded("report", "2").stdout
    assert f"{GREEN}take{RESET}" in plain and DIM not in plain
    monkeypatch.setenv("NO_COLOR", "1")
    assert "[-shoulder their-]{+take+}" in seeded("report", "2").stdout


def test_a_table_written_to_a_file_has_no_colour(seeded, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    target = tmp_path / "report.txt"
    assert seeded("report", "2", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "\x1b[" not in text and "{+take+}" in " ".join(text.split())


def test_coloured_cells_wrap_like_plain_ones(monkeypatch) -> None:
    from provenance.render.reuse import differences
    from provenance.render.table import Styled, colour_enabled, without_colour

    earlier = "The minister said the talks would resume next week in the capital city."
    later = "The foreign minister said that talks will resume next week in the city."
    cell = differences(earlier, later)
    assert isinstance(cell, Styled)
    with without_colour():
        assert not colour_enabled()
        plain = table(["#", "S"], [(1, cell)], wrap=(1,), width=30)
    assert "{+foreign+}" in plain
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = table(["#", "S"], [(1, cell)], wrap=(1,), width=30)
    assert RED_STRUCK in coloured and GREEN in coloured
    visible = [
        line.replace(RED_STRUCK, "").replace(GREEN, "").replace(RESET, "") for line in coloured.splitlines()
    ]
    assert max(len(line) for line in visible) <= 30
    assert " ".join(" ".join(line[3:] for line in visible[1:]).split()) == cell.visible()[0]


def test_stored_escape_codes_are_shown_not_obeyed_in_colour(cli, tmp_path, monkeypatch) -> None:
    earlier = tmp_path / "earlier.txt"
    later = tmp_path / "later.txt"
    base = (
        "The harbour authority said on Monday that the ships would leave the port before the storm arrived."
    )
    earlier.write_text(base + "\n", encoding="utf-8")
    later.write_text(base.replace("Monday", "Tuesday \x1b[2J\x1b]0;owned\x07") + "\n", encoding="utf-8")
    for path, date in ((earlier, "2022-01-01"), (later, "2022-01-02")):
        assert cli("ingest", path, "--published-at", date, "-q").exit_code == 0
    monkeypatch.setenv("COLUMNS", "2000")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    for args in (("report", "2"), ("report", "2", "--all-sentences"), ("compare", earlier, later)):
        out = cli(*args).stdout
        assert GREEN in out, args  # our colour codes are there ...
        raw = out.replace(RED_STRUCK, "").replace(GREEN, "").replace(DIM, "").replace(RESET, "")
        assert "\x1b" not in raw and "\x07" not in raw, args  # ... and no other escape code
        assert "\\x1b[2J" in raw and "\\x1b]0;owned\\x07" in raw, args
