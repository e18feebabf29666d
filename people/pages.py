"""Web pages about people: sign-in and password reset, and the helpers every app's pages share (who may see
which athlete, form errors from the API's serializers and services, weekday and time-zone choices). The pages
that gather every app (home, roster, reminder settings) are in accounts/pages.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from rest_framework import serializers

from core.errors import ServiceError
from core.queue import enqueue_on_commit
from people import sign_in_limits
from people.api import sign_in_wait
from people.models import AthleteProfile, User
from people.selectors import athlete_of, get_visible_athlete, visible_athletes

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


# --- shared by every page module ---------------------------------------------------------------------------


def is_coach(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_coach or user.is_staff))


def require_coach(user: User) -> None:
    """Coach pages: coaches and staff only (an athlete gets 403, never another athlete's data)."""
    if not is_coach(user):
        raise PermissionDenied("This page is for coaches.")


def athlete_or_404(request: HttpRequest, athlete_id: int) -> AthleteProfile:
    """The athlete if the signed-in user may see them (themself, their coach, staff), else 404."""
    return get_visible_athlete(request.user, athlete_id)


def own_athlete(user: User) -> AthleteProfile | None:
    return athlete_of(user) if user.is_authenticated else None


def add_errors(form: forms.Form, errors: Mapping[str, Any], aliases: Mapping[str, str] | None = None) -> None:
    """Put API-style errors ({field: [message]}) next to the form's fields; unknown fields go on top."""
    for name, detail in errors.items():
        field = (aliases or {}).get(name, name)
        target = field if field in form.fields else None
        for message in _messages(detail):
            form.add_error(target, message)


def _messages(detail: Any) -> Iterable[str]:
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            for message in _messages(value):
                yield message if key == "non_field_errors" else f"{key}: {message}"
    elif isinstance(detail, list | tuple):
        for item in detail:
            yield from _messages(item)
    elif detail:
        yield str(detail)


def validate_with(
    form: forms.Form,
    serializer_class: type[serializers.Serializer],
    data: Mapping[str, Any],
    context: Mapping[str, Any] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:
    """Validate with the API's own serializer, so a page accepts exactly what the API accepts."""
    serializer = serializer_class(data=dict(data), context=dict(context or {}))
    if serializer.is_valid():
        return dict(serializer.validated_data)
    add_errors(form, serializer.errors, aliases)
    return None


def service_error(form: forms.Form, exc: ServiceError, aliases: Mapping[str, str] | None = None) -> None:
    add_errors(form, {exc.field: [exc.message]}, aliases)


def status_for(form: forms.Form) -> int:
    return 400 if form.is_bound and form.errors else 200


def mondays(today: dt.date, count: int = 6) -> list[dt.date]:
    """This week's Monday and the ones after it."""
    monday = today - dt.timedelta(days=today.weekday())
    return [monday + dt.timedelta(days=7 * i) for i in range(count)]


def date_input(**attrs: str) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


# --- home and signing in -----------------------------------------------------------------------------------


class SignInForm(AuthenticationForm):
    """Django's sign-in form, asking for the email our users sign in with."""

    # Set by SignInView when the attempt is over the limits: the sentence shown, and the password not checked.
    throttled = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "autocapitalize": "none"}
        )

    def clean(self) -> dict[str, Any]:
        if self.throttled:
            raise forms.ValidationError(self.throttled, code="throttled")
        return super().clean()


class SignInView(auth_views.LoginView):
    """Signing in, limited like the API's token endpoint and on the same counters (per address, per account and
    address, per account with growing delays: people.sign_in_limits): over a limit, a 429 page that says how
    long to wait, with Retry-After. A signed-in person is sent on without being counted."""

    template_name = "trainer/pages/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = sign_in_wait(request, email_field="username")
        if refused is None:
            return super().post(request, *args, **kwargs)
        seconds, sentence = refused
        form = self.get_form()
        form.throttled = sentence
        form.is_valid()  # puts the sentence above the form
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 429
        response["Retry-After"] = str(seconds)
        return response

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        sign_in_limits.record(self.request, form.cleaned_data["username"], succeeded=True)
        return super().form_valid(form)

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):  # a password was checked, and was wrong
            sign_in_limits.record(self.request, form.cleaned_data["username"], succeeded=False)
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class OutboxPasswordResetForm(PasswordResetForm):
    """Renders the reset email here and hands it to Celery after commit, like invitations: the page answers at
    once, and an SMTP hiccup is retried by the worker instead of failing the request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html = render_to_string(html_email_template_name, context) if html_email_template_name else None
        enqueue_on_commit("people.tasks.send_email", subject, body, [to_email], html, inline_if_broker_down=True)


class PasswordResetView(auth_views.PasswordResetView):
    """Emails a one-day link through the Celery outbox, like invitations (files by default, SMTP in production)."""

    form_class = OutboxPasswordResetForm
    template_name = "trainer/pages/password_reset_form.html"
    email_template_name = "trainer/pages/email/password_reset.txt"
    html_email_template_name = "trainer/pages/email/password_reset.html"
    subject_template_name = "trainer/pages/email/password_reset_subject.txt"

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        # Links use the configured public address, as invitations do, never the request's Host header.
        return {"site_url": settings.SITE_URL, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "trainer/pages/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "trainer/pages/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "trainer/pages/password_reset_complete.html"


# --- the coach's roster ------------------------------------------------------------------------------------


# --- inviting athletes ------------------------------------------------------------------------------------


# --- reminder settings and the calendar link --------------------------------------------------------------


def athletes_for_choices(user: User) -> list[tuple[int, str]]:
    return [(a.pk, str(a)) for a in visible_athletes(user).order_by("user__name", "id")]


def zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(available_timezones()) if "/" in zone or zone == "UTC"]
