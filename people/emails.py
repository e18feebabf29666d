"""Emails about people, rendered from templates with a text and an HTML part."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.text import header_text
from people import invitations, services
from people.models import Invitation


def invitation_url(invitation: Invitation) -> str:
    token = invitations.make_token(invitation.pk)
    return settings.SITE_URL + reverse("invite-accept", args=[token])


def invitation_message(invitation: Invitation) -> EmailMultiAlternatives:
    coach = invitation.invited_by
    context = {
        "athlete_name": invitation.athlete.user.name or invitation.email,
        "coach_name": (coach.name or coach.email) if coach else "Your coach",
        "url": invitation_url(invitation),
        "days": settings.INVITATION_MAX_AGE_SECONDS // 86400,
    }
    # An athlete who already has a password is asked to join a roster, signed in; anyone else chooses a password.
    joining = invitation.athlete.user.has_usable_password() and services.joins_roster(invitation)
    template = "trainer/pages/email/roster_invitation" if joining else "trainer/email/invitation"
    subject = "asks you to join their roster on Trainer" if joining else "invited you to Trainer"
    message = EmailMultiAlternatives(
        subject=header_text(f"{context['coach_name']} {subject}"),  # a name typed before names were checked
        body=render_to_string(f"{template}.txt", context),
        to=[invitation.email],
        headers={"Message-ID": f"<invitation-{invitation.pk}@{mail_host()}>"},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def mail_host() -> str:
    """The domain of our Message-IDs: the sender's, or a stand-in when DEFAULT_FROM_EMAIL names none."""
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "trainer.local"
