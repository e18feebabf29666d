from django.urls import path

from plans import api, fixture_api, import_api, recovery_api

urlpatterns = [
    path("exercises/", api.ExercisesView.as_view(), name="exercises"),
    path("athletes/<int:athlete_id>/plans/", api.AthletePlansView.as_view(), name="athlete-plans"),
    path("athletes/<int:athlete_id>/blocks/", api.AthleteBlocksView.as_view(), name="athlete-blocks"),
    path("blocks/<int:block_id>/", api.BlockView.as_view(), name="block-detail"),
    path("blocks/<int:block_id>/publish/", api.BlockPublishView.as_view(), name="block-publish"),
    path("plans/<int:plan_id>/", api.PlanView.as_view(), name="plan-detail"),
    path("plans/<int:plan_id>/sessions/", api.PlanSessionsView.as_view(), name="plan-sessions"),
    path("plans/<int:plan_id>/sessions/<int:session_id>/", api.PlanSessionView.as_view(), name="plan-session"),
    path("plans/<int:plan_id>/publish/", api.PublishView.as_view(), name="plan-publish"),
    path("plans/<int:plan_id>/template/", api.SaveTemplateView.as_view(), name="plan-save-template"),
    path("templates/", api.TemplatesView.as_view(), name="plan-templates"),
    path("templates/<int:template_id>/apply/", api.ApplyTemplateView.as_view(), name="plan-template-apply"),
    path("athletes/<int:athlete_id>/fixtures/", fixture_api.FixturesView.as_view(), name="athlete-fixtures"),
    path("athletes/<int:athlete_id>/fixtures/<int:fixture_id>/", fixture_api.FixtureView.as_view(), name="fixture"),
    path("athletes/<int:athlete_id>/workouts/", api.WorkoutLogView.as_view(), name="athlete-workouts"),
    path(
        "athletes/<int:athlete_id>/workouts/import/",
        import_api.WorkoutImportView.as_view(),
        name="athlete-workouts-import",
    ),
    path(
        "athletes/<int:athlete_id>/workouts/<int:log_id>/export.tcx",
        import_api.WorkoutTcxView.as_view(),
        name="athlete-workout-tcx",
    ),
    path("athletes/<int:athlete_id>/checkins/", api.CheckInView.as_view(), name="athlete-checkins"),
    path("athletes/<int:athlete_id>/cramps/", api.CrampView.as_view(), name="athlete-cramps"),
    path(
        "athletes/<int:athlete_id>/workouts/<int:log_id>/", api.WorkoutLogDetailView.as_view(), name="athlete-workout"
    ),
    path("athletes/<int:athlete_id>/checkins/<int:log_id>/", api.CheckInDetailView.as_view(), name="athlete-checkin"),
    path("athletes/<int:athlete_id>/cramps/<int:log_id>/", api.CrampDetailView.as_view(), name="athlete-cramp"),
    path("athletes/<int:athlete_id>/load/", recovery_api.LoadView.as_view(), name="athlete-load"),
    path(
        "athletes/<int:athlete_id>/cramps/<int:cramp_id>/factors/",
        recovery_api.CrampFactorsView.as_view(),
        name="cramp-factors",
    ),
    path("athletes/<int:athlete_id>/cramp-patterns/", recovery_api.CrampPatternView.as_view(), name="cramp-patterns"),
    path("roster/", recovery_api.RosterView.as_view(), name="roster"),
    path("alerts/", recovery_api.AlertsView.as_view(), name="alerts"),
    path("alerts/<int:alert_id>/read/", recovery_api.AlertReadView.as_view(), name="alert-read"),
    path("adjustments/<int:adjustment_id>/undo/", recovery_api.UndoAdjustmentView.as_view(), name="adjustment-undo"),
]
