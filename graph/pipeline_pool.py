"""Planned files in, (document, facts) out, in plan order: in-process or on a process pool.

The pool reads and extracts; the caller (the only process that writes the store) consumes the
outcomes in exactly the order of the plan, so `jobs=2` stores what `jobs=1` stores, in the same
order. Workers are forked from a fork server that never saw the store: they hold none of its
files or locks, and they exit when the ingesting process dies.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain

from graph.model import Document
from graph.pipeline_worker import Outcome as Result
from graph.pipeline_worker import follow, process_chunk
from graph.sources import Limits, ReadTask, SourceError

#: Fewer files to read than this stay in-process: starting a pool costs more than they take.
SMALL_INPUT = 50
#: Files per pool round trip, and round trips in flight per worker: enough to keep every
#: worker busy while the caller stores, few enough that results arrive in order soon.
CHUNK = 4
IN_FLIGHT = 4

#: A chunk handed to the pool (its future, None if the pool broke, and its files), or an item
#: that needs no reading.
Entry = tuple["Future[list[Result]] | None", list[ReadTask]] | Document | SourceError


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def outcomes(
    items: Iterable[ReadTask | Document | SourceError],
    *,
    jobs: int,
    publisher: str | None,
    limits: Limits,
) -> Generator[Result, None, None]:
    """For each planned item, in order: (document, facts), (document, why extraction failed),
    (unchanged document, None) or (error, None)."""
    items = iter(items)
    head: list[ReadTask | Document | SourceError] = []
    if jobs > 1:
        to_read = 0
        for item in items:  # look ahead: is the input worth a pool?
            head.append(item)
            to_read += isinstance(item, ReadTask)
            if to_read >= SMALL_INPUT:
                break
        else:
            jobs = 1
    planned = chain(head, items)
    if jobs <= 1:
        yield from _serial(planned, publisher, limits)
    else:
        yield from _pooled(planned, jobs, publisher, limits)


def _serial(
    items: Iterable[ReadTask | Document | SourceError], publisher: str | None, limits: Limits
) -> Iterator[Result]:
    from graph.pipeline_worker import process

    for item in items:
        yield process(item, publisher, limits) if isinstance(item, ReadTask) else (item, None)


def _pooled(
    items: Iterable[ReadTask | Document | SourceError], jobs: int, publisher: str | None, limits: Limits
) -> Iterator[Result]:
    # Workers follow this process: if it dies (even by SIGKILL) they exit instead of waiting forever.
    pool = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=follow, initargs=(os.getpid(),))
    pending: deque[Entry] = deque()
    batch: list[ReadTask] = []

    def submit() -> None:
        if batch:
            future: Future[list[Result]] | None = None
            try:
                future = pool.submit(process_chunk, list(batch), publisher, limits)
            except BrokenProcessPool:
                future = None  # the pool is gone: these files are read here instead
            pending.append((future, list(batch)))
            batch.clear()

    try:
        for item in items:
            if isinstance(item, ReadTask):
                batch.append(item)
                if len(batch) >= CHUNK:
                    submit()
            else:
                submit()  # what came before it must be handed out first
                pending.append(item)
            while pending and (len(pending) > jobs * IN_FLIGHT or _ready(pending[0])):
                yield from _take(pending.popleft(), publisher, limits)
        submit()
        while pending:
            yield from _take(pending.popleft(), publisher, limits)
    finally:
        # Strict mode stops mid-run: drop what has not started rather than finishing it.
        pool.shutdown(wait=True, cancel_futures=True)


def _ready(entry: Entry) -> bool:
    return not isinstance(entry, tuple) or entry[0] is None or entry[0].done()


def _take(entry: Entry, publisher: str | None, limits: Limits) -> Iterator[Result]:
    if not isinstance(entry, tuple):
        yield entry, None
        return
    future, tasks = entry
    try:
        results = future.result() if future is not None else None
    except BrokenProcessPool:  # a worker died (killed, or a result that would not pickle)
        results = None
    # Without a pool the files are read here: slower, but the same outcome as jobs=1.
    yield from results if results is not None else process_chunk(tasks, publisher, limits)


def _context() -> multiprocessing.context.BaseContext:
    """A fork server preloaded with the parsers and the extractor, where the platform has one."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["graph.pipeline_preload"])
    return context


__all__ = ["CHUNK", "SMALL_INPUT", "default_jobs", "outcomes"]
