"""Typed figures: numbers and days that read as Vietnamese text and stay numbers in XLSX.

A page or a CSV shows ``str(value)`` ("62,5%", "12,5 giờ", "09/03/2026"); the XLSX writer
stores the number itself (0.625, 12.5, the date) with an Excel number format, so leadership can
sort, sum and chart it. Excel shows the format with the reader's decimal separator: 0.625 with
``0.0%`` reads "62,5%" in a Vietnamese Excel.
"""

from __future__ import annotations

from datetime import date

from domain.catalogue import t

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def number(value: float, digits: int = 1) -> str:
    """Vietnamese decimal notation: 12,5."""
    return f"{value:.{digits}f}".replace(".", ",")


class Measure(float):
    """A number with its Excel format and its Vietnamese reading; `detail` says what it counts."""

    detail: str | None

    def __new__(cls, value: float, detail: str | None = None) -> Measure:
        measure = super().__new__(cls, value)
        measure.detail = detail
        return measure

    def number_format(self) -> str:
        """The Excel number format of the cell."""
        return "0.0"

    def reading(self) -> str:
        """The value alone, in Vietnamese notation."""
        return number(float(self))

    def __str__(self) -> str:
        text = self.reading()
        return f"{text} ({self.detail})" if self.detail else text


class Share(Measure):
    """A share between 0 and 1, shown as a percentage."""

    def number_format(self) -> str:
        return "0.0%"

    def reading(self) -> str:
        return t("stats_percent", value=number(float(self) * 100))


class Hours(Measure):
    """A duration in hours."""

    def number_format(self) -> str:
        return f'0.0 "{t("stats_hours_unit")}"'

    def reading(self) -> str:
        return t("stats_hours", value=number(float(self)))


class Mean(Measure):
    """An average score, two decimals."""

    def number_format(self) -> str:
        return "0.00"

    def reading(self) -> str:
        return number(float(self), 2)


class Day(date):
    """A calendar day that reads dd/mm/yyyy."""

    @classmethod
    def of(cls, value: date) -> Day:
        return cls(value.year, value.month, value.day)

    def __str__(self) -> str:
        return self.strftime("%d/%m/%Y")
