"""Virus scanning of uploads with ClamAV's daemon, clamd (SECURITY-BAR line 17).

Off unless ``CLAMD_ADDRESS`` is set. When it is, every file that passed the
content checks is streamed to clamd (the INSTREAM command, through the
``clamav-client`` package) before it is stored, and it is stored only when
clamd answers ``OK``. The scan fails closed: when clamd cannot be reached,
takes longer than ``CLAMD_TIMEOUT`` seconds, refuses the stream (its
``StreamMaxLength`` must be larger than the upload limit) or answers anything
else, ``ScannerUnavailable`` is raised and the upload is refused.

``CLAMD_ADDRESS`` is a Unix socket (``/run/clamav/clamd.ctl`` or
``unix:///run/clamav/clamd.ctl``) or a TCP address (``clamav:3310``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

UNIX_SCHEME = "unix://"
TCP_SCHEME = "tcp://"
PING_TIMEOUT_SECONDS = 2


class ScannerUnavailable(Exception):
    """clamd is configured but gave no verdict; the file must not be stored."""


@dataclass(frozen=True)
class Endpoint:
    unix_path: str = ""
    host: str = ""
    port: int = 0


def endpoint_from_address(address: str) -> Endpoint:
    """Where clamd listens, from ``CLAMD_ADDRESS``; ``ImproperlyConfigured`` when unclear."""
    address = address.strip()
    if address.startswith(UNIX_SCHEME):
        address = address.removeprefix(UNIX_SCHEME)
        if address.startswith("/"):
            return Endpoint(unix_path=address)
    elif address.startswith("/"):
        return Endpoint(unix_path=address)
    else:
        host, colon, port = address.removeprefix(TCP_SCHEME).rpartition(":")
        if colon and host and port.isdigit() and 0 < int(port) < 65536:
            return Endpoint(host=host.strip("[]"), port=int(port))
    raise ImproperlyConfigured(
        "CLAMD_ADDRESS must be an absolute socket path (/run/clamav/clamd.ctl) "
        f"or host:port (clamav:3310), not {address!r}."
    )


def enabled() -> bool:
    return bool(settings.CLAMD_ADDRESS)


def _configured_client(timeout: float):
    endpoint = endpoint_from_address(settings.CLAMD_ADDRESS)
    if endpoint.unix_path:
        return ClamdUnixSocket(path=endpoint.unix_path, timeout=timeout)
    return ClamdNetworkSocket(host=endpoint.host, port=endpoint.port, timeout=timeout)


def malware_in(data: bytes) -> str | None:
    """The name clamd gives the malware in ``data``, or None when the file is clean.

    Raises ``ScannerUnavailable`` when there is no clear verdict. The
    exception's message names the problem, never the file's content.
    """
    client = _configured_client(settings.CLAMD_TIMEOUT)
    try:
        report = client.instream(io.BytesIO(data))
    except (ClamdError, OSError) as exc:
        raise ScannerUnavailable(f"clamd gave no verdict: {type(exc).__name__}") from exc
    state, signature = report.get("stream", (None, None))
    if state == "OK":
        return None
    if state == "FOUND":
        return signature or "unnamed"
    raise ScannerUnavailable(f"clamd answered {state!r}")


def ping() -> bool:
    """True when clamd answers PONG within two seconds (for the health check)."""
    client = _configured_client(min(settings.CLAMD_TIMEOUT, PING_TIMEOUT_SECONDS))
    try:
        return client.ping() == "PONG"
    except (ClamdError, OSError):
        return False
