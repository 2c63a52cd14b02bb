"""Synthetic announcements and member directories, laid out like the real corpus.

One folder per foundation with a `source.toml`, `news/*.md` announcements (front matter +
Markdown: joins with tiers, upgrades, leaves, grants with amounts written several ways,
roles, part-of statements, quotes and filler) and a member directory (`members/*.md`
front-matter entries and a `data/sponsors.json` grouped by tier).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from benchmarks.synth.names import TIERS, TITLES, NamePools, pools, slug

_FILLER = (
    "The foundation supports a vendor-neutral home for the community.",
    "Contributors from around the world took part in the last release cycle.",
    "More information about membership is available on the website.",
    "The project will continue to publish regular security advisories.",
    "This announcement was shared on the mailing list and in the forum.",
    "Governance documents are maintained in the public repository.",
    "Our annual summit will take place in the autumn.",
    "Maintainers reviewed more than a thousand pull requests this quarter.",
    "The technical steering committee meets every second week.",
    "We thank everyone who reported issues and wrote documentation.",
)
_PURPOSES = (
    "a security engineer", "infrastructure costs", "the fellowship programme", "documentation work",
    "a supply-chain security audit", "continuous integration capacity", "community grants",
)


def _amount(rng: random.Random) -> str:
    value = rng.choice((5, 10, 25, 50, 100, 250, 460, 500, 750))
    forms = (
        f"${value},000", f"${value}K", f"US${value * 1000:,}", f"€{value},000", f"£{value}k",
        f"${value / 100:g} million", f"USD {value * 1000:,}", f"{value},000 euros", f"$1M",
    )
    return rng.choice(forms)


def _when(rng: random.Random, day: date) -> str:
    return rng.choice(
        ("today", f"on {day:%B} {day.day}, {day.year}", f"in {day:%B %Y}", "this week", "")
    )


class _Writer:
    """Builds the sentences of one announcement from the pools."""

    def __init__(self, names: NamePools, foundation: str, rng: random.Random) -> None:
        self.n, self.f, self.rng = names, foundation, rng

    def company(self) -> str:
        return self.rng.choice(self.n.companies)

    def person(self) -> str:
        return self.rng.choice(self.n.people)

    def tier(self) -> str:
        return self.rng.choice(TIERS)

    def join(self, day: date) -> tuple[str, list[str]]:
        c, t, r = self.company(), self.tier(), self.rng
        title = r.choice((f"{c} joins the {self.f} as a {t} Member", f"Welcome {c}", f"{c} becomes a {t} member"))
        body = [
            r.choice((
                f"The {self.f} {_when(r, day)} announced that [{c}](https://{slug(c)}.example) has joined as a {t} Member.",
                f"We are pleased to welcome {c} as our newest {t} member.",
                f"{c} has joined the {self.f} at the {t} level {_when(r, day)}.",
                f"{c} joins {self.company()}, {self.company()} and {self.company()} at the {t} level.",
            )),
            f"“We are proud to support the {self.f},” said {self.person()}, {r.choice(TITLES)} at {c}.",
        ]
        return title, body

    def list_join(self, day: date) -> tuple[str, list[str]]:
        t = self.tier()
        items = [f"- {self.company()}" for _ in range(self.rng.randint(2, 8))]
        return f"New {t} members at the {self.f}", [f"New {t} Members:", "\n".join(items)]

    def upgrade(self, day: date) -> tuple[str, list[str]]:
        c, a, b = self.company(), self.tier(), self.tier()
        return f"{c} upgrades its membership", [
            f"{c} has upgraded its membership of the {self.f} from {a} to {b} {_when(self.rng, day)}.",
        ]

    def leave(self, day: date) -> tuple[str, list[str]]:
        c = self.company()
        return f"Membership update from the {self.f}", [
            self.rng.choice((f"{c} has left the {self.f}.", f"{c} is no longer a member of the {self.f}.")),
        ]

    def grant(self, day: date) -> tuple[str, list[str]]:
        c, r = self.company(), self.rng
        purpose, money = r.choice(_PURPOSES), _amount(r)
        return f"{c} funds {purpose}", [
            r.choice((
                f"{c} has awarded a grant of {money} to the {self.f} to fund {purpose}.",
                f"The {self.f} received a {money} donation from {c} {_when(r, day)}.",
                f"{r.choice(self.n.initiatives)} is funded by {c} and {self.company()}.",
                f"Thanks to a {money} investment from {c}, the {self.f} will hire {purpose}.",
            )),
        ]

    def role(self, day: date) -> tuple[str, list[str]]:
        p, title, r = self.person(), self.rng.choice(TITLES), self.rng
        return f"{self.f} names a new {title}", [
            r.choice((
                f"The {self.f} has named {p} as its new {title}.",
                f"{p}, {title} at {self.company()}, has been appointed to the {self.f} Board of Directors.",
                f"{p} will serve as {title} of the {self.f}.",
            )),
        ]

    def part_of(self, day: date) -> tuple[str, list[str]]:
        i = self.rng.choice(self.n.initiatives)
        return f"Introducing {i}", [
            self.rng.choice((f"{i}, a project of the {self.f}, launched {_when(self.rng, day)}.",
                             f"{i} is part of the {self.f}.")),
        ]


_KINDS = ("join", "join", "join", "list_join", "upgrade", "leave", "grant", "grant", "role", "part_of")


def announcement(names: NamePools, foundation: str, rng: random.Random, day: date) -> str:
    """One Markdown announcement with YAML front matter."""
    writer = _Writer(names, foundation, rng)
    kinds = [rng.choice(_KINDS) for _ in range(rng.randint(1, 3))]
    title, first = getattr(writer, kinds[0])(day)
    paragraphs = list(first)
    for kind in kinds[1:]:
        paragraphs += getattr(writer, kind)(day)[1]
    for _ in range(rng.randint(2, 6)):
        paragraphs.insert(rng.randint(0, len(paragraphs)), " ".join(rng.sample(_FILLER, rng.randint(1, 3))))
    front = f"---\ntitle: {json.dumps(title)}\ndate: {day.isoformat()}\ntags:\n  - announcement\n---\n"
    return front + "\n\n".join(paragraphs) + "\n"


def member_entry(name: str, tier: str) -> str:
    """A directory entry: one member as front matter (as in the Rust Foundation's members/)."""
    return f"---\nname: {json.dumps(name)}\nlevel: {tier.lower()}\nurl: https://{slug(name)}.example\n---\n"


def sponsors_json(names: NamePools, rng: random.Random, count: int) -> str:
    """A sponsors directory grouped by tier (as in ISRG's data/sponsors.json)."""
    groups: dict[str, list[dict[str, str]]] = {}
    for _ in range(count):
        name = rng.choice(names.companies)
        groups.setdefault(rng.choice(TIERS).lower(), []).append({"name": name, "url": f"https://{slug(name)}.example"})
    return json.dumps(groups, indent=2)


def write_corpus(root: Path, documents: int, seed: int = 11) -> int:
    """Write `documents` files below `root` (one folder per foundation); returns the number written."""
    rng = random.Random(seed)
    names = pools(companies=max(2000, documents // 3), foundations=max(10, min(200, documents // 50)), seed=seed)
    per_folder = max(1, documents // len(names.foundations))
    written, start = 0, date(2015, 1, 1)
    for foundation in names.foundations:
        if written >= documents:
            break
        folder = root / slug(foundation)
        (folder / "news").mkdir(parents=True, exist_ok=True)
        (folder / "members").mkdir(exist_ok=True)
        (folder / "source.toml").write_text(
            f'publisher = "{foundation}"\nurl = "https://{slug(foundation)}.example"\n', encoding="utf-8"
        )
        for i in range(min(per_folder, documents - written)):
            written += 1
            day = start + timedelta(days=rng.randint(0, 3650))
            if i % 20 == 19:
                (folder / "data").mkdir(exist_ok=True)
                (folder / "data" / f"sponsors-{i}.json").write_text(sponsors_json(names, rng, 30), encoding="utf-8")
            elif i % 4 == 3:
                name = rng.choice(names.companies)
                (folder / "members" / f"{slug(name)}-{i}.md").write_text(member_entry(name, rng.choice(TIERS)))
            else:
                text = announcement(names, foundation, rng, day)
                (folder / "news" / f"{day.isoformat()}-{i}.md").write_text(text, encoding="utf-8")
    return written
