"""Where ingest spends its time: a py-spy profile summarised by stage, as percentages.

    py-spy record --rate 20 --format raw -o bench/out/profile-2k.txt -- \\
        .venv/bin/python bench/scale.py --corpus DIR --limit 2000 --no-eval --db sqlite:///bench/out/profile-2k.db
    python bench/profile_summary.py bench/out/profile-2k.txt [--top 25] [--articles 2000 --rate 20]

The input is py-spy's ``raw`` format (collapsed stacks, one ``frame;frame;... count`` a line; speedscope
and flamegraph.pl read it too). Each sample is given the *step* of its innermost frame that names one (segmentation, normalise, keys,
document inserts, licence notices, candidate selection, loading candidates, the matcher's profiles,
pair matrices and passes, match inserts, commit...), marked [SQL] when its time is spent below that
frame in SQLAlchemy or the database driver, else [Python]. Samples outside ingest are shown as such.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

# (label, regex over one frame "function (file:line)"); a sample takes the label of its innermost frame
# that matches one, and is marked [SQL] when a frame inside that one is SQLAlchemy's or the DB driver's.
STEPS = [
    ("read JSONL (readers)", r"\(provenance/readers\.py"),
    ("segment (Bling Fire + line rules)", r"\(provenance/text/segment\.py"),
    ("normalise", r"^(?:[\w<>]+\.)?normalise \(provenance/text/normalise\.py"),
    ("fingerprint", r"\(provenance/text/fingerprint\.py"),
    ("candidate keys (sentence_keys)", r"\(provenance/match/keys\.py"),
    ("evidence flags (non_evidence_positions)", r"^(?:[\w<>]+\.)?non_evidence_positions \("),
    ("prepare, other", r"^(?:[\w<>]+\.)?(prepare|new_sentence) \(provenance/prepare\.py"),
    ("store: insert documents and sentences", r"^(?:[\w<>]+\.)?insert_documents \("),
    ("index: insert postings", r"^(?:[\w<>]+\.)?add \(provenance/reuse/index\.py"),
    ("store: duplicate check, publisher", r"^(?:[\w<>]+\.)?(existing_hashes|publisher_id) \("),
    ("licences: notice detection", r"\(provenance/licences/"),
    ("licences: insert notes", r"^(?:[\w<>]+\.)?(insert_detected|replace_declared) \("),
    (
        "matcher: sentence profiles (classify.profile)",
        r"^(?:[\w<>]+\.)?profile \(provenance/match/classify\.py",
    ),
    (
        "matcher: pair matrices (numpy + rapidfuzz cdist)",
        r"^(?:[\w<>]+\.)?(pair_matrices|_incidence) \(provenance/match/classify\.py",
    ),
    (
        "matcher: kind / copied share (rapidfuzz LCS)",
        r"^(?:[\w<>]+\.)?(kind_of|copied_share|whole_similarity|copied_run) \(",
    ),
    ("matcher: quotes", r"\(provenance/match/quotes\.py"),
    ("matcher: alignment passes", r"\(provenance/match/align\.py"),
    ("matcher: edge summary", r"\(provenance/match/edges\.py"),
    (
        "detect: candidate selection (key postings)",
        r"^(?:[\w<>]+\.)?(postings|counts|common|rank_candidates) \(provenance/(reuse/index|match/candidates)\.py",
    ),
    ("detect: load candidate documents", r"^(?:[\w<>]+\.)?load_documents \("),
    (
        "detect: boilerplate / fingerprint counts",
        r"^(?:[\w<>]+\.)?(document_counts|boilerplate_positions|excluded_positions) \(",
    ),
    ("detect: candidate sentences (_matcher_sentences)", r"^(?:[\w<>]+\.)?_matcher_sentences \("),
    ("detect: insert matches and edges", r"^(?:[\w<>]+\.)?(insert_matches|insert_edge) \("),
    ("detect, other", r"\(provenance/reuse/detector\.py"),
    ("commit", r"^(?:[\w<>]+\.)?(commit|_commit_impl|do_commit) \(.*sqlalchemy"),
    ("ingest loop, other", r"^(?:[\w<>]+\.)?(ingest_articles|_store_batch|_write_and_detect|_batches) \("),
]
_SQL = re.compile(
    r"\((sqlalchemy/|sqlite3/|psycopg/)|^(?:[\w<>]+\.)?(execute|executemany|fetchone|fetchall) "
)


def _frames(stack: str) -> list[str]:
    return [f.strip() for f in stack.split(";") if f.strip()]


def summarise(path: Path) -> tuple[int, Counter, Counter]:
    steps: Counter = Counter()
    leaves: Counter = Counter()
    total = 0
    rules = [(label, re.compile(rx)) for label, rx in STEPS]
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = _frames(stack)
        total += n
        label = "outside ingest (imports, the benchmark)"
        for depth in range(len(frames) - 1, -1, -1):
            hit = next((lab for lab, rx in rules if rx.search(frames[depth])), None)
            if hit:
                sql = any(_SQL.search(f) for f in frames[depth + 1 :])
                label = f"{hit} [{'SQL' if sql else 'Python'}]"
                break
        steps[label] += n
        if frames:
            leaves[frames[-1]] += n
    return total, steps, leaves


# The main process's work inside ingest_articles by what it was done for (the first group any frame of
# a sample matches), with the share spent waiting for the operating system to read or write pages.
CALLERS = [
    ("insert postings (sentence_keys)", r"^(?:SqlKeyIndex\.)?add \(provenance/reuse/index\.py"),
    ("count the batch's keys in the index", r"^(?:SqlKeyIndex\.)?counts \(provenance/reuse/index\.py"),
    ("insert sentences (and the fingerprint index)", r"^insert_documents \(provenance/store/documents\.py"),
    ("load candidate documents", r"^load_documents \("),
    ("commit", r"^(Store\.begin \(provenance/store/engine\.py|.*do_commit \()"),
    ("profiles and alignment", r"\(provenance/match/"),
    ("rank candidates", r"^rank_candidates \("),
    (
        "read rare keys' postings, fingerprint counts, common keys",
        r"^(?:SqlKeyIndex\.)?(postings|document_counts|common) \(provenance/reuse/index\.py",
    ),
]
_IO = re.compile(r"^(pread64|pwrite64|fdatasync|fsync|read|write) \(libc")


def by_caller(path: Path) -> tuple[int, Counter, Counter]:
    """Samples inside ``ingest_articles`` per ``CALLERS`` group (else "the rest"), and those of them
    whose innermost frame is a read, write or sync of the operating system."""
    rules = [(label, re.compile(rx)) for label, rx in CALLERS]
    groups: Counter = Counter()
    io: Counter = Counter()
    inside = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = _frames(stack)
        if not count.isdigit() or not any(f.startswith("ingest_articles (") for f in frames):
            continue
        n = int(count)
        inside += n
        label = next((lab for lab, rx in rules if any(rx.search(f) for f in frames)),
                     "the rest (between batches: garbage collection, reading the workers' results)")  # fmt: skip
        groups[label] += n
        if _IO.search(frames[-1]):
            io[label] += n
    return inside, groups, io


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("profile", type=Path, help="py-spy --format raw output")
    p.add_argument("--top", type=int, default=20, help="innermost frames to list (20)")
    p.add_argument(
        "--articles", type=int, help="articles ingested while sampling: also print ms per article by caller"
    )
    p.add_argument("--rate", type=float, default=40, help="py-spy's --rate, samples per second (40)")
    ns = p.parse_args(argv)
    total, steps, leaves = summarise(ns.profile)
    if not total:
        print("no samples", file=sys.stderr)
        return 1
    print(f"{total:,} samples from {ns.profile}\n")
    print(f"{'step [innermost work: SQL = SQLAlchemy + driver, else Python/C extensions]':<72} {'share':>7}")
    for label, n in steps.most_common():
        print(f"{label:<72} {100 * n / total:6.1f}%")
    merged: Counter = Counter()
    for label, n in steps.items():
        merged[label.rsplit(" [", 1)[0]] += n
    print(f"\n{'step, SQL and Python together':<72} {'share':>7}")
    for label, n in merged.most_common():
        print(f"{label:<72} {100 * n / total:6.1f}%")
    sql = sum(n for label, n in steps.items() if label.endswith("[SQL]"))
    print(f"\nSQL (SQLAlchemy + driver) in all: {100 * sql / total:.1f}%")
    print(f"\ninnermost frames (self time), top {ns.top}")
    for frame, n in leaves.most_common(ns.top):
        print(f"  {100 * n / total:5.1f}%  {frame[:110]}")
    if ns.articles:
        inside, groups, io = by_caller(ns.profile)
        ms = 1000 / ns.rate / ns.articles  # one sample's worth of ms per article
        print(
            f"\ninside ingest_articles: {inside * ms:.1f} ms per article over {ns.articles:,} articles; by caller"
        )
        print(f"  {'ms/article':>10} {'of which OS I/O':>15}  step")
        for label, n in groups.most_common():
            print(f"  {n * ms:10.1f} {io[label] * ms:15.1f}  {label}")
        print(f"  {inside * ms:10.1f} {sum(io.values()) * ms:15.1f}  in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
