from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "recovery"

    def ready(self) -> None:
        from intake.hooks import provide_load_and_recovery
        from recovery import services
        from training.signals import logged

        # A log owes a recovery check; this app publishes it, and the log services never import us.
        logged.connect(services.check_after_log, dispatch_uid="recovery-check-after-log")
        # The day summary (intake) shows the day's load and status without importing this app.
        provide_load_and_recovery(services.day_load_and_recovery)
