from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


class TrainerConfig(AppConfig):
    """The project itself: settings, URLs, the Celery app, the launcher and the demo. It holds no models; its
    label is "project" because "trainer" is the people app's (people/apps.py)."""

    name = "trainer"
    label = "project"
    verbose_name = "Trainer"

    def ready(self) -> None:
        from core.fields import install_strict_types
        from trainer import checks  # noqa: F401  # registers the system checks
        from trainer.celery import ensure_broker
        from trainer.schedule import ensure_periodic_tasks

        # Every process that may publish or consume tasks needs the broker; with no REDIS_URL it is the
        # embedded one, started here by the first process and reused by the others.
        ensure_broker()
        # JSON bodies read as the schema writes them: strings as strings, dates and instants in RFC 3339 only.
        install_strict_types()
        # The web process registers every app's tasks too, not only the worker: services publish their own
        # app's tasks by name (core.queue.enqueue_on_commit), so none imports the task module that imports it.
        autodiscover_modules("tasks")
        post_migrate.connect(ensure_periodic_tasks, sender=self)
