"""Pages about people. Thin: parse, call a service, render."""

from __future__ import annotations

import sys

from django import forms
from django.contrib.auth import login
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from people import services
from people.invitations import InvalidInvitation


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


class SetPasswordForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=128)
    password_again = forms.CharField(
        label="Password (again)", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=128
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return data


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.check_invitation(token)
    except InvalidInvitation as exc:
        return render(request, "trainer/invite_invalid.html", {"reason": str(exc)}, status=400)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token=token, password=form.cleaned_data["password"])
        except ServiceError as exc:
            form.add_error("password", exc.message)
        except InvalidInvitation as exc:
            return render(request, "trainer/invite_invalid.html", {"reason": str(exc)}, status=400)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("pages-home")
    context = {"form": form, "invitation": invitation}
    return render(request, "trainer/invite.html", context, status=400 if form.errors else 200)


# Seconds a client should wait before retrying while the database is away (a restart takes a few).
DATABASE_RETRY_AFTER_SECONDS = 5


def database_unavailable(exc: BaseException | None) -> bool:
    """A lost, refused or locked database connection, as opposed to a bug or bad data."""
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage is a 503 with Retry-After (the transaction rolled back: retrying is safe);
    anything else a plain 500. JSON for the API, a page for people. Neither touches the database."""
    unavailable = database_unavailable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        detail = (
            "The database is unavailable for a moment; nothing was saved. Try again shortly."
            if unavailable
            else "Something went wrong on our side; nothing was saved."
        )
        response: HttpResponse = JsonResponse({"detail": detail}, status=status)
    else:
        context = {"unavailable": unavailable, "retry_after_seconds": DATABASE_RETRY_AFTER_SECONDS}
        response = HttpResponse(render_to_string("trainer/server_error.html", context), status=status)
    if unavailable:
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response
