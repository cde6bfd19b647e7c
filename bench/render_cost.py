"""Time to render the side-by-side HTML report of a 40-sentence article with 5 sources, and the paste
search of a 500-word text, on a small generated store (prints figures; tests never time anything).

    .venv/bin/python bench/render_cost.py [--runs 7]

Five source articles of 12 generated sentences each; the article takes 8 sentences from each (every
other one with two words changed), so its report has 5 edges (the
small vocabulary makes some more pairs than the 40 planted; the script prints how many).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta

import provenance
from provenance.api.pages import report_page
from provenance.render.html import report_html

WORDS = (
    "minister government security council agreement border trade energy ministry official talks region "
    "parliament election budget reform court police army market export import oil gas water harvest "
    "province capital delegation summit treaty sanctions economy inflation currency bank investment"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(14, 22))]
    return " ".join(words).capitalize() + "."


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(15)
    with tempfile.TemporaryDirectory() as tmp:
        store = provenance.open_store(f"sqlite:///{tmp}/bench.db")
        day = datetime(2024, 1, 1)
        taken: list[str] = []
        for i in range(5):
            sents = [sentence(rng) for _ in range(12)]
            provenance.ingest_text(
                store, " ".join(sents), source=f"source-{i}", published_at=day + timedelta(days=i)
            )
            for k, s in enumerate(sents[:8]):
                if k % 2:
                    words = s.rstrip(".").split()
                    words[3], words[-2] = rng.choice(WORDS), rng.choice(WORDS)
                    s = " ".join(words) + "."
                taken.append(s)
        article = " ".join(taken)
        doc = provenance.ingest_text(store, article, source="article", published_at=day + timedelta(days=9))
        page = report_page(store, doc.document_id or 0)
        pairs = sum(len(v.matches) for v in page.report.sources)
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            report_html(report_page(store, doc.document_id or 0))
            times.append(time.perf_counter() - t)
        paste = " ".join(article.split()[:500])
        search = []
        for _ in range(args.runs):
            t = time.perf_counter()
            found = provenance.search(store, paste)
            search.append(time.perf_counter() - t)
        print(
            f"article: {len(page.documents[doc.document_id or 0].sentences)} sentences, {len(page.report.sources)} sources, {pairs} pairs"
        )
        print(
            f"report_page + report_html: median {statistics.median(times) * 1000:.0f} ms over {args.runs} runs"
        )
        print(
            f"search of a {len(paste.split())}-word paste on a store of 6 articles: median "
            f"{statistics.median(search) * 1000:.0f} ms ({len(found.hits)} hits)"
        )


if __name__ == "__main__":
    main()
