"""People who existed before reminders get schedules due now; the first sweep computes their next slots."""

from django.db import migrations
from django.utils import timezone

ATHLETE_KINDS = ["hydration", "rest_day", "checkin", "pre_session", "post_session"]


def schedule_everyone(apps, schema_editor):
    Schedule = apps.get_model("reminders", "ReminderSchedule")
    AthleteProfile = apps.get_model("trainer", "AthleteProfile")
    User = apps.get_model("trainer", "User")
    now = timezone.now()
    rows = [
        Schedule(user_id=user_id, kind=kind, next_due_at=now)
        for user_id in AthleteProfile.objects.values_list("user_id", flat=True).iterator()
        for kind in ATHLETE_KINDS
    ]
    rows += [
        Schedule(user_id=user_id, kind="coach_digest", next_due_at=now)
        for user_id in User.objects.filter(role="coach").values_list("pk", flat=True).iterator()
    ]
    Schedule.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial"), ("trainer", "0001_initial")]

    operations = [migrations.RunPython(schedule_everyone, migrations.RunPython.noop)]
