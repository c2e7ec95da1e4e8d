"""Enqueue a probe task and wait for a worker to answer it."""

from __future__ import annotations

import secrets

from django.core.management.base import BaseCommand, CommandError
from django_q.tasks import async_task, result


class Command(BaseCommand):
    help = "Checks end to end that a django-q2 cluster takes and answers tasks."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=int, default=30, help="seconds to wait")

    def handle(self, *args, **options):
        token = secrets.token_hex(8)
        task_id = async_task("portal.tasks.queue_probe", token, task_name=f"probe-{token}")
        answer = result(task_id, wait=options["timeout"] * 1000)
        if not answer or answer.get("token") != token:
            raise CommandError(
                f"No worker answered within {options['timeout']} s. "
                "Is `manage.py qcluster` running?"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Queue OK: a worker answered on {answer['database']}.")
        )
