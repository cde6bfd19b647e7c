"""Stored text never acts on the output (issue 14, point 10): terminal escape sequences, bidirectional
overrides and newlines in file names are shown escaped; Markdown and HTML show markup as text; JSON
keeps the text exactly."""

from __future__ import annotations

import json
import re

import pytest

from provenance.render import escape

OSC = "\x1b]0;owned\x07"  # sets the terminal's title
CSI = "\x1b[2J"  # clears the screen
C1 = "\x9b31m"  # an 8-bit CSI
RLO = "\u202e"  # right-to-left override
HOSTILE = (
    f"The council {OSC}approved the {CSI}budget {C1}for the {RLO}new library on Tuesday evening. "
    "Readers were told <script>alert(1)</script> that [the full plan](javascript:alert(2)) "
    "would be published ![x](http://evil.example/p.png) next week by the city hall."
)
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def two(cli, tmp_path):
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(HOSTILE, encoding="utf-8")
    later = tmp_path / "later.txt"
    later.write_text(HOSTILE + " A reporter added one more sentence of her own to it.", encoding="utf-8")
    assert cli("ingest", earlier, "--published-at", "2022-01-01").exit_code == 0
    assert cli("ingest", later, "--published-at", "2022-01-02").exit_code == 0
    return cli


@pytest.mark.parametrize(
    "args", [["show", "1"], ["docs"], ["report", "2"], ["trace", HOSTILE.split(".")[0] + "."]]
)
def test_terminal_output_shows_controls_escaped(two, args):
    res = two(*args)
    assert res.exit_code == 0, res.stderr
    assert not RAW.search(res.stdout)
    if args[0] in ("show", "report", "trace"):
        assert "\\x1b]0;owned\\x07" in res.stdout
        assert "\\u202e" in res.stdout


SGR = re.compile("\x1b\\[[0-9;]*m")  # a colour code
OURS = {"\x1b[9;31m", "\x1b[32m", "\x1b[2m", "\x1b[0m"}  # the report's: deleted, added, dimmed, reset


@pytest.mark.parametrize("columns", ["80", "2000"])
def test_in_colour_the_differing_words_and_dimmed_sentences_show_controls_escaped(
    cli, tmp_path, monkeypatch, columns
):
    """On a terminal (colour forced, as a terminal gets it) ``report --all-sentences`` styles the differing
    words of each pair and dims the unmatched sentences; hostile characters inside those styled runs
    are escaped there too, and the only escape codes written are the report's own colours."""
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(HOSTILE, encoding="utf-8")
    changed = (
        HOSTILE.replace("approved", f"{RLO}endorsed{CSI}")  # controls inside the added words
        .replace("Tuesday", f"{OSC}Wednesday")
        .replace("next week", f"{C1}soon")
    )
    unmatched = f"A {OSC}reporter {RLO}added one more sentence {CSI}of her own about the weather and the sea."
    later = tmp_path / "later.txt"
    later.write_text(changed + "\n\n" + unmatched, encoding="utf-8")
    for path, date in ((earlier, "2022-01-01"), (later, "2022-01-02")):
        assert cli("ingest", path, "--published-at", date, "-q").exit_code == 0
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    res = cli("report", "2", "--all-sentences")
    assert res.exit_code == 0, res.stderr
    out = res.stdout
    codes = set(SGR.findall(out))
    assert {"\x1b[9;31m", "\x1b[32m", "\x1b[2m"} <= codes <= OURS  # word diffs and dimming: colour is on
    shown = SGR.sub("", out)
    assert not RAW.search(shown)  # no ESC, BEL, C1 or bidi control left raw once our colours are taken out
    flat = "".join(shown.split())  # wrapped at 80 columns: the escapes may be split across lines
    for escaped in ("\\x1b]0;owned\\x07", "\\x1b[2J", "\\x9b31m", "\\u202e", "<script>alert(1)</script>"):
        assert escaped in flat, escaped
    # the added words, a CSI and the end of an OSC sequence inside them, escaped inside their green runs
    assert "\x1b[32mendorsed\\x1b[2J\x1b[0m" in out and "\x1b[32m0;owned\\x07Wednesday\x1b[0m" in out
    lines = out.splitlines()
    assert any("\x1b[2m" in line and "reporter" in line for line in lines)  # the unmatched sentence, dimmed


def test_compare_output_escaped(cli, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(HOSTILE, encoding="utf-8")
    res = cli("compare", a, a, db=None)
    assert res.exit_code == 0
    assert not RAW.search(res.stdout)
    assert "\\x9b31m" in res.stdout


def test_markdown_report_shows_markup_as_text(two):
    res = two("report", "2", "--format", "markdown")
    assert res.exit_code == 0, res.stderr
    md = res.stdout
    assert not RAW.search(md)
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "](javascript:" not in md and "\\[the full plan\\]\\(javascript:alert\\(2\\)\\)" in md
    assert "![x](" not in md


def test_html_report_escapes_stored_text(two):
    res = two("report", "2", "--format", "html")
    assert res.exit_code == 0, res.stderr
    page = res.stdout
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
    assert "\x1b" not in page and RLO not in page


def test_json_keeps_the_text_exactly(two):
    res = two("show", "1", "--format", "json")
    assert res.exit_code == 0
    assert not RAW.search(res.stdout)  # every control is a \\u escape in the JSON text ...
    texts = [s["text"] for s in json.loads(res.stdout)["sentences"]]
    assert any(OSC in t for t in texts) and any(RLO in t for t in texts)  # ... the same value for a parser


def test_file_name_with_newline_and_escape_is_one_line(cli, tmp_path):
    path = tmp_path / "bad\nname\x1b[31m.txt"
    path.write_text(
        "A text about the harbour, its ships and the weather on Monday morning.", encoding="utf-8"
    )
    res = cli("ingest", path)
    assert res.exit_code == 0
    assert "bad\\nname\\x1b[31m.txt" in res.stdout
    assert not RAW.search(res.stdout)
    binary = tmp_path / "bin\nary.txt"
    binary.write_bytes(b"\x00\x01")
    res = cli("ingest", binary)
    errors = res.stderr.strip().splitlines()
    assert errors == [f"error: {tmp_path}/bin\\nary.txt: binary file (not text)"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "plain"),
        ("a\x1bb", "a\\x1bb"),
        ("tab\there", "tab\\there"),
        ("two\nlines", "two\nlines"),
        ("bidi \u202ecba", "bidi \\u202ecba"),
        ("del\x7f c1\x85", "del\\x7f c1\\x85"),
    ],
)
def test_terminal_escape(text, shown):
    assert escape.terminal(text) == shown
    assert escape.one_line(text) == shown.replace("\n", "\\n")


def test_markdown_escape():
    assert escape.markdown("a | b *c* [l](javascript:x) <b>&") == (
        "a \\| b \\*c\\* \\[l\\]\\(javascript:x\\) &lt;b&gt;&amp;"
    )


def test_json_escape_is_the_same_value():
    value = {"t": "x\x85y\u202ez\x7f"}
    text = escape.json_text(json.dumps(value, ensure_ascii=False))
    assert not RAW.search(text) and json.loads(text) == value
