"""Pages about people. Thin: parse, call a service, render."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from trainer import services
from trainer.invitations import InvalidInvitation


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
        except services.ServiceError as exc:
            form.add_error("password", exc.message)
        except InvalidInvitation as exc:
            return render(request, "trainer/invite_invalid.html", {"reason": str(exc)}, status=400)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("pages-home")
    context = {"form": form, "invitation": invitation}
    return render(request, "trainer/invite.html", context, status=400 if form.errors else 200)
