"""What is published, sent or adopted is never deleted (samarbeid.deletion).

Through the admin as the secretariat: the delete page (GET) sends back to the object with the
reason, a POST to it deletes nothing, the bulk action "delete selected" lists the reasons and
deletes nothing; what may go (a draft) still goes.
"""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from avtaler.models import Agreement, Signature, Version, WorkingGroup
from handlingsplan.models import Measure, Plan, StatusReport
from moter.models import AgendaItem, Meeting, Presenter
from samarbeid.models import Body, Person
from tests.adminforms import form_data


def published_case():
    return AgendaItem.objects.filter(meeting__status=Meeting.Status.PUBLISHED).order_by("pk")[2]


def in_force():
    return Version.objects.filter(status=Version.Status.IN_FORCE, signatures__isnull=False)[0]


def presenter():
    return Presenter.objects.filter(person__isnull=False).select_related("person")[0].person


# name: (object, what must still be there afterwards, a word of the reason)
KEPT = {
    "case of published minutes": (
        published_case, lambda: AgendaItem.objects.count(), "published minutes",
    ),
    "agreement in force": (
        lambda: in_force().agreement, lambda: Signature.objects.count(), "sent to the parties",
    ),
    "version in force": (in_force, lambda: Signature.objects.count(), "sent to the parties"),
    "signing row": (
        lambda: in_force().signatures.first(), lambda: Signature.objects.count(), "Not applicable",
    ),
    "adopted plan": (
        lambda: Plan.objects.get(slug="2020"), lambda: StatusReport.objects.count(), "adopted",
    ),
    "measure of the adopted plan": (
        lambda: Measure.objects.filter(area__plan__slug="2020").first(),
        lambda: Measure.objects.count(),
        "adopted",
    ),
    "body with meetings": (lambda: Body.objects.get(slug="ssu"), Meeting.objects.count, "meetings"),
    "working group's body": (
        lambda: WorkingGroup.objects.first().body, WorkingGroup.objects.count, "working group",
    ),
    "working group": (WorkingGroup.objects.first, WorkingGroup.objects.count, "closed"),
    "person who presented a case": (presenter, Presenter.objects.count, "presented case"),
}  # fmt: skip


def admin_url(obj, view):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.mark.parametrize("name", KEPT)
def test_the_delete_page_says_why_and_deletes_nothing(name, editor_client, demo, english):
    get, count, reason = KEPT[name]
    obj = get()
    before = count()
    url = admin_url(obj, "delete")
    for response in (
        editor_client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE="en"),
        editor_client.post(url, {"post": "yes"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"),
    ):
        assert response.redirect_chain[-1][0] == admin_url(obj, "change")
        shown = [str(m) for m in response.context["messages"]]
        assert any(reason in m for m in shown), shown
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert count() == before
    # No delete button on the object's screen.
    change = editor_client.get(admin_url(obj, "change")).content.decode()
    assert url not in change


@pytest.mark.parametrize("name", KEPT)
def test_the_bulk_action_says_why_and_deletes_nothing(name, editor_client, demo, english):
    get, count, reason = KEPT[name]
    obj = get()
    before = count()
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    data = {"action": "delete_selected", "_selected_action": [obj.pk]}
    confirm = editor_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert confirm.status_code == 200
    assert reason in confirm.content.decode()
    assert 'name="post"' not in confirm.content.decode()  # no "Yes, I'm sure" button
    editor_client.post(url, {**data, "post": "yes"}, HTTP_ACCEPT_LANGUAGE="en")
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert count() == before


def test_code_cannot_delete_them_either(demo):
    for get, count, _reason in KEPT.values():
        obj = get()
        before = count()
        with pytest.raises(ProtectedError), transaction.atomic():  # DeletionRefused is one
            obj.delete()
        assert type(obj).objects.filter(pk=obj.pk).exists()
        assert count() == before


def test_a_case_on_a_sent_notice_is_kept_and_a_draft_case_may_go(editor_client, demo, english):
    june = Meeting.objects.get(status=Meeting.Status.PLANNED, body__slug="ssu")
    draft = AgendaItem.objects.create(meeting=june, title="Ført opp ved ein feil")
    response = editor_client.post(admin_url(draft, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=draft.pk).exists()

    case = AgendaItem.objects.create(meeting=june, title="Står i innkallinga")
    june.issue_notice()
    response = editor_client.post(admin_url(case, "delete"), {"post": "yes"}, follow=True)
    assert "in the notice" in " ".join(str(m) for m in response.context["messages"])
    assert AgendaItem.objects.filter(pk=case.pk).exists()


def test_the_meeting_screen_refuses_to_delete_a_case_of_published_minutes(editor_client, demo):
    """The case rows on the meeting screen of a published meeting's new version."""
    case = published_case()
    meeting = case.meeting
    meeting.open_new_version(reason="Retting")
    url = admin_url(meeting, "change")
    response = editor_client.get(url)
    data = form_data(response)
    prefix = "items"
    index = next(
        i
        for i in range(int(data[f"{prefix}-TOTAL_FORMS"]))
        if data.get(f"{prefix}-{i}-id") == str(case.pk)
    )
    data[f"{prefix}-{index}-DELETE"] = "on"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "published minutes" in response.content.decode() or "publiserte referatet" in (
        response.content.decode()
    )
    assert AgendaItem.objects.filter(pk=case.pk).exists()


def test_a_draft_agreement_and_a_draft_plan_may_be_deleted(editor_client, demo):
    agreement = Agreement.objects.create(
        level=Agreement.Level.SPECIAL, label="Utkast", slug="utkast", title_nn="Utkast",
        responsible_body=Body.objects.get(slug="ssu"),
    )  # fmt: skip
    Version.objects.create(agreement=agreement, label="1")
    plan = Plan.objects.get(slug="2026-2027")
    assert plan.status == Plan.Status.DRAFT
    for obj in (agreement, plan):
        assert editor_client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 302
        assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_deleting_a_person_who_presented_a_case_is_refused_not_a_server_error(editor_client, demo):
    person = Person.objects.create(name="Innleiar Utan Namn")
    case = published_case()
    Presenter.objects.create(item=case, person=person)  # no name of its own: the person's
    response = editor_client.post(admin_url(person, "delete"), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()
    assert case.presenters.filter(person=person).exists()
