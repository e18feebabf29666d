from django.urls import path

from teams import api

urlpatterns = [
    path("athletes/<int:athlete_id>/fixtures/", api.FixturesView.as_view(), name="athlete-fixtures"),
    path("athletes/<int:athlete_id>/fixtures/<int:fixture_id>/", api.FixtureView.as_view(), name="fixture"),
]
