"""Account pages: a coach signs up, anyone changes their password or deletes their account, a coach invites an
athlete who already has an account to their roster or takes one off it, and an athlete accepts a roster
invitation. Thin: each form is checked by the API's own serializer where one exists, and every write is a service
(people.services, people.accounts: the same ones the API calls)."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.account_data import deletion_summary
from core.errors import ServiceError
from people import accounts, services, views
from people.api import PasswordConfirmThrottle, SignupSerializer
from people.invitations import InvalidInvitation
from people.pages import (
    athlete_or_404,
    own_athlete,
    require_coach,
    service_error,
    status_for,
    validate_with,
    zone_choices,
)
from people.selectors import on_roster
from reminders import services as reminder_services

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


def _too_many(throttle: SimpleRateThrottle, what: str) -> tuple[str, int]:
    """The sentence for a refused attempt and the seconds to wait (Retry-After)."""
    seconds = max(1, math.ceil(throttle.wait() or throttle.duration))
    minutes = math.ceil(seconds / 60)
    return f"Too many {what}. Please wait and try again in {minutes} minute{'s' if minutes != 1 else ''}.", seconds


# --- a coach signs up -------------------------------------------------------------------------------------


class SignupAddressThrottle(SimpleRateThrottle):
    """Sign-ups per client address (the `signup` rate), on the very counter DRF's ScopedRateThrottle keeps for
    anonymous `POST /api/v1/auth/signup/`: the page and the API share one budget."""

    scope = "signup"

    def get_cache_key(self, request: Request | HttpRequest, view: APIView | None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SignupForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"})
    )
    password = forms.CharField(
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters, not a common password, and not like your name or email.",
    )
    password_again = forms.CharField(
        label="Password (again)",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    time_zone = forms.ChoiceField(
        choices=zone_choices, initial="UTC", help_text="Where you live: your digest and alerts follow its clock."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "The two passwords differ.")
        return data


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """A new coach account (athletes join by invitation), signed in at once and sent to the empty roster.

    Limited per address on the API's sign-up counter; the password goes through Django's validators in
    people.services.sign_up_coach, as for `POST /api/v1/auth/signup/`."""
    if request.user.is_authenticated:
        return redirect("pages-home")
    form = SignupForm(request.POST or None)
    throttle = SignupAddressThrottle()
    if request.method == "POST" and not throttle.allow_request(request, None):
        sentence, seconds = _too_many(throttle, "sign-ups from this network")
        form.is_valid()
        form.add_error(None, sentence)
        response = render(request, "trainer/pages/signup.html", {"form": form}, status=429)
        response["Retry-After"] = str(seconds)
        return response
    if request.method == "POST" and form.is_valid():
        fields = {key: form.cleaned_data[key] for key in ("email", "password", "name")}
        valid = validate_with(form, SignupSerializer, fields)
        if valid is not None:
            try:
                with transaction.atomic():  # the account and its clock, or neither
                    user = services.sign_up_coach(**valid)
                    reminder_services.update_preferences(user, {"time_zone": form.cleaned_data["time_zone"]})
            except ServiceError as exc:
                service_error(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, "Welcome to Trainer. Invite your first athlete to start planning.")
                return redirect("page-roster")
    return render(request, "trainer/pages/signup.html", {"form": form}, status=status_for(form))


# --- changing the password --------------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, the validators), on our page; other sessions of
    the account are signed out, this one stays. The old password is checked on the same per-account budget as
    deleting the account, so a borrowed session cannot guess it."""

    template_name = "trainer/pages/password_change.html"
    success_url = reverse_lazy("page-my-profile")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "athlete": own_athlete(self.request.user)}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        throttle = PasswordConfirmThrottle()
        if not throttle.allow_request(request, None):
            sentence, seconds = _too_many(throttle, "password attempts")
            form = self.get_form()
            form.is_valid()
            form.add_error(None, sentence)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            response["Retry-After"] = str(seconds)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: forms.Form) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Your password is changed. Use the new one next time you sign in.")
        return response

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


# --- rosters: an athlete who already has an account joins; an athlete leaves ------------------------------


class RosterInvitationForm(forms.Form):
    email = forms.EmailField(
        label="The athlete's email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        help_text="The address they sign in to Trainer with.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_existing(request: HttpRequest) -> HttpResponse:
    """Ask an athlete who already uses Trainer (with another coach, say) to join this coach's roster."""
    require_coach(request.user)
    form = RosterInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_to_roster(coach=request.user, email=form.cleaned_data["email"])
        except ServiceError as exc:
            service_error(form, exc)
        else:
            messages.success(
                request,
                f"An invitation to join your roster is on its way to {invitation.email}. "
                "The athlete appears here once they accept it.",
            )
            return redirect("page-roster")
    return render(request, "trainer/pages/invite_existing.html", {"form": form}, status=status_for(form))


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email. An invitation to a new account chooses a password
    (people.views.accept_invitation); a roster invitation to an athlete who has a password is accepted by that
    athlete, signed in, with one button: no second account, and the link alone changes nothing."""
    try:
        found = services.check_invitation(token)
    except InvalidInvitation:
        return views.accept_invitation(request, token)  # it explains the reason, as before
    athlete_user = found.athlete.user
    if not (athlete_user.has_usable_password() and services.joins_roster(found)):
        return views.accept_invitation(request, token)
    if not request.user.is_authenticated:
        messages.info(request, f"Sign in as {found.email} to accept the invitation.")
        return auth_views.redirect_to_login(request.get_full_path())
    coach = found.invited_by
    context = {"invitation": found, "coach_name": (coach.name or coach.email) if coach else "A coach"}
    if request.user.pk != athlete_user.pk:
        context["reason"] = f"This invitation is for {found.email}. Sign out, then sign in with that account."
        return render(request, "trainer/pages/roster_invitation.html", context, status=403)
    if request.method == "POST":
        try:
            services.join_roster(token=token, user=request.user)
        except InvalidInvitation as exc:
            return render(request, "trainer/invite_invalid.html", {"reason": str(exc)}, status=400)
        messages.success(request, f"You are on {context['coach_name']}'s roster now.")
        return redirect("pages-home")
    return render(request, "trainer/pages/roster_invitation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def remove_from_roster(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """GET: what removing means, and a button; POST: the athlete leaves this coach's roster (account and data
    stay), and the coach is back on the roster."""
    athlete = athlete_or_404(request, athlete_id)
    require_coach(request.user)
    if not on_roster(request.user, athlete):
        raise Http404("Not on your roster.")  # staff see everyone, but remove only from their own roster
    if request.method == "POST":
        services.remove_from_roster(coach=request.user, athlete=athlete)
        messages.success(request, f"{athlete} is no longer on your roster. Their account and data stay.")
        return redirect("page-roster")
    return render(request, "trainer/pages/remove_athlete.html", {"athlete": athlete})
