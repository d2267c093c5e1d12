"""Mine møte: the member's coming meetings with notice, cases, papers and proposed
decisions, their substitute calls and the latest minutes; a fixed number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moter.models import AgendaItem, Attachment, Meeting
from samarbeid.models import Body, Membership
from samarbeid.tests.documents import plain_pdf

from .conftest import in_days


def mine(client):
    return client.get(reverse("medlem:mine"))


def test_it_shows_the_next_meeting_with_its_papers_and_proposed_decision(ola_client, issued):
    item = issued.items.get(title="Ny tenesteavtale 3")
    paper = Attachment(item=item, title="Utkast til avtale",
                       file=SimpleUploadedFile("a.pdf", plain_pdf()))  # fmt: skip
    paper.full_clean()
    paper.save()
    page = mine(ola_client)
    assert page.status_code == 200
    text = page.text
    assert issued.get_absolute_url() in text
    assert reverse("moter:notice_pdf", args=["fsu", issued.year, issued.number]) in text
    assert item.get_absolute_url() in text and "Ny tenesteavtale 3" in text
    assert paper.get_download_url() in text
    assert "FSU godkjenner avtalen." in text  # the proposed decision
    assert reverse("medlem:absence", args=[issued.pk]) in text
    assert reverse("medlem:conflict", args=[item.pk]) in text
    # The paper opens for the member.
    assert ola_client.get(paper.get_download_url()).status_code == 200


def test_the_proposal_is_the_proposed_decision_field_not_a_decision(ola_client, issued):
    item = issued.items.get(title="Ny tenesteavtale 3")
    AgendaItem.objects.filter(pk=item.pk).update(
        proposed_decision="FSU tilrår avtalen.", decision="Eit vedtak skrive for tidleg."
    )
    text = mine(ola_client).text
    assert "FSU tilrår avtalen." in text
    assert "Eit vedtak skrive for tidleg." not in text


def test_before_the_notice_it_says_so_and_shows_no_cases(ola_client, meeting):
    text = mine(ola_client).text
    assert "The notice is not issued yet." in text
    assert "Ny tenesteavtale 3" not in text
    assert reverse("medlem:absence", args=[meeting.pk]) in text


def test_it_lists_the_latest_published_minutes(ola_client, committee, people):
    from moter.tests.conftest import advance

    old = Meeting.objects.create(body=committee, starts_at=in_days(-40))
    advance(old, "publisert")
    text = mine(ola_client).text
    assert "Latest minutes" in text and old.get_absolute_url() in text


def test_it_shows_the_substitute_their_call(
    client, ola_client, issued, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ola_client.post(reverse("medlem:absence", args=[issued.pk]), {"reason": ""})
    assert "Siri Vara is called in and has not confirmed yet." in mine(ola_client).text
    from django.contrib.auth.models import User

    siri = people["siri"]
    siri.user = User.objects.create_user("siri", password="pw")
    siri.save()
    client.force_login(siri.user)
    text = mine(client).text
    assert "You are called in as substitute" in text
    assert "confirm that you will come" in text


def test_other_bodies_meetings_are_not_shown(ola_client, people):
    other = Body.objects.create(slug="ou", name_nn="OU Bergen", kind="ou")
    hidden = Meeting.objects.create(body=other, starts_at=in_days(5), place="Rådhuset")
    assert hidden.get_absolute_url() not in mine(ola_client).text


def test_a_login_without_a_person_is_told_so(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ingen", password="pw"))
    assert "not linked to a member" in mine(client).text


def test_anonymous_is_sent_to_log_in(client):
    response = mine(client)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def grow(committee, people, meetings, cases):
    """More bodies, meetings, cases and papers for Ola."""
    for n in range(meetings):
        body = Body.objects.create(slug=f"b{n}", name_nn=f"Utval {n}", kind="fsu")
        Membership.objects.create(person=people["ola"], body=body, category="ks")
        meeting = Meeting.objects.create(body=body, starts_at=in_days(3 + n))
        for c in range(cases):
            AgendaItem.objects.create(meeting=meeting, title=f"Sak {c}", decision="Vedtak")
        meeting.issue_notice()


@pytest.mark.parametrize("size", [(1, 1), (4, 6)])
def test_the_page_costs_the_same_whatever_the_size(
    ola_client, issued, committee, people, size, django_assert_num_queries
):
    grow(committee, people, *size)
    # session, user, person, seats, coming meetings, + items, attachments, conflicts,
    # attendance, absences, notices; substitute calls; published minutes
    with django_assert_num_queries(13):
        assert mine(ola_client).status_code == 200
