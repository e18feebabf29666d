"""The models and their migrations agree: a model change without its migration fails here, not on a fresh install."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration() -> None:
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exit:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"a model change has no migration (exit {exit.code}): run manage.py makemigrations")


@pytest.mark.django_db(transaction=True)
def test_a_model_moved_between_apps_keeps_its_table_and_rows() -> None:
    """Issue 15 moved RecoveryStatus, CoachAlert and WeekReview from plans to recovery, and the training logs
    from plans to training, with state-only migrations: a database migrated to before the moves (migrating back
    to it works too) keeps its rows, and the moved models read them."""
    import datetime as dt

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from recovery.models import RecoveryStatus, WeekReview
    from tests.factories import AthleteFactory
    from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

    before = [("plans", "0012_workout_uploads"), ("recovery", None), ("training", None)]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state([("plans", "0012_workout_uploads")]).apps
    athlete = AthleteFactory()
    old.get_model("plans", "RecoveryStatus").objects.create(
        athlete_id=athlete.pk, date=dt.date(2026, 3, 2), status="amber", reasons=[], checked_at=timezone.now()
    )
    old.get_model("plans", "WeekReview").objects.create(athlete_id=athlete.pk, week_start=dt.date(2026, 2, 23))
    old.get_model("plans", "WorkoutLog").objects.create(
        athlete_id=athlete.pk, date=dt.date(2026, 3, 1), minutes=40, rpe=6
    )
    checkin = {"sleep": 3, "fatigue": 4, "stress": 2, "soreness": 5}
    old.get_model("plans", "WellnessCheckIn").objects.create(athlete_id=athlete.pk, date=dt.date(2026, 3, 2), **checkin)
    old.get_model("plans", "CrampEpisode").objects.create(
        athlete_id=athlete.pk,
        at=timezone.now(),
        location="hamstring",
        side="left",
        severity=6,
        duration_minutes=2,
        context="night",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert RecoveryStatus._meta.db_table == "plans_recoverystatus"
    assert list(RecoveryStatus.objects.filter(athlete=athlete).values_list("status", flat=True)) == ["amber"]
    assert list(WeekReview.objects.filter(athlete=athlete).values_list("week_start", flat=True)) == [
        dt.date(2026, 2, 23)
    ]
    assert WorkoutLog._meta.db_table == "plans_workoutlog"
    assert [w.load for w in WorkoutLog.objects.filter(athlete=athlete)] == [240]
    assert [c.hooper_index for c in WellnessCheckIn.objects.filter(athlete=athlete)] == [14]
    assert list(CrampEpisode.objects.filter(athlete=athlete).values_list("location", flat=True)) == ["hamstring"]
