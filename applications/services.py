"""Writes of the applications app. Each service is one transaction."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from fees import quote
from locations.selectors import location_for
from portal import codes, files
from portal.answers import form_data, summarise, summarise_answers
from portal.audit import audit
from portal.models import Draft
from portal.pdf import render_to_pdf
from portal.uploads import CheckedUpload, display_name, storage_name

from . import family_rules, kinds, rules, workflow
from .constants import DocumentState, RequestKind
from .models import Application, DocumentDeclaration, Upload
from .status import status_code_digest, status_code_new, status_url

logger = logging.getLogger(__name__)


def upload_store(
    *, draft: Draft, requirement: str, uploaded_file, checked: CheckedUpload
) -> Upload:
    """Store a checked file under a generated name, for one checklist item of a draft."""
    name = default_storage.save(storage_name(checked), uploaded_file)
    upload = Upload.objects.create(
        draft=draft,
        requirement=requirement,
        file=name,
        display_name=display_name(uploaded_file.name or ""),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    logger.info("upload stored id=%s draft=%s requirement=%s", upload.pk, draft.pk, requirement)
    return upload


def upload_remove(*, draft: Draft, upload_id: int) -> bool:
    """Remove an upload of this draft (never of another). True when one was removed."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().filter(pk=upload_id, draft=draft).first()
        if upload is None:
            return False
        name = upload.file.name
        upload.delete()
        transaction.on_commit(lambda: default_storage.delete(name))
    return True


def current_title(answers: dict) -> dict:
    """The answers about the title held now: a renewal's, a family member's renewal's,
    or those of a first request from someone who already holds one."""
    return (
        answers.get("current_title")
        or answers.get("family_current_title")
        or answers.get("issue_current_title")
        or {}
    )


def fee_facts(kind: str, answers: dict, *, on: date) -> dict:
    """The facts fees.quote() needs for a request, from its answers (the registry's)."""
    return kinds.get(kind).fee_facts(kinds.stored(answers))


def fee_quote(kind: str, answers: dict, *, on: date):
    """The fee of a request of ``kind`` with ``answers`` on the day ``on`` (fees.quote)."""
    return quote(kinds.get(kind).fee_service, on=on, **fee_facts(kind, answers, on=on))


NO_DEADLINE = _("No deadline applies to this request.")
DEADLINE_UNCLEAR = _(
    "The dates you gave do not allow us to tell whether the request is on time; "
    "the office checks this. You can submit the request."
)


def deadline_for(kind: str, answers: dict, *, filed_on: date) -> rules.DeadlineResult:
    """The deadline rule on the request's answers (entry facts only for a first issue)."""

    def day(value):
        return date.fromisoformat(value) if value else None

    entry = kinds.get(kind)
    answer = kinds.stored(answers)
    rule_kind = entry.deadline_kind(answer)
    if rule_kind is None:
        return rules.DeadlineResult(
            on_time=True,
            deadline=None,
            effect=rules.EFFECT_NONE,
            legal_basis="",
            explanation=NO_DEADLINE,
        )
    title = current_title(answers)
    facts = {"current_title_valid_until": day(title.get("title_valid_until"))}
    if entry.entry_facts(answer):
        entry_answers = answers.get("entry") or {}
        visa = answers.get("visa") or {}
        with_visa = entry_answers.get("entry_type") in rules.VISA_ENTRY_TYPES
        born = entry_answers.get("entry_type") == rules.ENTRY_BORN_IN_GERMANY
        facts.update(
            entry_type=entry_answers.get("entry_type") or None,
            entry_date=None if born else day(entry_answers.get("last_entry")),
            visa_valid_until=day(visa.get("visa_valid_until")) if with_visa else None,
            # A child born in Germany: the birth date of section 1 (not asked twice).
            birth_date=day((answers.get("personal") or {}).get("date_of_birth")) if born else None,
        )
    try:
        return rules.application_deadline(kind=rule_kind, filed_on=filed_on, **facts)
    except rules.DeadlineError as error:
        # Contradictory dates: the caseworker decides; never an error page.
        logger.warning("deadline undetermined kind=%s reason=%s", kind, type(error).__name__)
        return rules.DeadlineResult(
            on_time=None,
            deadline=None,
            effect=rules.EFFECT_NONE,
            legal_basis="",
            explanation=DEADLINE_UNCLEAR,
        )


@dataclass(frozen=True)
class Filing:
    """A request just created, with what its receipt states (the code shown once, not stored)."""

    application: Application
    deadline: rules.DeadlineResult
    fee: object  # fees.Quote
    period: object  # family_rules period or None
    status_code: str


def application_create(
    *, kind: str, answers: dict, now, location, language: str, family_id, owner_id
) -> Filing:
    """Create one request of ``kind`` from its stored ``answers``: the applicant's or a member's.

    Deadline, fee, the family's permit period and the status code are worked
    out here, from the answers, the same way for everyone filed.
    """
    today = timezone.localdate(now)
    deadline = deadline_for(kind, answers, filed_on=today)
    fee = fee_quote(kind, answers, on=today)
    period = family_period(answers) if kinds.get(kind).family_period else None
    personal = answers["personal"]
    relation = (answers.get("relation") or {}).get("relation")
    title_until = current_title(answers).get("title_valid_until")
    status_code = status_code_new()
    application = _create_with_unique_reference(
        status_code_digest=status_code_digest(status_code),
        kind=kind,
        submitted_at=now,
        location=location,
        language=language,
        family_id=family_id,
        owner_id=owner_id,
        surname=personal["surname"],
        given_names=personal["given_names"],
        date_of_birth=date.fromisoformat(personal["date_of_birth"]),
        nationality=answers["nationality"]["nationality"],
        passport_number=kinds.get(kind).passport_number(kinds.stored(answers)),
        postcode=answers["address"]["postcode"],
        current_title_valid_until=date.fromisoformat(title_until) if title_until else None,
        max_permit_until=period.until if period else None,
        max_permit_binding=period.binding if period else "",
        must_bring_sponsor=bool(relation) and family_rules.must_come_with_sponsor(relation),
        answers=answers,
        filed_on_time=deadline.on_time,
        deadline=deadline.deadline,
        deadline_effect=deadline.effect,
        fee_quote_total=fee.total,
        fee_quote_items=[
            {"label": str(item.label), "amount": str(item.amount), "basis": item.legal_basis}
            for item in fee.items
        ],
    )
    return Filing(application, deadline, fee, period, status_code)


def receipt_store(filing: Filing, *, sections, now, filed_with: Application | None = None) -> None:
    """Write the request's receipt PDF and store it (the status code printed on it, not kept)."""
    application = filing.application
    names: dict[str, list[str]] = {}
    for upload in application.uploads.order_by("requirement", "pk"):
        names.setdefault(upload.requirement, []).append(upload.display_name)
    receipt = render_to_pdf(
        "pdf/applications/receipt.html",
        {
            "office": settings.OFFICE,
            "application": application,
            "sections": sections,
            "deadline": filing.deadline,
            "fee": filing.fee,
            "max_period": filing.period,
            # Each checklist item with the names of its files.
            "declarations": [
                (declaration, names.get(declaration.requirement, []))
                for declaration in application.document_declarations.all()
            ],
            "filed_with": filed_with,
            "status_code": filing.status_code,
            "status_url": status_url(),
        },
    )
    application.receipt.name = default_storage.save(
        files.dated_name("receipts", now), ContentFile(receipt)
    )
    application.save(update_fields=["receipt"])
    # Not stored: only this call's caller sees the code (the confirmation page shows it once).
    application.status_code = filing.status_code


def application_submit(
    *, draft_id, kind: str, forms_by_step: dict, step_meta: dict, documents: dict, labels: dict
) -> list[Application]:
    """Turn a complete draft into a request (and one per family member filed with it).

    One transaction, idempotent: a second call for the same draft (a double
    submit) returns the requests the first call created.
    """
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft_id)
        if draft.submitted_reference:
            first = Application.objects.get(reference=draft.submitted_reference)
            return [first, *_family_filed_with(first)]

        now = timezone.now()
        answers = {step: form_data(form) for step, form in forms_by_step.items()}
        members = answers.pop("family_applicants_list", None) or []
        if members and draft.family_id is None:
            draft.family_id = uuid.uuid4()
        filing = application_create(
            kind=kind,
            answers=answers,
            now=now,
            location=location_for(kind=kind, postcode=answers["address"]["postcode"]),
            language=translation.get_language() or "de",
            family_id=draft.family_id,
            owner_id=draft.owner_id,
        )
        application = filing.application
        Upload.objects.filter(draft=draft).update(application=application, draft=None)
        _declarations_create(
            application,
            (
                (code, labels[code], DocumentState.UPLOADED if state == "uploaded" else None)
                for code, state in documents.items()
            ),
        )
        receipt_store(filing, sections=summarise(forms_by_step, step_meta), now=now)
        filed = [application]
        for member in members:
            filed.append(
                _member_submit(
                    kind=kind, main=application, main_answers=answers, member=member, now=now
                )
            )
        draft.submitted_reference = application.reference
        draft.state = {}
        draft.save(update_fields=["submitted_reference", "state", "updated_at", "family_id"])
        for request in filed:
            audit(action="create", obj=request, detail="submitted", actor_label="applicant")
    logger.info("application submitted id=%s kind=%s persons=%d", application.pk, kind, len(filed))
    return filed


def _declarations_create(application: Application, items) -> None:
    """The request's checklist: (code, label, state or None for "handed in later") per item."""
    DocumentDeclaration.objects.bulk_create(
        DocumentDeclaration(
            application=application,
            requirement=code,
            label=str(label)[:200],
            state=state or DocumentState.LATER,
        )
        for code, label, state in items
    )


# Answers a family member applying together shares with the main applicant.
SHARED_FAMILY_STEPS = (
    "address",
    "abroad",
    "entry",
    "visa",
    "purpose_group",
    "purpose_detail",
    "duration",
    "livelihood",
)


def member_answers(*, kind: str, main: Application, main_answers: dict, member: dict) -> dict:
    """The answers of a family member's own request in a whole-family filing (pure)."""
    answers = {step: main_answers[step] for step in SHARED_FAMILY_STEPS if step in main_answers}
    main_marital = (main_answers.get("marital") or {}).get("marital_status", "married")
    answers["personal"] = {
        key: member[key]
        for key in ("surname", "given_names", "sex", "date_of_birth", "place_of_birth")
    }
    answers["nationality"] = {"nationality": member["nationality"]}
    answers["marital"] = {
        "marital_status": main_marital if member["relation"] == "spouse" else "single"
    }
    answers["passport"] = {
        "passport_number": member["passport_number"],
        "valid_until": member["passport_valid_until"],
    }
    if member.get("title_valid_until"):
        title_kind = (main_answers.get("current_title") or {}).get("title_kind", "residence_permit")
        answers["current_title"] = {
            "title_kind": title_kind,
            "title_number": member["title_number"],
            "title_valid_until": member["title_valid_until"],
        }
    answers["legal"] = {
        "convicted": False,
        "investigated": False,
        "expelled": False,
        "entry_refused": False,
        "title_refused": False,
    }
    if kinds.get(kind).family_period:
        # The family joins the same person in Germany: the spouse in the main
        # applicant's relation, a child as the child of that person.
        for step in ("reunification_kind", "sponsor"):
            if main_answers.get(step):
                answers[step] = main_answers[step]
        sponsor_german = bool((main_answers.get("sponsor") or {}).get("sponsor_is_german"))
        if member["relation"] == "child":
            relation = "child_of_german" if sponsor_german else "child_of_foreigner"
        else:
            relation = (main_answers.get("relation") or {}).get("relation")
        answers["relation"] = {"relation": relation}
    answers["family_filing"] = {"filed_with": main.reference, "relation": member["relation"]}
    return answers


@dataclass(frozen=True)
class PersonFee:
    """The expected fee of one person of a whole-family filing (``family_fees``)."""

    name: str
    quote: object  # fees.Quote


@dataclass(frozen=True)
class FamilyFees:
    people: tuple[PersonFee, ...]
    # The sum of the fees that are known; None when none is.
    total: Decimal | None
    # Some fee is set individually by the office (not in ``total``).
    some_individual: bool


def family_fees(kind: str, answers: dict, *, on: date) -> FamilyFees | None:
    """Each person's fee of a whole-family filing and their sum, before it is filed (pure).

    The same quotes as the filing makes (``application_submit``): the
    applicant's from their answers, each family member's from the answers of
    their own request (``member_answers``), so a child pays what § 50 (1)
    AufenthV says for a minor. None when nobody files together with the applicant.
    """
    members = answers.get("family_applicants_list") or []
    if not members:
        return None
    own = {step: value for step, value in answers.items() if step != "family_applicants_list"}
    personal = own.get("personal") or {}
    people = [
        PersonFee(
            name=f"{personal.get('given_names', '')} {personal.get('surname', '')}".strip(),
            quote=fee_quote(kind, own, on=on),
        )
    ]
    for member in members:
        answers_of_member = member_answers(
            kind=kind, main=_NOT_YET_FILED, main_answers=own, member=member
        )
        people.append(
            PersonFee(
                name=f"{member.get('given_names', '')} {member.get('surname', '')}".strip(),
                quote=fee_quote(kind, answers_of_member, on=on),
            )
        )
    known = [person.quote.total for person in people if person.quote.total is not None]
    return FamilyFees(
        people=tuple(people),
        total=sum(known, Decimal("0.00")) if known else None,
        some_individual=len(known) < len(people),
    )


class _NotYetFiled:
    """Stands for the applicant's request before it has a reference (``family_fees``)."""

    reference = ""


_NOT_YET_FILED = _NotYetFiled()


def _member_submit(
    *, kind, main: Application, main_answers: dict, member: dict, now
) -> Application:
    """A family member's own request, filed with the main applicant's (same location and family)."""
    answers = member_answers(kind=kind, main=main, main_answers=main_answers, member=member)
    filing = application_create(
        kind=kind,
        answers=answers,
        now=now,
        location=main.location,
        language=main.language,
        family_id=main.family_id,
        owner_id=main.owner_id,
    )
    requirements = kinds.get(kind).documents(kinds.stored(answers))
    _declarations_create(
        filing.application, ((item.code, item.label, None) for item in requirements)
    )
    receipt_store(
        filing,
        sections=summarise_answers(answers, kinds.stored_steps(kind)),
        now=now,
        filed_with=main,
    )
    return filing.application


def _family_filed_with(main: Application) -> list[Application]:
    if main.family_id is None:
        return []
    return list(
        Application.objects.filter(
            family_id=main.family_id, answers__family_filing__filed_with=main.reference
        ).order_by("pk")
    )


def family_period(answers: dict):
    """The permit period of seed 004 and § 27 (4) AufenthG for a reunification request, or None."""

    def day(step, field):
        value = (answers.get(step) or {}).get(field)
        return date.fromisoformat(value) if value else None

    relation = (answers.get("relation") or {}).get("relation")
    valid_from = day("duration", "valid_from")
    if not relation or valid_from is None:
        return None
    sponsor = answers.get("sponsor") or {}
    kind = sponsor.get("sponsor_title_kind") or None
    unlimited = kind in family_rules.UNLIMITED_SPONSOR_TITLES and not sponsor.get(
        "sponsor_title_valid_until"
    )
    first = (answers.get("reunification_kind") or {}).get("first_application") != "renewal"
    try:
        return family_rules.maximum_permit_period(
            relation=relation,
            valid_from=valid_from,
            applicant_birth_date=day("personal", "date_of_birth"),
            passport_valid_until=day("passport", "valid_until"),
            sponsor_is_german=bool(sponsor.get("sponsor_is_german")),
            sponsor_title_valid_until=day("sponsor", "sponsor_title_valid_until"),
            sponsor_title_unlimited=unlimited,
            sponsor_title_kind=None if sponsor.get("sponsor_is_german") else kind,
            first_permit=first,
        )
    except family_rules.FamilyRuleError:
        logger.warning("maximum period undetermined relation=%s", relation)
        return None


def _create_with_unique_reference(**fields) -> Application:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Application.objects.create(reference=codes.reference_new(), **fields)
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free reference number")


def family_link(*, application: Application) -> uuid.UUID:
    """The family id of a request, given to it on first use."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.family_id is None:
            locked.family_id = uuid.uuid4()
            locked.save(update_fields=["family_id"])
        return locked.family_id


# Answers that family members share; voluntary and special-category answers never are.
SHARED_STEPS = ("address",)


def draft_prefill_for_family(*, draft: Draft, application: Application, relation: str) -> None:
    """Seed a family member's new draft with the answers they share with ``application``."""
    answers = application.answers
    prefill = {step: answers[step] for step in SHARED_STEPS if answers.get(step)}
    personal = answers.get("personal") or {}
    if relation == "spouse":
        prefill["marital"] = {"marital_status": answers.get("marital", {}).get("marital_status")}
        spouse = answers.get("spouse") or {}
        if spouse:
            prefill["personal"] = {
                key: spouse.get(key)
                for key in ("surname", "given_names", "sex", "date_of_birth", "place_of_birth")
            }
            prefill["nationality"] = {"nationality": spouse.get("nationality")}
        prefill["spouse"] = {
            "surname": personal.get("surname"),
            "given_names": personal.get("given_names"),
            "sex": personal.get("sex"),
            "date_of_birth": personal.get("date_of_birth"),
            "place_of_birth": personal.get("place_of_birth"),
            "nationality": (answers.get("nationality") or {}).get("nationality"),
        }
    elif relation == "child":
        parent = f"{personal.get('surname', '')}, {personal.get('given_names', '')}"
        prefill["parents"] = {"father_name": "", "mother_name": "", "parents_address": ""}
        key = "mother_name" if personal.get("sex") == "female" else "father_name"
        prefill["parents"][key] = parent.strip(", ")
    prefill = {
        step: {key: _initial(value) for key, value in values.items() if value not in (None, "")}
        for step, values in prefill.items()
    }
    state = {"step": None, "step_data": {}, "step_files": {}, "extra_data": {"prefill": prefill}}
    Draft.objects.filter(pk=draft.pk).update(state=state)


def _initial(value):
    """Stored ISO dates become dates again for the form's initial values."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


class AlreadyDeclared(Exception):
    """The release declaration of this request exists already."""


class NotDeclarable(Exception):
    """The request is not at a stage where the blocking note may be lifted."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # workflow.DOCUMENTS_MISSING or workflow.REQUEST_CLOSED


def release_declaration_issue(*, application_id: int, by) -> Application:
    """Write the declaration to the bank that lifts the blocking note, once (seed 001),
    when the documents are complete and the request is neither refused nor withdrawn
    (``workflow.release_declaration_failure``)."""
    from .letters import release_declaration_pdf

    with transaction.atomic():
        application = Application.objects.select_for_update().get(
            pk=application_id, kind=RequestKind.BLOCKED_ACCOUNT_RELEASE
        )
        if application.release_declaration:
            raise AlreadyDeclared
        failure = workflow.release_declaration_failure(application.status)
        if failure is not None:
            raise NotDeclarable(failure)
        bank = application.answers["bank"]
        now = timezone.now()
        pdf = release_declaration_pdf(
            reference=application.reference,
            account_holder=bank["account_holder"],
            birth_date=application.date_of_birth,
            iban=bank["iban"],
            bank_name=bank["bank_name"],
            bank_address_lines=[
                bank["bank_street"],
                f"{bank['bank_postcode']} {bank['bank_town']}",
            ],
            caseworker_name=by.get_full_name() or by.get_username(),
            today=timezone.localdate(now),
        )
        application.release_declaration.name = default_storage.save(
            files.dated_name("letters", now), ContentFile(pdf)
        )
        application.release_declared_at = now
        application.release_declared_by = by
        application.save(
            update_fields=["release_declaration", "release_declared_at", "release_declared_by"]
        )
    logger.info("release declaration issued application=%s by=%s", application.pk, by.pk)
    audit(action="letter", actor=by, obj=application, detail="release_declaration")
    return application
