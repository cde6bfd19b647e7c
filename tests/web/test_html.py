"""The HTML pages without a browser: parsed with lxml, every stored text escaped, the seeds' 12 pairs."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

import provenance
from provenance.render.diff import marked, word_diff
from provenance.render.html import safe_href, shown
from tests.conftest import SEED_PAIRS
from tests.web.seeded import RLO, seed_store


@pytest.fixture
def seeded(cli, tmp_path):
    seed_store(cli, tmp_path)
    return cli


def _page(cli, *args: str) -> lxml.html.HtmlElement:
    result = cli(*args)
    assert result.exit_code in (0, 3), result.stderr
    return lxml.html.document_fromstring(result.stdout)


def test_shown_escapes_markup_and_shows_invisible_characters() -> None:
    out = str(shown(f'<script>x</script> "a" & {RLO}b\x07'))
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert RLO not in out and "U+202E" in out and "U+0007" in out and "\x07" not in out


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://mehrnews.com/x", "https://mehrnews.com/x"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<b>", None),
        ("//evil.example/x", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url, href) -> None:
    assert safe_href(url) == href


def test_word_diff_marks_only_the_words_that_differ() -> None:
    left, right = word_diff(
        "Iran has always supported a developed, free and independent Iraq.",
        "Iran has always backed a prosperous, free and independent Iraq!",
    )
    assert [p.text for p in left if not p.same] == ["supported", "developed"]
    assert [p.text for p in right if not p.same] == ["backed", "prosperous"]
    assert (
        "".join(p.text for p in left) == "Iran has always supported a developed, free and independent Iraq."
    )
    assert marked("He said it was over.", "He said that it was over.") == "He said {+that+} it was over."
    assert (
        marked("He said it was over, finally.", "He said it was over.") == "He said it was over [-finally-]."
    )


def test_seed_report_page_shows_the_twelve_pairs_with_their_kinds(seeded, db_url) -> None:
    doc = _page(seeded, "report", "2", "--format", "html")
    section = doc.get_element_by_id("source-1")
    rows = [r for r in section.cssselect("tr.row") if r.cssselect(".pair-right")]
    pairs = [
        (r.cssselect("td")[0].text_content(), right.text_content())
        for r in rows
        for right in r.cssselect(".pair-right")
    ]
    assert len(pairs) == 12
    for later_phrase, earlier_phrase in SEED_PAIRS:
        assert any(later_phrase in a and earlier_phrase in b for a, b in pairs), later_phrase
    shown_kinds = sorted(k.get("data-kind") for r in rows for k in r.cssselect("td.mid .kind[data-kind]"))
    with provenance.open_store(db_url) as store:
        rep = provenance.report(store, 2)
    assert shown_kinds == sorted(m.kind for m in rep.sources[0].matches)
    licences = doc.get_element_by_id("licences")
    assert licences.cssselect('[data-spdx="CC-BY-4.0"]') and "Mehr News Agency" in licences.text_content()
    verdict = section.cssselect(".verdict")[0]
    assert verdict.get("data-verdict") == "error"
    assert [f.get("data-rule") for f in section.cssselect(".finding")] == ["unlicensed-reuse"]


def test_hostile_text_is_escaped_in_every_page(seeded, tmp_path) -> None:
    for args in (
        ("report", "3", "--format", "html"),
        ("report", "1", "--format", "html"),
        ("audit", "--format", "html", "--all"),
    ):
        doc = _page(seeded, *args)
        assert not doc.cssselect("script"), args
        assert not doc.cssselect("img"), args
        assert not [
            a for a in doc.cssselect("a[href]") if not a.get("href").startswith(("#", "http", "report-"))
        ], args
        assert not [e for e in doc.iter() if any(k.startswith("on") for k in e.attrib)], args
        text = doc.text_content()
        if args[1] == "3":
            assert "<script>document.title='PWNED'" in text
            assert '<img src=x onerror="window.__pwned=2">' in text
            assert "javascript:window.__pwned=3" in text
            assert "<b onmouseover=x>Evil</b>" in text
            assert RLO not in text and doc.cssselect(".ctl")


def test_report_html_to_a_file_prints_its_path(seeded, tmp_path) -> None:
    target = tmp_path / "out" / "r.html"
    result = seeded("report", "2", "--format", "html", "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 0 and result.stdout.strip() == str((tmp_path / "r.html").resolve())
    assert "<!DOCTYPE html>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    bad = seeded("report", "2", "--format", "html", "-o", str(target))
    assert bad.exit_code == 1 and "cannot write" in bad.stderr and str(target) in bad.stderr


def test_audit_html_has_a_section_per_judged_pair_linking_its_side_by_side(seeded) -> None:
    doc = _page(seeded, "audit", "--format", "html", "--all")
    data = json.loads(seeded("audit", "--format", "json", "--all").stdout)
    pairs = {(f["document"]["id"], f["source"]["id"]) for f in data["findings"]}
    sections = doc.cssselect("section.judged")
    assert {(int(s.get("data-later")), int(s.get("data-source"))) for s in sections} == pairs
    for s in sections:
        link = s.cssselect("a.sxs-link")[0].get("href")
        assert link.startswith(f"report-{s.get('data-later')}.html#source-")
    assert doc.get_element_by_id("verdict-error").text_content() == str(data["summary"]["verdicts"]["error"])


def test_counts_in_the_pages_agree_with_their_nouns(seeded, tmp_path) -> None:
    """One matched sentence is "1 matched sentence"; a one-sentence document has "1 sentence"."""
    one = tmp_path / "one.txt"
    one.write_text("Iran has always supported a developed, free and independent Iraq.\n", encoding="utf-8")
    assert seeded("ingest", one).exit_code == 0
    text = " ".join(_page(seeded, "report", "one.txt", "--format", "html").text_content().split())
    assert re.search(r"(?<!\d)1 sentence(?!s)", text) and not re.search(r"(?<!\d)1 sentences", text)
    found = " ".join(_page(seeded, "search", str(one), "--format", "html").text_content().split())
    assert re.search(r"(?<!\d)1 matched sentence(?!s)", found)  # spans run together in text_content
    assert not re.search(r"(?<!\d)1 matched sentences", found)
