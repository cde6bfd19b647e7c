"""bench/html_pages.py makes one page per article from the acceptance suite's templates (no timing checked)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

_BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_pages_are_the_templates_with_new_text(tmp_path: Path) -> None:
    sys.path.insert(0, str(_BENCH))
    try:
        import html_pages
    finally:
        sys.path.remove(str(_BENCH))
    templates = html_pages.load_templates()
    assert len(templates) >= 30
    n, size = html_pages.write_pages(tmp_path / "pages", len(templates) + 3, "fixtures")
    files = sorted((tmp_path / "pages").glob("*.html"))
    assert n == len(files) == len(templates) + 3 and size > 0
    pages = [f.read_text(encoding="utf-8") for f in files]
    assert all(p.startswith("<!DOCTYPE html>") and p.rstrip().endswith("</html>") for p in pages)
    assert all(f"In report number {i + 1} of the series" in p for i, p in enumerate(pages))
    canonical = [m.group(1) for p in pages if (m := re.search(r'rel="canonical" href="([^"]+)"', p))]
    assert len(set(canonical)) == len(canonical)  # each page its own URL


def test_the_script_prints_its_figures(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(_BENCH / "html_pages.py"), "--pages", "3", "--text", "fixtures",
         "--out", str(tmp_path / "pages")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert re.search(r"^cores: +\d", out.stdout, re.M)
    assert re.search(r"^ingest \(subprocess\): .* pages/s", out.stdout, re.M)
    assert re.search(r"^reader \+ prepare: .* pages/s", out.stdout, re.M)
    assert not (tmp_path / "pages").exists()  # removed without --keep
