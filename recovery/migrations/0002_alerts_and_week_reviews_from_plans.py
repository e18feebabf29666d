"""CoachAlert and WeekReview move here from plans (issue 15); their tables (plans_coachalert, plans_weekreview)
and rows stay, as for RecoveryStatus in 0001."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0013_recoverystatus_moves_to_recovery'),
        ('recovery', '0001_recoverystatus_from_plans'),
        ('trainer', '0006_athlete_max_hr'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='CoachAlert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField()),
                        ('status', models.CharField(choices=[('green', 'Green'), ('amber', 'Amber'), ('red', 'Red'), ('unknown', 'Unknown')], max_length=7)),
                        ('reasons', models.JSONField(default=list)),
                        ('message', models.TextField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('athlete', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alerts', to='trainer.athleteprofile')),
                        ('coach', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alerts', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'plans_coachalert',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(fields=('coach', 'athlete', 'date', 'status'), name='alert_once_a_day')],
                    },
                ),
                migrations.CreateModel(
                    name='WeekReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('week_start', models.DateField()),
                        ('planned_load', models.PositiveIntegerField(default=0)),
                        ('done_load', models.PositiveIntegerField(default=0)),
                        ('eased_weeks', models.PositiveSmallIntegerField(default=0)),
                        ('reviewed_at', models.DateTimeField(auto_now_add=True)),
                        ('athlete', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='week_reviews', to='trainer.athleteprofile')),
                    ],
                    options={
                        'db_table': 'plans_weekreview',
                        'ordering': ['-week_start'],
                        'constraints': [models.UniqueConstraint(fields=('athlete', 'week_start'), name='week_review_once')],
                    },
                ),
            ],
        ),
    ]
