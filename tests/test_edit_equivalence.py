"""`provenance set` and `provenance delete` leave the store as ingest would have: two stores compared.

Set: store 1 ingests A, B, C with B's metadata wrong, then `set` corrects it; store 2 ingests A, B, C
with the right metadata, in the same order. Every document's `report` and `audit` (both sides) and
the `docs` and `publisher list` JSON must be equal, timestamps aside. Delete: store 1 ingests A, B, C
and deletes B; store 2 ingests A, C. Every table must hold the same rows, autoincrement ids and
timestamps aside (documents named by their SHA-256, publishers by name).
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from provenance.store import Store
from provenance.store.models import Base
from tests.conftest import SEED_000, SEED_002

TIMESTAMPS = {"ingested_at", "detected_at", "created_at"}


def _articles(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A = seed 000, B = seed 002 (a rewrite of 000), C = a verbatim copy of 000 with its own first line."""
    copy = tmp_path / "copy_of_000.txt"
    copy.write_text(
        "Reposted from our partners.\n\n" + SEED_000.read_text(encoding="utf-8"), encoding="utf-8"
    )
    return SEED_000, SEED_002, copy


def _strip(value: object, drop: frozenset[str] = frozenset(TIMESTAMPS)) -> object:
    if isinstance(value, dict):
        return {k: _strip(v, drop) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [_strip(v, drop) for v in value]
    return value


def _diff(got: object, want: object) -> str:
    lines = difflib.unified_diff(
        json.dumps(want, indent=1, sort_keys=True).splitlines(),
        json.dumps(got, indent=1, sort_keys=True).splitlines(),
        "expected",
        "got",
        lineterm="",
    )
    return "\n".join(lines)


def _views(cli, db: str, *, ids: bool = True) -> dict[str, object]:
    """Every read the comparison covers, as parsed JSON without timestamps (and, ``ids=False``,
    without document ids, each document's reads named by its file name)."""
    out: dict[str, object] = {}
    docs = json.loads(cli("docs", "--format", "json", db=db).stdout)["documents"]
    out["docs"] = docs
    out["audit"] = json.loads(cli("audit", "--all", "--format", "json", db=db).stdout)
    pubs = json.loads(cli("publisher", "list", "--format", "json", db=db).stdout)["publishers"]
    out["publishers"] = sorted((p["name"], p["aliases"], p["noncommercial"]) for p in pubs)
    for d in docs:
        n = str(d["id"])
        name = n if ids else d["name"]
        out[f"report {name}"] = json.loads(cli("report", n, "--format", "json", db=db).stdout)
        for side in ([], ["--as-source"]):
            done = cli("audit", n, *side, "--all", "--format", "json", db=db)
            out[f"audit {name} {side}"] = json.loads(done.stdout)
    if ids:
        return _strip(out)  # type: ignore[return-value]
    names = {str(d["id"]): d["name"] for d in docs}  # messages name documents by id: by name then
    text = re.sub(r"\bdoc (\d+)\b", lambda m: f"doc {names[m.group(1)]}", json.dumps(out))
    return _strip(json.loads(text), frozenset(TIMESTAMPS | {"id"}))  # type: ignore[return-value]


# (B's date at ingest, B's right date): each flips who copied whom between B and A, or B and C,
# (A 2022-10-15, C 2022-10-15 12:00); None is undated (the ingest order decides).
# The third item: the documents B's edge with turns round (A is id 1, C id 3).
CASES = [
    ("2022-10-01", "2022-10-16", {1, 3}),
    (None, "2022-10-01", {1}),
    ("2022-10-20", None, {3}),
]


@pytest.mark.parametrize("wrong,right,flipped", CASES, ids=["date", "undated-to-date", "date-to-undated"])
def test_set_equals_ingesting_the_right_metadata(cli, db_factory, tmp_path, wrong, right, flipped):
    a, b, c = _articles(tmp_path)
    fixed, straight = db_factory(), db_factory()

    def ingest(db: str, date: str | None, publisher: str) -> None:
        for path, when, pub in (
            (a, "2022-10-15", "Mehr News Agency"),
            (b, date, publisher),
            (c, "2022-10-15T12:00", "Copier"),
        ):
            args = ["ingest", path, "--publisher", pub] + (["--published-at", when] if when else [])
            assert cli(*args, db=db).exit_code == 0

    ingest(fixed, wrong, "Wrong Agency")
    ingest(straight, right, "Rewrite Daily")
    before = _views(cli, fixed)
    done = cli(
        "set",
        b.name,
        "--published-at",
        right or "",
        "--publisher",
        "Rewrite Daily",
        "--format",
        "json",
        db=fixed,
    )
    assert done.exit_code == 0, done.stderr
    edit = json.loads(done.stdout)
    assert edit["redetected"] is True
    assert edit["publisher_removed"] == "Wrong Agency"
    assert {ch["change"] for ch in edit["edges"]} == {"reversed"}
    assert {ch["document"]["id"] for ch in edit["edges"]} == flipped
    assert edit["edges_unchanged"] == 2 - len(flipped)
    after, want = _views(cli, fixed), _views(cli, straight)
    assert before != want  # the wrong date gave other reports: the test can fail
    for key in want:
        assert after[key] == want[key], key
    assert after.keys() == want.keys()


def _rows(url: str) -> dict[str, list[tuple]]:
    """Every table's rows, autoincrement ids and timestamps left out, documents by SHA-256 and
    publishers by name."""
    store = Store(url)
    try:
        with store.read() as conn:
            tables = Base.metadata.tables
            sha = dict(conn.execute(select(tables["documents"].c.id, tables["documents"].c.sha256)).all())
            pub = dict(conn.execute(select(tables["publishers"].c.id, tables["publishers"].c.name)).all())
            names = {"documents": sha, "publishers": pub}
            out: dict[str, list[tuple]] = {}
            for table in Base.metadata.sorted_tables:
                refs = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
                keep = [
                    col
                    for col in table.columns
                    if col.name not in TIMESTAMPS
                    and not (col.name == "id" and col.autoincrement is not False and col.primary_key)
                ]
                rows = []
                for row in conn.execute(select(*keep)):
                    values = []
                    for col, v in zip(keep, row, strict=True):
                        values.append(
                            names[refs[col.name]].get(v) if col.name in refs and v is not None else v
                        )
                    rows.append(tuple(values))
                out[table.name] = sorted(rows, key=repr)
            return out
    finally:
        store.close()


def test_delete_leaves_the_store_as_if_never_ingested(cli, db_factory, tmp_path):
    a, b, c = _articles(tmp_path)
    deleted, never = db_factory(), db_factory()
    steps = [
        (a, "2022-10-15", "Mehr News Agency"),
        (b, "2022-10-16", "Rewrite Daily"),
        (c, "2022-10-17", "Copier"),
    ]
    for db, chosen in ((deleted, steps), (never, [steps[0], steps[2]])):
        for path, when, pub in chosen:
            assert cli("ingest", path, "--published-at", when, "--publisher", pub, db=db).exit_code == 0
    assert cli("licence", "set", b.name, "CC-BY-SA-4.0", db=deleted).exit_code == 0  # a note of B's goes too
    full = _rows(deleted)
    done = cli("delete", b.name, "--format", "json", db=deleted)
    assert done.exit_code == 0, done.stderr
    gone = json.loads(done.stdout)
    got, want = _rows(deleted), _rows(never)
    assert set(got) == {t.name for t in Base.metadata.sorted_tables}  # no table left out
    for name in (
        "documents",
        "sentences",
        "sentence_keys",
        "matches",
        "reuse_edges",
        "licence_notes",
        "publishers",
        "publisher_aliases",
    ):
        assert len(full[name]) - len(got[name]) == gone["removed"][name], name
        assert gone["removed"][name] > 0 or name in {"publishers", "publisher_aliases"}, name
    assert gone["publisher_removed"] == "Rewrite Daily"
    assert {e["change"] for e in gone["edges"]} == {"removed"} and len(gone["edges"]) == 2
    assert full != want  # B was there: the comparison can fail
    for name in want:
        assert got[name] == want[name], name
    # and what the reads say, too
    seen, expected = _views(cli, deleted, ids=False), _views(cli, never, ids=False)
    assert seen.keys() == expected.keys()
    for key in expected:
        assert seen[key] == expected[key], _diff(seen[key], expected[key])
