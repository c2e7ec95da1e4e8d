"""The service catalogue shown on the start page.

Each entry says what the service is for, what to have ready and what it
costs, from the seeds (shared/seeds/001, 003, 004). A service whose journey
is not built yet has no ``url_name``; the start page lists it as "coming
soon" without a link, so that nobody lands on a page that does not work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fees import quote


@dataclass(frozen=True)
class FeeLine:
    label: Promise | str
    # From the fee module (fees.quote); None when the fee is set individually.
    amount: Decimal | None


@dataclass(frozen=True)
class Service:
    slug: str
    title: Promise
    summary: Promise
    have_ready: tuple[Promise, ...]
    fees: Callable[[], list[FeeLine]]
    url_name: str | None = None
    fee_notes: tuple[Promise, ...] = field(default=())
    notes: tuple[Promise, ...] = field(default=())
    # Further pages of the service: (link text, URL name).
    links: tuple[tuple[Promise, str], ...] = field(default=())

    @property
    def link_urls(self) -> list[tuple[Promise, str]]:
        return [(label, reverse(name)) for label, name in self.links]

    @property
    def url(self) -> str | None:
        if self.url_name is None:
            return None
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None

    @property
    def available(self) -> bool:
        return self.url is not None


# Seed 001, "Erforderliche Unterlagen".
PERMIT_DOCUMENTS = (
    _("a valid passport"),
    _("a current biometric photo (frontal)"),
    _("proof that your livelihood is secured"),
    _("proof of sufficient housing"),
    _("proof of health insurance"),
    _("proof of the purpose of your stay, e.g. employment contract or marriage certificate"),
)


def _permit_issue_fees() -> list[FeeLine]:
    up_to_year = quote("residence_permit.issue", valid_months=12)
    longer = quote("residence_permit.issue", valid_months=13)
    return [
        FeeLine(_("valid for up to one year"), up_to_year.total),
        FeeLine(_("valid for more than one year"), longer.total),
    ]


def _permit_renewal_fees() -> list[FeeLine]:
    short = quote("residence_permit.renewal", valid_months=3)
    longer = quote("residence_permit.renewal", valid_months=4)
    return [
        FeeLine(_("renewal for up to three months"), short.total),
        FeeLine(_("renewal for more than three months"), longer.total),
    ]


def _naturalisation_fees() -> list[FeeLine]:
    with_child = quote("naturalisation", minor_children=1)
    applicant, child = with_child.items
    return [
        FeeLine(_("per person"), applicant.amount),
        FeeLine(
            _("per minor child without income of their own naturalised together with a parent"),
            child.amount,
        ),
    ]


def _individual_fee(service: str) -> Callable[[], list[FeeLine]]:
    def lines() -> list[FeeLine]:
        answer = quote(service)
        return [FeeLine(answer.note, None)]

    return lines


def _passport_substitute_fees() -> list[FeeLine]:
    """§ 48 (1) Satz 1 Nr. 1a to 1f AufenthV, as in force today (fees.quote)."""
    today = timezone.localdate()
    adult = {"applicant_birth_date": date(today.year - 30, 1, 1)}
    young = {"applicant_birth_date": date(today.year - 20, 1, 1)}
    lines = []
    for label, status, facts in (
        (_("from the age of 24"), "other", adult),
        (_("under 24"), "other", young),
        (_("provisional travel document"), "other", {"provisional": True}),
        (
            _("with subsidiary protection or resettlement, from the age of 24"),
            "resettlement",
            adult,
        ),
        (_("with subsidiary protection or resettlement, under 24"), "resettlement", young),
        (
            _("with subsidiary protection or resettlement, provisional travel document"),
            "resettlement",
            {"provisional": True},
        ),
    ):
        lines.append(
            FeeLine(label, quote("passport_substitute", protection_status=status, **facts).total)
        )
    return lines


def _citizenship_certificate_fees() -> list[FeeLine]:
    return [FeeLine(_("per certificate"), quote("citizenship_certificate").total)]


MINORS_NOTE = _("Children and young people under 18 pay half (§ 50 (1) AufenthV).")

SERVICES: tuple[Service, ...] = (
    Service(
        slug="residence-permit-issue",
        title=_("Apply for a residence permit"),
        summary=_(
            "For nationals of countries outside the EU who want to stay in Germany longer, "
            "for example to work, study, as an au pair or to join their family."
        ),
        have_ready=PERMIT_DOCUMENTS,
        fees=_permit_issue_fees,
        fee_notes=(MINORS_NOTE,),
        url_name="applications:erteilung-start",
    ),
    Service(
        slug="residence-permit-renewal",
        title=_("Renew a residence permit"),
        summary=_(
            "Apply in good time before your current residence permit expires. "
            "The same rules apply as for the first issue."
        ),
        have_ready=(_("your current residence permit"), *PERMIT_DOCUMENTS),
        fees=_permit_renewal_fees,
        fee_notes=(MINORS_NOTE,),
        url_name="applications:verlaengerung-start",
    ),
    Service(
        slug="change-of-conditions",
        title=_("Change the conditions of a residence permit"),
        summary=_(
            "A residence permit can come with conditions, for example how much you may work "
            "or which course you may study. Apply here to change them."
        ),
        have_ready=(
            _("a valid passport"),
            _("your current residence permit with its supplementary sheet"),
            _("proof of the change, e.g. a new employment contract or enrolment certificate"),
        ),
        fees=_individual_fee("residence_permit.change_of_conditions"),
        url_name="applications:auflagenaenderung-start",
    ),
    Service(
        slug="family-reunification",
        title=_("Residence permit for family reunification"),
        summary=_(
            "For spouses, registered partners, children and other relatives of people who "
            "live in Germany. At the appointment you come together with the person your "
            "right of residence is based on."
        ),
        have_ready=(
            *PERMIT_DOCUMENTS,
            _("marriage or birth certificate"),
            _("passport and residence title of the family member you join"),
        ),
        fees=_individual_fee("family_reunification"),
        url_name="applications:familiennachzug-start",
    ),
    Service(
        slug="naturalisation",
        title=_("Naturalisation: quick check and application"),
        summary=_(
            "Check without obligation whether you meet the requirements for German "
            "citizenship, then apply online. Each person aged 18 or over applies for "
            "themselves; minor children can be included in a parent's application."
        ),
        have_ready=(
            _("a valid passport and your residence title"),
            _("proof of German language skills (at least level B1)"),
            _("proof of knowledge of the legal and social order, e.g. the naturalisation test"),
            _("proof of income for you and your family"),
            _("birth and, where applicable, marriage certificates"),
        ),
        fees=_naturalisation_fees,
        url_name="naturalisation:quick-check",
        links=((_("Send a message to the naturalisation team"), "naturalisation:contact"),),
    ),
    Service(
        slug="blocked-account-release",
        title=_("Release of a blocked account"),
        summary=_(
            "You opened a blocked account (Sperrkonto) to prove your livelihood for training "
            "or study and now want the blocking note lifted."
        ),
        have_ready=(
            _("a valid passport"),
            _("your residence title with its supplementary sheet"),
            _("a copy of the savings account with the blocking note"),
        ),
        fees=_individual_fee("blocked_account.release"),
        url_name="applications:aufhebung-start",
        notes=(
            _(
                "Which further proofs we need depends on your case; we tell you during the "
                "procedure."
            ),
        ),
    ),
    Service(
        slug="passport-substitute",
        title=_("German passport substitute: travel document for foreigners"),
        summary=_(
            "All foreigners must hold a valid passport recognised in Germany. Under certain "
            "conditions, foreigners who cannot obtain a passport of their country in a "
            "reasonable way can receive a German travel document instead. Apply online with "
            "an account or as a guest."
        ),
        have_ready=(
            _("a current biometric photo (frontal)"),
            _("your current residence permit with its supplementary sheet"),
            _(
                "proof of your efforts to obtain a passport, e.g. letters of the embassy or "
                "refusals"
            ),
            _("your last passport of your country, if you had one"),
            _("the decision of the BAMF or on your admission, if you have protection status"),
        ),
        fees=_passport_substitute_fees,
        fee_notes=(
            _(
                "For a child under twelve the office decides which travel document it issues "
                "and tells you the fee (§ 48 (1) AufenthV)."
            ),
        ),
        url_name="applications:reiseausweis-start",
    ),
    Service(
        slug="citizenship-certificate",
        title=_("Certificate of German citizenship"),
        summary=_(
            "Usually your identity card or passport proves your citizenship. Courts and other "
            "third parties sometimes need documentary proof of your German citizenship, for "
            "example for an adoption. The office then examines your citizenship and, if it "
            "is confirmed, issues the certificate."
        ),
        have_ready=(
            _("your identity card or passport"),
            _("your birth certificate and, where applicable, your marriage certificate"),
            _(
                "birth and marriage certificates of your parents and, where needed, of your "
                "grandparents"
            ),
            _(
                "earlier proofs of German citizenship, e.g. a naturalisation certificate or "
                "old German passports"
            ),
        ),
        fees=_citizenship_certificate_fees,
        url_name="applications:staatsangehoerigkeitsausweis-start",
    ),
    Service(
        slug="appointment-change",
        title=_("Cancel or reschedule an appointment"),
        summary=_(
            "Once you have an invitation letter, you can cancel or move your appointment online."
        ),
        have_ready=(_("the reference number and the code from your invitation letter"),),
        fees=lambda: [],
        url_name="appointments:change",
    ),
)
