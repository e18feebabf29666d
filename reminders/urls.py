"""Reminder pages and API. Included at the site root from trainer/urls.py."""

from django.urls import path

from reminders import api, views

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="reminders-unsubscribe"),
    path("drink/<str:token>/", views.drink, name="reminders-drink"),
    path("api/v1/athletes/<int:pk>/reminders/", api.AthleteRemindersView.as_view(), name="athlete-reminders"),
    path("api/v1/me/reminders/", api.MyRemindersView.as_view(), name="my-reminders"),
]
