"""What the upload pages say about the virus scan (issue 16, item 7)."""

from django import template
from django.conf import settings

from portal import virus_scan

register = template.Library()


@register.simple_tag
def uploads_unscanned() -> bool:
    """True in demo mode (``make run``) without a scanner: the upload pages must say so.

    Production without ``CLAMD_ADDRESS`` is a configuration error that
    ``check --deploy`` reports (portal/checks.py); demo mode is where people try
    the portal with whatever file is at hand.
    """
    return bool(settings.DEMO_MODE) and not virus_scan.enabled()
