"""Ingest's names and texts are checked the same on SQLite and PostgreSQL (the suite runs on both:
``make test``, ``make test-postgres``). PostgreSQL refuses a NUL character in any text column and a
string over a VARCHAR's length; SQLite takes both. So the options of ``ingest`` are checked before
anything is read (a usage error, nothing stored), and an article with a NUL (a JSONL ``"\\u0000"``,
a Python caller's string) fails alone, with the same message on both engines. (The other commands' names and ids: tests/store/test_validation.py.)"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from provenance import api
from provenance.errors import UsageError
from provenance.readers import Article
from provenance.store import Store
from provenance.store.models import publishers
from tests.conftest import SEED_000

NAME_MAX = publishers.c.name.type.length  # VARCHAR(300), read from the model


def _counts(db_url: str) -> tuple[int, int]:
    with Store(db_url) as store, store.read() as conn:
        docs = conn.execute(text("SELECT count(*) FROM documents")).scalar()
        pubs = conn.execute(text("SELECT count(*) FROM publishers")).scalar()
    return docs, pubs


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--publisher", "", "error: publisher name is empty"),
        ("--publisher", "   ", "error: publisher name is empty"),
        (
            "--publisher",
            "P" * (NAME_MAX + 1),
            f"error: publisher name is {NAME_MAX + 1} characters; at most 300",
        ),
        (
            "--publisher",
            "Tehran\tTimes",
            "error: publisher name 'Tehran\\tTimes' contains a control character (U+0009)",
        ),
    ],
)
def test_ingest_options_are_checked_before_anything_is_stored(cli, db_url, option, value, message):
    res = cli("ingest", str(SEED_000), option, value)
    assert res.exit_code == 2, (res.stdout, res.stderr)
    assert res.stderr.splitlines()[-1].startswith(message), res.stderr
    assert "internal error" not in res.stderr
    assert _counts(db_url) == (0, 0)


def test_a_publisher_name_of_the_columns_length_is_stored_whole(cli, db_url):
    name = "P" * NAME_MAX
    assert cli("ingest", str(SEED_000), "--publisher", f"  {name} ").exit_code == 0
    listed = json.loads(cli("docs", "--format", "json").stdout)
    assert [d["publisher"] for d in listed["documents"]] == [name]


@pytest.mark.parametrize(
    "keyword", [{"title": "A\x00title"}, {"url": "https://example.org/\x00"}, {"licence": "CC BY\x00"}]
)
def test_the_library_refuses_nul_in_ingest_options(db_url, keyword):
    with Store(db_url) as store:
        with pytest.raises(UsageError, match=r"contains a NUL character \(U\+0000\)"):
            api.ingest(store, [str(SEED_000)], **keyword)
        with pytest.raises(UsageError, match=r"contains a NUL character"):
            api.ingest_text(store, "A text of a few words to store.", source="t", **keyword)
    assert _counts(db_url) == (0, 0)


@pytest.mark.parametrize("field", ["text", "title", "publisher", "url"])
def test_nul_inside_an_article_fails_that_article_alike_on_both_engines(db_url, field):
    """A Python caller's article with a NUL fails alone, as a JSONL "\\u0000" does (SQLite would
    have stored it, PostgreSQL refused it with a driver error)."""
    values = {
        "text": "The minister said that talks would resume on Monday.",
        "title": "Talks resume",
        "publisher": "Tehran Times",
        "url": "https://example.org/a",
    }
    values[field] = values[field][:5] + "\x00" + values[field][5:]
    bad = Article(source="bad", **values)  # type: ignore[arg-type]
    good = Article(source="good", text="Both sides agreed to meet again in Vienna next week.")
    with Store(db_url) as store:
        summary = api.ingest_articles(store, [bad, good])
    assert [r.status for r in summary.results] == ["failed", "stored"]
    assert summary.results[0].message == f"bad: {field} contains a NUL character (U+0000)"
    assert _counts(db_url) == (1, 0)


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_publisher_in_an_articles_metadata_names_no_publisher(cli, db_url, tmp_path, blank):
    path = tmp_path / "a.jsonl"
    line = {"text": "The minister said that talks would resume on Monday.", "publisher": blank}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert cli("ingest", str(path)).exit_code == 0
    assert _counts(db_url) == (1, 0)  # no nameless publisher
