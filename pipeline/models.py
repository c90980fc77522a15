"""Pydantic models of the output contract (SPEC §2, §7); the JSON Schema in schemas/ is generated from them.

Version 1.1 (SPEC §7) only adds fields, each with a default, so a record written as 1.0 still validates."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    TypeAdapter,
    ValidationInfo,
    model_validator,
)

SCHEMA_VERSION = "1.1"
SCHEMA_VERSIONS = Literal["1.0", "1.1"]


def _number_out(value: float | None) -> float | int | None:
    # Whole amounts are written as JSON integers (710000000000, not 710000000000.0), as SPEC §2 shows.
    if value is not None and float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return value


Number = Annotated[float, PlainSerializer(_number_out, return_type=Union[int, float])]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code")]


# Enum fields accept their string values as well as members (Strict(False)); everything else is strict.
def _lax(enum: type[Enum]) -> Any:
    return Annotated[enum, Strict(False)]


class Modifier(str, Enum):
    exact = "exact"
    approximately = "approximately"
    up_to = "up_to"
    at_least = "at_least"
    more_than = "more_than"
    less_than = "less_than"
    range = "range"


class PlaceKind(str, Enum):
    country = "country"
    state = "state"
    city = "city"
    region = "region"
    other = "other"


class DateKind(str, Enum):
    date = "date"
    range = "range"
    duration = "duration"


class Granularity(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    season = "season"
    quarter = "quarter"
    half = "half"
    year = "year"
    decade = "decade"


class Role(str, Enum):
    """What an amount is in its deal (SPEC §7)."""

    upfront = "upfront"
    milestones = "milestones"
    royalties = "royalties"
    equity_investment = "equity_investment"
    total_deal_value = "total_deal_value"
    acquisition_price = "acquisition_price"
    price_per_share = "price_per_share"
    financing = "financing"
    offering = "offering"
    financial_result = "financial_result"
    investment = "investment"
    government_funding = "government_funding"
    market_value = "market_value"
    cost = "cost"
    other = "other"


class DealKind(str, Enum):
    licensing = "licensing"
    acquisition = "acquisition"
    financing = "financing"
    offering = "offering"
    investment = "investment"
    government_funding = "government_funding"
    other = "other"


OrgId = Annotated[str, Field(pattern=r"^org-[1-9][0-9]*$")]
AmountId = Annotated[str, Field(pattern=r"^amount-[1-9][0-9]*$")]
DealId = Annotated[str, Field(pattern=r"^deal-[1-9][0-9]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Span(_Strict):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _span_matches_body(self, info: ValidationInfo) -> Span:
        if self.end <= self.start:
            raise ValueError(f"empty or inverted span {self.start}:{self.end}")
        body = (info.context or {}).get("body") if info else None
        if body is not None and body[self.start : self.end] != self.text:
            raise ValueError(
                f"text {self.text!r} is not body[{self.start}:{self.end}] = {body[self.start:self.end]!r}"
            )
        return self


class Mention(Span):
    pass


class Organization(_Strict):
    id: OrgId | None = Field(default=None, description="org-1, org-2 ... in order of first mention (SPEC §7)")
    name: str
    canonical: str | None
    mentions: list[Mention] = Field(min_length=1)


class Place(_Strict):
    id: Annotated[str, Field(pattern=r"^place-[1-9][0-9]*$")] | None = None
    name: str
    kind: _lax(PlaceKind)  # type: ignore[valid-type]
    country_code: CountryCode | None
    mentions: list[Mention] = Field(min_length=1)


class Amount(Span):
    id: AmountId | None = None
    value: Number | None
    currency: CurrencyCode | None
    modifier: _lax(Modifier)  # type: ignore[valid-type]
    low: Number | None
    high: Number | None
    usd_value: Number | None = Field(
        default=None, description="The amount in US dollars at the ECB reference rate of usd_rate_date"
    )
    usd_rate_date: dt.date | None = Field(default=None, description="Date of the ECB rate used for usd_value")
    role: _lax(Role) | None = Field(default=None, description="What the amount is in its deal (SPEC §7)")  # type: ignore[valid-type]
    payer: OrgId | None = Field(default=None, description="id of the organization that pays or invests")
    payee: OrgId | None = Field(default=None, description="id of the organization that receives")
    deal: DealId | None = Field(default=None, description="id of the deal the amount belongs to, null for none")

    @model_validator(mode="after")
    def _range_has_bounds(self) -> Amount:
        if self.modifier is Modifier.range:
            if self.value is not None or self.low is None or self.high is None:
                raise ValueError("a range amount has value null and both low and high")
        elif self.low is not None or self.high is not None:
            raise ValueError("only a range amount has low/high")
        return self


class DateMention(Span):
    id: Annotated[str, Field(pattern=r"^date-[1-9][0-9]*$")] | None = None
    kind: _lax(DateKind)  # type: ignore[valid-type]
    value: str | None = Field(description="TIMEX3/ISO-8601 value: 2026-03-04, 2025-Q3, 2019/2024, P5Y ...")
    start_date: dt.date | None
    end_date: dt.date | None
    granularity: _lax(Granularity) | None  # type: ignore[valid-type]
    relative: bool

    @model_validator(mode="after")
    def _interval_ordered(self) -> DateMention:
        if self.kind is DateKind.duration and (self.start_date or self.end_date):
            raise ValueError("a duration has no start_date/end_date")
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError(f"start_date {self.start_date} after end_date {self.end_date}")
        return self


class Deal(_Strict):
    """One transaction the article reports (SPEC §7)."""

    id: DealId
    kind: _lax(DealKind)  # type: ignore[valid-type]
    parties: list[OrgId]
    amounts: list[AmountId] = Field(min_length=1)
    headline: AmountId | None = Field(description="The amount given as the deal's total, when there is one")


class ArticleResult(_Strict):
    schema_version: SCHEMA_VERSIONS = SCHEMA_VERSION
    id: str
    source: str
    published: dt.date | None
    text_length: int = Field(ge=0)
    text_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    organizations: list[Organization]
    places: list[Place]
    amounts: list[Amount]
    dates: list[DateMention]
    deals: list[Deal] = Field(default_factory=list)
    warnings: list[str]
    meta: dict[str, Any] = Field(default_factory=dict, description="Extra keys of a JSONL input line")

    @model_validator(mode="after")
    def _within_body(self, info: ValidationInfo) -> ArticleResult:
        # Nested models arrive already validated (by the extractors); checking their text against the body
        # here, once, is what makes `text == body[start:end]` hold for every record without validating twice.
        body = (info.context or {}).get("body") if info else None
        spans: list[Span] = [*self.amounts, *self.dates]
        for entity in [*self.organizations, *self.places]:
            spans.extend(entity.mentions)
        for span in spans:
            if span.end > self.text_length:
                raise ValueError(f"span {span.start}:{span.end} ends past the body ({self.text_length})")
            if body is not None and body[span.start : span.end] != span.text:
                raise ValueError(f"text {span.text!r} is not body[{span.start}:{span.end}] = {body[span.start:span.end]!r}")
        self._references_resolve()
        return self

    def _references_resolve(self) -> None:
        org_ids = {org.id for org in self.organizations if org.id}
        amount_ids = {amount.id for amount in self.amounts if amount.id}
        deal_ids = {deal.id for deal in self.deals}
        for amount in self.amounts:
            for name in ("payer", "payee"):
                if getattr(amount, name) is not None and getattr(amount, name) not in org_ids:
                    raise ValueError(f"amount {amount.text!r}: {name} {getattr(amount, name)} is no organization's id")
            if amount.deal is not None and amount.deal not in deal_ids:
                raise ValueError(f"amount {amount.text!r}: deal {amount.deal} is no deal's id")
        for deal in self.deals:
            unknown = [ref for ref in [*deal.amounts, deal.headline] if ref is not None and ref not in amount_ids]
            unknown += [ref for ref in deal.parties if ref not in org_ids]
            if unknown:
                raise ValueError(f"{deal.id} refers to {', '.join(unknown)}, which the record does not hold")


class ErrorInfo(_Strict):
    type: str
    message: str


class ErrorRecord(_Strict):
    schema_version: SCHEMA_VERSIONS = SCHEMA_VERSION
    id: str
    source: str
    error: ErrorInfo


Record = Union[ArticleResult, ErrorRecord]
RECORD_ADAPTER: TypeAdapter[Record] = TypeAdapter(Record)


def json_schema() -> dict[str, Any]:
    schema = RECORD_ADAPTER.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "newsfacts article record"
    schema["description"] = "One extracted article (SPEC §2), or an error record in its place."
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
