"""Precision of derived edges between pages of unrelated sites that share only furniture (issue 13, point 2).

    python bench/short_lines.py [--pages 240] [--copy-share 0.15] [--seed 3] [--eval PATH] [--show 8]

Pages are made from the site templates of ``tests/fixtures/pages/*.html`` (Global Voices, Mehr,
Reuters, EFE, WordPress, MediaWiki ...: each with its head, meta tags, JSON-LD, menus and footer), as
``bench/html_pages.py`` makes them: page ``i`` from template ``i mod T``, its article paragraphs
replaced. The new paragraphs are

* an unrelated article: 4 to 10 sentences of a ``bench/corpus.py`` corpus generated with no planted
  reuse and no footers (so no two bodies share a sentence), and
* the site's *furniture*, written into the article paragraphs where real sites put it: lines that
  unrelated pages share by convention, never by copying: datelines ("WASHINGTON —", "MADRID, 9 may
  (EFE).-"), place names alone on a line ("United States.", "New York."), credit lines ("Washington
  Star", "Photo: AFP"), dates ("Februar 2022", "9 May 2023"), link labels ("Mehr erfahren", "Read
  more", "Advertisement"), scores ("1-4", "1/4"). Each site draws its own few from the pool, so
  every furniture line is on pages of several sites;
* on ``--copy-share`` of the pages, planted reuse: 3 to 6 consecutive body sentences of an earlier
  page of another site, copied verbatim. The truth: pages sharing a body sentence (a copy and its
  source, or two copies of one source).

All pages are ingested into a fresh SQLite store with ``provenance.ingest``; every derived edge
(``partially-derived`` or ``wholly-derived``) between two pages is true when its pages are a planted
pair, false otherwise. Pairs of pages of one site, or of two sites whose template pages share text
(the fixtures hold a republished Mehr story, a partner's copy of a Global Voices post ...: found
by ingesting the templates themselves, with the code measured), share the template's own text
(headline, standfirst) and are left out of the measure. Printed: derived edges, true, false, precision, recall of the planted pairs, and
examples of false edges with their matched sentences. The code measured is the ``provenance`` of this
checkout, or of ``PROVENANCE_CHECKOUT`` (a path) to measure another one (e.g. main before a change).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = Path(os.environ.get("PROVENANCE_CHECKOUT") or HERE.parent).resolve()
sys.path.insert(0, str(REPO))
sys.path.insert(1, str(HERE))

import provenance  # noqa: E402

import corpus as gen  # noqa: E402
import html_pages  # noqa: E402

DERIVED = ("wholly-derived", "partially-derived")

FURNITURE = {
    "lead": [
        "WASHINGTON —", "NEW YORK (AP) —", "MADRID, 9 may (EFE).-", "BERLIN (dpa) –", "United States.",
        "New York.", "TEHRAN, Oct. 15 (MNA) –", "London", "Paris, France.", "Februar 2022",
        "9 May 2023", "Updated 3 hours ago", "By Staff Reporter",
    ],
    "middle": [
        "Advertisement", "Mehr erfahren", "Read more", "Lesen Sie auch:", "1-4", "1/4", "Photo: AFP",
        "Related coverage", "Weitere Informationen", "Leer más", "Story continues below.", "(Video)",
    ],
    "end": [
        "Washington Star", "United States.", "New York.", "Februar 2022", "Mehr erfahren", "Photo: Reuters",
        "Reporting by Jane Doe; editing by Mark Heinrich", "Share this article", "Al Jazeera and news agencies",
        "With AFP.", "© Reuters", "Source: AP", "Follow us on Twitter.", "Back to top",
    ],
}  # fmt: skip


def bodies(n: int, eval_dir: Path, seed: int) -> list[list[str]]:
    """``n`` unrelated articles as lists of sentences (corpus paragraphs split by the project's segmenter)."""
    from provenance.text import segment

    out_dir = gen.DEFAULT_OUT / f"unrelated-{n}-s{seed}"
    gen.generate(out_dir, articles=n, eval_dir=eval_dir, seed=seed, reuse_share=0.0, footer_share=0.0,
                 jobs=1, log=lambda _m: None)  # fmt: skip
    rng = random.Random(seed)
    out: list[list[str]] = []
    for shard in sorted(out_dir.glob("articles-*.jsonl")):
        with shard.open(encoding="utf-8") as f:
            for line in f:
                sentences = [s.text for s in segment(json.loads(line)["text"])]
                k = rng.randint(4, 10)
                out.append(sentences[:k])
    return out[:n]


def related_templates(work: Path) -> set[frozenset[str]]:
    """Pairs of templates whose own pages share text (any edge between them, with the code measured)."""
    with provenance.open_store(f"sqlite:///{work / 'templates.db'}") as store:
        provenance.ingest(
            store, [str(html_pages.TEMPLATES / f"{t.name}.html") for t in html_pages.load_templates()]
        )
    conn = sqlite3.connect(work / "templates.db")
    name = {i: Path(src).stem for i, src in conn.execute("SELECT id, source FROM documents")}
    pairs = {
        frozenset((name[a], name[b])) for a, b in conn.execute("SELECT later_id, earlier_id FROM reuse_edges")
    }
    conn.close()
    return pairs


def build_pages(out: Path, n: int, copy_share: float, eval_dir: Path, seed: int) -> set[frozenset[str]]:
    """Write the pages; return the planted pairs (page file names)."""
    rng = random.Random(seed)
    templates = html_pages.load_templates()
    texts = bodies(n, eval_dir, seed)
    style = {
        t.name: {part: rng.sample(pool, 2 if part != "middle" else 1) for part, pool in FURNITURE.items()}
        for t in templates
    }
    names: list[str] = []
    truth: set[frozenset[str]] = set()
    holders: dict[str, list[str]] = {}
    out.mkdir(parents=True, exist_ok=True)
    for i, body in enumerate(texts):
        template = templates[i % len(templates)]
        name = f"{i + 1:05d}_{template.name}.html"
        body = list(body)
        if i > len(templates) and rng.random() < copy_share:
            j = rng.randrange(i)
            while templates[j % len(templates)].name == template.name:
                j = rng.randrange(i)
            source = texts[j]
            k = min(len(source), rng.randint(3, 6))
            start = rng.randrange(len(source) - k + 1)
            at = rng.randrange(len(body) + 1)
            body[at:at] = source[start : start + k]
        mine = style[template.name]
        paragraphs = [rng.choice(mine["lead"]), " ".join(body[:2])]
        rest = body[2:]
        half = len(rest) // 2
        paragraphs += [" ".join(rest[:half]), rng.choice(mine["middle"]), " ".join(rest[half:])]
        paragraphs += mine["end"]
        (out / name).write_text(template.render(i + 1, [p for p in paragraphs if p]), encoding="utf-8")
        names.append(name)
        for sentence in body:
            holders.setdefault(sentence, []).append(name)
    # Pages sharing a body sentence: the planted pairs, and two copies of one source (siblings).
    for pages in holders.values():
        truth.update(frozenset((a, b)) for a in pages for b in pages if a != b)
    return truth


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=240)
    p.add_argument("--copy-share", type=float, default=0.15)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--eval", type=Path, default=gen.DEFAULT_EVAL)
    p.add_argument("--show", type=int, default=8, help="false derived edges shown")
    args = p.parse_args(argv)
    print(f"# bench/short_lines.py --pages {args.pages} --copy-share {args.copy_share} --seed {args.seed}; "
          f"code {Path(provenance.__file__).resolve().parents[1]}; Python {platform.python_version()}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="short-lines-") as tmp:
        pages = Path(tmp) / "pages"
        truth = build_pages(pages, args.pages, args.copy_share, args.eval, args.seed)
        related = related_templates(Path(tmp))

        def site(page: str) -> str:
            return page.split("_", 1)[1].removesuffix(".html")

        def measured(a: str, b: str) -> bool:
            return frozenset((a, b)) in truth or (
                site(a) != site(b) and frozenset((site(a), site(b))) not in related
            )

        db = Path(tmp) / "store.db"
        with provenance.open_store(f"sqlite:///{db}") as store:
            summary = provenance.ingest(store, [str(pages)])
        conn = sqlite3.connect(db)
        name = {i: Path(src).name for i, src in conn.execute("SELECT id, source FROM documents")}
        text = dict(conn.execute("SELECT id, text FROM documents"))
        edges = conn.execute(
            "SELECT later_id, earlier_id, derivation, matched_sentences FROM reuse_edges"
        ).fetchall()
        derived = [(a, b, m) for a, b, d, m in edges if d in DERIVED and measured(name[a], name[b])]
        left_out = sum(1 for a, b, d, _ in edges if d in DERIVED and not measured(name[a], name[b]))
        true = [(a, b, m) for a, b, m in derived if frozenset((name[a], name[b])) in truth]
        false = [(a, b, m) for a, b, m in derived if frozenset((name[a], name[b])) not in truth]
        found = {frozenset((name[a], name[b])) for a, b, _ in derived} & truth
        precision = len(true) / len(derived) if derived else 1.0
        print(f"pages stored {summary.stored} (failed {summary.failed}); pairs sharing body text {len(truth)}; edges {len(edges)}; "
              f"template pairs sharing text {len(related)}; derived edges left out (same or related site) {left_out}")  # fmt: skip
        print(f"derived edges {len(derived)}: true {len(true)}, false {len(false)}; precision {precision:.3f}; "
              f"recall of those {len(found) / len(truth) if truth else 1.0:.3f} ({len(found)}/{len(truth)})")  # fmt: skip
        for a, b, m in false[: args.show]:
            rows = conn.execute(
                "SELECT m.later_position, m.earlier_position, m.kind, sl.start, sl.end, se.start, se.end "
                "FROM matches m JOIN sentences sl ON sl.document_id = m.later_id AND sl.position = m.later_position "
                "JOIN sentences se ON se.document_id = m.earlier_id AND se.position = m.earlier_position "
                "WHERE m.later_id = ? AND m.earlier_id = ?",
                (a, b),
            ).fetchall()
            shown = "; ".join(
                f"{k} {text[a][s1:e1]!r} ~ {text[b][s2:e2]!r}" for _, _, k, s1, e1, s2, e2 in rows
            )
            print(f"  false: {name[a]} <- {name[b]} ({m} matched): {shown[:300]}")
        conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
