"""The chart kit: pygal configured for pages that allow no script and no inline style, and a `Chart` that
carries its numbers as a table too. Each app draws its own charts with it (recovery/charts.py, plans/charts.py)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pygal
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

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


@dataclass
class Chart:
    """An SVG chart and its numbers as a table (the table is what screen readers and copy-paste get)."""

    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""
    css: str = ""  # pygal's stylesheet for this kind of chart, served from STYLESHEET instead of inline


def chart_config(
    kind: str, title: str, x_title: str, y_title: str, labels: Sequence[str], **extra: Any
) -> dict[str, Any]:
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
        "value_formatter": number,
        **extra,
    }


def render(chart: pygal.graph.graph.Graph, kind: str, label: str) -> dict[str, Any]:
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


def number(value: float) -> str:
    return f"{value:.1f}" if abs(value) < 10 and value != int(value) else f"{value:,.0f}"


def short_day(day: dt.date) -> str:
    return day.strftime("%d %b")


def fmt(value: float | None, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{unit}"
