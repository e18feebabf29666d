"""A lost database is a 503 with Retry-After, not a 500; a bug stays a 500. Neither shows a traceback."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.urls("tests.trainer.faulty_urls"), pytest.mark.django_db]


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def test_api_database_gone_is_a_503(client: Client) -> None:
    response = client.post("/api/v1/faults/database/", {}, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "detail": "The database is unavailable for a moment; nothing was saved. Try again shortly."
    }


def test_page_database_gone_is_a_503_page(client: Client) -> None:
    response = client.get("/faults/database/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    assert "Back in a moment" in response.content.decode()


def test_a_bug_is_a_500_without_details(client: Client) -> None:
    response = client.get("/api/v1/faults/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert response.json() == {"detail": "Something went wrong on our side; nothing was saved."}
    assert "column" not in response.content.decode()
