from django.urls import path

from training import api, import_api

urlpatterns = [
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
]
