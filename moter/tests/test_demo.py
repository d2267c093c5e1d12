"""The meetings demo: SSU møte 1/2026 exactly as the seed minutes, and the June meeting."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from moter.models import (
    AgendaItem,
    Attendance,
    FollowUp,
    Meeting,
    MeetingDocument,
    Presenter,
    SubItem,
)

pytestmark = pytest.mark.django_db

SEED_TITLES = [
    "Godkjenning av innkalling, saksliste og referat fra forrige møte",
    "Handlingsplan 2026–2027",
    "Revisjon av tjenesteavtale 9 om IKT-samarbeid – sammensetning, mandat og prosess for "
    "arbeidsgruppe",
    "Innføring av Pasientens legemiddelliste (PLL) – status og veien videre",
    "Utkast til ny innretning på tjenesteavtale 11 og oppstart av arbeidsgruppe om samarbeid i "
    "den akuttmedisinske kjeden",
    "Ny særavtale om samarbeid ved sikkerhetspolitiske kriser og krig, samt mandat for "
    "arbeidsgruppe kompetanseoppbygging",
    "Etablering av ny særavtale om legemiddelberedskap – sammensetning, mandat og prosess for "
    "arbeidsgruppe",
    "Evaluering av partnerskapsmøtet 2026",
    "Forslag om å etablere et Faglig samarbeidsutvalg (FSU) for svangerskap, fødsel og barseltid",
    "Møteplan 2027",
    "Evaluering av helsefellesskapsstrukturen",
    "Forslag til praktisk gjennomføring av felles driftsbudsjett for Helsefellesskapet i "
    "bergensområdet",
    "Revidert særavtale om LIS1-rekruttering",
    "Dialog med utdanningssektoren",
    "Eventuelt",
]

# case number → (decision label, a key sentence of the decision)
DECISIONS = {
    1: ("", "Godkjent."),
    3: ("vedtak", "SSU stiller seg bak anbefalingene til SSE."),
    4: ("oppfolging", "SSU gir sin tilslutning til det videre arbeidet."),
    5: ("vedtak", "*Samarbeid om helseberedskap*"),
    6: ("vedtak", "SSU godkjenner særavtalen og ber om at avtalen sendes til partene"),
    7: ("vedtak", "SSU ber SSE følge opp ved å melde sak til neste runde i områdeutvalgene."),
    9: ("vedtak", "SSU vedtar å etablere et faglig samarbeidsutvalg for svangerskap"),
    10: ("vedtak", "SSU slutter seg til forslag til møteplan for 2027."),
    11: ("vedtak", "SSU velger modell 1 (intern evaluering)"),
    12: ("vedtak", "med tilbakevirkende kraft fra 1. januar 2026."),
    13: ("vedtak", "SSU vedtar særavtalen om LIS1-rekruttering"),
    14: ("vedtak", "Intensjon om et nytt møtepunkt i SSU våren 2027."),
}

PRESENT = {
    "Ingvild Kirsti Hjelmtveit",
    "Johnny Breivik",
    "Solrun Hauglum",
    "Trond Egil Hansen",
    "Eivind Hansen",
    "Janiche Buanes Heltne",
    "Linn Dale Bergsma",
    "Randi-Luise Møgster",
    "Evy Knutsen",
    "Gunn Mali Steen Sund",
    "Anne Kvalheim",
    "Eva Nordnes",
    "Inga Larsdottir Søreide Holmås",
    "Kenneth Nodeland",
    "Nora Fredriksen Lunde",
    "Trude Hjortland",
}
OBSERVERS = {"Hilde Ystanes"}
SUBSTITUTES = {"Rebekka Ljosland": "Kjerstin Fyllingen", "Inger Uglenes": "Eystein Hauge"}
APOLOGIES = {
    "Björg Merete Hjallen",
    "Bjørn Sivertsen",
    "Eystein Hauge",
    "Kjerstin Fyllingen",
    "Kristin Cotta Schönberg",
    "Marius Omland",
    "Theresa Dang",
    "Reidun Braut Kjosås",
    "Sølve Sætre",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Published PDFs go to a throwaway folder, not the real media folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def march(demo):
    return Meeting.objects.get(body__slug="ssu", year=2026, number=1)


@pytest.fixture
def june(demo):
    return Meeting.objects.get(body__slug="ssu", year=2026, number=2)


def items_of(meeting):
    return list(meeting.items.order_by("order", "sequence"))


def test_it_gives_the_seed_meeting_its_facts(march):
    assert march.language == "nb"
    assert march.place == "Vardesenteret, Haukeland, Bergen"
    assert march.chair.name == "Eivind Hansen"
    assert march.referent_body.slug == "sse"
    local = march.starts_at.astimezone(ZoneInfo("Europe/Oslo"))
    assert (local.date(), local.hour) == (datetime.date(2026, 3, 11), 9)
    assert march.ends_at - march.starts_at == datetime.timedelta(hours=3)


def test_it_numbers_the_seed_cases_01_to_15_with_the_seed_titles(march):
    items = items_of(march)
    assert [i.number for i in items] == [f"{n:02d}/26" for n in range(1, 16)]
    assert [i.title for i in items] == SEED_TITLES


def test_it_gives_each_case_its_kind(march):
    kinds = {i.sequence: i.kind for i in items_of(march)}
    assert kinds[1] == AgendaItem.Kind.APPROVAL
    assert kinds[2] == kinds[4] == AgendaItem.Kind.INFORMATION
    assert kinds[8] == AgendaItem.Kind.DISCUSSION
    assert kinds[15] == AgendaItem.Kind.ANY_OTHER_BUSINESS
    for number, (label, _sentence) in DECISIONS.items():
        if label == "vedtak":
            assert kinds[number] == AgendaItem.Kind.DECISION, number


def test_it_keeps_each_decision_with_its_label(march):
    items = {i.sequence: i for i in items_of(march)}
    for number, (label, sentence) in DECISIONS.items():
        assert items[number].decision_label == label, number
        assert sentence in items[number].decision, number
    for number in (2, 8, 15):
        assert items[number].decision == "", number


def test_it_places_narrative_summary_and_correction_as_the_seed(march):
    items = {i.sequence: i for i in items_of(march)}
    assert "[handlingsplan på saman.no](https://handlingsplan.på.saman.no)" in items[2].narrative
    assert items[3].narrative.startswith("Orientering ved Kristin Brekke")
    assert "ble SSU bedt om å ta stilling til prosess" in items[3].narrative
    # Nested list kept nested; placeholder link kept as text only.
    assert "\n    - Oppfølging av fastleger som allerede har PLL" in items[4].summary
    assert "fra Helseteknologiordningen for" in items[4].summary
    assert "](#)" not in "".join(i.narrative + i.summary for i in items.values())
    assert "\n\n" not in items[4].summary  # one list, the seed's blank lines taken out
    assert "SSU ber om følgende sammensetning i arbeidsgruppe, *inntil*:" in items[7].summary
    assert "- 1 fastlegerepresentant" in items[7].summary
    assert "Innspill til neste partnerskapsmøte:" in items[8].narrative
    assert items[8].summary == ""
    assert items[10].correction == (
        "Merk at det i saksgrunnlaget var oppgitt at møte 2 i SSU er torsdag 9. juni 2027. "
        "Det riktige er *onsdag* 9. juni."
    )
    assert "torsdag 9. juni" not in items[10].decision
    assert items[12].brought_by == "Helse Bergen"
    assert items[14].narrative.count("\n\n") == 1


def test_it_renders_the_summary_of_04_as_one_nested_list(march):
    from samarbeid.lib import render_markdown

    html = render_markdown(march.items.get(sequence=4).summary)
    assert html.count("<ul>") == 2
    assert "<li>Oppfølging av fastleger som allerede har PLL</li>" in html


def test_it_names_the_presenters(march):
    def names(n):
        return [
            p.display_name for p in Presenter.objects.filter(item__meeting=march, item__sequence=n)
        ]

    assert names(3) == ["Kristin Brekke", "Hege Rob Moi"]
    assert names(4) == ["Ingvild Vikesund Peason", "Berit Margrete Helgaas Hellebø"]
    assert names(9) == ["Aina Holevik", "Beth Iren Reigstad"]
    assert names(12) == ["Helse Bergen"]
    assert len(names(14)) == 4
    trond = Presenter.objects.get(item__meeting=march, item__sequence=7)
    assert trond.person.name == "Trond Egil Hansen"
    assert Presenter.objects.get(name="Hege Rob Moi").title == "IKT-sjef"


def test_it_puts_two_sub_items_under_eventuelt(march):
    subs = list(SubItem.objects.filter(item__meeting=march, item__sequence=15))
    assert [s.title for s in subs] == [
        "Eventuelt-sak meldt av Bergen kommune",
        "Korte orienteringer fra partene",
    ]
    assert "SSE foreslår at det blir meldt formell sak om dette til SSU-møtet i juni." in (
        subs[0].text
    )
    assert "Partene ble oppfordret til å sende innspill til Helsereformutvalget" in subs[1].text


def test_it_records_the_attendance_exactly_as_the_seed(march):
    rows = {a.person.name: a for a in march.attendance.select_related("person", "substitute_for")}
    by_status = {}
    for name, row in rows.items():
        by_status.setdefault(row.status, set()).add(name)
    assert by_status == {
        Attendance.Status.PRESENT: PRESENT,
        Attendance.Status.OBSERVER: OBSERVERS,
        Attendance.Status.SUBSTITUTE: set(SUBSTITUTES),
        Attendance.Status.APOLOGIES: APOLOGIES,
    }
    for name, member in SUBSTITUTES.items():
        assert rows[name].substitute_for.name == member
        assert rows[name].seat.person.name == name
        assert rows[name].seat.body.slug == "ssu"


def test_it_creates_the_follow_ups_with_owners_and_targets(march, june):
    follow_ups = FollowUp.objects.filter(item__meeting=march)
    assert follow_ups.count() >= 14
    assert set(follow_ups.values_list("status", flat=True)) == {FollowUp.Status.OPEN}
    assert all(f.owner_body and f.owner_body.slug == "sse" for f in follow_ups)
    due_in_june = {f.item.sequence for f in follow_ups.filter(due_meeting=june)}
    assert due_in_june == {5, 11, 15}
    ta11 = follow_ups.get(description__startswith="Ny sak om godkjenning av avtaleutkast")
    assert ta11.due_meeting == june
    ou = follow_ups.get(description="Sak til områdeutvalgene i mai 2026")
    assert ou.due_date == datetime.date(2026, 5, 31)
    uh = follow_ups.get(item__sequence=14)
    assert uh.due_date == datetime.date(2027, 4, 30)
    per_case = {n: follow_ups.filter(item__sequence=n).count() for n in (5, 6, 7, 9, 11, 13, 15)}
    assert per_case == {5: 5, 6: 1, 7: 1, 9: 2, 11: 2, 13: 1, 15: 1}


def test_it_plans_the_june_meeting_with_case_16_approving_the_march_minutes(march, june):
    assert june.status == Meeting.Status.PLANNED
    assert june.label == "2/2026"
    assert june.starts_at > march.starts_at
    assert june.starts_at.month == 6
    (first,) = june.items.all()
    assert first.number == "16/26"
    assert first.kind == AgendaItem.Kind.APPROVAL
    assert first.approves_minutes_of == march


def test_it_publishes_the_seed_meeting(march):
    assert march.status == Meeting.Status.PUBLISHED
    assert march.notice_issued_at is not None
    assert march.documents.filter(kind=MeetingDocument.Kind.NOTICE).exists()
    assert march.documents.filter(kind=MeetingDocument.Kind.MINUTES).exists()


def test_it_loads_the_demo_twice_without_change(march):
    def counts():
        return [m.objects.count() for m in (Meeting, AgendaItem, Attendance, FollowUp)] + [
            MeetingDocument.objects.count(),
            Presenter.objects.count(),
            SubItem.objects.count(),
        ]

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "already there" in out.getvalue()
