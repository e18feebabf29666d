"""Intake endpoints under /api/v1/ (API.md). Included from trainer/urls.py."""

from django.urls import path

from intake import api

food_list = api.FoodViewSet.as_view({"get": "list", "post": "create"})
food_detail = api.FoodViewSet.as_view({"get": "retrieve"})

urlpatterns = [
    path("foods/", food_list, name="food-list"),
    path("foods/<int:pk>/", food_detail, name="food-detail"),
]
