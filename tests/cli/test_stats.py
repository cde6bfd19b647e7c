"""`provenance stats` on the Clough-Stevenson corpus, against counts made here from the raw tables."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

import pytest

pytestmark = pytest.mark.eval

DERIVED = {"wholly-derived", "partially-derived"}
MONTH = {"a": "2020-02", "b": "2020-02", "c": "2020-02", "d": "2020-03", "e": "2020-03"}


@pytest.fixture
def clough(cli, eval_dir: Path, db_url: str) -> dict[str, str]:
    """The 5 sources (publisher "source", January, CC BY 4.0 declared for the publisher) and the 95
    answers (publisher: their category, cut / light / heavy / non; tasks a-c in February, d-e in
    March). Returns each file's category."""
    if not db_url.startswith("sqlite"):
        pytest.skip("reads the store's tables with the sqlite3 module")
    folder = eval_dir / "clough-stevenson"
    with (folder / "file_information.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for task in "abcde":
        assert (
            cli(
                "ingest",
                folder / f"orig_task{task}.txt",
                "--publisher",
                "source",
                "--published-at",
                "2020-01-01",
                "-q",
            ).exit_code
            == 0
        )
    for row in rows:
        result = cli(
            "ingest", folder / row["File"], "--publisher", row["Category"],
            "--published-at", MONTH[row["Task"]] + "-01", "-q",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    assert cli("licence", "set", "--publisher", "source", "CC-BY-4.0").exit_code == 0
    return {r["File"]: r["Category"] for r in rows} | {f"orig_task{t}.txt": "source" for t in "abcde"}


def _tables(db_url: str) -> tuple[dict[int, tuple[str, str, str]], list[tuple[int, int, str]]]:
    """documents (id -> name, publisher, month) and reuse edges (later, earlier, derivation), read raw."""
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    docs = {
        i: (name, pub, date[:7])
        for i, name, pub, date in conn.execute(
            "SELECT d.id, d.name, p.name, d.published_at FROM documents d JOIN publishers p ON p.id = d.publisher_id"
        )
    }
    found = list(conn.execute("SELECT later_id, earlier_id, derivation FROM reuse_edges"))
    conn.close()
    return docs, found


def test_stats_match_counts_made_from_the_tables(cli, clough: dict[str, str], db_url: str) -> None:
    docs, found = _tables(db_url)
    derived: dict[int, str] = {}
    reusers: dict[int, set[int]] = defaultdict(set)
    for later, earlier, derivation in found:
        if derivation in DERIVED and docs[later][1] != docs[earlier][1]:
            reusers[earlier].add(later)
            if derived.get(later) != "wholly-derived":
                derived[later] = derivation
    articles = Counter(clough.values())

    result = cli("stats", "--format", "json", "--top", "200")
    assert result.exit_code == 0, result.stderr
    s = json.loads(result.stdout)
    rows = {r["publisher"]: r for r in s["rows"]}
    assert set(rows) == {"cut", "light", "heavy", "non", "source"}
    for pub, row in rows.items():
        ids = [i for i, d in docs.items() if d[1] == pub]
        assert row["articles"] == articles[pub] == len(ids)
        assert row["wholly_derived"] == sum(1 for i in ids if derived.get(i) == "wholly-derived")
        assert row["partially_derived"] == sum(1 for i in ids if derived.get(i) == "partially-derived")
        assert row["derived_share"] == round(
            (row["wholly_derived"] + row["partially_derived"]) / row["articles"], 4
        )
    # what the corpus is: nearly every cut/light/heavy answer derived from its source, few "non" ones
    assert rows["cut"]["wholly_derived"] + rows["cut"]["partially_derived"] >= 17
    assert rows["non"]["wholly_derived"] + rows["non"]["partially_derived"] <= 3
    assert rows["source"]["wholly_derived"] + rows["source"]["partially_derived"] == 0

    top = {x["document"]["id"]: x for x in s["top_sources"]}
    assert {i: x["reused_by"] for i, x in top.items()} == {i: len(v) for i, v in reusers.items()}
    assert {i: x["reusing_publishers"] for i, x in top.items()} == {
        i: len({docs[j][1] for j in v}) for i, v in reusers.items()
    }
    sources = [i for i, d in docs.items() if d[1] == "source"]
    assert [x["document"]["id"] for x in s["top_sources"][:5]] == sorted(
        sources, key=lambda i: (-len(reusers[i]), i)
    )
    outlets = {o["publisher"]: o["derived_articles"] for o in s["top_outlets"]}
    assert outlets == dict(Counter(docs[i][1] for i in derived))

    # the audit's judgements: the sources are CC BY 4.0 (licensed), no answer credits them or names
    # the licence; an answer's own text reused by an answer of the same category (publisher) is the
    # same holder's, and by an answer of another category has no licence (neither)
    audit = json.loads(cli("audit", "--all", "--format", "json", "--fail-on", "never").stdout)
    judged = {(f["document"]["id"], f["source"]["id"]) for f in audit["findings"]}
    from_sources = sum(1 for _, origin in judged if docs[origin][1] == "source")
    same = sum(1 for later, origin in judged if docs[later][1] == docs[origin][1])
    assert s["credit"] == {
        "attributed": 0, "licensed": from_sources, "both": 0,
        "neither": len(judged) - from_sources - same, "same-holder": same,
    }  # fmt: skip
    assert same > 0
    assert from_sources > 50

    t = s["totals"]
    assert (t["documents"], t["publishers"], t["reuse_edges"]) == (100, 5, len(found))
    assert t["derived_articles"] == len(derived)
    assert s["boilerplate"]["sentences"] == t["sentences"]


def test_stats_by_month_splits_each_outlet(cli, clough: dict[str, str], db_url: str) -> None:
    docs, _ = _tables(db_url)
    s = json.loads(cli("stats", "--by", "month", "--format", "json", "--no-audit").stdout)
    got = {(r["publisher"], r["month"]): r["articles"] for r in s["rows"]}
    assert got == dict(Counter((d[1], d[2]) for d in docs.values()))
    assert s["credit"] == dict.fromkeys(["attributed", "licensed", "both", "neither", "same-holder"], 0)
    by_pub = json.loads(cli("stats", "--format", "json", "--no-audit").stdout)["rows"]
    for row in by_pub:  # the months add up to the outlet's row
        months = [r for r in s["rows"] if r["publisher"] == row["publisher"]]
        for key in ("articles", "wholly_derived", "partially_derived"):
            assert sum(m[key] for m in months) == row[key]
    table = cli("stats", "--by", "month", "--no-audit").stdout
    assert "MONTH" in table and "2020-03" in table and "Most reused sources" in table


def test_credit_counts_attributed_and_licensed_reuse(cli, tmp_path: Path) -> None:
    from tests.conftest import SEED_000

    paragraphs = SEED_000.read_text(encoding="utf-8").splitlines()[:4]
    credited = tmp_path / "credited.txt"
    credited.write_text("\n".join([*paragraphs, "Source: Mehr News Agency"]) + "\n", encoding="utf-8")
    bare = tmp_path / "bare.txt"
    bare.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    unlicensed = tmp_path / "unlicensed.txt"
    unlicensed.write_text("\n".join([*paragraphs[:3], "Source: Daily Example"]) + "\n", encoding="utf-8")
    fifth = tmp_path / "fifth.txt"
    fifth.write_text("\n".join([*paragraphs[:3], "Source: Daily Example."]) + "\n", encoding="utf-8")
    for path, pub, date in (
        (SEED_000, "Mehr News Agency", "2022-10-15"),
        (unlicensed, "Daily Example", "2022-10-14"),  # earlier: 000 reuses it, crediting nobody
        (credited, "Other Paper", "2022-10-16"),
        (bare, "Third Paper", "2022-10-17"),
        (fifth, "Fifth Paper", "2022-10-18"),
    ):
        assert cli("ingest", path, "--publisher", pub, "--published-at", date, "-q").exit_code == 0
    assert cli("licence", "set", "--publisher", "Mehr News Agency", "CC-BY-4.0").exit_code == 0
    s = json.loads(cli("stats", "-f", "json").stdout)
    audit = json.loads(cli("audit", "--all", "-f", "json", "--fail-on", "never").stdout)
    judged = {(f["document"]["id"], f["source"]["id"]) for f in audit["findings"]}
    # each judgement (later, origin of the text): doc 1 (000) and docs 3-5 take 000's first three
    # paragraphs, which originate in doc 2 (Daily Example, no licence), and docs 3-4 its fourth,
    # which is 000's own (Mehr, CC BY 4.0)
    assert judged == {(1, 2), (3, 1), (3, 2), (4, 1), (4, 2), (5, 2)}
    assert s["credit"] == {
        "attributed": 1,  # 5 credits Daily Example, which licensed nothing
        "licensed": 1,  # 4 copies Mehr's CC BY text without crediting it
        "both": 1,  # 3 credits Mehr ("Source: Mehr News Agency")
        "neither": 3,  # 1, 3 and 4 take Daily Example's text without a credit to it
        "same-holder": 0,
    }
