"""REST API for people (docs/api.md: Conventions, People). Thin: parse, check permission, call a service."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import HttpRequest
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import Throttled
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import RuleViolations, ServiceError
from core.text import validate_one_line
from people import accounts, services, sign_in_limits
from people import rules as people
from people.calendar_links import feed_url
from people.invitations import InvalidInvitation
from people.models import AthleteProfile, User
from people.selectors import get_visible_athlete, visible_athletes


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Refusals from services and the database become 400s naming the field, never 500s."""
    if isinstance(exc, RuleViolations):
        return Response({"violations": exc.as_json()}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ServiceError):
        return Response({exc.field: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, InvalidInvitation):
        return Response({"token": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response(
            {"non_field_errors": ["The data conflicts with a stored record or breaks a limit."]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        """The page size asked for, refused (400) unless a whole number from 1 to 200: DRF would quietly use
        the default for `?page_size=null` or cut 1,000 down, and the client would never learn it asked wrong."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise serializers.ValidationError(
                {self.page_size_query_param: [f"Use a whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def get_page_number(self, request: Request, paginator: Any) -> str:
        """A blank `?page=` is refused (docs/api.md: a blank parameter is not read as absent); DRF reads page 1."""
        if request.query_params.get(self.page_query_param) == "":
            raise serializers.ValidationError({self.page_query_param: ["Use a whole number from 1."]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1, "maximum": self.max_page_size}
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2})?$", "example": "07:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the athlete's own zone, "HH:MM" (no offset: the zone is on the profile)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


def paginated(name: str, item: serializers.Serializer) -> serializers.Serializer:
    """The schema of a page of `item`s, for views that paginate by hand."""
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item,
        },
    )


# --- auth -------------------------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class LoginAddressThrottle(SimpleRateThrottle):
    """Sign-in attempts per client address (the `login` rate), whoever is signing in: the same counter DRF's
    ScopedRateThrottle keeps for anonymous requests to views with `throttle_scope = "login"`."""

    scope = "login"

    def get_cache_key(self, request: Request | HttpRequest, view: APIView | None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def sign_in_wait(request: HttpRequest, email_field: str) -> tuple[int, str] | None:
    """Count one sign-in attempt from a web page against the token endpoint's limits, on the same counters, so
    alternating between the page and the API buys no extra guesses. None when it may go ahead; otherwise the
    seconds until it would be allowed and the sentence that says so (people.sign_in_limits)."""
    throttle = LoginAddressThrottle()
    if not throttle.allow_request(request, None):  # counts the attempt, as DRF's views do
        seconds = max(1, math.ceil(throttle.wait() or throttle.duration))
        return seconds, (
            "Too many sign-in attempts from this network. Please wait and try again in "
            f"{sign_in_limits.duration_words(seconds)}."
        )
    email = request.POST.get(email_field)
    refused = sign_in_limits.refusal(request, email) if isinstance(email, str) and email.strip() else None
    return (refused.seconds, refused.sentence) if refused else None


class SignInWait(Throttled):
    """429 with Retry-After and the sentence of people.sign_in_limits, without DRF's second one."""

    def __init__(self, refused: sign_in_limits.Refusal) -> None:
        super().__init__(detail=refused.sentence)
        self.wait = refused.seconds


class TokenView(APIView):
    """Exchange an email and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "login"

    def get_throttles(self):  # noqa: ANN201
        return [LoginAddressThrottle()]  # the account's limits need the body: below

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request: Request) -> Response:
        data = valid_data(TokenRequestSerializer, request.data)
        if refused := sign_in_limits.refusal(request, data["email"]):
            raise SignInWait(refused)
        user = authenticate(request, email=data["email"].lower(), password=data["password"])
        sign_in_limits.record(request, data["email"], succeeded=user is not None)
        if user is None:
            return Response(
                {"non_field_errors": ["Unable to sign in with that email and password."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"token": services.api_token_for(user)})


class MeSerializer(serializers.ModelSerializer):
    athlete_id = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "athlete_id", "is_staff"]

    def get_athlete_id(self, user: User) -> int | None:
        athlete = getattr(user, "athlete", None) if user.is_athlete else None
        return athlete.pk if athlete else None


class SignupSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(trim_whitespace=False, max_length=128, style={"input_type": "password"})
    name = serializers.CharField(max_length=150, validators=[validate_one_line])


class SignupView(APIView):
    """A coach signs up; athletes join by invitation."""

    permission_classes = [AllowAny]
    throttle_scope = "signup"

    def get_throttles(self):  # noqa: ANN201
        return [ScopedRateThrottle()]

    @extend_schema(request=SignupSerializer, responses={201: MeSerializer})
    def post(self, request: Request) -> Response:
        data = valid_data(SignupSerializer, request.data)
        user = services.sign_up_coach(**data)
        return Response(MeSerializer(user).data, status=status.HTTP_201_CREATED)


class AcceptInvitationSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=1000)
    password = serializers.CharField(trim_whitespace=False, max_length=128, style={"input_type": "password"})


class AcceptInvitationView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "login"

    def get_throttles(self):  # noqa: ANN201
        return [ScopedRateThrottle()]

    @extend_schema(request=AcceptInvitationSerializer, responses={200: TokenSerializer})
    def post(self, request: Request) -> Response:
        data = valid_data(AcceptInvitationSerializer, request.data)
        user = services.accept_invitation(token=data["token"], password=data["password"])
        return Response({"token": services.api_token_for(user)})


class DeleteAccountSerializer(serializers.Serializer):
    password = serializers.CharField(
        trim_whitespace=False,
        max_length=128,
        style={"input_type": "password"},
        help_text="The account's password, asked again to confirm.",
        error_messages={
            "required": "Type your password to confirm that the account should go.",
            "blank": "Type your password to confirm that the account should go.",
        },
    )


class _BodyOnDeleteSchema(AutoSchema):
    """drf-spectacular documents a request body on POST, PUT and PATCH only; `DELETE /me/` takes one (the
    password), so its body is documented as a POST's would be."""

    def _get_request_body(self, direction: str = "request") -> dict[str, Any] | None:
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"


def _schema_class(schema: type[AutoSchema]) -> Any:
    """Give a view method its own schema class; @extend_schema above it builds on that class."""

    def decorate(method: Any) -> Any:
        method.schema = schema
        return method

    return decorate


class PasswordConfirmThrottle(SimpleRateThrottle):
    """Password confirmations per signed-in account (the `password_confirm` rate): a borrowed token or session
    must not become a way to guess the password."""

    scope = "password_confirm"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": "password_confirm", "ident": request.user.pk}


class MeView(APIView):
    """The caller's account: read it, or delete it with everything that is theirs."""

    def get_throttles(self):  # noqa: ANN201
        throttles = super().get_throttles()
        return [*throttles, PasswordConfirmThrottle()] if self.request.method == "DELETE" else throttles

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        request=DeleteAccountSerializer,
        responses={
            204: OpenApiResponse(description="The account and everything that was the caller's are gone."),
            400: OpenApiResponse(
                inline_serializer(
                    "PasswordRefused", {"password": serializers.ListField(child=serializers.CharField())}
                ),
                description="Missing or wrong password; nothing was deleted.",
            ),
        },
        description="Delete the caller's account. An athlete's profile, plans and logs go with it; a coach's "
        "athletes keep all their data, and the coach's foods they ate stay (archived) in their meals.",
    )
    @_schema_class(_BodyOnDeleteSchema)
    def delete(self, request: Request) -> Response:
        body = request.data if isinstance(request.data, dict) else {}
        data = valid_data(DeleteAccountSerializer, body)
        accounts.delete_account(user=request.user, password=data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- athletes ---------------------------------------------------------------------------------------------


class SportField(serializers.ChoiceField):
    """A sport by its code, or as people type it ("running", "football"): stored as the code (docs/api.md)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=people.sport_choices(), **kwargs)

    def to_internal_value(self, data: Any) -> str:
        sport = people.sport_from_text(data) if isinstance(data, str) else None
        if sport is None:
            known = ", ".join(people.Sport.values())
            raise serializers.ValidationError(f'"{data}" is not a sport we plan for; choose one of {known}.')
        return sport.value


class TeamPracticeSerializer(serializers.Serializer):
    """One weekly team practice (docs/domain.md section 11), in the athlete's local time."""

    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="Monday = 0.")
    start_time = LocalTimeField()
    minutes = serializers.IntegerField(min_value=people.MIN_EVENT_MINUTES, max_value=people.MAX_EVENT_MINUTES)
    intensity = serializers.ChoiceField(choices=people.PRACTICE_INTENSITIES, default="moderate")

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        value = super().to_internal_value(data)
        value["start_time"] = value["start_time"].strftime("%H:%M")
        return value


class AthleteSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", max_length=254)
    name = serializers.CharField(source="user.name", max_length=150, validators=[validate_one_line])
    mass_kg = serializers.FloatField(min_value=people.MIN_MASS_KG, max_value=people.MAX_MASS_KG, required=False)
    mass_lb = serializers.FloatField(write_only=True, required=False, min_value=1, max_value=1000)
    time_zone = serializers.CharField(max_length=64, required=False)
    available_weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), min_length=1, max_length=7, required=False
    )
    preferred_long_day = serializers.IntegerField(min_value=0, max_value=6, required=False, allow_null=True)
    medical_flags = serializers.ListField(
        child=serializers.ChoiceField(choices=people.MedicalFlag.values()), max_length=8, required=False
    )
    medications = serializers.ListField(child=serializers.CharField(max_length=100), max_length=30, required=False)
    sweat_rate_ml_per_h = serializers.IntegerField(
        min_value=people.MIN_SWEAT_RATE_ML_PER_H,
        max_value=people.MAX_SWEAT_RATE_ML_PER_H,
        required=False,
        allow_null=True,
    )
    max_hr_bpm = serializers.IntegerField(
        min_value=people.MIN_MAX_HR_BPM, max_value=people.MAX_MAX_HR_BPM, required=False, allow_null=True
    )
    weekly_minutes_target = serializers.IntegerField(min_value=30, max_value=people.MAX_WEEKLY_MINUTES, required=False)
    preferred_session_time = LocalTimeField(required=False)
    sport = SportField(required=False)
    team_practices = TeamPracticeSerializer(many=True, required=False, max_length=14)
    age_years = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()
    coaches = serializers.SerializerMethodField()

    class Meta:
        model = AthleteProfile
        fields = [
            "id", "email", "name", "birth_date", "age_years", "sex", "mass_kg", "mass_lb", "time_zone", "sport",
            "level", "available_weekdays", "preferred_long_day", "preferred_session_time", "weekly_minutes_target",
            "units", "sweat_rate_ml_per_h", "max_hr_bpm", "hamstring_imbalance", "medical_flags", "medications",
            "team_practices", "calendar_url", "coaches",
        ]  # fmt: skip
        extra_kwargs = {"birth_date": {"required": True}, "sex": {"required": True}}

    def get_age_years(self, athlete: AthleteProfile) -> int:
        return athlete.age_on(timezone.localdate())

    def get_calendar_url(self, athlete: AthleteProfile) -> str:
        return feed_url(athlete)

    def get_coaches(self, athlete: AthleteProfile) -> list[int]:
        return [link.coach_id for link in athlete.coach_links.all()]

    def validate_time_zone(self, value: str) -> str:
        if not people.is_iana_zone(value):
            raise serializers.ValidationError(f'"{value}" is not an IANA time zone such as "Europe/Berlin".')
        return value

    def validate_birth_date(self, value: date) -> date:
        today = timezone.localdate()
        if value > today:
            raise serializers.ValidationError("The birth date is in the future.")
        if people.age_on(value, today) < people.MIN_AGE_YEARS:
            raise serializers.ValidationError(f"Athletes must be at least {people.MIN_AGE_YEARS} years old.")
        if people.age_on(value, today) > 110:
            raise serializers.ValidationError("The birth date is more than 110 years ago.")
        return value

    def validate_available_weekdays(self, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError("Each weekday may appear once.")
        return sorted(value)

    def validate_medical_flags(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def validate_team_practices(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if problems := people.practice_problems(value):
            raise serializers.ValidationError(problems)
        return sorted(value, key=lambda p: (p["weekday"], p["start_time"]))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        one_unit(attrs, "mass_kg", "mass_lb")
        mass_lb = attrs.pop("mass_lb", None)
        if mass_lb is not None:
            units = attrs.get("units") or (self.instance.units if self.instance else people.Units.METRIC)
            if units != people.Units.IMPERIAL:
                raise serializers.ValidationError({"mass_lb": ["Send mass_kg, or set units to imperial."]})
            mass_kg = round(people.lb_to_kg(mass_lb), 1)
            if not people.MIN_MASS_KG <= mass_kg <= people.MAX_MASS_KG:
                raise serializers.ValidationError(
                    {"mass_lb": [f"Ensure the mass is between {people.MIN_MASS_KG} and {people.MAX_MASS_KG} kg."]}
                )
            attrs["mass_kg"] = mass_kg
        if self.instance is None and "mass_kg" not in attrs:
            raise serializers.ValidationError({"mass_kg": ["This field is required."]})
        sport = people.Sport(attrs.get("sport") or (self.instance.sport if self.instance else people.Sport.RUN))
        practices = attrs.get("team_practices", self.instance.team_practices if self.instance else [])
        if practices and not sport.is_team_sport:
            raise serializers.ValidationError(
                {"team_practices": [f"Team practices are for team sports; {sport.label.lower()} has none."]}
            )
        return attrs

    def to_representation(self, athlete: AthleteProfile) -> dict[str, Any]:
        data = super().to_representation(athlete)
        data["mass_kg"] = float(athlete.mass_kg)
        if athlete.units == people.Units.IMPERIAL:
            data["mass_lb"] = round(people.kg_to_lb(float(athlete.mass_kg)), 1)
        return data


class CoachesAddAthletes(BasePermission):
    """Only coaches add athletes (athletes join by invitation): checked before the body, so an athlete gets 403,
    not field errors."""

    message = "Only coaches add athletes; athletes join by invitation."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return getattr(view, "action", None) != "create" or request.user.is_coach


class AthleteViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """The caller's roster (a coach), themself (an athlete), or everyone (staff)."""

    serializer_class = AthleteSerializer
    pagination_class = Pagination
    permission_classes = [IsAuthenticated, CoachesAddAthletes]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):  # noqa: ANN201
        return visible_athletes(self.request.user).prefetch_related("coach_links").order_by("user__name", "id")

    def get_object(self) -> AthleteProfile:
        athlete = get_visible_athlete(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, athlete)
        return athlete

    def perform_create(self, serializer: AthleteSerializer) -> None:
        data = dict(serializer.validated_data)
        user_data = data.pop("user")
        serializer.instance = services.add_athlete(
            coach=self.request.user, email=user_data["email"], name=user_data["name"], profile=data
        )

    def perform_update(self, serializer: AthleteSerializer) -> None:
        data = dict(serializer.validated_data)
        user_data = data.pop("user", {})
        if "email" in user_data and user_data["email"].lower() != serializer.instance.user.email:
            raise serializers.ValidationError({"email": ["The email cannot be changed here."]})
        serializer.instance = services.update_athlete(serializer.instance, name=user_data.get("name"), profile=data)


class CalendarTokenView(APIView):
    """A new calendar link, valid for a year; the old one stops working."""

    @extend_schema(request=None, responses=inline_serializer("CalendarUrl", {"calendar_url": serializers.URLField()}))
    def post(self, request: Request, pk: int) -> Response:
        athlete = get_visible_athlete(request.user, pk)
        services.rotate_calendar_token(athlete)
        return Response({"calendar_url": feed_url(athlete)})


def one_unit(attrs: dict[str, Any], metric: str, imperial: str) -> None:
    """Refuse a value sent both ways (`mass_kg` and `mass_lb`): which one was meant cannot be told, and even
    equal values are refused, so a client never depends on our rounding."""
    if attrs.get(metric) is not None and attrs.get(imperial) is not None:
        sentence = f"Give {metric} or {imperial}, not both."
        raise serializers.ValidationError({metric: [sentence], imperial: [sentence]})


def valid_data(
    serializer_class: type[serializers.Serializer], data: Any, context: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The validated data of `data`, or the 400 naming each bad field."""
    serializer = serializer_class(data=data, context=context or {})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
