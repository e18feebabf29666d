"""Reads about people, each a fixed number of queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404

from people.models import AthleteProfile, CoachAthlete, Invitation, User


def visible_athletes(user: User) -> QuerySet[AthleteProfile]:
    """The athletes `user` may see: staff all, a coach their roster, an athlete themself."""
    athletes = AthleteProfile.objects.select_related("user")
    if user.is_staff:
        return athletes.all()
    if user.is_coach:
        return athletes.filter(coach_links__coach=user)
    return athletes.filter(user=user)


def get_visible_athlete(user: User, athlete_id: int) -> AthleteProfile:
    """The athlete, or 404 when it does not exist or `user` may not see it (never leak existence)."""
    if user.is_athlete and not user.is_staff:
        return _own_profile(user, athlete_id)
    try:
        return visible_athletes(user).get(pk=athlete_id)
    except (AthleteProfile.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such athlete.") from exc


def _own_profile(user: User, athlete_id: Any) -> AthleteProfile:
    """An athlete sees only themself: their profile, read with their token (people/authentication.py) or once
    here for a signed-in page."""
    own = athlete_of(user)
    try:
        if own is not None and own.pk == int(athlete_id):
            return own
    except (ValueError, TypeError):
        pass
    raise Http404("No such athlete.")


def coach_ids_of(athlete: AthleteProfile) -> list[int]:
    return list(CoachAthlete.objects.filter(athlete=athlete).values_list("coach_id", flat=True))


def invitation_with_athlete(invitation_id: int) -> Invitation | None:
    return Invitation.objects.select_related("athlete__user", "invited_by").filter(pk=invitation_id).first()


def athlete_of(user: User) -> AthleteProfile | None:
    try:
        return user.athlete if user.is_athlete else None
    except AthleteProfile.DoesNotExist:
        return None


def on_roster(coach: User, athlete: AthleteProfile) -> bool:
    """Whether `athlete` is on `coach`'s own roster (staff see everyone, but act only on their own roster)."""
    return CoachAthlete.objects.filter(coach=coach, athlete=athlete).exists()


def unsent_invitation_ids(created_before: datetime, limit: int = 500) -> list[int]:
    """Invitations still waiting for their first email, created before `created_before` (oldest publishes lost)."""
    rows = Invitation.objects.filter(sent_at__isnull=True, accepted_at__isnull=True, created_at__lt=created_before)
    return list(rows.values_list("pk", flat=True)[:limit])


def athlete_logs(model: type[Model], athlete: AthleteProfile) -> QuerySet:
    """An athlete's rows of one log model (the generic log views of people/logs.py read through here)."""
    return model.objects.filter(athlete=athlete)


def logs_in(logs: QuerySet, field: str, *, since: Any = None, before: Any = None) -> QuerySet:
    """`logs` whose `field` (a date, or an instant) is at or after `since` and before `before`; None: no bound."""
    if since is not None:
        logs = logs.filter(**{f"{field}__gte": since})
    if before is not None:
        logs = logs.filter(**{f"{field}__lt": before})
    return logs
