"""The caseworker's request page, as data: summary, checklist files, answers, history.

Reads only (each function a fixed number of queries); the admin
(applications.admin) renders them. Everything is in human words: country
names, purposes, documents by name, effects in sentences, money in the
language's format; special categories only for roles that may see them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from portal.answers import NOT_GIVEN, summarise_answers
from portal.models import AuditEvent
from portal.templatetags.portal_format import euro

from . import conditions, family_rules, kinds, rules
from .constants import SPECIAL_CATEGORY_SECTIONS, Status
from .kinds import stored_steps
from .models import Application, FictionEffect
from .services import family_period

SPECIAL_PERMISSION = "applications.view_special_categories"

EFFECT_TEXTS = {
    rules.EFFECT_TITLE_CONTINUES: gettext_lazy(
        "the previous residence title continues until the decision (§ 81 (4) sentence 1 AufenthG)"
    ),
    rules.EFFECT_STAY_PERMITTED: gettext_lazy(
        "the stay is deemed permitted until the decision (§ 81 (3) sentence 1 AufenthG)"
    ),
    rules.EFFECT_DEPORTATION_SUSPENDED: gettext_lazy(
        "deportation is deemed suspended until the decision (§ 81 (3) sentence 2 AufenthG)"
    ),
    rules.EFFECT_NONE: gettext_lazy("no effect of § 81 AufenthG on the stay"),
}
BINDING_TEXTS = {
    family_rules.BINDING_GERMAN_FAMILY: gettext_lazy("three years for family members of Germans"),
    family_rules.BINDING_SPOUSE: gettext_lazy("two years for spouses of foreigners"),
    family_rules.BINDING_SPONSOR_TITLE: gettext_lazy("the sponsor's residence title"),
    family_rules.BINDING_CHILD_16: gettext_lazy("the child's 16th birthday"),
    family_rules.BINDING_PASSPORT: gettext_lazy("the passport's validity"),
}


def may_see_special(user) -> bool:
    return bool(user.has_perm(SPECIAL_PERMISSION))


def country_name(code: str) -> str:
    return str(dict(countries).get(code, code)) if code else "–"


@dataclass
class Urgency:
    """How soon the current residence title expires (the request list's order)."""

    until: date | None
    days: int | None
    level: str  # "expired", "soon" (30 days), "near" (90 days), "later", "none"

    @property
    def text(self) -> str:
        if self.until is None:
            return _("no current title")
        when = self.until.strftime("%d.%m.%Y")
        if self.days < 0:
            return _("expired on %(date)s") % {"date": when}
        if self.days == 0:
            return _("expires today (%(date)s)") % {"date": when}
        return _("expires in %(days)d days (%(date)s)") % {"days": self.days, "date": when}


def urgency(until: date | None, *, today: date | None = None) -> Urgency:
    """Pure: the urgency of a request whose current title ends on ``until``."""
    if until is None:
        return Urgency(None, None, "none")
    days = (until - (today or timezone.localdate())).days
    if days < 0:
        level = "expired"
    elif days <= 30:
        level = "soon"
    elif days <= 90:
        level = "near"
    else:
        level = "later"
    return Urgency(until, days, level)


@dataclass
class Fact:
    label: str
    value: str
    note: str = ""


def summary(application: Application) -> list[Fact]:
    """The facts a caseworker decides from, at the top of the page (no query)."""
    facts = [
        Fact(
            _("Person"),
            f"{application.given_names} {application.surname}",
            _("born %(date)s, %(country)s")
            % {
                "date": application.date_of_birth.strftime("%d.%m.%Y"),
                "country": country_name(application.nationality),
            },
        ),
        Fact(_("Passport number"), application.passport_number or "–"),
        Fact(_("Request"), str(application.get_kind_display()), application.reference),
        Fact(_("Status"), str(application.get_status_display())),
        Fact(
            _("Received"),
            timezone.localtime(application.submitted_at).strftime("%d.%m.%Y %H:%M"),
        ),
        Fact(
            _("Responsible location"),
            application.location.name if application.location_id else _("none (check routing)"),
        ),
    ]
    entry = kinds.get(application.kind)
    if entry.deadline_kind(kinds.stored(application.answers)) is not None:
        facts.append(Fact(_("Deadline"), *deadline_text(application)))
        facts.append(Fact(_("Current title"), urgency(application.current_title_valid_until).text))
    facts.append(Fact(_("Fee"), *fee_text(application)))
    if entry.family_period:
        facts.append(Fact(_("Longest permit the rules allow"), *period_text(application)))
    if entry.renewal(kinds.stored(application.answers)) and conditions.integration_applies(
        application.answers
    ):
        facts.append(integration_course_fact(application))

    return facts


def integration_course_fact(application: Application) -> Fact:
    """Seed 001 and § 8 (3) sentence 1 AufenthG: before a renewal the office establishes
    whether a duty to attend the integration course was met. The courses the applicant
    named (section 11 of form 002), and that reminder."""
    courses = str((application.answers.get("integration") or {}).get("courses") or "").strip()
    return Fact(
        _("Integration course: courses named"),
        courses or str(NOT_GIVEN),
        _(
            "Before renewing: establish whether a duty to attend the integration course "
            "properly was met (§ 8 (3) AufenthG)."
        ),
    )


def period_reasons(application: Application) -> list[str]:
    """Why the permit period is what it is (seed 004, § 27 (4) AufenthG), in sentences."""
    if not kinds.get(application.kind).family_period:
        return []
    period = family_period(application.answers)
    if period is None:
        return []
    reasons = [str(reason) for reason in period.reasons]
    if period.minimum_until:
        reasons.append(
            _("A first permit runs at least until %(date)s (§ 27 (4) AufenthG).")
            % {"date": period.minimum_until.strftime("%d.%m.%Y")}
        )
    return reasons


def deadline_text(application: Application) -> tuple[str, str]:
    if application.filed_on_time is None:
        state = _("to be checked: the dates given did not allow a decision")
    elif application.filed_on_time:
        state = _("filed on time")
    else:
        state = _("filed late")
    if application.deadline:
        state = _("%(state)s (deadline %(date)s)") % {
            "state": state,
            "date": application.deadline.strftime("%d.%m.%Y"),
        }
    effect = EFFECT_TEXTS.get(application.deadline_effect, application.deadline_effect)
    return state, _("Effect: %(effect)s") % {"effect": effect}


def requirement_labels(application: Application) -> dict[str, str]:
    """Checklist code -> its label in the reader's language.

    The checklist keeps each item's label as the applicant read it (in English,
    if they filed in English); the desk names the items of the kind's list in the
    caseworker's language. Items the office added keep their own label.
    """
    labels = kinds.requirement_labels(application.kind, application.answers)
    return {code: str(label) for code, label in labels.items()}


def fee_text(application: Application) -> tuple[str, str]:
    quoted = (
        _("set individually")
        if application.fee_quote_total is None
        else euro(application.fee_quote_total)
    )
    assessments = list(application.fee_assessments.all()[:1])
    charged = (
        _("charged %(amount)s") % {"amount": euro(assessments[0].amount)}
        if assessments
        else _("not assessed yet")
    )
    return _("quoted %(amount)s") % {"amount": quoted}, charged


def period_text(application: Application) -> tuple[str, str]:
    until = (
        application.max_permit_until.strftime("%d.%m.%Y") if application.max_permit_until else "–"
    )
    note = _("limited by %(limit)s") % {
        "limit": BINDING_TEXTS.get(application.max_permit_binding, application.max_permit_binding)
        or "–"
    }
    if application.must_bring_sponsor:
        note = "; ".join([note, _("must come with the sponsor")])
    return _("until %(date)s") % {"date": until}, note


def files_by_requirement(application: Application) -> dict[str, list[dict]]:
    """The uploaded files of each checklist item, with their download links (one query)."""
    files: dict[str, list[dict]] = defaultdict(list)
    for upload in application.uploads.order_by("pk"):
        files[upload.requirement].append(
            {
                "name": upload.display_name,
                "size_kb": max(1, round(upload.size / 1024)),
                "url": reverse("applications:upload-download", args=[upload.pk]),
                "handed_in": upload.created_at > application.submitted_at,
            }
        )
    return dict(files)


@dataclass
class AnswerStep:
    title: str
    rows: list
    items: list
    not_given: list[str] = field(default_factory=list)


@dataclass
class AnswerSection:
    title: str
    steps: list[AnswerStep]


def answers(application: Application, user) -> tuple[list[AnswerSection], bool]:
    """The answers by the form's sections, in human words; and whether some were hidden.

    Rows of skipped optional answers are folded into one line per step.
    """
    stored = dict(application.answers)
    hidden = False
    if not may_see_special(user):
        hidden = any(step in stored for step in SPECIAL_CATEGORY_SECTIONS)
        for step in SPECIAL_CATEGORY_SECTIONS:
            stored.pop(step, None)
    sections = []
    not_given = str(NOT_GIVEN)
    for section in summarise_answers(stored, stored_steps(application.kind)):
        steps = []
        for step in section.steps:
            rows = [row for row in step.rows if row.value != not_given]
            skipped = [row.label for row in step.rows if row.value == not_given]
            items = [
                (label, [row for row in item_rows if row.value != not_given])
                for label, item_rows in step.items
            ]
            steps.append(AnswerStep(step.title, rows, items, skipped))
        sections.append(AnswerSection(section.title, steps))
    return sections, hidden


# --- History from the audit trail ---------------------------------------------------------

HISTORY_LIMIT = 200

_HISTORY_TEXTS = {
    "document:received": gettext_lazy("Document marked received"),
    "document:verified": gettext_lazy("Document verified"),
    "document:rejected": gettext_lazy("Document rejected"),
    "document": gettext_lazy("Document added to the checklist"),
    "document_request": gettext_lazy("Letter asking for documents written"),
    "fiction_certificate": gettext_lazy("Fiction certificate issued"),
    "fiction_certificate:override": gettext_lazy(
        "Fiction certificate issued with a team lead's override"
    ),
    "override:documents_complete": gettext_lazy(
        "Documents marked complete by a team lead's override"
    ),
    "status:documents_complete:cancelled": gettext_lazy(
        "Appointment cancelled online by the applicant: back to “documents complete”"
    ),
    "status:documents_complete:reissue": gettext_lazy(
        "Invitation not yet printed and its appointment now too soon: booked again"
    ),
    "appointment:moved": gettext_lazy("Appointment moved online by the applicant"),
    "appointment:booked": gettext_lazy("New appointment booked online by the applicant"),
    "invitation:again": gettext_lazy("Invited again after the cancellation"),
    "invitation:retry": gettext_lazy("Invitation tried again"),
    "location": gettext_lazy("Assigned to another location"),
    "fee": gettext_lazy("Fee assessed"),
    "release_declaration": gettext_lazy("Release declaration to the bank issued"),
    "submitted": gettext_lazy("Request submitted"),
}


def history_text(detail: str) -> str:
    """A human sentence for an audit detail code."""
    if detail in _HISTORY_TEXTS:
        return str(_HISTORY_TEXTS[detail])
    if detail.startswith("status:"):
        code = detail.split(":", 1)[1]
        label = Status(code).label if code in Status.values else code
        return _("Status changed to “%(status)s”") % {"status": label}
    if detail.startswith("hand_in:"):
        count = detail.split(":", 1)[1]
        return _("Documents handed in online (%(count)s files)") % {"count": count}
    return detail


def history(application: Application) -> list[dict]:
    """Changes, letters and the applicant's online actions on this request, newest first.

    From the append-only audit trail (views and downloads are left out).
    """
    item_ids = [str(item.pk) for item in application.document_declarations.all()]
    fee_ids = [str(item.pk) for item in application.fee_assessments.all()]
    events = (
        AuditEvent.objects.filter(
            Q(object_type="applications.application", object_id=str(application.pk))
            | Q(object_type="applications.documentdeclaration", object_id__in=item_ids)
            | Q(object_type="applications.feeassessment", object_id__in=fee_ids)
        )
        .filter(action__in=["change", "create", "letter", "delete"])
        .order_by("-at", "-pk")[:HISTORY_LIMIT]
    )
    return [
        {
            "at": timezone.localtime(event.at),
            "who": _actor(event.actor_label),
            "what": history_text(event.detail),
        }
        for event in events
    ]


def _actor(label: str) -> str:
    if label == "applicant":
        return _("the applicant (online)")
    if label == "system":
        return _("the portal (worker)")
    return label or "–"


def fiction_effect_choices() -> list[tuple[str, str]]:
    return list(FictionEffect.choices)
