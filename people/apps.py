from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    # The label stays "trainer": the app held these models before the layout of issue 15, and the label names
    # their tables, migrations, content types and AUTH_USER_MODEL ("trainer.User"). Changing it would move all
    # of them for no gain.
    label = "trainer"
    verbose_name = "People"
