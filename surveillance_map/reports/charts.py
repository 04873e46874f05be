"""Charts drawn on the server as SVG: readable without scripts, labelled for screen readers.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` listing every value, and
every bar carries its own `<title>` (a tooltip). Bars are
shares of the whole (the breakdown's base), on a scale from 0 to 100 % that is drawn, never
stretched to the largest row; claims only a sighting made are a lighter segment after the bar.
Pages show the same numbers in a table beside it, whose figures link to their cameras: an
image holds no links (they would be unnamed, nested controls to a screen reader).
"""

import math

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from surveillance_map.reports.rows import Row

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 22, 6, 200, 240, 150
AXIS = 18
MAX_BARS = 12


def percent_text(share: float) -> str:
    """0.1234 → "12.3 %" in the active language; a share that rounds to 0.0 says "< 0.1 %"."""
    value = round(share * 100, 1)  # number_format truncates floats, it does not round
    if share > 0 and value == 0:
        return "<\u00a0" + number_format(0.1, 1) + "\u00a0%"
    return number_format(value, 1) + "\u00a0%"


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _num(n: int) -> str:
    return number_format(n, force_grouping=True)


def value_text(row: Row) -> str:
    text = f"{_num(row.count)} ({percent_text(row.share)})"
    if row.reported:
        text += " " + _("+%(n)s reported") % {"n": _num(row.reported)}
    return text


def _axis(x0: float, width: float, y: float, top: float) -> SafeString:
    """Grid lines and labels at 0, 25, 50, 75 and 100 %."""
    parts = []
    for quarter in range(5):
        x = x0 + width * quarter / 4
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
                '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                f"{x:.1f}",
                f"{x:.1f}",
                top,
                f"{y:.1f}",
                f"{x:.1f}",
                f"{y + 13:.1f}",
                f"{quarter * 25}\u00a0%",
            )
        )
    return SafeString("".join(parts))


def bar_chart(rows: list[Row], *, title: str, chart_id: str, base: int) -> SafeString:
    """Horizontal bars in the rows' order, each the share of `base` (the whole); at most
    MAX_BARS, the rest summed in one bar."""
    rows = list(rows)
    if len(rows) > MAX_BARS:
        rest = rows[MAX_BARS - 1 :]
        rows = rows[: MAX_BARS - 1] + [
            Row(
                f"+{len(rest)}",
                sum(r.count for r in rest),
                sum(r.share for r in rest),
                reported=sum(r.reported for r in rest),
            )
        ]
    if not rows:
        return SafeString("")
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    bars = []
    for i, row in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = BAR_WIDTH * min(row.share, 1.0)
        extra = BAR_WIDTH * min(row.reported / base, 1.0) if base and row.reported else 0.0
        value = value_text(row)
        bar = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" rx="2"></rect>',
            LABEL_WIDTH,
            y,
            f"{max(length, 1.0) if row.count else 0:.1f}",
            BAR_HEIGHT,
        )
        part = SafeString("")
        if extra:
            part = format_html(
                '<rect class="reported" x="{}" y="{}" width="{}" height="{}" rx="2">'
                "<title>{}</title></rect>",
                f"{LABEL_WIDTH + length:.1f}",
                y,
                f"{max(extra, 1.0):.1f}",
                BAR_HEIGHT,
                _("%(label)s: %(n)s reported, unverified")
                % {"label": row.label, "n": _num(row.reported)},
            )
        bars.append(
            format_html(
                '<g class="bar"><title>{}: {}</title>'
                '<text x="{}" y="{}" text-anchor="end" class="label">{}</text>{}{}'
                '<text x="{}" y="{}" class="value">{}</text></g>',
                row.label,
                value,
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 6,
                _short(row.label),
                bar,
                part,
                f"{LABEL_WIDTH + length + extra + 6:.1f}",
                y + BAR_HEIGHT - 6,
                value,
            )
        )
    description = format_html_join("; ", "{}: {}", ((r.label, value_text(r)) for r in rows))
    return format_html(
        '<svg class="chart" id="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        chart_id,
        chart_id,
        chart_id,
        width,
        height + AXIS,
        chart_id,
        title,
        chart_id,
        description,
        _axis(LABEL_WIDTH, BAR_WIDTH, height, 0),
        SafeString("".join(bars)),
    )


def _nice_ceiling(share: float) -> float:
    """The smallest of 5, 10, 20, 25, 50, 100 % at or above `share`: the drawn scale's top."""
    for top in (0.05, 0.1, 0.2, 0.25, 0.5, 1.0):
        if share <= top:
            return top
    return 1.0


def column_chart(rows: list[Row], *, title: str, chart_id: str) -> SafeString:
    """Vertical columns in the rows' order (years) on a labelled percentage scale; with many
    years the columns narrow and only every n-th year is labelled (each has its tooltip)."""
    if not rows:
        return SafeString("")
    plot_width, left, top, plot, bottom = 600, 44, 12, 160, 26
    step = plot_width / len(rows)
    column = max(2.0, step * 0.75)
    every = max(1, math.ceil(len(rows) / 15))  # at most ~15 year labels
    scale = _nice_ceiling(max(r.share for r in rows))
    parts = []
    for quarter in range(5):
        y = top + plot - plot * quarter / 4
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                left,
                left + plot_width,
                f"{y:.1f}",
                f"{y:.1f}",
                left - 4,
                f"{y + 4:.1f}",
                percent_text(scale * quarter / 4),
            )
        )
    for i, row in enumerate(rows):
        x = left + i * step + (step - column) / 2
        length = plot * min(row.share / scale, 1.0)
        label = ""
        if i % every == 0 or i == len(rows) - 1:
            label = format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="label">{}</text>',
                f"{x + column / 2:.1f}",
                top + plot + 16,
                _short(row.label, 6),
            )
        rect = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" rx="1"></rect>',
            f"{x:.1f}",
            f"{top + plot - length:.1f}",
            f"{column:.1f}",
            f"{length:.1f}",
        )
        parts.append(
            format_html(
                '<g class="bar"><title>{}: {}</title>{}{}</g>',
                row.label,
                value_text(row),
                rect,
                label,
            )
        )
    description = format_html_join("; ", "{}: {}", ((r.label, value_text(r)) for r in rows))
    return format_html(
        '<svg class="chart chart-columns" id="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        chart_id,
        chart_id,
        chart_id,
        left + plot_width + 8,
        top + plot + bottom,
        chart_id,
        title,
        chart_id,
        description,
        SafeString("".join(parts)),
    )
