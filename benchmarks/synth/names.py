"""Organisation, person and foundation names built from word lists (deterministic per seed).

Thousands of distinct names come from combining a few short lists; nothing here is a
real organisation, so the gazetteer never resolves them to one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_PREFIXES = (
    "Acme Arcadia Azure Basalt Beacon Birch Blue Bright Cedar Cinder Cobalt Copper Coral Crimson "
    "Delta Ember Falcon Fern Flint Garnet Granite Harbor Helix Indigo Iron Jade Juniper Kestrel "
    "Lumen Maple Marble Meridian Nimbus Northwind Oak Onyx Orbit Pine Quartz Quill Raven Redwood "
    "Sable Sage Silverline Slate Solstice Spruce Summit Tandem Tidal Topaz Umber Vantage Velvet "
    "Vertex Willow Zenith Zephyr"
).split()
_CORES = (
    "Data Cloud Logic Byte Stack Forge Grid Labs Works Systems Compute Signal Vector Pixel Kernel "
    "Circuit Matrix Quantum Nexus Packet Script Cipher Stream Tensor Cache Shell Socket Frame"
).split()
_SUFFIXES = ("", "", "", " Technologies", " Software", " Networks", " Analytics", " Security", " Inc.", " GmbH", " Ltd")
_FIRST = (
    "Ada Alan Amara Ana Ben Carla Chen Dara Elif Emma Farid Grace Hana Ines Ivan Jamal Jun Kai Lena "
    "Luca Maya Mei Nia Noor Omar Priya Rafael Rosa Sami Sofia Tariq Uma Vera Wei Yara Zoe"
).split()
_LAST = (
    "Abara Berg Castillo Dubois Eriksen Fontaine Garcia Haddad Ito Jensen Kowalski Larsen Moreau "
    "Nakamura Okafor Petrov Quinn Rossi Schmidt Tanaka Umeh Varga Walsh Xu Yilmaz Zhang"
).split()
_FIELDS = (
    "Compiler Storage Telemetry Database Robotics Graphics Crypto Web Browser Kernel Scheduler "
    "Packaging Search Mesh Streaming Imaging Geospatial Audio Testing Build"
).split()
TIERS = ("Platinum", "Gold", "Silver", "Bronze", "Associate", "General", "Premier", "End User", "Academic")
TITLES = (
    "Executive Director", "Chief Technology Officer", "VP of Engineering", "Board Chair",
    "Treasurer", "Member Director", "Head of Open Source", "Director of Community", "General Counsel",
)


@dataclass(frozen=True)
class NamePools:
    """The names one synthetic corpus or graph draws from."""

    foundations: tuple[str, ...]
    companies: tuple[str, ...]
    people: tuple[str, ...]
    initiatives: tuple[str, ...]


def _unique(make, count: int, rng: random.Random) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    attempts = 0
    while len(seen) < count:
        attempts += 1
        name = make(rng)
        if name in seen:  # after the plain combinations run out, number them
            name = f"{name} {attempts}"
        seen[name] = None
    return tuple(seen)


def _company(rng: random.Random) -> str:
    return f"{rng.choice(_PREFIXES)} {rng.choice(_CORES)}{rng.choice(_SUFFIXES)}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _foundation(rng: random.Random) -> str:
    return f"{rng.choice(_PREFIXES)} {rng.choice(_FIELDS)} Foundation"


def _initiative(rng: random.Random) -> str:
    kind = rng.choice(("Initiative", "Project", "Working Group", "Alliance", "Fund"))
    return f"{rng.choice(_FIELDS)} {rng.choice(_CORES)} {kind}"


def pools(companies: int, foundations: int = 60, people: int = 2000, seed: int = 7) -> NamePools:
    """Name pools of the given sizes, the same for the same arguments."""
    rng = random.Random(seed)
    return NamePools(
        foundations=_unique(_foundation, foundations, rng),
        companies=_unique(_company, companies, rng),
        people=_unique(_person, people, rng),
        initiatives=_unique(_initiative, max(20, foundations * 2), rng),
    )


def slug(name: str) -> str:
    """A file-name slug (lower case, ASCII, '-' separated)."""
    out = "".join(c.lower() if c.isalnum() else "-" for c in name)
    return "-".join(part for part in out.split("-") if part) or "x"
