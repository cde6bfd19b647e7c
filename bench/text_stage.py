"""How fast the pure text stages of ingest run on one core: the ceiling they put on ingest.

    python bench/text_stage.py [--corpus DIR] [--articles 5000]

Ingest runs, per article, segmentation, licence-notice detection, then per sentence normalisation,
fingerprint, candidate keys and template key (``provenance.prepare.prepare``), in worker processes
while the main process writes the store. This times that whole preparation on the first ``--articles``
articles of a ``bench/corpus.py`` corpus in this one process, then each stage alone, and prints
articles/s and each stage's share. With C cores spent on it, ingest can go no faster than C times the
first figure, whatever the store does.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from scale import OUT, Corpus  # noqa: E402

from provenance.prepare import prepare  # noqa: E402
from provenance.licences import non_evidence_positions  # noqa: E402
from provenance.licences.notices import detect_notices  # noqa: E402
from provenance.match import sentence_keys  # noqa: E402
from provenance.match.keys import template_key  # noqa: E402
from provenance.readers import Article, iter_articles  # noqa: E402
from provenance.text import fingerprint, normalise, segment  # noqa: E402


def load(corpus: Path, n: int) -> list[Article]:
    """The first ``n`` articles of the corpus, read as the library reads them."""
    paths = [str(p) for p, _, _ in Corpus(corpus).shards]
    return [a for a in itertools.islice(iter_articles(paths), n) if isinstance(a, Article)]


def digest(articles: list[Article], now: datetime) -> str:
    """One SHA-256 over what preparation gives the store for every article: its sentences' offsets,
    fingerprints, candidate keys, template keys and evidence flags, and its licence notes."""
    h = hashlib.sha256()
    for a in articles:
        doc = prepare(a, now).doc
        for s in doc.sentences:
            h.update(
                repr((s.position, s.start, s.end, s.fingerprint, s.keys, s.template, s.evidence)).encode()
            )
        for n in doc.notes:
            h.update(repr((n.spdx, n.holder, n.notice, n.start, n.end, n.scope)).encode())
    return h.hexdigest()


def stages(articles: list[Article]) -> dict[str, float]:
    t = dict.fromkeys(
        ("segment", "notices", "non-evidence", "normalise", "fingerprint", "keys", "template", "sha256"), 0.0
    )
    clock = time.perf_counter
    for a in articles:
        t0 = clock()
        spans = segment(a.text)
        t1 = clock()
        notices = detect_notices(a.text)
        t2 = clock()
        non_evidence_positions(a.text, [(s.start, s.end) for s in spans], notices)
        t3 = clock()
        hashlib.sha256(a.text.encode("utf-8")).hexdigest()
        t4 = clock()
        t["segment"] += t1 - t0
        t["notices"] += t2 - t1
        t["non-evidence"] += t3 - t2
        t["sha256"] += t4 - t3
        for s in spans:
            t0 = clock()
            norm = normalise(s.text)
            t1 = clock()
            fingerprint(norm)
            t2 = clock()
            sentence_keys(norm)
            t3 = clock()
            template_key(s.text)
            t4 = clock()
            t["normalise"] += t1 - t0
            t["fingerprint"] += t2 - t1
            t["keys"] += t3 - t2
            t["template"] += t4 - t3
    return t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=OUT / "corpus-10000-s1")
    p.add_argument("--articles", type=int, default=5000)
    p.add_argument("--repeat", type=int, default=3, help="whole-preparation runs; the fastest is shown (3)")
    p.add_argument("--digest-only", action="store_true", help="print the outputs' digest and stop")
    ns = p.parse_args(argv)
    articles = load(ns.corpus, ns.articles)
    now = datetime.now(UTC).replace(tzinfo=None)
    print(f"outputs digest: {digest(articles, now)} (SHA-256 of every sentence's offsets, fingerprint, keys, "
          "template and evidence flag, and every note; equal digests, equal outputs)")  # fmt: skip
    if ns.digest_only:
        return 0
    sentences = sum(len(segment(a.text)) for a in articles)
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"command: {' '.join(getattr(sys, 'orig_argv', sys.argv))}")
    print(f"{len(articles):,} articles, {sentences:,} sentences from {ns.corpus}")
    best, best_cpu = float("inf"), float("inf")
    for _ in range(ns.repeat):
        t, c = time.perf_counter(), time.process_time()
        for a in articles:
            prepare(a, now)
        best, best_cpu = min(best, time.perf_counter() - t), min(best_cpu, time.process_time() - c)
    print(f"whole preparation (prepare), one process: {len(articles) / best:,.0f} articles/s, "
          f"{sentences / best:,.0f} sentences/s, {1000 * best / len(articles):.2f} ms/article, "
          f"{1000 * best_cpu / len(articles):.2f} ms CPU/article (best of {ns.repeat})")  # fmt: skip
    t = stages(articles)
    total = sum(t.values())
    print("stages alone (timed one call at a time; the timers add a little):")
    for name, s in sorted(t.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<13} {1000 * s / len(articles):6.2f} ms/article  {100 * s / total:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
