from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"

    def ready(self) -> None:
        from people.services import profile_changed
        from teams.services import on_profile_changed

        # planned weeks follow the team's weekly practices on the profile (docs/domain.md section 11)
        profile_changed.connect(on_profile_changed, dispatch_uid="teams-weekly-practices")
