"""The index follows the edits (signals) and can be rebuilt from scratch (the command)."""

import io

from django.core.management import call_command

from handlingsplan.models import Plan
from moter.models import AgendaItem, Meeting, SubItem
from sok.models import Entry
from sok.signals import paused
from sok.tests.conftest import at, publish, search


def test_publishing_a_meeting_shows_its_cases_to_the_public(client, make_case, pdf_text):
    item = make_case("Samhandling om utskrivingsklare pasientar", published=False)
    meeting = item.meeting
    assert search(client, "utskrivingsklare")[0] == []
    # The real lifecycle: notice, held, minutes approved and published (PDFs rendered).
    meeting.issue_notice()
    meeting.mark_held()
    meeting.approve_minutes(in_case=None)
    assert search(client, "utskrivingsklare")[0] == []
    meeting.publish()
    assert search(client, "utskrivingsklare")[0] == ["Samhandling om utskrivingsklare pasientar"]
    # A new version being prepared: the case page shows nothing new, nor does the search.
    meeting.open_new_version(reason="Retting av eit namn")
    assert search(client, "utskrivingsklare")[0] == []


def test_an_edited_title_is_found_by_the_new_title_only(client, make_case):
    item = make_case("Gamal tittel om kreftforløp")
    item.title = "Ny tittel om pakkeforløp"
    item.save()
    assert search(client, "kreftforløp")[0] == []
    assert search(client, "pakkeforløp")[0] == ["Ny tittel om pakkeforløp"]


def test_a_deleted_case_is_gone(client, make_case):
    # A draft agenda's case: published cases are never deleted (samarbeid.deletion).
    item = make_case("Sak som blir sletta", decision="Vedteke.", published=False)
    assert Entry.objects.filter(object_id=item.pk, kind__in=["sak", "vedtak"]).count() == 2
    item.delete()
    assert search(client, "sletta")[0] == []
    assert not Entry.objects.filter(title="Sak som blir sletta").exists()


def test_sub_items_are_part_of_the_case(client, make_case):
    item = make_case("Eventuelt")
    SubItem.objects.create(item=item, title="Ambulanseberedskap i Nordhordland", text="Kort.")
    assert search(client, "ambulanseberedskap")[0] == ["Eventuelt"]


def test_a_decision_follows_its_case(client, make_case):
    item = make_case("Ny tenesteavtale", decision="")
    assert search(client, "tenesteavtale", type="vedtak")[0] == []
    item.decision = "SSU godkjenner avtalen."
    item.save()
    assert search(client, "godkjenner", type="vedtak")[0] == ["Ny tenesteavtale"]


def test_adopting_a_plan_shows_its_measures_to_the_public(client, make_plan):
    plan = make_plan(status=Plan.Status.DRAFT, measures=["Felles kompetanseplan"])
    assert search(client, "kompetanseplan")[0] == []
    plan.status = Plan.Status.ADOPTED
    plan.save()
    assert search(client, "kompetanseplan")[0] == ["1.1 Felles kompetanseplan"]


def test_a_body_rename_reaches_its_meetings(client, make_case, ssu):
    make_case("Sak")
    ssu.name_nn = "Strategisk samhandlingsutval"
    ssu.save()
    assert search(client, "samhandlingsutval", type="mote")[0] == [
        "Strategisk samhandlingsutval, møte 1/2026"
    ]


def test_the_command_rebuilds_the_whole_index(client, make_case, make_plan, make_agreement):
    make_case("Beredskap", decision="Vedteke.")
    make_plan(measures=["Beredskapsøving"])
    make_agreement("Tenesteavtale 11", versions=[("2026", "i_kraft", "Beredskap.")])
    before = sorted(Entry.objects.values_list("kind", "audience", "title", "url"))
    Entry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search index rebuilt: 7 rows" in out.getvalue()
    assert sorted(Entry.objects.values_list("kind", "audience", "title", "url")) == before
    assert sorted(search(client, "beredskap")[0]) == [
        "1.1 Beredskapsøving", "Beredskap", "Beredskap", "Tenesteavtale 11 (2026)",
    ]  # fmt: skip


def test_a_bulk_load_can_pause_the_index_and_rebuild_after(
    client, ssu, django_assert_max_num_queries
):
    with paused():
        meeting = Meeting.objects.create(body=ssu, starts_at=at(2024))
        AgendaItem.objects.create(meeting=meeting, title="Lasta i bulk")
    assert not Entry.objects.exists()
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert Entry.objects.filter(title="Lasta i bulk").exists()


def test_the_rebuild_costs_the_same_queries_however_much_there_is(
    make_case, django_assert_num_queries
):
    from sok.index import rebuild

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            rebuild()
        return len(captured)

    make_case("Ein")
    queries()  # warms the caches (content types) that an earlier test may or may not have
    few = queries()
    for i in range(30):
        make_case(f"Sak {i}", decision="Vedteke.")
    assert queries() == few


def test_the_demo_data_is_searchable_in_both_spellings(client, demo):
    # Case 05/26 is written in bokmål ("tjenesteavtale"); the nynorsk spelling finds it.
    titles, html = search(client, "tenesteavtale 11", type="sak")
    assert any(t.startswith("Utkast til ny innretning på tjenesteavtale 11") for t in titles)
    assert "<mark>tjenesteavtale</mark>" in html
    # The 2026–2027 plan is a draft: its measures are not public.
    assert search(client, "handlingsplan", type="handlingsplan")[0] == ["Handlingsplan 2020"]


def test_a_meeting_saved_rewrites_its_cases_rows_only_when_they_show_what_changed(
    client, make_case, monkeypatch
):
    """A meeting's cases carry its status (public or not), date and body; saving it with
    those unchanged (a lifecycle step saves it several times) leaves their rows alone."""
    from sok import index

    item = make_case("Samhandling om legevakt", published=False)
    meeting = Meeting.objects.get(pk=item.meeting_id)  # a fresh instance, as a request has
    refreshed = []
    original = index.refresh
    monkeypatch.setattr(index, "refresh", lambda model, ids: refreshed.append(model) or
                        original(model, ids))  # fmt: skip

    meeting.place = "Haukeland"
    meeting.notice_text = "Møtet er på *Haukeland*."
    meeting.save()
    assert refreshed == [Meeting]
    assert "Møtet er på Haukeland" in Entry.objects.get(kind="mote", object_id=meeting.pk).text

    refreshed.clear()
    meeting.starts_at = at(2026, 4, 22)
    meeting.save()
    assert refreshed == [Meeting, AgendaItem]
    assert Entry.objects.get(kind="sak", object_id=item.pk).date.isoformat() == "2026-04-22"

    # Published in another request: this instance is stale, the database is not.
    Meeting.objects.get(pk=meeting.pk).save()  # nothing changed: the meeting's row only
    stale = Meeting.objects.get(pk=meeting.pk)
    publish(Meeting.objects.get(pk=meeting.pk))
    assert search(client, "legevakt")[0] == ["Samhandling om legevakt"]
    refreshed.clear()
    stale.status = Meeting.Status.APPROVED  # the stale status, written back
    stale.save()
    assert refreshed == [Meeting, AgendaItem]
    assert search(client, "legevakt")[0] == []


def test_a_bodys_new_web_address_reaches_its_meetings_and_cases_hits(
    client, editor_client, make_case, ssu
):
    """The secretariat changes a body's web address in the admin: the hits for its meetings
    and cases link to the new address (the old one answers 404)."""
    from tests.adminforms import form_data

    item = make_case("Samhandling om legevakt", decision="Vedteke.")
    url = f"/admin/samarbeid/body/{ssu.pk}/change/"
    data = form_data(editor_client.get(url))
    data["slug"] = "samarbeidsutvalet"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = Entry.objects.filter(object_id__in=[item.pk, item.meeting_id])
    assert {row.kind for row in rows} == {"mote", "sak", "vedtak"}
    assert all(row.url.startswith("/mote/samarbeidsutvalet/") for row in rows), [
        row.url for row in rows
    ]
    _, page = search(client, "legevakt")
    assert f'href="{item.get_absolute_url()}"' not in page  # the instance's stale body
    hit = Entry.objects.get(kind="sak", object_id=item.pk).url
    assert f'href="{hit}"' in page and client.get(hit).status_code == 200
