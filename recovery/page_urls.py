"""Recovery pages: the coach's athlete page and alerts, the athlete's trends and cramp history."""

from django.urls import path

from recovery import pages

urlpatterns = [
    path("coach/athletes/<int:athlete_id>/", pages.athlete_overview, name="page-coach-athlete"),
    path("coach/alerts/<int:alert_id>/read/", pages.alert_read, name="page-alert-read"),
    path("athletes/<int:athlete_id>/cramps/", pages.cramps, name="page-cramps"),
    path("athletes/<int:athlete_id>/trends/", pages.trends, name="page-trends"),
]
