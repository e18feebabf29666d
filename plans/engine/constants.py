"""Every number the plan rules use, each with the docs/domain.md section it comes from.

Numbers marked "generator choice" only shape the weeks the engine writes; the rules never read them.
"""

from __future__ import annotations

from .types import TEAM_SPORTS, EventKind, Intensity, Level, Modality

# --- docs/domain.md section 1, table: min_rest_days
MIN_REST_DAYS = {Level.NOVICE: 2, Level.INTERMEDIATE: 1, Level.ADVANCED: 1}
# --- docs/domain.md section 1, table: max_consecutive_training_days (cross-training counts)
MAX_CONSECUTIVE_TRAINING_DAYS = {Level.NOVICE: 3, Level.INTERMEDIATE: 5, Level.ADVANCED: 6}
# --- docs/domain.md section 1, table: cross_training_day
MIN_CROSS_TRAINING_DAYS = 1
# --- docs/domain.md section 1, table: hard_easy (hard days in a row, at most)
MAX_HARD_DAYS_IN_A_ROW = 1
# --- docs/domain.md section 1, "Level shapes the week": hard sessions a week (novices 1 in their first 4 planned
# weeks, then 2) and sessions a week, within the available weekdays
MAX_HARD_SESSIONS = {Level.NOVICE: 2, Level.INTERMEDIATE: 2, Level.ADVANCED: 3}
NOVICE_FIRST_WEEKS = 4
NOVICE_FIRST_WEEKS_HARD = 1
SESSIONS_A_WEEK = {Level.NOVICE: (3, 4), Level.INTERMEDIATE: (4, 5), Level.ADVANCED: (5, 6)}
# --- docs/domain.md section 1, "Age": masters (50+) 72 h between hard sessions and at most 2 a week; 65+ at most 1
# unless advanced, and one strength or balance block a week (ACSM, Chodzko-Zajko et al. 2009)
MASTERS_AGE = 50
MASTERS_MAX_HARD = 2
MASTERS_HARD_GAP_DAYS = 3  # 72 h: a hard Monday allows the next hard session on Thursday
OLDER_AGE = 65
OLDER_MAX_HARD = 1

# --- docs/domain.md section 1, "Starting without history": weekly minutes and longest session by level
START_WEEKLY_MINUTES = {Level.NOVICE: 150, Level.INTERMEDIATE: 240, Level.ADVANCED: 360}
START_LONGEST_MINUTES = {Level.NOVICE: 45, Level.INTERMEDIATE: 70, Level.ADVANCED: 105}
# --- docs/domain.md section 1: the long session is at most 30 % of the week's minutes from four sessions on, 40 %
# with three (coaching heuristic); fewer sessions have no long session to speak of
LONG_SESSION_SHARE = {3: 0.40}
LONG_SESSION_SHARE_DEFAULT = 0.30
LONG_SESSION_SHARE_MIN_SESSIONS = 3
# --- docs/domain.md section 1, "Session length": a main block is at least 15 minutes
MIN_MAIN_BLOCK_MINUTES = 15

# --- docs/domain.md section 1, table: load_progression. +10 % is the cap a coach may override with a reason;
# over +30 % is never allowed (Nielsen et al., JOSPT 2014).
LOAD_GROWTH_CAP = 1.10
LOAD_GROWTH_HARD_LIMIT = 1.30
# Product rule (docs/domain.md, section 1): a percentage of a near-empty week means nothing (after illness,
# 10 % of 60 AU is 6 AU), so a week may always hold up to this load, one 60-minute easy session at RPE 3. It
# keeps the generator able to write the mandatory cross-training day after any previous week, with its
# 15-minute main block and the week's strength blocks (53 minutes at most).
RESTART_FLOOR_LOAD = 180

# --- docs/domain.md section 1, table: long_session_cap (Frandsen et al., BJSM 2025)
LONG_SESSION_CAP = 1.10
# Cross-training twins of the main sports share their 30-day history for the cap: a cyclist's longest
# ride bounds an easy "cycling" session too.
MODALITY_TWIN = {
    Modality.BIKE: Modality.CYCLING,
    Modality.CYCLING: Modality.BIKE,
    Modality.SWIM: Modality.SWIMMING,
    Modality.SWIMMING: Modality.SWIM,
    Modality.ROW: Modality.ROWING,
    Modality.ROWING: Modality.ROW,
}

# --- docs/domain.md section 1, table: deload_week (every Nth week; masters every 3rd, 2:1) and deload load: 60 % of
# the last full week. The baseline of growth is the larger of last week's load and the last full week's within
# the past 4 weeks (deload, taper and eased weeks are never full).
DELOAD_EVERY_DEFAULT = 4
DELOAD_EVERY_MASTERS = 3
DELOAD_SHARE = 0.60
BASELINE_WEEKS = 4
# --- docs/domain.md section 1, "Blocks": 4-24 weeks, a 1-2 week taper (volume -40 to -60 %, Bosquet 2007) before a
# goal date. Product rule: the first of two taper weeks keeps 60 %, the goal's week 45 %; blocks of 10 weeks or
# more taper for two weeks.
BLOCK_WEEKS = (4, 24)
TAPER_SHARE = 0.60
TAPER_FINAL_SHARE = 0.45
TWO_WEEK_TAPER_FROM = 10
# A week whose done load fell short of its plan by more than 20 % is not a full week, and re-planning eases
# the weeks after it (docs/domain.md section 1, "Blocks and re-planning").
FULL_WEEK_DONE_SHARE = 0.80

# --- docs/domain.md section 1, "Youth" (American Academy of Pediatrics)
YOUTH_AGE = 18
YOUTH_MIN_REST_DAYS = 2
YOUTH_MAX_TRAINING_DAYS = 5
YOUTH_MAX_CONSECUTIVE_DAYS = 5

# --- docs/domain.md section 1, "Intensity by session RPE (CR-10 scale, Foster 2001)"
RPE_BANDS = {Intensity.EASY: (2, 4), Intensity.MODERATE: (5, 6), Intensity.HARD: (7, 9)}
# --- docs/domain.md section 1, "Cross-training modalities ... Intensity easy or moderate"
CROSS_TRAINING_INTENSITIES = frozenset({Intensity.EASY, Intensity.MODERATE})

# --- docs/domain.md section 1, "Warm-up" (RAMP, Jeffreys 2007): at least 10 minutes, 15 before a hard session
WARMUP_MIN_MINUTES = 10
WARMUP_MIN_MINUTES_HARD = 15
RAISE_MINUTES = 5

# --- docs/domain.md section 1, "Cool-down and stretching": 5 minutes cool-down, holds of 30 s 2-4 times
COOLDOWN_MIN_MINUTES = 5
STRETCH_HOLD_SECONDS = 30
STRETCH_HOLDS = 2
STRETCH_ALWAYS = ("hamstrings", "calves")
STRETCH_AFTER_RUN_AND_CYCLING = ("quadriceps", "hip_flexors", "glutes")
# "after running and cycling": the main sports and the cycling cross-training modality
# team sports run, sprint and cut: they stretch as runners do
STRETCH_FULL_MODALITIES = frozenset({Modality.RUN, Modality.BIKE, Modality.CYCLING}) | TEAM_SPORTS

# --- docs/domain.md section 1, "Hamstring strength": Nordic progression (Mjolsnes et al. 2004).
# (first week, last week or None, sessions a week, sets, reps, how the reps are written)
NORDIC_PROGRESSION = (
    (1, 1, 1, 2, 5, "2 x 5 reps"),
    (2, 2, 2, 2, 6, "2 x 6 reps"),
    (3, 3, 3, 3, 8, "3 sets of 6-8 reps"),
    (4, 4, 3, 3, 10, "3 sets of 8-10 reps"),
    (5, 10, 3, 3, 12, "3 sets of 12, 10, 8 reps"),
    (11, None, 1, 3, 12, "3 sets of 12, 10, 8 reps"),
)
# product rule: at most 2 Nordic sessions a week for runners
NORDIC_RUNNER_CAP = 2
NORDIC_SLUGS = frozenset({"nordic_hamstring_curl", "nordic_hamstring_curl_assisted"})
# "Imbalance" flag: two single-leg strength blocks a week
IMBALANCE_SINGLE_LEG_BLOCKS = 2
SINGLE_LEG_SLUGS = frozenset(
    {
        "single_leg_romanian_deadlift",
        "single_leg_bridge",
        "split_squat",
        "rear_foot_elevated_split_squat",
        "lateral_step_down",
        "single_leg_squat_to_box",
    }
)

# --- docs/domain.md section 11, team sports. A match is hard at planned RPE 8, a practice moderate unless marked hard
# (product rule: RPE 6, the upper half of the moderate band, and 7 when hard).
EVENT_RPE = {(EventKind.MATCH, Intensity.HARD): 8, (EventKind.PRACTICE, Intensity.HARD): 7}
PRACTICE_RPE = 6
# Match-day scheme (Malone et al., IJSPP 2015): MD-1 light only (easy, at most 45 minutes, no Nordic work), MD+1
# recovery (easy cross-training or rest), no hard session within 48 h before a match (MD-1 and MD-2).
MD_MINUS_1_MAX_MINUTES = 45
NO_HARD_DAYS_BEFORE_MATCH = 2
# Congested fixtures: two matches within 4 days (Dupont et al., AJSM 2010): no hard training between them.
CONGESTED_WITHIN_DAYS = 4
# FIFA 11+ (Soligard et al., BMJ 2008): about 20 minutes before practices and matches.
FIFA_11_MINUTES = 20
# In-season Nordic work once or twice a week (Petersen et al., AJSM 2011), never on MD-1 or MD+1.
TEAM_NORDIC_MAX_SESSIONS = 2
# Generator choice: the MD+1 recovery session (easy cross-training) lasts about 45 minutes.
TEAM_RECOVERY_MINUTES = 45

# --- generator choice, shared by the week and the team-week generators: cross-training modalities in order of
# preference by sport (never the sport itself)
CROSS_PREFERENCE = {
    Modality.RUN: (
        Modality.AQUA_JOGGING,
        Modality.CYCLING,
        Modality.ELLIPTICAL,
        Modality.SWIMMING,
        Modality.ROWING,
        Modality.YOGA,
    ),
    Modality.BIKE: (Modality.SWIMMING, Modality.YOGA, Modality.ELLIPTICAL, Modality.AQUA_JOGGING, Modality.ROWING),
    Modality.SWIM: (Modality.CYCLING, Modality.YOGA, Modality.ELLIPTICAL, Modality.ROWING, Modality.AQUA_JOGGING),
    Modality.ROW: (Modality.CYCLING, Modality.SWIMMING, Modality.YOGA, Modality.ELLIPTICAL, Modality.AQUA_JOGGING),
    # cycling and swimming are a triathlete's own disciplines, not cross-training (docs/domain.md section 1: "other
    # than the main sport")
    Modality.TRIATHLON: (Modality.AQUA_JOGGING, Modality.YOGA, Modality.ELLIPTICAL, Modality.ROWING),
    # team sports: low-impact and easy on legs that sprinted and cut the day before (the MD+1 recovery session)
    **dict.fromkeys(
        TEAM_SPORTS,
        (
            Modality.CYCLING,
            Modality.SWIMMING,
            Modality.AQUA_JOGGING,
            Modality.YOGA,
            Modality.ELLIPTICAL,
            Modality.ROWING,
        ),
    ),
}
