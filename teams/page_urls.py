"""Team pages: the coach enters a team's weekly practices and its season of matches."""

from django.urls import path

from teams import pages

urlpatterns = [
    path("coach/athletes/<int:athlete_id>/team/", pages.team_schedule, name="page-team-schedule"),
    path("coach/athletes/<int:athlete_id>/team/practices/", pages.save_practices, name="page-team-practices"),
    path("coach/athletes/<int:athlete_id>/team/fixtures/", pages.add_fixtures, name="page-team-fixtures-add"),
    path(
        "coach/athletes/<int:athlete_id>/team/fixtures/<int:fixture_id>/",
        pages.edit_fixture,
        name="page-team-fixture-edit",
    ),
    path(
        "coach/athletes/<int:athlete_id>/team/fixtures/<int:fixture_id>/delete/",
        pages.delete_fixture,
        name="page-team-fixture-delete",
    ),
]
