"""The decisions register (/mote/vedtak/): every decision a reader may see, filtered, with
what it caused.

Who sees what: the public and other bodies' members see decisions of published meetings, an
exempt case only by its public title; a body's members also see their body's unpublished and
exempt decisions; the secretariat sees everything.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from avtaler.models import StatutoryTopic, Version, WorkingGroup
from avtaler.tests.helpers import make_agreement, make_version
from handlingsplan.models import Area, Measure, Plan
from handlingsplan.tests.helpers import make_plan
from moter.models import AgendaItem, FollowUp, Meeting
from samarbeid.models import Body
from tests.dbsnapshot import kept

URL = "/mote/vedtak/"


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 9))


def body(slug, short, kind):
    # get_or_create: the member fixtures make "ssu" and "ou-bergen" too.
    return Body.objects.get_or_create(
        slug=slug, defaults={"short_name": short, "name_nn": short, "kind": kind}
    )[0]


def meeting(target, when, *, published):
    meeting = Meeting.objects.create(body=target, starts_at=when)
    if published:
        # Only the status counts for the register; the PDF rendering is tested elsewhere.
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    return meeting


def decide(meeting, title, decision, **fields):
    return AgendaItem.objects.create(meeting=meeting, title=title, decision=decision, **fields)


def sent(agreement, label, case):
    return make_version(agreement, label, status=Version.Status.SENT, sent_on=datetime.date(2025, 4, 1),
                        approved_in=case, sent_in=case)  # fmt: skip


def new_group(name, case, reports_to):
    group_body = Body.objects.create(slug=name.lower(), name_nn=name, kind="arbeidsgruppe")
    return WorkingGroup.objects.create(body=group_body, reports_to=reports_to, set_up_in=case)


@pytest.fixture
def world(db, baseline_rows):
    """Made once per test process and copied in for each test (tests.dbsnapshot.kept)."""
    return kept(build_world, baseline_rows)


def build_world():
    """SSU 2025 (published): an open decision with links, an exempt one, an undecided case;
    SSU 2026 (planned) with a draft decision; OU Bergen 2026 (published) with one decision."""
    ssu, ou = body("ssu", "SSU", "ssu"), body("ou-bergen", "OU Bergen", "ou")
    adopted, draft = make_plan("2025"), make_plan("utkast", status=Plan.Status.DRAFT)
    area, draft_area = (
        Area.objects.create(plan=p, number=1, title="Område") for p in (adopted, draft)
    )
    ta9 = make_agreement("ta-9", body=ssu)
    ta9.topics.set([StatutoryTopic.objects.get(number=9)])
    ta7 = make_agreement("ta-7", body=ssu)
    ta7.topics.set([StatutoryTopic.objects.get(number=7)])

    m2025 = meeting(ssu, at(2025, 3, 12), published=True)
    open_case = decide(m2025, "Revisjon av tenesteavtale 9", "SSU **godkjenner** avtalen.")
    exempt = decide(m2025, "Løyndom om Ola", "Hemmeleg vedtak.", access="exempt",
                    legal_basis="offl. § 13", public_title="Personalsak")  # fmt: skip
    decide(m2025, "Orientering om PLL", "")
    measure = Measure.objects.create(area=area, title="Felles IKT-tiltak")
    measure.cases.add(open_case)
    draft_measure = Measure.objects.create(area=draft_area, title="Utkast-tiltak")
    draft_measure.cases.add(open_case)
    secret_measure = Measure.objects.create(area=area, title="Tiltak frå løyndom")
    secret_measure.cases.add(exempt)
    sent(ta9, "2025", open_case)
    make_version(ta9, "utkast", status=Version.Status.APPROVED, approved_in=open_case)
    sent(ta7, "2025", exempt)
    group = new_group("IKT-gruppa", open_case, ssu)
    FollowUp.objects.create(item=open_case, description="SSE meldar saka til OU-ane.",
                            owner_body=ssu, due_date=datetime.date(2025, 6, 1))  # fmt: skip

    m2026 = meeting(ssu, at(2026, 3, 11), published=False)
    draft_case = decide(m2026, "Utkast til sak", "Førebels vedtak.")
    ou_case = decide(meeting(ou, at(2026, 2, 4), published=True), "Lokal sak", "OU vedtek.")
    return {
        "open": open_case, "exempt": exempt, "draft": draft_case, "ou": ou_case,
        "measure": measure, "draft_measure": draft_measure, "secret_measure": secret_measure,
        "group": group, "ssu": ssu,
    }  # fmt: skip


def html(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_sees_published_decisions_newest_first(client, world):
    page = html(client)
    assert page.index("OU vedtek.") < page.index("SSU <strong>godkjenner</strong> avtalen.")
    assert world["ou"].get_absolute_url() in page and world["open"].get_absolute_url() in page
    assert "Førebels vedtak." not in page and "Utkast til sak" not in page
    assert "Orientering om PLL" not in page, "a case without a decision is not a decision"
    assert page.count('class="decision-entry"') == 3


@pytest.mark.parametrize("persona", ["client", "other_member_client"])
def test_an_exempt_decision_shows_only_its_public_title(request, world, persona):
    page = html(request.getfixturevalue(persona))
    assert "Personalsak" in page and "offl. § 13" in page
    assert "Løyndom om Ola" not in page and "Hemmeleg vedtak." not in page
    # Nor what it caused: its measure and agreement are public, the link to the case is not.
    assert world["secret_measure"].get_absolute_url() not in page
    assert "/avtalar/ta-7/versjon/" not in page


def test_a_member_also_sees_the_bodys_unpublished_and_exempt_decisions(member_client, world):
    page = html(member_client)
    assert "Førebels vedtak." in page and "Hemmeleg vedtak." in page
    assert "Løyndom om Ola" in page and world["secret_measure"].get_absolute_url() in page
    assert page.count('class="decision-entry"') == 4


def test_another_bodys_member_sees_what_the_public_sees(other_member_client, world):
    page = html(other_member_client)
    assert "Førebels vedtak." not in page and "OU vedtek." in page


def test_the_secretariat_sees_every_decision(editor_client, world):
    page = html(editor_client)
    assert page.count('class="decision-entry"') == 4
    assert "Førebels vedtak." in page and "Hemmeleg vedtak." in page


def test_each_decision_shows_what_it_caused_as_the_reader_may_see_it(editor_client, world):
    page = html(Client())  # the public
    assert world["measure"].get_absolute_url() in page
    assert world["group"].get_absolute_url() in page
    assert "SSE meldar saka til OU-ane." in page
    public_version = Version.objects.get(agreement__slug="ta-9", label="2025")
    assert f"/avtalar/ta-9/versjon/{public_version.pk}/" in page
    # A draft plan's measure and a version not yet sent are not public.
    assert world["draft_measure"].get_absolute_url() not in page
    hidden_version = Version.objects.get(agreement__slug="ta-9", label="utkast")
    assert f"/avtalar/ta-9/versjon/{hidden_version.pk}/" not in page
    page = html(editor_client)
    assert world["draft_measure"].get_absolute_url() in page
    assert f"/avtalar/ta-9/versjon/{hidden_version.pk}/" in page


def test_it_shows_newer_kinds_of_links_too(client, world):
    established = Body.objects.create(slug="fsu-ny", name_nn="Nytt FSU", kind="fsu",
                                      established_in=world["open"])  # fmt: skip
    world["group"].changed_in.add(world["ou"])
    page = html(client)
    assert established.get_absolute_url() in page
    ou_entry = page[page.index("OU vedtek.") : page.index("Revisjon av tenesteavtale 9")]
    assert world["group"].get_absolute_url() in ou_entry


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?body=ou-bergen", ["OU vedtek."], ["avtalen.", "Personalsak"]),
        ("?year=2025", ["avtalen.", "Personalsak"], ["OU vedtek."]),
        ("?topic=9", ["avtalen."], ["OU vedtek.", "Personalsak"]),
        ("?agreement=ta-9", ["avtalen."], ["OU vedtek.", "Personalsak"]),
        ("?q=tenesteavtale", ["avtalen."], ["OU vedtek.", "Personalsak"]),
        ("?q=personal", ["Personalsak"], ["OU vedtek.", "avtalen."]),
        ("?body=ssu&year=2026", [], ["OU vedtek.", "avtalen.", "Personalsak"]),
    ],
)
def test_it_filters_the_decisions(client, world, query, shown, hidden):
    page = html(client, query)
    for text in shown:
        assert text in page, text
    for text in hidden:
        assert text not in page, text


def test_it_filters_by_measure(client, world):
    page = html(client, f"?measure={world['measure'].pk}")
    assert "avtalen." in page and "OU vedtek." not in page and "Personalsak" not in page


@pytest.mark.parametrize("query", ["?topic=7", "?agreement=ta-7", "?q=Hemmeleg", "?q=Løyndom",
                                   "secret_measure"])  # fmt: skip
def test_a_filter_never_reveals_what_an_exempt_case_hides(client, world, query):
    if query == "secret_measure":
        query = f"?measure={world['secret_measure'].pk}"
    page = html(client, query)
    assert 'class="decision-entry"' not in page


def test_the_secretariat_finds_exempt_decisions_by_their_links_and_text(editor_client, world):
    for query in ["?topic=7", "?agreement=ta-7", "?q=hemmeleg"]:
        assert "Hemmeleg vedtak." in html(editor_client, query), query


def test_the_public_cannot_filter_by_a_draft_plans_measure(client, world):
    page = html(client, f"?measure={world['draft_measure'].pk}")
    assert 'role="alert"' in page and 'class="decision-entry"' not in page


@pytest.mark.parametrize(
    "query", ["?year=1899", "?agreement=finst-ikkje", "?measure=abc", "?topic=99", "?body=x",
              "?q=" + "x" * 101],
)  # fmt: skip
def test_it_says_which_filter_value_is_wrong(client, world, query):
    page = html(client, query)
    assert 'role="alert"' in page
    assert 'class="decision-entry"' not in page


def test_it_refuses_other_methods(client, db):
    assert client.post(URL).status_code == 405


def test_the_meetings_index_links_the_register(client, db):
    assert 'href="/mote/vedtak/"' in client.get("/mote/").content.decode()


# --- Cost --------------------------------------------------------------------------


def fill(n):
    """`n` published decisions, each with every kind of link."""
    ssu = body("ssu", "SSU", "ssu")
    area = Area.objects.create(plan=make_plan("stor"), number=1, title="Område")
    agreement = make_agreement("ta-x", body=ssu)
    target = meeting(ssu, at(2025, 1, 8), published=True)
    for i in range(n):
        case = decide(target, f"Sak {i}", f"Vedtak nr. {i}.")
        Measure.objects.create(area=area, title=f"Tiltak {i}").cases.add(case)
        sent(agreement, f"v{i}", case)
        new_group(f"Gruppe-{i}", case, ssu).changed_in.add(case)
        Body.objects.create(
            slug=f"utval-{i}", name_nn=f"Utval {i}", kind="fsu", established_in=case
        )
        FollowUp.objects.create(item=case, description=f"Oppfølging {i}", owner_body=ssu)


@pytest.mark.parametrize("n", [3, 30])
def test_the_register_costs_the_same_queries_however_many_decisions(
    client, db, django_assert_num_queries, django_assert_max_num_queries, n
):
    fill(n)
    # 1 the data's version (samarbeid/pagecache.py), 2 the count, 3 the page's ids, 4 those
    # cases with meeting and body, 5 their measures (plans the reader may see), 6–7 the
    # agreement versions they approved and sent, 8–9 the working groups set up and changed,
    # 10 the bodies established, 11 the follow-ups; the filter's choices: 12 bodies, 13 years,
    # 14 topics, 15 agreements, 16 measures.
    with django_assert_num_queries(16):
        page = html(client)
    assert page.count('class="decision-entry"') == min(n, 25)
    assert page.count("Oppfølging ") == min(n, 25)
    assert page.count("/avtalar/arbeidsgrupper/gruppe-") == 2 * min(n, 25)  # set up, changed
    if n > 25:
        assert page.count('class="decision-entry"') == 25
        assert html(client, "?side=2").count('class="decision-entry"') == n - 25
    # The next reader gets the public's copy while nothing has changed: the data's version
    # at most (none while the version read a moment ago is kept).
    with django_assert_max_num_queries(1):
        again = html(client)
    assert again.count('class="decision-entry"') == min(n, 25)


def test_the_count_is_kept_until_the_decisions_change(editor_client, db):
    """Logged in, the register is rendered afresh, but its count of every decision (tens of
    thousands over the years) is kept while nothing it counts has changed."""
    fill(2)

    def counts(query=""):
        with CaptureQueriesContext(connection) as queries:
            page = html(editor_client, query)
        counted = sum('"__count"' in q["sql"] for q in queries.captured_queries)
        return re.search(r'role="status">(\d+) ', page).group(1), counted

    assert counts() == ("2", 1)
    assert counts() == ("2", 0)  # kept
    assert counts("?side=1") == ("2", 0)  # the same count for any page
    assert counts("?year=2025") == ("2", 1)  # another filter, another count
    decide(Meeting.objects.get(), "Sak ny", "Nytt vedtak.")
    assert counts() == ("3", 1)
    AgendaItem.objects.get(title="Sak ny").delete()
    assert counts() == ("2", 1)


def test_the_publics_copy_of_the_register_follows_every_change(client, db):
    """The register for the public is kept between requests (samarbeid/pagecache.py); a
    change to what a row shows or what the filter offers shows on the next request."""
    fill(2)
    page = html(client)
    case = AgendaItem.objects.get(title="Sak 0")
    case.decision = "Retta vedtak."
    case.save()
    assert "Retta vedtak." in html(client) and "Retta vedtak." not in page
    case.follow_ups.update(description="Ikkje sett")  # no history row: not seen until…
    group = WorkingGroup.objects.get(set_up_in=case)
    group.changed_in.remove(case)  # …a many-to-many change
    assert "Ikkje sett" in html(client)
    StatutoryTopic.objects.create(number=99, title_nn="Nytt lovpålagt tema")
    assert "Nytt lovpålagt tema" in html(client)
    meeting = case.meeting
    meeting.status = Meeting.Status.DRAFT_MINUTES  # a new version of the minutes is made
    meeting.save()
    assert 'class="decision-entry"' not in html(client)


@pytest.mark.parametrize("n", [3, 30])
def test_a_member_costs_the_same_queries_too(member_client, django_assert_num_queries, n):
    fill(n)
    member_client.get("/")  # settle the session
    # As above, plus the session, the user and the member's bodies.
    with django_assert_num_queries(18):
        page = html(member_client, "?q=Vedtak")
    assert page.count('class="decision-entry"') == min(n, 25)
    if n > 25:
        second = html(member_client, "?q=Vedtak&side=2")
        assert second.count('class="decision-entry"') == n - 25
        past_the_end = html(member_client, "?q=Vedtak&side=99")  # gives the last page
        assert past_the_end.count('class="decision-entry"') == n - 25


def test_words_are_counted_up_to_a_cap_and_then_listed_newest_first(client, db, monkeypatch):
    """A common word over twenty years matches thousands of decisions: they are counted up to
    a cap (counting them all reads every decision's text), and the page says so."""
    from moter import register
    from samarbeid.paging import NewestFirstWalk

    monkeypatch.setattr(register, "WORDS_COUNTED", 10)
    # Beyond the cap the pages are found by reading the decisions newest first, a chunk at
    # a time (2, then 4, 8, …): here every other decision matches.
    monkeypatch.setattr(NewestFirstWalk, "FIRST_CHUNK", 2)
    ssu = body("ssu", "SSU", "ssu")
    for i in range(24):
        text = f"Legevakt {i}." if i % 2 else f"Anna {i}."
        decide(meeting(ssu, at(2000 + i, 3, 1), published=True), f"Sak {i}", text)
    page = html(client, "?q=legevakt")
    assert "Meir enn 10 vedtak, nyaste først" in page
    assert page.count('class="decision-entry"') == 10
    shown = [int(n) for n in re.findall(r"Legevakt (\d+)\.", page)]
    assert shown == [23, 21, 19, 17, 15, 13, 11, 9, 7, 5]
    assert "Anna" not in page
    # A narrower filter is counted in full again.
    narrow = html(client, "?q=legevakt+1")
    assert "Meir enn" not in narrow and "6 vedtak" in narrow  # 1., 11., 13., 15., 17., 19.


def test_the_count_is_written_as_norwegian_writes_numbers(client, db):
    """Twenty years hold some 35,000 decisions: "34 771 vedtak" (a non-breaking space between
    the thousands), not "34771 vedtak"."""
    ssu = body("ssu", "SSU", "ssu")
    held = meeting(ssu, at(2025, 3, 1), published=True)
    standing = AgendaItem.objects.filter(meeting=held).exclude(decision="").count()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=held, body=ssu, year=2025, sequence=100 + i, title=f"Sak {i}",
                   decision="Vedteke.")
        for i in range(1234 - standing)
    )  # fmt: skip
    page = html(client)
    assert 'role="status">1\xa0234 vedtak</p>' in page
    assert "Side 1 av 50" in page
