"""The exercise library is data; a coach adds their own, visible to that coach's athletes only."""

from __future__ import annotations

import pytest

from plans.models import Exercise

pytestmark = pytest.mark.django_db

MY_DRILL = {
    "name": "Sprinter hamstring slides", "category": "strength_prevention", "target_muscles": ["hamstrings", "glutes"],
    "equipment": "none", "instructions": "From a bridge, walk the heels out and back.", "default_sets": 3,
    "default_reps": 6,
}  # fmt: skip


def test_library_is_loaded_by_migrate() -> None:
    library = Exercise.objects.filter(owner__isnull=True)
    assert library.count() >= 80
    categories = set(library.values_list("category", flat=True))
    assert {"warmup_raise", "warmup_activate", "warmup_mobilise", "warmup_potentiate", "cross_training",
            "strength_prevention", "cooldown", "stretch"} <= categories  # fmt: skip
    assert library.filter(slug="nordic_hamstring_curl").exists()
    stretched = {m for row in library.filter(category="stretch") for m in row.target_muscles[:1]}
    assert {"hamstrings", "calves", "quadriceps", "hip_flexors", "glutes"} <= stretched


def test_coach_exercises_are_seen_by_their_athletes_only(roster) -> None:
    created = roster.clients["coach_a"].post("/api/v1/exercises/", MY_DRILL, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["slug"] == "sprinter_hamstring_slides"
    assert created.json()["mine"] is True

    def names(role: str) -> set[str]:
        body = roster.clients[role].get("/api/v1/exercises/?category=strength_prevention&page_size=200").json()
        return {row["name"] for row in body["results"]}

    assert MY_DRILL["name"] in names("coach_a")
    assert MY_DRILL["name"] in names("athlete_a")
    assert MY_DRILL["name"] not in names("coach_b")
    assert MY_DRILL["name"] not in names("athlete_b")
    assert roster.clients["athlete_a"].post("/api/v1/exercises/", MY_DRILL, format="json").status_code == 403
    assert roster.clients["athlete_a"].post("/api/v1/exercises/", {}, format="json").status_code == 403  # not 400
    again = roster.clients["coach_a"].post("/api/v1/exercises/", MY_DRILL, format="json")
    assert again.status_code == 400 and "slug" in again.json()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"category": "dance"}, "category"), ({"default_sets": 0}, "default_sets"), ({"name": ""}, "name"),
     ({"suits": ["teleport"]}, "suits")],
)  # fmt: skip
def test_bad_exercises_are_refused(roster, change: dict, field: str) -> None:
    response = roster.clients["coach_a"].post("/api/v1/exercises/", {**MY_DRILL, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
