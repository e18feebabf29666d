"""Intake pages: the athlete's day, water in one tap, meals with food search."""

from django.urls import path

from intake import pages

urlpatterns = [
    path("athletes/<int:athlete_id>/today/", pages.today, name="page-today"),
    path("athletes/<int:athlete_id>/water/", pages.log_water, name="page-water"),
    path("athletes/<int:athlete_id>/meals/new/", pages.log_meal, name="page-meal"),
    path("athletes/<int:athlete_id>/foods/", pages.food_results, name="page-food-search"),
    # Corrections from the Today page (POST only): remove or change any log of the day.
    path("athletes/<int:athlete_id>/water/<int:log_id>/remove/", pages.remove_water, name="page-water-remove"),
    path("athletes/<int:athlete_id>/water/<int:log_id>/change/", pages.change_water, name="page-water-change"),
    path("athletes/<int:athlete_id>/meals/<int:log_id>/remove/", pages.remove_meal, name="page-meal-remove"),
    path("athletes/<int:athlete_id>/meals/<int:log_id>/change/", pages.change_meal, name="page-meal-change"),
    path(
        "athletes/<int:athlete_id>/supplements/<int:log_id>/change/",
        pages.change_supplement,
        name="page-supplement-change",
    ),
    path(
        "athletes/<int:athlete_id>/supplements/<int:log_id>/remove/",
        pages.remove_supplement,
        name="page-supplement-remove",
    ),
    path("athletes/<int:athlete_id>/workouts/<int:log_id>/remove/", pages.remove_workout, name="page-workout-remove"),
    path("athletes/<int:athlete_id>/workouts/<int:log_id>/change/", pages.change_workout, name="page-workout-change"),
]
