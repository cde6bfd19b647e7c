"""Reuse detection on ingest and the reports that show it: report, trace, compare."""

from __future__ import annotations

import json

import pytest

import provenance
from tests.conftest import SEED_000, SEED_002, SEED_PAIRS

MATCH_KEYS = {
    "sentence",
    "source_sentence",
    "kind",
    "score",
    "quote",
    "position",
    "source_position",
    "origin",
}
REF_KEYS = {"id", "title", "path", "published_at", "undated"}
VIEW_KEYS = {"document", "coverage", "source_share", "derivation", "matched_sentences", "kinds", "matches",
             "direction", "role"}  # fmt: skip


def _pairs_match_issue(matches: list[dict]) -> None:
    assert len(matches) == len(SEED_PAIRS)
    unused = list(matches)
    for later_phrase, earlier_phrase in SEED_PAIRS:
        hit = [m for m in unused if later_phrase in m["sentence"] and earlier_phrase in m["source_sentence"]]
        assert len(hit) == 1, (later_phrase, earlier_phrase)
        unused.remove(hit[0])
    for m in matches:
        assert set(m) == MATCH_KEYS
        assert m["kind"] in {"verbatim", "near-verbatim", "paraphrase"}
        assert 0.0 <= m["score"] <= 1.0


@pytest.mark.parametrize("order", ["date order", "backfill"])
def test_seed_report(cli, order):
    first, second = ((SEED_000, "2022-10-15"), (SEED_002, "2022-10-16"))
    steps = [first, second] if order == "date order" else [second, first]
    for path, date in steps:
        assert cli("ingest", path, "--published-at", date).exit_code == 0
    rep = json.loads(cli("report", SEED_002.name, "--format", "json").stdout)
    assert set(rep) == {"document", "sources", "reused_by"}
    assert set(rep["document"]) == REF_KEYS
    assert rep["reused_by"] == []
    [source] = rep["sources"]
    assert set(source) == VIEW_KEYS
    assert source["document"]["path"] == str(SEED_000.resolve())
    assert source["document"]["undated"] is False
    assert (source["direction"], source["role"]) == ("by-date", "origin")
    # 000 reuses nothing: each of its matched sentences originates in 000 itself, where it stands
    assert all(
        m["origin"] == {"document": source["document"], "position": m["source_position"]}
        for m in source["matches"]
    )
    assert source["derivation"] in {"partially-derived", "wholly-derived"}
    assert 0.5 < source["coverage"] < 0.7  # 12 of 002's 20 sentences
    _pairs_match_issue(source["matches"])
    aggression = [m for m in source["matches"] if "continuation of aggression" in m["sentence"]]
    assert aggression[0]["quote"] is True
    # The other direction: 000 is reused by 002, with the same pairs.
    back = json.loads(cli("report", SEED_000.name, "--format", "json").stdout)
    assert back["sources"] == []
    [reuser] = back["reused_by"]
    assert reuser["document"]["path"] == str(SEED_002.resolve())
    assert reuser["matches"] == source["matches"]


def test_report_table_and_markdown(cli):
    cli("ingest", SEED_000, "--published-at", "2022-10-15")
    cli("ingest", SEED_002, "--published-at", "2022-10-16")
    table = cli("report", "2")
    assert table.exit_code == 0
    assert "Sources (1)" in table.stdout and "000_19c93ae14d6297da.txt" in table.stdout
    md = cli("report", "2", "--format", "markdown")
    assert md.stdout.startswith("# Reuse report")
    assert md.stdout.count("\n| ") == 13  # header + 12 pairs


def test_undated_articles_are_ordered_by_ingest(cli, tmp_path):
    text = "The council approved the new budget on Monday after a long debate. The mayor welcomed the vote."
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text + " Critics said the plan ignores the suburbs entirely.")
    cli("ingest", tmp_path / "a.txt")
    cli("ingest", tmp_path / "b.txt")
    rep = json.loads(cli("report", "b.txt", "--format", "json").stdout)
    assert [s["document"]["id"] for s in rep["sources"]] == [1]
    assert {m["kind"] for m in rep["sources"][0]["matches"]} == {"verbatim"}
    assert rep["document"]["undated"] is True and rep["sources"][0]["direction"] == "by-ingest-order"


ARTICLES = [
    "The harbour authority will dredge the eastern channel next spring. Fishing crews welcomed the plan.",
    "Pupils at three primary schools will get free lunches from September. Parents queued to register.",
    "A new night bus links the airport with the old town every twenty minutes. Drivers were hired abroad.",
    "The central library opens on Sundays from next month. Volunteers will staff the reading rooms.",
    "Two thousand oak saplings were planted along the river embankment. Schoolchildren helped with spades.",
    "Engineers closed the iron bridge after finding cracks in a girder. Repairs may take half a year.",
    "Water bills rise by four percent in April, the utility said. Pensioners can apply for a discount.",
    "A violinist from Lyon won the international competition in Brussels. Her prize includes a recording contract.",
    "Hospital waiting lists shrank for the first time in a decade. Surgeons credited extra weekend theatre sessions.",
    "The football club sacked its manager after nine straight defeats. A caretaker coach takes charge on Saturday.",
    "Archaeologists unearthed Roman coins beneath a car park in Chester. The hoard will be valued by the museum.",
    "Heavy snow closed mountain passes and stranded lorries overnight. Rescue teams delivered blankets and soup.",
]
FOOTER = " Sign up for our newsletter to get the top stories every morning."


def test_boilerplate_is_not_evidence_of_reuse(cli, tmp_path):
    for i, text in enumerate(ARTICLES):
        (tmp_path / f"{i}.txt").write_text(text + FOOTER)
    assert cli("ingest", tmp_path).exit_code == 0
    assert len(ARTICLES) > 10  # the footer recurs in more documents than boilerplate_min_docs
    for i in range(len(ARTICLES)):
        rep = json.loads(cli("report", f"{i}.txt", "--format", "json").stdout)
        assert rep["sources"] == [] and rep["reused_by"] == [], i
    shown = json.loads(cli("show", "6.txt", "--format", "json").stdout)
    assert "newsletter" in shown["sentences"][-1]["text"]  # still stored, available to licence detection


def test_wire_copies_are_still_reuse(cli, tmp_path):
    story = (
        "The central bank raised its key rate by half a point on Thursday. Analysts had expected a smaller move. "
        "The currency rose two percent after the announcement."
    )
    for i in range(12):  # more copies than boilerplate_min_docs: the ratio rule keeps them evidence
        (tmp_path / f"w{i:02}.txt").write_text(f"Outlet {i} edition {i * 13}. " + story)
    assert cli("ingest", tmp_path).exit_code == 0
    rep = json.loads(cli("report", "w11.txt", "--format", "json").stdout)
    assert len(rep["sources"]) == 11
    assert all(s["matched_sentences"] == 3 for s in rep["sources"])


def test_trace(cli):
    cli("ingest", SEED_002, "--published-at", "2022-10-16")
    cli("ingest", SEED_000, "--published-at", "2022-10-15")
    quote = (
        "We will not tolerate the continuation of aggression and terrorist acts by groups that have taken refuge "
        "in the Kurdistan region of Iraq"  # most of the sentence: it holds two stems of the stored one's sketch
    )
    res = cli("trace", quote, "--format", "json")
    tr = json.loads(res.stdout)
    assert set(tr) == {"text", "earliest", "later"}
    assert tr["earliest"]["document"]["path"] == str(SEED_000.resolve())
    assert [o["document"]["path"] for o in tr["later"]] == [str(SEED_002.resolve())]
    assert tr["later"][0]["kind"] in {"verbatim", "near-verbatim"}
    nothing = json.loads(
        cli("trace", "Completely unrelated words about gardening tools", "--format", "json").stdout
    )
    assert nothing["earliest"] is None and nothing["later"] == []
    assert "Earliest" in cli("trace", quote).stdout


def test_compare_cli_and_python(cli, db_url, tmp_path):
    res = cli("compare", SEED_000, SEED_002, "--format", "json")
    assert res.exit_code == 0
    payload = json.loads(res.stdout)
    _pairs_match_issue(payload["matches"])
    assert {m["origin"] for m in payload["matches"]} == {None}  # compare stores nothing: no chains
    c = provenance.compare(SEED_000.read_text(encoding="utf-8"), SEED_002.read_text(encoding="utf-8"))
    assert [(m.sentence, m.source_sentence, m.kind, m.quote) for m in c.matches] == [
        (m["sentence"], m["source_sentence"], m["kind"], m["quote"]) for m in payload["matches"]
    ]
    assert "near-verbatim" in cli("compare", SEED_000, SEED_002).stdout
    missing = cli("compare", tmp_path / "nope.txt", SEED_002)
    assert missing.exit_code == 1 and "nope.txt" in missing.stderr
    assert not (tmp_path / "store.db").exists()  # compare stores nothing


def test_a_key_too_common_is_entered_once_and_loses_its_postings(store):
    from sqlalchemy import text

    from provenance.match import DEFAULT_DETECT
    from provenance.match import sentence_keys
    from provenance.text import normalise

    line = "Penguins gather near the frozen harbour every winter morning."
    keys = set(sentence_keys(normalise(line)))
    story = "Scientists counted the emperor colony from a helicopter. The survey took three weeks of flights."
    provenance.ingest_text(store, (line + " ") * (DEFAULT_DETECT.max_key_postings + 1), source="a.txt")
    with store.read() as conn:
        common = dict(conn.execute(text("SELECT key, postings FROM common_keys")).all())
        assert set(common) == keys and set(common.values()) == {DEFAULT_DETECT.max_key_postings + 1}
        assert conn.execute(text("SELECT count(*) FROM sentence_keys")).scalar() == 0
    provenance.ingest_text(store, f"{story} {line}", source="b.txt")
    provenance.ingest_text(store, f"{line} {story} It ended on Friday.", source="c.txt")
    with store.read() as conn:
        held = {k for (k,) in conn.execute(text("SELECT DISTINCT key FROM sentence_keys"))}
        assert held and not held & keys  # later articles write no posting of a common key
        assert conn.execute(text("SELECT count(*) FROM common_keys")).scalar() == len(keys)
        edges = conn.execute(text("SELECT later_id, earlier_id, matched_sentences FROM reuse_edges")).all()
    # c reuses b's two story sentences; the common line is boilerplate, so it is no evidence against a
    assert [tuple(e) for e in edges] == [(3, 2, 2)]


def test_document_counts_prefer_common_keys(store):
    from sqlalchemy import text

    from provenance.reuse import SqlKeyIndex

    provenance.ingest_text(
        store, "Alpha beta gamma delta epsilon. Zeta eta theta iota kappa.", source="a.txt"
    )
    provenance.ingest_text(store, "Alpha beta gamma delta epsilon. Lambda mu nu xi omicron.", source="b.txt")
    with store.begin() as conn:
        rows = conn.execute(
            text("SELECT key, count(DISTINCT document_id) FROM sentence_keys GROUP BY key")
        ).all()
        twice = [k for k, n in rows if n == 2]
        once = [k for k, n in rows if n == 1]
        assert twice and once
        # a key entered as common while its postings are still there counts as common
        conn.execute(text("INSERT INTO common_keys (key, postings) VALUES (:k, 5000)"), {"k": once[0]})
        counts = SqlKeyIndex(conn).document_counts([*twice, *once, 12345])
    assert {k: counts[k] for k in twice} == dict.fromkeys(twice, 2)
    assert counts[once[0]] == 5000
    assert all(counts[k] == 1 for k in once[1:])
    assert 12345 not in counts


def test_a_small_profile_cache_gives_the_same_edges(db_factory, tmp_path, monkeypatch):
    import importlib

    from sqlalchemy import text

    from tests.store.test_concurrency import _corpus

    detect_module = importlib.import_module("provenance.reuse.detector")
    paths = _corpus(tmp_path)
    edges = []
    for cache in (detect_module.PROFILE_CACHE_DOCUMENTS, 2):  # 2: candidates leave the cache as others arrive
        monkeypatch.setattr(detect_module, "PROFILE_CACHE_DOCUMENTS", cache)
        store = provenance.open_store(db_factory())
        provenance.ingest(store, [str(p) for p in paths])
        with store.read() as conn:
            edges.append(
                sorted(
                    tuple(r)
                    for r in conn.execute(text("SELECT later_id, earlier_id, coverage FROM reuse_edges"))
                )
            )
        store.close()
    assert edges[0] == edges[1] and len(edges[0]) > 20


def test_a_story_republished_everywhere_still_finds_its_first_copy(store):
    from datetime import datetime, timedelta

    from provenance.match import DEFAULT_DETECT

    story = (
        "The harbour authority closed the northern pier after storm damage to its pilings. "
        "Engineers found cracks in three concrete supports during an inspection on Tuesday. "
        "Repairs are expected to take six weeks and cost about two million euros."
    )
    copies = DEFAULT_DETECT.max_link_postings + 5  # more copies than a key links to
    first = datetime(2024, 3, 1)
    for i in range(copies):
        own = "".join("bcdfghklmnprstvz"[(i * 7 + j * 3) % 16] + "aeiou"[(i + j) % 5] for j in range(5))
        provenance.ingest_text(  # each copy has a line of its own, so each is a new text
            store,
            f"{own.capitalize()} {own[::-1]} {own[2:]}. {story}",
            source=f"copy{i}.txt",
            published_at=first + timedelta(hours=i),
        )
    last = provenance.report(store, copies)
    sources = {s.document.id for s in last.sources}
    assert 1 in sources  # the original, though more than max_link_postings copies came between
    first_copy = next(s for s in last.sources if s.document.id == 1)
    assert sum(m.kind == "verbatim" for m in first_copy.matches) == 3  # the three story sentences


def test_a_line_recurring_with_other_names_is_boilerplate(store):
    from sqlalchemy import text

    from provenance.match import DEFAULT_DETECT

    names = [
        "Harbour Post",
        "Valley Times",
        "Coast Herald",
        "River Gazette",
        "Hill Courier",
        "Bay Ledger",
        "Lake Standard",
        "Plain Tribune",
        "Moor Review",
        "Fen Sentinel",
        "Dale Express",
        "Glen Observer",
    ]
    assert len(names) >= DEFAULT_DETECT.boilerplate_min_docs + 1

    import random

    def story(i: int) -> str:  # unrelated bodies: invented words of their own
        rng = random.Random(i)
        own = [
            "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(4)) for _ in range(8)
        ]
        return f"The {own[0]} {own[1]} met {own[2]} {own[3]} officials. Their {own[4]} {own[5]} left {own[6]} {own[7]}."

    for i, name in enumerate(names):
        provenance.ingest_text(
            store,
            f"{story(i)} Write to the newsroom of The {name}; we read every message.",
            source=f"a{i}.txt",
        )
    # two more articles of the first publisher: their footers are the same line, word for word
    for i in (20, 21):
        provenance.ingest_text(
            store,
            f"{story(i)} Write to the newsroom of The {names[0]}; we read every message.",
            source=f"a{i}.txt",
        )
    with store.read() as conn:
        edges = conn.execute(text("SELECT later_id, earlier_id FROM reuse_edges")).all()
    # Until the line has recurred in boilerplate_min_docs articles it links them (near-verbatim);
    # then its template is boilerplate: those early pairs are examined again and their edges go, and
    # the two late copies of the first publisher's footer, word for word the same in only 3 articles,
    # link nothing.
    assert edges == []
