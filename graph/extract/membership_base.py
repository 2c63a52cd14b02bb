"""What the membership rules share: cue patterns, fact building, guards.

Membership facts from sentences: joins, tier statements, founding lists, renewals, departures.

The rules anchor on a *tier phrase* ("Platinum Member", "Gold sponsor", "at the Silver level")
or on a membership verb, then find the member(s) around it (the verb's subject, an apposition,
a coordinated list) and the organisation (a named foundation nearby, else the publisher).
Cue words live in patterns/membership.yaml and patterns/tiers.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from graph.extract.common import DocContext, make_fact, org_like, tiers, words_regex
from graph.extract.dates import event_date
from graph.extract.mentions import Mention
from graph.extract.patterns import load_patterns
from graph.extract.text import Sentence
from graph.model import Fact

_SCHEMA = {
    "join_verbs": list,
    "renew_verbs": list,
    "upgrade_verbs": list,
    "downgrade_verbs": list,
    "leave_verbs": list,
    "newest_words": list,
    "founding_words": list,
    "list_join_cues": list,
    "spotlight_cues": list,
    "org_heads": list,
    "seat_titles": list,
}


@dataclass(frozen=True)
class _Rx:
    tier_phrase: re.Pattern[str]
    level: re.Pattern[str]
    join: re.Pattern[str]
    renew: re.Pattern[str]
    upgrade: re.Pattern[str]
    downgrade: re.Pattern[str]
    leave: re.Pattern[str]
    newest: re.Pattern[str]
    founding_list: re.Pattern[str]
    list_cue: re.Pattern[str]
    spotlight: re.Pattern[str]
    seat: re.Pattern[str]
    member_of: re.Pattern[str]
    lead_in: re.Pattern[str]


@cache
def _rx() -> _Rx:
    p = load_patterns("membership", _SCHEMA)
    t = tiers()
    tier = rf"(?P<tier>{t.regex})"
    noun = rf"(?P<noun>{t.nouns})"
    return _Rx(
        tier_phrase=re.compile(rf"\b{tier}(?:[ -]+(?:founding|corporate|level|tier))?\s+{noun}\b", re.I),
        level=re.compile(
            rf"\b(?:at|on) the {tier}[ -](?:level|tier)\b|\bas (?:an? )?(?P<tier2>{t.regex})(?=[.,;!]|\s*$)",
            re.I,
        ),
        join=re.compile(words_regex(p["join_verbs"]), re.I),
        renew=re.compile(words_regex(p["renew_verbs"]), re.I),
        upgrade=re.compile(words_regex(p["upgrade_verbs"]), re.I),
        downgrade=re.compile(words_regex(p["downgrade_verbs"]), re.I),
        leave=re.compile(words_regex(p["leave_verbs"]), re.I),
        newest=re.compile(words_regex(p["newest_words"]), re.I),
        founding_list=re.compile(
            rf"\bfounding (?:(?P<tier>{t.regex}) )?(?:member|sponsor|partner)s?"
            r"(?: (?:companies|organi[sz]ations))?"
            r"(?: of (?:the )?(?P<of>[A-Z][^,:;]{1,60}?)(?= (?:are|include|includes|were|was|is)\b))?"
            r"(?: (?:are|include|were|was|is))?[,:]?\s+(?P<list>[^.;]+)",
            re.I,
        ),
        list_cue=re.compile(words_regex(p["list_join_cues"]), re.I),
        spotlight=re.compile(words_regex(p["spotlight_cues"]), re.I),
        seat=re.compile(
            r"\b(?:" + "|".join(map(re.escape, p["seat_titles"])) + r")\s*(?:for|of|from|\(|,)\s*", re.I
        ),
        member_of=re.compile(rf"\b(?:member|sponsor|{t.nouns})s?\s+of\s+(?:the\s+)?$", re.I),
        lead_in=re.compile(rf"(?:(?P<tier>{t.regex})\s+)?(?:{t.nouns})\b", re.I),
    )


def _fact(
    ctx: DocContext,
    s: Sentence,
    member: str,
    org: str | None,
    tier: str | None,
    event: str,
    rule: str,
    conf: float,
    when_text: str | None = None,
) -> list[Fact]:
    org = org or ctx.publisher
    if not member or not org or member == org and event != "join":
        return []
    if event == "state":
        date = None
    else:
        date = event_date(when_text if when_text is not None else s.text, ctx.doc.date)
        if date is not None and ctx.doc.date and when_text is None and date != ctx.doc.date:
            conf += 0.05  # the sentence dates the event itself
    fields = {
        "member": member,
        "organization": org,
        "tier": tiers().title(tier) if tier else None,
        "event": event,
        "date": date.isoformat() if date else None,
    }
    return [make_fact("membership", ctx, s, fields, rule, conf)]


def _org_in(ms: Sequence[Mention], start: int, end: int) -> Mention | None:
    """The first organisation-like mention inside [start, end) (document offsets)."""
    for m in ms:
        if start <= m.start and m.end <= end and org_like(m):
            return m
    return None


def _is_event(ctx: DocContext, s: Sentence, pos: int) -> bool:
    """True when the words just before document offset `pos` say the membership is new."""
    window = s.text[max(0, pos - s.start - 45) : pos - s.start]
    return bool(_rx().newest.search(window)) or "welcome" in s.text.lower()[:40]


_HIRE = re.compile(
    r"\b(?:team|staff|board|as (?:its|our|the|a|an)\b[^,.;]{0,40}?\b"
    r"(?:Engineer|Director|Manager|Officer|Lead|"
    r"Developer|Advocate|Counsel|Coordinator|Specialist|Fellow|Chair|Analyst|Administrator|Architect|Scientist))\b"
)

_PEOPLE_LIST = re.compile(
    r"\b(?:board|individual|attendance|staff|team|committee|council|directors?|"
    r"fellows?|volunteers?|speakers?|maintainers?)\b",
    re.I,
)


def _person_like(name: str) -> bool:
    """A name that reads as a person's (E2's persons.is_name when available)."""
    try:
        from graph.extract.persons import is_name
    except ImportError:
        return False
    return is_name(name)
