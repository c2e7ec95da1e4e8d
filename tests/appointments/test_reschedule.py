"""Cancel and move an appointment online at /termin/ (issue "appointments", item 5; seed 001)."""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import Application
from appointments import letters, printing, reschedule, services, views
from appointments.models import Appointment, InvitationJob, InvitationLetter
from portal.codes import reference_new
from tests.appointments.booking import BIRTH, at, invited, pdf_pages
from tests.appointments.building import (
    FIRST_DAY,
    FRIDAY_BEFORE_CORPUS_CHRISTI,
    letter_files,
    make_application,
    make_location,
    stored,
)

START = "/termin/"
OVERVIEW = "/termin/ihr-termin/"
CANCEL = "/termin/absagen/"
MOVE = "/termin/verschieben/"
DONE = "/termin/bestaetigung/"
EXTEND = "/termin/verlaengern/"


@pytest.fixture
def fresh_rate_limits(db):
    """The rate limits live in the database cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def friday():
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=True):
        yield


@pytest.fixture
def booked(fresh_rate_limits, friday, letter_storage):
    """A request invited to Monday 8 June 2026, 08:00, at a location with one desk."""
    location = make_location()
    application, appointment, code = invited(location, at(FIRST_DAY, 8))
    return application, appointment, code


def open_appointment(client: Client, application, secret: str, **changes):
    data = {
        "reference": application.reference,
        "date_of_birth": BIRTH.strftime("%d.%m.%Y"),
        "code": secret,
        **changes,
    }
    return client.post(START, data)


def opened(application, code: str) -> Client:
    client = Client()
    response = open_appointment(client, application, code)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == OVERVIEW
    return client


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def h1_count(response) -> int:
    return response.content.decode().count("<h1")


def slot_value(starts_at) -> str:
    return starts_at.isoformat()


# --- Opening the appointment -------------------------------------------------------------


def test_the_details_from_the_letter_open_the_appointment(booked):
    application, appointment, code = booked
    client = Client()
    page = client.get(START)
    assert page.status_code == 200
    assert h1_count(page) == 1
    assert "novalidate" in page.content.decode()
    before = client.session.session_key
    # Any spelling of the reference and code, as everywhere in the portal.
    response = open_appointment(
        client,
        application,
        code.lower().replace("-", " "),
        reference=f" {application.reference.lower()} ",
    )
    assert response.status_code == 302
    assert response["Location"] == OVERVIEW
    assert client.session.session_key != before  # a new session key with the grant
    grant = client.session[views.SESSION_KEY]
    assert grant["application"] == application.pk

    overview = client.get(OVERVIEW)
    assert overview.status_code == 200
    assert h1_count(overview) == 1
    html = overview.content.decode()
    for expected in (
        "Montag, 8. Juni 2026",
        "08:00",
        appointment.location.name,
        "Musterstraße 1",
        "00000 Musterstadt",
        application.reference,
        f'href="{MOVE}"',
        f'href="{CANCEL}"',
    ):
        assert expected in html, expected
    assert "no-store" in overview["Cache-Control"]


def test_every_wrong_input_gets_the_same_answer_and_the_attempts_are_limited(booked):
    application, _appointment, code = booked
    other, _other_appointment, other_code = invited(
        booked[1].location, at(FIRST_DAY, 9), date_of_birth=BIRTH
    )
    not_invited = make_application(booked[1].location, reference=reference_new())
    client = Client()
    wrong = [
        {"reference": other.reference},  # another request (born the same day)
        {"date_of_birth": "15.03.1990"},
        {"code": letters.appointment_code_new()},
        {"code": other_code},  # another applicant's code
        {"code": "1234"},  # not a code at all
        {"reference": "XYZ"},
        {"reference": not_invited.reference},
    ]
    answers = set()
    for changes in wrong:
        response = open_appointment(client, application, code, **changes)
        assert response.status_code == 200, changes
        html = response.content.decode()
        assert title(response).startswith("Fehler: ")
        assert 'aria-invalid="true"' not in html, changes  # no field is singled out
        message = re.search(r'<p class="kern-error" id="form-errors">(.*?)</p>', html, re.S)
        assert message, changes
        answers.add(message.group(1))
        assert views.SESSION_KEY not in client.session
    assert answers == {
        '<span class="kern-icon kern-icon--danger" aria-hidden="true"></span>'
        f'<span class="kern-body">{views.NOT_FOUND}</span>'
    }
    # Ten attempts in 15 minutes; then even the right details are refused.
    for _attempt in range(views.RATE_LIMIT - len(wrong)):
        assert open_appointment(client, application, "ABCD").status_code == 200
    refused = open_appointment(client, application, code)
    assert refused.status_code == 429
    assert views.SESSION_KEY not in client.session
    # Another address is not affected.
    other_client = Client(REMOTE_ADDR="192.0.2.7")
    assert open_appointment(other_client, application, code).status_code == 302


def test_a_missing_answer_is_a_field_error_with_the_error_summary(booked):
    client = Client()
    response = client.post(START, {"reference": "", "date_of_birth": "", "code": ""})
    assert response.status_code == 200
    assert title(response).startswith("Fehler: ")
    html = response.content.decode()
    assert "error-summary" in html
    assert html.count('aria-invalid="true"') == 3
    assert h1_count(response) == 1


def test_the_grant_ends_after_30_minutes(fresh_rate_limits, letter_storage):
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=False) as traveller:
        application, appointment, code = invited(make_location(), at(FIRST_DAY, 8))
        client = opened(application, code)
        traveller.shift(timedelta(minutes=29, seconds=59))
        assert client.get(OVERVIEW).status_code == 200
        traveller.shift(timedelta(seconds=1))
        ended = client.get(OVERVIEW, follow=True)
        assert ended.redirect_chain == [(START, 302)]
        assert str(views.SESSION_ENDED) in ended.content.decode()
        assert views.SESSION_KEY not in client.session
        for url in (OVERVIEW, CANCEL, MOVE, DONE):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"] == START, url
        response = client.post(CANCEL, {"cancel": "yes"})
        assert response["Location"] == START
        appointment.refresh_from_db()
        assert appointment.status == "booked"
        # The details open it again, for another 30 minutes.
        assert open_appointment(client, application, code).status_code == 302


def test_the_pages_warn_before_the_grant_ends_and_it_can_be_extended(
    fresh_rate_limits, letter_storage
):
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=False) as traveller:
        application, _appointment, code = invited(make_location(), at(FIRST_DAY, 8))
        client = opened(application, code)
        page = client.get(OVERVIEW).content.decode()
        assert 'data-session-timeout="1800"' in page
        assert 'action="/termin/verlaengern/"' in page
        assert "Seiten geöffnet lassen" in page
        assert "js/session-timeout.js" in page

        traveller.shift(timedelta(minutes=29))
        assert 'data-session-timeout="60"' in client.get(MOVE).content.decode()
        assert client.post(EXTEND).json() == {"seconds": 1800}
        traveller.shift(timedelta(minutes=29))  # 58 minutes after the details were entered
        assert client.get(OVERVIEW).status_code == 200

        traveller.shift(timedelta(minutes=2))
        assert client.post(EXTEND).json() == {"seconds": 0}  # ended: nothing to extend
        assert client.get(OVERVIEW)["Location"] == START


def test_extending_needs_the_csrf_token(booked):
    application, _appointment, code = booked
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = opened(application, code).cookies  # the same session, with the grant
    assert strict.get(OVERVIEW).status_code == 200
    assert strict.post(EXTEND).status_code == 403


def test_the_pages_need_the_grant(db):
    for url in (OVERVIEW, CANCEL, MOVE, DONE):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"] == START


# --- Cancel --------------------------------------------------------------------------------


def test_cancelling_frees_the_slot_and_sends_the_request_back_without_a_new_invitation(
    booked, monkeypatch, django_capture_on_commit_callbacks, letter_storage
):
    application, appointment, code = booked
    enqueued = []
    monkeypatch.setattr(services, "_async_invitation", enqueued.append)
    client = opened(application, code)

    question = client.get(CANCEL)
    assert question.status_code == 200
    assert h1_count(question) == 1
    assert "Montag, 8. Juni 2026" in question.content.decode()

    unanswered = client.post(CANCEL, {})
    assert unanswered.status_code == 200
    assert title(unanswered).startswith("Fehler: ")
    assert str(views.CANCEL_MISSING) in unanswered.content.decode()

    kept = client.post(CANCEL, {"cancel": "no"})
    assert kept["Location"] == OVERVIEW
    appointment.refresh_from_db()
    assert appointment.status == "booked"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CANCEL, {"cancel": "yes"})
    assert response.status_code == 302
    assert response["Location"] == DONE

    appointment.refresh_from_db()
    application.refresh_from_db()
    assert appointment.status == "cancelled"
    assert application.status == "documents_complete"
    assert enqueued == []  # no new automatic invitation
    assert not InvitationJob.objects.filter(application=application).exists()
    assert application.pk not in services.invitation_backlog()

    letter = InvitationLetter.objects.get(kind="cancellation")
    assert (letter.application, letter.appointment, letter.printed_at) == (
        application,
        appointment,
        None,
    )
    assert letter in printing.pending_letters()
    text = " ".join(pdf_pages(stored(letter.file.name)))
    for expected in ("Ihr Termin ist abgesagt", "Montag, 8. Juni 2026", "08:00 Uhr", "Yılmaz"):
        assert expected in text, expected

    done = client.get(DONE)
    assert done.status_code == 200
    assert h1_count(done) == 1
    html = done.content.decode()
    assert application.reference in html
    assert f'href="{MOVE}"' in html  # a new time can be chosen here

    # The slot is free: another applicant takes Monday 08:00 at the only desk.
    other, other_appointment, _code = invited(appointment.location, at(FIRST_DAY, 11))
    moved = reschedule.appointment_move(
        application_id=other.pk,
        appointment_id=other_appointment.pk,
        starts_at=at(FIRST_DAY, 8),
    )
    assert (moved.starts_at, moved.desk, moved.status) == (at(FIRST_DAY, 8), 1, "booked")

    # Cancelling twice changes nothing more.
    again = client.post(CANCEL, {"cancel": "yes"})
    assert again["Location"] == OVERVIEW
    assert InvitationLetter.objects.filter(kind="cancellation").count() == 1


def test_after_cancelling_a_new_time_can_be_booked(booked, letter_storage):
    application, appointment, code = booked
    reschedule.appointment_cancel(application_id=application.pk, appointment_id=appointment.pk)
    client = opened(application, code)
    overview = client.get(OVERVIEW).content.decode()
    assert f'href="{MOVE}"' in overview
    assert f'href="{CANCEL}"' not in overview

    page = client.get(MOVE, {"tag": FIRST_DAY.isoformat()})
    assert page.status_code == 200
    values = re.findall(r'name="slot" value="([^"]+)"', page.content.decode())
    assert values[0] == slot_value(at(FIRST_DAY, 8))  # its own freed slot is free again
    response = client.post(MOVE, {"slot": values[1], "shown": str(appointment.pk)})
    assert response["Location"] == DONE

    application.refresh_from_db()
    assert application.status == "invited"
    new = Appointment.objects.get(application=application, status="booked")
    assert new.starts_at == at(FIRST_DAY, 8, 30)
    assert new.code_digest == appointment.code_digest
    letter = InvitationLetter.objects.get(kind="confirmation")
    assert letter.appointment == new
    text = " ".join(pdf_pages(stored(letter.file.name)))
    assert "Ihr neuer Termin" in text
    assert "08:30 Uhr" in text


# --- Move ----------------------------------------------------------------------------------


def test_first_the_days_with_free_times_in_the_coming_weeks(booked):
    application, _appointment, code = booked
    client = opened(application, code)
    page = client.get(MOVE)
    assert page.status_code == 200
    assert h1_count(page) == 1
    html = page.content.decode()
    days = re.findall(r'name="tag" value="([^"]+)"', html)
    # Every working day with free times from the lead time on, for six weeks: Corpus
    # Christi (4 June) and the weekends are not among them, Monday 8 June is the first.
    assert days[0] == FIRST_DAY.isoformat()
    assert len(days) >= reschedule.MIN_DAYS_OFFERED
    chosen = [date.fromisoformat(day) for day in days]
    assert all(day.weekday() < 5 for day in chosen)
    assert chosen[-1] >= FIRST_DAY + timedelta(weeks=reschedule.OFFER_WEEKS) - timedelta(days=3)
    # Monday has one time less: the applicant's own 08:00 is not offered.
    assert "Montag, 8. Juni 2026 (7 freie Uhrzeiten)" in html
    assert "Dienstag, 9. Juni 2026 (8 freie Uhrzeiten)" in html
    assert '<form method="get"' in html


def test_then_the_times_of_the_chosen_day_never_the_current_one(booked):
    application, _appointment, code = booked
    client = opened(application, code)
    week_later = FIRST_DAY + timedelta(days=7)
    page = client.get(MOVE, {"tag": week_later.isoformat()})
    assert page.status_code == 200
    values = re.findall(r'name="slot" value="([^"]+)"', page.content.decode())
    assert values == [slot_value(at(week_later, 8) + timedelta(minutes=30 * i)) for i in range(8)]
    assert "Montag, 15. Juni 2026" in page.content.decode()
    own_day = client.get(MOVE, {"tag": FIRST_DAY.isoformat()}).content.decode()
    assert slot_value(at(FIRST_DAY, 8)) not in own_day
    assert slot_value(at(FIRST_DAY, 8, 30)) in own_day


@pytest.mark.parametrize("day", ["", "2026-06-04", "2026-06-06", "morgen", "2030-01-01"])
def test_a_day_without_free_times_is_refused_at_the_question(booked, day):
    application, _appointment, code = booked
    client = opened(application, code)
    page = client.get(MOVE, {"tag": day})
    assert page.status_code == 200
    assert title(page).startswith("Fehler: ")
    html = page.content.decode()
    assert "error-summary" in html
    assert str(views.DAY_MISSING if day == "" else views.DAY_GONE) in html
    assert 'name="tag"' in html


def test_moving_books_the_new_slot_and_frees_the_old_in_one_transaction(booked, letter_storage):
    application, appointment, code = booked
    client = opened(application, code)
    unanswered = client.post(MOVE, {"shown": str(appointment.pk)})
    assert title(unanswered).startswith("Fehler: ")
    assert "error-summary" in unanswered.content.decode()

    response = client.post(MOVE, {"slot": slot_value(at(FIRST_DAY, 9)), "shown": appointment.pk})
    assert response.status_code == 302
    assert response["Location"] == DONE
    # A second submit of the same page changes nothing and says why.
    twice = client.post(
        MOVE, {"slot": slot_value(at(FIRST_DAY, 9)), "shown": appointment.pk}, follow=True
    )
    assert twice.redirect_chain == [(OVERVIEW, 302)]
    assert str(views.ALREADY_CHANGED) in twice.content.decode()
    assert InvitationLetter.objects.filter(kind="confirmation").count() == 1

    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    new = Appointment.objects.get(application=application, status="booked")
    assert (new.starts_at, new.ends_at, new.desk) == (at(FIRST_DAY, 9), at(FIRST_DAY, 9, 30), 1)
    assert new.location == appointment.location
    assert new.code_digest == appointment.code_digest  # the letter's code stays valid
    application.refresh_from_db()
    assert application.status == "invited"

    letter = InvitationLetter.objects.get(kind="confirmation")
    assert (letter.appointment, letter.printed_at) == (new, None)
    text = " ".join(pdf_pages(stored(letter.file.name)))
    for expected in (
        "Ihr Termin ist verschoben",
        "Montag, 8. Juni 2026",
        "09:00 Uhr",
        "08:00 Uhr entfällt",
        "Yılmaz",
        "Äußere Laufer Gasse 1",
    ):
        assert expected in text, expected

    done = client.get(DONE)
    assert done.status_code == 200
    assert "09:00" in done.content.decode()

    # The old time is free for others; the code opens the new appointment.
    offered = reschedule.slots_offered(application_id=application.pk, day=FIRST_DAY)
    assert offered[0].starts_at == at(FIRST_DAY, 8)
    again = opened(application, code).get(OVERVIEW).content.decode()
    assert "09:00" in again


def test_a_move_that_fails_half_way_changes_nothing(booked, monkeypatch, letter_storage):
    application, appointment, _code = booked
    files_before = letter_files(letter_storage)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(InvitationLetter.objects, "create", broken)
    with pytest.raises(RuntimeError):
        reschedule.appointment_move(
            application_id=application.pk,
            appointment_id=appointment.pk,
            starts_at=at(FIRST_DAY, 9),
        )
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    assert Appointment.objects.filter(application=application).count() == 1
    assert letter_files(letter_storage) == files_before  # the rendered letter is gone again


def test_a_time_that_is_not_free_is_refused(booked):
    application, appointment, _code = booked
    for starts_at in (
        at(FIRST_DAY, 8),  # its own, booked
        at(FIRST_DAY, 8, 10),  # not a slot
        at(FIRST_DAY, 12),  # after closing
        at(FIRST_DAY - timedelta(days=3), 9),  # before the lead time (Friday 5 June)
        at(FIRST_DAY + timedelta(days=-4), 9),  # Corpus Christi
    ):
        with pytest.raises(reschedule.ChangeRefused) as refused:
            reschedule.appointment_move(
                application_id=application.pk, appointment_id=appointment.pk, starts_at=starts_at
            )
        assert refused.value.code == reschedule.SLOT_TAKEN, starts_at
    # A stale appointment id (already moved) is refused too.
    new = reschedule.appointment_move(
        application_id=application.pk, appointment_id=appointment.pk, starts_at=at(FIRST_DAY, 9)
    )
    with pytest.raises(reschedule.ChangeRefused) as refused:
        reschedule.appointment_move(
            application_id=application.pk,
            appointment_id=appointment.pk,
            starts_at=at(FIRST_DAY, 10),
        )
    assert refused.value.code == reschedule.NOT_CHANGEABLE
    assert Appointment.objects.get(application=application, status="booked") == new


def test_the_applicant_who_comes_second_is_told_the_time_is_taken(booked):
    application, _appointment, code = booked
    other, other_appointment, other_code = invited(booked[1].location, at(FIRST_DAY, 11))
    first, second = opened(application, code), opened(other, other_code)
    assert second.get(MOVE, {"tag": FIRST_DAY.isoformat()}).status_code == 200  # 10:00 is free
    ten = slot_value(at(FIRST_DAY, 10))
    assert first.post(MOVE, {"slot": ten, "shown": booked[1].pk})["Location"] == DONE

    response = second.post(MOVE, {"slot": ten, "shown": other_appointment.pk})
    assert response.status_code == 200
    assert title(response).startswith("Fehler: ")
    html = response.content.decode()
    assert str(views.SLOT_TAKEN) in html
    assert 'href="#id_slot_0"' in html  # the error summary links to the question
    other_appointment.refresh_from_db()
    assert other_appointment.status == "booked"
    assert slot_value(at(FIRST_DAY, 10)) not in re.findall(r'value="([^"]+)"', html)


def test_a_slot_taken_inside_the_lock_gives_the_same_message(booked, monkeypatch):
    application, appointment, code = booked
    client = opened(application, code)
    monkeypatch.setattr(reschedule, "_free_slot_at", lambda *args: None)
    response = client.post(MOVE, {"slot": slot_value(at(FIRST_DAY, 10)), "shown": appointment.pk})
    assert response.status_code == 200
    assert str(views.SLOT_TAKEN) in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    assert not InvitationLetter.objects.filter(kind="confirmation").exists()


@pytest.mark.django_db(transaction=True)
def test_two_applicants_racing_for_the_same_slot_one_wins(letter_storage, monkeypatch):
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=True):
        location = make_location()
        racers = [invited(location, at(FIRST_DAY, 8 + hour)) for hour in range(2)]
        target = at(FIRST_DAY, 11)
        # Both have rendered their letter before either takes the lock.
        render = reschedule._letter
        ready = threading.Barrier(len(racers))

        def letter_then_wait(*args, **kwargs):
            name = render(*args, **kwargs)
            ready.wait(timeout=30)
            return name

        monkeypatch.setattr(reschedule, "_letter", letter_then_wait)
        outcomes: dict[int, object] = {}

        def move(application, appointment):
            try:
                outcomes[application.pk] = reschedule.appointment_move(
                    application_id=application.pk,
                    appointment_id=appointment.pk,
                    starts_at=target,
                )
            except reschedule.ChangeRefused as refused:
                outcomes[application.pk] = refused.code
            finally:
                connection.close()

        threads = [
            threading.Thread(target=move, args=(application, appointment))
            for application, appointment, _code in racers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    won = [pk for pk, outcome in outcomes.items() if isinstance(outcome, Appointment)]
    lost = [pk for pk, outcome in outcomes.items() if outcome == reschedule.SLOT_TAKEN]
    assert len(won) == 1, outcomes
    assert len(lost) == 1, outcomes
    assert Appointment.objects.filter(starts_at=target, status="booked").count() == 1
    # The loser keeps the old appointment; only the winner got a confirmation letter.
    loser = Application.objects.get(pk=lost[0])
    assert Appointment.objects.get(application=loser, status="booked").starts_at != target
    assert (
        list(
            InvitationLetter.objects.filter(kind="confirmation").values_list(
                "application_id", flat=True
            )
        )
        == won
    )
    assert len(letter_files(letter_storage)) == 1


def test_an_appointment_that_has_begun_can_no_longer_be_changed(fresh_rate_limits, letter_storage):
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=False) as traveller:
        application, appointment, code = invited(make_location(), at(FIRST_DAY, 8))
        traveller.move_to(at(FIRST_DAY, 8, 5))
        client = opened(application, code)
        overview = client.get(OVERVIEW).content.decode()
        assert f'href="{CANCEL}"' not in overview
        assert f'href="{MOVE}"' not in overview
        for url in (CANCEL, MOVE):
            assert client.get(url)["Location"] == OVERVIEW
        with pytest.raises(reschedule.ChangeRefused):
            reschedule.appointment_cancel(
                application_id=application.pk, appointment_id=appointment.pk
            )


def test_another_requests_appointment_cannot_be_cancelled(booked):
    application, _appointment, _code = booked
    _other, other_appointment, _other_code = invited(booked[1].location, at(FIRST_DAY, 11))
    with pytest.raises(reschedule.ChangeRefused):
        reschedule.appointment_cancel(
            application_id=application.pk, appointment_id=other_appointment.pk
        )
    other_appointment.refresh_from_db()
    assert other_appointment.status == "booked"


# --- The confirmation letter ------------------------------------------------------------------


def test_the_confirmation_has_an_english_page_for_requests_in_english():
    from tests.appointments.building import FACTS

    facts = letters.ConfirmationFacts(
        change=letters.MOVED,
        reference=FACTS.reference,
        given_names=FACTS.given_names,
        surname=FACTS.surname,
        street=FACTS.street,
        address_extra="",
        postcode=FACTS.postcode,
        town=FACTS.town,
        kind=FACTS.kind,
        starts_at=FACTS.starts_at,
        previous_starts_at=FACTS.starts_at - timedelta(days=3),
        location_name=FACTS.location_name,
        location_street=FACTS.location_street,
        location_postcode=FACTS.location_postcode,
        location_town=FACTS.location_town,
        location_phone="",
        language="en",
        today=FACTS.today,
    )
    first, second = pdf_pages(letters.confirmation_pdf(facts))
    assert "Ihr Termin ist verschoben" in first
    assert "Freitag, 5. Juni 2026 um 09:30 Uhr entfällt" in first
    for expected in ("Confirmation: your appointment has been moved", "Monday, 8 June 2026"):
        assert expected in second, expected
    cancelled = pdf_pages(
        letters.confirmation_pdf(replace(facts, change="cancelled", language="de"))
    )
    assert len(cancelled) == 1
    assert "Eine neue Einladung schicken wir Ihnen nicht von selbst." in cancelled[0]
    with pytest.raises(ValueError, match="Unknown change"):
        letters.confirmation_context(replace(facts, change="lost"))


# --- Hostile input (SECURITY-BAR line 13) -------------------------------------------------


HOSTILE_TEXT = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        ["", "\x00", "<script>", "9" * 5000, "31.02.2026", "2026-06-08T08:00:00+02:00"]
    ),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(reference=HOSTILE_TEXT, born=HOSTILE_TEXT, code=HOSTILE_TEXT)
def test_the_details_form_never_fails_on_hostile_input(booked, reference, born, code):
    cache.clear()
    client = Client(raise_request_exception=False)
    data = {"reference": reference, "date_of_birth": born, "code": code}
    response = client.post(START, data)
    assert response.status_code == 200  # never opened, never a server error
    assert "error-summary" in response.content.decode()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cancel=HOSTILE_TEXT, slot=HOSTILE_TEXT, shown=HOSTILE_TEXT)
def test_the_cancel_and_move_forms_never_fail_on_hostile_input(booked, cancel, slot, shown):
    application, appointment, code = booked
    cache.clear()
    client = opened(application, code)
    client.raise_request_exception = False
    assert client.post(CANCEL, {"cancel": cancel}).status_code in (200, 302)
    assert client.post(MOVE, {"slot": slot, "shown": shown}).status_code in (200, 302)
    assert client.post(MOVE, {"slot": slot, "shown": str(appointment.pk)}).status_code in (200, 302)
    kept = Appointment.objects.get(pk=appointment.pk)
    assert kept.starts_at == appointment.starts_at  # no hostile value moved it


def test_a_grant_extended_again_and_again_still_ends_with_the_session_after_eight_hours(
    fresh_rate_limits, letter_storage
):
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=False) as traveller:
        application, _appointment, code = invited(make_location(), at(FIRST_DAY, 8))
        client = opened(application, code)
        for _turn in range(19):  # 7 hours 55 minutes, extended every 25 minutes
            traveller.shift(timedelta(minutes=25))
            assert client.post(EXTEND).json() == {"seconds": 1800}
        traveller.shift(timedelta(minutes=10))  # the grant is open, the session too old
        assert client.post(EXTEND).json() == {"seconds": 0}
        assert client.get(OVERVIEW)["Location"] == START
