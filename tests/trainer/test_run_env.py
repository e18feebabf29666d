"""`make run` serves PORT, and the links it sends (emails, the calendar feed) point there (issue 14, item 5)."""

from __future__ import annotations

from trainer.run import site_env


def test_links_follow_the_port_make_run_serves() -> None:
    assert site_env({"PORT": "8123"}) == {"PORT": "8123", "SITE_URL": "http://127.0.0.1:8123"}
    assert site_env({}) == {"PORT": "8000", "SITE_URL": "http://127.0.0.1:8000"}
    # a SITE_URL given (a tunnel, a proxy) wins
    given = {"PORT": "8123", "SITE_URL": "https://trainer.example.org"}
    assert site_env(given)["SITE_URL"] == "https://trainer.example.org"
