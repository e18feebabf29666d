from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import account_pages, export_api
from people import api, roster_api, views
from plans.views import calendar_feed

api_v1 = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("auth/signup/", api.SignupView.as_view(), name="api-signup"),
    path("auth/invitations/accept/", api.AcceptInvitationView.as_view(), name="api-invitation-accept"),
    path("auth/invitations/join/", roster_api.JoinRosterView.as_view(), name="api-invitation-join"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("me/export/", export_api.MyExportView.as_view(), name="api-me-export"),
    path("athletes/", api.AthleteViewSet.as_view({"get": "list", "post": "create"}), name="athlete-list"),
    path(
        "athletes/<int:pk>/",
        api.AthleteViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="athlete-detail",
    ),
    path("athletes/<int:pk>/calendar-token/", api.CalendarTokenView.as_view(), name="athlete-calendar-token"),
    path("roster/invitations/", roster_api.RosterInvitationView.as_view(), name="roster-invitations"),
    path("roster/<int:athlete_id>/", roster_api.RosterMemberView.as_view(), name="roster-member"),
]

urlpatterns = [
    # The API comes first: Django tries the patterns in order and notes every one that failed, so an API request
    # that had to walk past the ~60 page patterns paid about a millisecond for it (issue 16, item 5).
    path("", include("reminders.urls")),  # its API routes and its two e-mail links
    path(
        "api/v1/",
        include(
            [
                path("", include(api_v1)),
                path("", include("plans.urls")),
                path("", include("teams.urls")),
                path("", include("training.urls")),
                path("", include("recovery.urls")),
                path("", include("intake.urls")),
            ]
        ),
    ),
    path("", include("trainer.page_urls")),  # web pages (issue 7)
    path("", include("plans.page_urls")),
    path("", include("teams.page_urls")),
    path("", include("training.page_urls")),
    path("", include("recovery.page_urls")),
    path("", include("intake.page_urls")),
    path("healthz", views.healthz, name="healthz"),
    # New accounts choose a password (views.accept_invitation); existing athletes join a roster, signed in.
    path("invite/<str:token>/", account_pages.invitation, name="invite-accept"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        # The page's script is a file (the split view); its one inline <style> is allowed by hash, for this view only.
        csp_update({"style-src": settings.SWAGGER_UI_STYLE_SRC})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="swagger-ui",
    ),
]

handler403 = "accounts.error_pages.forbidden"
handler404 = "accounts.error_pages.not_found"
handler500 = "people.views.server_error"
