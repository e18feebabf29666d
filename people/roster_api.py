"""REST endpoints for roster membership (added with issue 14): a coach asks an athlete who already has an account
to join their roster, the athlete accepts, and a coach takes an athlete off their roster. Thin: check who asks,
call people.services (the same services as the pages)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from people import services
from people.api import valid_data
from people.models import User
from people.selectors import get_visible_athlete, on_roster


def _require_coach(user: User) -> None:
    if not (user.is_coach or user.is_staff):
        raise PermissionDenied("Only coaches have a roster.")


class RosterInvitationRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254, help_text="The address the athlete signs in with.")


class RosterInvitationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    expires_at = serializers.DateTimeField(help_text="The emailed link works until then.")


class RosterInvitationView(APIView):
    """A coach asks an athlete who already has an account to join their roster; the athlete accepts from the
    emailed link, signed in (or with `POST /auth/invitations/join/`). No second account is made."""

    @extend_schema(request=RosterInvitationRequestSerializer, responses={201: RosterInvitationSerializer})
    def post(self, request: Request) -> Response:
        _require_coach(request.user)
        data = valid_data(RosterInvitationRequestSerializer, request.data)
        invitation = services.invite_to_roster(coach=request.user, email=data["email"])
        expires_at = invitation.created_at + timedelta(seconds=settings.INVITATION_MAX_AGE_SECONDS)
        body = {"email": invitation.email, "expires_at": expires_at}
        return Response(RosterInvitationSerializer(body).data, status=status.HTTP_201_CREATED)


class RosterMemberView(APIView):
    """`DELETE /roster/{athlete_id}/`: the athlete leaves the caller's roster. Their account, plans and logs
    stay, and so do their other coaches; the caller no longer sees them (404 afterwards)."""

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="Off the roster; the athlete's account and data stay.")},
    )
    def delete(self, request: Request, athlete_id: int) -> Response:
        _require_coach(request.user)
        athlete = get_visible_athlete(request.user, athlete_id)
        if not on_roster(request.user, athlete):
            raise Http404("Not on your roster.")  # staff see everyone, but leave only their own roster
        services.remove_from_roster(coach=request.user, athlete=athlete)
        return Response(status=status.HTTP_204_NO_CONTENT)


class JoinRosterRequestSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=1000, help_text="From the invitation email's link .../invite/<token>/.")


class JoinedRosterSerializer(serializers.Serializer):
    athlete_id = serializers.IntegerField()
    coach = serializers.IntegerField(help_text="The coach whose roster the athlete joined.")


class JoinRosterView(APIView):
    """The signed-in athlete accepts a roster invitation sent to their account."""

    @extend_schema(request=JoinRosterRequestSerializer, responses={200: JoinedRosterSerializer})
    def post(self, request: Request) -> Response:
        if not request.user.is_athlete:  # before the body: a coach gets 403, not field errors
            raise PermissionDenied("Only athletes join a roster.")
        data = valid_data(JoinRosterRequestSerializer, request.data)
        invitation = services.join_roster(token=data["token"], user=request.user)
        body = {"athlete_id": invitation.athlete_id, "coach": invitation.invited_by_id}
        return Response(JoinedRosterSerializer(body).data)
