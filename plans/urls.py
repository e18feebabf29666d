from django.urls import path

from plans import api

urlpatterns = [
    path("exercises/", api.ExercisesView.as_view(), name="exercises"),
    path("athletes/<int:athlete_id>/plans/", api.AthletePlansView.as_view(), name="athlete-plans"),
    path("athletes/<int:athlete_id>/blocks/", api.AthleteBlocksView.as_view(), name="athlete-blocks"),
    path("blocks/<int:block_id>/", api.BlockView.as_view(), name="block-detail"),
    path("blocks/<int:block_id>/publish/", api.BlockPublishView.as_view(), name="block-publish"),
    path("plans/<int:plan_id>/", api.PlanView.as_view(), name="plan-detail"),
    path("plans/<int:plan_id>/sessions/", api.PlanSessionsView.as_view(), name="plan-sessions"),
    path("plans/<int:plan_id>/sessions/<int:session_id>/", api.PlanSessionView.as_view(), name="plan-session"),
    path("plans/<int:plan_id>/publish/", api.PublishView.as_view(), name="plan-publish"),
    path("plans/<int:plan_id>/template/", api.SaveTemplateView.as_view(), name="plan-save-template"),
    path("templates/", api.TemplatesView.as_view(), name="plan-templates"),
    path("templates/<int:template_id>/apply/", api.ApplyTemplateView.as_view(), name="plan-template-apply"),
]
