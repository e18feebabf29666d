"""The "Delete my account" page: what goes, a password to confirm, then signed out. Thin: the summary comes
from trainer.account_data, the deletion from trainer.accounts (the same service as `DELETE /api/v1/me/`)."""

from __future__ import annotations

import math

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from trainer import accounts
from trainer.account_data import deletion_summary
from trainer.api import PasswordConfirmThrottle
from trainer.pages import own_athlete, service_error, status_for
from trainer.services import ServiceError

CONFIRM = "Type your password to confirm that the account should go."


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your password, asked again because this cannot be undone.",
        error_messages={"required": CONFIRM},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """GET: what deleting the account removes, and a password field; POST: delete, sign out, back to sign-in."""
    form = DeleteAccountForm(request.POST or None)
    throttle = PasswordConfirmThrottle()
    # The same per-account budget as DELETE /api/v1/me/: a borrowed session must not become a password oracle.
    if request.method == "POST" and not throttle.allow_request(request, None):
        minutes = math.ceil((throttle.wait() or throttle.duration) / 60)
        form.add_error(None, f"Too many password attempts. Please wait and try again in {minutes} minutes.")
        response = render(request, "trainer/pages/delete_account.html", _context(request, form), status=429)
        response["Retry-After"] = str(minutes * 60)
        return response
    if request.method == "POST" and form.is_valid():
        try:
            accounts.delete_account(user=request.user, password=form.cleaned_data["password"])
        except ServiceError as exc:
            service_error(form, exc)
        else:
            logout(request)
            # After logout: it empties the session, and the message must outlive it.
            messages.success(request, "Your account is deleted, with everything that was yours in it.")
            return redirect("login")
    return render(request, "trainer/pages/delete_account.html", _context(request, form), status=status_for(form))


def _context(request: HttpRequest, form: DeleteAccountForm) -> dict[str, object]:
    return {"form": form, "athlete": own_athlete(request.user), "lines": deletion_summary(request.user)}
