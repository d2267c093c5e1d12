import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

URL = reverse("arbeid:dashboard")


def test_it_sends_editors_to_the_dashboard_after_log_in(client, editor):
    response = client.post(
        reverse("login"), {"username": editor.username, "password": "pw"}, follow=True
    )
    assert response.redirect_chain[-1][0] == URL


def test_it_sends_members_to_their_meetings_and_everyone_else_to_the_front_page(
    client, member, django_user_model
):
    client.force_login(member)
    assert client.get(reverse("arbeid:start")).url == reverse("medlem:mine")
    client.force_login(django_user_model.objects.create_user("lesar", password="pw"))
    assert client.get(reverse("arbeid:start")).url == reverse("front")


def test_it_is_for_editors_only(member_client):
    assert Client().get(URL).url.startswith(reverse("login"))
    assert member_client.get(URL).status_code == 403


def test_it_lists_what_needs_doing(editor_client, situation):
    rows = situation(2)
    page = editor_client.get(URL).content.decode()
    # Coming meetings and what they lack.
    assert page.count("Notice not issued") == 4  # two soon (urgent), two in 60 days
    assert page.count('data-color="danger">Notice not issued') == 2
    assert page.count("1 case without case papers") == 2
    assert page.count("No cases on the agenda") == 2
    assert "avlyst" not in page and "Rom 0" not in page  # cancelled meeting not listed
    # Minutes not approved; a planned meeting whose date has passed.
    assert page.count("minutes not approved") == 2
    assert page.count("mark the meeting held") == 1
    # Overdue follow-ups: by date and by a held meeting; not the one due later.
    assert "Forfallen 0" in page and "Forfallen 1" in page
    assert "Ved møte 0" in page and "Ved møte 1" in page
    assert "Ikkje forfallen" not in page
    # Measures without a report in the current round: not the reported or the finished ones.
    assert "Manglar rapport 0" in page and "Manglar rapport 1" in page
    assert "Har rapport" not in page and "Sluttført" not in page
    round_url = reverse("handlingsplan:status_round", args=[rows["plan"].slug])
    assert f"{round_url}?dato={rows['round']:%Y-%m-%d}" in page
    # Signatures awaited by party: two parties have not signed either version, one has.
    assert page.count('<th scope="row">Kommune 1</th>') == 1
    assert page.count('<th scope="row">Kommune 2</th>') == 1
    assert '<th scope="row">Kommune 0</th>' not in page
    # Agreements due for review within 30 days, not the one in 300 days.
    assert "Avtale ta-0" in page and "Avtale ta-1" in page and "ta-later" not in page
    # Working groups past deadline still at work; not the delivered or the not yet due.
    assert "Arbeidsgruppe 0" in page and "Arbeidsgruppe 1" in page
    assert "Arbeidsgruppe 2" not in page and "Arbeidsgruppe 3" not in page


def test_it_links_each_line_to_where_it_is_fixed(editor_client, situation):
    rows = situation(1)
    page = editor_client.get(URL).content.decode()
    assert reverse("admin:moter_meeting_change", args=[rows["earlier"].pk + 1]) in page
    assert reverse("admin:avtaler_agreement_change", args=[1]).rsplit("/", 3)[0] in page
    assert "/arbeid/oppfolging/" in page


def test_it_says_when_there_is_nothing_to_do(editor_client):
    page = editor_client.get(URL).content.decode()
    assert "No follow-ups are overdue." in page
    assert "All minutes are approved and published." in page


@pytest.mark.parametrize("n", [1, 6])
def test_it_takes_the_same_queries_whatever_the_data(editor_client, situation, n,
                                                     django_assert_num_queries):  # fmt: skip
    situation(n)
    # session, user, permissions, meetings (with case counts) and their notice e-mails,
    # minutes, overdue follow-ups (with how many), plans in their round, measures without a
    # report, the last meeting of each body (the ids, the meetings), signatures, reviews,
    # working groups
    with django_assert_num_queries(14):
        assert editor_client.get(URL).status_code == 200


def test_it_is_in_the_header_for_the_secretariat(editor_client, member):
    assert f'href="{URL}"' in editor_client.get(reverse("front")).content.decode()
    reader = Client()
    reader.force_login(member)
    assert f'href="{URL}"' not in reader.get(reverse("front")).content.decode()


def test_it_starts_a_meeting_a_status_round_or_a_meeting_from_the_last_agenda(
    editor_client, situation
):
    from moter.models import AgendaItem, Meeting
    from moter.tests.test_standing_items import add_meeting

    rows = situation(1)
    page = editor_client.get(URL).content.decode()
    assert f'href="{reverse("admin:moter_meeting_add")}"' in page
    round_url = reverse("handlingsplan:status_round", args=[rows["plan"].slug])
    assert f"{round_url}?dato=" in page
    last = Meeting.objects.exclude(status="avlyst").order_by("-starts_at").first()
    AgendaItem.objects.create(meeting=last, title="Økonomirapport", kind="orientering")
    page = editor_client.get(URL).content.decode()
    copy_url = f"{reverse('admin:moter_meeting_add')}?kopi={last.pk}"
    assert copy_url in page

    form = editor_client.get(copy_url)
    assert form.context["adminform"].form.initial["copy_agenda_from"] == last.pk
    before = set(Meeting.objects.values_list("pk", flat=True))
    response = add_meeting(editor_client, last.body, standing=True, copy_from=last)

    new = Meeting.objects.exclude(pk__in=before).get()
    titles = list(new.items.order_by("order").values_list("title", "kind"))
    assert titles == list(last.items.order_by("order", "sequence").values_list("title", "kind"))
    assert ("Økonomirapport", "orientering") in titles
    assert "copied from" in response.content.decode()


def test_it_lists_the_most_overdue_follow_ups_and_links_the_rest(editor_client, monkeypatch):
    """Twenty years of unfinished follow-ups would make the board a register of its own: it
    shows the most overdue and links the register, which lists them all, overdue first."""
    from arbeid import dashboard
    from moter.models import AgendaItem, FollowUp, Meeting
    from samarbeid.models import Body

    monkeypatch.setattr(dashboard, "OVERDUE_SHOWN", 3)
    body = Body.objects.create(slug="ssu", name_nn="SSU", kind="ssu")
    meeting = Meeting.objects.create(body=body, starts_at=timezone.now() - timedelta(days=400))
    item = AgendaItem.objects.create(meeting=meeting, title="Sak")
    for days in (300, 100, 200, 50, 10):
        FollowUp.objects.create(item=item, description=f"Venta {days} dagar", owner_body=body,
                                due_date=timezone.localdate() - timedelta(days=days))  # fmt: skip
    page = editor_client.get(URL).content.decode()
    assert "(5)" in page
    shown = re.findall(r"Venta (\d+) dagar", page)
    assert shown == ["300", "200", "100"]
    assert "The 3 most overdue are shown." in page
    assert "All 5 in the follow-ups register" in page
    # The link opens the register on the overdue ones: all five there.
    register = editor_client.get(f"{reverse('arbeid:follow_ups')}?forfalne=on").content.decode()
    assert f'href="{reverse("arbeid:follow_ups")}?forfalne=on"' in page
    listed = list(dict.fromkeys(re.findall(r"Venta (\d+) dagar", register)))
    assert listed == ["300", "200", "100", "50", "10"]


def test_it_offers_each_active_bodys_newest_meeting_that_is_not_cancelled(editor_client):
    from moter.models import Meeting
    from samarbeid.models import Body

    now = timezone.now()
    ssu = Body.objects.create(slug="ssu", name_nn="SSU", kind="ssu")
    old = Body.objects.create(slug="gammal", name_nn="Gamalt utval", kind="ssu",
                              active_to=timezone.localdate() - timedelta(days=1))  # fmt: skip
    held = Meeting.objects.create(body=ssu, starts_at=now - timedelta(days=30))
    Meeting.objects.create(body=ssu, starts_at=now - timedelta(days=60))
    Meeting.objects.create(body=ssu, starts_at=now + timedelta(days=5), status="avlyst")
    Meeting.objects.create(body=old, starts_at=now - timedelta(days=10))
    offered = re.findall(r"\?kopi=(\d+)", editor_client.get(URL).content.decode())
    assert offered == [str(held.pk)]
