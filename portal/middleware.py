"""Site-wide middleware: the chosen language and the security headers."""

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
        response.headers.setdefault("Content-Language", language)
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
