"""PDF documents (letters, receipts) from Django templates, with WeasyPrint.

One entry point for templates and one for ready HTML::

    from portal.pdf import render_to_pdf

    pdf_bytes = render_to_pdf("pdf/invitation.html", {"appointment": appointment})

Templates extend ``pdf/base.html`` (A4, DIN 5008 margins, Fira Sans, page
numbers from page 2). The output is a tagged PDF/UA-1 document: the
``<title>`` and the ``lang`` of the template become its title and language.

Resources are never fetched from the network or from arbitrary files: the
URL fetcher serves only static files (``{% static %}``) and ``data:`` URIs;
WeasyPrint skips every other resource with a warning in the log.

WeasyPrint is imported inside the functions: the import takes about half a second
and most processes never render a PDF.

What is the same for every document is prepared once per process: the font
configuration, the parsed stylesheet (the template's ``<style>`` element is
parsed once per distinct text and passed to WeasyPrint as a ready
stylesheet) and the decoded images (the fold marks, a letter's QR code).
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import mimetypes
import os
import re
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base URL that never resolves (RFC 2606 reserves .invalid). Root-relative
# URLs in templates, such as those of {% static %}, resolve against it and
# then reach the URL fetcher, which maps them to files on disk.
BASE_URL = "https://portal.invalid/"

PDF_OPTIONS = {
    # Tagged PDF with title, language and structure tree (PDF/UA-1), for
    # screen readers: public bodies owe accessible documents (BITV 2.0).
    "pdf_variant": "pdf/ua-1",
    # No presentational hints: HTML attributes such as <img width> or <td
    # align> are ignored, and WeasyPrint spares matching their stylesheet
    # against every element (a few per cent of a letter). The templates style
    # everything with CSS (tests/portal/test_pdf.py checks that none uses such
    # an attribute).
}

# One font configuration per process: it holds the fonts of @font-face rules
# (decoded once, in a temporary folder) and Pango's font map. A new one per
# document costs time and grows the process's memory. Pango and Fontconfig
# are not thread-safe, so renders in one process take turns.
_lock = threading.RLock()
_font_config: FontConfiguration | None = None
_font_config_pid: int | None = None

# Parsed stylesheets by the digest of their text, and WeasyPrint's image cache
# (by URL: static files and data: URIs). Both belong to the font configuration
# above (@font-face rules are registered in it when a stylesheet is parsed)
# and start again with it. Templates hold no personal data in their styles or
# images (only static files and constant data URIs), and both stay small; the
# caps only guard against a template that breaks this.
_stylesheets: dict[str, CSS] = {}
_images: dict = {}
_STYLESHEETS_MAX = 64
_IMAGES_MAX = 256
# The template's stylesheet: pdf/base.html writes exactly one <style> element.
_STYLE_ELEMENT = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def font_configuration() -> FontConfiguration:
    """The process's WeasyPrint font configuration, created on first use."""
    global _font_config, _font_config_pid
    from weasyprint.text.fonts import FontConfiguration

    with _lock:
        if _font_config is not None and _font_config_pid != os.getpid():
            # Inherited through fork (a queue worker): the temporary font
            # folder belongs to the parent, which deletes it; this process
            # must neither use nor delete it.
            _font_config._folder = None
            _font_config = None
        if _font_config is None:
            _font_config = FontConfiguration()
            _font_config_pid = os.getpid()
            _stylesheets.clear()
            _images.clear()
        return _font_config


def _font_configuration_release() -> None:
    """At the process's exit: delete the font configuration's temporary folder.

    WeasyPrint deletes it when the configuration is collected; at interpreter
    shutdown that comes too late (its module globals are gone: the folder
    stays behind and Python prints an ignored TypeError).
    """
    global _font_config
    with _lock:
        if _font_config is None or _font_config_pid != os.getpid():
            return
        # The next render makes a new configuration (and starts its caches again).
        folder, _font_config._folder = _font_config._folder, None
        _font_config = None
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


atexit.register(_font_configuration_release)


def render_to_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template (usually extending ``pdf/base.html``) to PDF bytes."""
    return render_html_to_pdf(render_to_string(template_name, context))


def render_html_to_pdf(html: str) -> bytes:
    """Render an HTML document to PDF bytes (tagged PDF/UA-1, static files only)."""
    import weasyprint

    with _lock:
        fonts = font_configuration()
        html, stylesheets = _with_parsed_stylesheet(html, fonts)
        if len(_images) > _IMAGES_MAX:  # between documents only: none is being drawn
            _images.clear()
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher())
        return document.write_pdf(
            font_config=fonts, stylesheets=stylesheets, cache=_images, **PDF_OPTIONS
        )


def _with_parsed_stylesheet(html: str, fonts: FontConfiguration) -> tuple[str, list[CSS]]:
    """The document without its ``<style>`` element, and that stylesheet parsed (once).

    WeasyPrint would parse the element again for every document. Passed as a
    ready stylesheet it applies as a user stylesheet instead of an author one;
    the templates use no presentational HTML attributes and no ``!important``,
    so the cascade, and the output, are the same (tests/portal/test_pdf.py).
    """
    import weasyprint

    found = _STYLE_ELEMENT.search(html)
    if found is None:
        return html, []
    text = found.group(1)
    key = hashlib.sha256(text.encode()).hexdigest()
    stylesheet = _stylesheets.get(key)
    if stylesheet is None:
        if len(_stylesheets) >= _STYLESHEETS_MAX:
            _stylesheets.clear()
        stylesheet = weasyprint.CSS(
            string=text, base_url=BASE_URL, url_fetcher=url_fetcher(), font_config=fonts
        )
        _stylesheets[key] = stylesheet
    return html[: found.start()] + html[found.end() :], [stylesheet]


def url_fetcher() -> URLFetcher:
    """A WeasyPrint URL fetcher that serves static files and ``data:`` URIs, nothing else."""
    # allowed_protocols: should a URL ever reach the standard fetcher, it
    # refuses every scheme but data:.
    return _fetcher_class()(allowed_protocols={"data"}, allow_redirects=False)


@functools.cache
def _fetcher_class() -> type[URLFetcher]:
    from weasyprint.urls import URLFetcher

    class StaticFilesURLFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if url[:5].lower() == "data:":
                # Decoded by urllib's DataHandler: no network, no files.
                return super().fetch(url, headers)
            return _static_file_response(url)

    return StaticFilesURLFetcher


def static_file_path(url: str) -> Path:
    """The file on disk behind a static-file URL, or ValueError for any other URL.

    Only URLs under ``STATIC_URL`` (resolved against ``BASE_URL``) qualify;
    the file is looked up with the static-file finders (source folders and
    the KERN package), then in ``STATIC_ROOT`` (hashed names after
    ``collectstatic``). Dot segments, empty segments and backslashes are
    refused, also percent-encoded.
    """
    prefix = urljoin(BASE_URL, settings.STATIC_URL)
    if not prefix.endswith("/"):
        prefix += "/"
    parts = urlsplit(url)
    base = urlsplit(prefix)
    if (
        parts.scheme.lower() != base.scheme.lower()
        or parts.netloc.lower() != base.netloc.lower()
        or not parts.path.startswith(base.path)
    ):
        raise ValueError(f"Not a static file URL, refused in PDFs: {url[:200]}")
    relative = unquote(parts.path[len(base.path) :])
    segments = relative.split("/")
    if (
        not relative
        or any(segment in {"", ".", ".."} for segment in segments)
        or "\\" in relative
        or "\x00" in relative
    ):
        raise ValueError(f"Invalid static file path, refused in PDFs: {url[:200]}")

    from django.contrib.staticfiles import finders

    found = finders.find(relative)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise ValueError(f"Static file not found: {relative[:200]}")


def _static_file_response(url: str) -> URLFetcherResponse:
    from weasyprint.urls import URLFetcherResponse

    path = static_file_path(url)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(
        url, body=path.read_bytes(), headers={"Content-Type": content_type}, status=200
    )
