"""The service catalogue shown on the start page: the services by task.

Each entry names the service, says in a line what it is for and links to its
start page, where the documents to have ready and the fees are (from the
registry of request kinds, applications/kinds.py): the start page stays short
on a phone. A service whose journey is not built yet has no ``url_name``; the
start page lists it as "coming soon" without a link, so that nobody lands on
a page that does not work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def _reverse(url_name: str | None) -> str | None:
    if url_name is None:
        return None
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class Link:
    label: Promise
    url_name: str

    @property
    def url(self) -> str | None:
        return _reverse(self.url_name)


@dataclass(frozen=True)
class Service:
    slug: str
    title: Promise
    summary: Promise
    url_name: str | None = None
    # Further ways in, beside the title's link (the naturalisation application beside the check).
    links: tuple[Link, ...] = field(default=())

    @property
    def url(self) -> str | None:
        return _reverse(self.url_name)

    @property
    def available(self) -> bool:
        return self.url is not None


@dataclass(frozen=True)
class Task:
    slug: str
    title: Promise
    services: tuple[Service, ...]


TASKS: tuple[Task, ...] = (
    Task(
        slug="residence-permit",
        title=_("Residence permit"),
        services=(
            Service(
                slug="residence-permit-issue",
                title=_("Apply for a residence permit"),
                summary=_(
                    "For nationals of countries outside the EU who want to stay in Germany "
                    "longer, for example to work, study, as an au pair or to join their family."
                ),
                url_name="applications:erteilung-start",
            ),
            Service(
                slug="residence-permit-renewal",
                title=_("Renew a residence permit"),
                summary=_("Apply in good time before your current residence permit expires."),
                url_name="applications:verlaengerung-start",
            ),
            Service(
                slug="change-of-conditions",
                title=_("Change the conditions of a residence permit"),
                summary=_("For example how much you may work or which course you may study."),
                url_name="applications:auflagenaenderung-start",
            ),
            Service(
                slug="family-reunification",
                title=_("Residence permit for family reunification"),
                summary=_(
                    "For spouses, registered partners, children and other relatives of people "
                    "who live in Germany."
                ),
                url_name="applications:familiennachzug-start",
            ),
        ),
    ),
    Task(
        slug="blocked-account",
        title=_("Blocked account"),
        services=(
            Service(
                slug="blocked-account-release",
                title=_("Release of a blocked account"),
                summary=_(
                    "Have the blocking note of the account lifted that proved your livelihood "
                    "for training or study."
                ),
                url_name="applications:aufhebung-start",
            ),
        ),
    ),
    Task(
        slug="naturalisation",
        title=_("German citizenship"),
        services=(
            Service(
                slug="naturalisation",
                title=_("Naturalisation: quick check and application"),
                summary=_(
                    "Check without obligation whether you meet the requirements, then apply online."
                ),
                url_name="naturalisation:quick-check",
                links=(
                    Link(_("Apply for naturalisation"), "applications:beantragen-start"),
                    Link(_("Send a message to the naturalisation team"), "naturalisation:contact"),
                ),
            ),
            Service(
                slug="citizenship-certificate",
                title=_("Certificate of German citizenship"),
                summary=_(
                    "Documentary proof of your German citizenship, for courts and other third "
                    "parties, for example for an adoption."
                ),
                url_name="applications:staatsangehoerigkeitsausweis-start",
            ),
        ),
    ),
    Task(
        slug="passport",
        title=_("Passport substitute"),
        services=(
            Service(
                slug="passport-substitute",
                title=_("German passport substitute: travel document for foreigners"),
                summary=_(
                    "For foreigners who cannot obtain a passport of their country in a "
                    "reasonable way."
                ),
                url_name="applications:reiseausweis-start",
            ),
        ),
    ),
    Task(
        slug="after-filing",
        title=_("After you have filed"),
        services=(
            Service(
                slug="request-status",
                title=_("Where does my request stand?"),
                summary=_(
                    "With the reference number, your date of birth and the status code from "
                    "your confirmation of receipt."
                ),
                url_name="applications:status",
            ),
            Service(
                slug="appointment-change",
                title=_("Cancel or reschedule an appointment"),
                summary=_("With the reference number and the code from your invitation letter."),
                url_name="appointments:change",
            ),
        ),
    ),
)

SERVICES: tuple[Service, ...] = tuple(service for task in TASKS for service in task.services)
