"""Charts drawn on the server as SVG: readable without scripts, labelled for screen readers.

Each chart is an `<svg role="img">` with a `<title>` and a `<desc>` listing every value, and
every bar carries its own `<title>` (a tooltip). Pages show the same numbers in a table beside it.
"""

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from surveillance_map.reports.rows import Row

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 22, 6, 200, 200, 110
MAX_BARS = 12


def percent_text(share: float) -> str:
    """0.1234 → "12.3 %" in the active language; a share that rounds to 0.0 says "< 0.1 %"."""
    value = round(share * 100, 1)  # number_format truncates floats, it does not round
    if share > 0 and value == 0:
        return "<\u00a0" + number_format(0.1, 1) + "\u00a0%"
    return number_format(value, 1) + "\u00a0%"


def _short(label: str, limit: int = 24) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(rows: list[Row], *, title: str, chart_id: str) -> SafeString:
    """Horizontal bars, largest first (the rows' order); at most MAX_BARS, the rest summed."""
    rows = list(rows)
    if len(rows) > MAX_BARS:
        rest = rows[MAX_BARS - 1 :]
        rows = rows[: MAX_BARS - 1] + [
            Row(f"+{len(rest)}", sum(r.count for r in rest), sum(r.share for r in rest))
        ]
    if not rows:
        return SafeString("")
    peak = max(r.count for r in rows) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    bars = []
    for i, row in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = max(1.0, BAR_WIDTH * row.count / peak) if row.count else 0
        value = f"{number_format(row.count, force_grouping=True)} ({percent_text(row.share)})"
        bars.append(
            format_html(
                '<g class="bar"><title>{}: {}</title>'
                '<text x="{}" y="{}" text-anchor="end" class="label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="2"></rect>'
                '<text x="{}" y="{}" class="value">{}</text></g>',
                row.label,
                value,
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 6,
                _short(row.label),
                LABEL_WIDTH,
                y,
                f"{length:.1f}",
                BAR_HEIGHT,
                f"{LABEL_WIDTH + length + 6:.1f}",
                y + BAR_HEIGHT - 6,
                value,
            )
        )
    description = format_html_join(
        "; ", "{}: {}", ((r.label, number_format(r.count, force_grouping=True)) for r in rows)
    )
    return format_html(
        '<svg class="chart" id="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        chart_id,
        chart_id,
        chart_id,
        width,
        height,
        chart_id,
        title,
        chart_id,
        description,
        SafeString("".join(bars)),
    )


def column_chart(rows: list[Row], *, title: str, chart_id: str) -> SafeString:
    """Vertical columns in the rows' order (years), labelled below."""
    if not rows:
        return SafeString("")
    column, gap, top, bottom = 34, 8, 22, 26
    plot = 160
    peak = max(r.count for r in rows) or 1
    width = len(rows) * (column + gap) + gap
    parts = []
    for i, row in enumerate(rows):
        x = gap + i * (column + gap)
        length = plot * row.count / peak
        y = top + plot - length
        parts.append(
            format_html(
                '<g class="bar"><title>{}: {}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="2"></rect>'
                '<text x="{}" y="{}" text-anchor="middle" class="value">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" class="label">{}</text></g>',
                row.label,
                number_format(row.count, force_grouping=True),
                x,
                f"{y:.1f}",
                column,
                f"{length:.1f}",
                x + column / 2,
                f"{y - 5:.1f}",
                number_format(row.count, force_grouping=True),
                x + column / 2,
                top + plot + 18,
                _short(row.label, 6),
            )
        )
    description = format_html_join(
        "; ", "{}: {}", ((r.label, number_format(r.count, force_grouping=True)) for r in rows)
    )
    return format_html(
        '<svg class="chart chart-columns" id="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'viewBox="0 0 {} {}" width="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        chart_id,
        chart_id,
        chart_id,
        width,
        top + plot + bottom,
        width,
        chart_id,
        title,
        chart_id,
        description,
        SafeString("".join(parts)),
    )
