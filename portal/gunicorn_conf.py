"""gunicorn's settings for the portal: ``gunicorn -c python:portal.gunicorn_conf``.

Everything else (bind address, number of workers, logging) stays on the
command line of docker-compose.yml and the Dockerfile.
"""

import gc


def post_worker_init(worker):
    """Keep what a worker holds for its whole life out of the garbage collector's way.

    A worker imports Django, the admin and every view and form once and keeps
    them until it exits: about a hundred thousand objects that every full
    collection would walk again, in the middle of whichever request happens
    to trigger it. Once the URLconf is imported (which imports every
    view, form and admin module), they are moved to the permanent generation
    (gc.freeze); collections then walk only what requests create. Garbage of
    the start-up is collected before, so that none of it is kept for good.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    gc.collect()
    gc.freeze()
    worker.log.debug("froze %d objects of the start-up", gc.get_freeze_count())
