"""The training block's chart: planned and done load per week, drawn with the chart kit (core/charts.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pygal

from core.charts import BLOCK_STYLE, Chart, chart_config, fmt, render


@dataclass(frozen=True)
class BlockWeekLoad:
    """One week of a training block for `block_load_chart`: `planned` is None when the week has no plan,
    `done` None while the week has not started (nothing can be done yet, which is not 0)."""

    number: int
    week_start: dt.date
    kind: str  # in words: "Build", "Deload", "Taper"
    planned: int | None
    done: int | None


def block_load_chart(weeks: Sequence[BlockWeekLoad], title: str = "Planned and done load per week") -> Chart:
    """Planned load and the load done beside it, one pair of bars per week of a block, in AU."""
    labels = [str(w.number) for w in weeks]
    # Every week number fits under its bars up to 12 weeks; longer blocks label every 4th (a 3:1 cycle).
    extra: dict[str, Any] = {"show_minor_x_labels": True} if len(weeks) <= 12 else {"x_labels_major_every": 4}
    chart = pygal.Bar(
        **chart_config(
            "block", title, "Week of the block", "Load (RPE × minutes, AU)", labels, style=BLOCK_STYLE, **extra
        )
    )
    chart.add("Planned (AU)", [w.planned for w in weeks])
    chart.add("Done (AU)", [w.done for w in weeks])
    rows = [[str(w.number), w.week_start.isoformat(), w.kind, fmt(w.planned), fmt(w.done)] for w in weeks]
    return Chart(
        title=title,
        **render(chart, "block", f"{title}: planned and done load over {len(weeks)} weeks"),
        columns=["Week", "Starts", "Kind", "Planned (AU)", "Done (AU)"],
        rows=rows,
        note="Done counts every workout logged in the week; weeks not started yet have no done bar.",
    )
