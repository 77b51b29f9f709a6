"""What every pygal chart needs to read well on a phone in any script.

- Legends at the bottom, one entry per line: a Thai or Hindi label never runs into the next.
- Count axes with whole-number ticks (0, 2, 4, never 0.2 or 0.4).
- Numbers in the reader's locale (plaza.core.formatting).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from plaza.core.formatting import format_number

# pygal options shared by the charts (spread into the chart's constructor).
PHONE_LEGEND: dict[str, Any] = {
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 1,
    "truncate_legend": -1,
    "truncate_label": -1,
}


def count_ticks(values: Iterable[float | int | None], most: int = 6) -> list[int]:
    """Whole-number ticks from 0 to at least the largest value, at most ``most`` + 1 of them."""
    top = max(1, math.ceil(max((v for v in values if v is not None), default=0)))
    magnitude = 10 ** max(0, len(str(math.ceil(top / most))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude * most >= top)
    last = -(-top // step) * step  # the first tick at or above the largest value
    return list(range(0, last + 1, step))


def count_formatter(value: float | None) -> str:
    return "" if value is None else format_number(round(value))
