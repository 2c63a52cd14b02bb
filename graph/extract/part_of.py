"""Part-of facts: an initiative, programme, project or foundation belongs to another (FACTS.md `part_of`).

Rules, each named in `Fact.rule`:

- `part_of.possessive`  "OpenSSF's Alpha-Omega Initiative", "its Project Grants Program",
                        "Adoptium's AQAvit programme"
- `part_of.name`        the name says it: "Rust Foundation Cloud Compute Program", "Google Summer of Code"
- `part_of.cue`         "X is part of Y", "X (now part of Y)", "a project of", "hosted by",
                        "under the auspices of"
- `part_of.apposition`  "Teach-rs is a Trifecta Tech Foundation initiative", "one of its programmes, X",
                        "projects at Google such as Android", "X (a collaboration between A and B)"

"its" is the organisation named last before it in the sentence, else the publisher; "our"/"we"
are the publisher. Events, teams and governing bodies are never children (gold notes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any

from graph.entities import fold, gazetteer, resolve
from graph.extract import reference
from graph.extract.mentions import Mention, mentions_in
from graph.extract.patterns import alternation, load_patterns
from graph.extract.spans import org_at
from graph.model import Document, Fact

_SCHEMA: dict[str, type] = {
    "child_words": list,
    "child_kinds": list,
    "not_child_words": list,
    "cues_before_parent": list,
    "part_nouns": list,
    "possessed_artifacts": list,
    "hosted_cues": list,
}
_OWNER_KINDS = frozenset(
    {"foundation", "company", "agency", "organization", "body", "initiative", "programme", "project"}
)
_Pair = tuple[str, str, str]  # child, parent, rule


@dataclass
class _Ctx:
    """What a sentence's rules may need beyond it: the publisher, and the first owner the previous
    sentence names (only an "its" with no owner before it in its own sentence asks: found on demand)."""

    publisher: str | None
    previous_text: str | None = field(default=None, repr=False)

    @cached_property
    def previous(self) -> str | None:
        """The first organisation of the previous sentence that is not itself a part."""
        if self.previous_text is None:
            return None
        owners = (m for m in mentions_in(self.previous_text) if _owner(m) and not _named_part(m))
        return next((m.name for m in owners), None)


@cache
def _voc() -> dict[str, Any]:
    return load_patterns("part_of", _SCHEMA)


@cache
def _res() -> dict[str, re.Pattern[str]]:
    voc = _voc()
    words = lambda key: alternation(list(voc[key]))  # noqa: E731
    return {
        "child_end": re.compile(rf"\b(?:{words('child_words')})$", re.I),
        "not_child": re.compile(rf"\b(?:{words('not_child_words')})\b", re.I),
        "cue": _cue_re(words("cues_before_parent")),
        "hosted": _cue_re(words("hosted_cues")),
        "part_noun": re.compile(rf"^\s+(?:[a-z-]+\s+){{0,2}}(?:{words('part_nouns')})\b", re.I),
        "artifact": re.compile(rf"^\s+(?:{words('possessed_artifacts')})\b", re.I),
        "poss_noun": re.compile(
            rf"(?:['’]s?)\s+(?:[a-z-]+\s+){{0,2}}[“\"‘']?(?P<name>[A-Z][\w-]*(?:\s[A-Z][\w-]*){{0,3}})[”\"’']?"
            rf"\s+(?:[a-z-]+\s+)?(?P<noun>{words('part_nouns')})\b"
        ),
        "fronted": re.compile(rf"(?:{words('cues_before_parent')})\s+(?:the\s+)?$", re.I),
        "fronted_hosted": re.compile(rf"(?:{words('hosted_cues')})\s+(?:the\s+)?$", re.I),
        "generic": re.compile(rf"(?:the\s+)?(?:{words('child_words')})", re.I),
    }


@cache
def _shortest_cue() -> int:
    """The length of the shortest cue ("run by"): a gap must hold it and a space after it."""
    voc = _voc()
    return min(len(cue.strip()) for cue in [*voc["cues_before_parent"], *voc["hosted_cues"]])


@cache
def _cue_words() -> tuple[str, ...]:
    """One word of every cue (its longest): a sentence holding none of them matches no cue regex."""
    voc = _voc()
    return tuple(
        {max(cue.lower().split(), key=len) for cue in [*voc["cues_before_parent"], *voc["hosted_cues"]]}
    )


@cache
def _gate() -> re.Pattern[str]:
    """A word one of the rules below needs in a (lower-cased) sentence before it can find a part.

    Each rule needs a child word or part noun ("... Program", "X's Y project"), a whole cue
    ("part of", "hosted by": the cue regexes match the phrase, with any whitespace between its
    words, as `alternation` does here), "between" (a collaboration), a plural part noun (`_AREA`,
    `_PROJECTS_AT`), or a known part named in the sentence ("Alpha-Omega" is one by the gazetteer
    alone): the longest word of each known part's names stands for it. Most sentences hold none,
    and skip the mention search.
    """
    voc = _voc()
    words = {w.split()[-1].lower() for w in [*voc["child_words"], *voc["part_nouns"]]}
    words |= {cue.lower() for cue in [*voc["cues_before_parent"], *voc["hosted_cues"]]}
    words |= {"between", "programs", "programmes", "initiatives", "projects", "programmatic"}
    static = re.compile(rf"\b(?:{alternation(sorted(words))})\b")
    for entity in gazetteer().entities.values():
        for surface in (entity.name, *entity.aliases):
            key = fold(surface)
            if static.search(key) or entity.kind == "person":
                continue  # its name holds a gate word already
            if _child_by_name(entity.name, surface, entity.kind, True):
                words.add(max(reversed(key.split()), key=len))
    return re.compile(rf"\b(?:{alternation(sorted(words))})\b")


def _may_hold_part(text: str) -> bool:
    """False when no rule can find a part in `text` (see `_gate`)."""
    return _gate().search(text.lower()) is not None


def _plausible_parent(name: str, publisher: str | None) -> bool:
    """A parent is a known organisation, the publisher, or at least looks like a name of one
    (two words or more, an acronym, a CamelCase brand), not a capitalised sentence opener."""
    if name == publisher or resolve(name).known:
        return True
    words = name.split()
    return len(words) >= 2 or bool(re.fullmatch(r"[A-Z]{2,6}|[A-Z]?[a-z]+[A-Z]\w*", name))


_FRONTED_WORDS = (
    "auspices",
    "umbrella",
    "hosted",
    "housed",
    "part of",
    "project of",
    "initiative of",
    "run by",
)


def _generic(name: str) -> bool:
    """A bare common noun ("Fund", "the Program") is a reference, not a name."""
    return bool(_res()["generic"].fullmatch(name.strip()))


def _cue_re(words: str) -> re.Pattern[str]:
    return re.compile(
        rf"^\s*(?:,\s*|\(\s*)?(?:(?:which|that)\s+)?"
        rf"(?:(?:is|are|was|were|has been|will be|operates|remains|being)\s+)?"
        rf"(?:now\s+|also\s+|officially\s+)?(?:{words})\s+(?:the\s+|our\s+|its\s+|their\s+)?"
        rf"(?:larger\s+|broader\s+|wider\s+)?(?:[\w-]+-based\s+)?",
        re.I,
    )


def extract_part_of(doc: Document, sentences: Iterable) -> list[Fact]:
    """Part-of facts of one document, one per (child, parent), in reading order."""
    facts: dict[tuple[str, str], Fact] = {}
    publisher = reference.publisher(doc)
    previous: str | None = None  # the text of the sentence read last
    for sent in sentences:
        if sent.kind == "title":
            continue
        text, before, previous = sent.text, previous, sent.text
        if not _may_hold_part(text):
            continue
        mentions = mentions_in(text)
        verdicts = [_child_by_name(m.name, m.text, m.kind, m.known) for m in mentions]
        for child, named, rule in _pairs(text, mentions, verdicts, _Ctx(publisher, before)):
            # "the Foundation's Security Initiative": the Foundation is the publisher.
            parent = publisher if named.lower() in {"foundation", "the foundation"} else named
            if not child or not parent or child.lower() == parent.lower() or _generic(child):
                continue
            if not _plausible_parent(parent, publisher):
                continue
            key = (child.lower(), parent.lower())
            if key in facts:
                continue
            facts[key] = Fact(
                type="part_of",
                doc=doc.id,
                fields={"child": child, "parent": parent},
                evidence=" ".join(text.split()),
                span=(sent.start, sent.end),
                rule=rule,
                confidence=0.6 if rule == "part_of.name" else 0.75,
            )
    return list(facts.values())


def _pairs(text: str, mentions: list[Mention], verdicts: list[bool | None], ctx: _Ctx) -> Iterator[_Pair]:
    """The (child, parent, rule) pairs of one sentence; `verdicts` are the mentions' `_child_by_name`."""
    if len(mentions) < 1:
        return
    low = text.lower()
    # Cheap tests first, each a condition its rule cannot do without: the name's verdict (is it a
    # part at all), a possessive mark anywhere in the sentence.
    possessive = "'" in text or "’" in text or "its" in text or "our" in text or "their" in text
    last = len(mentions) - 1
    adjacent = False  # a known name right before another one ("OpenSSF Securing ... Working Group")
    for n, m in enumerate(mentions):
        if possessive and verdicts[n] is not False:
            yield from _possessive(text, mentions, n, ctx)
        if verdicts[n] is True:
            yield from _by_name(m, ctx.publisher)
        gap = text[m.end : mentions[n + 1].start] if n < last else None
        if (
            gap is not None
            and len(gap) > _shortest_cue()
            and any(map(gap.lower().__contains__, _cue_words()))
        ):
            yield from _cue_after(text, mentions, n, ctx)  # every cue holds one of these words
        if _apposition_cue(text, m, gap):
            yield from _apposition(text, mentions, n, ctx)
        adjacent = adjacent or (gap == " " and m.known)
    # Cheap substring gates first: most sentences hold none of these words.
    if "'s" in low or "’s" in low:
        yield from _possessive_noun(text, mentions)
    if adjacent:
        yield from _owner_prefix(text, mentions)
    if any(map(low.__contains__, _FRONTED_WORDS)):
        yield from _fronted(text, mentions)
    if "such as" in low or " like " in low or "including" in low:
        yield from _such_as(text, mentions)


def is_child(m: Mention, text: str = "") -> bool:
    """True when the mention names something that can be a part (initiative, programme, project ...)."""
    verdict = _child_by_name(m.name, m.text, m.kind, m.known)
    if verdict is False or not text:
        return bool(verdict)
    after = text[m.end : m.end + 60]
    if _res()["artifact"].match(after):
        return False
    return verdict is True or bool(_res()["part_noun"].match(after))


@lru_cache(maxsize=16384)
def _child_by_name(name: str, surface: str, kind: str, known: bool) -> bool | None:
    """True/False when the name alone decides whether it can be a part; None when the next word must."""
    res = _res()
    same = surface == name  # most names are written as they resolve: search once
    if kind == "event" or res["not_child"].search(name) or (not same and res["not_child"].search(surface)):
        return False
    if known and kind in _voc()["child_kinds"]:
        return True
    if _child_end(surface) or (not same and _child_end(name)):
        return True
    return None


def _named_part(m: Mention) -> bool:
    """True when the mention's name alone makes it a part."""
    return _child_by_name(m.name, m.text, m.kind, m.known) is True


def _child_end(name: str) -> bool:
    """True when `name` ends in a child word ("... Program"); `str.endswith` first, the regex
    (whole word, any spacing) only for a name that ends like one."""
    low = name.lower()
    return low.removesuffix("\n").endswith(_child_tails()) and bool(_res()["child_end"].search(name))


@cache
def _child_tails() -> tuple[str, ...]:
    """The last word of each child word: `child_end` matches only a name ending in one."""
    return tuple({word.split()[-1].lower() for word in _voc()["child_words"]})


def _owner(m: Mention) -> bool:
    return m.kind in _OWNER_KINDS and not _not_child_word(m.name.split()[-1])


@lru_cache(maxsize=16384)
def _not_child_word(word: str) -> bool:
    return bool(_res()["not_child"].search(word))


def _possessive(text: str, mentions: list[Mention], n: int, ctx: _Ctx) -> Iterator[_Pair]:
    """'OpenSSF's Alpha-Omega Initiative' / 'its Project Grants Program' / 'our Security Initiative'."""
    child = mentions[n]
    if not is_child(child, text):
        return
    before = text[max(0, child.start - 80) : child.start]
    poss = re.search(
        r"(?:['’]s?|\b(?P<pron>its|our|their))\s+(?:(?:new|own|first|second|larger|flagship|\d{4})\s+)*$",
        before,
    )
    if not poss:
        return
    if poss.group("pron"):
        parent = _pronoun(poss.group("pron"), mentions[:n], ctx)
    else:
        owner = next((m for m in reversed(mentions[:n]) if m.end == poss.start()), None)
        parent = owner.name if owner is not None and _owner(owner) else None
    if parent:
        yield child.name, parent, "part_of.possessive"


def _pronoun(pron: str, earlier: list[Mention], ctx: _Ctx) -> str | None:
    if pron.lower() in {"our", "we", "us"}:
        return ctx.publisher
    # "its" is the sentence's subject, its first organisation
    # ("OpenSSF, a Linux Foundation project, ... its X").
    owners = [m for m in earlier if _owner(m) and not is_child(m)]
    owner = next((m for m in owners if m.known), owners[0] if owners else None)
    # "its" opening a sentence points back at the organisation the previous sentence named first.
    return owner.name if owner is not None else ctx.previous or ctx.publisher


def _by_name(m: Mention, publisher: str | None) -> Iterator[_Pair]:
    """'Rust Foundation Cloud Compute Program' -> Rust Foundation: a known owner's name opens the child's.

    The name as written counts when it ends in a part word ("Google Summer of Code", "OpenSSF ...
    Working Group"; not "Eclipse AQAvit"). A short form whose canonical name says the owner
    ("Community Grants Program" -> Rust Foundation Community Grants Program) counts only in the
    owner's own documents: elsewhere the text does not say whose it is.
    """
    if not is_child(m) or (not m.known and " and " in m.text):
        return
    names: list[tuple[str, bool]] = []
    if _res()["child_end"].search(m.text):
        names.append((re.sub(r"^(?:[Tt]he)\s+", "", m.text), False))
    if m.known:
        names.append((m.name, True))
    for name, own_only in names:
        words = name.split()
        for cut in range(len(words) - 1, 0, -1):
            owner = resolve(" ".join(words[:cut]))
            if (
                not owner.known
                or owner.kind not in {"foundation", "company", "agency"}
                or owner.name == m.name
            ):
                continue
            if own_only and owner.name != publisher:
                break
            yield m.name, owner.name, "part_of.name"
            return


def _cue_after(text: str, mentions: list[Mention], n: int, ctx: _Ctx) -> Iterator[_Pair]:
    """'X is part of Y', 'X (now part of Y)', 'X, a project of Y', 'X will be hosted by Y'."""
    child = mentions[n]
    if n + 1 >= len(mentions):
        return
    following = mentions[n + 1 :]
    gap = text[child.end : following[0].start]
    cue = _res()["cue"].match(gap)
    if cue and cue.end() == len(gap) and not _res()["not_child"].search(child.name):
        yield child.name, following[0].name, "part_of.cue"
        return
    hosted = _res()["hosted"].match(gap)
    if (
        hosted
        and hosted.end() == len(gap)
        and (is_child(child) or (child.known and child.kind in _OWNER_KINDS))
    ):
        yield child.name, following[0].name, "part_of.cue"
        return
    pron = re.match(rf"{_res()['cue'].pattern}$", gap.replace(" our ", " ").replace(" its ", " "), re.I)
    if pron and re.search(r"\b(?:our|its)\s+(?:larger\s+|broader\s+)?$", gap) and is_child(following[0]):
        # "Project Grants are part of our larger Community Grants Program": the parent is named.
        yield child.name, following[0].name, "part_of.cue"


def _apposition_cue(text: str, child: Mention, gap: str | None) -> bool:
    """What each case of `_apposition` needs (`gap`: the text up to the next mention, if any):
    a gap ending in "a"/"an" or holding a comma, "between" just after, or ", " just before."""
    if gap is not None and ("," in gap or gap.split()[-1:] in (["a"], ["an"])):
        return True
    return (
        "between" in text[child.end : child.end + 40] or text[max(0, child.start - 2) : child.start] == ", "
    )


def _apposition(text: str, mentions: list[Mention], n: int, ctx: _Ctx) -> Iterator[_Pair]:
    """'Teach-rs is a Trifecta Tech Foundation initiative', 'X (a collaboration between A and B)'."""
    child = mentions[n]
    rest = text[child.end :]
    owner_then_noun = _IS_A.match(text[child.end : mentions[n + 1].start]) if n + 1 < len(mentions) else None
    if owner_then_noun and _res()["part_noun"].match(text[mentions[n + 1].end :]) and _owner(mentions[n + 1]):
        yield child.name, mentions[n + 1].name, "part_of.apposition"
    if n + 1 < len(mentions) and _COMMA_THE.match(text[child.end : mentions[n + 1].start]):
        owner = mentions[n + 1]
        own = _OWN_PART.match(text[owner.end :])
        if own and _owner(owner) and not _res()["not_child"].search(child.name):
            yield child.name, owner.name, "part_of.apposition"
    collab = (
        None
        if "between" not in rest[:40]
        else re.match(
            r"^\s*\((?:a|an)\s+(?:collaboration|joint initiative|joint project|partnership)"
            r"\s+between\s+([^)]+)\)",
            rest,
        )
    )
    if collab:
        for m in mentions[n + 1 :]:
            if child.end < m.start < child.end + collab.end():
                yield child.name, m.name, "part_of.apposition"
    offset = max(0, child.start - 80)
    area = (
        _AREA.search(text[offset : child.start])
        if text[max(0, child.start - 2) : child.start] == ", "
        else None
    )
    if area and not _res()["not_child"].search(child.name):
        parent = (
            _pronoun(area.group("pron"), mentions[:n], ctx)
            if area.group("pron")
            else _owner_before(mentions, offset + area.start())
        )
        if parent:
            yield child.name, parent, "part_of.apposition"


_IS_A = re.compile(r"^\s*(?:,|is|was)\s+(?:itself\s+|also\s+|now\s+)?(?:a|an)\s+$")
_COMMA_THE = re.compile(r"^\s*,\s+(?:the\s+)?$")
_OWN_PART = re.compile(
    r"^(?:\s+(?:working group|project|foundation))?['’]s?\s+(?:[a-z-]+\s+){0,3}"
    r"(?:programme|program|project|initiative)\b"
)
_AREA = re.compile(
    r"(?:\b(?P<pron>its|our)|(?P<poss>['’]s))\s+"
    r"(?:programs|programmes|initiatives|projects|programmatic areas),\s+$"
)


def _owner_before(mentions: list[Mention], pos: int) -> str | None:
    owner = next((m for m in reversed(mentions) if m.end == pos), None)
    return owner.name if owner is not None else None


def _owner_prefix(text: str, mentions: list[Mention]) -> Iterator[_Pair]:
    """'OpenSSF Securing Software Repositories Working Group', 'NSF Safe-OSE grant': owner, then part."""
    for owner, child in zip(mentions, mentions[1:], strict=False):
        if (
            text[owner.end : child.start] != " "
            or not owner.known
            or owner.kind not in {"foundation", "company", "agency"}
        ):
            continue
        longer = org_at(text[child.start :])
        name = longer[0] if longer and longer[1] > len(child.text) else child.text
        end = child.start + (longer[1] if longer and longer[1] > len(child.text) else len(child.text))
        if child.known or not (_res()["child_end"].search(name) or _res()["part_noun"].match(text[end:])):
            continue
        if not _res()["not_child"].search(name):
            yield resolve(name).name, owner.name, "part_of.name"


def _fronted(text: str, mentions: list[Mention]) -> Iterator[_Pair]:
    """'By working under the auspices of the Rust Foundation, the Safety-Critical Rust Consortium can ...'."""
    for n, parent in enumerate(mentions[:-1]):
        if (
            not _res()["fronted"].search(text[max(0, parent.start - 60) : parent.start])
            and not _res()["fronted_hosted"].search(text[max(0, parent.start - 60) : parent.start])
            or not re.match(r"^\s*,\s+(?:the\s+)?$", text[parent.end : mentions[n + 1].start])
        ):
            continue
        if is_child(mentions[n + 1]):
            yield mentions[n + 1].name, parent.name, "part_of.cue"


def _such_as(text: str, mentions: list[Mention]) -> Iterator[_Pair]:
    """'projects at Google such as Android' -> Android part of Google."""
    for parent in mentions:
        if not _PROJECTS_AT.search(text[max(0, parent.start - 40) : parent.start]):
            continue
        such = _SUCH.match(text[parent.end :])
        if such:
            yield resolve(such.group("name")).name, parent.name, "part_of.apposition"
            # "... other projects such as Chromium": the same owner, later in the sentence.
            for other in _OTHER_SUCH.finditer(text, parent.end + such.end()):
                yield resolve(other.group("name")).name, parent.name, "part_of.apposition"


_PROJECTS_AT = re.compile(r"\b(?:projects|programs|programmes|initiatives)\s+(?:at|of|from|within)\s+$")
_SUCH = re.compile(r"^\s*,?\s+(?:such as|like|including)\s+(?P<name>[A-Z][\w-]*(?:\s[A-Z][\w-]*){0,3})")
_OTHER_SUCH = re.compile(
    r"\bother\s+(?:projects|programs|programmes|initiatives)\s+(?:such as|like|including)\s+"
    r"(?P<name>[A-Z][\w-]*(?:\s[A-Z][\w-]*){0,3})"
)


def _possessive_noun(text: str, mentions: list[Mention]) -> Iterator[_Pair]:
    """ "the Rust Foundation's capstone “Fellowship” program", "Adoptium's AQAvit quality programme"."""
    for match in _res()["poss_noun"].finditer(text):
        owner = next((m for m in mentions if m.end == match.start()), None)
        if owner is None or not _owner(owner) or _res()["not_child"].search(match.group("name")):
            continue
        name = match.group("name")
        full = resolve(f"{name} {match.group('noun').title()}")
        child = full.name if full.known else resolve(name).name
        if child != owner.name:
            yield child, owner.name, "part_of.possessive"
