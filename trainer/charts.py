"""Charts drawn on the server as SVG with pygal: readable without JavaScript, each with a title, axis titles with
units, target lines, and the same numbers as a table for screen readers and small screens.

Pure presentation: rows in (from plans.history and intake), a `Chart` out. No queries here.

The pages' Content-Security-Policy allows no inline style, so the SVG carries none: pygal's stylesheet for each
kind of chart, scoped by a class (`chart-load`, ...) instead of pygal's random id, is the static file
`trainer/static/trainer/charts.css`, written by `python -m trainer.charts` (a test checks it is current).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygal
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from intake.day import MINERALS
from intake.targets import SHORTFALL_FRACTION
from plans.cramps import HistoryDay
from plans.recovery import ACWR_AMBER

# docs/domain.md §2: an acute:chronic ratio of 0.8-1.3 is the "sweet spot", shown as a zone, never a prediction;
# its top is the recovery check's amber line.
ACWR_LOW, ACWR_HIGH = 0.8, ACWR_AMBER
# docs/domain.md §5: under 70 % of a mineral target over three days is a shortfall.
SHORTFALL_PCT = round(SHORTFALL_FRACTION * 100)

# Dark text on white and saturated series colours: every label passes WCAG AA contrast.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#4a4a4a",
    opacity="0.9",
    opacity_hover="1",
    colors=("#0b5394", "#b3261e", "#1e7b34", "#6a1b9a", "#8a5300", "#333333", "#00695c"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    title_font_size=20,
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=13,
    value_font_size=14,
    no_data_font_size=20,
    tooltip_font_size=14,
    guide_stroke_color="#cccccc",
    major_guide_stroke_color="#999999",
)
# Block weeks: planned in the brand blue, done in green beside it (red would read as a warning).
BLOCK_STYLE = Style(**{**STYLE.to_dict(), "colors": ("#0b5394", "#1e7b34")})
TARGET_LINE = {"width": 3, "dasharray": "8, 5"}
LIMIT_LINE = {"width": 2, "dasharray": "3, 4"}
STYLESHEET = Path(__file__).resolve().parent / "static" / "trainer" / "charts.css"


@dataclass
class Chart:
    """An SVG chart and its numbers as a table (the table is what screen readers and copy-paste get)."""

    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""
    css: str = ""  # pygal's stylesheet for this kind of chart, served from STYLESHEET instead of inline


def _config(kind: str, title: str, x_title: str, y_title: str, labels: Sequence[str], **extra: Any) -> dict[str, Any]:
    major_every = 7 if len(labels) > 14 else 3
    return {
        "title": title,
        "x_title": x_title,
        "y_title": y_title,
        "style": STYLE,
        "classes": ["pygal-chart", f"chart-{kind}"],  # what STYLESHEET's rules select on
        "width": 480,
        "height": 460,
        "js": [],  # no script from anywhere: the chart is plain SVG
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 2,
        "truncate_legend": -1,
        "truncate_label": -1,
        "show_minor_x_labels": False,
        "x_labels_major_every": major_every,
        "x_labels": list(labels),
        "margin_bottom": 8,
        "dots_size": 3,
        "print_values": False,
        "no_data_text": "Nothing logged yet",
        "allow_interruptions": True,
        "include_x_axis": True,  # the y axis starts at 0, so bars and lines are not exaggerated
        "value_formatter": _number,
        **extra,
    }


def _render(chart: pygal.graph.graph.Graph, kind: str, label: str) -> dict[str, Any]:
    """The SVG without script or style, and its stylesheet with pygal's per-chart id replaced by the kind."""
    svg = chart.render(is_unicode=True)
    # pygal writes its tooltip configuration as an inline script even without its tooltip library: drop it.
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.DOTALL)
    styles = re.findall(r"<style\b[^>]*>(.*?)</style>", svg, flags=re.DOTALL)
    svg = re.sub(r"<style\b.*?</style>", "", svg, flags=re.DOTALL)
    # The tooltip pygal shows with its script: hidden by STYLESHEET instead of a style attribute.
    svg = svg.replace(' style="opacity: 0"', "")
    chart_id = re.search(r'<svg [^>]*id="(chart-[0-9a-f-]+)"', svg)
    css = html.unescape("\n".join(styles))
    if chart_id:
        css = css.replace(f"#{chart_id.group(1)}", f".pygal-chart.chart-{kind}")
    # The figure's caption and table describe it; the drawing is one image to assistive technology.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1)
    safe = mark_safe(svg)  # noqa: S308  # pygal escapes every text it draws; label escaped above  # nosec B308 B703
    return {"svg": safe, "css": css}


def stylesheet() -> str:
    """STYLESHEET's text: each kind's pygal stylesheet (it depends on the series, not on the numbers)."""
    day = HistoryDay(day=dt.date(2026, 1, 5), water_ml=None, water_target_ml=None, minerals=None)
    row = {"date": "2026-01-05", "session_load": None, "acute": None, "chronic": None, "acwr": None}
    week = BlockWeekLoad(number=1, week_start=day.day, kind="Build", planned=None, done=None)
    kinds = [
        load_chart([row]),
        water_chart([day]),
        minerals_chart([day]),
        wellness_chart([(day.day, None)]),
        block_load_chart([week]),
        heart_rate_chart([HeartRateLoadDay(day.day, 0.0, None, None, 0)], [day.day]),
    ]
    parts = [
        "/* Generated by `python -m trainer.charts` from pygal's own stylesheets; do not edit by hand. */",
        ".pygal-chart .tooltip{display:none}",
        *(chart.css for chart in kinds),
    ]
    return "\n".join(parts) + "\n"


def _number(value: float) -> str:
    return f"{value:.1f}" if abs(value) < 10 and value != int(value) else f"{value:,.0f}"


def _day(day: dt.date) -> str:
    return day.strftime("%d %b")


def _fmt(value: float | None, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{unit}"


def load_chart(rows: Sequence[dict[str, Any]], title: str = "Training load") -> Chart:
    """Daily session load, acute (7-day) and chronic (28-day) load in AU, and their ratio against the 0.8-1.3
    zone (rows are plans.history.load_rows)."""
    days = [dt.date.fromisoformat(r["date"]) for r in rows]
    labels = [_day(d) for d in days]
    top = max([2.0, *(r["acwr"] for r in rows if r["acwr"] is not None)])
    chart = pygal.Line(**_config("load", title, "Date", "Load (RPE × minutes, AU)", labels, secondary_range=(0, top)))
    chart.add("Day's load", [r["session_load"] or None for r in rows], stroke=False, dots_size=4)
    chart.add("Acute, 7-day", [r["acute"] for r in rows], show_dots=False, stroke_style={"width": 3})
    chart.add("Chronic, 28-day", [r["chronic"] for r in rows], show_dots=False, stroke_style={"width": 3})
    chart.add("Ratio (right axis)", [r["acwr"] for r in rows], secondary=True, dots_size=2)
    chart.add(
        f"Ratio {ACWR_HIGH}",
        [ACWR_HIGH] * len(rows),
        secondary=True,
        show_dots=False,
        stroke_style=TARGET_LINE,
    )
    chart.add(
        f"Ratio {ACWR_LOW}",
        [ACWR_LOW] * len(rows),
        secondary=True,
        show_dots=False,
        stroke_style=LIMIT_LINE,
    )
    table = [
        [
            d.isoformat(),
            _fmt(r["session_load"]),
            _fmt(r["acute"]),
            _fmt(r["chronic"]),
            _fmt(r["acwr"], digits=2),
            _fmt(r.get("planned_load")),
        ]
        for d, r in zip(days, rows, strict=True)
    ]
    return Chart(
        title=title,
        **_render(chart, "load", f"{title}: acute, chronic and their ratio over {len(rows)} days"),
        columns=["Date", "Load (AU)", "Acute (AU)", "Chronic (AU)", "Ratio", "Planned (AU)"],
        rows=table,
        note="The ratio is shown only with 28 days of history; 0.8-1.3 is a zone that asks a question, "
        "not an injury prediction.",
    )


def water_chart(days: Sequence[HistoryDay], title: str = "Water against target") -> Chart:
    """Water drunk each day against that day's target, in ml (days without a log are gaps, not zero)."""
    labels = [_day(d.day) for d in days]
    chart = pygal.Line(
        **_config("water", title, "Date", "Water (ml)", labels, value_formatter=lambda v: f"{v:,.0f} ml")
    )
    chart.add("Drunk (ml)", [d.water_ml for d in days], dots_size=4, stroke_style={"width": 3})
    chart.add("Target (ml)", [d.water_target_ml for d in days], show_dots=False, stroke_style=TARGET_LINE)
    rows = [
        [
            d.day.isoformat(),
            _fmt(d.water_ml, " ml"),
            _fmt(d.water_target_ml, " ml"),
            _fmt(_pct(d.water_ml, d.water_target_ml), " %"),
        ]
        for d in days
    ]
    return Chart(
        title=title,
        **_render(chart, "water", f"{title}, {len(days)} days, in millilitres"),
        columns=["Date", "Drunk", "Target", "Share"],
        rows=rows,
        note="Drinks logged as food (milk, juice) count by their water. A day without any log is left blank.",
    )


def minerals_chart(days: Sequence[HistoryDay], title: str = "Minerals against targets") -> Chart:
    """Potassium, calcium, magnesium and sodium as % of each day's target, with the 100 % target and the 70 %
    shortfall line (docs/domain.md §5)."""
    labels = [_day(d.day) for d in days]
    chart = pygal.Line(
        **_config(
            "minerals", title, "Date", "Share of daily target (%)", labels, value_formatter=lambda v: f"{v:.0f} %"
        )
    )
    for mineral in MINERALS:
        chart.add(mineral.capitalize(), [_mineral_pct(d, mineral) for d in days], dots_size=3)
    chart.add("Target (100 %)", [100] * len(days), show_dots=False, stroke_style=TARGET_LINE)
    chart.add(f"Shortfall {SHORTFALL_PCT} %", [SHORTFALL_PCT] * len(days), show_dots=False, stroke_style=LIMIT_LINE)
    rows = [[d.day.isoformat(), *(_mineral_cell(d, m) for m in MINERALS)] for d in days]
    return Chart(
        title=title,
        **_render(chart, "minerals", f"{title}, {len(days)} days, as a percentage of each target"),
        columns=["Date", *(f"{m.capitalize()} (mg of target)" for m in MINERALS)],
        rows=rows,
        note="Food values come from USDA SR28; a day without meals or supplements logged is left blank.",
    )


def wellness_chart(points: Sequence[tuple[dt.date, int | None]], title: str = "Wellness (Hooper index)") -> Chart:
    """The daily Hooper index, 4 (very, very good) to 28 (very, very bad), docs/domain.md §3."""
    labels = [_day(day) for day, _ in points]
    chart = pygal.Line(
        **_config(
            "wellness", title, "Date", "Hooper index (4 best – 28 worst)", labels, range=(4, 28), include_x_axis=False
        )
    )
    chart.add("Hooper index", [value for _, value in points], dots_size=4)
    rows = [[day.isoformat(), _fmt(value)] for day, value in points]
    return Chart(
        title=title,
        **_render(chart, "wellness", f"{title} over {len(points)} days"),
        columns=["Date", "Hooper index"],
        rows=rows,
        note="Sleep, fatigue, stress and soreness, each 1 (very, very good) to 7 (very, very bad), added up.",
    )


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
        **_config("block", title, "Week of the block", "Load (RPE × minutes, AU)", labels, style=BLOCK_STYLE, **extra)
    )
    chart.add("Planned (AU)", [w.planned for w in weeks])
    chart.add("Done (AU)", [w.done for w in weeks])
    rows = [[str(w.number), w.week_start.isoformat(), w.kind, _fmt(w.planned), _fmt(w.done)] for w in weeks]
    return Chart(
        title=title,
        **_render(chart, "block", f"{title}: planned and done load over {len(weeks)} weeks"),
        columns=["Week", "Starts", "Kind", "Planned (AU)", "Done (AU)"],
        rows=rows,
        note="Done counts every workout logged in the week; weeks not started yet have no done bar.",
    )


@dataclass(frozen=True)
class HeartRateLoadDay:
    """A day with a heart-rate load, for `heart_rate_chart` (plans.file_selectors.heart_rate_days)."""

    day: dt.date
    banister_trimp: float
    edwards_trimp: float | None
    session_load: float | None  # the day's session-RPE load in AU (None: not known)
    waiting_for_rpe: int  # workouts of the day whose session-RPE load waits for the RPE


HEART_RATE_LABEL = "Heart-rate load (Banister TRIMP)"


def heart_rate_chart(days: Sequence[HeartRateLoadDay], span: Sequence[dt.date], title: str = HEART_RATE_LABEL) -> Chart:
    """The heart-rate load of each day over `span` (days without one are gaps), and, in the table, only the days
    with one, beside their session-RPE load."""
    by_day = {d.day: d for d in days}
    labels = [_day(day) for day in span]
    chart = pygal.Bar(**_config("heartrate", title, "Date", "Training impulse (TRIMP)", labels))
    chart.add(HEART_RATE_LABEL, [by_day[day].banister_trimp if day in by_day else None for day in span])
    chart.add("Edwards TRIMP", [by_day[day].edwards_trimp if day in by_day else None for day in span])
    rows = []
    for d in days:
        session = _fmt(d.session_load, " AU")
        if d.waiting_for_rpe:
            waiting = "1 workout waits" if d.waiting_for_rpe == 1 else f"{d.waiting_for_rpe} workouts wait"
            session = f"{session} ({waiting} for the RPE)"
        rows.append([d.day.isoformat(), _fmt(d.banister_trimp, digits=1), _fmt(d.edwards_trimp, digits=1), session])
    return Chart(
        title=title,
        **_render(chart, "heartrate", f"{title} over {len(span)} days, on the {len(days)} days with a heart rate"),
        columns=["Date", HEART_RATE_LABEL, "Edwards TRIMP", "Session-RPE load"],
        rows=rows,
        note="From the heart rate in watch files: Banister's training impulse (Banister, 1991) weighs the minutes "
        "by the share of the heart-rate reserve used, Edwards' (1993) by the minutes in each heart-rate zone; the "
        "maximum heart rate comes from age (Tanaka, 2001), the resting one from the check-ins. Shown beside the "
        "session-RPE load, which the recovery check uses.",
    )


def _pct(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return round(100 * part / whole, 1)


def _mineral_pct(day: HistoryDay, mineral: str) -> float | None:
    if day.minerals is None:
        return None
    return _pct(_amount(day.minerals.intake_mg, mineral), _amount(day.minerals.target_mg, mineral))


def _mineral_cell(day: HistoryDay, mineral: str) -> str:
    if day.minerals is None:
        return "–"
    intake, target = _amount(day.minerals.intake_mg, mineral), _amount(day.minerals.target_mg, mineral)
    return f"{intake:,.0f} of {target:,.0f} mg"


def _amount(amounts: object, mineral: str) -> float:
    return float(getattr(amounts, f"{mineral}_mg"))


if __name__ == "__main__":
    STYLESHEET.write_text(stylesheet(), encoding="utf-8")
    print(f"wrote {STYLESHEET}")
