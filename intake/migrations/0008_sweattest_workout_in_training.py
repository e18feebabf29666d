"""A sweat test's workout is now training's WorkoutLog (issue 15); the column and its foreign key to the same
table (plans_workoutlog) do not change."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0007_meal_portions_favourites'),
        ('training', '0001_logs_from_plans'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='sweattest',
                    name='workout',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sweat_tests', to='training.workoutlog'),
                ),

            ],
        ),
    ]
