"""Coach pages: roster, athlete page, plan editor (generate, move, add, remove, violations, override, publish),
templates and invitations; each calls the services the API calls."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from people.logs import local_today
from people.models import Invitation
from plans.models import PlanSession, PlanStatus, PlanTemplate, PlanWeek, RuleOverride
from recovery.models import CoachAlert
from tests.factories import (
    AthleteFactory,
    CoachAlertFactory,
    CrampFactory,
    RecoveryStatusFactory,
    WaterFactory,
    WorkoutFactory,
)
from tests.world import published_week, signed_in, this_monday

pytestmark = pytest.mark.django_db


def generate(client, athlete, week_start: dt.date) -> PlanWeek:
    response = client.post(f"/coach/athletes/{athlete.pk}/generate/", {"week_start": week_start.isoformat()})
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = PlanWeek.objects.get(athlete=athlete, week_start=week_start)
    assert response.url == f"/coach/plans/{plan.pk}/"
    return plan


def test_roster_shows_status_reason_water_compliance_and_last_cramp(coach_pages, people) -> None:
    athlete = people.athlete
    today = local_today(athlete)
    reason = {
        "code": "load_spike",
        "severity": "red",
        "message": "Acute load is 1.6 times chronic.",
        "value": 1.6,
        "threshold": 1.5,
    }
    RecoveryStatusFactory(athlete=athlete, date=today, status="red", reasons=[reason], checked_at=timezone.now())
    WaterFactory(athlete=athlete, at=timezone.now(), water_ml=900)
    CrampFactory(
        athlete=athlete,
        at=timezone.now() - dt.timedelta(days=2),
        location="calf",
        side="left",
        severity=4,
        duration_minutes=2,
        context="night",
    )
    body = coach_pages.get("/coach/").content.decode()
    assert 'class="badge red"' in body and "Acute load is 1.6 times chronic." in body and "load_spike" not in body
    assert "900 of" in body
    assert "2\xa0days ago" in body


def test_roster_reads_a_fixed_number_of_queries(coach_pages, people, django_assert_num_queries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        coach_pages.get("/coach/")
    for _ in range(4):
        AthleteFactory(coaches=[people.coach])
    with CaptureQueriesContext(connection) as five:
        coach_pages.get("/coach/")
    assert len(five) == len(one)


def test_generate_edit_violation_override_and_publish(coach_pages, people) -> None:
    athlete = people.athlete
    plan = generate(coach_pages, athlete, this_monday(athlete) + dt.timedelta(days=7))
    editor = coach_pages.get(f"/coach/plans/{plan.pk}/").content.decode()
    assert "Publish this week" in editor and editor.count('class="editor-day ') == 7
    # Removing the week's cross-training session breaks a rule: refused with its name and sentence (never its code).
    cross = PlanSession.objects.filter(
        plan=plan, modality__in=["cycling", "swimming", "aqua_jogging", "elliptical", "rowing", "yoga"]
    ).first()
    url = f"/coach/plans/{plan.pk}/sessions/{cross.pk}/delete/"
    refused = coach_pages.post(url, {})
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "Cross-training day:" in body and 'class="sentence"' in body and "override reason" in body
    assert "cross_training_day" not in body
    assert PlanSession.objects.filter(pk=cross.pk).exists()
    # With an override reason it goes through, and the reason is stored.
    accepted = coach_pages.post(url, {f"delete-{cross.pk}-override_reason": "Pool closed this week"})
    assert accepted.status_code == 302
    assert not PlanSession.objects.filter(pk=cross.pk).exists()
    assert RuleOverride.objects.filter(plan=plan, rule="cross_training_day", reason="Pool closed this week").exists()
    editor = coach_pages.get(f"/coach/plans/{plan.pk}/").content.decode()
    # the override box shows the breach as it stands and what the override accepted, in words
    assert "Rules this week breaks" in editor and "Accepted at no cross-training day: Pool closed this week" in editor
    # Publish.
    assert coach_pages.post(f"/coach/plans/{plan.pk}/publish/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED


def test_move_a_session_keeps_its_blocks(coach_pages, people) -> None:
    athlete = people.athlete
    plan = generate(coach_pages, athlete, this_monday(athlete) + dt.timedelta(days=7))
    session = PlanSession.objects.filter(plan=plan, intensity="easy", modality="run").first()
    blocks_before = list(session.blocks.values_list("kind", "minutes"))
    taken = set(PlanSession.objects.filter(plan=plan).values_list("date", flat=True))
    key = f"session-{session.pk}"
    for offset in range(7):
        day = plan.week_start + dt.timedelta(days=offset)
        if day in taken:
            continue
        data = {
            f"{key}-{f}": v
            for f, v in [
                ("date", day.isoformat()),
                ("title", session.title),
                ("modality", session.modality),
                ("intensity", session.intensity),
                ("planned_minutes", session.planned_minutes),
                ("planned_rpe", session.planned_rpe),
            ]
        }
        response = coach_pages.post(f"/coach/plans/{plan.pk}/sessions/{session.pk}/", data)
        if response.status_code == 302:
            session.refresh_from_db()
            assert session.date == day
            assert list(session.blocks.values_list("kind", "minutes")) == blocks_before
            return
        assert response.status_code == 400 and 'class="rule"' in response.content.decode()
    pytest.fail("no free day accepted the move")


def test_add_a_session_and_field_errors_next_to_fields(coach_pages, people) -> None:
    athlete = people.athlete
    plan = generate(coach_pages, athlete, this_monday(athlete) + dt.timedelta(days=7))
    url = f"/coach/plans/{plan.pk}/sessions/add/"
    bad = coach_pages.post(
        url,
        {
            "add-date": plan.week_start.isoformat(),
            "add-modality": "yoga",
            "add-intensity": "easy",
            "add-planned_minutes": "5",
        },
    )
    assert bad.status_code == 400
    assert 'id="id_add-planned_minutes_error"' in bad.content.decode()
    count = PlanSession.objects.filter(plan=plan).count()
    saturday = plan.week_start + dt.timedelta(days=5)
    ok = coach_pages.post(
        url,
        {
            "add-date": saturday.isoformat(),
            "add-modality": "yoga",
            "add-intensity": "easy",
            "add-planned_minutes": "45",
            "add-override_reason": "extra mobility",
        },
    )
    assert ok.status_code == 302, ok.content.decode()[:3000]
    assert PlanSession.objects.filter(plan=plan).count() == count + 1


def test_generating_a_published_week_again_is_refused_next_to_the_field(coach_pages, people) -> None:
    plan = published_week(people.athlete, people.coach)
    response = coach_pages.post(
        f"/coach/athletes/{people.athlete.pk}/generate/", {"week_start": plan.week_start.isoformat()}
    )
    assert response.status_code == 400
    assert "published already" in response.content.decode()


def test_athlete_page_shows_week_charts_cramps_with_factors_and_alerts(coach_pages, people) -> None:
    athlete = people.athlete
    published_week(athlete, people.coach)
    today = local_today(athlete)
    WorkoutFactory(athlete=athlete, date=today, modality="", minutes=50, rpe=6, warmup_done=False, stretching_done=True)
    CrampFactory(
        athlete=athlete,
        at=timezone.now(),
        location="behind_knee",
        side="right",
        severity=8,
        duration_minutes=3,
        context="after_exercise",
    )
    CoachAlertFactory(
        coach=people.coach,
        athlete=athlete,
        date=today,
        status="red",
        reasons=[],
        message="Ana is red today: load spike.",
    )
    response = coach_pages.get(f"/coach/athletes/{athlete.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="day ') == 7
    for title in (
        "Training load, last 28 days",
        "Water against target, last 14 days",
        "Minerals against targets, last 14 days",
    ):
        assert title in body
    assert body.count("<svg") >= 3 and "<script" not in body.split("<svg", 1)[1].split("</main>")[0]
    assert "Behind the knee" in body and "Skipped warmup" in body and "see a healthcare professional" in body
    for code in ("skipped_warmup", "kidney_disease", "<code>"):  # people read words, never codes
        assert code not in body, code
    assert "Ana is red today: load spike." in body
    alert = CoachAlert.objects.get()
    assert coach_pages.post(f"/coach/alerts/{alert.pk}/read/", {"next": "/coach/"}).url == "/coach/"
    alert.refresh_from_db()
    assert alert.read_at is not None
    # Only back to our own pages: a forged "next" lands on the roster, not on another site.
    assert coach_pages.post(f"/coach/alerts/{alert.pk}/read/", {"next": "https://evil.example/"}).url == "/coach/"


def test_save_a_template_and_apply_it_to_many_athletes(coach_pages, people) -> None:
    athlete = people.athlete
    plan = generate(coach_pages, athlete, this_monday(athlete) + dt.timedelta(days=7))
    assert coach_pages.post(f"/coach/plans/{plan.pk}/template/", {"name": "Base week"}).url == "/coach/templates/"
    template = PlanTemplate.objects.get(name="Base week")
    more = [AthleteFactory(coaches=[people.coach], level="intermediate", weekly_minutes_target=300) for _ in range(2)]
    week_start = this_monday(athlete) + dt.timedelta(days=14)
    page = coach_pages.get("/coach/templates/").content.decode()
    assert "Base week" in page
    response = coach_pages.post(
        "/coach/templates/",
        {
            "template": template.pk,
            "week_start": week_start.isoformat(),
            "athletes": [athlete.pk, *(a.pk for a in more)],
            "override_reason": "same week for the group",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert PlanWeek.objects.filter(week_start=week_start).count() + body.count("not applied") == 3
    assert "Applied" in body


def test_apply_refuses_athletes_off_the_roster(coach_pages, people) -> None:
    plan = generate(coach_pages, people.athlete, this_monday(people.athlete) + dt.timedelta(days=7))
    coach_pages.post(f"/coach/plans/{plan.pk}/template/", {"name": "W"})
    template = PlanTemplate.objects.get()
    response = coach_pages.post(
        "/coach/templates/",
        {"template": template.pk, "athletes": [people.other.pk], "week_start": plan.week_start.isoformat()},
    )
    assert response.status_code == 400 and 'id="id_athletes_error"' in response.content.decode()


def test_invite_an_athlete(coach_pages, people) -> None:
    data = {
        "email": "New.Runner@Example.org",
        "name": "New Runner",
        "birth_date": "2000-05-01",
        "sex": "male",
        "units": "imperial",
        "mass": "165",
        "time_zone": "America/Chicago",
        "sport": "run",
        "level": "novice",
        "available_weekdays": ["0", "2", "4", "5"],
        "preferred_long_day": "5",
        "weekly_minutes_target": "180",
        "medical_flags": ["diabetes"],
        "medications": "metformin, ",
    }
    response = coach_pages.post("/coach/invite/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    invitation = Invitation.objects.get(email="new.runner@example.org")
    athlete = invitation.athlete
    assert float(athlete.mass_kg) == pytest.approx(74.8, abs=0.1)
    assert athlete.available_weekdays == [0, 2, 4, 5] and athlete.medications == ["metformin"]
    assert athlete.coach_links.get().coach == people.coach
    assert response.url == f"/coach/athletes/{athlete.pk}/"


def test_invite_errors_sit_next_to_their_fields(coach_pages, people) -> None:
    data = {
        "email": people.athlete.user.email,
        "name": "X",
        "birth_date": str(dt.date.today().year - 10) + "-01-01",
        "sex": "female",
        "units": "metric",
        "mass": "50",
        "time_zone": "UTC",
        "sport": "run",
        "level": "novice",
        "available_weekdays": ["0"],
        "weekly_minutes_target": "180",
    }
    response = coach_pages.post("/coach/invite/", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_birth_date_error"' in body and "at least 14 years old" in body
    data["birth_date"] = "1990-01-01"
    response = coach_pages.post("/coach/invite/", data)
    assert 'id="id_email_error"' in response.content.decode() and "already exists" in response.content.decode()


def test_a_coach_keeps_their_own_reminder_settings(coach_pages, people) -> None:
    page = coach_pages.get("/settings/reminders/").content.decode()
    assert "Daily digest" in page and "Water reminders" not in page
    response = coach_pages.post(
        "/settings/reminders/",
        {"kind_recovery_alert": "on", "waking_start": "06:30", "waking_end": "20:00", "time_zone": "Europe/Paris"},
    )
    assert response.status_code == 302
    from reminders.selectors import preference_of

    people.coach.refresh_from_db()
    preference = preference_of(people.coach)
    assert preference.coach_digest is False and preference.time_zone == "Europe/Paris"
    assert signed_in(people.coach).get("/settings/reminders/").status_code == 200
