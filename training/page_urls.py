"""Training log pages: workouts (typed in or from files), RPE, the check-in, cramps."""

from django.urls import path

from training import pages

urlpatterns = [
    path("athletes/<int:athlete_id>/workouts/new/", pages.log_workout, name="page-workout"),
    path("athletes/<int:athlete_id>/workouts/upload/", pages.upload_workouts, name="page-workout-upload"),
    path("athletes/<int:athlete_id>/workouts/uploads/<uuid:batch>/", pages.upload_status, name="page-workout-uploads"),
    path("athletes/<int:athlete_id>/workouts/<int:log_id>/rpe/", pages.give_rpe, name="page-workout-rpe"),
    path("athletes/<int:athlete_id>/checkin/", pages.checkin, name="page-checkin"),
    path("athletes/<int:athlete_id>/cramps/new/", pages.log_cramp, name="page-cramp"),
    path(
        "athletes/<int:athlete_id>/checkin/<int:checkin_id>/remove/", pages.remove_checkin, name="page-checkin-remove"
    ),
    path("athletes/<int:athlete_id>/cramps/<int:cramp_id>/remove/", pages.remove_cramp, name="page-cramp-remove"),
    path("athletes/<int:athlete_id>/cramps/<int:cramp_id>/change/", pages.change_cramp, name="page-cramp-change"),
]
