"""Hydration nudges (docs/domain.md §9): only when beverages are more than 15 % behind the target pro-rated over
waking hours, saying by how much and what to drink, never pushing past the day's target (§4). Water is
logged through the API, as an athlete would."""

from __future__ import annotations

import datetime as dt

from reminders import services
from reminders.models import Delivery
from tests.conftest import client_for
from tests.reminders.conftest import DAY, local, only_kinds, prime

ZONE = "Europe/Berlin"
TARGET_ML = 2200  # docs/domain.md §4: women 19+, a day without training


def drink(athlete, ml: int, at: dt.datetime) -> None:
    response = client_for(athlete.user).post(
        f"/api/v1/athletes/{athlete.pk}/water/", {"water_ml": ml, "at": at.isoformat()}, format="json"
    )
    assert response.status_code == 201, response.content


def sweep_at(hh: int, mm: int = 0) -> list[Delivery]:
    return list(Delivery.objects.filter(pk__in=services.sweep(local(ZONE, DAY, hh, mm), publish=False).created))


def test_on_pace_no_nudge_behind_a_nudge_with_the_gap(berlin) -> None:
    only_kinds(berlin.user, "hydration")
    prime(berlin.user, at=local(ZONE, DAY, 0))
    drink(berlin, 500, local(ZONE, DAY, 8))
    drink(berlin, 350, local(ZONE, DAY, 12))
    # 13:00: 6 of 14 waking hours -> 943 ml expected; 850 ml drunk is 10 % behind: no nudge.
    assert sweep_at(13) == []
    # 16:00: 1,414 ml expected, still 850 ml: 40 % behind.
    [nudge] = sweep_at(16)
    assert (nudge.kind, nudge.slot, nudge.local_date) == ("hydration", "16:00", DAY)
    assert nudge.context["expected_ml"] == 1414 and nudge.context["drunk_ml"] == 850
    assert nudge.context["behind_pct"] == 40 and nudge.context["suggest_ml"] == 564
    assert nudge.context["target_ml"] == TARGET_ML
    assert "564 ml" in nudge.subject


def test_never_beyond_the_days_target(berlin) -> None:
    """At 19:00 (12 of 14 hours) with little drunk, the suggestion closes the gap to the pro-rated amount only."""
    only_kinds(berlin.user, "hydration")
    prime(berlin.user, at=local(ZONE, DAY, 18, 30))
    drink(berlin, 300, local(ZONE, DAY, 9))
    [nudge] = sweep_at(19)
    context = nudge.context
    assert context["suggest_ml"] == context["expected_ml"] - 300
    assert context["drunk_ml"] + context["suggest_ml"] <= TARGET_ML


def test_ahead_of_the_target_no_nudge_all_day(berlin) -> None:
    only_kinds(berlin.user, "hydration")
    prime(berlin.user, at=local(ZONE, DAY, 0))
    drink(berlin, 1500, local(ZONE, DAY, 7, 30))
    drink(berlin, 900, local(ZONE, DAY, 15))
    made = []
    for hh in (10, 13, 16, 19):
        made += sweep_at(hh)
    assert made == []


def test_imperial_athlete_reads_fluid_ounces(new_york) -> None:
    only_kinds(new_york.user, "hydration")
    zone = "America/New_York"
    prime(new_york.user, at=local(zone, DAY, 0))
    [nudge] = Delivery.objects.filter(pk__in=services.sweep(local(zone, DAY, 10), publish=False).created)
    assert "fl oz" in nudge.subject and " ml" not in nudge.subject


def test_kidney_disease_brings_the_fluid_caution(berlin, smtp_server) -> None:
    """docs/domain.md §8: medical flags make advice more careful; every drinking nudge carries the doctor's note."""
    berlin.medical_flags = ["kidney_disease"]
    berlin.save()
    only_kinds(berlin.user, "hydration")
    prime(berlin.user, at=local(ZONE, DAY, 9))
    [nudge] = sweep_at(10)
    assert services.send_delivery(nudge.pk) == "sent"
    [message] = smtp_server.messages
    for part in ("plain", "html"):
        assert "ask your doctor whether you have a fluid limit" in message.get_body((part,)).get_content()
