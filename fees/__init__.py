"""The fee module: the published charges behind one ``quote()`` API.

from fees import quote, Quote, FeeError
q = quote("residence_permit.renewal", on=date(2026, 11, 22),
          valid_from=date(2026, 12, 1), valid_until=date(2027, 2, 28))
q.total   # Decimal("96.00"), or None when the fee is set individually
q.items   # line items with .label, .amount (Decimal) and .legal_basis
"""

from .rules import SERVICES, FeeError, LineItem, Quote, paid_with_the_application, quote
from .schedule import EXEMPTIONS

__all__ = [
    "EXEMPTIONS",
    "SERVICES",
    "FeeError",
    "LineItem",
    "Quote",
    "paid_with_the_application",
    "quote",
]
