"""The CLI run of issue 16: ``provenance ingest`` called once per JSONL file of 1,000 articles, 20 files
into one store; each call's rate, the overall rate and the last five calls' rate over the first five's.

    python bench/cli_batches.py [--corpus DIR] [--files 20] [--per-file 1000] [--db URL] [--json PATH]

The files are the first ``files × per-file`` articles of a ``bench/corpus.py`` corpus (default
``bench/out/corpus-31000-s1``, generated when missing), written once under ``bench/out/cli-files-…``.
Each call is a fresh process (imports, store opening and the workers' start are in its time), as a
pipeline calling the tool on each day's file would see it. The store is a fresh SQLite file unless
``--db`` names one.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402


def split(corpus_dir: Path, files: int, per_file: int) -> list[Path]:
    """The corpus's first articles as ``files`` JSONL files of ``per_file`` lines (written once)."""
    folder = OUT / f"cli-files-{corpus_dir.name}-{files}x{per_file}"
    paths = [folder / f"day-{i:02d}.jsonl" for i in range(files)]
    if all(p.exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    shards = sorted(corpus_dir.glob("articles-*.jsonl"))
    lines = itertools.chain.from_iterable(s.open(encoding="utf-8") for s in shards)
    for path in paths:
        chunk = list(itertools.islice(lines, per_file))
        if len(chunk) < per_file:
            raise SystemExit(f"error: {corpus_dir}: fewer than {files * per_file} articles")
        tmp = path.with_suffix(".part")
        tmp.write_text("".join(chunk), encoding="utf-8")
        tmp.replace(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=OUT / "corpus-31000-s1")
    p.add_argument("--eval", type=Path, default=corpus_mod.DEFAULT_EVAL, help="to generate the corpus")
    p.add_argument("--files", type=int, default=20)
    p.add_argument("--per-file", type=int, default=1000)
    p.add_argument("--db", help="store URL (default: a fresh SQLite file under bench/out)")
    p.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ns = p.parse_args(argv)
    if not (ns.corpus / "manifest.json").exists():
        articles = int(ns.corpus.name.split("-")[1]) if ns.corpus.name.startswith("corpus-") else 31000
        corpus_mod.generate(ns.corpus, articles=articles, eval_dir=ns.eval, log=print)
    paths = split(ns.corpus, ns.files, ns.per_file)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    url = ns.db or f"sqlite:///{OUT / f'cli-{stamp}.db'}"
    cli = [sys.executable, "-c", "from provenance.cli import main; main()", "--db", url]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE)
    print(f"cli_batches: {len(paths)} calls of `provenance ingest FILE` into {url}")
    print(f"  at {commit.stdout.strip() or '?'}, load average at start {os.getloadavg()}")
    calls = []
    for i, path in enumerate(paths):
        t0 = time.perf_counter()
        done = subprocess.run(
            [*cli, "ingest", "--quiet", "--format", "json", str(path)], capture_output=True, text=True
        )
        seconds = time.perf_counter() - t0
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            raise SystemExit(f"error: call {i + 1} ({path.name}) exited {done.returncode}")
        summary = json.loads(done.stdout)
        stored = summary.get("stored", 0)
        calls.append({"file": path.name, "seconds": seconds, "stored": stored, "edges": summary.get("edges")})
        print(f"  call {i + 1:>2}  {i * ns.per_file:>7,} stored before  {seconds:6.1f} s  {stored / seconds:7.1f} articles/s  "
              f"edges {summary.get('edges')}", flush=True)  # fmt: skip
    total_s = sum(c["seconds"] for c in calls)
    total = sum(c["stored"] for c in calls)
    first = sum(c["stored"] for c in calls[:5]) / sum(c["seconds"] for c in calls[:5])
    last = sum(c["stored"] for c in calls[-5:]) / sum(c["seconds"] for c in calls[-5:])
    print(f"  overall {total:,} articles in {total_s:.1f} s = {total / total_s:.1f} articles/s; "
          f"first 5 calls {first:.1f}, last 5 {last:.1f}: last ÷ first {last / first:.2f}")  # fmt: skip
    print(f"  load average at end {os.getloadavg()}")
    out = ns.json or OUT / f"cli-batches-{stamp}.json"
    figures = {"url": url, "calls": calls, "overall": total / total_s, "first5": first, "last5": last}
    out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"(figures also in {out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
