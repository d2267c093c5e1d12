"""Apologies (forfall): the attendance at once, the substitute mailed through the task queue
and listed as "substitute for X", pending until they confirm; the secretariat stops or
changes the call. Who and when is recorded."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from medlem.models import AbsenceError, AbsenceReport
from moter.models import Attendance
from samarbeid.models import Person


def report(client, meeting, capture, reason="Sjukehusvakt"):
    with capture(execute=True):
        return client.post(reverse("medlem:absence", args=[meeting.pk]), {"reason": reason},
                           follow=True)  # fmt: skip


def rows(meeting):
    return {
        row.person.name: (row.status, row.substitute_for.name if row.substitute_for else None,
                          row.pending)
        for row in meeting.attendance.select_related("person", "substitute_for")
    }  # fmt: skip


def test_a_member_reports_apologies_and_the_substitute_is_called_in(
    ola_client, issued, people, mailoutbox, django_capture_on_commit_callbacks, secretary_client
):
    response = report(ola_client, issued, django_capture_on_commit_callbacks)
    assert "Your substitute Siri Vara is called in by e-mail." in response.text

    absence = AbsenceReport.objects.get()
    assert absence.reported_by == people["ola"].user and absence.reason == "Sjukehusvakt"
    assert absence.substitute == people["siri"]
    assert absence.substitute_status == "venter" and absence.substitute_mailed_at
    assert rows(issued) == {
        "Kari Leiar": ("til_stades", None, False),
        "Ola Medlem": ("forfall", None, False),
        "Siri Vara": ("vara", "Ola Medlem", True),
    }
    # The substitute's mail, with the notice.
    [message] = mailoutbox
    assert message.to == ["siri@example.no"]
    assert "Ola Medlem har meldt forfall til" in message.body  # the meeting's language
    assert message.attachments[0].mimetype == "application/pdf"
    assert message.attachments[0].content.startswith(b"%PDF")

    # The secretariat sees it on the attendance step at once.
    page = secretary_client.get(reverse("admin:moter_meeting_oppmote", args=[issued.pk]))
    assert page.status_code == 200
    assert "Siri Vara" in page.text

    # The substitute confirms from the mail (a page with a button; opening it does nothing).
    path = re.search(r"https?://[^/\s]+(/medlem/vara/\S+)", message.body).group(1)
    ola_client.logout()
    page = ola_client.get(path)
    assert "I will come" in page.text
    absence.refresh_from_db()
    assert absence.substitute_status == "venter"
    ola_client.post(path)
    absence.refresh_from_db()
    assert absence.substitute_status == "stadfesta" and absence.substitute_confirmed_at
    assert rows(issued)["Siri Vara"] == ("vara", "Ola Medlem", False)
    assert "You have confirmed" in ola_client.get(path).text


def test_reporting_twice_records_once_and_mails_once(
    ola_client, issued, people, mailoutbox, django_capture_on_commit_callbacks
):
    report(ola_client, issued, django_capture_on_commit_callbacks)
    report(ola_client, issued, django_capture_on_commit_callbacks, reason="Sjuk")
    assert AbsenceReport.objects.get().reason == "Sjuk"
    assert len(mailoutbox) == 1
    assert Attendance.objects.filter(meeting=issued, person=people["siri"]).count() == 1


def test_the_task_run_again_sends_no_second_mail(
    ola_client, issued, mailoutbox, django_capture_on_commit_callbacks
):
    from medlem.tasks import mail_substitute

    report(ola_client, issued, django_capture_on_commit_callbacks)
    absence = AbsenceReport.objects.get()
    mail_substitute.call(absence.pk, absence.substitute_id)
    assert len(mailoutbox) == 1


def test_before_the_notice_the_substitute_is_told_it_comes_later(
    ola_client, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    report(ola_client, meeting, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert "Innkallinga er ikkje send ut enno" in message.body and not message.attachments


def test_the_secretariat_stops_the_call(
    ola_client, secretary_client, issued, people, django_capture_on_commit_callbacks, mailoutbox
):
    report(ola_client, issued, django_capture_on_commit_callbacks)
    absence = AbsenceReport.objects.get()
    secretary_client.post(
        reverse("admin:medlem_absencereport_changelist"),
        {"action": "stop_substitute", "_selected_action": [absence.pk]},
    )
    absence.refresh_from_db()
    assert absence.substitute_status == "stoppa"
    assert absence.stopped_by.username == "redaktor" and absence.stopped_at
    assert "Siri Vara" not in rows(issued)
    assert rows(issued)["Ola Medlem"][0] == "forfall"
    # The link in the mail no longer confirms anything.
    path = re.search(r"(/medlem/vara/\S+)", mailoutbox[0].body).group(1)
    assert "no longer applies" in ola_client.post(path, follow=True).text
    absence.refresh_from_db()
    assert absence.substitute_status == "stoppa"
    assert absence.stop() is False  # a second stop is a no-op


def test_the_secretariat_calls_in_another_substitute(
    ola_client,
    secretary_client,
    issued,
    people,
    django_capture_on_commit_callbacks,
    mailoutbox,
    committee,
):
    report(ola_client, issued, django_capture_on_commit_callbacks)
    absence = AbsenceReport.objects.get()
    other = Person.objects.create(name="Per Ekstra", email="per@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(
            reverse("admin:medlem_absencereport_change", args=[absence.pk]),
            {"reason": absence.reason, "call_instead": other.pk},
            follow=True,
        )
    assert "Per Ekstra is called in." in response.text
    absence.refresh_from_db()
    assert absence.substitute == other and absence.substitute_status == "venter"
    assert absence.substitute_called_by.username == "redaktor"
    assert rows(issued)["Per Ekstra"] == ("vara", "Ola Medlem", True)
    assert "Siri Vara" not in rows(issued)
    assert [m.to for m in mailoutbox] == [["siri@example.no"], ["per@example.no"]]
    # Siri's old link says it no longer applies.
    path = re.search(r"(/medlem/vara/\S+)", mailoutbox[0].body).group(1)
    assert "no longer applies" in ola_client.get(path).text


def test_a_member_without_a_substitute_is_told_so(
    client, issued, people, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(people["kari"].user)
    response = report(client, issued, django_capture_on_commit_callbacks)
    assert "You have no named substitute" in response.text
    assert mailoutbox == []
    assert rows(issued)["Kari Leiar"][0] == "forfall"


def test_apologies_are_refused_after_the_meeting_and_for_other_bodies(
    ola_client, issued, other_member, django_capture_on_commit_callbacks
):
    issued.mark_held()
    response = report(ola_client, issued, django_capture_on_commit_callbacks)
    assert "Apologies can only be reported before the meeting." in response.text
    assert not AbsenceReport.objects.exists()
    url = reverse("medlem:absence", args=[issued.pk])
    stranger = Client()
    stranger.force_login(other_member)
    assert stranger.post(url, {"reason": ""}).status_code == 404


@pytest.mark.parametrize("method", ["get", "put"])
def test_absence_takes_only_post(ola_client, issued, method):
    response = getattr(ola_client, method)(reverse("medlem:absence", args=[issued.pk]))
    assert response.status_code == 405


def test_anonymous_is_sent_to_log_in(client, issued):
    response = client.post(reverse("medlem:absence", args=[issued.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_forged_confirmation_link_is_404(client):
    assert client.get(reverse("medlem:confirm_substitute", args=["nonsense"])).status_code == 404


def test_the_member_cannot_be_their_own_substitute(ola_client, issued, people,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    report(ola_client, issued, django_capture_on_commit_callbacks)
    with pytest.raises(AbsenceError):
        AbsenceReport.objects.get().call_substitute(people["ola"])
