"""Plan pages: the plan editor, week generation and templates; the athlete's week."""

from django.urls import path

from plans import block_pages, pages

urlpatterns = [
    path("coach/athletes/<int:athlete_id>/generate/", pages.generate, name="page-generate"),
    path("coach/athletes/<int:athlete_id>/blocks/new/", block_pages.new_block, name="page-block-new"),
    path("coach/blocks/<int:block_id>/", block_pages.block_page, name="page-block"),
    path("coach/blocks/<int:block_id>/publish/", block_pages.publish_block, name="page-block-publish"),
    path("coach/plans/<int:plan_id>/", pages.plan_editor, name="page-plan"),
    path("coach/plans/<int:plan_id>/sessions/add/", pages.add_session, name="page-session-add"),
    path("coach/plans/<int:plan_id>/sessions/<int:session_id>/", pages.edit_session, name="page-session-edit"),
    path(
        "coach/plans/<int:plan_id>/sessions/<int:session_id>/delete/", pages.delete_session, name="page-session-delete"
    ),
    path("coach/plans/<int:plan_id>/publish/", pages.publish, name="page-publish"),
    path("coach/plans/<int:plan_id>/template/", pages.save_template, name="page-save-template"),
    path("coach/templates/", pages.templates_page, name="page-templates"),
    path("athletes/<int:athlete_id>/week/", pages.week, name="page-week"),
]
