"""Shared form fields, validators and the KERN form mixin.

Every message says what is wrong and how to fix it; tests assert against the
constants below.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates as DjangoTemplatesRenderer
from django.utils import formats, timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.markup import escape as _escape

# --- Messages -----------------------------------------------------------------------

REQUIRED = _("This information is required.")
REQUIRED_FIELD = _("Enter “%(label)s”.")
CHOICE_FIELD = _("Select an answer for “%(label)s”.")
NOT_LATIN = _(
    "Write this in Latin letters, as in the machine-readable zone of your passport "
    "(the lines with the « < » signs on the photo page). Letters with accents, "
    "hyphens, apostrophes and spaces are allowed."
)
NOT_LATIN_NAMES = _(
    "Write the names in Latin letters, as in the machine-readable zone of the passport (the "
    "lines with the « < » signs on the photo page). Letters with accents, hyphens, apostrophes, "
    "commas and spaces are allowed."
)
DATE_FORMAT = _("Enter the date as day.month.year, for example 31.01.1990.")
DATE_NO_SUCH_DAY = _(
    "There is no %(typed)s: %(month)s has %(days)d days. Check the day and the month."
)
DATE_NO_SUCH_MONTH = _(
    "There is no month %(month)d: enter the month as a number from 1 to 12, for example 31.01.1990."
)
DATE_NOT_PAST = _("The date cannot be after today.")
DATE_NOT_FUTURE = _("The date must be today or in the future.")
BIRTH_IMPLAUSIBLE = _("Check the date of birth: it must be in the past and after 1900.")
POSTCODE_INVALID = _("Enter a German postcode with 5 digits, for example 90403.")
EMAIL_INVALID = _("Enter an e-mail address in the format name@example.de.")
PHONE_INVALID = _("Enter a phone number with digits only; it may start with + and contain spaces.")
CHOICE_MISSING = _("Select one of the options.")
NUMBER_INVALID = _("Enter a whole number.")
TOO_LONG = _("Use at most %(limit_value)d characters (you used %(show_value)d).")

STATELESS = "XXA"
UNCLEAR = "XXX"

_LATIN_EXTRA = set(" -'’.")


def _latin_only(value: str, extra: set[str], message) -> None:
    text = unicodedata.normalize("NFC", value)
    for character in text:
        if character in extra:
            continue
        if character.isalpha() and unicodedata.name(character, "").startswith("LATIN"):
            continue
        raise ValidationError(message, code="not_latin")


def validate_latin(value: str) -> None:
    """Latin letters with diacritics, hyphen, apostrophe, dot and space (form 002)."""
    _latin_only(value, _LATIN_EXTRA, NOT_LATIN)


def validate_latin_names(value: str) -> None:
    """A surname and given names in one field ("Yılmaz, Mehmet"): ``validate_latin`` and commas.

    Still no digits, control characters or markup (``<``, ``>``, ``&``).
    """
    _latin_only(value, _LATIN_EXTRA | {","}, NOT_LATIN_NAMES)


def validate_postcode(value: str) -> None:
    if not re.fullmatch(r"\d{5}", value):
        raise ValidationError(POSTCODE_INVALID, code="postcode")


def validate_phone(value: str) -> None:
    if not re.fullmatch(r"\+?[0-9][0-9 ()/-]{3,30}", value):
        raise ValidationError(PHONE_INVALID, code="phone")


# Names of django-countries (ISO 3166, English) whose German in its catalogue is
# misspelt or outdated; translated in this project's catalogue (LOCALE_PATHS comes
# first) to the official short form of the Auswärtiges Amt's "Verzeichnis der
# Staatennamen für den amtlichen Gebrauch in der Bundesrepublik Deutschland" /
# its "Länderverzeichnis": Kiribati, Grenada, Eswatini (since 2018, not
# Swasiland), Mosambik, Saudi-Arabien, Papua-Neuguinea, Färöer, Hongkong,
# Cabo Verde (since 2014, not Kap Verde). Extracted by makemessages from here.
CORRECTED_COUNTRY_NAMES = {
    "KI": gettext_noop("Kiribati"),
    "GD": gettext_noop("Grenada"),
    "SZ": gettext_noop("Eswatini"),
    "MZ": gettext_noop("Mozambique"),
    "SA": gettext_noop("Saudi Arabia"),
    "PG": gettext_noop("Papua New Guinea"),
    "FO": gettext_noop("Faroe Islands"),
    "HK": gettext_noop("Hong Kong"),
    "CV": gettext_noop("Cabo Verde"),
}

# Country lists by (language, with_unclear, blank): built once per language
# and process, never changed (the same for everyone).
_COUNTRY_CHOICES: dict[tuple, tuple[tuple[str, str], ...]] = {}


def country_choices(
    *, with_unclear: bool = False, blank: bool = True
) -> tuple[tuple[str, str], ...]:
    """ISO 3166 countries with names in the active language (django-countries)."""
    key = (get_language(), with_unclear, blank)
    choices = _COUNTRY_CHOICES.get(key)
    if choices is None:
        listed = [("", str(_("Please select")))] if blank else []
        listed += [(country.code, str(country.name)) for country in countries]
        if with_unclear:
            listed += [(STATELESS, str(_("Stateless"))), (UNCLEAR, str(_("Unclear")))]
        choices = _COUNTRY_CHOICES[key] = tuple(listed)
    return choices


def nationality_label(code: str) -> str:
    if code == STATELESS:
        return str(_("Stateless"))
    if code == UNCLEAR:
        return str(_("Unclear"))
    return str(dict(countries).get(code, code))


# --- Widgets --------------------------------------------------------------------------


class Select(forms.Select):
    """A select list rendered in one pass.

    Django renders each option through its own template include (two with
    the attributes): 500 includes for a country list. Here the options are
    joined in Python, escaped, with the same markup. Grouped choices
    (``<optgroup>``) and multiple selection use Django's templates.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Through iter(): list() would ask a ModelChoiceIterator its len(), a COUNT query.
        choices = list(iter(self.choices))
        grouped = any(isinstance(label, list | tuple) for _value, label in choices)
        if grouped or self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        selected = self.format_value(value)
        parts = [
            f'<select name="{_escape(name)}"{_attributes(self.build_attrs(self.attrs, attrs))}>'
        ]
        found = False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            chosen = not found and option_value in selected
            found = found or chosen
            parts.append(
                f'\n  <option value="{_escape(option_value)}"{" selected" if chosen else ""}>'
                f"{_escape(label)}</option>\n"
            )
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped)


class ShortListChoiceIterator(ModelChoiceIterator):
    """The choices of a short list of rows, read with one SELECT.

    Django's iterator reads the rows through ``QuerySet.iterator()``, which on
    PostgreSQL opens a server-side cursor: DECLARE, FETCH and CLOSE, three round
    trips more than the one statement (about 3 ms of the worklist's action bar).
    Here the field's queryset is read once and its rows kept for the form's life;
    validation still asks the database (``queryset.get``).
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ShortListChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` for a list of a few rows (locations, say): one query."""

    iterator = ShortListChoiceIterator


# Django's widget templates that are just input.html: <input> with its attributes.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "text", "email", "number", "password", "url", "hidden", "date", "datetime",
        "time", "search", "tel", "color", "checkbox", "file",
    )
)  # fmt: skip


def _attributes(attrs: dict) -> str:
    """Django's ``attrs.html``: in order; False leaves one out, True writes its name only."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """Django's ``input.html``."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_escape(value)}"'
    return (
        f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"{shown}'
        f"{_attributes(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    """Django's ``textarea.html``."""
    value = widget["value"]
    return (
        f'<textarea name="{_escape(widget["name"])}"{_attributes(widget["attrs"])}>\n'
        f"{_escape(value) if value else ''}</textarea>"
    )


class FormRenderer(DjangoTemplatesRenderer):
    """Django's form renderer, with the plain ``<input>`` and ``<textarea>`` written in Python.

    Each input costs Django two template includes (the widget's and its
    attributes'); these widgets are written here with the same markup (see
    tests/portal/test_select.py). Every other template is Django's.
    """

    def render(self, template_name, context, request=None):
        if template_name in _INPUT_TEMPLATES:
            return mark_safe(_input(context["widget"]))  # noqa: S308 (escaped in _input)
        if template_name == "django/forms/widgets/textarea.html":
            return mark_safe(_textarea(context["widget"]))  # noqa: S308 (escaped in _textarea)
        return super().render(template_name, context, request)


class _CountryChoices(BaseChoiceIterator):
    """The country list of the active language, when iterated (``country_choices``)."""

    def __init__(self, *, with_unclear: bool):
        self.with_unclear = with_unclear

    def __iter__(self):
        return iter(country_choices(with_unclear=self.with_unclear))


# --- Fields ---------------------------------------------------------------------------


class TextField(forms.CharField):
    """Text with the portal's messages, stripped, with a sane maximum length."""

    def __init__(self, *, max_length: int = 100, latin: bool | str = False, **kwargs):
        """``latin=True``: ``validate_latin``; ``latin="names"``: ``validate_latin_names``."""
        validators = list(kwargs.pop("validators", []))
        if latin == "names":
            validators.append(validate_latin_names)
        elif latin:
            validators.append(validate_latin)
        kwargs.setdefault("error_messages", {"required": REQUIRED})
        super().__init__(max_length=max_length, validators=validators, **kwargs)
        for validator in self.validators:
            if getattr(validator, "code", None) == "max_length":
                validator.message = TOO_LONG


def past_example(today: date) -> date:
    return date(1990, 1, 31)


def future_example(today: date) -> date:
    """31 January of the year after next: ahead of today whatever the day of the year."""
    return date(today.year + 2, 1, 31)


def date_example(example, today: date | None = None) -> str:
    """The example of a date hint as day.month.year: the 31st shows which number is the day."""
    return example(today or timezone.localdate()).strftime("%d.%m.%Y")


def _date_hint(text, example) -> str:
    sentence = gettext("For example %(date)s") % {"date": date_example(example)}
    return f"{text} {sentence}" if text else sentence


# Lazy: the language and the date of the request, not those of the import.
date_hint = lazy(_date_hint, str)


class DateField(forms.DateField):
    """A date typed as day.month.year (also accepts the ISO form).

    ``past``: today or earlier (someone who entered today applies "unverzüglich nach
    der Einreise", seed 001, on that day); ``future``: today or later.
    Its hint is ``hint`` followed by an example date: one ahead of today for a date that
    lies ahead (``future``, or ``expiry`` for an expiry date that may have passed already),
    31.01.1990 otherwise; ``example`` (today -> date) chooses another.
    """

    input_formats = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y"]

    def __init__(
        self,
        *,
        past: bool = False,
        future: bool = False,
        birth: bool = False,
        expiry: bool = False,
        hint=None,
        example=None,
        **kw,
    ):
        kw.setdefault("error_messages", {"required": REQUIRED, "invalid": DATE_FORMAT})
        if example is None:
            example = future_example if (future or expiry) else past_example
        kw.setdefault("help_text", date_hint(hint, example))
        kw.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "class": "kern-form-input__input input--date"}
            ),
        )
        super().__init__(**kw)
        self.past, self.future, self.birth, self.expiry = past, future, birth, expiry
        self.widget.format = "%d.%m.%Y"

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise impossible_date_error(value) or error from None

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        today = timezone.localdate()
        if self.birth and not (date(1900, 1, 1) <= value < today):
            raise ValidationError(BIRTH_IMPLAUSIBLE, code="birth")
        if self.past and value > today:
            raise ValidationError(DATE_NOT_PAST, code="not_past")
        if self.future and value < today:
            raise ValidationError(DATE_NOT_FUTURE, code="not_future")

    def prepare_value(self, value):
        if isinstance(value, date | datetime):
            return value.strftime("%d.%m.%Y")
        return value


# A date typed in the right form (day.month.year) whose day or month does not exist.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def impossible_date_error(value) -> ValidationError | None:
    """The error for day.month.year in the right form but not in the calendar; else None.

    "31.02.2020" is typed correctly, so "enter the date as day.month.year" would
    be wrong: the message says that the day does not exist (or the month).
    """
    match = _DAY_MONTH_YEAR.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return ValidationError(DATE_NO_SUCH_MONTH, code="no_such_month", params={"month": month})
    if year < 1:
        return None
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return ValidationError(
            DATE_NO_SUCH_DAY,
            code="no_such_day",
            params={
                "typed": value,
                "month": formats.date_format(date(year, month, 1), "YEAR_MONTH_FORMAT"),
                "days": days,
            },
        )
    return None


class ChoiceField(forms.ChoiceField):
    def __init__(self, *, radio: bool = True, **kwargs):
        kwargs.setdefault(
            "error_messages", {"required": CHOICE_MISSING, "invalid_choice": CHOICE_MISSING}
        )
        kwargs.setdefault("widget", forms.RadioSelect if radio else Select)
        super().__init__(**kwargs)


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"required": CHOICE_MISSING, "invalid_choice": CHOICE_MISSING}
        )
        super().__init__(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect,
            **kwargs,
        )

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


class CountryField(ChoiceField):
    def __init__(self, *, with_unclear: bool = False, **kwargs):
        super().__init__(radio=False, choices=(), **kwargs)
        # Evaluated when iterated, in the language of the request; the lists
        # are built once per language.
        self.choices = _CountryChoices(with_unclear=with_unclear)


class PostcodeField(TextField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "postal-code",
                    "class": "kern-form-input__input input--postcode",
                }
            ),
        )
        super().__init__(max_length=5, validators=[validate_postcode], **kwargs)
        self.error_messages["max_length"] = POSTCODE_INVALID


def name_the_field_in_its_messages(field) -> None:
    """Make "required" messages say which field, so the error summary is specific."""
    label = field.label
    if not label:
        return
    required = field.error_messages.get("required")
    # Django's own "This field is required.", in whatever language is active.
    djangos = forms.Field.default_error_messages["required"]
    if required in (REQUIRED, None) or str(required) == str(djangos):
        message = REQUIRED_FIELD
    elif required == CHOICE_MISSING:
        message = CHOICE_FIELD
    else:
        return
    field.error_messages["required"] = format_lazy("{}", _Labelled(message, label))


class _Labelled:
    """A lazily translated message with the (lazily translated) field label in it."""

    def __init__(self, message, label):
        self.message, self.label = message, label

    def __str__(self) -> str:
        return str(self.message) % {"label": str(self.label).rstrip("?:")}


# --- The KERN mixin -----------------------------------------------------------------


class KernForm(forms.Form):
    """A form that renders with the KERN UX classes (see templates/portal/forms/)."""

    required_css_class = ""
    # Shown above the fields; a step's question is its page heading.
    intro: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_the_field_in_its_messages(field)
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "kern-form-check__checkbox")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "kern-form-input__select")
            else:
                widget.attrs.setdefault("class", "kern-form-input__input")


class KernFormSet(forms.BaseFormSet):
    """A repeating group without the paper's limits ("add another" without JavaScript)."""

    item_label = _("Entry %(number)s")
    add_label = _("Add another entry")
    min_message = _("Enter at least one entry.")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_class", forms.utils.ErrorList)
        super().__init__(*args, **kwargs)
        self.form_kwargs.setdefault("use_required_attribute", False)

    def clean(self):
        if any(self.errors):
            return
        filled = [
            form for form in self.forms if form.has_changed() and not self._should_delete_form(form)
        ]
        if len(filled) < self.min_num:
            raise ValidationError(self.min_message, code="too_few")

    def item_labels(self):
        return [self.item_label % {"number": index + 1} for index in range(len(self.forms))]

    def rows(self):
        return list(zip(self.item_labels(), self.forms, strict=True))


def kern_formset(form_class, *, item_label, add_label, min_message, max_num=100):
    """A formset class for a repeating group with at least one entry."""
    return forms.formset_factory(
        form_class,
        formset=type(
            f"{form_class.__name__}Set",
            (KernFormSet,),
            {"item_label": item_label, "add_label": add_label, "min_message": min_message},
        ),
        extra=0,
        min_num=1,
        max_num=max_num,
        absolute_max=max_num,
        can_delete=True,
        validate_max=True,
    )
