"""Inline SVG bar charts for the HTML report's summary.

Each bar is a link (`#code=OUT001`, `#outcome=upheld`, ...) that the page's script turns
into a filter showing the letters the bar counts. Every bar carries its label and count as
text, so no meaning rests on colour alone; without a script the links simply do nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from checker.output.markup import text

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 190
BAR_AREA = 360
COUNT_WIDTH = 60


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    count: int
    link: str
    # A CSS class for the bar's fill (a severity, an outcome); the label says the same in words.
    tone: str = "neutral"


def bar_chart(chart_id: str, title: str, bars: list[Bar], unit: str) -> str:
    """A horizontal bar chart as a <figure>; a short note instead when there is nothing to draw."""
    if not bars:
        return (f'<figure class="chart" id="{chart_id}"><figcaption>{text(title)}</figcaption>'
                f'<p class="empty">None.</p></figure>')
    largest = max(bar.count for bar in bars) or 1
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_AREA + COUNT_WIDTH
    rows = []
    for row, bar in enumerate(bars):
        y = GAP + row * (BAR_HEIGHT + GAP)
        length = max(2, round(BAR_AREA * bar.count / largest))
        middle = y + BAR_HEIGHT // 2 + 5
        noun = unit if bar.count == 1 else unit + "s"
        rows.append(
            f'<a href="{text(bar.link)}" class="bar-link">'
            f"<title>{text(bar.label)}: {bar.count} {noun} (show these letters)</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" class="bar-label" text-anchor="end">{text(bar.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'class="bar tone-{text(bar.tone)}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" class="bar-count">{bar.count}</text></a>'
        )
    return (
        f'<figure class="chart" id="{chart_id}"><figcaption id="{chart_id}-caption">{text(title)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-caption" role="group">{"".join(rows)}</svg></figure>'
    )
