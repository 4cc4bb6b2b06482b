"""Server-rendered SVG charts (no JavaScript, no CDN)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

SERIES_COLOURS = ("#3b6ea5", "#c0392b", "#e08e0b", "#2e7d32")


def grouped_bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], *, title: str) -> SafeString:
    """Horizontal grouped bars: one group per label, one bar per series. Text is escaped."""
    bar_h, gap, label_w, width = 14, 10, 170, 640
    group_h = bar_h * len(series) + gap
    legend_h = 24
    height = legend_h + 20 + group_h * max(len(labels), 1)
    top = max([max(values, default=0) for _name, values in series], default=0) or 1
    scale = (width - label_w - 50) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" class="chart" width="100%" preserveAspectRatio="xMinYMin meet">',
             f"<title>{escape(title)}</title>"]
    x = 0
    for i, (name, _values) in enumerate(series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="15" font-size="12">{escape(name)}</text>')
        x += 20 + 8 * len(name) + 16
    for g, label in enumerate(labels):
        y0 = legend_h + 10 + g * group_h
        parts.append(f'<text x="{label_w - 6}" y="{y0 + group_h / 2}" font-size="12" text-anchor="end">'
                     f"{escape(label[:28])}</text>")
        for i, (_name, values) in enumerate(series):
            value = values[g] if g < len(values) else 0
            y = y0 + i * bar_h
            w = value * scale
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" fill="{colour}"/>'
                         f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}" font-size="11">{value}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text node above is escaped)
