from django.core.management.base import BaseCommand
from django.utils import timezone

from trainer.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo coach and athletes. Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        users = load_demo(timezone.localdate())
        for user in users:
            self.stdout.write(f"  {user.role:8} {user.email:22} password {DEMO_PASSWORD}")
