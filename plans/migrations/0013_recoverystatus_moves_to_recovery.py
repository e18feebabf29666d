"""RecoveryStatus now belongs to the recovery app (its 0001): plans forgets it, and the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0012_workout_uploads'),
        ('recovery', '0001_recoverystatus_from_plans'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='RecoveryStatus')],
        ),
    ]
