"""Limits on every request body (issue 18, item 1): JSON nested too deep or malformed in any way answers 400 with
{"detail"}, a body past the size limit 413 with {"detail"} before it is read, and no body gives a 5xx, signed in
or not. A route may take larger bodies (a workout file) by naming its own limit."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework import parsers as drf_parsers
from rest_framework.test import APIClient

from core import parsers
from people import services
from tests.people.test_log_corrections_api import KINDS, body, new_log, path_of

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
ANONYMOUS = ["/api/v1/auth/token/", "/api/v1/auth/signup/", "/api/v1/auth/invitations/accept/"]


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def raw_client(user=None) -> APIClient:
    """A client that answers a server error as the 500 it is, signed in with a real API token when given a user."""
    client = APIClient(raise_request_exception=False)
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {services.api_token_for(user)}")
    return client


def send(client: APIClient, method: str, url: str, content: str | bytes, content_type: str = "application/json"):
    return getattr(client, method)(url, data=content, content_type=content_type)


@pytest.fixture
def athlete_urls(roster) -> list[tuple[str, str]]:
    """(method, url) of the athlete's log endpoints: a new log of each kind, and a correction of one."""
    athlete, client = roster.athlete_a, roster.clients["athlete_a"]
    urls = [("post", f"/api/v1/athletes/{athlete.pk}/{kind}/") for kind in KINDS]
    urls += [("patch", path_of(athlete, kind, new_log(client, athlete, kind)["id"])) for kind in KINDS]
    return urls


# --- depth ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ANONYMOUS)
def test_a_thousand_nested_arrays_are_a_400_without_signing_in(url: str) -> None:
    for nested in (deep(1000), '{"a":' * 1000 + "1" + "}" * 1000, '{"email": ' + deep(100_000) + "}"):
        response = send(raw_client(), "post", url, nested)
        assert response.status_code == 400, response.content
        assert response["Content-Type"] == "application/json"
        assert "levels deep" in response.json()["detail"]


def test_deep_bodies_are_a_400_on_the_log_endpoints(roster, athlete_urls) -> None:
    client = raw_client(roster.athlete_a.user)
    for method, url in athlete_urls:
        response = send(client, method, url, deep(1000))
        assert response.status_code == 400, (url, response.content)
        assert "at most 32 levels" in response.json()["detail"]


def test_depth_up_to_the_limit_parses_and_brackets_in_strings_do_not_count(roster) -> None:
    athlete = roster.athlete_a
    url = f"/api/v1/athletes/{athlete.pk}/meals/"
    meal = body("meals", athlete) | {"notes": "[[[{{{" * 40, "extra": json.loads(deep(parsers.MAX_DEPTH - 1))}
    response = raw_client(athlete.user).post(url, meal, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["notes"] == "[[[{{{" * 40
    assert parsers.nesting_depth(deep(parsers.MAX_DEPTH)) == parsers.MAX_DEPTH
    assert parsers.nesting_depth(r'{"a": "\"[[[", "b": [[]]}') == 3


def test_every_api_view_parses_json_with_the_depth_limit() -> None:
    """The parser is DRF's default, and no view names DRF's own JSON parser instead."""

    def views(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "cls"):
                yield prefix + str(pattern.pattern), pattern.callback.cls

    found = dict(views(get_resolver().url_patterns))
    assert len([route for route in found if route.startswith("api/v1/")]) >= 40
    assert parsers.JSONParser in found["api/v1/auth/token/"].parser_classes
    for route, view in found.items():
        json_parsers = [p for p in view.parser_classes if issubclass(p, drf_parsers.JSONParser)]
        assert all(issubclass(p, parsers.JSONParser) for p in json_parsers), route  # none: JSON is a 415


# --- malformed JSON of any shape ----------------------------------------------------------------------------


MALFORMED = [
    b"{",
    b'{"email": "a@b.co", "password": }',
    b'{"email": "a@b.co"} trailing',
    b'{"email": NaN}',
    b'{"email": Infinity}',
    b'{"mass": 1e999}',
    b'{"mass": -1e400}',
    b'{"n": ' + b"9" * 5000 + b"}",  # past Python's digit limit for int()
    b"\xff\xfe{}",
    b'"unterminated \\" string',
    b'"\\' * 20_000,  # an unterminated string of escapes: the depth scan stays linear
    b"\x00",
    b" ",
]


@pytest.mark.parametrize("content", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_json_is_a_400_with_a_detail(content: bytes) -> None:
    response = send(raw_client(), "post", "/api/v1/auth/token/", content)
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith("The body is not valid JSON")


@pytest.mark.parametrize("content", ["[1, 2]", "null", '"text"', "42", "true", "[]", "{}"])
def test_json_that_is_not_an_object_is_a_400(roster, athlete_urls, content: str) -> None:
    for client, urls in (
        (raw_client(), [("post", u) for u in ANONYMOUS]),
        (raw_client(roster.athlete_a.user), athlete_urls),
    ):
        for method, url in urls:
            response = send(client, method, url, content)
            # an empty object is a valid correction that changes nothing
            expected = {200} if (content == "{}" and method == "patch") else {400}
            assert response.status_code in expected, (url, content, response.content)


# --- size -----------------------------------------------------------------------------------------------------


def test_a_10_mb_json_body_is_a_json_413(roster, athlete_urls) -> None:
    big = json.dumps({"email": "a" * 10_000_000, "password": "x"})
    for client, urls in (
        (raw_client(), [("post", u) for u in ANONYMOUS]),
        (raw_client(roster.athlete_a.user), athlete_urls),
    ):
        for method, url in urls:
            response = send(client, method, url, big)
            assert response.status_code == 413, (url, response.content)
            assert response["Content-Type"] == "application/json"
            assert response.json() == {
                "detail": "The request body is larger than this address accepts (at most 2.6 MB)."
            }


def test_the_limit_is_djangos_upload_setting(settings, roster) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    url = f"/api/v1/athletes/{roster.athlete_a.pk}/water/"
    client = raw_client(roster.athlete_a.user)
    water = body("water", roster.athlete_a)
    assert client.post(url, water | {"notes": "x" * 100}, format="json").status_code == 201
    refused = client.post(url, water | {"notes": "x" * 1000}, format="json")
    assert refused.status_code == 413
    assert refused.json()["detail"].endswith("(at most 1 kB).")


def test_big_forms_are_json_answers_too() -> None:
    client = raw_client()
    big_form = client.post("/api/v1/auth/token/", {"email": "a" * 3 * MIB, "password": "x"})
    assert big_form.status_code == 413
    assert "larger than this address accepts" in big_form.json()["detail"]
    many = "&".join(f"field{i}=1" for i in range(2000))
    too_many = send(client, "post", "/api/v1/auth/token/", many, "application/x-www-form-urlencoded")
    assert too_many.status_code == 400
    assert too_many.json() == {"detail": "The form sends too many fields or files."}


def test_pages_keep_djangos_answer() -> None:
    """Only API routes answer in JSON; a page's form past the limit stays Django's 400 page."""
    response = APIClient(raise_request_exception=False).post("/login/", {"email": "a" * 3 * MIB, "password": "x"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_the_workout_file_upload_takes_larger_files(roster) -> None:
    """The upload route names its own limit (25 MB of file, plus the multipart envelope); others keep theirs."""
    athlete = roster.athlete_a
    client = raw_client(athlete.user)
    url = f"/api/v1/athletes/{athlete.pk}/workouts/import/"
    five = SimpleUploadedFile("ride.fit", b"\x0e" * 5 * MIB)
    read = client.post(url, {"file": five}, format="multipart")
    assert read.status_code == 400, read.content  # read whole, and found not to be a workout file
    assert list(read.json()) == ["file"]
    big = SimpleUploadedFile("ride.fit", b"\x0e" * 26 * MIB)
    refused = client.post(url, {"file": big}, format="multipart")
    assert refused.status_code == 413
    assert "larger than this address accepts (at most 26.3 MB)" in refused.json()["detail"]
    other = client.post(f"/api/v1/athletes/{athlete.pk}/water/", {"file": SimpleUploadedFile("a.fit", b"1" * 3 * MIB)})
    assert other.status_code == 413


# --- no body gives a 5xx ------------------------------------------------------------------------------------


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
# Now and then a key the endpoints read, so the values reach their fields.
FIELDS = ["email", "password", "name", "token", "date", "minutes", "rpe", "water_ml", "at", "items", "notes", "food"]
objects = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), json_values, max_size=6)


def nest(value: object, levels: int) -> object:
    for _ in range(levels):
        value = [value]
    return value


bodies = st.one_of(
    json_values.map(json.dumps),
    objects.map(json.dumps),
    st.tuples(json_values, st.integers(0, 200)).map(lambda pair: json.dumps(nest(*pair))),
    st.tuples(objects.map(json.dumps), st.integers(0, 40)).map(lambda pair: pair[0][: len(pair[0]) - pair[1]]),
    st.binary(max_size=200),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=bodies, which=st.integers(min_value=0))
def test_no_json_body_gives_a_server_error(roster, athlete_urls, content: str | bytes, which: int) -> None:
    from django.core.cache import cache

    cache.clear()  # the throttle counters: every example reaches its view
    targets = [(raw_client(), "post", url) for url in ANONYMOUS]
    targets += [(raw_client(roster.athlete_a.user), method, url) for method, url in athlete_urls]
    client, method, url = targets[which % len(targets)]
    response = send(client, method, url, content)
    assert response.status_code < 500, (url, content, response.content)
    if response.status_code == 400:
        assert response["Content-Type"] == "application/json"
