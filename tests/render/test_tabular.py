"""`--format csv` and `--format ndjson` of every list-shaped read command (sqlite-utils' conventions)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from provenance.render import formats_for
from provenance.render.tabular import ROWS, columns
from provenance.results import PublisherList
from tests.web.seeded import seed_store

# command -> how to find the rows in its --format json
COMMANDS = {
    ("docs",): lambda j: j["documents"],
    ("report", "3"): lambda j: [
        {
            "relation": rel,
            "document": v["document"],
            "derivation": v["derivation"],
            "coverage": v["coverage"],
            **m,
        }
        for rel, key in (("source", "sources"), ("reused-by", "reused_by"))
        for v in j[key]
        for m in v["matches"]
    ],
    ("audit", "--all"): lambda j: j["findings"],
    ("licence", "list"): lambda j: j["licences"],
    ("publisher", "list"): lambda j: j["publishers"],
    ("stats", "--by", "month"): lambda j: j["rows"],
    ("graph",): lambda j: j["edges"],
}


def _flat(row: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in row.items():
        if isinstance(v, dict) and k not in {"kinds"}:
            out |= _flat(v, f"{prefix}{k}_")
        else:
            out[f"{prefix}{k}"] = v
    return out


@pytest.mark.parametrize("args", list(COMMANDS), ids=[" ".join(a) for a in COMMANDS])
def test_ndjson_rows_are_the_json_rows_and_csv_holds_them_flattened(cli, tmp_path: Path, args) -> None:
    seed_store(cli, tmp_path)
    cli("publisher", "alias", "Mehr News Agency", "MNA", "Mehr")
    cli("licence", "set", "1", "CC-BY-SA-4.0", "--holder", 'Holder, "quoted"\nand a new line')
    run = lambda fmt: cli(*args, "--format", fmt, *(["--fail-on", "never"] if args[0] == "audit" else []))  # noqa: E731
    expected = COMMANDS[args](json.loads(run("json").stdout))
    assert expected, "the seeded store gives every command some rows"

    lines = run("ndjson").stdout.splitlines()
    assert [json.loads(x) for x in lines] == expected

    reader = csv.DictReader(io.StringIO(run("csv").stdout))
    got = list(reader)
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        for key, value in _flat(want).items():
            if value is None:  # a missing object: every column of it is empty
                cells = [v for k, v in row.items() if k == key or k.startswith(key + "_")]
                assert cells and set(cells) == {""}, key
            elif isinstance(value, str):
                assert row[key] == value
            elif isinstance(value, (bool, list, dict)):
                assert json.loads(row[key]) == value
            else:
                assert float(row[key]) == value


def test_csv_of_nothing_is_its_header_and_ndjson_is_empty(cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One plain sentence about nothing at all here.\n")
    assert cli("ingest", tmp_path / "a.txt").exit_code == 0
    result = cli("publisher", "list", "--format", "csv")
    assert result.exit_code == 0 and result.stdout == "id,name,aliases,noncommercial\n"
    assert cli("publisher", "list", "--format", "ndjson").stdout == ""
    assert cli("graph", "--format", "csv").stdout.startswith("later,earlier,coverage,")


def test_every_list_shaped_result_offers_csv_and_ndjson() -> None:
    for kind in ROWS:
        assert {"csv", "ndjson"} <= set(formats_for(kind)), kind.__name__
    assert columns(ROWS[PublisherList][0]) == [("id",), ("name",), ("aliases",), ("noncommercial",)]
