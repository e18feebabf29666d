from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"

    def ready(self) -> None:
        from plans.fixture_services import on_profile_changed
        from trainer.services import profile_changed

        # planned weeks follow the team's weekly practices on the profile (docs/domain.md section 11)
        profile_changed.connect(on_profile_changed, dispatch_uid="plans-weekly-practices")
