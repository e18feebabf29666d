"""The training logs now belong to the training app (its 0001): plans forgets them, and the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0014_alerts_and_week_reviews_move_to_recovery'),
        ('training', '0001_logs_from_plans'),
        ('intake', '0008_sweattest_workout_in_training'),  # nothing points at plans' WorkoutLog any more
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='WorkoutUpload'),
                migrations.DeleteModel(name='CrampEpisode'),
                migrations.DeleteModel(name='WellnessCheckIn'),
                migrations.DeleteModel(name='WorkoutLog'),
            ],
        ),
    ]
