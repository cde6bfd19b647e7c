"""`provenance docs` and `provenance show`: lookup by id, path and name; JSON shapes."""

from __future__ import annotations

import json

from tests.conftest import REPO, SEED_000, SEED_002

DOC_KEYS = {
    "id",
    "title",
    "name",
    "path",
    "url",
    "publisher",
    "published_at",
    "ingested_at",
    "sentences",
    "undated",
}


def test_docs_table_and_json(cli):
    assert (
        cli("ingest", SEED_000, "--published-at", "2022-10-15", "--publisher", "Tehran Times").exit_code == 0
    )
    assert cli("ingest", SEED_002, "--published-at", "2022-10-16").exit_code == 0
    table = cli("docs")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "PUBLISHER", "PUBLISHED", "SENTENCES"]
    assert "000_19c93ae14d6297da.txt" in lines[1] and "Tehran Times" in lines[1] and "2022-10-15" in lines[1]
    payload = json.loads(cli("docs", "--format", "json").stdout)
    assert [set(d) for d in payload["documents"]] == [DOC_KEYS, DOC_KEYS]
    first, second = payload["documents"]
    assert first["path"] == str(SEED_000.resolve())
    assert first["sentences"] == 11
    assert second["sentences"] == 20
    assert (
        json.loads(cli("docs", "--format", "json", "--limit", "1", "--offset", "1").stdout)["documents"][0][
            "id"
        ]
        == second["id"]
    )


def test_show_by_id_path_and_name(cli):
    cli("ingest", SEED_000)
    by_id = json.loads(cli("show", "1", "--format", "json").stdout)
    by_path = json.loads(cli("show", str(SEED_000), "--format", "json").stdout)
    by_name = json.loads(cli("show", SEED_000.name, "--format", "json").stdout)
    assert by_id == by_path == by_name
    assert set(by_id) == {
        "document",
        "sha256",
        "encoding",
        "format",
        "licences",
        "sentences",
        "modified_at",
        "language",
        "authors",
        "undated",
    }
    text = SEED_000.read_text(encoding="utf-8")
    for s in by_id["sentences"]:
        assert set(s) == {"position", "start", "end", "text", "fingerprint"}
        assert text[s["start"] : s["end"]] == s["text"]
        assert len(s["fingerprint"]) == 16
    assert [s["position"] for s in by_id["sentences"]] == list(range(11))
    shown = cli("show", "1")
    assert "Amir-Abdollahian" in shown.stdout and shown.exit_code == 0


def test_show_errors(cli, tmp_path):
    a, b = tmp_path / "x", tmp_path / "y"
    a.mkdir(), b.mkdir()
    (a / "same.txt").write_text("First text here.")
    (b / "same.txt").write_text("Second text here.")
    cli("ingest", a, b)
    ambiguous = cli("show", "same.txt")
    assert ambiguous.exit_code == 2 and "2 documents are named 'same.txt'" in ambiguous.stderr
    assert cli("show", str(b / "same.txt"), "--format", "json").exit_code == 0
    missing = cli("show", "99")
    assert missing.exit_code == 1 and "no document with id 99" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_fingerprints_unify_hyphens_quotes_and_case(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Amir-Abdollahian said Iraq’s security matters.")
    (tmp_path / "b.txt").write_text('AMIR ABDOLLAHIAN said "Iraq\'s" security — matters!')
    cli("ingest", tmp_path)
    a = json.loads(cli("show", "a.txt", "--format", "json").stdout)["sentences"][0]["fingerprint"]
    b = json.loads(cli("show", "b.txt", "--format", "json").stdout)["sentences"][0]["fingerprint"]
    assert a == b


def test_show_gives_page_metadata_and_docs_marks_undated(cli):
    page = REPO / "tests" / "fixtures" / "pages" / "06_jsonld_newsarticle_based_on.html"
    assert cli("ingest", page).exit_code == 0
    assert cli("ingest", SEED_000).exit_code == 0
    shown = json.loads(cli("show", page.name, "--format", "json").stdout)
    assert shown["modified_at"] == "2023-09-19T06:00:00"  # stored as naive UTC
    assert shown["language"] == "en"
    assert shown["authors"] and shown["undated"] is False
    table = cli("show", page.name).stdout
    assert "  modified:  2023-09-19 06:00:00" in table and "  language:  en" in table
    assert f"  authors:   {', '.join(shown['authors'])}" in table
    undated = json.loads(cli("show", SEED_000.name, "--format", "json").stdout)
    assert undated["undated"] is True and undated["authors"] == [] and undated["modified_at"] is None
    assert "  published: undated" in cli("show", SEED_000.name).stdout
    rows = cli("docs").stdout.splitlines()
    [seed_row] = [r for r in rows if SEED_000.name in r]
    assert "undated" in seed_row
    [page_row] = [r for r in rows if r.startswith(str(shown["document"]["id"]) + " ")]
    assert "undated" not in page_row


def test_page_notes_show_origin_page_where_found_and_which_governs(cli):
    page = REPO / "tests" / "fixtures" / "pages" / "01_globalvoices_footer_rel_license.html"
    assert cli("ingest", page).exit_code == 0
    licences = json.loads(cli("show", page.name, "--format", "json").stdout)["licences"]
    page_notes = [n for n in licences if n["origin"] == "page"]
    assert page_notes and all(n["found_in"] for n in page_notes)
    assert sum(n["governs"] for n in licences) == 1
    listed = json.loads(cli("licence", "list", "--format", "json").stdout)["licences"]
    assert {n["found_in"] for n in listed if n["origin"] == "page"} == {n["found_in"] for n in page_notes}
    assert f"page: {page_notes[0]['found_in']}" in cli("licence", "list").stdout
