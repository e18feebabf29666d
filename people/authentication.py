"""API sign-in by token, reading the athlete's own profile in the same query (issue 16, item 5).

Nearly every athlete request names the athlete (`/athletes/{id}/...`): with the profile joined here,
people.selectors.get_visible_athlete answers an athlete about themself without a second query.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token sign-in, the same answers and header, one query with the athlete's profile (none for coaches)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        try:
            token = self.get_model().objects.select_related("user", "user__athlete").get(key=key)
        except self.get_model().DoesNotExist as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token
