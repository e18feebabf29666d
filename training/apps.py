from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"

    def ready(self) -> None:
        # Plans read the workouts logged against them through a hook, not an import (plans/hooks.py).
        from plans.hooks import provide_workouts
        from training.selectors import done_workouts

        provide_workouts(done_workouts)
