"""The served schema, read once per module by the tests that check answers against it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


@pytest.fixture(scope="module")
def openapi(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()
