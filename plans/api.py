"""Plans API (docs/api.md, Plans). Thin: parse, check permission, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from people.api import Pagination, paginated, valid_data
from people.logs import local_today
from people.models import User
from people.selectors import get_visible_athlete
from plans import selectors, services
from plans.models import PlanSession, PlanWeek
from plans.schemas import PlanRefusalSerializer
from plans.serializers import (
    ApplyTemplateSerializer,
    ExerciseSerializer,
    GenerateSerializer,
    OverrideReasonSerializer,
    PlanDetailOutSerializer,
    PlanOutSerializer,
    SessionInSerializer,
    SessionOutSerializer,
    TemplateSerializer,
    TrainingBlockInSerializer,
    TrainingBlockOutSerializer,
    ViolationSerializer,
    block_json,
    blocks_json,
    breaches_json,
    plan_json,
    plans_json,
)

VIOLATIONS = OpenApiResponse(
    PlanRefusalSerializer,
    description='Bad input: `{"field": ["reason"]}`; or a broken plan rule: `{"violations": [{"rule", "message", '
    '"overridable"}]}` (send `override_reason` to accept an overridable breach).',
)


def require_coach(user: User, message: str = "Only coaches change plans.") -> None:
    """Plans are written by coaches (and staff); athletes read their published weeks."""
    if not (user.is_coach or user.is_staff):
        raise PermissionDenied(message)


def _plan(user: User, plan_id: int) -> PlanWeek:
    return selectors.get_plan(user, plan_id)


def _session(plan: PlanWeek, session_id: int) -> PlanSession:
    for session in plan.sessions.all():
        if session.pk == session_id:
            return session
    raise Http404("No such session.")


class AthletePlansView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("week_start", str, description="A Monday, YYYY-MM-DD")],
        responses=paginated("PaginatedPlans", PlanOutSerializer(many=True)),
    )
    def get(self, request: Request, athlete_id: int) -> Response:
        athlete = get_visible_athlete(request.user, athlete_id)
        week_start = None
        if (raw := request.query_params.get("week_start")) is not None:  # `?week_start=` is refused, not ignored
            week_start = valid_data(GenerateSerializer, {"week_start": raw})["week_start"]
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.plans_of(athlete, request.user, week_start), request, view=self)
        return paginator.get_paginated_response(plans_json(page))

    @extend_schema(request=GenerateSerializer, responses={201: PlanOutSerializer, 400: VIOLATIONS})
    def post(self, request: Request, athlete_id: int) -> Response:
        athlete = get_visible_athlete(request.user, athlete_id)
        require_coach(request.user)
        data = valid_data(GenerateSerializer, request.data)
        plan = services.generate_plan(athlete=athlete, week_start=data["week_start"], author=request.user)
        return Response(plan_json(_plan(request.user, plan.pk)), status=status.HTTP_201_CREATED)


class AthleteBlocksView(APIView):
    """Training blocks (docs/api.md "Added in turn 2", Blocks): several weeks planned at once."""

    @extend_schema(responses=paginated("PaginatedBlocks", TrainingBlockOutSerializer(many=True)))
    def get(self, request: Request, athlete_id: int) -> Response:
        athlete = get_visible_athlete(request.user, athlete_id)
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.blocks_of(athlete), request, view=self)
        return paginator.get_paginated_response(blocks_json(page, selectors.block_plans(request.user, *page)))

    @extend_schema(request=TrainingBlockInSerializer, responses={201: TrainingBlockOutSerializer, 400: VIOLATIONS})
    def post(self, request: Request, athlete_id: int) -> Response:
        athlete = get_visible_athlete(request.user, athlete_id)
        require_coach(request.user)
        data = valid_data(TrainingBlockInSerializer, request.data, {"today": local_today(athlete)})
        block = services.create_block(athlete=athlete, author=request.user, **data)
        return Response(_block_out(request.user, block), status=status.HTTP_201_CREATED)


class BlockView(APIView):
    @extend_schema(responses=TrainingBlockOutSerializer)
    def get(self, request: Request, block_id: int) -> Response:
        return Response(_block_out(request.user, selectors.get_block(request.user, block_id)))


class BlockPublishView(APIView):
    @extend_schema(request=None, responses=TrainingBlockOutSerializer)
    def post(self, request: Request, block_id: int) -> Response:
        block = selectors.get_block(request.user, block_id)
        require_coach(request.user)
        services.publish_block(block)
        return Response(_block_out(request.user, block))


def _block_out(user: User, block: Any) -> dict[str, Any]:
    return block_json(block, selectors.block_plans(user, block))


class PlanView(APIView):
    @extend_schema(responses=PlanDetailOutSerializer)
    def get(self, request: Request, plan_id: int) -> Response:
        plan = _plan(request.user, plan_id)
        return Response(plan_json(plan) | {"breaches": breaches_json(selectors.plan_breaches(plan))})


class PlanSessionsView(APIView):
    @extend_schema(request=SessionInSerializer, responses={201: SessionOutSerializer, 400: VIOLATIONS})
    def post(self, request: Request, plan_id: int) -> Response:
        plan = _plan(request.user, plan_id)
        require_coach(request.user)
        data = valid_data(SessionInSerializer, request.data)
        reason = data.pop("override_reason", "")
        session = services.add_session(plan=plan, data=data, author=request.user, override_reason=reason)
        return Response(_session_out(request.user, plan_id, session.pk), status=status.HTTP_201_CREATED)


class PlanSessionView(APIView):
    @extend_schema(request=SessionInSerializer, responses={200: SessionOutSerializer, 400: VIOLATIONS})
    def patch(self, request: Request, plan_id: int, session_id: int) -> Response:
        plan = _plan(request.user, plan_id)
        require_coach(request.user)
        session = _session(plan, session_id)
        data = valid_data(SessionInSerializer, request.data)
        reason = data.pop("override_reason", "")
        services.update_session(session=session, data=data, author=request.user, override_reason=reason)
        return Response(_session_out(request.user, plan_id, session_id))

    @extend_schema(
        request=OverrideReasonSerializer,
        parameters=[OpenApiParameter("override_reason", str, required=False)],
        responses={204: None, 400: VIOLATIONS},
    )
    def delete(self, request: Request, plan_id: int, session_id: int) -> Response:
        plan = _plan(request.user, plan_id)
        require_coach(request.user)
        session = _session(plan, session_id)
        body = request.data if isinstance(request.data, dict) else {}
        reason = valid_data(OverrideReasonSerializer, {**request.query_params.dict(), **body}).get(
            "override_reason", ""
        )
        services.delete_session(session=session, author=request.user, override_reason=reason)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PublishView(APIView):
    @extend_schema(request=None, responses=PlanOutSerializer)
    def post(self, request: Request, plan_id: int) -> Response:
        plan = _plan(request.user, plan_id)
        require_coach(request.user)
        services.publish_plan(plan)
        return Response(plan_json(_plan(request.user, plan_id)))


class SaveTemplateView(APIView):
    @extend_schema(request=TemplateSerializer, responses={201: TemplateSerializer})
    def post(self, request: Request, plan_id: int) -> Response:
        plan = _plan(request.user, plan_id)
        require_coach(request.user)
        data = valid_data(TemplateSerializer, request.data)
        template = services.save_template(plan=plan, name=data["name"], owner=request.user)
        return Response(TemplateSerializer(template).data, status=status.HTTP_201_CREATED)


class TemplatesView(generics.ListAPIView):
    serializer_class = TemplateSerializer
    pagination_class = Pagination

    def get_queryset(self):  # noqa: ANN201
        return selectors.templates_of(self.request.user)


class ApplyTemplateView(APIView):
    @extend_schema(
        request=ApplyTemplateSerializer,
        responses=inline_serializer(
            "TemplateApplied",
            {
                "created": serializers.DictField(child=serializers.IntegerField(), help_text="athlete id -> plan id"),
                "refused": serializers.DictField(child=ViolationSerializer(many=True)),
                "skipped": serializers.DictField(child=serializers.CharField()),
            },
        ),
    )
    def post(self, request: Request, template_id: int) -> Response:
        require_coach(request.user)
        template = selectors.templates_of(request.user).filter(pk=template_id).first()
        if template is None:
            raise Http404("No such template.")
        data = valid_data(ApplyTemplateSerializer, request.data)
        athletes = selectors.athletes_by_id(request.user, data["athletes"])
        unknown = [i for i in data["athletes"] if i not in athletes]
        if unknown:
            return Response({"athletes": [f"No athlete {i} on your roster." for i in unknown]}, status=400)
        result = services.apply_template(
            template=template,
            athletes=list(athletes.values()),
            week_start=data["week_start"],
            author=request.user,
            override_reason=data.get("override_reason", ""),
        )
        return Response(
            {
                "created": {str(plan.athlete_id): plan.pk for plan in result.created},
                "refused": {
                    str(athlete_id): [{"rule": v.rule, "message": v.message, "overridable": v.overridable} for v in vs]
                    for athlete_id, vs in result.refused.items()
                },
                "skipped": {str(athlete_id): why for athlete_id, why in result.skipped.items()},
            }
        )


def _session_out(user: User, plan_id: int, session_id: int) -> dict[str, Any]:
    """The session as the plan shows it, completion and workout included."""
    days = plan_json(_plan(user, plan_id))["days"]
    for session in (s for day in days for s in day["sessions"]):
        if session["id"] == session_id:
            return session
    raise Http404("No such session.")


# --- logs -------------------------------------------------------------------------------------------------


class ExercisesView(generics.ListCreateAPIView):
    """The exercise library and the coach's own exercises."""

    serializer_class = ExerciseSerializer
    pagination_class = Pagination

    def get_queryset(self):  # noqa: ANN201
        exercises = selectors.exercises_for(self.request.user)
        if category := self.request.query_params.get("category"):
            exercises = exercises.filter(category=category)
        if search := self.request.query_params.get("search"):
            exercises = exercises.filter(name__icontains=search[:80])
        return exercises.order_by("category", "name", "id")

    @extend_schema(parameters=[OpenApiParameter("category", str), OpenApiParameter("search", str)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_coach(request.user)  # before validation: an athlete gets a 403, not field errors
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: ExerciseSerializer) -> None:
        serializer.instance = services.add_exercise(owner=self.request.user, data=dict(serializer.validated_data))
