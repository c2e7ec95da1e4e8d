from django.conf import settings


def office(request):
    """The office's name and contact details for the header and footer."""
    return {"office": settings.OFFICE}
