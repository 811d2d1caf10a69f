"""Request parameters: read from a MultiDict or a dict of lists, checked, or a ``BadRequest``
whose message starts with the parameter's name (the app answers it with a 400)."""
from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Iterable, Mapping

from indexer.records import NumberMention
from indexer.store.base import SearchRequest

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadRequest(ValueError):
    """A request parameter is out of range or malformed; the message says which and why."""


MAX_VALUE_CHARS = 1000     # the longest value of any parameter (q, a filter value, ...)
MAX_VALUES = 50            # the most values one parameter may have (actor=...&actor=...)


def param_getter(params: Mapping):
    """``get_all(name)``: every value of a parameter, from a MultiDict or a dict of lists or values,
    checked against the general bounds first, so that no parser sees an oversized value or an
    endless list of them."""
    raw = params.getlist if hasattr(params, "getlist") else (lambda key: as_list(params.get(key)))

    def get_all(name: str) -> list[str]:
        values = raw(name)
        if len(values) > MAX_VALUES:
            raise BadRequest(f"{name}: at most {MAX_VALUES} values, got {len(values)}")
        if any(len(value) > MAX_VALUE_CHARS for value in values):
            raise BadRequest(f"{name}: at most {MAX_VALUE_CHARS} characters")
        return values
    return get_all


def check_names(params, accepted: Mapping[str, bool]) -> None:
    """Every parameter of ``params`` (a MultiDict) is one ``accepted`` names (name -> whether it
    may be repeated), and a single-value one comes once: a misspelt name or a second value is a
    400 naming it, never silently ignored or read as its first value."""
    for name in dict.fromkeys(params.keys()):
        if name not in accepted:
            raise BadRequest(f"{name}: unknown parameter ({_known_instead(name, accepted)})")
        count = len(params.getlist(name))
        if count > 1 and not accepted[name]:
            raise BadRequest(f"{name}: takes one value, got {count}")


def _known_instead(name: str, accepted: Iterable[str]) -> str:
    """The accepted name ``name`` was probably meant to be ("date-from": date_from), else all of them."""
    known = sorted(accepted)
    close = difflib.get_close_matches(name.replace("-", "_").lower(), known, n=1, cutoff=0.6)
    return f"did you mean {close[0]}?" if close else f"known: {', '.join(known)}"


def unit_value(raw: str) -> str:
    """A unit as the index keys it: units are lower-case concept ids (``units.yaml``: soldiers,
    euro), so "Soldiers" is soldiers rather than a unit that matches nothing."""
    return raw.strip().lower()


def as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, (list, tuple)) else [str(value)]


def first(values: list[str]) -> str | None:
    return values[0] if values else None


def distinct_values(values: list[str]) -> list[str]:
    """Non-empty, de-duplicated values in order (an empty ``actor=`` is no filter)."""
    seen: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return seen


def check_order(low_name: str, low, high_name: str, high, larger: str = "larger than") -> None:
    """A range's two ends, when both are given, in order ("num_min: must not be larger than num_max")."""
    if low is not None and high is not None and low > high:
        raise BadRequest(f"{low_name}: must not be {larger} {high_name}")


def int_param(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name}: expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise BadRequest(f"{name}: must be between {low} and {high}, got {value}")
    return value


def float_param(name: str, raw: str | None) -> float | None:
    """A number >= 0, written as a European analyst may write it (``decimal_text``)."""
    if raw is None or raw.strip() == "":
        return None
    try:
        value = float(decimal_text(raw))
    except ValueError:
        raise BadRequest(f"{name}: expected a number (3.5, 3,5 or 12,000), got {raw!r}") from None
    if not math.isfinite(value) or value < 0:
        raise BadRequest(f"{name}: expected a number >= 0, got {raw!r}")
    return value


def decimal_text(raw: str) -> str:
    """``raw`` as Python reads a number, written as European and English readers write one: the
    last of a point and a comma is the decimal sign ("1.234,5", "1,234.5"); one sign alone before
    exactly three digits, or repeated, groups thousands ("10.000", "12,000", "1.000.000"), and
    otherwise is the decimal sign ("3,5", "3.5", "0,500").  What fits neither ("1,23.4") stays as
    it is and fails to parse (a 400): a guess would silently change the value."""
    text = _GROUPING_SPACES.sub("", raw.strip())
    signs = [char for char in text if char in ".,"]
    if not signs:
        return text
    if len(set(signs)) == 2:
        decimal = signs[-1]
        grouping = "," if decimal == "." else "."
        whole, _, fraction = text.rpartition(decimal)
        return _ungrouped(whole, grouping) + "." + fraction if decimal not in whole else text
    sign = signs[0]
    whole, _, rest = text.partition(sign)
    if len(signs) > 1 or (len(rest) == 3 and rest.isdigit() and whole.strip("0")):
        return _ungrouped(text, sign)
    return text.replace(sign, ".")


_GROUPING_SPACES = re.compile(r"[\s_\u00a0\u202f]")


def _ungrouped(text: str, sign: str) -> str:
    """``text`` without its thousands signs, when every group after the first has three digits."""
    first, *groups = text.split(sign)
    if first and all(len(group) == 3 and group.isdigit() for group in groups):
        return first + "".join(groups)
    return text


def date_param(name: str, raw: str | None) -> str | None:
    """An ISO date ("2024-10-24"), or None when absent."""
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip()
    try:
        if not ISO_DAY.fullmatch(value):
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name}: expected a date YYYY-MM-DD, got {raw!r}") from None
    return value


def choice_param(name: str, raw: str | None, choices: tuple[str, ...], default: str) -> str:
    if raw is None or raw.strip() == "":
        return default
    if raw.strip() not in choices:
        raise BadRequest(f"{name}: expected one of {', '.join(choices)}, got {raw!r}")
    return raw.strip()


def number_value(raw: str) -> str:
    """A facet value (``soldiers:3000``, ``soldiers:1000-9999``, ``:45000`` for a count of no
    known unit) in the form the index keys it (``soldiers:3000.0`` is ``soldiers:3000``), or a
    bare number (any unit)."""
    unit, colon, value = raw.rpartition(":")
    bounds = value.split("-", 1) if "-" in value.lstrip("-") else [value]
    numbers = [float_param("number", bound) for bound in bounds]
    if None in numbers:
        raise BadRequest(f"number: expected 'unit:value' or a number, got {raw!r}")
    if len(numbers) > 1 and numbers[0] > numbers[1]:
        raise BadRequest(f"number: a range goes from low to high ('unit:low-high'), got {raw!r}")
    if colon:
        return _number_key(unit_value(unit), numbers)
    if len(numbers) > 1:
        raise BadRequest(f"number: a range needs a unit ('unit:low-high'), got {raw!r}")
    return repr(numbers[0])


def _number_key(unit: str, numbers: list[float]) -> str:
    """The facet key the index holds for a value or a range of ``unit`` (``NumberMention.key``)."""
    if len(numbers) == 1:
        return NumberMention(numbers[0], unit, "", 0, 0).key
    return NumberMention(None, unit, "", 0, 0, low=numbers[0], high=numbers[1]).key


def filter_value(name: str, raw: str) -> str:
    """The value a filter parameter stands for, as ``parse_params`` reads it (trimmed; a number
    in its facet key's form): the toggle links compare these, not what the URL spells."""
    value = raw.strip()
    if name != "number" or not value:
        return value
    try:
        return number_value(value)
    except BadRequest:
        return value


def params_without(params: Mapping, names: Iterable[str]) -> dict[str, list[str]]:
    """Request parameters (a MultiDict or a dict of lists) less ``names``, as a dict of lists."""
    keys = list(params.keys())
    get_all = param_getter(params)
    return {key: get_all(key) for key in dict.fromkeys(keys) if key not in set(names)}


def filters_of(request: SearchRequest) -> dict:
    """The request's filters as the result shows them (the parameters that made it)."""
    return {"lang": request.langs, "source": request.sources, "agency": request.agencies, "actor": request.actors,
            "place": request.places, "number": request.numbers, "num_min": request.num_min,
            "num_max": request.num_max, "num_unit": request.num_unit, "date_from": request.date_from,
            "date_to": request.date_to, "id": request.doc_ids or [], "collapse": request.collapse,
            "group": request.group}
