"""US-dollar equivalents of amounts from the ECB reference rates bundled with currencyconverter (offline)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from currency_converter import CurrencyConverter

# Weekends and the ECB's holidays leave gaps of a few days; a longer gap means the currency has
# no rate around that date (it left the euro-area table, or the date predates it).
MAX_RATE_LOOKBACK_DAYS = 10


class UsdRate(NamedTuple):
    rate: float
    rate_date: dt.date


@functools.lru_cache(maxsize=1)
def load_converter() -> CurrencyConverter:
    """The converter on the rate file shipped inside the package: never the network."""
    import currency_converter
    from currency_converter import CurrencyConverter

    # The bundled path is passed explicitly so that no URL is ever fetched; the fallbacks stay off
    # because usd_rate() walks back to the nearest earlier fixing itself and must know its date.
    return CurrencyConverter(
        currency_converter.CURRENCY_FILE, fallback_on_missing_rate=False, fallback_on_wrong_date=False
    )


@functools.lru_cache(maxsize=4096)
def usd_rate(currency: str, on: dt.date) -> UsdRate | None:
    """US dollars per unit of `currency` at the ECB rate of `on`, or of the nearest earlier rate date.

    None when the currency is not in the ECB table or has no rate within MAX_RATE_LOOKBACK_DAYS
    before `on`. A date after the bundled file's last rate uses that last rate.
    """
    from currency_converter import RateNotFoundError

    converter = load_converter()
    if currency not in converter.currencies or "USD" not in converter.currencies:
        return None
    last = min(converter.bounds[currency].last_date, converter.bounds["USD"].last_date)
    first = max(converter.bounds[currency].first_date, converter.bounds["USD"].first_date)
    day = min(on, last)
    oldest = max(first, day - dt.timedelta(days=MAX_RATE_LOOKBACK_DAYS))
    while day >= oldest:
        try:
            return UsdRate(float(converter.convert(1, currency, "USD", date=day)), day)
        except RateNotFoundError:  # a day without a fixing
            day -= dt.timedelta(days=1)
    return None


def to_usd(value: float, currency: str, *, on: dt.date) -> tuple[float, dt.date] | None:
    """`value` in `currency` as US dollars (rounded to cents) and the rate date used, or None."""
    rate = usd_rate(currency, on)
    if rate is None:
        return None
    return round(value * rate.rate, 2), rate.rate_date
