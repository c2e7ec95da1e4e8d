"""Which app removes which personal files: a registry the apps fill (issue 16, item 4).

Retention must remove every file a request or a draft left, in every app
(SECURITY-BAR line 26): uploads, receipts and letters of the applications app,
invitation letters and print batches of the appointments app, and whatever an
app adds later. The retention job (portal/site/retention.py) cannot know them all
and must not import the apps, so each app that stores such files declares in
its ``AppConfig.ready()`` how they are removed::

    personal_files.register(
        app="appointments",
        request_files=retention.request_files_release,
        settle=retention.print_batches_settle,
    )

- ``request_files(*, application_id)``: runs inside the retention job's
  transaction, with the request's row locked. It detaches the request's files
  from the app's rows (deletes the rows or blanks the file fields) and returns
  the storage names, which the job deletes once the transaction has committed,
  so that a crash never leaves a row pointing at nothing.
- ``draft_files(*, draft_ids)``: the same for drafts about to be deleted.
- ``settle()``: runs after the job's transactions, for files that mix several
  requests (a print batch holds the letters of many); idempotent, so that a
  run that fails half-way is finished by the next daily run.

This module is at the ground layer: it imports no app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FileHooks:
    app: str
    request_files: Callable[..., list[str]]
    draft_files: Callable[..., list[str]] | None = None
    settle: Callable[[], object] | None = None


_HOOKS: dict[str, FileHooks] = {}


def register(
    *,
    app: str,
    request_files: Callable[..., list[str]],
    draft_files: Callable[..., list[str]] | None = None,
    settle: Callable[[], object] | None = None,
) -> None:
    """Declare how ``app`` removes its files (once per app; ``ready()`` may run again)."""
    _HOOKS[app] = FileHooks(
        app=app, request_files=request_files, draft_files=draft_files, settle=settle
    )


def registered() -> tuple[FileHooks, ...]:
    return tuple(_HOOKS.values())


def release_request_files(*, application_id: int) -> list[str]:
    """Every app's files of one request, detached from their rows (in the caller's transaction)."""
    names: list[str] = []
    for hooks in registered():
        names += hooks.request_files(application_id=application_id)
    return [name for name in names if name]


def release_draft_files(*, draft_ids: Iterable) -> list[str]:
    """Every app's files of these drafts, detached from their rows (in the caller's transaction)."""
    draft_ids = list(draft_ids)
    names: list[str] = []
    for hooks in registered():
        if hooks.draft_files is not None:
            names += hooks.draft_files(draft_ids=draft_ids)
    return [name for name in names if name]


def settle() -> None:
    """Each app's work after the retention job's transactions (shared files made again)."""
    for hooks in registered():
        if hooks.settle is not None:
            hooks.settle()
