"""The secretariat's admin: lifecycle actions with clear messages, signing rows inline."""

import datetime

import pytest

from avtaler.models import Signature, Version
from avtaler.tests.helpers import make_agreement, make_parties, make_version

V = Version.Status
LIST = "/admin/avtaler/version/"


def action(client, name, *versions):
    return client.post(
        LIST,
        {"action": name, "_selected_action": [v.pk for v in versions]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_it_sends_a_version_to_the_parties_from_the_list(editor_client):
    make_parties(3)
    version = make_version(make_agreement())
    response = action(editor_client, "send_to_parties", version)
    assert "was sent to 3 parties" in response.content.decode()
    assert version.signatures.filter(status=Signature.Status.SENT).count() == 3


def test_it_says_why_a_version_cannot_be_sent(editor_client):
    make_parties(1)
    version = make_version(make_agreement(), status=V.DRAFT)
    html = action(editor_client, "send_to_parties", version).content.decode()
    assert "Only an approved version" in html
    assert not version.signatures.exists()


def test_it_puts_a_version_in_force_and_names_the_one_it_replaces(editor_client):
    agreement = make_agreement()
    make_version(agreement, "2020", status=V.IN_FORCE, valid_from=datetime.date(2020, 1, 1))
    new = make_version(agreement, "2026")
    html = action(editor_client, "put_in_force_today", new).content.decode()
    assert "is in force from today" in html and "2020 is now replaced" in html
    assert Version.objects.get(label="2020").status == V.REPLACED


def test_the_version_page_has_the_signing_rows_and_only_hand_set_statuses(editor_client):
    make_parties(2)
    version = make_version(make_agreement())
    html = editor_client.get(f"{LIST}{version.pk}/change/").content.decode()
    status = html.split('name="status"')[1].split("</select>")[0]
    assert 'value="godkjend"' in status
    assert 'value="i_kraft"' not in status and 'value="sendt"' not in status
    version.send_to_parties(on=datetime.date(2026, 3, 11))
    html = editor_client.get(f"{LIST}{version.pk}/change/").content.decode()
    assert html.count('name="signatures-') > 4  # the inline rows


@pytest.mark.parametrize(
    "url",
    ["/admin/avtaler/agreement/", "/admin/avtaler/agreement/add/", "/admin/avtaler/version/",
     "/admin/avtaler/signature/", "/admin/avtaler/workinggroup/",
     "/admin/avtaler/statutorytopic/"],
)  # fmt: skip
def test_the_admin_pages_open(editor_client, demo, url):
    assert editor_client.get(url).status_code == 200


def test_the_working_group_page_shows_the_seats_taken(editor_client, demo):
    from avtaler.models import WorkingGroup

    group = WorkingGroup.objects.get(body__slug="ag-legemiddelberedskap")
    html = editor_client.get(f"/admin/avtaler/workinggroup/{group.pk}/change/").content.decode()
    assert "0 / 5" in html and "0 / 1" in html


def test_members_cannot_use_the_admin(member_client):
    assert member_client.get(LIST).status_code == 302
