from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrainerConfig(AppConfig):
    name = "trainer"
    verbose_name = "People"

    def ready(self) -> None:
        from trainer import checks  # noqa: F401  # registers the system checks
        from trainer.celery import ensure_broker
        from trainer.schedule import ensure_periodic_tasks

        # Every process that may publish or consume tasks needs the broker; with no REDIS_URL it is the
        # embedded one, started here by the first process and reused by the others.
        ensure_broker()
        post_migrate.connect(ensure_periodic_tasks, sender=self)
