"""RecoveryStatus moves here from plans (issue 15): the table keeps its name (plans_recoverystatus) and its rows,
so only Django's idea of which app owns it changes; plans' 0013 drops it from plans' state the same way."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('trainer', '0006_athlete_max_hr'),
        ('plans', '0012_workout_uploads'),  # the table exists (plans 0004) with its last column change (0009)
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='RecoveryStatus',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField()),
                        ('status', models.CharField(choices=[('green', 'Green'), ('amber', 'Amber'), ('red', 'Red'), ('unknown', 'Unknown')], max_length=7)),
                        ('reasons', models.JSONField(default=list)),
                        ('checked_at', models.DateTimeField()),
                        ('athlete', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recovery', to='trainer.athleteprofile')),
                    ],
                    options={
                        'db_table': 'plans_recoverystatus',
                        'ordering': ['-date'],
                        'constraints': [models.UniqueConstraint(fields=('athlete', 'date'), name='recovery_one_per_day'), models.CheckConstraint(condition=models.Q(('status__in', ['green', 'amber', 'red', 'unknown'])), name='recovery_status_valid')],
                    },
                ),
            ],
        ),
    ]
