"""Invitation, password reset and the end of a login when the last seat ends."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from medlem.accounts import InvitationError, invite
from medlem.models import Invitation
from samarbeid.models import Membership, Person

STRONG = "Fjordhest-Blåbær-91"


def link_in(message):
    """The path of the first link to this site in a mail."""
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.fixture
def nina(committee):
    nina = Person.objects.create(name="Nina Ny", email="Nina@Example.no")
    Membership.objects.create(person=nina, body=committee, category="kommunehelsetenesta")
    return nina


def send_from_admin(client, person, capture):
    with capture(execute=True):
        return client.post(
            reverse("admin:samarbeid_person_changelist"),
            {"action": "invite", "_selected_action": [person.pk]},
            follow=True,
        )


def choose_password(client, path, password=STRONG):
    # Django moves the token out of the address into the session, then shows the form.
    page = client.get(path, follow=True)
    assert page.context["validlink"]
    return client.post(
        page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def test_it_invites_a_member_who_sets_a_password_and_logs_in(
    editor_client, client, nina, committee, mailoutbox, django_capture_on_commit_callbacks
):
    response = send_from_admin(editor_client, nina, django_capture_on_commit_callbacks)
    assert "1 invitation sent." in response.text
    nina.refresh_from_db()
    user = nina.user
    assert user.username == "nina@example.no" and user.email == "Nina@Example.no"
    assert not user.has_usable_password() and user.is_active and not user.is_staff
    invitation = Invitation.objects.get(person=nina)
    assert invitation.sent_by.username == "redaktor"
    [message] = mailoutbox
    assert message.to == ["Nina@Example.no"]
    assert "nina@example.no" in message.body  # the user name

    editor_client.logout()
    path = link_in(message)
    done = choose_password(client, path)
    assert done.redirect_chain[-1][0] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(STRONG)

    # The link works once.
    again = client.get(path, follow=True)
    assert again.context["validlink"] is False
    assert "has been used already or has run out" in again.text

    # Logging in leads a member to their meetings.
    page = client.post(
        reverse("login"), {"username": "nina@example.no", "password": STRONG}, follow=True
    )
    assert page.redirect_chain[-1][0] == reverse("medlem:mine")
    assert "Fagleg utval" in page.text


def test_it_refuses_to_invite_without_an_address_or_with_another_persons(
    editor_client, nina, committee, people, mailoutbox, django_capture_on_commit_callbacks
):
    nobody = Person.objects.create(name="Utan Adresse")
    response = send_from_admin(editor_client, nobody, django_capture_on_commit_callbacks)
    assert "Utan Adresse has no e-mail address." in response.text
    twin = Person.objects.create(name="Tvilling", email="ola@example.no")
    with pytest.raises(InvitationError, match="belongs to another person"):
        invite(twin)
    assert mailoutbox == []
    assert not User.objects.filter(username__in=["", "ola@example.no"]).exists()


def test_a_weak_password_is_refused_with_a_message_and_the_link_still_works(
    client, nina, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(nina)
    path = link_in(mailoutbox[0])
    response = choose_password(client, path, password="12345678")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]  # "too common", "only digits"
    assert 'aria-invalid="true"' in response.text
    assert not User.objects.get(person=nina).has_usable_password()
    assert choose_password(client, path).redirect_chain[-1][0] == reverse(
        "password_reset_complete"
    )


def test_it_resets_a_forgotten_password_by_mail(client, people, mailoutbox):
    page = client.get(reverse("login"))
    assert reverse("password_reset") in page.text
    response = client.post(reverse("password_reset"), {"email": "OLA@example.no"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    [message] = mailoutbox
    assert message.to == ["ola@example.no"]
    assert "Your user name is ola." in message.body
    choose_password(client, link_in(message), password="Ny-Sommar-2027")
    assert client.login(username="ola", password="Ny-Sommar-2027")


def test_an_unknown_address_gets_the_same_page_and_no_mail(client, people, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "ukjend@example.no"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    assert mailoutbox == []


def test_the_login_ends_with_the_last_seat(people):
    ola, kari = people["ola"], people["kari"]
    seat = people["ola_seat"]
    seat.end = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()
    ola.user.refresh_from_db()
    assert ola.user.is_active is False
    kari.user.refresh_from_db()
    assert kari.user.is_active


def test_a_seat_that_ends_later_keeps_the_login_until_the_daily_command(people, capsys):
    ola = people["ola"]
    seat = people["ola_seat"]
    seat.end = timezone.localdate()
    seat.save()
    ola.user.refresh_from_db()
    assert ola.user.is_active  # the seat lasts today
    Membership.objects.filter(pk=seat.pk).update(end=timezone.localdate() - datetime.timedelta(1))
    call_command("deactivate_former_members")
    assert "Ola Medlem" in capsys.readouterr().out
    ola.user.refresh_from_db()
    assert ola.user.is_active is False
    call_command("deactivate_former_members")  # a second run finds nobody
    assert "No logins" in capsys.readouterr().out


def test_the_secretariat_keeps_its_login_without_a_seat(editor, committee):
    person = Person.objects.create(name="Sekretær", user=editor)
    seat = Membership.objects.create(person=person, body=committee, category="sekretariat")
    seat.delete()
    editor.refresh_from_db()
    assert editor.is_active


def test_an_invitation_wakes_up_a_login_ended_earlier(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    ola = people["ola"]
    ola.user.is_active = False
    ola.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(ola)
    ola.user.refresh_from_db()
    assert ola.user.is_active
    assert len(mailoutbox) == 1


def test_members_are_not_asked_for_a_second_factor(client, people, settings):
    settings.REQUIRE_2FA = True
    client.post(reverse("login"), {"username": "ola", "password": "pw"})
    assert client.get(reverse("medlem:mine")).status_code == 200
