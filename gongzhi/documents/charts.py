"""Charts for the PDF as SVG drawn here (WeasyPrint renders SVG; no script, no plotting
library): horizontal bars, one per labelled value."""

import base64
from decimal import Decimal
from xml.sax.saxutils import escape

BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 170
BAR_WIDTH = 300
VALUE_WIDTH = 80
COLOURS = ("#1f6f8b", "#99a8b2", "#e6a157", "#5c946e", "#c25b56")
FONT = "GZ CJK, WenQuanYi Zen Hei, sans-serif"


def bar_chart(
    rows: list[tuple[str, float | int | Decimal]], *, suffix: str = "", scale=None
) -> str:
    """An SVG of one bar per (label, value); bars are scaled to `scale` (default: the largest
    value). Values are written at the bar's end with `suffix` (e.g. “%”)."""
    values = [float(value or 0) for _label, value in rows]
    top = float(scale) if scale else max(values, default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11">'
    ]
    for index, ((label, _value), value) in enumerate(zip(rows, values, strict=True)):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = max(0.0, min(value / top, 1.0)) * BAR_WIDTH
        colour = COLOURS[index % len(COLOURS)]
        text_y = y + BAR_HEIGHT - 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{text_y}" text-anchor="end">'
            f"{escape(_short(str(label)))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{text_y}">'
            f"{escape(_figure(value))}{escape(suffix)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _figure(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def data_uri(svg: str) -> str:
    """The SVG as an <img> source (WeasyPrint draws it as an image)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
