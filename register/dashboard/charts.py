"""Horizontal bar charts computed on the server and drawn as inline SVG by the template.

Readable without colour: every bar carries its name and number as text, each bar has its own
fill pattern (solid, hatched, dotted, ...), and the template also offers the numbers as a
table. The geometry is computed here so the template only places what it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Fill patterns defined in templates/dashboard/_chart.html, one per bar in this order.
PATTERNS = ("solid", "hatch", "dots", "cross", "lines", "outline")

WIDTH = 520
LABEL_WIDTH = 200
BAR_AREA = 250
ROW_HEIGHT = 30
BAR_HEIGHT = 18
PADDING = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    pattern: str
    y: int
    width: int

    @property
    def text_y(self) -> int:
        """Baseline of the bar's label and number, centred on the bar."""
        return self.y + BAR_HEIGHT - 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + PADDING

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def summary(self) -> str:
        """The whole chart in words, for `aria-label`."""
        parts = ", ".join(f"{bar.label}: {bar.value}" for bar in self.bars)
        return f"{self.title}. {parts}."


def bar_chart(key: str, title: str, values: Sequence[tuple[str, int]]) -> BarChart:
    """A chart with one bar per (label, value); bar lengths are relative to the largest."""
    largest = max((value for _, value in values), default=0)
    bars = []
    for index, (label, value) in enumerate(values):
        width = round(value / largest * BAR_AREA) if largest else 0
        bars.append(
            Bar(
                label=label,
                value=value,
                pattern=PATTERNS[index % len(PATTERNS)],
                y=PADDING + index * ROW_HEIGHT,
                width=max(width, 2) if value else 0,
            )
        )
    return BarChart(key=key, title=title, bars=bars)
