"""Every number the plan rules use, each with the DOMAIN.md section it comes from.

Numbers marked "generator choice" only shape the weeks the engine writes; the rules never read them.
"""

from __future__ import annotations

from .types import Intensity, Level, Modality

# --- DOMAIN.md section 1, table: min_rest_days
MIN_REST_DAYS = {Level.NOVICE: 2, Level.INTERMEDIATE: 1, Level.ADVANCED: 1}
# --- DOMAIN.md section 1, table: max_consecutive_training_days (cross-training counts)
MAX_CONSECUTIVE_TRAINING_DAYS = {Level.NOVICE: 3, Level.INTERMEDIATE: 5, Level.ADVANCED: 6}
# --- DOMAIN.md section 1, table: cross_training_day
MIN_CROSS_TRAINING_DAYS = 1
# --- DOMAIN.md section 1, table: hard_easy (hard days in a row, at most)
MAX_HARD_DAYS_IN_A_ROW = 1
# --- DOMAIN.md section 1, "at most two hard sessions for novices, three otherwise" (product rule)
MAX_HARD_SESSIONS = {Level.NOVICE: 2, Level.INTERMEDIATE: 3, Level.ADVANCED: 3}

# --- DOMAIN.md section 1, table: load_progression. +10 % is the cap a coach may override with a reason;
# over +30 % is never allowed (Nielsen et al., JOSPT 2014).
LOAD_GROWTH_CAP = 1.10
LOAD_GROWTH_HARD_LIMIT = 1.30
# Product rule proposed with this engine (to be written into DOMAIN.md section 1): a percentage of a
# near-empty week means nothing (after illness, 10 % of 60 AU is 6 AU), so a week may always hold up to
# this load, one 50-minute easy session at RPE 3. It also keeps the generator able to write the
# mandatory cross-training day after any previous week.
RESTART_FLOOR_LOAD = 150

# --- DOMAIN.md section 1, table: long_session_cap (Frandsen et al., BJSM 2025)
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

# --- DOMAIN.md section 1, table: deload_week (every Nth week) and deload load (50 % of the previous week)
DELOAD_EVERY_DEFAULT = 4
DELOAD_SHARE = 0.50
# The rule accepts up to 60 %: Bosquet et al. (MSSE 2007) found volume cuts of 41-60 % effective, so a
# week kept at 60 % (a 40 % cut) is still a deload; the generator aims at DELOAD_SHARE.
DELOAD_TOLERANCE_SHARE = 0.60

# --- DOMAIN.md section 1, "Youth" (American Academy of Pediatrics)
YOUTH_AGE = 18
YOUTH_MIN_REST_DAYS = 2
YOUTH_MAX_TRAINING_DAYS = 5
YOUTH_MAX_CONSECUTIVE_DAYS = 5

# --- DOMAIN.md section 1, "Intensity by session RPE (CR-10 scale, Foster 2001)"
RPE_BANDS = {Intensity.EASY: (2, 4), Intensity.MODERATE: (5, 6), Intensity.HARD: (7, 9)}
# --- DOMAIN.md section 1, "Cross-training modalities ... Intensity easy or moderate"
CROSS_TRAINING_INTENSITIES = frozenset({Intensity.EASY, Intensity.MODERATE})

# --- DOMAIN.md section 1, "Warm-up" (RAMP, Jeffreys 2007): at least 10 minutes, 15 before a hard session
WARMUP_MIN_MINUTES = 10
WARMUP_MIN_MINUTES_HARD = 15
RAISE_MINUTES = 5

# --- DOMAIN.md section 1, "Cool-down and stretching": 5 minutes cool-down, holds of 30 s 2-4 times
COOLDOWN_MIN_MINUTES = 5
STRETCH_HOLD_SECONDS = 30
STRETCH_HOLDS = 2
STRETCH_ALWAYS = ("hamstrings", "calves")
STRETCH_AFTER_RUN_AND_CYCLING = ("quadriceps", "hip_flexors", "glutes")
# "after running and cycling": the main sports and the cycling cross-training modality
STRETCH_FULL_MODALITIES = frozenset({Modality.RUN, Modality.BIKE, Modality.CYCLING})

# --- DOMAIN.md section 1, "Hamstring strength": Nordic progression (Mjolsnes et al. 2004).
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
