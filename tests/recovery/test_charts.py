"""Server-side SVG charts: titles, axis titles with units, target lines, tables, no script, gaps for unknown days."""

from __future__ import annotations

import datetime as dt

from intake.targets import MineralAmounts, MineralDay
from recovery import charts
from recovery.cramps import HistoryDay

DAY = dt.date(2026, 3, 2)


def load_rows(n: int, acwr: float | None = 1.1) -> list[dict]:
    return [
        {
            "date": (DAY + dt.timedelta(days=i)).isoformat(),
            "session_load": 300.0 * (i % 2),
            "acute": 120.0 + i,
            "chronic": 100.0,
            "acwr": acwr,
            "planned_load": 250.0,
        }
        for i in range(n)
    ]


def history_days(n: int) -> list[HistoryDay]:
    amounts = MineralAmounts(potassium_mg=2000, calcium_mg=900, magnesium_mg=300, sodium_mg=1800)
    target = MineralAmounts(potassium_mg=2600, calcium_mg=1000, magnesium_mg=310, sodium_mg=1500)
    return [
        HistoryDay(
            day=DAY + dt.timedelta(days=i),
            water_ml=None if i == 3 else 1500.0 + 50 * i,
            water_target_ml=2700,
            minerals=None if i == 3 else MineralDay(intake_mg=amounts, target_mg=target),
        )
        for i in range(n)
    ]


def test_load_chart() -> None:
    chart = charts.load_chart(load_rows(28, acwr=2.6), "Training load")
    svg = str(chart.svg)
    assert svg.startswith("<svg ") and 'role="img"' in svg and "<script" not in svg
    for text in (
        "Training load",
        "Date",
        "Acute, 7-day",
        "Chronic, 28-day",
        "Ratio (right axis)",
        "Ratio 1.3",
        "Ratio 0.8",
    ):
        assert text in svg, text
    assert chart.columns[0] == "Date" and len(chart.rows) == 28 and chart.rows[0][4] == "2.60"


def test_water_and_minerals_charts_leave_unknown_days_blank() -> None:
    days = history_days(14)
    water = charts.water_chart(days)
    assert "Target (ml)" in str(water.svg) and "Water (ml)" in str(water.svg)
    assert water.rows[3][1] == "–" and water.rows[0][1] == "1,500 ml" and water.rows[0][3] == "56 %"
    minerals = charts.minerals_chart(days)
    assert "Target (100 %)" in str(minerals.svg) and "Shortfall 70 %" in str(minerals.svg)
    assert minerals.rows[0][1] == "2,000 of 2,600 mg" and minerals.rows[3][1] == "–"


def test_charts_without_data_still_render() -> None:
    assert "Nothing logged yet" in str(charts.load_chart(load_rows(0)).svg)
    empty = [HistoryDay(day=DAY + dt.timedelta(days=i)) for i in range(14)]
    assert "<svg" in str(charts.water_chart(empty).svg)
    assert "<svg" in str(charts.wellness_chart([(DAY, None), (DAY + dt.timedelta(days=1), 12)]).svg)
