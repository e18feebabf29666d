from django.apps import AppConfig
from django.db.models.signals import post_save


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self) -> None:
        from people.models import AthleteProfile, User
        from plans.signals import week_published
        from recovery.signals import turned_red
        from reminders import signals

        # A new athlete or coach gets schedules, and a profile change (time zone, preferred session time) moves
        # them, without the people services knowing about reminders (reminders/signals.py).
        post_save.connect(signals.athlete_saved, sender=AthleteProfile, dispatch_uid="reminders-athlete-saved")
        post_save.connect(signals.user_saved, sender=User, dispatch_uid="reminders-user-saved")
        week_published.connect(signals.week_published, dispatch_uid="reminders-week-published")
        turned_red.connect(signals.turned_red, dispatch_uid="reminders-turned-red")
