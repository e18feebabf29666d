"""CoachAlert and WeekReview now belong to the recovery app (its 0002): plans forgets them, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('recovery', '0002_alerts_and_week_reviews_from_plans'),
        ('plans', '0013_recoverystatus_moves_to_recovery'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='weekreview',
                    name='athlete',
                ),
                migrations.DeleteModel(
                    name='CoachAlert',
                ),
                migrations.DeleteModel(
                    name='WeekReview',
                ),
            ],
        ),
    ]
