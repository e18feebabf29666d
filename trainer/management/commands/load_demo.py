from django.core.management.base import BaseCommand
from django.utils import timezone

from trainer.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Create (or refresh) the demo coach and athletes, with eight weeks of history ending now on each "
        "athlete's own clock. Safe to run again: the demo athletes' plans and logs are written anew, not added to."
    )

    def handle(self, *args: object, **options: object) -> None:
        now = timezone.now()
        users = load_demo(timezone.localdate(now), now)
        for user in users:
            self.stdout.write(f"  {user.role:8} {user.email:22} password {DEMO_PASSWORD}")
