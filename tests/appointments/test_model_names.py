"""What staff read as the name of an appointment, a batch, a reprint or a letter
(admin titles, breadcrumbs, select options): local time, German dates, no codes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import translation

from appointments.models import (
    Appointment,
    InvitationLetter,
    LetterKind,
    PrintBatch,
    PrintReprint,
    ReprintReason,
)

# 07:00 UTC is 08:00 in Nuremberg in winter, 09:00 in summer.
WINTER = datetime(2026, 12, 14, 7, 0, tzinfo=UTC)
SUMMER = datetime(2026, 6, 8, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("instance", "german", "english"),
    [
        (Appointment(starts_at=WINTER, desk=2), "14.12.2026 08:00, Platz 2", "desk 2"),
        (Appointment(starts_at=SUMMER, desk=1), "08.06.2026 09:00, Platz 1", "desk 1"),
        (PrintBatch(created_at=WINTER, count=3), "14.12.2026 08:00 (3)", "(3)"),
        (
            PrintReprint(created_at=WINTER, reason=ReprintReason.PRINTER_FAULT),
            "14.12.2026 08:00 (",
            "(Printer fault or paper jam)",
        ),
        (
            InvitationLetter(
                created_at=datetime(2026, 12, 6, 23, 30, tzinfo=UTC), kind=LetterKind.INVITATION
            ),
            "07.12.2026",
            "07.12.2026",
        ),
    ],
)
def test_names_are_in_local_time_and_words(instance, german, english):
    with translation.override("de"):
        assert german in str(instance)
        assert "printer_fault" not in str(instance)
    with translation.override("en"):
        assert english in str(instance)
