"""Issue 12's scenarios end to end through the CLI: the page that was rejected, the footer that was lost,
the web page on stdin, and the demo's HTML copy of seed 000."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEED_002, SEEDS

MEHR_FOOTER = "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International License."
PARAGRAPHS = [
    "Iran and Iraq signed a security agreement in Baghdad on Monday after two days of talks.",
    "The agreement commits both governments to disarm armed groups operating near the border.",
    "Officials from the Kurdistan Regional Government attended the signing ceremony.",
    "Iraq's national security adviser said the pact would be carried out within six months.",
    "Iranian officials have repeatedly accused the groups of planning attacks across the border.",
    "Critics in Erbil said the deadline was too short for a region of mountains and villages.",
]


def _page(
    *, footer: str, head: str = "", title: str = "Iran and Iraq sign security pact", extra: str = ""
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in [*PARAGRAPHS, *([extra] if extra else [])])
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/about">About</a></nav></header>
<main><article><h1>{title}</h1>
{body}
</article></main>
<footer>{footer}</footer>
</body></html>"""


def _licences(cli) -> list[dict]:
    res = cli("licence", "list", "--format", "json")
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)["licences"]


@pytest.mark.parametrize(
    ("label", "href", "spdx"),
    [
        ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
        ("CC BY-NC-ND 3.0", "http://creativecommons.org/licenses/by-nc-nd/3.0/deed.en", "CC-BY-NC-ND-3.0"),
    ],
)
def test_a_footer_licence_link_is_stored_not_rejected(cli, tmp_path: Path, label: str, href: str, spdx: str):
    page = tmp_path / "page.html"
    page.write_text(
        _page(footer=f'<p>Text: <a rel="license" href="{href}">{label}</a></p>'), encoding="utf-8"
    )
    res = cli("ingest", page)
    assert res.exit_code == 0, res.stderr
    assert "1 stored" in res.stdout
    notes = [n for n in _licences(cli) if n["document"] == "page.html"]
    assert [(n["spdx"], n["origin"]) for n in notes] == [(spdx, "page")]
    docs = json.loads(cli("docs", "--format", "json").stdout)["documents"]
    [doc] = docs
    text = json.loads(cli("show", doc["id"], "--format", "json").stdout)
    assert all(label not in s["text"] for s in text["sentences"])  # the footer is no sentence


def test_licence_names_in_front_matter_and_jsonl_are_read_by_the_grammar(cli, tmp_path: Path):
    md = tmp_path / "story.md"
    md.write_text("---\ntitle: Pact\nlicense: CC BY 4.0\n---\n" + " ".join(PARAGRAPHS), encoding="utf-8")
    lines = tmp_path / "feed.jsonl"
    rows = [
        {"text": PARAGRAPHS[0] + " One.", "licence": "CC BY 4.0"},
        {"text": PARAGRAPHS[1] + " Two.", "licence": "Attribution-NonCommercial 4.0 International"},
        {"text": PARAGRAPHS[2] + " Three.", "licence": "Our own house licence"},
    ]
    lines.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    res = cli("ingest", md, lines)
    assert res.exit_code == 0, res.stderr
    assert "4 stored" in res.stdout
    warnings = [line for line in res.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "feed.jsonl:3" in warnings[0] and "'Our own house licence'" in warnings[0]
    declared = {n["document"]: (n["spdx"], n["notice"]) for n in _licences(cli) if n["origin"] == "declared"}
    assert declared == {
        "story.md": ("CC-BY-4.0", None),
        "feed.jsonl#1": ("CC-BY-4.0", None),
        "feed.jsonl#2": ("CC-BY-NC-4.0", None),
        "feed.jsonl#3": ("LicenseRef-unrecognised", "Our own house licence"),
    }


def test_the_footer_notice_and_copyright_line_are_kept_and_the_audit_finds_the_licence(cli, tmp_path: Path):
    source = tmp_path / "mehr.html"
    head = (
        '<meta property="og:site_name" content="Mehr News Agency">'
        '<meta property="article:published_time" content="2022-10-15T09:12:00+03:30">'
    )
    source.write_text(_page(head=head, footer=f"<p>{MEHR_FOOTER}</p>"), encoding="utf-8")
    copy = tmp_path / "daily.html"
    copy_head = (
        '<meta property="og:site_name" content="World Affairs Daily">'
        '<meta property="article:published_time" content="2022-10-17T10:00:00+00:00">'
    )
    copy.write_text(
        _page(
            head=copy_head,
            footer="<p>© 2022 World Affairs Daily. All rights reserved.</p>",
            extra="Analysts expect the border region to stay tense through the winter months.",
        ),
        encoding="utf-8",
    )
    assert cli("ingest", source, copy).exit_code == 0
    notes = {(n["document"], n["spdx"], n["holder"], n["origin"]) for n in _licences(cli)}
    assert notes == {
        ("mehr.html", "CC-BY-4.0", "Mehr News Agency", "page"),
        ("daily.html", "LicenseRef-All-Rights-Reserved", "World Affairs Daily", "page"),
    }
    res = cli("audit", "--format", "json")
    findings = json.loads(res.stdout)["findings"]
    assert findings, res.stdout
    assert {f["licence"] for f in findings} == {"CC-BY-4.0"}
    assert "missing-credit" in {f["rule"] for f in findings}
    assert not any("licence unknown" in f["message"] for f in findings)


def test_a_web_page_on_stdin_is_read_as_html_and_jsonl_as_lines(cli):
    html = _page(footer=f"<p>{MEHR_FOOTER}</p>")
    res = cli("ingest", "-", input=html.encode("utf-8"))
    assert res.exit_code == 0, res.stderr
    assert "html" in res.stderr  # the guess is said
    [doc] = json.loads(cli("docs", "--format", "json").stdout)["documents"]
    shown = json.loads(cli("show", doc["id"], "--format", "json").stdout)
    text = " ".join(s["text"] for s in shown["sentences"])
    assert "<p>" not in text and "Home" not in text and PARAGRAPHS[0] in text
    feed = "\n".join(json.dumps({"text": p + " Piped."}) for p in PARAGRAPHS[:3]) + "\n"
    res = cli("ingest", "-", input=feed.encode("utf-8"))
    assert res.exit_code == 0, res.stderr
    assert "3 stored" in res.stdout


def test_the_demo_page_carries_its_licence_in_the_footer_only(cli):
    page = SEEDS / "web" / "000_mehr_page.html"
    assert cli("ingest", page).exit_code == 0
    assert cli("ingest", SEED_002, "--published-at", "2022-10-16").exit_code == 0
    [doc] = [
        d for d in json.loads(cli("docs", "--format", "json").stdout)["documents"] if d["name"] == page.name
    ]
    assert doc["publisher"] == "Mehr News Agency"
    shown = json.loads(cli("show", doc["id"], "--format", "json").stdout)
    assert not any("Creative Commons" in s["text"] for s in shown["sentences"])
    assert [(n["spdx"], n["holder"], n["origin"]) for n in shown["licences"]] == [
        ("CC-BY-4.0", "Mehr News Agency", "page")
    ]
    res = cli("audit", "--format", "json", "--all")
    findings = [f for f in json.loads(res.stdout)["findings"] if f["source"]["id"] == doc["id"]]
    assert findings and {f["licence"] for f in findings} == {"CC-BY-4.0"}


def test_a_broken_page_with_a_huge_footer_is_stored_with_what_could_be_read(cli, tmp_path: Path):
    """Issue 12's bad input: markup left unclosed, JSON-LD that is not JSON, a 4 MB footer repeating a
    copyright line and a licence link 25,000 times. The article is stored, each problem is one warning
    line naming the file, and the footer's evidence is still read (bounded), never its sentences."""
    line = (
        "<p>© 2022 World Affairs Daily. All rights reserved. <a href='/about'>About us</a> · "
        "<a rel='license' href='https://creativecommons.org/licenses/by/4.0/'>CC BY 4.0</a></p>\n"
    )
    page = _page(
        head="<script type='application/ld+json'>{not json</script>",
        footer=line * 25_000,
        extra="<div><p>The vote was <b>close <i>on every clause",  # never closed
    )
    assert len(page) > 4_000_000
    broken = tmp_path / "broken.html"
    broken.write_text(page, encoding="utf-8")
    good = tmp_path / "good.html"
    good.write_text(_page(footer=f"<p>{MEHR_FOOTER}</p>", title="Another page"), encoding="utf-8")

    res = cli("ingest", broken, good)
    assert res.exit_code == 0, res.stderr
    warnings = [w for w in res.stderr.splitlines() if w.startswith("warning:")]
    assert warnings and all(w.startswith("warning: ") and "broken.html" in w for w in warnings), res.stderr
    assert any("JSON-LD" in w for w in warnings)
    assert any("licence links" in w for w in warnings)
    assert "2 stored" in res.stdout

    shown = json.loads(cli("show", "broken.html", "--format", "json").stdout)
    texts = [s["text"] for s in shown["sentences"]]
    assert PARAGRAPHS[0] in texts
    assert not any("All rights reserved" in t or "About us" in t for t in texts)  # furniture: no sentences
    notes = {(n["document"], n["spdx"], n["holder"]) for n in _licences(cli)}
    assert ("broken.html", "CC-BY-4.0", None) in notes
    assert ("broken.html", "LicenseRef-All-Rights-Reserved", "World Affairs Daily") in notes
    assert ("good.html", "CC-BY-4.0", "Mehr News Agency") in notes
