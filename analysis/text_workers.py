"""The shared text pass spread over worker processes, one contiguous URL range each.

Reading, tokenising and hashing pages is independent from page to page, so on a large site
each worker takes one range of URLs. The three steps need the whole site in between (the
template blocks, then the stock shingles), so each worker answers over a pipe after each step
and keeps its state (the content blocks' keys) for the next one.

Workers are forked: they inherit the loaded modules and Python's hash seed (block keys are
``hash`` values, so they must agree with the parent's), and the loaded pages, shared with the
parent until either process writes to them. The collector is frozen over the pass: a full
collection writes to every object it walks, and copied the pages into each process (at
1,000,000 pages only ~400 MB of the parent's ~1.1 GB stayed shared). Forking a process that
runs other threads can deadlock the child, so a process with more than one thread (the web
service) scans in-process instead.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

import numpy as np
from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.glossary import load_glossary
from siteaudit.analysis.page_scan import RangeScan, ScanPart
from siteaudit.analysis.shingles import StockShingles, sample_counts
from siteaudit.analysis.stock_text import stock_threshold
from siteaudit.analysis.template_blocks import BlockCounter, TemplateBlocks

from siteaudit.store import Store, StoreError

MIN_PAGES_PER_WORKER = 2500  # below this, starting a process costs more than it saves
MAX_WORKERS = 4


class TextWorkerError(RuntimeError):
    """A worker of the text pass failed; the message holds its traceback."""


def worker_count(pages: int) -> int:
    """How many processes pay off for ``pages`` pages here (1: scan in this process)."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    if multiprocessing.current_process().daemon:
        return 1  # a daemonic process may not start processes
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, MAX_WORKERS, pages // MIN_PAGES_PER_WORKER))


class ParallelScan:
    """Workers scanning one contiguous URL range each; ``start`` runs the first two steps.

    The parts are read one at a time (``parts``), so the parent holds one worker's results
    while it merges them, not all of them at once.
    """

    def __init__(self, data: AuditData, options: AnalysisOptions, workers: int) -> None:
        self.data = data
        self.options = options
        self.workers = workers
        self.links: list[Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        self._froze = False

    def start(self, urls: list[str], sample: list[str]) -> tuple[TemplateBlocks, StockShingles]:
        """Fork the workers; find the template blocks and the stock shingles with them."""
        size = -(-len(urls) // self.workers)
        ranges = [urls[i : i + size] for i in range(0, len(urls), size)]
        context = multiprocessing.get_context("fork")
        if not gc.get_freeze_count():  # frozen by our caller: theirs to undo
            gc.freeze()
            self._froze = True
        for chunk in ranges:
            ours, theirs = context.Pipe()
            process = context.Process(
                target=_work,
                args=(theirs, self.data.store.url, self.data.crawl_id, chunk, self.options),
                daemon=True,
            )
            process.start()
            theirs.close()
            self.links.append(ours)
            self.processes.append(process)
        counter = BlockCounter()
        for link in self.links:
            counter.merge(_receive(link))
        template = counter.template(self.options)
        wanted = set(sample)
        for link, chunk in zip(self.links, ranges, strict=True):
            link.send((template, [u for u in chunk if u in wanted]))
        values, counts = _add_counts([_receive(link) for link in self.links])
        stock = StockShingles.from_counts(values, counts, stock_threshold(len(urls), len(sample)))
        for link in self.links:
            link.send(stock)
        return template, stock

    def parts(self) -> Iterator[ScanPart]:
        """Each worker's results, in URL order."""
        for link in self.links:
            yield _receive(link)
        for process in self.processes:
            process.join()
        self._thaw()

    def close(self) -> None:
        """Stop whatever still runs (after an error)."""
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for link in self.links:
            link.close()
        self._thaw()

    def _thaw(self) -> None:
        if self._froze:
            gc.unfreeze()
            self._froze = False


def _add_counts(found: list[Any]) -> Any:
    if not found:
        return sample_counts([])
    values = np.concatenate([v for v, _ in found])
    counts = np.concatenate([c for _, c in found])
    unique, where = np.unique(values, return_inverse=True)
    return unique, np.bincount(where, weights=counts, minlength=len(unique)).astype(np.int64)


def _receive(link: Connection) -> Any:
    try:
        kind, payload = link.recv()
        if kind == "ok-buffers":
            return _receive_buffers(link, payload)
    except EOFError:
        raise TextWorkerError("a worker of the text pass stopped without an answer") from None
    if kind == "store-error":
        raise payload  # a damaged store: the same one-line error as in one process
    if kind == "error":
        raise TextWorkerError(f"a worker of the text pass failed:\n{payload}")
    return payload


def _send_buffers(link: Connection, payload: object) -> None:
    """Send ``payload`` with its arrays out of band (pickle protocol 5): the receiver reads
    each straight into the memory its array keeps, not into a message it then copies, which
    held a worker's part twice (~250 MB at 100,000 pages)."""
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps(payload, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    link.send(("ok-buffers", [raw.nbytes for raw in raws]))
    link.send_bytes(head)
    for raw in raws:
        link.send_bytes(raw)


def _receive_buffers(link: Connection, sizes: list[int]) -> Any:
    head = link.recv_bytes()
    buffers = []
    for size in sizes:
        buffer = bytearray(size)
        link.recv_bytes_into(buffer)
        buffers.append(buffer)
    return pickle.loads(head, buffers=buffers)


def _work(
    link: Connection, target: object, crawl_id: int, urls: list[str], options: AnalysisOptions
) -> None:
    """A worker: count the blocks, sample the shingles, scan; answer after each step."""
    try:
        # Its own connection: the parent's, inherited by the fork, must not be touched.
        # ignore: the worker receives the store's location as sent by the parent
        store = Store(target, create=False)  # type: ignore[arg-type]
        glossary = load_glossary(options.glossary) if options.glossary else None
        scan = RangeScan(store, crawl_id, urls, options, glossary)
        link.send(("ok", scan.count_blocks()))
        template, sample = link.recv()
        link.send(("ok", scan.sample(template, sample)))
        stock = link.recv()
        _send_buffers(link, scan.scan(template, stock))
    except StoreError as exc:
        link.send(("store-error", exc))
    except BaseException:
        link.send(("error", traceback.format_exc()))
    finally:
        link.close()
