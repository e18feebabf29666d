"""System checks for the address the sign-in limits count (issue 18, item 2; README, Settings: NUM_PROXIES).

What a request will carry cannot be known at startup, so these judge the settings against the deployment they
imply: runserver (DEBUG) has no proxy in front, and production (DEBUG off) expects one, since it trusts
X-Forwarded-Proto. At run time people.sign_in_limits logs once when a sign-in arrives without X-Forwarded-For
although NUM_PROXIES says proxies append it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

HINT = "Set NUM_PROXIES to the number of proxies in front of the app that append to X-Forwarded-For (0 for none)."


def _num_proxies() -> Any:
    return getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES")


@register(Tags.security)
def check_num_proxies(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    """An impossible NUM_PROXIES is an error; a proxy count under runserver, where no proxy can be, a warning."""
    value = _num_proxies()
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return [
            Error(
                f"REST_FRAMEWORK['NUM_PROXIES'] is {value!r}: the sign-in limits need a whole number, 0 or more. "
                "None would believe every address a client writes in X-Forwarded-For.",
                hint=HINT,
                id="trainer.E001",
            )
        ]
    if value > 0 and settings.DEBUG:
        return [
            Warning(
                f"NUM_PROXIES is {value} with DEBUG on: the development server has no proxy in front, so the "
                "sign-in limits would count whatever address a client writes in X-Forwarded-For.",
                hint="Leave NUM_PROXIES unset (0) for `make run` and runserver.",
                id="trainer.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_num_proxies_in_production(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Production trusts a proxy's X-Forwarded-Proto; with NUM_PROXIES 0 every client would then share the
    proxy's address, and so one address's sign-in budget."""
    if settings.DEBUG or _num_proxies() != 0 or not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []
    return [
        Warning(
            "NUM_PROXIES is 0 while HTTPS is taken from a proxy's X-Forwarded-Proto: behind that proxy every "
            "client would count as the proxy's address, and share one budget of sign-in attempts.",
            hint=HINT,
            id="trainer.W002",
        )
    ]
