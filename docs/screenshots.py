"""Make the README's screenshots (docs/*.png) of the web view on the demo's web-page store.

    .venv/bin/python docs/screenshots.py

Ingests seeds/web/000_mehr_page.html and seeds/002 into a temporary store, starts ``provenance serve``
on a free loopback port (and a third outlet's uncredited copy of 000) and photographs the report of 002, the paste search of 000's second paragraph
and the audit with Debian's chromium (scripts/chromium.sh) driven by Playwright.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def main() -> None:
    chromium = subprocess.run(
        ["bash", str(REPO / "scripts/chromium.sh")], capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/demo.db"
        run = [str(BIN / "provenance"), "--db", db]
        subprocess.run([*run, "ingest", str(REPO / "seeds/web/000_mehr_page.html"), "-q"], check=True)
        subprocess.run(
            [
                *run,
                "ingest",
                str(REPO / "seeds/002_ef60c64282a98839.txt"),
                "--published-at",
                "2022-10-16",
                "-q",
            ],
            check=True,
        )
        # A third outlet reuses Mehr's text with no credit and no licence notice: the audit has errors.
        aggregator = Path(tmp) / "aggregator.txt"
        lines = (REPO / "seeds/000_19c93ae14d6297da.txt").read_text(encoding="utf-8").splitlines()
        aggregator.write_text("\n".join(lines[:5]) + "\nReporting by our staff.\n", encoding="utf-8")
        subprocess.run(
            [
                *run,
                "ingest",
                str(aggregator),
                "--published-at",
                "2022-10-17",
                "--publisher",
                "Daily Aggregator",
                "-q",
            ],
            check=True,
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([*run, "serve", "--port", str(port)], stdout=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(url, timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            paragraph = (REPO / "seeds/000_19c93ae14d6297da.txt").read_text(encoding="utf-8").splitlines()[1]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                shots = {
                    "report": (url + "documents/2", None, 2600),
                    "search": (url, paragraph, 1900),
                    "audit": (url + "audit", None, 1100),
                }
                for name, (address, paste, height) in shots.items():
                    page.goto(address)
                    if paste:
                        page.fill("#text", paste)
                        page.click("#search-button")
                        page.wait_for_selector("#result-heading")
                    full = page.evaluate("document.documentElement.scrollHeight")
                    clip = {"x": 0, "y": 0, "width": 1280, "height": min(full, height)}
                    page.screenshot(path=str(REPO / "docs" / f"{name}.png"), clip=clip, full_page=True)
                    print(REPO / "docs" / f"{name}.png")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
