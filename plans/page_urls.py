"""Plan pages: the coach's athlete page, plan editor and templates; the athlete's week, logs, cramps, trends."""

from django.urls import path

from plans import block_pages, pages, team_pages

urlpatterns = [
    path("coach/athletes/<int:athlete_id>/", pages.athlete_overview, name="page-coach-athlete"),
    path("coach/athletes/<int:athlete_id>/generate/", pages.generate, name="page-generate"),
    path("coach/athletes/<int:athlete_id>/blocks/new/", block_pages.new_block, name="page-block-new"),
    path("coach/athletes/<int:athlete_id>/team/", team_pages.team_schedule, name="page-team-schedule"),
    path("coach/athletes/<int:athlete_id>/team/practices/", team_pages.save_practices, name="page-team-practices"),
    path("coach/athletes/<int:athlete_id>/team/fixtures/", team_pages.add_fixtures, name="page-team-fixtures-add"),
    path(
        "coach/athletes/<int:athlete_id>/team/fixtures/<int:fixture_id>/",
        team_pages.edit_fixture,
        name="page-team-fixture-edit",
    ),
    path(
        "coach/athletes/<int:athlete_id>/team/fixtures/<int:fixture_id>/delete/",
        team_pages.delete_fixture,
        name="page-team-fixture-delete",
    ),
    path("coach/blocks/<int:block_id>/", block_pages.block_page, name="page-block"),
    path("coach/blocks/<int:block_id>/publish/", block_pages.publish_block, name="page-block-publish"),
    path("coach/plans/<int:plan_id>/", pages.plan_editor, name="page-plan"),
    path("coach/plans/<int:plan_id>/sessions/add/", pages.add_session, name="page-session-add"),
    path("coach/plans/<int:plan_id>/sessions/<int:session_id>/", pages.edit_session, name="page-session-edit"),
    path(
        "coach/plans/<int:plan_id>/sessions/<int:session_id>/delete/", pages.delete_session, name="page-session-delete"
    ),
    path("coach/plans/<int:plan_id>/publish/", pages.publish, name="page-publish"),
    path("coach/plans/<int:plan_id>/template/", pages.save_template, name="page-save-template"),
    path("coach/templates/", pages.templates_page, name="page-templates"),
    path("coach/alerts/<int:alert_id>/read/", pages.alert_read, name="page-alert-read"),
    path("athletes/<int:athlete_id>/week/", pages.week, name="page-week"),
    path("athletes/<int:athlete_id>/workouts/new/", pages.log_workout, name="page-workout"),
    path("athletes/<int:athlete_id>/workouts/upload/", pages.upload_workouts, name="page-workout-upload"),
    path("athletes/<int:athlete_id>/workouts/uploads/<uuid:batch>/", pages.upload_status, name="page-workout-uploads"),
    path("athletes/<int:athlete_id>/workouts/<int:log_id>/rpe/", pages.give_rpe, name="page-workout-rpe"),
    path("athletes/<int:athlete_id>/checkin/", pages.checkin, name="page-checkin"),
    path("athletes/<int:athlete_id>/cramps/new/", pages.log_cramp, name="page-cramp"),
    path("athletes/<int:athlete_id>/cramps/", pages.cramps, name="page-cramps"),
    path(
        "athletes/<int:athlete_id>/checkin/<int:checkin_id>/remove/", pages.remove_checkin, name="page-checkin-remove"
    ),
    path("athletes/<int:athlete_id>/cramps/<int:cramp_id>/remove/", pages.remove_cramp, name="page-cramp-remove"),
    path("athletes/<int:athlete_id>/cramps/<int:cramp_id>/change/", pages.change_cramp, name="page-cramp-change"),
    path("athletes/<int:athlete_id>/trends/", pages.trends, name="page-trends"),
]
