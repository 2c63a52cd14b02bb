"""Reading and extraction of one file, run in-process or in a worker process of `fkg ingest`.

`process(task)` never raises: it returns the Document with its facts, the Document with the
reason its extraction failed, or the SourceError of a file that could not be read. Everything
it takes and returns pickles, so a process pool can run it while the main process stores.
"""

from __future__ import annotations

import os
import select
import threading
import time

from graph.model import Document, Fact
from graph.sources import DEFAULT_LIMITS, Limits, ReadTask, SourceError, read_task

#: (document, its facts), (document, why extraction failed) or (the read error, None)
Outcome = tuple[Document | SourceError, list[Fact] | str | None]


def process(task: ReadTask, publisher: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Read one planned file and extract its facts."""
    from graph.extract import extract

    doc = read_task(task, publisher=publisher, limits=limits)
    if isinstance(doc, SourceError):
        return doc, None
    try:
        return doc, extract(doc)
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the run: report it per file
        return doc, f"extraction failed: {type(exc).__name__}: {exc}"


def process_chunk(tasks: list[ReadTask], publisher: str | None, limits: Limits) -> list[Outcome]:
    """`process` over a few files at once (fewer round trips to the pool)."""
    return [process(task, publisher, limits) for task in tasks]


def follow(parent: int) -> None:
    """Pool initializer: exit when the ingesting process `parent` exits, even by SIGKILL.

    Workers are forked from the fork server, not from `parent`, and hold their own ends of the
    pool's pipes, so nothing else would ever tell them that nobody is left to send them work.
    """
    threading.Thread(target=_exit_with, args=(parent,), name="follow-parent", daemon=True).start()


def _exit_with(parent: int) -> None:
    try:
        handle = os.pidfd_open(parent)  # readable once the process has exited (Linux 5.3+)
    except (AttributeError, OSError):
        handle = None
    if handle is not None:
        select.select([handle], [], [])
    else:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                continue
    os._exit(1)


def warm() -> None:
    """Load the parsers, the extraction patterns and the gazetteer once per worker, before the
    first real file, so the pool's first results do not wait on them one after the other."""
    from graph.entities import gazetteer
    from graph.extract import extract
    from graph.sources import read_document  # noqa: F401 - imported for its side effect: the parsers load

    gazetteer()
    extract(Document(id="warm-up", path="warm-up", text="Acme Corp joined the Example Foundation."))


__all__ = ["Outcome", "follow", "process", "process_chunk", "warm"]
