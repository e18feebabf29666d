"""Every write about people: one transaction each; emails leave after commit through Celery."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from rest_framework.authtoken.models import Token

from trainer import invitations
from trainer.models import AthleteProfile, CoachAthlete, Invitation, Role, User
from trainer.queue import enqueue_on_commit
from trainer.selectors import invitation_with_athlete


class RuleViolations(Exception):
    """Base of refusals that carry rule violations (code and sentence each); the API answers 400
    `{"violations": [...]}` as API.md says."""

    violations: list

    def as_json(self) -> list[dict[str, object]]:
        return [{"rule": v.rule, "message": v.message, "overridable": v.overridable} for v in self.violations]


class ServiceError(Exception):
    """A refused write, with the field it concerns and a reason for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@transaction.atomic
def sign_up_coach(*, email: str, password: str, name: str) -> User:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ServiceError("email", "An account with this email already exists.")
    _check_password(password, User(email=email, name=name))
    try:
        return User.objects.create_user(email, password, name=name, role=Role.COACH)
    except IntegrityError as exc:  # two sign-ups racing for one address
        raise ServiceError("email", "An account with this email already exists.") from exc


@transaction.atomic
def add_athlete(*, coach: User, email: str, name: str, profile: dict[str, Any]) -> AthleteProfile:
    """Create an athlete account on the coach's roster and email them an invitation."""
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ServiceError(
            "email",
            "An account with this email already exists. Ask staff to add an existing athlete to your roster.",
        )
    user = User.objects.create_user(email, None, name=name, role=Role.ATHLETE)
    athlete = AthleteProfile.objects.create(user=user, **profile)
    CoachAthlete.objects.create(coach=coach, athlete=athlete)
    invite(athlete=athlete, invited_by=coach)
    return athlete


def invite(*, athlete: AthleteProfile, invited_by: User | None) -> Invitation:
    invitation = Invitation.objects.create(athlete=athlete, invited_by=invited_by, email=athlete.user.email)
    from trainer.tasks import send_invitation

    enqueue_on_commit(send_invitation, invitation.pk)
    return invitation


def check_invitation(token: str) -> Invitation:
    """The usable invitation behind a token, or InvalidInvitation with the reason."""
    invitation = invitation_with_athlete(invitations.read_token(token))
    if invitation is None:
        raise invitations.InvalidInvitation("This invitation no longer exists. Ask your coach for a new one.")
    if invitation.accepted_at is not None:
        raise invitations.InvalidInvitation(
            "This invitation has already been used. Sign in with your email and password instead."
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the athlete's password and use up the invitation (once: a compare-and-set update)."""
    invitation = check_invitation(token)
    user = invitation.athlete.user
    _check_password(password, user)
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(accepted_at=timezone.now())
    if claimed != 1:
        raise invitations.InvalidInvitation(
            "This invitation has already been used. Sign in with your email and password instead."
        )
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    return user


def api_token_for(user: User) -> str:
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


# Sent after a profile change with the names of the fields that changed: apps above this one (plans keeps planned
# weeks in line with the team's weekly practices) listen instead of being imported here.
profile_changed = Signal()


@transaction.atomic
def update_athlete(athlete: AthleteProfile, *, name: str | None, profile: dict[str, Any]) -> AthleteProfile:
    changed = {field for field, value in profile.items() if getattr(athlete, field) != value}
    for field, value in profile.items():
        setattr(athlete, field, value)
    athlete.save()
    if changed:  # in the same transaction: what listens keeps its data in line with the profile, or nothing changes
        profile_changed.send(AthleteProfile, athlete=athlete, fields=changed)
    if name is not None and name != athlete.user.name:
        athlete.user.name = name
        athlete.user.save(update_fields=["name"])
    return athlete


@transaction.atomic
def rotate_calendar_token(athlete: AthleteProfile) -> str:
    from trainer.models import calendar_link_expiry, new_calendar_token

    athlete.calendar_token = new_calendar_token()
    athlete.calendar_link_expires_on = calendar_link_expiry()
    athlete.save(update_fields=["calendar_token", "calendar_link_expires_on"])
    return athlete.calendar_token


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError("password", " ".join(exc.messages)) from exc
