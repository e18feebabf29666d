"""Reads for the coach's block pages that plans.selectors does not hold: the athlete page's list of blocks."""

from __future__ import annotations

from django.db.models import Count, Q

from plans import selectors
from plans.models import PlanStatus, TrainingBlock
from trainer.models import AthleteProfile


def blocks_with_counts(athlete: AthleteProfile) -> list[TrainingBlock]:
    """The athlete's blocks, newest first, each annotated with `plan_count` (weeks that still have a plan: a week
    generated alone later replaces the block's draft) and `published_count` (1 query)."""
    published = Q(plan_weeks__status=PlanStatus.PUBLISHED)
    return list(
        selectors.blocks_of(athlete).annotate(
            plan_count=Count("plan_weeks"), published_count=Count("plan_weeks", filter=published)
        )
    )
