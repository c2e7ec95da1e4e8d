from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(amount: Decimal | None) -> str:
    """An amount in euros in the active language's number format: "1.234,50 €"."""
    if amount is None:
        return ""
    return f"{number_format(amount, 2, force_grouping=True)}\N{NO-BREAK SPACE}€"
