"""Pages about people: home, sign-in, password reset, roster, invitations, reminders, calendar link."""

from django.urls import path

from trainer import account_pages, pages

urlpatterns = [
    path("", pages.home, name="pages-home"),
    path("login/", pages.SignInView.as_view(), name="login"),
    path("logout/", pages.SignOutView.as_view(), name="logout"),
    path("password-reset/", pages.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", pages.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", pages.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", pages.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("me/<slug:page>/", pages.my_page, name="page-me"),
    path("coach/", pages.roster_page, name="page-roster"),
    path("coach/invite/", pages.invite_page, name="page-invite"),
    path("settings/reminders/", pages.my_reminders, name="page-my-reminders"),
    path("settings/account/delete/", account_pages.delete_account, name="page-delete-account"),
    path("athletes/<int:athlete_id>/reminders/", pages.athlete_reminders, name="page-athlete-reminders"),
    path("athletes/<int:athlete_id>/calendar/", pages.calendar_page, name="page-calendar"),
]
