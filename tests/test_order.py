"""Order independence (issue 13, point 1): for a set of dated articles with planted reuse and publisher
footers shared by more than ``boilerplate_min_docs`` articles, every ingest order gives the same edges:
pairs, direction, derivation, coverage, source share, counts, and the matched sentences (kind, score,
quote), non-derived edges included. A footer is boilerplate once enough documents hold it, whatever
the order they came in: the pairs examined before then are examined again (README, "Ingest order")."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance.readers import Article

_WORDS = (
    "harbour authority northern pilings engineers concrete supports inspection terminal orchestra "
    "season composers tickets conductor rehearsals choir ministry drought farmers subsidies harvest "
    "reservoirs council budget library students laboratory microscopes railway signals commuters "
    "delays hospital patients surgeons vaccine election ballots candidates turnout museum paintings "
    "curator exhibition factory workers strike wages airport runway pilots airline"
).split()


def _sentence(rng: random.Random) -> str:
    words = rng.sample(_WORDS, rng.randint(6, 11))
    return " ".join(words).capitalize() + " near " + rng.choice(["Leeds", "Porto", "Graz", "Lyon"]) + "."


def _corpus() -> list[tuple[str, str, datetime]]:
    """Four stories and five later articles reusing them (republished, excerpted, merged, reworded)."""
    rng = random.Random(13)
    stories = [[_sentence(rng) for _ in range(7)] for _ in range(4)]
    day = datetime(2024, 5, 1)
    out = [(f"story{k}.txt", "\n\n".join(s), day.replace(day=1 + k)) for k, s in enumerate(stories)]

    def reworded(s: str) -> str:
        words = s.rstrip(".").split()
        return " ".join(words[:2] + words[3:]) + "."

    reusers = [
        stories[0][:6] + [_sentence(rng)],  # republished
        [_sentence(rng), *stories[1][2:5], _sentence(rng), _sentence(rng)],  # an excerpt
        [*stories[0][:2], _sentence(rng), *stories[2][4:7]],  # two sources
        [reworded(s) for s in stories[3][:4]] + [_sentence(rng)],  # reworded
        stories[1][2:5] + [_sentence(rng)],  # the excerpt again, the same day as the first
    ]
    dates = [datetime(2024, 5, 10), datetime(2024, 5, 11), datetime(2024, 5, 12), datetime(2024, 5, 13)]
    dates.append(dates[1])  # equal dates: the tie must not follow the ingest order
    for k, (body, when) in enumerate(zip(reusers, dates, strict=True)):
        out.append((f"reuse{k}.txt", "\n\n".join(body), when))
    # Unrelated articles, so that the footers recur in more documents than boilerplate_min_docs (10).
    for k in range(9):
        out.append((f"other{k}.txt", "\n\n".join(_sentence(rng) for _ in range(5)), datetime(2024, 5, 2 + k)))
    # Footers, as publishers end their articles: a line shared word for word by every publisher, and
    # one naming its publisher (one template, four versions: each too rare to be boilerplate alone).
    publishers = ["The Daily Post", "Graz Courier", "Porto Herald", "Leeds Ledger"]
    for k, (name, text, when) in enumerate(out):
        if k % 6 == 5:
            continue  # a few without a footer
        footer = [
            "Sign up for our daily newsletter to get the top stories in your inbox every morning.",
            f"Have a tip? Write to the newsroom of {publishers[k % len(publishers)]}; we read every message.",
        ]
        out[k] = (name, text + "\n\n" + "\n\n".join(footer[:: 1 if k % 2 else -1]), when)
    return out


FOOTER_WORDS = ("newsletter", "newsroom", "Have a tip")


CORPUS = _corpus()


def _edges(store: provenance.Store) -> dict[tuple[str, str], tuple[object, ...]]:
    with store.read() as conn:
        edges = conn.exec_driver_sql(
            "SELECT l.name, e.name, r.derivation, round(r.coverage, 6), round(r.source_share, 6), "
            "r.matched_sentences, r.verbatim, r.near_verbatim, r.paraphrase, r.quotes FROM reuse_edges r "
            "JOIN documents l ON l.id = r.later_id JOIN documents e ON e.id = r.earlier_id"
        ).all()
        matches = conn.exec_driver_sql(
            "SELECT l.name, e.name, m.later_position, m.earlier_position, m.kind, round(m.score, 6), m.quote "
            "FROM matches m JOIN documents l ON l.id = m.later_id JOIN documents e ON e.id = m.earlier_id"
        ).all()
    out: dict[tuple[str, str], tuple[object, ...]] = {}
    for later, earlier, *figures in edges:
        pairs = sorted(
            (lp, ep, k, sc, bool(q)) for ln, en, lp, ep, k, sc, q in matches if (ln, en) == (later, earlier)
        )
        out[(later, earlier)] = (*figures, tuple(pairs))
    return out


def _footer_matches(store: provenance.Store) -> int:
    """Matches of a footer line (boilerplate in the whole corpus: never evidence)."""
    with store.read() as conn:
        rows = conn.exec_driver_sql(
            'SELECT substr(d.text, s.start + 1, s."end" - s.start) FROM matches m '
            "JOIN sentences s ON s.document_id = m.later_id AND s.position = m.later_position "
            "JOIN documents d ON d.id = m.later_id"
        ).all()
    return sum(1 for (text,) in rows if any(w in text for w in FOOTER_WORDS))


def _ingest(
    folder: Path, order: list[int], *, batch: int, footers_allowed: bool = False
) -> dict[tuple[str, str], tuple[object, ...]]:
    """The corpus ingested in this order, ``batch`` articles a transaction; its edges by document name."""
    folder.mkdir()
    articles = [Article(text=CORPUS[k][1], source=CORPUS[k][0], published_at=CORPUS[k][2]) for k in order]
    with provenance.open_store(f"sqlite:///{folder / 'store.db'}") as store:
        provenance.ingest_articles(store, articles, batch_articles=batch, workers=0)
        assert footers_allowed or _footer_matches(store) == 0, (
            "a footer of more than boilerplate_min_docs documents matched"
        )
        return _edges(store)


_DATE_ORDER = sorted(range(len(CORPUS)), key=lambda k: (CORPUS[k][2], k))
_runs = 0


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(range(len(CORPUS))), st.sampled_from([1, 3, len(CORPUS)]))
def test_every_ingest_order_gives_the_same_edges(tmp_path: Path, order: list[int], batch: int) -> None:
    """Batches of one article (each compared with all before it), of three, and all in one."""
    global _runs
    _runs += 1
    if not (tmp_path / "date").exists():
        in_date_order = _ingest(tmp_path / "date", _DATE_ORDER, batch=len(CORPUS))
        assert sum(1 for v in in_date_order.values() if v[0] != "non-derived") >= 5, "planted reuse is found"
        (tmp_path / "date.repr").write_text(repr(sorted(in_date_order.items())))
    got = _ingest(tmp_path / f"run{_runs}", list(order), batch=batch)
    assert repr(sorted(got.items())) == (tmp_path / "date.repr").read_text()


def test_deleting_documents_gives_the_edges_of_an_ingest_without_them(tmp_path: Path) -> None:
    """Deleting six of the fifteen articles with a footer leaves it in nine, under
    ``boilerplate_min_docs`` (10): it is evidence again, so the store must hold what an ingest of the
    other twelve gives (their footer matches included), whatever was judged before."""
    footered = [k for k, (_, text, _) in enumerate(CORPUS) if "newsletter" in text]
    assert len(footered) == 15
    doomed = {CORPUS[k][0] for k in footered if CORPUS[k][0].startswith("other")}
    doomed |= {CORPUS[k][0] for k in footered if CORPUS[k][0] not in doomed}
    doomed = set(sorted(doomed)[:6])
    kept = [k for k in _DATE_ORDER if CORPUS[k][0] not in doomed]
    want = _ingest(tmp_path / "without", kept, batch=len(CORPUS), footers_allowed=True)
    with provenance.open_store(f"sqlite:///{tmp_path / 'without' / 'store.db'}") as store:
        assert _footer_matches(store) > 0, "the footer, in nine documents, is evidence again"
    folder = tmp_path / "deleted"
    folder.mkdir()
    articles = [Article(text=text, source=name, published_at=when) for name, text, when in CORPUS]
    with provenance.open_store(f"sqlite:///{folder / 'store.db'}") as store:
        provenance.ingest_articles(store, articles, batch_articles=len(CORPUS), workers=0)
        with store.read() as conn:
            ids = dict(conn.exec_driver_sql("SELECT name, id FROM documents").all())
        for name in sorted(doomed):
            provenance.delete_document(store, ids[name])
        assert _edges(store) == want
