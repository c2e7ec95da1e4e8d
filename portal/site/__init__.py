"""The site: what stands on top of every app.

The URL configuration, the start page and the service catalogue, the
information, error and Leichte Sprache pages, the DEBUG letter previews, the
demo data, and the jobs that call every app (retention). Only this package
imports the apps; the rest of ``portal/`` is the ground every app stands on
and imports none of them (``make test`` checks both with import-linter).
"""
