"""The health check: is the database reachable, is a queue cluster alive?

Pure reads, no writes, so a load balancer may call it as often as it likes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueState:
    clusters: int
    queued: int
    oldest_queued_seconds: int | None
    error: str | None = None

    @property
    def healthy(self) -> bool:
        return self.error is None and self.clusters > 0


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return False


def queue_state() -> QueueState:
    """Clusters that reported in the last seconds, and the backlog of the broker.

    django-q2 clusters save their status every half second with a lifetime of
    three seconds: with the ORM broker to the cache, which is in the
    database, with the Redis broker (Q_BROKER_URL) to Redis; either way every
    web process sees every worker. A Redis queue keeps no time of entry, so
    there the age of the oldest task is unknown (None).
    """
    from django_q.brokers import get_broker
    from django_q.conf import Conf
    from django_q.models import OrmQ
    from django_q.status import Stat

    try:
        clusters = len(Stat.get_all())
        if Conf.ORM:
            queued = OrmQ.objects.count()
            oldest = OrmQ.objects.order_by("id").values_list("lock", flat=True).first()
        else:
            queued, oldest = int(get_broker().queue_size() or 0), None
    except DatabaseError:
        logger.exception("health check: queue state unreadable")
        return QueueState(clusters=0, queued=0, oldest_queued_seconds=None, error="unreadable")
    except RedisError as error:  # the Redis broker (Q_BROKER_URL) is down or refuses us
        logger.warning("health check: queue broker unreachable error=%s", type(error).__name__)
        return QueueState(clusters=0, queued=0, oldest_queued_seconds=None, error="unreachable")
    age = None
    if oldest is not None:
        age = max(0, int((timezone.now() - oldest).total_seconds()))
    return QueueState(clusters=clusters, queued=queued, oldest_queued_seconds=age)
