"""A secretariat that takes the app into use mid-year says where the numbers go on: "the next
meeting is number 3, the next case 20/26"; no invented earlier meetings or cases."""

from django.urls import reverse

from moter.models import AgendaItem, Meeting, NumberStart
from moter.tests.conftest import at


def add_start(editor_client, body, **numbers):
    return editor_client.post(
        reverse("admin:moter_numberstart_add"),
        {"body": body.pk, "year": 2026, **numbers},
        follow=True,
    )


def test_the_secretariat_sets_the_next_numbers_in_the_admin(editor_client, body):
    response = add_start(editor_client, body, first_meeting=3, first_case=20)
    assert response.status_code == 200
    assert NumberStart.objects.get(body=body, year=2026).first_case == 20

    meeting = Meeting.objects.create(body=body, starts_at=at(2026, 9, 1))
    assert meeting.label == "3/2026"
    # The standing first case (approval of the minutes) takes the first number; the next one
    # goes on from there.
    assert [item.number for item in meeting.items.all()] == ["20/26"]
    item = AgendaItem.objects.create(meeting=meeting, title="Ny sak")
    assert item.number == "21/26"

    second = Meeting.objects.create(body=body, starts_at=at(2026, 10, 1))
    assert second.label == "4/2026"
    # Another year starts from 1 again.
    assert Meeting.objects.create(body=body, starts_at=at(2027, 1, 20)).label == "1/2027"


def test_a_start_below_the_numbers_already_given_is_refused_with_a_message(editor_client, body):
    Meeting.objects.create(body=body, starts_at=at(2026, 2, 1))  # meeting 1, case 01/26
    response = add_start(editor_client, body, first_meeting=1, first_case=1)
    assert NumberStart.objects.count() == 0
    errors = response.context["adminform"].form.errors
    assert "Møte 1/2026 finst alt" in str(errors["first_meeting"])
    assert "Sak 01/26 finst alt" in str(errors["first_case"])


def test_the_starting_numbers_can_be_saved_again_once_they_are_in_use(editor_client, body):
    add_start(editor_client, body, first_meeting=3, first_case=20)
    start = NumberStart.objects.get()
    Meeting.objects.create(body=body, starts_at=at(2026, 9, 1))  # 3/2026 with case 20/26
    url = reverse("admin:moter_numberstart_change", args=[start.pk])
    data = {"body": body.pk, "year": 2026, "first_meeting": 3, "first_case": 20}
    response = editor_client.post(url, data)
    assert response.status_code == 302  # unchanged numbers are not refused
    response = editor_client.post(url, {**data, "first_case": 19})
    assert response.status_code == 200
    assert "Sak 20/26 finst alt" in str(response.context["adminform"].form.errors)
