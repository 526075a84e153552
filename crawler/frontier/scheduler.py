"""scrapy-redis' scheduler, fixed for a crawl that several workers share and end together.

scrapy-redis 0.9 alone would: block the reactor in BRPOP while idle
(SCHEDULER_IDLE_BEFORE_CLOSE > 0), close a worker as soon as the shared queue is empty
even though another worker is still parsing a page that will add links, and flush the
shared queue and fingerprints when any worker closes (SCHEDULER_PERSIST = False). Here
the pop never blocks, a worker counts as busy from its first pop until its engine is idle
(``busy`` set, see presence.py), and nothing is flushed on close: the coordinator deletes the keys.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Request
from scrapy_redis.scheduler import Scheduler
from siteaudit.crawler.frontier.presence import WorkerPresence


# ignore: scrapy-redis ships no type information: its Scheduler is Any
class SharedScheduler(Scheduler):  # type: ignore[misc]
    """Shared priority queue and duplicate filter; busy/idle kept by the spider's presence."""

    presence: WorkerPresence

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedScheduler:
        scheduler: SharedScheduler = super().from_crawler(crawler)
        scheduler.persist = True  # never flush what other workers still use
        scheduler.idle_before_close = 0  # a blocking pop would freeze the reactor
        return scheduler

    def open(self, spider: Any) -> None:
        super().open(spider)
        self.presence = spider.presence
        # Busy from the start: a worker seeding the start URLs must not look finished.
        self.presence.mark_busy()
        self.server.sadd(self.presence.keys.key("workers"), self.presence.name)

    def close(self, reason: str) -> None:
        self.presence.mark_idle()

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        # Mark busy BEFORE popping: whenever a request is out of the queue, some worker
        # in the busy set has it, so "queue empty and nobody busy" means done. An idle
        # worker polling an empty queue stays out of the set.
        if not self.presence.busy and not len(self.queue):
            return None
        self.presence.mark_busy()
        request: Request | None = self.queue.pop(0)
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
