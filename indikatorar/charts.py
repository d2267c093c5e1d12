"""Chart geometry for the indicators: scales and coordinates are computed here, in Python.

The templates (`indikatorar/_column_chart.html`, `_bar_rows_chart.html`) only draw what these
functions return, as inline SVG with presentation attributes (no inline style, so the strict
CSP holds and the same markup prints in the PDF). Every chart is one series with its values
written on it, so nothing depends on telling colours apart.
"""

import math

# Column chart (a value per year)
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 22, 30
SLOT, COLUMN, PLOT_HEIGHT, MIN_WIDTH, WIDE = 36, 24, 160, 300, 10
# Bar rows (a percentage per category): sized so that a phone shows them about 1:1
ROWS_WIDTH, ROW_HEIGHT, LABEL_GAP, BAR_HEIGHT, VALUE_WIDTH, AXIS_HEIGHT = 400, 48, 20, 18, 56, 26


def nice_scale(largest, ticks=4):
    """(top, [tick values]) for whole numbers from 0 up to at least `largest`."""
    if largest <= 0:
        return 1, [0, 1]
    raw = largest / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    top = math.ceil(largest / step) * step
    return top, list(range(0, top + 1, step))


def column_chart(points, *, chart_id, title, desc):
    """A vertical bar per (label, value): geometry for the template, all in SVG units."""
    top, ticks = nice_scale(max((v for _label, v in points), default=0))
    # A few years get wider slots, so that every chart in a row is drawn at about one scale.
    width = max(MIN_WIDTH, LEFT + SLOT * len(points) + RIGHT)
    slot = (width - LEFT - RIGHT) / max(len(points), 1)
    baseline = TOP + PLOT_HEIGHT
    every = 1 if len(points) <= 12 else 2  # keep the year labels from running together
    columns = []
    for i, (label, value) in enumerate(points):
        height = round(value / top * PLOT_HEIGHT, 1)
        x = round(LEFT + slot * i + (slot - COLUMN) / 2, 1)
        columns.append(
            {
                "x": x,
                "y": round(baseline - height, 1),
                "width": COLUMN,
                "height": height,
                "value": value,
                "value_y": round(baseline - height - 5, 1),
                "centre": x + COLUMN / 2,
                "label": label if i % every == 0 else "",
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "wide": len(points) > WIDE,  # takes a whole row of the page
        "width": round(width),
        "height": baseline + BOTTOM,
        "plot_left": LEFT,
        "plot_right": width - RIGHT,
        "baseline": baseline,
        "label_y": baseline + 18,
        "ticks": [
            {"value": t, "y": (y := round(baseline - t / top * PLOT_HEIGHT, 1)), "text_y": y + 4}
            for t in ticks
        ],
        "tick_label_x": LEFT - 6,
        "columns": columns,
    }


def bar_rows_chart(points, *, chart_id, title, desc):
    """A horizontal bar per (label, percentage or None), label above the bar."""
    plot_width = ROWS_WIDTH - VALUE_WIDTH
    rows = []
    for i, (label, percent) in enumerate(points):
        top = ROW_HEIGHT * i
        rows.append(
            {
                "label": label,
                "label_y": top + 15,
                "bar_y": top + LABEL_GAP + 2,
                "bar_width": round((percent or 0) / 100 * plot_width, 1),
                "value": percent,
                "value_y": top + LABEL_GAP + BAR_HEIGHT - 3,
            }
        )
    plot_bottom = ROW_HEIGHT * len(points)
    return {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "width": ROWS_WIDTH,
        "height": plot_bottom + AXIS_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "plot_width": plot_width,
        "plot_bottom": plot_bottom,
        "value_x": ROWS_WIDTH - 4,
        "tick_bottom": plot_bottom + 5,
        "axis_label_y": plot_bottom + 19,
        "grid": [
            {
                "x": round(p / 100 * plot_width, 1),
                "value": p,
                "anchor": "start" if p == 0 else "middle",
            }
            for p in (0, 25, 50, 75, 100)
        ],
        "rows": rows,
    }
