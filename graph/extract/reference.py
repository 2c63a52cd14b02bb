"""References to organisations that are not names: "the Foundation", "we", "our", "the company".

"The Foundation", "we", "our" and "us" refer to the publisher (`Document.publisher`, from the
source's `source.toml`) — except inside a quotation, where "we" is the speaker's organisation
and is left unresolved. "The company" / "the organization" refer to the organisation named
most recently. E2's persons.py resolves people's short names; this module only does organisations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.entities import resolve
from graph.extract.mentions import Mention
from graph.extract.text import Sentence
from graph.model import Document

_PUBLISHER = re.compile(r"\b(?:[Tt]he (?:Foundation|foundation)(?:['’]s)?|[Ww]e|[Oo]ur|[Uu]s|[Oo]urselves)\b")
_LAST_ORG = re.compile(r"\b[Tt]he (?:company|organi[sz]ation|firm|startup|business)(?:['’]s)?\b")
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"


def publisher(doc: Document) -> str | None:
    """The canonical name of the document's publisher (None when the source does not say)."""
    return resolve(doc.publisher, "foundation").name if doc.publisher else None


def in_quote(sentence: Sentence, pos: int | None = None) -> bool:
    """True when document offset `pos` (default: the sentence start) lies inside a “quotation”."""
    block = sentence.block
    upto = (pos if pos is not None else sentence.start) - block.start
    head = block.text[: max(0, upto)]
    opened = sum(head.count(q) for q in _OPEN_QUOTES)
    closed = sum(head.count(q) for q in _CLOSE_QUOTES)
    if opened or closed:
        return opened > closed
    return head.count('"') % 2 == 1


@dataclass
class References:
    """Resolves reference phrases while a document is read sentence by sentence."""

    doc: Document
    last_org: Mention | None = None
    publisher_name: str | None = field(init=False)

    def __post_init__(self) -> None:
        self.publisher_name = publisher(self.doc)

    def observe(self, mentions: list[Mention]) -> None:
        """Remember the last organisation named (other than the publisher) for "the company"."""
        for mention in mentions:
            if (
                mention.source != "reference"
                and mention.name != self.publisher_name
                and mention.kind != "person"
            ):
                self.last_org = mention

    def resolve(self, phrase: str, quoted: bool = False) -> str | None:
        """The organisation a reference phrase stands for, or None."""
        if _LAST_ORG.fullmatch(phrase.strip()):
            return self.last_org.name if self.last_org else None
        if _PUBLISHER.fullmatch(phrase.strip()):
            if quoted and not phrase.lower().startswith("the"):
                return None
            return self.publisher_name
        return None

    def mentions(self, sentence: Sentence) -> list[Mention]:
        """The reference phrases of a sentence as mentions (source "reference") of what they stand for."""
        out: list[Mention] = []
        for regex in (_PUBLISHER, _LAST_ORG):
            for match in regex.finditer(sentence.text):
                start = sentence.start + match.start()
                name = self.resolve(match.group(), in_quote(sentence, start))
                if name:
                    entity = resolve(name)
                    out.append(
                        Mention(
                            match.group(),
                            start,
                            sentence.start + match.end(),
                            entity.name,
                            entity.kind,
                            "reference",
                            entity.known,
                        )
                    )
        out.sort(key=lambda m: m.start)
        return out
