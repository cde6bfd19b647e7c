"""The web view's routes through Starlette's test client: pages, filters, errors, and JSON in the
shapes of the CLI's --format json."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from provenance.cli.serve import _is_loopback
from tests.conftest import SEED_000
from tests.web.seeded import seed_store


@pytest.fixture
def client(cli, tmp_path, store):
    seed_store(cli, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from provenance.web.app import create_app

    return TestClient(create_app(store))


@pytest.mark.parametrize("path", ["/", "/documents", "/documents/2", "/documents/3", "/publishers", "/audit"])
def test_every_page_is_html_without_scripts(client, path) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src" not in r.headers["content-security-policy"]  # default-src 'none': no script at all
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "<script" not in r.text


@pytest.mark.parametrize(
    ("api", "cli_args"),
    [
        ("/api/documents", ["docs"]),
        ("/api/documents/2", ["show", "2"]),
        ("/api/documents/2/report", ["report", "2"]),
        ("/api/publishers", ["publisher", "list"]),
        ("/api/licences", ["licence", "list"]),
        ("/api/audit", ["audit", "--all"]),
    ],
)
def test_json_behind_the_pages_is_the_clis(client, cli, api, cli_args) -> None:
    r = client.get(api)
    assert r.status_code == 200
    expected = json.loads(cli(*cli_args, "--format", "json").stdout)
    assert r.json() == expected


def test_filters_and_errors(client) -> None:
    assert [d["id"] for d in client.get("/api/documents?publisher=evil").json()["documents"]] == [3]
    assert [d["id"] for d in client.get("/api/documents?limit=1&offset=1").json()["documents"]] == [2]
    errors = client.get("/api/audit?severity=error").json()["findings"]
    assert errors and {f["severity"] for f in errors} == {"error"}
    assert client.get("/api/audit?rule=no-such-rule").json()["findings"] == []
    assert client.get("/api/documents/99").status_code == 404
    assert (
        client.get("/documents/99").status_code == 404 and "no document" in client.get("/documents/99").text
    )
    assert client.get("/api/documents?limit=x").status_code == 400
    assert client.get("/api/audit?severity=loud").status_code == 400


def test_paste_search_page_and_api(client) -> None:
    paragraph = SEED_000.read_text(encoding="utf-8").splitlines()[1]
    page = client.post("/search", data={"text": paragraph})
    assert page.status_code == 200 and 'id="hit-2"' in page.text and "Amir-Abdollahian stated" in page.text
    as_json = client.post("/api/search", json={"text": paragraph}).json()
    assert {h["document"]["id"] for h in as_json["hits"]} >= {1, 2}
    assert client.get("/api/search", params={"text": paragraph}).json() == as_json | {"name": "pasted text"}
    assert client.post("/api/search", json={"text": " "}).status_code == 400
    assert client.post("/search", data={"text": paragraph, "published_at": "soon"}).status_code == 400


def test_loopback_and_the_warning_for_other_addresses(db_url, store) -> None:
    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.5")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "provenance"),
            "--db",
            db_url,
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline() if proc.stderr else ""
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert line.startswith("warning: listening on 0.0.0.0") and "every stored article" in line
