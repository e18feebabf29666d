"""The training logs (workouts, check-ins, cramps, workout uploads) move here from plans (issue 15): the tables
keep their names (plans_workoutlog ...) and their rows, indexes and constraints, so only Django's idea of which
app owns them changes; plans' 0015 drops them from plans' state the same way."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('plans', '0014_alerts_and_week_reviews_move_to_recovery'),  # the tables exist with their last change (0012),
        ('trainer', '0006_athlete_max_hr'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='WorkoutLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(help_text="Local date in the athlete's time zone.")),
                        ('modality', models.CharField(blank=True, choices=[('run', 'Run'), ('bike', 'Bike'), ('swim', 'Swim'), ('row', 'Row'), ('strength', 'Strength'), ('triathlon', 'Triathlon'), ('soccer', 'Soccer'), ('basketball', 'Basketball'), ('field_hockey', 'Field hockey'), ('rugby', 'Rugby'), ('handball', 'Handball'), ('volleyball', 'Volleyball'), ('tennis', 'Tennis'), ('cycling', 'Cycling'), ('swimming', 'Swimming'), ('aqua_jogging', 'Aqua jogging'), ('elliptical', 'Elliptical'), ('rowing', 'Rowing'), ('yoga', 'Yoga')], max_length=16)),
                        ('minutes', models.PositiveIntegerField()),
                        ('rpe', models.PositiveSmallIntegerField(blank=True, help_text='Session RPE, CR-10 scale (0-10).', null=True)),
                        ('completed', models.BooleanField(default=True)),
                        ('warmup_done', models.BooleanField(default=False)),
                        ('stretching_done', models.BooleanField(default=False)),
                        ('notes', models.TextField(blank=True, max_length=2000)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('source', models.CharField(choices=[('manual', 'Typed in'), ('file', 'From a workout file')], default='manual', max_length=8)),
                        ('distance_m', models.FloatField(blank=True, null=True)),
                        ('elevation_gain_m', models.FloatField(blank=True, null=True)),
                        ('avg_hr_bpm', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('max_hr_bpm', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('trimp', models.FloatField(blank=True, help_text='Banister TRIMP, from the average heart rate.', null=True)),
                        ('trimp_edwards', models.FloatField(blank=True, help_text='Edwards TRIMP, from the heart-rate zones.', null=True)),
                        ('file_sha256', models.CharField(blank=True, default='', editable=False, help_text='SHA-256 of the file it was read from.', max_length=64)),
                        ('started_at', models.DateTimeField(blank=True, editable=False, help_text='When the file says it started; empty when typed in.', null=True)),
                        ('athlete', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='workouts', to='trainer.athleteprofile')),
                        ('logged_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('session', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='logs', to='plans.plansession')),
                    ],
                    options={
                        'db_table': 'plans_workoutlog',
                        'ordering': ['-date', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='WorkoutUpload',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('batch', models.UUIDField(help_text='One sending of the form: the files chosen together.')),
                        ('name', models.CharField(help_text="The file's name as sent, or its path inside the zip.", max_length=255)),
                        ('size_bytes', models.PositiveBigIntegerField(default=0)),
                        ('state', models.CharField(choices=[('queued', 'Waiting for a worker'), ('reading', 'Being read'), ('done', 'Done')], default='queued', max_length=8)),
                        ('outcome', models.CharField(blank=True, choices=[('imported', 'Imported'), ('duplicate', 'Imported before'), ('refused', 'Refused'), ('zip', 'Zip read')], max_length=10)),
                        ('message', models.CharField(blank=True, help_text='Why a file was refused, in one sentence.', max_length=300)),
                        ('entries_total', models.PositiveIntegerField(default=0, help_text="A zip's workout files.")),
                        ('entries_done', models.PositiveIntegerField(default=0)),
                        ('entries_skipped', models.PositiveIntegerField(default=0, help_text="A zip's other files, not read.")),
                        ('data', models.BinaryField(blank=True, default=b'')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('athlete', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='workout_uploads', to='trainer.athleteprofile')),
                        ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='training.workoutupload')),
                        ('workout', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='training.workoutlog')),
                    ],
                    options={
                        'db_table': 'plans_workoutupload',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='CrampEpisode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField()),
                        ('location', models.CharField(choices=[('behind_knee', 'Behind the knee'), ('hamstring', 'Hamstring'), ('calf', 'Calf'), ('foot', 'Foot'), ('quadriceps', 'Quadriceps'), ('other', 'Other')], max_length=12)),
                        ('side', models.CharField(choices=[('left', 'Left'), ('right', 'Right'), ('both', 'Both')], max_length=5)),
                        ('severity', models.PositiveSmallIntegerField()),
                        ('duration_minutes', models.FloatField()),
                        ('context', models.CharField(choices=[('during_exercise', 'During exercise'), ('after_exercise', 'After exercise'), ('rest', 'At rest'), ('night', 'At night')], max_length=16)),
                        ('notes', models.TextField(blank=True, max_length=2000)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('athlete', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cramps', to='trainer.athleteprofile')),
                    ],
                    options={
                        'db_table': 'plans_crampepisode',
                        'ordering': ['-at'],
                        'indexes': [models.Index(fields=['athlete', 'at'], name='plans_cramp_athlete_f46373_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('severity__gte', 1), ('severity__lte', 10)), name='cramp_severity_range'), models.CheckConstraint(condition=models.Q(('duration_minutes__gte', 0), ('duration_minutes__lte', 600)), name='cramp_duration_range'), models.CheckConstraint(condition=models.Q(('location__in', ['behind_knee', 'hamstring', 'calf', 'foot', 'quadriceps', 'other'])), name='cramp_location_valid'), models.CheckConstraint(condition=models.Q(('side__in', ['left', 'right', 'both'])), name='cramp_side_valid'), models.CheckConstraint(condition=models.Q(('context__in', ['during_exercise', 'after_exercise', 'rest', 'night'])), name='cramp_context_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='WellnessCheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField()),
                        ('sleep', models.PositiveSmallIntegerField()),
                        ('fatigue', models.PositiveSmallIntegerField()),
                        ('stress', models.PositiveSmallIntegerField()),
                        ('soreness', models.PositiveSmallIntegerField()),
                        ('resting_hr_bpm', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('hrv_rmssd_ms', models.FloatField(blank=True, null=True)),
                        ('sleep_hours', models.FloatField(blank=True, null=True)),
                        ('morning_mass_kg', models.DecimalField(blank=True, decimal_places=1, max_digits=5, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('athlete', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkins', to='trainer.athleteprofile')),
                    ],
                    options={
                        'db_table': 'plans_wellnesscheckin',
                        'ordering': ['-date'],
                        'constraints': [models.UniqueConstraint(fields=('athlete', 'date'), name='checkin_one_per_day'), models.CheckConstraint(condition=models.Q(('sleep__gte', 1), ('sleep__lte', 7)), name='checkin_sleep_range'), models.CheckConstraint(condition=models.Q(('fatigue__gte', 1), ('fatigue__lte', 7)), name='checkin_fatigue_range'), models.CheckConstraint(condition=models.Q(('stress__gte', 1), ('stress__lte', 7)), name='checkin_stress_range'), models.CheckConstraint(condition=models.Q(('soreness__gte', 1), ('soreness__lte', 7)), name='checkin_soreness_range'), models.CheckConstraint(condition=models.Q(('resting_hr_bpm__isnull', True), models.Q(('resting_hr_bpm__gte', 25), ('resting_hr_bpm__lte', 220)), _connector='OR'), name='checkin_resting_hr_range'), models.CheckConstraint(condition=models.Q(('hrv_rmssd_ms__isnull', True), models.Q(('hrv_rmssd_ms__gt', 0), ('hrv_rmssd_ms__lte', 500)), _connector='OR'), name='checkin_hrv_range'), models.CheckConstraint(condition=models.Q(('sleep_hours__isnull', True), models.Q(('sleep_hours__gte', 0), ('sleep_hours__lte', 24)), _connector='OR'), name='checkin_sleep_hours_range'), models.CheckConstraint(condition=models.Q(('morning_mass_kg__isnull', True), models.Q(('morning_mass_kg__gte', 25), ('morning_mass_kg__lte', 350)), _connector='OR'), name='checkin_mass_range')],
                    },
                ),
                migrations.AddIndex(
                    model_name='workoutlog',
                    index=models.Index(fields=['athlete', 'date'], name='plans_worko_athlete_d30f04_idx'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('minutes__gte', 1), ('minutes__lte', 1440)), name='workout_minutes_range'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('rpe__lte', 10)), name='workout_rpe_range'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('rpe__isnull', False), ('source', 'file'), _connector='OR'), name='workout_rpe_unless_file'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('source__in', ['manual', 'file'])), name='workout_source_valid'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('distance_m__isnull', True), models.Q(('distance_m__gte', 0), ('distance_m__lte', 1000000)), _connector='OR'), name='workout_distance_range'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('elevation_gain_m__isnull', True), models.Q(('elevation_gain_m__gte', 0), ('elevation_gain_m__lte', 20000)), _connector='OR'), name='workout_elevation_gain_range'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('avg_hr_bpm__isnull', True), models.Q(('avg_hr_bpm__gte', 25), ('avg_hr_bpm__lte', 250)), _connector='OR'), name='workout_avg_hr_range'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('max_hr_bpm__isnull', True), models.Q(('max_hr_bpm__gte', 25), ('max_hr_bpm__lte', 250)), _connector='OR'), name='workout_max_hr_range'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('avg_hr_bpm__isnull', True), ('max_hr_bpm__isnull', True), ('avg_hr_bpm__lte', models.F('max_hr_bpm')), _connector='OR'), name='workout_avg_hr_under_max'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('trimp__isnull', True), models.Q(('trimp__gte', 0), ('trimp__lte', 10000)), _connector='OR'), name='workout_trimp_range'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.CheckConstraint(condition=models.Q(('trimp_edwards__isnull', True), models.Q(('trimp_edwards__gte', 0), ('trimp_edwards__lte', 10000)), _connector='OR'), name='workout_trimp_edwards_range'),
                ),
                migrations.AddConstraint(
                    model_name='workoutlog',
                    constraint=models.UniqueConstraint(condition=models.Q(('file_sha256', ''), _negated=True), fields=('athlete', 'file_sha256'), name='workout_file_once_per_athlete'),
                ),
                migrations.AddIndex(
                    model_name='workoutupload',
                    index=models.Index(fields=['athlete', 'batch'], name='plans_worko_athlete_113ce1_idx'),
                ),
                migrations.AddConstraint(
                    model_name='workoutupload',
                    constraint=models.CheckConstraint(condition=models.Q(('state__in', ['queued', 'reading', 'done'])), name='upload_state_valid'),
                ),
                migrations.AddConstraint(
                    model_name='workoutupload',
                    constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['imported', 'duplicate', 'refused', 'zip', ''])), name='upload_outcome_valid'),
                ),
                migrations.AddConstraint(
                    model_name='workoutupload',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'done'), models.Q(('outcome', ''), _negated=True)), models.Q(('outcome', ''), models.Q(('state', 'done'), _negated=True)), _connector='OR'), name='upload_outcome_when_done'),
                ),
                migrations.AddConstraint(
                    model_name='workoutupload',
                    constraint=models.CheckConstraint(condition=models.Q(('entries_done__lte', models.F('entries_total'))), name='upload_entries_done_le_total'),
                ),

            ],
        ),
    ]
