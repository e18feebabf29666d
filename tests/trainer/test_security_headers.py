"""Security headers from the test client: the Content-Security-Policy on pages, the API docs and the admin (and
pages that keep to it: no inline script or style), nosniff, the referrer policy, frames refused; HSTS only with
production settings, checked in a subprocess the way tests/trainer/test_settings.py runs `check --deploy`."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client

from people.logs import local_today
from plans import services
from recovery import charts
from tests.factories import AthleteFactory, CoachFactory, StaffFactory
from tests.trainer.test_settings import PRODUCTION, manage

POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}


def policy(response) -> dict[str, set[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: set(sources) for name, *sources in directives}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def planned_pair(db):
    coach = CoachFactory(name="Casey Coach")
    athlete = AthleteFactory(coaches=[coach], user__name="Ana Athlete", level="intermediate", weekly_minutes_target=300)
    today = local_today(athlete)
    plan = services.generate_plan(athlete=athlete, week_start=today - dt.timedelta(days=today.weekday()), author=coach)
    return coach, athlete, plan


def page_urls(planned_pair) -> dict[object, list[str]]:
    coach, athlete, plan = planned_pair
    a = athlete.pk
    return {
        None: ["/login/", "/password-reset/"],
        athlete.user: [f"/athletes/{a}/today/", f"/athletes/{a}/trends/", f"/athletes/{a}/week/"],
        coach: ["/coach/", f"/coach/athletes/{a}/", f"/coach/plans/{plan.pk}/", "/coach/invite/"],
    }


def test_pages_carry_the_policy_and_keep_to_it(planned_pair) -> None:
    for user, urls in page_urls(planned_pair).items():
        client = signed_in(user) if user else Client()
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert policy(response) == POLICY, url
            html = response.content.decode()
            # Everything a page runs or styles itself with comes from a file: nothing inline to allow.
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {url}"
            assert "<style" not in html and not re.search(r"\sstyle=", html), f"inline style on {url}"
            assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {url}"
            if "htmx" in html:
                assert '"includeIndicatorStyles":false' in html, url


def test_the_older_base_template_keeps_to_it_too(db) -> None:
    response = Client().get("/invite/not-a-token/")  # trainer/base.html
    assert response.status_code == 400 and policy(response) == POLICY
    html = response.content.decode()
    assert "<style" not in html and "/static/trainer/base.css" in html


def test_charts_bring_their_styles_from_a_file(planned_pair) -> None:
    _, athlete, _ = planned_pair
    html = signed_in(athlete.user).get(f"/athletes/{athlete.pk}/trends/").content.decode()
    assert html.count("<svg ") == 4 and "/static/trainer/charts.css" in html
    for kind in ("load", "water", "minerals", "wellness"):
        assert f'class="pygal-chart chart-{kind}"' in html


def test_the_chart_stylesheet_is_current() -> None:
    """trainer/static/trainer/charts.css is what pygal would have put inline; after changing a chart or pygal,
    `python -m recovery.charts` writes it again."""
    assert charts.STYLESHEET.read_text(encoding="utf-8") == charts.stylesheet()
    day = dt.date(2026, 3, 2)
    rows = [
        {
            "date": (day + dt.timedelta(days=i)).isoformat(),
            "session_load": 300.0,
            "acute": 1.0,
            "chronic": 2.0,
            "acwr": 1.1,
        }
        for i in range(30)
    ]
    assert charts.load_chart(rows).css in charts.stylesheet()  # the numbers change nothing in the styles


def test_api_docs_allow_only_their_own_inline_style(db) -> None:
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    found = policy(response)
    assert found["script-src"] == {"'self'"}
    extra = found["style-src"] - {"'self'"}
    assert extra and all(source.startswith("'sha256-") for source in extra), found["style-src"]
    assert {k: v for k, v in found.items() if k != "style-src"} == {k: v for k, v in POLICY.items() if k != "style-src"}
    html = response.content.decode()
    assert "?script=" in html and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # the split view
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_other_pages_keep_the_strict_style_src(db) -> None:
    assert policy(Client().get("/login/"))["style-src"] == {"'self'"}


def test_admin_carries_the_policy(db) -> None:
    assert policy(Client().get("/admin/login/")) == POLICY
    staff = signed_in(StaffFactory())
    for url in ("/admin/", "/admin/trainer/user/"):
        response = staff.get(url)
        assert response.status_code == 200 and policy(response) == POLICY, url


@pytest.mark.parametrize("url", ["/login/", "/api/docs/", "/admin/login/"])
def test_the_other_headers(db, url: str) -> None:
    response = Client().get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response  # DEBUG or plain HTTP: no HSTS


def test_api_responses_carry_nosniff_too(db) -> None:
    response = Client().get("/api/v1/me/")
    assert response.status_code == 401 and response["X-Content-Type-Options"] == "nosniff"


def test_production_adds_hsts_and_keeps_the_rest() -> None:
    code = (
        "import json; from django.test import Client;"
        "r = Client().get('/login/', secure=True, HTTP_HOST='trainer.example.org');"
        "print(json.dumps({'status': r.status_code, **dict(r.headers)}))"
    )
    result = manage("shell", "-c", code, env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
