"""Licence notes, publishers and the attribution audit, through the CLI."""

from __future__ import annotations

import json

from tests.conftest import SEED_000, SEED_002

NOTICE = "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 International License."


def _seeds(cli, first_date: str, second_date: str) -> None:
    assert cli("ingest", SEED_000, "--published-at", first_date).exit_code == 0
    assert cli("ingest", SEED_002, "--published-at", second_date).exit_code == 0


def _audit(cli, *args: str) -> tuple[int, dict]:
    res = cli("audit", "--format", "json", *args)
    return res.exit_code, json.loads(res.stdout)


def test_seed_notice_is_detected_with_offsets(cli):
    _seeds(cli, "2022-10-15", "2022-10-16")
    shown = json.loads(cli("show", SEED_002.name, "--format", "json").stdout)
    [lic] = shown["licences"]
    assert (lic["spdx"], lic["holder"], lic["origin"], lic["scope"]) == (
        "CC-BY-4.0",
        "Mehr News Agency",
        "detected",
        "document",
    )
    text = SEED_002.read_text(encoding="utf-8")
    assert text[lic["start"] : lic["end"]] == lic["notice"] == NOTICE
    assert json.loads(cli("show", SEED_000.name, "--format", "json").stdout)["licences"] == []


def test_seed_audit_000_first_is_unlicensed_reuse(cli):
    _seeds(cli, "2022-10-15", "2022-10-16")
    code, report = _audit(cli)
    assert code == 3
    [finding] = report["findings"]
    assert finding["rule"] == "unlicensed-reuse" and finding["severity"] == "error"
    assert finding["licence"] == "unknown"
    assert finding["document"]["path"] == str(SEED_002.resolve())
    assert finding["source"]["path"] == str(SEED_000.resolve())
    assert "not credited" in finding["message"]
    assert report["summary"]["edges"] == 1 and report["summary"]["verdicts"]["error"] == 1


def test_seed_audit_002_first_breaks_cc_by(cli):
    _seeds(cli, "2022-10-17", "2022-10-16")  # 002 is now the earlier article
    code, report = _audit(cli, "--fail-on", "never")
    assert code == 0
    rules = {(f["rule"], f["severity"]) for f in report["findings"]}
    assert rules == {
        ("missing-credit", "error"),
        ("missing-licence-notice", "error"),
        ("changes-not-indicated", "warning"),
    }
    for f in report["findings"]:
        assert f["licence"] == "CC-BY-4.0"
        assert f["document"]["path"] == str(SEED_000.resolve())
        assert set(f) == {"document", "source", "rule", "severity", "licence", "message", "direction", "via"}
    assert "Mehr News Agency" in next(
        f["message"] for f in report["findings"] if f["rule"] == "missing-credit"
    )


def test_credit_through_an_alias_and_licence_named(cli, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text(
        "The ministry confirmed that the northern pipeline will reopen on Monday after three weeks of repairs. "
        "Engineers replaced forty metres of corroded steel near the border crossing. "
        "Exports are expected to return to normal levels within a fortnight. " + NOTICE
    )
    copy = tmp_path / "copy.txt"
    copy.write_text(
        "The ministry confirmed that the northern pipeline will reopen on Monday after three weeks of repairs. "
        "Engineers replaced forty metres of corroded steel near the border crossing. "
        "Exports are expected to return to normal levels within a fortnight.\n"
        "Source: MNA\nThis article is licensed under CC BY 4.0."
    )
    cli("ingest", source, "--published-at", "2022-10-15", "--publisher", "Mehr News Agency")
    cli("ingest", copy, "--published-at", "2022-10-16")
    code, before = _audit(cli)
    assert code == 3  # "MNA" is not yet known to mean Mehr News Agency
    assert [f["rule"] for f in before["findings"]] == ["missing-credit"], before
    assert cli("publisher", "alias", "Mehr News Agency", "MNA", "Mehr").exit_code == 0
    code, after = _audit(cli, "--all")
    assert code == 0, after
    assert {f["rule"] for f in after["findings"]} <= {"compliant", "same-holder"}
    assert after["summary"]["verdicts"] == {"error": 0, "warning": 0, "ok": 1}
    listed = json.loads(cli("publisher", "list", "--format", "json").stdout)["publishers"]
    assert listed[0]["name"] == "Mehr News Agency" and set(listed[0]["aliases"]) == {"MNA", "Mehr"}


def test_declared_licences_and_precedence(cli):
    _seeds(cli, "2022-10-15", "2022-10-16")
    assert (
        cli(
            "licence",
            "set",
            "--publisher",
            "Tehran Times",
            "LicenseRef-All-Rights-Reserved",
            "--holder",
            "Tehran Times",
            "--create",
        ).exit_code
        == 0
    )
    assert cli("licence", "set", SEED_000.name, "cc-by-sa-4.0", "--holder", "Tehran Times").exit_code == 0
    listed = json.loads(cli("licence", "list", "--format", "json").stdout)["licences"]
    declared = [
        (e["spdx"], e["origin"], e["publisher"], e["document_id"])
        for e in listed
        if e["origin"] == "declared"
    ]
    assert ("CC-BY-SA-4.0", "declared", None, 1) in declared  # canonical case
    assert ("LicenseRef-All-Rights-Reserved", "declared", "Tehran Times", None) in declared
    code, report = _audit(cli, "--fail-on", "never")
    rules = {f["rule"] for f in report["findings"]}
    assert "sharealike-mismatch" in rules  # 002 (CC BY) adapts CC BY-SA text
    assert all(f["licence"] == "CC-BY-SA-4.0" for f in report["findings"])


def test_licence_usage_errors(cli):
    cli("ingest", SEED_000)
    bad = cli("licence", "set", "1", "Creative-Commons-Whatever")
    assert bad.exit_code == 2 and "licence 'Creative-Commons-Whatever' not recognised" in bad.stderr
    assert cli("licence", "set", "CC-BY-4.0").exit_code == 2
    unknown = cli("licence", "set", "--publisher", "Tehran Timez", "CC-BY-4.0")
    assert unknown.exit_code == 1 and "no publisher 'Tehran Timez'" in unknown.stderr
    # ingest --licence with a value the grammar cannot read stores the article, keeping the value
    res = cli("ingest", SEED_002, "--licence", "nonsense-id")
    assert res.exit_code == 0
    assert "licence 'nonsense-id' not recognised; stored as LicenseRef-unrecognised" in res.stderr
    noted = [n for n in json.loads(cli("licence", "list", "--format", "json").stdout)["licences"]
             if n["origin"] == "declared"]  # fmt: skip
    assert [(n["spdx"], n["notice"]) for n in noted] == [("LicenseRef-unrecognised", "nonsense-id")]


def test_audit_gates_on_warnings_and_per_document(cli):
    _seeds(cli, "2022-10-17", "2022-10-16")
    assert cli("audit", "--fail-on", "warning").exit_code == 3
    assert cli("audit", "--fail-on", "never").exit_code == 0
    code, mine = _audit(cli, SEED_002.name)  # 002 reuses nothing
    assert code == 0 and mine["findings"] == []
    code, others = _audit(cli, SEED_002.name, "--as-source")
    assert code == 3 and {f["source"]["id"] for f in others["findings"]} == {2}
    table = cli("audit")
    assert "missing-credit" in table.stdout and "1 reuse edge: 1 with errors" in table.stdout
