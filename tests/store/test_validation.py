"""Names and ids are checked at the API boundary, with the same clear error on SQLite and PostgreSQL
(PostgreSQL refuses strings over a VARCHAR's length and NUL characters, SQLite takes both; an id
beyond the INTEGER column is a bind error on either)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from provenance import api
from provenance.errors import NotFoundError, UsageError
from provenance.store import Store
from tests.conftest import SEED_000

LONG = "N" * 301


@pytest.fixture
def seeded(cli, db_url):
    assert cli("ingest", str(SEED_000)).exit_code == 0
    return db_url


@pytest.mark.parametrize(
    "ref", ["99999999999999999999999", "9999999999", "2147483648", "0", "١", "a\x00b", "1\x00"]
)
def test_document_ids_that_no_store_holds_are_not_found(cli, seeded, ref):
    res = cli("show", ref)
    assert res.exit_code == 1, res.stdout
    assert res.stderr.startswith("error: no document with id") and "internal error" not in res.stderr
    assert cli("show", "1").exit_code == 0


def test_an_arabic_indic_digit_is_a_name_not_an_id(cli, seeded):
    res = cli("show", "١")
    assert "no document with id, path or file name '١'" in res.stderr


@pytest.mark.parametrize("option", ["--limit", "--offset"])
def test_huge_limits_and_offsets_mean_every_row(cli, seeded, option):
    res = cli("docs", option, "9" * 30, "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.count('"id"') == (1 if option == "--limit" else 0)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["licence", "set", "CC-BY-4.0", "--publisher", "", "--create"], "publisher name is empty"),
        (["licence", "set", "CC-BY-4.0", "--publisher", "  ", "--create"], "publisher name is empty"),
        (
            ["licence", "set", "CC-BY-4.0", "--publisher", LONG, "--create"],
            "publisher name is 301 characters; at most 300",
        ),
        (
            ["licence", "set", "CC-BY-4.0", "--publisher", "Tehran\x00Times", "--create"],
            "contains a control character (U+0000)",
        ),
        (
            ["licence", "set", "CC-BY-4.0", "--publisher", "Tehran\nTimes", "--create"],
            "contains a control character (U+000A)",
        ),
        (
            ["licence", "set", "1", "CC-BY-4.0", "--holder", "H" * 301],
            "holder is 301 characters; at most 300",
        ),
        (["licence", "set", "1", "CC-BY-4.0", "--url", "https://x\x00"], "url contains a NUL character"),
        (["publisher", "set", LONG, "--noncommercial"], "publisher name is 301 characters"),
        (["publisher", "alias", "Tehran Times", ""], "alias is empty"),
        (["publisher", "alias", "Tehran Times", "A" * 301], "alias is 301 characters"),
        (["publisher", "alias", "Tehran Times", "ﬃ" * 150], "normalised is 450 characters"),
        (["set", "1", "--publisher", LONG], "publisher name is 301 characters"),
        (["set", "1", "--title", "A\x00title"], "title contains a NUL character"),
    ],
)
def test_bad_names_are_one_clear_usage_error_on_both_engines(cli, seeded, db_url, argv, message):
    res = cli(*argv)
    assert res.exit_code == 2, (res.stdout, res.stderr)
    assert res.stderr.startswith("error: ") and message in res.stderr, res.stderr
    with Store(db_url) as store, store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM publishers")).scalar() == 0  # nothing created
        assert (
            conn.execute(text("SELECT count(*) FROM licence_notes WHERE origin = 'declared'")).scalar() == 0
        )


def test_the_library_checks_the_same(seeded):
    with Store(seeded) as store:
        with pytest.raises(UsageError, match="at most 300"):
            api.set_publisher(store, LONG, noncommercial=True)
        with pytest.raises(UsageError, match="publisher name is empty"):
            api.alias_publisher(store, "", ["x"])
        with pytest.raises(NotFoundError, match="no document with id"):
            api.show(store, "1" * 40)
        assert api.set_publisher(store, " Tehran Times ", noncommercial=True).name == "Tehran Times"
