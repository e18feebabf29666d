"""Staff can open the admin list and add pages of every model."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

OUR_APPS = {"trainer", "plans", "intake", "recovery", "reminders"}


def test_every_model_of_ours_is_in_the_admin() -> None:
    from django.apps import apps

    ours = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS}
    assert ours <= set(admin.site._registry), ours - set(admin.site._registry)


def test_admin_pages_open(client, roster) -> None:
    client.force_login(roster.staff)
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
