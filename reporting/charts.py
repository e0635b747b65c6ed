"""Server-side charts as inline SVG (matplotlib, no JavaScript, no external resources).

matplotlib is imported inside the functions: it costs a noticeable start-up time and only
the statistics pages need it. Call these through ``asyncio.to_thread``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from domain.catalogue import category_label, status_label, t
from reporting.figures import Figures

_XML_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_COLOR = "#1f5fa8"


def _rc() -> Any:
    # Text stays text (searchable, crisp when printed); DejaVu Sans covers Vietnamese.
    return {
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "svg.hashsalt": "stats",  # stable ids: the same figures give the same SVG
    }


def _to_svg(fig: object) -> Markup:
    buffer = io.StringIO()
    fig.savefig(  # type: ignore[attr-defined]
        buffer, format="svg", bbox_inches="tight", metadata={"Date": None}
    )
    svg = _XML_PROLOGUE.sub("", buffer.getvalue(), count=1)
    return Markup(svg)  # matplotlib escapes every label it writes


def bar_chart(title: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """Horizontal bars, largest on top; labels may be long Vietnamese names."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(_rc()):
        height = 1.2 + 0.32 * max(len(labels), 1)
        fig = Figure(figsize=(7.5, height))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        ax.barh(positions, list(values), color=_COLOR)
        ax.set_yticks(positions, list(labels))
        ax.invert_yaxis()
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for position, value in zip(positions, values, strict=True):
            ax.annotate(
                str(value),
                (value, position),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
            )
        return _to_svg(fig)


def line_chart(title: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """A line over time (weeks), with a marker and the value at each point."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(7.5, 3.0))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        ax.plot(positions, list(values), marker="o", color=_COLOR)
        ax.set_xticks(positions, list(labels), rotation=45, ha="right")
        ax.set_ylim(bottom=0, top=max([*values, 1]) * 1.15)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", alpha=0.3)
        return _to_svg(fig)


def figure_charts(fig: Figures) -> dict[str, Markup]:
    """The charts every figures view shows: categories, statuses and the weekly trend."""
    by_category = fig.by("category").most_common()
    by_status = fig.by("status").most_common()
    return {
        "categories": bar_chart(
            t("stats_chart_categories"),
            [category_label(c or "") for c, _ in by_category],
            [n for _, n in by_category],
        ),
        "statuses": bar_chart(
            t("stats_chart_statuses"),
            [status_label(s or "") for s, _ in by_status],
            [n for _, n in by_status],
        ),
        "weekly": line_chart(
            t("stats_chart_weekly"),
            [t("stats_week_label", week=w.week, year=w.year) for w in fig.weeks],
            [w.count for w in fig.weeks],
        ),
    }
