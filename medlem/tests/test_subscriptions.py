"""Subscriptions: anyone by an address they confirm, a logged-in user at once; a mail when
a notice is issued and when minutes are published; unsubscribe in one click."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from medlem.models import Delivery, Subscription
from medlem.tasks import mail_subscribers
from moter.models import MeetingDocument


def path_in(message, start):
    return re.search(rf"https?://[^/\s]+({start}\S+)", message.body).group(1)


def subscribe(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("medlem:subscribe", args=["fsu"]), {"email": email},
                           follow=True)  # fmt: skip


def test_a_reader_subscribes_confirms_gets_the_news_and_unsubscribes(
    client, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    response = subscribe(client, "lesar@example.no", django_capture_on_commit_callbacks)
    assert "We have sent a link to lesar@example.no." in response.text
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    [confirmation] = mailoutbox
    assert confirmation.to == ["lesar@example.no"]

    # Not yet confirmed: the notice mails nobody.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    assert all("lesar@example.no" not in m.to for m in mailoutbox)

    confirm = path_in(confirmation, "/medlem/abonnement/")
    assert "Confirm" in client.get(confirm).text
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # opening the link confirms nothing
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    # The minutes are published: one mail, with a one-click unsubscribe.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.mark_held()
        meeting.start_minutes()
        meeting.approve_minutes(in_case=None)
        meeting.publish()
    [news] = [m for m in mailoutbox if m.to == ["lesar@example.no"]]
    assert news.subject.startswith("Referat publisert:") and meeting.label in news.subject
    assert meeting.get_absolute_url() in news.body
    unsubscribe = path_in(news, "/medlem/abonnement/")
    assert news.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The mail program's one-click POST, without a form or a cookie.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert "Unsubscribed" in client.get(unsubscribe).text  # the used link says it is done


def test_the_notice_mails_confirmed_subscribers_once(
    client, meeting, committee, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    Subscription.objects.create(body=committee, email="a@example.no", confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    [news] = [m for m in mailoutbox if m.to == ["a@example.no"]]
    assert news.subject.startswith("Innkalling:")  # in the meeting's language
    notice = MeetingDocument.objects.get(kind="innkalling")
    assert mail_subscribers.call(notice.pk) == 0  # run again: nobody is mailed twice
    assert Delivery.objects.count() == 1


def test_a_logged_in_user_subscribes_their_own_address_at_once(
    ola_client, committee, mailoutbox, django_capture_on_commit_callbacks
):
    page = ola_client.get(reverse("medlem:subscribe", args=["fsu"])).text
    assert 'value="ola@example.no"' in page
    response = subscribe(ola_client, "ola@example.no", django_capture_on_commit_callbacks)
    assert "You will get an e-mail when" in response.text
    assert Subscription.objects.get().confirmed_at is not None
    assert mailoutbox == []


def test_asking_again_sends_no_second_confirmation_within_the_hour(
    client, committee, mailoutbox, django_capture_on_commit_callbacks
):
    subscribe(client, "lesar@example.no", django_capture_on_commit_callbacks)
    subscribe(client, "LESAR@example.no", django_capture_on_commit_callbacks)
    assert Subscription.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_bad_address_is_refused_with_a_message(client, committee):
    response = client.post(reverse("medlem:subscribe", args=["fsu"]), {"email": "ikkje-adresse"})
    assert response.status_code == 200
    assert "Write a whole e-mail address" in response.text
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("name", ["medlem:confirm", "medlem:unsubscribe"])
def test_an_unknown_token_finds_nothing(client, db, name):
    response = client.get(reverse(name, args=["ukjend"]))
    assert response.status_code == (404 if name == "medlem:confirm" else 200)
    assert not Subscription.objects.exists()


def test_an_unknown_body_is_404(client, db):
    assert client.get(reverse("medlem:subscribe", args=["finst-ikkje"])).status_code == 404
