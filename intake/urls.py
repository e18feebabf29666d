"""Intake endpoints under /api/v1/ (docs/api.md). Included from trainer/urls.py."""

from django.urls import path

from intake import api

food_list = api.FoodViewSet.as_view({"get": "list", "post": "create"})
food_detail = api.FoodViewSet.as_view({"get": "retrieve"})

urlpatterns = [
    path("foods/", food_list, name="food-list"),
    path("foods/<int:pk>/", food_detail, name="food-detail"),
    path("athletes/<int:athlete_id>/water/", api.WaterLogView.as_view(), name="athlete-water"),
    path("athletes/<int:athlete_id>/meals/", api.MealView.as_view(), name="athlete-meals"),
    path("athletes/<int:athlete_id>/supplements/", api.SupplementView.as_view(), name="athlete-supplements"),
    path("athletes/<int:athlete_id>/water/<int:log_id>/", api.WaterLogDetailView.as_view(), name="athlete-water-log"),
    path("athletes/<int:athlete_id>/meals/<int:log_id>/", api.MealDetailView.as_view(), name="athlete-meal"),
    path(
        "athletes/<int:athlete_id>/supplements/<int:log_id>/",
        api.SupplementDetailView.as_view(),
        name="athlete-supplement",
    ),
    path(
        "athletes/<int:athlete_id>/favourite-foods/", api.FavouriteFoodsView.as_view(), name="athlete-favourite-foods"
    ),
    path(
        "athletes/<int:athlete_id>/favourite-foods/<int:food_id>/",
        api.FavouriteFoodDetailView.as_view(),
        name="athlete-favourite-food",
    ),
    path("athletes/<int:athlete_id>/export/", api.ExportView.as_view(), name="athlete-export"),
    path("athletes/<int:athlete_id>/sweat-tests/", api.SweatTestView.as_view(), name="athlete-sweat-tests"),
    path("athletes/<int:athlete_id>/days/<str:day>/", api.DayView.as_view(), name="athlete-day"),
]
