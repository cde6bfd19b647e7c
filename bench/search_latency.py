"""Latency of the paste search (``provenance.search``: Churnalism's check, nothing stored) for a
500-word text on a large generated store. Prints figures; tests never time anything.

    python bench/search_latency.py --db sqlite:///bench/out/at100k-30k.db
                                   --corpus bench/out/corpus-101000-s1-shard30k
                                   [--stored 100001] [--samples 60] [--words 500] [--seed 1]

The store is one ``bench/scale.py`` filled from the corpus (e.g. ``--prefill 100000 --prefill-bulk
--limit 1 --no-eval``: articles 0 .. 100,000). Each paste is made of the corpus articles that follow the
stored ones (from article ``--stored`` on: new articles, not in the store, carrying the corpus's planted
reuse of stored ones, as a press release or a new article pasted into the box would), joined until they
reach ``--words`` words and cut there. Pastes start at random articles (``--seed``), or with
``--reusing`` at random articles among those carrying planted reuse of a stored one (``truth.jsonl``):
most new articles reuse nothing stored (a third reuse anything, mostly one of the 50 before them).

``bench/corpus.py`` plants reuse within a shard only (a source is in its reuser's shard), so the shard
holding article ``--stored`` must begin at least 4,000 articles (the generator's reach) before it: with
the default ``--shard-size 10000`` and 100,000 stored, the articles after them (shard 10) reuse none of
the stored ones and every paste is new text (the script refuses such a corpus). Generate the corpus with ``--shard-size 30000`` (shards at 90,000 .. 119,999) or give ``--new-text``
to measure that case on purpose. The run says how many pastes carry planted reuse of stored articles
(``truth.jsonl``) and how many found a stored article.

Each paste is searched once, in a fresh process's order; the first search (cold caches: SQLite pages,
the matcher's imports) is reported apart from the rest. Figures: p50, p95 and max over the rest, the
hits found, and the machine (as ``bench/scale.py`` prints it).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import provenance  # noqa: E402
from scale import Corpus, machine  # noqa: E402


REACH = 4000  # bench/corpus.py: a source is among the latest 50, or 2,000 to 4,000 back, in its shard


def _articles(corpus: Corpus, start: int, count: int) -> list[str]:
    """The texts of corpus articles start .. start + count - 1 (fewer at the corpus's end)."""
    out: list[str] = []
    for path, first, n in corpus.shards:
        if first + n <= start or first >= start + count:
            continue
        with path.open(encoding="utf-8") as f:
            for i, line in enumerate(f):
                if start <= first + i < start + count:
                    out.append(json.loads(line)["text"])
    return out


def reusing_stored(corpus: Corpus, *, stored: int) -> set[int]:
    """The articles after the stored ones whose planted sources (direct or indirect) include a stored one."""
    out = set()
    with (corpus.path / "truth.jsonl").open(encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            if t["id"] >= stored and any(s["id"] < stored for s in t["sources"] + t["indirect"]):
                out.add(t["id"])
    return out


def pastes(
    corpus: Corpus, *, stored: int, samples: int, words: int, seed: int, starts: set[int] | None = None
) -> list[tuple[str, list[int]]]:
    """``samples`` texts of ``words`` words from the articles after the stored ones, each with the
    corpus ids of the articles it is made of; with ``starts``, each begins at one of those articles."""
    rng = random.Random(seed)
    spare = corpus.total - stored
    if spare < 10:
        raise SystemExit(f"error: the corpus has {spare} articles after the {stored:,} stored: generate more")
    window = _articles(corpus, stored, min(spare, 2000))
    firsts = sorted(a - stored for a in starts if a - stored < len(window)) if starts is not None else None
    if firsts == []:
        raise SystemExit("error: no article after the stored ones carries planted reuse of a stored one")
    out = []
    for _ in range(samples):
        i = rng.choice(firsts) if firsts is not None else rng.randrange(len(window))
        lines: list[str] = []
        used: list[int] = []
        count = 0
        while count < words:  # the articles' lines (paragraphs) as they are, the last one cut
            used.append(stored + i % len(window))
            for line in window[i % len(window)].splitlines():
                if count >= words:
                    break
                kept = line.split()[: words - count]
                count += len(kept)
                lines.append(" ".join(kept))
            i += 1
        out.append(("\n".join(lines), used))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="a store filled from --corpus by bench/scale.py")
    ap.add_argument("--corpus", type=Path, required=True, help="the bench/corpus.py folder")
    ap.add_argument("--stored", type=int, help="articles of the corpus in the store (default: counted)")
    ap.add_argument("--samples", type=int, default=60)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--reusing",
        action="store_true",
        help="begin every paste at an article carrying planted reuse of a stored one (truth.jsonl)",
    )
    ap.add_argument(
        "--new-text", action="store_true", help="allow pastes that reuse no stored article (see above)"
    )
    ns = ap.parse_args(argv)

    corpus = Corpus(ns.corpus)
    store = provenance.open_store(ns.db, read_only=True)
    stored = ns.stored
    if stored is None:
        stored = len(provenance.docs(store))
    shard_first = max(first for _, first, _ in corpus.shards if first <= stored)
    if stored - shard_first < REACH and not ns.new_text:
        raise SystemExit(
            f"error: {corpus.path}: the shard of article {stored:,} begins at {shard_first:,}, so the pastes "
            f"can reuse only {stored - shard_first:,} stored articles (corpus.py plants reuse within a shard, "
            f"up to {REACH:,} articles back): generate the corpus with another --shard-size (e.g. 30000), "
            "or give --new-text"
        )
    planted = reusing_stored(corpus, stored=stored)
    made = pastes(
        corpus,
        stored=stored,
        samples=ns.samples,
        words=ns.words,
        seed=ns.seed,
        starts=planted if ns.reusing else None,
    )
    texts = [text for text, _ in made]
    carrying = sum(1 for _, used in made if planted & set(used))
    print("search latency: " + " ".join(sys.argv))
    for k, v in machine(store).items():
        print(f"  {k}: {v}")
    print(f"  store: {stored:,} documents; {len(texts)} pastes of {ns.words} words")
    print(f"  pastes carrying planted reuse of a stored article (truth.jsonl): {carrying} of {len(texts)}")

    times, hits, sentences = [], [], []
    for text in texts:
        t0 = time.perf_counter()
        found = provenance.search(store, text)
        times.append((time.perf_counter() - t0) * 1000)
        hits.append(len(found.hits))
        sentences.append(len(found.sentences))
    first, rest = times[0], sorted(times[1:])
    p95 = rest[min(len(rest) - 1, round(0.95 * (len(rest) - 1)))]
    print(f"  first search (cold): {first:.0f} ms")
    print(
        f"  the other {len(rest)}: p50 {statistics.median(rest):.0f} ms, p95 {p95:.0f} ms, max {rest[-1]:.0f} ms"
    )
    print(
        f"  per paste: {statistics.mean(sentences):.1f} sentences, {statistics.mean(hits):.1f} stored articles "
        f"found (max {max(hits)}), {sum(1 for h in hits if h)} of {len(hits)} pastes with a hit"
    )
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
