"""A coach (staff) generates, edits and publishes a week in the admin, which enforces the same rules."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.models import PlanSession, PlanWeek, RuleOverride
from tests.factories import AthleteFactory
from tests.world import MONDAY

pytestmark = pytest.mark.django_db


def test_generate_edit_and_publish_in_the_admin(client, roster) -> None:
    client.force_login(roster.staff)
    athlete = AthleteFactory(level="intermediate", weekly_minutes_target=300)
    added = client.post("/admin/plans/planweek/add/", {"athlete": athlete.pk, "week_start": MONDAY.isoformat()})
    assert added.status_code == 302, added.content.decode()[:2000]
    plan = PlanWeek.objects.get(athlete=athlete, week_start=MONDAY)
    assert plan.sessions.exists()
    assert client.get(f"/admin/plans/planweek/{plan.pk}/change/").status_code == 200

    # Make an easy session hard, the day after a hard one: refused with its code and sentence.
    session = plan.sessions.filter(intensity="easy", modality="run").order_by("date").first()
    hard = plan.sessions.filter(intensity="hard", date__lt=MONDAY + dt.timedelta(days=6)).order_by("date").first()
    after_hard = hard.date + dt.timedelta(days=1)
    form = {
        "date": after_hard.isoformat(), "title": session.title, "modality": session.modality, "intensity": "hard",
        "planned_rpe": 8, "planned_minutes": session.planned_minutes + 30, "start_time": "",
        "blocks-TOTAL_FORMS": "0", "blocks-INITIAL_FORMS": "0",
    }  # fmt: skip
    refused = client.post(f"/admin/plans/plansession/{session.pk}/change/", form)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "[min_rest_days]" in page or "[hard_easy]" in page
    session.refresh_from_db()
    assert session.intensity == "easy"

    accepted = client.post(
        f"/admin/plans/plansession/{session.pk}/change/", {**form, "override_reason": "Race rehearsal"}
    )
    assert accepted.status_code == 302, accepted.content.decode()[:3000]
    session.refresh_from_db()
    assert session.intensity == "hard" and session.override_reason == "Race rehearsal"
    assert RuleOverride.objects.filter(plan=plan, reason="Race rehearsal").exists()
    assert PlanSession.objects.get(pk=session.pk).blocks.first().kind == "warmup"

    published = client.post("/admin/plans/planweek/", {"action": "publish", "_selected_action": [plan.pk]}, follow=True)
    assert published.status_code == 200
    plan.refresh_from_db()
    assert plan.status == "published"
