"""Hostile input for the fuzz tests, and the fields of every wizard step."""

from __future__ import annotations

from hypothesis import strategies as st

from applications import kinds

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "<script>alert(1)</script>",
            "'; DROP TABLE applications_application; --",
            "\x00",
            "\u202e",
            "9" * 5000,
            "31.02.2026",
            "-1",
            "1e309",
            "NaN",
            "../../etc/passwd",
            "ДЖ",
            "🙂",
        ]
    ),
)


def field_names(form_class) -> list[str]:
    if hasattr(form_class, "form"):  # a formset: the fields of its first row
        return [f"0-{name}" for name in form_class.form.base_fields]
    return list(form_class.base_fields)


FIELDS = {name: field_names(form_class) for name, (form_class, *_rest) in kinds.all_steps().items()}
