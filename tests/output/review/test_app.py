"""The review app through Flask's test client: the token, verdicts and corrections, filters,
the queue, the inputs not read, the language, and escaping of hostile texts."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient

from declform.output import Amounts, FormRecord, Funding, Project, RecordWarning
from declform.output.json_writer import read_record, write_record
from declform.output.review.app import TOKEN_COOKIE, create_app
from declform.output.review.site import PageFrames
from declform.output.review.values import value_lines
from declform.output.review.verdicts import VerdictStore
from tests.output.review.kit import ANNUAL_FORM, cells, indicator, record

SCRIPT = "<script>alert(1)</script>"
HOSTILE_FILE = "<img src=x onerror=alert(2)>.pdf"
NAME = "f01/form.json"


def _form() -> FormRecord:
    table = cells(ANNUAL_FORM)
    provenance = {"project.name": (1,), "indicators[0].value": (23,)}
    return record(
        table,
        path=HOSTILE_FILE,
        title=SCRIPT,
        project=Project(name="百家科技"),
        funding=Funding(annual=Amounts(total=1100.0, fiscal=1100.0, other=None)),
        indicators=(indicator("认定企业数量", "≥7家"), indicator(SCRIPT, "≥90%")),
        provenance=provenance,
        warnings=(
            RecordWarning("low_confidence", "cell read as ≥7家", field="indicators[0].value"),
        ),
    )


def _pages(form: FormRecord) -> PageFrames:
    return PageFrames({1: np.full((900, 600), 255, dtype=np.uint8)})


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    write_record(_form(), tmp_path / NAME)
    return create_app(tmp_path, _pages, token="secret-token", who="li")


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert client.get("/?token=secret-token").status_code == 200  # sets the cookie
    return client


def _verdict(client: FlaskClient, **data: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = client.post("/api/verdict", json={"record": NAME, **data})
    return response.status_code, response.get_json()


def test_a_request_without_the_token_is_refused(app: Flask) -> None:
    anonymous = app.test_client()
    for url in ("/", f"/form/{NAME}", "/queue", "/assets/app.js", f"/crop/{NAME}?field=title"):
        assert anonymous.get(url).status_code == 403
    assert anonymous.get("/?token=wrong").status_code == 403
    assert anonymous.post("/api/verdict", json={"record": NAME}).status_code == 403
    response = anonymous.get("/?token=secret-token")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{TOKEN_COOKIE}=secret-token") and "HttpOnly" in cookie
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert anonymous.get(f"/form/{NAME}").status_code == 200  # the cookie now
    assert anonymous.post("/api/verdict", data="record=x").status_code == 415


def test_accept_flag_and_correct_are_journalled_and_the_correction_applied(
    client: FlaskClient, tmp_path: Path
) -> None:
    assert _verdict(client, field="project.name", verdict="accept")[0] == 200
    status, answer = _verdict(client, field="indicators[1].value", verdict="flag", comment="seal")
    assert status == 200 and answer["status"] == "in_review"
    status, answer = _verdict(client, field="indicators[0].value", verdict="correct", new="≥ 8 家")
    assert status == 200
    assert answer["shown"] == "≥ 8 家" or answer["shown"] == "≥8家"
    assert "number 8" in answer["parsed"]

    latest = VerdictStore(tmp_path).latest()
    assert {field: v.verdict for (_, field), v in latest.items()} == {
        "project.name": "accept",
        "indicators[1].value": "flag",
        "indicators[0].value": "correct",
    }
    assert latest[(NAME, "indicators[0].value")].old == "≥7家"
    assert latest[(NAME, "indicators[1].value")].comment == "seal"
    written = read_record(tmp_path / NAME)
    assert written.indicators[0].parsed is not None and written.indicators[0].parsed["number"] == 8
    assert [(c.field, c.machine, c.who) for c in written.corrections] == [
        ("indicators[0].value", "≥7家", "li")
    ]
    page = client.get(f"/form/{NAME}").get_data(as_text=True)
    assert "≥7家" in page  # the machine's reading beside the corrected value


def test_a_correction_the_parser_cannot_read_is_refused_and_rules_are_shown(
    client: FlaskClient,
) -> None:
    status, answer = _verdict(client, field="funding.annual.total", verdict="correct", new="很多")
    assert status == 400 and "not an amount" in answer["error"]
    check = client.post(
        "/api/check", json={"record": NAME, "field": "funding.annual.total", "new": "1200"}
    ).get_json()
    assert check["shown"] == "1200" and check["failures"]
    assert "funding_sum_mismatch" in check["failures"][0]
    assert _verdict(client, field="nothing.here", verdict="accept")[0] == 400
    assert _verdict(client, field="title", verdict="maybe")[0] == 400


def test_hostile_texts_are_escaped_everywhere(client: FlaskClient) -> None:
    for url in ("/", f"/form/{NAME}"):
        page = client.get(url).get_data(as_text=True)
        assert SCRIPT not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;.pdf" in client.get("/").get_data(as_text=True)


def test_filters_by_warning_code_confidence_and_kind(client: FlaskClient) -> None:
    def fields(query: str) -> list[str]:
        page = client.get(f"/form/{NAME}?{query}").get_data(as_text=True)
        return [part.split('"')[0] for part in page.split('data-field="')[1:]]

    assert fields("code=low_confidence") == ["indicators[0].value"]
    assert fields("kind=indicator_value") == ["indicators[0].value", "indicators[1].value"]
    assert fields("below=0.5") == []
    assert len(fields("")) > 20
    index = client.get("/?code=value_grammar").get_data(as_text=True)
    assert NAME not in index


def test_form_status_on_the_form_page_and_the_index(client: FlaskClient) -> None:
    assert "未审核" in client.get("/").get_data(as_text=True)
    response = client.post("/api/status", json={"record": NAME, "status": "done"})
    assert response.get_json() == {"status": "done"}
    assert "已完成" in client.get("/").get_data(as_text=True)
    assert "已完成" in client.get(f"/form/{NAME}").get_data(as_text=True)
    assert client.post("/api/status", json={"record": "../x", "status": "done"}).status_code == 400


def test_english_on_request(client: FlaskClient) -> None:
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Forms" in page and "unreviewed" in page
    assert "Forms" in client.get("/").get_data(as_text=True)  # kept in a cookie


def test_the_audit_sample_is_a_queue_with_progress(client: FlaskClient, tmp_path: Path) -> None:
    values = [{"record": NAME, "field": f, "stratum": "s"} for f in ("title", "project.name")]
    (tmp_path / "audit").mkdir()
    (tmp_path / "audit" / "sample.json").write_text(
        json.dumps({"seed": 1, "by": "field-kind", "values": values}), encoding="utf-8"
    )
    assert "已审 0 / 共 2" in client.get("/queue").get_data(as_text=True)
    _verdict(client, field="title", verdict="accept")
    page = client.get("/queue").get_data(as_text=True)  # opens at the first open value
    assert "已审 1 / 共 2" in page and 'data-field="project.name"' in page
    assert "/crop/f01/form.json?field=project.name" in page


def test_inputs_not_read_are_listed(client: FlaskClient, tmp_path: Path) -> None:
    manifest = {
        "format": "declform-manifest/1",
        "inputs": [
            {"path": "bad.pdf", "status": "failed", "reason": "InputError: encrypted", "pages": []},
            {"path": "two.pdf", "status": "done", "reason": None, "pages": [
                {"page": 2, "status": "not-a-form", "reason": "no table"}]},
        ],
    }  # fmt: skip
    (tmp_path / ".declform").mkdir()
    (tmp_path / ".declform" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    page = client.get("/").get_data(as_text=True)
    assert "bad.pdf" in page and "InputError: encrypted" in page and "no table" in page


def test_a_crop_comes_from_the_provenance_cell(client: FlaskClient, tmp_path: Path) -> None:
    response = client.get(f"/crop/{NAME}?field=project.name")
    assert response.status_code == 200 and response.mimetype == "image/png"
    # the page rebuilt once: every value's crop is cut from it at once
    cells = {
        (line.cell.page, line.cell.bbox) for line in value_lines(NAME, _form(), {}) if line.cell
    }
    assert len(list((tmp_path / "review" / "img").glob("*.png"))) == len(cells) > 1
    assert client.get(f"/crop/{NAME}?field=title").status_code == 404  # no cell, no crop
    assert client.get("/crop/../x.json?field=title").status_code == 404


def test_the_record_changes_under_the_app(client: FlaskClient, tmp_path: Path) -> None:
    changed = replace(read_record(tmp_path / NAME), project=Project(name="新名称"))
    write_record(changed, tmp_path / NAME)
    assert "新名称" in client.get(f"/form/{NAME}").get_data(as_text=True)
