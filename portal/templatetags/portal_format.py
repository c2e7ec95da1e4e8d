from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from portal.markup import escape as _escape

register = template.Library()


@register.filter
def euro(amount: Decimal | None) -> str:
    """An amount in euros in the active language's number format: "1.234,50 €"."""
    if amount is None:
        return ""
    return f"{number_format(amount, 2, force_grouping=True)}\N{NO-BREAK SPACE}€"


@register.filter
def description_list(rows) -> str:
    """Labelled answers (``portal.answers.Row``) as a KERN description list, in one pass.

    The check page shows a hundred answers and more; written here they cost a
    fraction of a template loop. The markup is the loop's, character for character.
    """
    items = "".join(
        '\n      <div class="kern-description-list-item">\n'
        f'        <dt class="kern-description-list-item__key">{_escape(row.label)}</dt>\n'
        f'        <dd class="kern-description-list-item__value">{_escape(row.value)}</dd>\n'
        "      </div>\n      "
        for row in rows
    )
    # Every label and value is escaped above.
    return mark_safe(f'<dl class="kern-description-list">\n      {items}\n    </dl>')  # noqa: S308


def _change_link(url_prefix: str, step, change: str) -> str:
    return (
        f'<a class="kern-link" href="{_escape(url_prefix)}{_escape(step.step)}/?return=check">'
        f'{change}<span class="kern-sr-only">: {_escape(step.title)}</span></a>'
    )


@register.simple_tag
def summary_cards(cards, url_prefix: str) -> str:
    """The check page's cards (``portal.answers.SummaryCard``), in one pass.

    Each card is a section with a heading; a card of one step carries that
    step's change link in its header, a card of several steps one link per
    step. A hundred answers in template loops cost more than the rest of the
    page; the markup is the loops', escaped the same way.
    """
    change = _escape(gettext("Change"))
    # Outside the f-strings: makemessages does not look into them.
    not_answered = _escape(gettext("Not answered (optional):"))
    parts = []
    for number, card in enumerate(cards, start=1):
        only = card.single_step
        heading_level = "h3" if only else "h4"
        parts.append(
            f'<section class="summary-card" aria-labelledby="section-{number}">\n'
            '  <div class="summary-card__header">\n'
            f'    <h2 class="kern-heading-small summary-card__title" id="section-{number}">'
            f"{_escape(card.title)}</h2>\n"
        )
        if only:
            parts.append(f"    {_change_link(url_prefix, only, change)}\n")
        parts.append('  </div>\n  <div class="summary-card__body">\n')
        for step in card.steps:
            if not only:
                parts.append(
                    '  <div class="summary-step__header">\n'
                    f'    <h3 class="kern-body kern-body--bold summary-card__step">'
                    f"{_escape(step.title)}</h3>\n"
                    f"    {_change_link(url_prefix, step, change)}\n  </div>\n"
                )
            if step.rows:
                parts.append(description_list(step.rows))
            for label, rows in step.items:
                parts.append(
                    f'<{heading_level} class="kern-body kern-body--bold summary-card__item">'
                    f"{_escape(label)}</{heading_level}>\n"
                )
                if rows:
                    parts.append(description_list(rows))
        if card.skipped:
            skipped = "; ".join(_escape(label) for label in card.skipped)
            parts.append(
                '  <p class="kern-body summary-card__skipped">'
                f"<strong>{not_answered}</strong> {skipped}</p>\n"
            )
        parts.append("  </div>\n</section>\n")
    # Every text above is escaped; description_list escapes its rows.
    return mark_safe("".join(parts))  # noqa: S308


@register.filter
def cite(text) -> str:
    """A statute citation in the active language's form (portal.citations)."""
    from portal.citations import cite as cite_text

    return cite_text(text)
