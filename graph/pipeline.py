"""The end-to-end flow: sources -> extract -> store, with a report of what happened."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Called once per file handled: (document id or path, outcome) where outcome is
#: "stored", "unchanged" or "failed".
Progress = Callable[[str, str], None]


@dataclass
class IngestReport:
    """What one ingest run did."""

    stored: int = 0
    unchanged: int = 0
    facts: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        """Documents read successfully (stored or unchanged)."""
        return self.stored + self.unchanged

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "documents": self.documents,
            "stored": self.stored,
            "unchanged": self.unchanged,
            "facts": self.facts,
            "failed": [{"file": f, "reason": r} for f, r in self.failed],
            "seconds": round(self.seconds, 3),
        }


class IngestAborted(Exception):
    """Raised in strict mode at the first file that cannot be read; carries the partial report."""

    def __init__(self, report: IngestReport, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.report = report


def ingest_paths(
    paths: Iterable[Path],
    store: Any,
    *,
    publisher: str | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    limits: Any = None,
) -> IngestReport:
    """Read, extract and store every document below `paths`; unchanged documents are skipped.

    `limits` (a `graph.sources.Limits`) bounds file size, line length and nesting.
    Each document is stored in one transaction, so an interrupted run loses at most the
    document being written, and a re-run completes it.
    """
    from graph.extract import extract
    from graph.sources import DEFAULT_LIMITS, SourceError, iter_documents

    report = IngestReport()
    started = time.perf_counter()
    known = store.document_hashes()
    for item in iter_documents(
        list(paths), publisher=publisher, limits=limits or DEFAULT_LIMITS, known=known
    ):
        if isinstance(item, SourceError):
            _fail(report, progress, str(item.path), item.reason, strict, started)
            continue
        if known.get(item.id) == item.content_hash:
            report.unchanged += 1
            _tell(progress, item.id, "unchanged")
            continue
        try:
            facts = extract(item)
        except Exception as exc:  # an extractor bug must not stop the run: report it per file
            _fail(
                report,
                progress,
                item.path,
                f"extraction failed: {type(exc).__name__}: {exc}",
                strict,
                started,
            )
            continue
        store.put_document(item, facts, check=False)  # compared with `known` above
        report.stored += 1
        report.facts += len(facts)
        _tell(progress, item.id, "stored")
    report.seconds = time.perf_counter() - started
    return report


def _fail(
    report: IngestReport, progress: Progress | None, file: str, reason: str, strict: bool, started: float
) -> None:
    report.failed.append((file, reason))
    _tell(progress, file, "failed")
    if strict:
        report.seconds = time.perf_counter() - started
        raise IngestAborted(report, file, reason)


def _tell(progress: Progress | None, name: str, outcome: str) -> None:
    if progress is not None:
        progress(name, outcome)
