"""Every write about people: one transaction each; emails leave after commit through Celery."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core import text
from core.errors import ServiceError
from core.queue import enqueue_on_commit
from people import invitations
from people.models import AthleteProfile, CoachAthlete, Invitation, Role, User, calendar_link_expiry, new_calendar_token
from people.selectors import coach_ids_of, invitation_with_athlete


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


ACCOUNT_EXISTS = (
    "An account with this email already exists. If it is an athlete's, send them an invitation to join your roster "
    "instead: they accept it signed in, and keep their account."
)
ALREADY_ON_ROSTER = "An account with this email already exists, and that athlete is on your roster already."
# A coach may ask the same athlete again after a day (the first email may have been lost), not every minute.
ROSTER_INVITATION_REPEAT_HOURS = 24
SIGN_IN_TO_JOIN = (
    "You already have an account: sign in with it, then open this invitation link again to join the roster."
)


@transaction.atomic
def add_athlete(*, coach: User, email: str, name: str, profile: dict[str, Any]) -> AthleteProfile:
    """Create an athlete account on the coach's roster and email them an invitation."""
    email = email.strip().lower()
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        on_roster = CoachAthlete.objects.filter(coach=coach, athlete__user=existing).exists()
        raise ServiceError("email", ALREADY_ON_ROSTER if on_roster else ACCOUNT_EXISTS)
    user = User.objects.create_user(email, None, name=name, role=Role.ATHLETE)
    athlete = AthleteProfile.objects.create(user=user, **profile)
    CoachAthlete.objects.create(coach=coach, athlete=athlete)
    invite(athlete=athlete, invited_by=coach)
    return athlete


def invite(*, athlete: AthleteProfile, invited_by: User | None) -> Invitation:
    invitation = Invitation.objects.create(athlete=athlete, invited_by=invited_by, email=athlete.user.email)
    enqueue_on_commit("people.tasks.send_invitation", invitation.pk)
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


def joins_roster(invitation: Invitation) -> bool:
    """A roster invitation: its coach does not have the athlete on their roster yet (people.invitations)."""
    return invitations.joins_roster(invitation.invited_by_id, coach_ids_of(invitation.athlete))


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the athlete's password and use up the invitation (once: a compare-and-set update); a roster invitation
    also puts the athlete on its coach's roster."""
    invitation = check_invitation(token)
    user = invitation.athlete.user
    if user.has_usable_password() and joins_roster(invitation):
        # The link proves the mailbox, not the account: an athlete who has a password signs in to join, and
        # nobody holding the link can replace that password.
        raise invitations.InvalidInvitation(SIGN_IN_TO_JOIN)
    _check_password(password, user)
    _claim(invitation)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    _join_inviting_coach(invitation)
    return user


@transaction.atomic
def invite_to_roster(*, coach: User, email: str) -> Invitation:
    """Ask an athlete who already has an account to join `coach`'s roster; they accept it signed in (or, not
    having chosen a password yet, by choosing one), and no second account is made."""
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    athlete = AthleteProfile.objects.filter(user=user).first() if user is not None and user.is_athlete else None
    if athlete is None:
        if user is None:
            raise ServiceError(
                "email", "No athlete uses this email on Trainer yet. Invite them with their details instead."
            )
        raise ServiceError("email", "This email belongs to a coach's account; only athletes join a roster.")
    if CoachAthlete.objects.filter(coach=coach, athlete=athlete).exists():
        raise ServiceError("email", f"{athlete} is on your roster already.")
    recent = timezone.now() - timedelta(hours=ROSTER_INVITATION_REPEAT_HOURS)
    pending = Invitation.objects.filter(athlete=athlete, invited_by=coach, accepted_at__isnull=True)
    if pending.filter(created_at__gte=recent).exists():
        raise ServiceError(
            "email", "An invitation to join your roster went to this athlete less than a day ago; it works for 7 days."
        )
    return invite(athlete=athlete, invited_by=coach)


@transaction.atomic
def join_roster(*, token: str, user: User) -> Invitation:
    """The signed-in athlete accepts a roster invitation: a CoachAthlete link to its coach, nothing else."""
    invitation = check_invitation(token)
    if invitation.athlete.user_id != user.pk:
        raise invitations.InvalidInvitation(
            f"This invitation is for {invitation.email}. Sign out, then sign in with that account to accept it."
        )
    if invitation.invited_by is None or not invitation.invited_by.is_coach:
        raise invitations.InvalidInvitation("The coach who sent this invitation no longer has an account.")
    _claim(invitation)
    _join_inviting_coach(invitation)
    return invitation


@transaction.atomic
def remove_from_roster(*, coach: User, athlete: AthleteProfile) -> None:
    """Take `athlete` off `coach`'s roster. The athlete's account and data stay, and so do their other coaches."""
    removed, _ = CoachAthlete.objects.filter(coach=coach, athlete=athlete).delete()
    if not removed:
        raise ServiceError("athlete", f"{athlete} is not on your roster.")
    # An unused invitation from this coach would otherwise put the athlete back on the roster when accepted.
    Invitation.objects.filter(athlete=athlete, invited_by=coach, accepted_at__isnull=True).delete()


def _claim(invitation: Invitation) -> None:
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(accepted_at=timezone.now())
    if claimed != 1:
        raise invitations.InvalidInvitation(
            "This invitation has already been used. Sign in with your email and password instead."
        )


def _join_inviting_coach(invitation: Invitation) -> None:
    coach = invitation.invited_by
    if coach is not None and coach.is_coach:
        CoachAthlete.objects.get_or_create(coach=coach, athlete=invitation.athlete)


def api_token_for(user: User) -> str:
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


# Sent after a profile change with the names of the fields that changed: apps above this one (plans keeps planned
# weeks in line with the team's weekly practices) listen instead of being imported here.
profile_changed = Signal()


def data_changed(athlete_ids: Iterable[int] | None) -> None:
    """What the day summary shows of these athletes (None: of everyone) may have changed: one more on their data
    version, in the caller's transaction, so no summary kept before the change is read once it commits
    (intake/day_cache.py). 1 query; none for no ids."""
    rows = AthleteProfile.objects.all()
    if athlete_ids is not None:
        ids = sorted(set(athlete_ids))
        if not ids:
            return
        rows = rows.filter(pk__in=ids)
    rows.update(data_version=F("data_version") + 1)


@transaction.atomic
def update_athlete(athlete: AthleteProfile, *, name: str | None, profile: dict[str, Any]) -> AthleteProfile:
    changed = {field for field, value in profile.items() if getattr(athlete, field) != value}
    for field, value in profile.items():
        setattr(athlete, field, value)
    athlete.save()
    data_changed([athlete.pk])
    if changed:  # in the same transaction: what listens keeps its data in line with the profile, or nothing changes
        profile_changed.send(AthleteProfile, athlete=athlete, fields=changed)
    if name is not None and name != athlete.user.name:
        athlete.user.name = name
        athlete.user.save(update_fields=["name"])
    return athlete


# What each person changes on the profile pages (accounts/profile_pages.py). The athlete: their own settings,
# health included. Their coach: the training fields, and the medical flags and medications, which the API lets a
# coach set when adding the athlete and change later (docs/api.md, People). Name, units and zone stay the athlete's.
ATHLETE_OWN_FIELDS = frozenset(
    {
        "units", "time_zone", "mass_kg", "sport", "level", "available_weekdays", "preferred_long_day",
        "preferred_session_time", "sweat_rate_ml_per_h", "max_hr_bpm", "medical_flags", "medications",
    }
)  # fmt: skip
COACH_FIELDS = frozenset(
    {
        "mass_kg", "sport", "level", "available_weekdays", "preferred_long_day", "preferred_session_time",
        "weekly_minutes_target", "hamstring_imbalance", "sweat_rate_ml_per_h", "max_hr_bpm", "medical_flags",
        "medications",
    }
)  # fmt: skip


@transaction.atomic
def edit_profile(athlete: AthleteProfile, *, editor: User, name: str | None, profile: dict[str, Any]) -> AthleteProfile:
    """A profile page's validated changes, by the athlete themself or by a coach who sees them; through
    update_athlete like the API's PATCH, so `profile_changed` fires and plans follow."""
    own = editor.pk == athlete.user_id
    refused = sorted(set(profile) - (ATHLETE_OWN_FIELDS if own else COACH_FIELDS))
    if name is not None and not own:
        refused.insert(0, "name")
    if refused:
        reason = "Your coach sets this." if own else "Only the athlete changes this setting."
        raise ServiceError(refused[0], reason)
    return update_athlete(athlete, name=name, profile=profile)


@transaction.atomic
def rename_user(user: User, name: str) -> User:
    """The name others see (a coach's on invitations and alerts); an athlete's changes with their profile."""
    name = name.strip()
    if not name:
        raise ServiceError("name", "Type the name people should see.")
    if refusal := text.one_line_refusal(name):
        raise ServiceError("name", refusal)
    if name != user.name:
        user.name = name
        user.save(update_fields=["name"])
    return user


@transaction.atomic
def rotate_calendar_token(athlete: AthleteProfile) -> str:
    athlete.calendar_token = new_calendar_token()
    athlete.calendar_link_expires_on = calendar_link_expiry()
    athlete.save(update_fields=["calendar_token", "calendar_link_expires_on"])
    return athlete.calendar_token


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError("password", " ".join(exc.messages)) from exc


def claim_invitation_email(invitation_id: int) -> Invitation | None:
    """Claim the sending of one invitation email, compare-and-set on `sent_at`: None when it was sent (or is
    being sent) already, so a task delivered twice sends once."""
    claimed = Invitation.objects.filter(pk=invitation_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if claimed != 1:
        return None
    return Invitation.objects.select_related("athlete__user", "invited_by").get(pk=invitation_id)


def release_invitation_email(invitation_id: int) -> None:
    """The email did not leave: give the claim back, so the retry (or the sweep) may take it."""
    Invitation.objects.filter(pk=invitation_id).update(sent_at=None)
