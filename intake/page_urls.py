"""Intake pages: the athlete's day, water in one tap, meals with food search."""

from django.urls import path

from intake import pages

urlpatterns = [
    path("athletes/<int:athlete_id>/today/", pages.today, name="page-today"),
    path("athletes/<int:athlete_id>/water/", pages.log_water, name="page-water"),
    path("athletes/<int:athlete_id>/meals/new/", pages.log_meal, name="page-meal"),
    path("athletes/<int:athlete_id>/foods/", pages.food_results, name="page-food-search"),
]
