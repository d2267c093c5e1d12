"""Standing items (issue 13, item 3): a per-body agenda template the secretariat changes; a new
meeting takes them only when asked (the add form's tick box), and later cases go before
"Eventuelt"."""

from django.urls import reverse

from moter.models import AgendaItem, Meeting, StandingItem
from moter.tests.conftest import at
from samarbeid.models import Body


def add_meeting(client, body, *, standing, copy_from=None):
    data = {
        "body": body.pk, "language": "nn", "starts_at_0": "2026-05-06", "starts_at_1": "09:00",
        "place": "Bergen", "notice_text": "",
    }  # fmt: skip
    if standing:
        data["add_standing_items"] = "on"
    if copy_from is not None:
        data["copy_agenda_from"] = copy_from.pk
    for prefix in ("items", "attendance", "follow_ups"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    page = client.get(reverse("admin:moter_meeting_add"))
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return client.post(reverse("admin:moter_meeting_add"), data, follow=True)


def test_a_new_body_starts_with_the_approval_case_as_its_template(db):
    body = Body.objects.create(slug="ny", short_name="NY", name_nn="Nytt utval", kind="fsu")
    (standing,) = body.standing_items.all()
    assert standing.kind == AgendaItem.Kind.APPROVAL and standing.approves_previous_minutes


def test_the_body_screen_changes_the_template_and_meetings_follow_it(editor_client, body):
    body.standing_items.all().delete()
    StandingItem.objects.create(body=body, title_nn="Eventuelt", kind="eventuelt", place="end")
    StandingItem.objects.create(
        body=body, title_nn="Godkjenning av referat", title_nb="Godkjenning av referat (nb)",
        approves_previous_minutes=True,
    )  # fmt: skip
    earlier = Meeting.objects.create(body=body, starts_at=at(2026, 2, 4))

    response = add_meeting(editor_client, body, standing=True)

    meeting = Meeting.objects.exclude(pk=earlier.pk).get()
    items = list(meeting.items.order_by("order"))
    assert [(i.number, i.title) for i in items] == [
        ("03/26", "Godkjenning av referat"), ("04/26", "Eventuelt"),
    ]  # fmt: skip
    assert items[0].approves_minutes_of == earlier
    assert "Dei faste sakene er sette på sakslista" in response.content.decode()

    added = AgendaItem.objects.create(meeting=meeting, title="Ny sak")

    items = list(meeting.items.order_by("order"))
    assert [(i.number, i.title) for i in items] == [
        ("03/26", "Godkjenning av referat"), ("04/26", "Ny sak"), ("05/26", "Eventuelt"),
    ]  # fmt: skip
    added.refresh_from_db()
    assert added.number == "04/26"


def test_unticked_the_meeting_starts_empty_and_no_number_is_used(editor_client, body):
    response = add_meeting(editor_client, body, standing=False)

    assert response.status_code == 200
    meeting = Meeting.objects.get()
    assert not meeting.items.exists()
    assert AgendaItem.objects.create(meeting=meeting, title="Første sak").number == "01/26"


def test_the_body_screen_shows_its_standing_items(editor_client, body):
    page = editor_client.get(reverse("admin:samarbeid_body_change", args=[body.pk]))
    html = page.content.decode()
    assert "Faste saker (malen for sakslista i nye møte)" in html
    assert "Godkjenning av innkalling, saksliste og referat frå førre møte" in html
