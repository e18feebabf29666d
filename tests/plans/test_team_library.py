"""The exercise library covers team sports: the FIFA 11+ warm-up, practices and matches, change-of-direction
and plyometric drills, and a cool-down, for every team modality (no database needed)."""

from __future__ import annotations

import pytest

from plans.engine.catalogue import load_catalogue
from plans.engine.constants import NORDIC_SLUGS
from plans.engine.types import TEAM_SPORTS, Category, Exercise, Modality

CATALOGUE: tuple[Exercise, ...] = tuple(load_catalogue())
BY_SLUG = {ex.slug: ex for ex in CATALOGUE}
TEAM_MODALITIES = sorted(TEAM_SPORTS)

# part 1 (running) holds raise and mobilise exercises (hip out, hip in), part 2 the activate ones, part 3 potentiate
FIFA11_PARTS = {
    Category.WARMUP_RAISE: 4,
    Category.WARMUP_MOBILISE: 2,
    Category.WARMUP_ACTIVATE: 6,
    Category.WARMUP_POTENTIATE: 3,
}
WARMUP_CATEGORIES = (
    Category.WARMUP_RAISE,
    Category.WARMUP_ACTIVATE,
    Category.WARMUP_MOBILISE,
    Category.WARMUP_POTENTIATE,
)


def test_catalogue_parses_with_unique_slugs() -> None:
    assert CATALOGUE
    assert len(BY_SLUG) == len(CATALOGUE)


def test_the_seven_team_modalities_are_there() -> None:
    assert {str(m) for m in TEAM_MODALITIES} == {
        "soccer",
        "basketball",
        "field_hockey",
        "rugby",
        "handball",
        "volleyball",
        "tennis",
    }


@pytest.mark.parametrize(("category", "at_least"), FIFA11_PARTS.items())
def test_fifa11_has_its_three_parts_for_soccer(category: Category, at_least: int) -> None:
    part = [
        ex for ex in CATALOGUE if ex.slug.startswith("fifa11_") and ex.category is category and ex.fits(Modality.SOCCER)
    ]
    assert len(part) >= at_least, [ex.slug for ex in part]


def test_fifa11_entries_belong_to_one_of_the_three_parts_and_suit_team_sports_only() -> None:
    fifa = [ex for ex in CATALOGUE if ex.slug.startswith("fifa11_")]
    assert len(fifa) >= sum(FIFA11_PARTS.values())
    for ex in fifa:
        assert ex.category in FIFA11_PARTS, ex.slug
        assert set(ex.suits) == TEAM_SPORTS, ex.slug


def test_fifa11_hamstrings_is_not_the_strength_nordic_curl() -> None:
    hamstrings = BY_SLUG["fifa11_hamstrings"]
    assert hamstrings.slug not in NORDIC_SLUGS
    assert not hamstrings.slug.startswith("nordic_hamstring_curl")
    assert hamstrings.name == "Hamstrings (FIFA 11+)"
    assert hamstrings.category is Category.WARMUP_ACTIVATE
    assert not {ex.slug for ex in CATALOGUE if ex.slug.startswith("fifa11_")} & NORDIC_SLUGS


@pytest.mark.parametrize("slug", ["team_practice", "team_match"])
def test_team_practice_and_match_are_main_team_blocks(slug: str) -> None:
    exercise = BY_SLUG[slug]
    assert exercise.category is Category.MAIN_TEAM
    assert exercise.default_sets == 1
    assert exercise.default_reps is None and exercise.default_seconds is None
    assert exercise.suits == ()


def test_team_practice_asks_to_report_pain_behind_the_knee_or_cramp() -> None:
    instructions = BY_SLUG["team_practice"].instructions.lower()
    assert "coach" in instructions
    assert "behind the knee" in instructions and "cramp" in instructions


@pytest.mark.parametrize("modality", TEAM_MODALITIES)
def test_every_team_modality_has_a_cooldown(modality: Modality) -> None:
    assert any(ex.fits(modality) for ex in CATALOGUE if ex.category is Category.COOLDOWN)


@pytest.mark.parametrize("modality", TEAM_MODALITIES)
@pytest.mark.parametrize("category", WARMUP_CATEGORIES)
def test_every_team_modality_can_be_warmed_up(modality: Modality, category: Category) -> None:
    assert any(ex.fits(modality) for ex in CATALOGUE if ex.category is category)


def test_team_cooldown_suits_the_team_modalities() -> None:
    cooldown = BY_SLUG["team_cooldown_jog"]
    assert cooldown.category is Category.COOLDOWN
    assert set(cooldown.suits) == TEAM_SPORTS


@pytest.mark.parametrize("slug", ["cod_505_drill", "cod_t_drill", "cod_zigzag_cuts", "cod_lateral_shuffle"])
def test_change_of_direction_drills_potentiate_team_warmups(slug: str) -> None:
    drill = BY_SLUG[slug]
    assert drill.category is Category.WARMUP_POTENTIATE
    for modality in (Modality.TENNIS, Modality.VOLLEYBALL, Modality.BASKETBALL):
        assert drill.fits(modality), (slug, modality)


@pytest.mark.parametrize(
    "slug", ["plyo_pogo_jumps", "plyo_drop_landing", "plyo_lateral_bounds", "plyo_single_leg_hop_and_hold"]
)
def test_plyometric_drills_are_prevention_strength(slug: str) -> None:
    assert BY_SLUG[slug].category is Category.STRENGTH_PREVENTION


def test_team_sport_entries_stay_out_of_other_sports_sessions() -> None:
    # the generator rotates through every warm-up and cool-down that fits: team drills must not reach a run
    team_only = [ex for ex in CATALOGUE if ex.suits and set(ex.suits) <= TEAM_SPORTS]
    assert team_only
    for ex in team_only:
        for modality in Modality:
            if not modality.is_team_sport:
                assert not ex.fits(modality), (ex.slug, modality)
