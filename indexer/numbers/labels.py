"""English labels of a quantity: "3,000 soldiers", "2.5 million euro", "thousands of soldiers"."""
from __future__ import annotations

from decimal import Decimal

from indexer.numbers.reading import Quantity
from indexer.numbers.units import Concept

# --------------------------------------------------------------------------------------
# Labels.

def _fmt(value: Decimal) -> str:
    """3000 -> "3,000"; 8000000 -> "8 million"; 2500000 -> "2.5 million"; 2.5 -> "2.5"."""
    for size, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:
            scaled = value / size
            if scaled == scaled.quantize(Decimal("0.01")):
                return f"{_plain(scaled)} {name}"
            break
    return _plain(value)


def _plain(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _fmt_range(low: Decimal, high: Decimal) -> str:
    """8..13 -> "8-13"; 2e6..3e6 -> "2-3 million"."""
    first, second = _fmt(low), _fmt(high)
    scale = second.rpartition(" ")[2]
    if " " in first and first.endswith(" " + scale):
        first = first.rpartition(" ")[0]
    return f"{first}-{second}"


def quantity_label(q: Quantity, concept: Concept | None) -> str:
    plural = True
    if q.value is not None:
        number = _fmt(q.value)
        plural = q.value != 1
    elif q.vague:
        number = q.vague
    else:
        number = _fmt_range(q.low, q.high)
    if concept is None:
        return number
    noun = concept.many if plural else concept.one
    if q.vague:
        return f"{number} of {noun}"
    if concept.format:
        return concept.format.format(n=number)
    return f"{number} {noun}"
