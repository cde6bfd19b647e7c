"""How fast HTML news pages are ingested: N realistic pages, timed through `provenance ingest` and the reader.

    python bench/html_pages.py [--pages 300] [--out DIR] [--text corpus|fixtures] [--keep]

The pages are made from the templates of issue 12's acceptance suite (``tests/fixtures/pages/*.html``:
Global Voices, Mehr, Reuters, WordPress, MediaWiki ... each with its head, meta tags, JSON-LD, menus,
captions and licence footer), page ``i`` from template ``i mod T``: its article paragraphs (the longest
run of plain ``<p>`` lines) are replaced by new text and its canonical URL made unique.

The new text is, with ``--text corpus`` (the default when ``../shared/eval`` is there), the articles of a
``bench/corpus.py`` corpus of N articles (generated into ``bench/out/`` on first use, about a second for
300; planted reuse included, as a newsroom's pages have); with ``--text fixtures``, the templates' own
article paragraphs rotated, 6 to 12 a page, each page's first sentence made unique (more reuse between
pages than real news has: a floor on the rate, not a typical figure).

Two figures, both printed with the machine:

* **ingest**: wall clock of ``provenance --db sqlite:///FRESH ingest DIR`` in a subprocess (interpreter
  start-up, imports and the store's creation included), pages/s;
* **reader**: ``provenance.readers.iter_articles`` + ``provenance.prepare.prepare`` over the same pages in
  this process (trafilatura, page evidence, the text stages; no store), pages/s.

Only a short run on a shared machine: each figure is one run, not a median.
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TEMPLATES = REPO / "tests" / "fixtures" / "pages"
OUT = HERE / "out"
EVAL = REPO.parent / "shared" / "eval"

_PLAIN_P = re.compile(r"^(\s*)<p>([^<]*)</p>\s*$")
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class Template:
    """A fixture page split around its article paragraphs: ``head`` + paragraphs + ``tail``."""

    def __init__(self, path: Path) -> None:
        lines = path.read_text(encoding="utf-8").split("\n")
        best, start = (0, 0), None
        for i, line in enumerate([*lines, ""]):
            if _PLAIN_P.match(line):
                start = i if start is None else start
            elif start is not None:
                best = max(best, (i - start, start))
                start = None
        run, first = best
        if run < 3:
            raise ValueError(f"{path.name}: no run of plain <p> article paragraphs")
        self.name = path.stem
        matches = [m for line in lines[first : first + run] if (m := _PLAIN_P.match(line))]
        self.indent = matches[0].group(1)
        self.paragraphs = [html.unescape(m.group(2)) for m in matches]
        self.head = "\n".join(lines[:first])
        self.tail = "\n".join(lines[first + run :])
        found = _CANONICAL.search(self.head)
        self.canonical = found.group(1) if found else None

    def render(self, number: int, paragraphs: list[str]) -> str:
        body = "\n".join(f"{self.indent}<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
        page = f"{self.head}\n{body}\n{self.tail}"
        if self.canonical:
            page = page.replace(self.canonical, f"{self.canonical.rstrip('/')}-{number}")
        return page


def load_templates() -> list[Template]:
    out = []
    for path in sorted(TEMPLATES.glob("*.html")):
        if b"\0" in path.read_bytes():
            continue  # the NUL-byte page tests a fault, it is not a template
        try:
            out.append(Template(path))
        except ValueError as err:
            log(f"template skipped: {err}")
    return out


def corpus_texts(n: int) -> list[list[str]]:
    """The articles of a bench/corpus.py corpus of ``n`` articles, each as its paragraphs."""
    sys.path.insert(0, str(HERE))
    import corpus as corpus_mod

    out = corpus_mod.generate(corpus_mod.default_out(n), articles=n, eval_dir=EVAL, log=log)
    texts: list[list[str]] = []
    for shard in sorted(out.glob("articles-*.jsonl")):
        with shard.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                texts.append([p.strip() for p in text.split("\n\n") if p.strip()])
    return texts[:n]


def fixture_texts(n: int, templates: list[Template]) -> list[list[str]]:
    """The templates' article paragraphs rotated, 6 to 12 a page, the first one made unique."""
    pool = [p for t in templates for p in t.paragraphs]
    texts, at = [], 0
    for i in range(n):
        k = 6 + i % 7
        chosen = [pool[(at + j) % len(pool)] for j in range(k)]
        at += 5
        chosen[0] = f"In report number {i + 1} of the series, {chosen[0][0].lower()}{chosen[0][1:]}"
        texts.append(chosen)
    return texts


def write_pages(out: Path, n: int, text: str) -> tuple[int, int]:
    templates = load_templates()
    texts = corpus_texts(n) if text == "corpus" else fixture_texts(n, templates)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    size = 0
    for i, (template, paragraphs) in enumerate(zip(itertools.cycle(templates), texts, strict=False)):
        page = template.render(i + 1, paragraphs)
        path = out / f"{i + 1:05d}_{template.name}.html"
        path.write_text(page, encoding="utf-8")
        size += len(page.encode("utf-8"))
    return len(texts), size


def time_ingest(pages: Path) -> tuple[float, subprocess.CompletedProcess[str], int | None]:
    """Wall seconds of one `provenance ingest` into a fresh SQLite store; its result; documents stored."""
    exe = Path(sys.executable).with_name("provenance")
    command = (
        [str(exe)] if exe.exists() else [sys.executable, "-c", "from provenance.cli import main; main()"]
    )
    with tempfile.TemporaryDirectory(prefix="html-bench-") as tmp:
        db = f"sqlite:///{Path(tmp) / 'store.db'}"
        helptext = subprocess.run([*command, "ingest", "--help"], capture_output=True, text=True).stdout
        quiet = ["--quiet"] if "--quiet" in helptext else []  # the CLI before issue 12 has no --quiet
        t0 = time.perf_counter()
        done = subprocess.run(
            [*command, "--db", db, "ingest", *quiet, str(pages)], capture_output=True, text=True
        )
        seconds = time.perf_counter() - t0
        stored = None
        if (Path(tmp) / "store.db").exists():
            conn = sqlite3.connect(Path(tmp) / "store.db")
            try:
                stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.Error:
                pass
            finally:
                conn.close()
        return seconds, done, stored


def time_reader(pages: Path) -> tuple[float, int, int, int]:
    """Seconds for iter_articles + prepare over ``pages``; articles prepared, errors, page notes."""
    from provenance.prepare import prepare
    from provenance.readers import Article, iter_articles

    now = datetime.now(UTC).replace(tzinfo=None)
    prepared = errors = notes = 0
    t0 = time.perf_counter()
    for item in iter_articles([str(pages)]):
        if not isinstance(item, Article):
            errors += 1
            continue
        try:
            doc = prepare(item, now).doc
        except Exception:  # an InputError for an empty page; anything else is counted too
            errors += 1
            continue
        prepared += 1
        notes += len(doc.notes)
    return time.perf_counter() - t0, prepared, errors, notes


def machine() -> dict[str, str]:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "provenance"], capture_output=True
    )
    import provenance

    return {
        "cores": f"{os.cpu_count()} ({affinity} usable)",
        "cpu": cpu,
        "python": sys.version.split()[0],
        "os": platform.platform(),
        "provenance": (
            head.stdout.strip() + (" + uncommitted changes to provenance/" if dirty.stdout else "")
        )
        if Path(provenance.__file__).parent == REPO / "provenance"
        else "not this checkout's (PYTHONPATH?)",
        "provenance module": str(Path(provenance.__file__).parent),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--pages", type=int, default=300, help="how many pages (300)")
    p.add_argument(
        "--out", type=Path, help="where to write them (default bench/out/html-pages-N; never commit)"
    )
    p.add_argument(
        "--text",
        choices=("corpus", "fixtures"),
        help="article text: a bench/corpus.py corpus (default when ../shared/eval exists) or the fixtures' own",
    )
    p.add_argument("--keep", action="store_true", help="keep the pages after the run")
    args = p.parse_args(argv)
    if args.pages < 1:
        p.error("--pages must be positive")
    text = args.text or ("corpus" if (EVAL / "clough-stevenson").is_dir() else "fixtures")
    out = args.out or OUT / f"html-pages-{args.pages}"
    for key, value in machine().items():
        print(f"{key + ':':24} {value}")
    t0 = time.perf_counter()
    n, size = write_pages(out, args.pages, text)
    print(f"{'pages:':24} {n} from {len(load_templates())} templates, text from {text}, "
          f"{size / 2**20:.1f} MB, written in {time.perf_counter() - t0:.1f} s -> {out}")  # fmt: skip

    seconds, done, stored = time_ingest(out)
    status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
    status += f", {stored if stored is not None else 'no'} documents stored"
    print(f"{'ingest (subprocess):':24} {seconds:.2f} s wall, {n / seconds:.1f} pages/s ({status})")
    if done.returncode != 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        print("  " + "\n  ".join(tail))
    seconds, prepared, errors, notes = time_reader(out)
    print(
        f"{'reader + prepare:':24} {seconds:.2f} s, {n / seconds:.1f} pages/s "
        f"({prepared} prepared, {errors} errors, {notes} licence notes)"
    )
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
