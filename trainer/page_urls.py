"""Pages about people: home, sign-in and sign-up, passwords, profiles, roster, invitations, reminders, calendar
link."""

from django.urls import path

from accounts import account_pages, profile_pages
from accounts import pages as hub_pages
from people import pages

urlpatterns = [
    path("", hub_pages.home, name="pages-home"),
    path("login/", pages.SignInView.as_view(), name="login"),
    path("logout/", pages.SignOutView.as_view(), name="logout"),
    path("signup/", account_pages.sign_up, name="page-signup"),
    path("password-reset/", pages.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", pages.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", pages.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", pages.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("me/<slug:page>/", hub_pages.my_page, name="page-me"),
    path("coach/", hub_pages.roster_page, name="page-roster"),
    path("coach/invite/", hub_pages.invite_page, name="page-invite"),
    path("coach/invite/existing/", account_pages.invite_existing, name="page-invite-existing"),
    path("coach/athletes/<int:athlete_id>/remove/", account_pages.remove_from_roster, name="page-remove-athlete"),
    path("settings/reminders/", hub_pages.my_reminders, name="page-my-reminders"),
    path("settings/account/delete/", account_pages.delete_account, name="page-delete-account"),
    path("settings/profile/", profile_pages.my_profile, name="page-my-profile"),
    path("settings/password/", account_pages.PasswordChangeView.as_view(), name="password_change"),
    path("athletes/<int:athlete_id>/profile/", profile_pages.athlete_profile, name="page-athlete-profile"),
    path("athletes/<int:athlete_id>/reminders/", hub_pages.athlete_reminders, name="page-athlete-reminders"),
    path("athletes/<int:athlete_id>/calendar/", hub_pages.calendar_page, name="page-calendar"),
]
