from django.urls import path

from recovery import api

urlpatterns = [
    path("athletes/<int:athlete_id>/load/", api.LoadView.as_view(), name="athlete-load"),
    path(
        "athletes/<int:athlete_id>/cramps/<int:cramp_id>/factors/",
        api.CrampFactorsView.as_view(),
        name="cramp-factors",
    ),
    path("athletes/<int:athlete_id>/cramp-patterns/", api.CrampPatternView.as_view(), name="cramp-patterns"),
    path("roster/", api.RosterView.as_view(), name="roster"),
    path("alerts/", api.AlertsView.as_view(), name="alerts"),
    path("alerts/<int:alert_id>/read/", api.AlertReadView.as_view(), name="alert-read"),
    path("adjustments/<int:adjustment_id>/undo/", api.UndoAdjustmentView.as_view(), name="adjustment-undo"),
]
