"""Acceptance in a real headless browser: Debian's chromium (scripts/chromium.sh installs it; never
downloaded at run time) driven by Playwright. The seeds' HTML report read through the DOM, hostile
text that must not run, and ``provenance serve``'s paste search."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED_000, SEED_PAIRS
from tests.web.seeded import seed_store


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's chromium, installed by scripts/chromium.sh when missing (it needs root for apt-get)."""
    found = subprocess.run(
        ["bash", str(REPO / "scripts" / "chromium.sh"), "ensure"], capture_output=True, text=True, timeout=900
    )
    if found.returncode != 0 or not found.stdout.strip():
        pytest.skip(
            f"chromium cannot be installed here: {found.stderr.strip().splitlines()[-1:] or found.returncode}"
        )
    return found.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _new_page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    return page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def seeded(cli, tmp_path, db_url):
    seed_store(cli, tmp_path)
    return cli


def test_report_in_a_browser(seeded, browser, tmp_path: Path) -> None:
    files = {}
    for doc in ("2", "3"):
        files[doc] = tmp_path / f"report-{doc}.html"
        assert seeded("report", doc, "--format", "html", "-o", str(files[doc])).exit_code == 0
    page = _new_page(browser)
    page.goto(files["2"].as_uri())
    pairs = page.eval_on_selector_all(
        "#source-1 tr.row",
        """rows => rows.flatMap(r => [...r.querySelectorAll('.pair-right')].map(right => ({
            left: r.cells[0].innerText, right: right.innerText,
            kind: right.className.match(/k-([a-z-]+)/)[1]})))""",
    )
    assert len(pairs) == 12
    for later_phrase, earlier_phrase in SEED_PAIRS:
        assert any(later_phrase in p["left"] and earlier_phrase in p["right"] for p in pairs), later_phrase
    assert sorted(p["kind"] for p in pairs) == ["near-verbatim"] * 3 + ["paraphrase"] * 9
    assert "Mehr News Agency" in page.inner_text("#licences") and "CC-BY-4.0" in page.inner_text("#licences")
    assert page.get_attribute("#source-1 .verdict", "data-verdict") == "error"
    assert "unlicensed-reuse" in page.inner_text("#source-1 .findings")
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000

    hostile = _new_page(browser)
    hostile.goto(files["3"].as_uri())
    hostile.wait_for_load_state("load")
    assert hostile.evaluate("window.__pwned") is None and hostile.title() != "PWNED"
    assert hostile.dialogs == []  # type: ignore[attr-defined]
    assert (
        hostile.evaluate("document.scripts.length") == 0 and hostile.evaluate("document.images.length") == 0
    )
    body = hostile.inner_text("body")
    assert "<script>document.title='PWNED'" in body and 'onerror="window.__pwned=2"' in body
    hrefs = hostile.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().lstrip().startswith("javascript")]
    assert "U+202E" in body and "\u202e" not in body
    for link in hostile.query_selector_all("a[href^='#']"):
        link.click()
    assert hostile.evaluate("window.__pwned") is None
    hostile.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)


@pytest.fixture
def served(seeded, db_url) -> Iterator[str]:
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    proc = subprocess.Popen(
        [str(bin_dir / "provenance"), "--db", db_url, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PROVENANCE_DB": db_url},
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"provenance serve did not start: {proc.stderr.read().decode() if proc.stderr else ''}"
                    ) from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_paste_search_in_a_browser(served, browser, tmp_path: Path) -> None:
    paragraph = SEED_000.read_text(encoding="utf-8").splitlines()[1]
    page = _new_page(browser)
    page.goto(served)
    page.fill("#text", paragraph)
    page.click("#search-button")
    page.wait_for_selector("#hit-2")
    rewrite = page.inner_text("#hit-2")
    assert "Amir-Abdollahian stated" in rewrite and "PARAPHRASE" in rewrite.upper()
    assert page.inner_text("#coverage") == "100%"
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    page.goto(served + "audit")
    assert page.get_attribute(".judged .verdict", "data-verdict") == "error"
    page.screenshot(path=str(tmp_path / "audit.png"), full_page=True)
    page.goto(served + "documents/2")
    assert page.locator("#source-1 .pair-right").count() == 12
