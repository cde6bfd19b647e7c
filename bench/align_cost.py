"""Time and peak memory of aligning two long articles (a script, not a test).

    python bench/align_cost.py [--eval PATH] [--sizes 250,500,1000,2000,4000] [--corpus msrp|story]

Each run aligns an earlier and a later article of N sentences each with ``provenance.match.compare``
(segmentation, profiles, the pair scores and the four passes), in a fresh child process, and prints
the wall time, the peak resident memory the alignment added (``resource.getrusage`` ru_maxrss after,
minus before) and the number of matches.

Corpora:

* ``msrp`` (default): the earlier article is the first sentences of the Microsoft Research
  Paraphrase Corpus pairs (../shared/eval, read from there only), the later one their partners, in
  the same order: a long rewrite of many different stories, most sentences reused.
* ``story``: one long story, the hard case for a sparse alignment: the sentences of the two seed
  articles (seeds/), each repeated with a few words dropped and a running number, so that every
  sentence shares its topic words with hundreds of others.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_EVAL = REPO.parent / "shared" / "eval"


def msrp_texts(eval_dir: Path, n: int) -> tuple[str, str]:
    from evaldata import read_msrp

    pairs = read_msrp(eval_dir)[:n]
    if len(pairs) < n:
        raise SystemExit(f"MSRP has only {len(pairs)} pairs")
    return "\n\n".join(p[1] for p in pairs), "\n\n".join(p[2] for p in pairs)


def story_texts(n: int) -> tuple[str, str]:
    from provenance.text import segment

    sentences = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [text[s.start : s.end] for s in segment(text) if len(text[s.start : s.end].split()) >= 6]
    rng = random.Random(14)

    def variant(k: int) -> str:
        words = sentences[k % len(sentences)].split()
        kept = [w for w in words if rng.random() > 0.15] or words
        return " ".join(kept) + f" (part {k})."

    return "\n\n".join(variant(k) for k in range(n)), "\n\n".join(variant(k) for k in range(n))


def child(spec: dict[str, object]) -> dict[str, object]:
    """One measurement, in this (fresh) process."""
    from provenance.match import compare

    n = int(spec["n"])  # type: ignore[call-overload]
    if spec["corpus"] == "msrp":
        earlier, later = msrp_texts(Path(str(spec["eval"])), n)
    else:
        earlier, later = story_texts(n)
    compare("A warm-up sentence about nothing much at all.", "A warm-up sentence about nothing at all.")
    kwargs = json.loads(str(spec.get("config") or "{}"))
    config = None
    if kwargs:
        from provenance.match import MatchConfig

        config = MatchConfig(**kwargs)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = compare(earlier, later) if config is None else compare(earlier, later, config=config)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KB on Linux
    return {
        "n": n,
        "later_sentences": len(result.later),
        "earlier_sentences": len(result.earlier),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak / 1024, 1),
        "matches": len(result.matches),
        "coverage": round(result.summary.coverage, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--sizes", default="250,500,1000,2000,4000")
    parser.add_argument("--corpus", choices=["msrp", "story"], default="msrp")
    parser.add_argument("--config", default="", help="MatchConfig keyword arguments as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    if args.corpus == "msrp" and not (args.eval / "msrp").is_dir():
        print(f"no MSRP data at {args.eval / 'msrp'}: use --corpus story", file=sys.stderr)
        return 2
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
    )
    print(f"# corpus {args.corpus}; each size in a fresh process")
    print(
        f"{'sentences':>9}  {'later x earlier':>15}  {'seconds':>8}  {'peak MB':>8}  {'matches':>7}  coverage"
    )
    for n in (int(x) for x in args.sizes.split(",")):
        spec = {"n": n, "corpus": args.corpus, "eval": str(args.eval), "config": args.config}
        out = subprocess.run(
            [sys.executable, __file__, "--child", json.dumps(spec)],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            print(
                f"{n:>9}  failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}"
            )
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        dims = f"{r['later_sentences']} x {r['earlier_sentences']}"
        print(
            f"{n:>9}  {dims:>15}  {r['seconds']:>8.2f}  {r['peak_mb']:>8.1f}  {r['matches']:>7}  {r['coverage']:.4f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
