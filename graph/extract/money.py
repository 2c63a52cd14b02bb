"""Money amounts in text: "$460k USD", "$1M", "€50,000", "USD 100,000", "one million dollars"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "CA$": "CAD", "A$": "AUD"}
_CODES = ("USD", "EUR", "GBP", "CHF", "CAD", "AUD", "JPY", "CNY", "INR", "SEK", "NOK", "DKK")
_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP"}
_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
    "fifty": 50,
    "a hundred": 100,
    "hundred": 100,
    "a": 1,
    "half a": 0.5,
}

_NUM = r"\d{1,3}(?:[,.\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_RX = r"(?:\s?(?P<scale>[kK]|[mM]{1,2}|[mM]n|[bB]n?|thousand|million|billion)\b)?"
_CODE_RX = "|".join(_CODES)
_MONEY = re.compile(
    rf"(?:(?P<pre_code>{_CODE_RX})\s?)?(?P<sym>US\$|CA\$|A\$|[$€£¥])\s?(?P<num>{_NUM}){_SCALE_RX}(?:\s?(?P<post_code>{_CODE_RX})\b)?"
    rf"|\b(?P<code>{_CODE_RX})\s?(?P<num2>{_NUM}){_SCALE_RX.replace('scale', 'scale2')}"
    rf"|\b(?P<num3>{_NUM}){_SCALE_RX.replace('scale', 'scale3')}"
    rf"\s?(?P<code3>{_CODE_RX}|dollars|euros|pounds)\b"
    rf"|\b(?P<words>one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred|half a|a)\s"
    rf"(?P<wscale>thousand|million|billion)\s(?P<wcur>dollars|euros|pounds|USD|EUR)\b",
    re.I,
)


@dataclass(frozen=True)
class Money:
    """An amount in whole currency units, its ISO 4217 currency and where it was written."""

    amount: float
    currency: str
    start: int
    end: int

    @property
    def value(self) -> int | float:
        """The amount as an int when whole."""
        return int(self.amount) if float(self.amount).is_integer() else round(self.amount, 2)


def _number(text: str) -> float:
    text = text.replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):  # 50.000 (European thousands)
        return float(text.replace(".", ""))
    return float(text.replace(",", ""))


def find_money(text: str) -> list[Money]:
    """Every amount of money in `text`, left to right."""
    out: list[Money] = []
    for m in _MONEY.finditer(text):
        g = m.groupdict()
        try:
            if g["sym"]:
                value = _number(g["num"]) * _SCALE.get((g["scale"] or "").lower(), 1)
                cur = (g["pre_code"] or g["post_code"] or _SYMBOLS[g["sym"]]).upper()
            elif g["code"]:
                value = _number(g["num2"]) * _SCALE.get((g["scale2"] or "").lower(), 1)
                cur = g["code"].upper()
            elif g["num3"]:
                value = _number(g["num3"]) * _SCALE.get((g["scale3"] or "").lower(), 1)
                code = g["code3"]
                cur = _WORDS.get(code.lower(), code.upper())
            else:
                value = _NUMBER_WORDS[g["words"].lower()] * _SCALE[g["wscale"].lower()]
                cur = _WORDS.get(g["wcur"].lower(), g["wcur"].upper())
        except (ValueError, KeyError):
            continue
        if value <= 0:
            continue
        out.append(Money(value, cur, m.start(), m.end()))
    return out
