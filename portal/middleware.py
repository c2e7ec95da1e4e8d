"""Site-wide middleware: the chosen language, the security headers, the resume-code cookie."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Activate the language the person chose with the switcher, else German.

    Django's LocaleMiddleware would also guess from the browser's
    Accept-Language header. The portal does not guess: German is the
    language of the procedure, English is there for who asks for it, and a
    shared computer must not change the language of the next person.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        # A view may have switched the language (portal/language_switch.py).
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class SecurityHeadersMiddleware:
    """Headers that Django's SecurityMiddleware does not set.

    - Permissions-Policy switches off browser features the portal never uses.
    - Pages are personal or may become so (drafts, receipts): unless a view
      sets its own caching, nothing dynamic is stored by browsers or proxies.
      Static files are served by WhiteNoise before this runs and keep their
      long cache lifetime.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class ResumeCodeCookieMiddleware:
    """Writes the browser's resume-code cookie after a view made, resumed or forgot a draft.

    The code never reaches the session or any table (portal/drafts.py); this
    browser keeps it, encrypted, to show it again on the next pages.
    """

    def __init__(self, get_response):
        from . import drafts  # models: only once the apps are loaded

        self.get_response = get_response
        self.update = drafts.resume_cookie_update

    def __call__(self, request):
        response = self.get_response(request)
        self.update(request, response)
        return response
