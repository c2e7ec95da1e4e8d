"""One registry of request kinds: what each kind of request needs, in one entry.

Per kind (``Kind``): its journey (URL slug and path), its steps, the documents
of its checklist, its fee service and the facts ``fees.quote()`` needs, how the
deadline rule applies, what the start page shows, and whether the longest
permit period of family reunification applies. The views, the wizard, the
submission and the caseworker's page look a kind up here; none of them asks
``if kind == …``. Adding a kind is one entry plus its forms.

The five residence-permit kinds are registered below; the naturalisation app
(which sits above this one) registers its kind and its steps in
``NaturalisationConfig.ready()``.

The functions of an entry read answers through ``answer(step) -> dict``: the
wizard passes its recording reader (a step whose checklist read an answer is
validated again when that answer changes), a submission ``stored(answers)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import pgettext_lazy

from fees import Quote, quote

from . import checklists, rules
from . import steps as s
from .constants import RequestKind

Answer = Callable[[str], dict]


def stored(answers: dict) -> Answer:
    """A reader of stored answers, for the functions of an entry."""
    return lambda step: answers.get(step) or {}


def _married(answer: Answer) -> bool:
    return answer("marital").get("marital_status") in {"married", "partnership"}


@dataclass(frozen=True)
class Kind:
    kind: str
    slug: str
    # The kind in one word, for the caseworkers' request list.
    short_label: str
    steps: tuple[str, ...]
    fee_service: str
    # The checklist of the request from its answers.
    documents: Callable[[Answer], tuple]
    # What the start page lists, before any answer.
    start_documents: Callable[[], tuple]
    # Example quotes for the start page.
    fee_examples: Callable[[], list[Quote]]
    # The facts quote() needs, from the answers ({} when the fee is set individually).
    fee_facts: Callable[[Answer], dict] = lambda answer: {}
    # Which kind of the deadline rule (rules.KINDS) applies, None for no deadline.
    deadline_kind: Callable[[Answer], str | None] = lambda answer: None
    base: str = "aufenthaltserlaubnis"
    # The longest permit of seed 004 and § 27 (4) AufenthG, with the sponsor at the appointment.
    family_period: bool = False
    # The deadline rule asks how the applicant entered (a first issue).
    entry_facts: Callable[[Answer], bool] = lambda answer: False
    # A renewal: the family members filed with the applicant hold titles to renew.
    renewal: Callable[[Answer], bool] = lambda answer: False

    @property
    def label(self):
        return RequestKind(self.kind).label

    @property
    def path(self) -> str:
        return f"{self.base}/{self.slug}/"

    @property
    def journey(self) -> str:
        return f"permit-{self.slug}"

    @property
    def step_url_name(self) -> str:
        return f"applications:{self.slug}-step"

    @property
    def start_url_name(self) -> str:
        return f"applications:{self.slug}-start"

    @property
    def first_step(self) -> str:
        return self.steps[0]

    @property
    def family_filing(self) -> bool:
        """The spouse and the children can apply together with the applicant (one request each)."""
        return "family_applicants" in self.steps


@dataclass
class _Registry:
    kinds: dict[str, Kind] = field(default_factory=dict)
    # Step definitions other apps add: name -> (form, section, title, condition or None).
    steps: dict[str, tuple] = field(default_factory=dict)


_registry = _Registry()
# The registered kinds, in the order of registration (a live view of the registry).
JOURNEYS = _registry.kinds


def register(kind: Kind, *, steps: dict[str, tuple] | None = None) -> None:
    """Register a kind (and the step definitions only it brings). Idempotent."""
    _registry.kinds[kind.kind] = kind
    _registry.steps.update(steps or {})


def get(kind: str) -> Kind:
    return _registry.kinds[kind]


def by_journey(journey: str) -> Kind | None:
    return next((entry for entry in _registry.kinds.values() if entry.journey == journey), None)


def _definition(step: str) -> tuple:
    return s.STEPS[step] if step in s.STEPS else _registry.steps[step]


def all_steps() -> dict[str, tuple]:
    """Every step's definition: this app's (applications.steps) and those other apps added."""
    return {**s.STEPS, **_registry.steps}


def form_list(kind: str) -> list[tuple[str, type]]:
    """(step, form) of a kind's wizard, in order."""
    return [(step, _definition(step)[0]) for step in get(kind).steps]


def step_meta(kind: str) -> dict[str, tuple]:
    """step -> (section, title)."""
    return {step: _definition(step)[1:3] for step in get(kind).steps}


def condition_names(kind: str) -> dict[str, object]:
    """step -> its condition, for the steps that have one."""
    return {
        step: _definition(step)[3] for step in get(kind).steps if _definition(step)[3] is not None
    }


def stored_steps(kind: str) -> dict[str, tuple]:
    """step -> (form class, section, title), for showing the stored answers of ``kind``."""
    return {step: _definition(step)[:3] for step in get(kind).steps}


# --- The residence-permit kinds ------------------------------------------------------------


def _permit_documents(kind: str) -> Callable[[Answer], tuple]:
    def documents(answer: Answer) -> tuple:
        return rules.required_documents(
            kind=kind,
            purpose_code=answer("purpose_detail").get("purpose"),
            married=_married(answer),
        )

    return documents


def _permit_fee_facts(answer: Answer) -> dict:
    """Validity (from the requested duration) and the birth date (the minors' half fee)."""
    duration, personal = answer("duration"), answer("personal")
    facts = {}
    if duration.get("valid_from") and duration.get("valid_until"):
        facts["valid_from"] = date.fromisoformat(duration["valid_from"])
        facts["valid_until"] = date.fromisoformat(duration["valid_until"])
    if personal.get("date_of_birth"):
        facts["applicant_birth_date"] = date.fromisoformat(personal["date_of_birth"])
    return facts


def _first_or_renewal(answer: Answer) -> str:
    first = answer("reunification_kind").get("first_application")
    return rules.KIND_RENEWAL if first == "renewal" else rules.KIND_ISSUE


def _reunification_documents(answer: Answer) -> tuple:
    return checklists.reunification_documents(
        first_application=answer("reunification_kind").get("first_application", ""),
        relation=answer("relation").get("relation"),
        married=_married(answer),
    )


def _fee(service: str, **facts):
    return lambda: [quote(service, **facts)]


def _register_permit_kinds() -> None:
    register(
        Kind(
            kind=RequestKind.ISSUE,
            short_label=pgettext_lazy("short request kind", "issue"),
            slug="erteilung",
            steps=s.ISSUE_STEPS,
            fee_service="residence_permit.issue",
            documents=_permit_documents(rules.KIND_ISSUE),
            start_documents=lambda: rules.required_documents(
                kind=RequestKind.ISSUE, purpose_code=None
            ),
            fee_examples=lambda: [
                quote("residence_permit.issue", valid_months=12),
                quote("residence_permit.issue", valid_months=13),
            ],
            fee_facts=_permit_fee_facts,
            deadline_kind=lambda answer: rules.KIND_ISSUE,
            entry_facts=lambda answer: True,
        )
    )
    register(
        Kind(
            kind=RequestKind.RENEWAL,
            short_label=pgettext_lazy("short request kind", "renewal"),
            slug="verlaengerung",
            steps=s.RENEWAL_STEPS,
            fee_service="residence_permit.renewal",
            documents=_permit_documents(rules.KIND_RENEWAL),
            start_documents=lambda: rules.required_documents(
                kind=RequestKind.RENEWAL, purpose_code=None
            ),
            fee_examples=lambda: [
                quote("residence_permit.renewal", valid_months=3),
                quote("residence_permit.renewal", valid_months=4),
            ],
            fee_facts=_permit_fee_facts,
            deadline_kind=lambda answer: rules.KIND_RENEWAL,
            renewal=lambda answer: True,
        )
    )
    register(
        Kind(
            kind=RequestKind.CHANGE_OF_CONDITIONS,
            short_label=pgettext_lazy("short request kind", "conditions"),
            slug="auflagenaenderung",
            steps=s.CHANGE_STEPS,
            fee_service="residence_permit.change_of_conditions",
            documents=_permit_documents(rules.KIND_CHANGE),
            start_documents=lambda: rules.required_documents(
                kind=RequestKind.CHANGE_OF_CONDITIONS, purpose_code=None
            ),
            fee_examples=_fee("residence_permit.change_of_conditions"),
            deadline_kind=lambda answer: rules.KIND_CHANGE,
        )
    )
    register(
        Kind(
            kind=RequestKind.FAMILY_REUNIFICATION,
            short_label=pgettext_lazy("short request kind", "family"),
            slug="familiennachzug",
            steps=s.REUNIFICATION_STEPS,
            fee_service="family_reunification",
            documents=_reunification_documents,
            start_documents=lambda: checklists.reunification_documents(
                first_application="issue", relation=None, married=False
            ),
            fee_examples=_fee("family_reunification"),
            deadline_kind=_first_or_renewal,
            entry_facts=lambda answer: _first_or_renewal(answer) == rules.KIND_ISSUE,
            renewal=lambda answer: _first_or_renewal(answer) == rules.KIND_RENEWAL,
            family_period=True,
        )
    )
    register(
        Kind(
            kind=RequestKind.BLOCKED_ACCOUNT_RELEASE,
            short_label=pgettext_lazy("short request kind", "blocked account"),
            slug="aufhebung",
            base="sperrvermerk",
            steps=s.BLOCKED_ACCOUNT_STEPS,
            fee_service="blocked_account.release",
            documents=lambda answer: checklists.blocked_account_documents(),
            start_documents=checklists.blocked_account_documents,
            fee_examples=_fee("blocked_account.release"),
        )
    )


_register_permit_kinds()
