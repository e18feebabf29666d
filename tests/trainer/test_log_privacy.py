"""No athlete data reaches the logs. Representative flows run through the test client with every logger at DEBUG
and propagating to the root, where caplog listens, and Celery tasks run eagerly through Celery's own tracer (the
code that writes the worker's "Task ... received / succeeded in ...: <return value>" lines): no email address,
name or notes text appears in any record's formatted message or traceback. Every Celery task of the project
returns None, a number, a bool, a dict of counts or a status word, never personal data."""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
import socket
import uuid
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.test import Client
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from people.invitations import make_token
from people.models import Invitation
from people.tasks import SendFailed
from reminders import services as reminder_services
from reminders.models import Delivery, DeliveryStatus
from tests.factories import AthleteFactory, CoachFactory, InvitationFactory, WorkoutUploadFactory
from tests.reminders.conftest import DAY, local
from trainer.celery import app as celery_app

pytestmark = pytest.mark.django_db

ATHLETE_NAME, ATHLETE_EMAIL = "Zelda Quillfeather", "zelda.quillfeather@example.org"
COACH_NAME, COACH_EMAIL = "Ottoline Brackwater", "ottoline.brackwater@example.org"
INVITEE_NAME, INVITEE_EMAIL = "Percival Thistlewood", "percival.thistlewood@example.org"
SIGNUP_NAME, SIGNUP_EMAIL = "Ingrid Marrowbone", "ingrid.marrowbone@example.org"
STRANGER_EMAIL = "nobody.here@example.org"
NOTES = "left hamstring seized at kilometre nine after the ferry"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Addresses the app itself may name in a log line: none belong to a person.
OURS = {"noreply@trainer.local"}

# What a task may return: a status word from this list, a number, a bool, None, or a dict of counts.
STATUS_WORDS = {"sent", "already sent", "taken", "off", "retry", "failed", "green", "amber", "red", "unknown"}
STATUS_WORDS |= {"imported", "duplicate", "refused", "zip"}  # what became of a workout file read by a worker


# Loggers the settings keep above DEBUG whatever LOG_LEVEL says, because Django's DEBUG lines there carry raw
# data: SQL parameters, and the whole template context a missing variable was looked up in.
PINNED = {"django.db.backends": logging.WARNING, "django.template": logging.INFO}


@pytest.fixture
def every_log(caplog) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG (but the PINNED ones at the level the settings give them), enabled and propagating,
    so caplog on the root sees everything a production log could hold."""
    saved = []
    for logger in [logging.getLogger(name) for name in [*logging.root.manager.loggerDict, *PINNED]]:
        saved.append((logger, logger.level, logger.propagate, logger.disabled))
        logger.setLevel(PINNED.get(logger.name, logging.DEBUG))
        logger.propagate, logger.disabled = True, False
    caplog.set_level(logging.DEBUG)
    try:
        yield caplog
    finally:
        for logger, level, propagate, disabled in saved:
            logger.setLevel(level)
            logger.propagate, logger.disabled = propagate, disabled


@pytest.fixture
def committed(django_capture_on_commit_callbacks) -> Iterator[object]:
    """`with committed():` runs what the block left for after commit (publishing tasks) as the block ends, and
    published tasks run here and now, through Celery's tracer, as a worker would run them."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield lambda: django_capture_on_commit_callbacks(execute=True)
    finally:
        celery_app.conf.task_always_eager = saved


@pytest.fixture
def named_pair(db):
    coach = CoachFactory(name=COACH_NAME, email=COACH_EMAIL)
    athlete = AthleteFactory(coaches=[coach], user__name=ATHLETE_NAME, user__email=ATHLETE_EMAIL)
    return coach, athlete


@pytest.fixture
def low_login_rates(monkeypatch) -> None:
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "login": "3/min", "login_account": "3/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


# Test tooling's own loggers: the stand-in SMTP servers (aiosmtpd logs the conversation, as a remote server
# would in its own logs) and factory_boy (the test data it builds).
NOT_OURS = ("mail.log", "factory")


def assert_no_personal_data(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")  # with the traceback, when there is one
    records = [r for r in caplog.records if not r.name.startswith(NOT_OURS)]
    for record in records:
        for text in (record.getMessage(), formatter.format(record)):
            for secret in secrets:
                assert secret.lower() not in text.lower(), f"{secret!r} logged: {text[:500]}"
            strangers = set(EMAIL.findall(text)) - OURS
            assert not strangers, f"an address was logged: {strangers} in {text[:500]}"


def messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records]


def test_loggers_that_carry_raw_data_never_log_at_debug() -> None:
    configured = django_settings.LOGGING["loggers"]
    for name, level in PINNED.items():
        assert logging.getLevelName(configured[name]["level"]) >= level, name
        assert logging.getLogger(name).getEffectiveLevel() >= level, name


# --- flows through the test client ------------------------------------------------------------------------


def test_signup(every_log, committed) -> None:
    api = APIClient()
    body = {"email": SIGNUP_EMAIL, "password": "correct horse battery", "name": SIGNUP_NAME}
    with committed():
        assert api.post("/api/v1/auth/signup/", body, format="json").status_code == 201
    assert api.post("/api/v1/auth/signup/", body, format="json").status_code == 400  # taken
    assert api.post("/api/v1/auth/signup/", {**body, "password": "short"}, format="json").status_code == 400
    assert any("Bad Request" in m for m in messages(every_log))  # the capture works
    assert_no_personal_data(every_log, SIGNUP_EMAIL, SIGNUP_NAME)


def test_failed_and_throttled_sign_in(every_log, named_pair, low_login_rates) -> None:
    page, api = Client(), APIClient()
    codes = [page.post("/login/", {"username": ATHLETE_EMAIL, "password": "wrong"}).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    api_codes = [
        api.post("/api/v1/auth/token/", {"email": COACH_EMAIL, "password": "wrong"}, REMOTE_ADDR=f"10.3.0.{i}")
        for i in range(4)
    ]
    assert [r.status_code for r in api_codes] == [400, 400, 400, 429]
    page.post("/login/", {"username": STRANGER_EMAIL, "password": "x"}, REMOTE_ADDR="10.4.0.1")
    assert any("Too Many Requests" in m for m in messages(every_log))
    assert_no_personal_data(every_log, ATHLETE_EMAIL, COACH_EMAIL, STRANGER_EMAIL, ATHLETE_NAME, COACH_NAME)


def test_a_refused_log_with_notes(every_log, named_pair, committed) -> None:
    _, athlete = named_pair
    client = Client()
    client.force_login(athlete.user)
    api = APIClient()
    api.force_authenticate(athlete.user)
    url = f"/api/v1/athletes/{athlete.pk}/workouts/"
    bad = {"date": "2026-03-02", "minutes": 0, "rpe": 11, "notes": NOTES}
    assert api.post(url, bad, format="json").status_code == 400
    page = f"/athletes/{athlete.pk}/workouts/new/"
    assert client.post(page, {"date": "2026-03-02", "minutes": "0", "rpe": "11", "notes": NOTES}).status_code == 400
    # And one that is kept: its recovery check runs (eagerly) and says how it went.
    with committed():
        response = api.post(url, {**bad, "minutes": 40, "rpe": 5, "date": athlete_today(athlete)}, format="json")
    assert response.status_code == 201, response.content
    assert any("check_recovery" in m and "succeeded" in m for m in messages(every_log))
    assert_no_personal_data(every_log, NOTES, "hamstring seized", ATHLETE_EMAIL, ATHLETE_NAME)


def test_password_reset(every_log, named_pair, committed, mailoutbox) -> None:
    client = Client()
    with committed():
        assert client.post("/password-reset/", {"email": ATHLETE_EMAIL}).status_code == 302
        assert client.post("/password-reset/", {"email": STRANGER_EMAIL}).status_code == 302
    assert [m.to for m in mailoutbox] == [[ATHLETE_EMAIL]]
    assert any("send_email" in m and "succeeded" in m for m in messages(every_log))
    reset_link = re.search(r"/reset/[^\s\"<]+", mailoutbox[0].body).group(0)
    assert_no_personal_data(every_log, ATHLETE_EMAIL, STRANGER_EMAIL, ATHLETE_NAME, reset_link)


def test_invitation(every_log, named_pair, committed, mailoutbox) -> None:
    coach, _ = named_pair
    api = APIClient()
    api.force_authenticate(coach)
    body = {
        "email": INVITEE_EMAIL, "name": INVITEE_NAME, "birth_date": "2000-01-01", "sex": "male", "mass_kg": 70,
        "time_zone": "Europe/Paris", "sport": "run", "level": "novice", "available_weekdays": [0, 2, 4],
    }  # fmt: skip
    with committed():
        assert api.post("/api/v1/athletes/", body, format="json").status_code == 201
    assert api.post("/api/v1/athletes/", body, format="json").status_code == 400  # the address is taken
    assert [m.to for m in mailoutbox] == [[INVITEE_EMAIL]]
    assert any("send_invitation" in m and "succeeded" in m for m in messages(every_log))
    token = make_token(Invitation.objects.get(athlete__user__email=INVITEE_EMAIL).pk)
    weak = {"token": token, "password": INVITEE_NAME}
    assert APIClient().post("/api/v1/auth/invitations/accept/", weak, format="json").status_code == 400
    mismatch = {"password": "a brand new password", "password_again": "another one entirely"}
    assert Client().post(f"/invite/{token}/", mismatch).status_code == 400
    assert Client().get("/invite/forged-token/").status_code == 400
    assert_no_personal_data(every_log, INVITEE_EMAIL, INVITEE_NAME, COACH_EMAIL, COACH_NAME)


# --- SMTP servers that quote the recipient when they refuse -------------------------------------------------


class _Refuse:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


@pytest.fixture
def refusing_smtp(settings) -> Iterator[None]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(_Refuse(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield
    finally:
        controller.stop()


def test_smtp_refusals_are_logged_without_the_address(every_log, named_pair, refusing_smtp) -> None:
    from people.tasks import send_email, send_invitation
    from reminders.tasks import send_delivery

    coach, athlete = named_pair
    # Retried eagerly up to max_retries, then given up: Celery logs each retry and the failure.
    result = send_email.apply(args=["Your reset link", "Hello", [ATHLETE_EMAIL], None])
    assert isinstance(result.result, SendFailed) and str(result.result) == "SMTPRecipientsRefused"
    invitee = AthleteFactory(coaches=[coach], user__name=INVITEE_NAME, user__email=INVITEE_EMAIL)
    invitation = InvitationFactory(athlete=invitee, invited_by=coach, email=INVITEE_EMAIL)
    assert isinstance(send_invitation.apply(args=[invitation.pk]).result, SendFailed)
    # A reminder that keeps being refused ends `failed`, with a warning.
    reminder_services.recompute_schedules(athlete.user, now=local(athlete.time_zone, DAY, 19))
    [delivery_id] = reminder_services.sweep(local(athlete.time_zone, DAY, 20), publish=False).created
    outcomes = [send_delivery.apply(args=[delivery_id]).get() for _ in range(reminder_services.MAX_ATTEMPTS)]
    assert outcomes[-1] == "failed" and Delivery.objects.get(pk=delivery_id).status == DeliveryStatus.FAILED
    logged = messages(every_log)
    assert any("retry" in m and "SMTPRecipientsRefused" in m for m in logged)
    assert any(f"reminder {delivery_id} failed" in m for m in logged)
    assert_no_personal_data(every_log, ATHLETE_EMAIL, INVITEE_EMAIL, ATHLETE_NAME, INVITEE_NAME)


# --- what tasks return ------------------------------------------------------------------------------------


def project_tasks() -> dict[str, object]:
    apps = {a.split(".")[0] for a in django_settings.INSTALLED_APPS if not a.startswith(("django", "rest_"))}
    for app_name in sorted(apps):  # every app of ours with tasks: people, training, recovery, reminders
        if importlib.util.find_spec(app_name) is not None and importlib.util.find_spec(f"{app_name}.tasks"):
            importlib.import_module(f"{app_name}.tasks")
    return {name: task for name, task in celery_app.tasks.items() if name.split(".")[0] in apps}


def acceptable(value: object) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return value in STATUS_WORDS
    if isinstance(value, dict):
        return all(isinstance(k, str) and isinstance(v, int) for k, v in value.items())
    return False


def test_every_task_returns_no_personal_data(named_pair, committed, mailoutbox) -> None:
    coach, athlete = named_pair
    invitee = AthleteFactory(coaches=[coach], user__name=INVITEE_NAME, user__email=INVITEE_EMAIL)
    invitation = InvitationFactory(athlete=invitee, invited_by=coach, email=INVITEE_EMAIL)
    reminder_services.recompute_schedules(athlete.user, now=local(athlete.time_zone, DAY, 19))
    [delivery_id] = reminder_services.sweep(local(athlete.time_zone, DAY, 20), publish=False).created
    upload = WorkoutUploadFactory(athlete=athlete, batch=uuid.uuid4(), name="run.fit", data=b"not a workout")
    calls = {
        "people.tasks.send_invitation": [[invitation.pk], [invitation.pk]],  # sent, then already sent
        "people.tasks.send_unsent_invitations": [[]],
        "people.tasks.send_email": [["Subject", f"Hello {ATHLETE_NAME}", [ATHLETE_EMAIL], None]],
        "recovery.tasks.check_recovery": [[athlete.pk], [athlete.pk + 10_000]],
        "recovery.tasks.check_morning_chunk": [[[athlete.pk]], [[athlete.pk + 10_000]]],
        "recovery.tasks.morning_checks": [[]],
        "recovery.tasks.review_weeks": [[]],
        # a week reviewed, then the same week again (taken), then an athlete that is gone
        "recovery.tasks.review_week": [
            [athlete.pk, "2026-11-23"],
            [athlete.pk, "2026-11-23"],
            [athlete.pk + 10_000, "2026-11-23"],
        ],
        "reminders.tasks.sweep": [[]],
        "reminders.tasks.send_delivery": [[delivery_id], [delivery_id]],  # sent, then taken
        "reminders.tasks.send_deliveries": [[[delivery_id, delivery_id + 1]]],  # taken, and an id that is gone
        "training.tasks.read_workout_upload": [[upload.pk], [upload.pk]],  # refused, then read already
    }
    tasks = project_tasks()
    assert set(tasks) == set(calls), "a new task: add it here, with arguments that reach its return values"
    for name, argument_lists in calls.items():
        for args in argument_lists:
            value = tasks[name].apply(args=args).get()
            assert acceptable(value), f"{name}{tuple(args)} returned {value!r}"
            for secret in (ATHLETE_EMAIL, ATHLETE_NAME, INVITEE_EMAIL, INVITEE_NAME, COACH_EMAIL, COACH_NAME):
                assert secret.lower() not in repr(value).lower()


def athlete_today(athlete) -> str:
    from people.logs import local_today

    return local_today(athlete).isoformat()
