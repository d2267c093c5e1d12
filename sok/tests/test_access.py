"""Who finds what: the public only what the pages publish; members also their own bodies'
internal material; the secretariat everything (samarbeid/access.py, DOMAIN.md §6)."""

from avtaler.models import Version
from handlingsplan.models import Plan
from sok.tests.conftest import search

SECRET = "Konfidensielt innhald om ein namngitt pasient"


def test_the_public_does_not_find_cases_of_unpublished_meetings(client, make_case):
    make_case("Beredskap, publisert")
    make_case("Beredskap, ikkje publisert", published=False)
    assert search(client, "beredskap")[0] == ["Beredskap, publisert"]


def test_the_public_does_not_find_an_unpublished_meeting(client, make_case):
    make_case("Sak", published=False)
    make_case("Sak", year=2025)
    titles, _ = search(client, "samarbeidsutval", type="mote")
    assert len(titles) == 1 and titles[0].endswith("møte 1/2025")


def test_an_exempt_case_gives_the_public_its_public_title_only(client, make_case):
    make_case(
        "Personalsak: tilsetjing av leiar", access="exempt", legal_basis="offl. § 25",
        public_title="Tilsetjing", narrative=SECRET, decision=f"Vedtak: {SECRET}",
    )  # fmt: skip
    make_case("Unnateke utan offentleg tittel", access="exempt", legal_basis="offl. § 13",
              narrative=SECRET)  # fmt: skip
    assert search(client, "pasient")[0] == []
    assert search(client, "personalsak")[0] == []
    assert search(client, "unnateke")[0] == []
    titles, html = search(client, "tilsetjing")
    assert titles == ["Tilsetjing"]
    assert "Exempt from public access: only the title is public." in html
    assert SECRET not in html


def test_members_find_the_internal_material_of_their_own_bodies(
    client, member, other_member, make_case, ou
):
    make_case("Beredskap i SSU, utkast", published=False)
    make_case("Beredskap i OU, utkast", body=ou, published=False)
    make_case("Unnateke i SSU", access="exempt", legal_basis="offl. § 13",
              public_title="Offentleg tittel", narrative="beredskap " + SECRET)  # fmt: skip
    client.force_login(member)  # sits in SSU
    titles, html = search(client, "beredskap")
    assert sorted(titles) == ["Beredskap i SSU, utkast", "Unnateke i SSU"]
    assert "Not public" in html
    assert search(client, "tittel")[0] == [], "members read the case, not the excerpt"
    client.force_login(other_member)  # sits in OU Bergen only
    assert search(client, "beredskap")[0] == ["Beredskap i OU, utkast"]
    assert search(client, "tittel")[0] == ["Offentleg tittel"]


def test_the_secretariat_finds_everything_once(editor_client, make_case, ou):
    make_case("Beredskap, utkast", published=False)
    make_case("Beredskap i OU", body=ou)
    make_case("Beredskap, unnateke", access="exempt", legal_basis="offl. § 13",
              public_title="Beredskap (offentleg)")  # fmt: skip
    titles, _ = search(editor_client, "beredskap")
    assert sorted(titles) == ["Beredskap i OU", "Beredskap, unnateke", "Beredskap, utkast"]


def test_the_public_does_not_find_draft_plans_or_their_measures(client, member, make_plan):
    make_plan("Handlingsplan 2026–2027", status=Plan.Status.DRAFT, measures=["Ny legevakt"])
    make_plan("Handlingsplan 2024–2025", measures=["Felles legevaktsamarbeid"])
    assert search(client, "legevakt")[0] == ["1.1 Felles legevaktsamarbeid"]
    assert search(client, "handlingsplan", type="handlingsplan")[0] == ["Handlingsplan 2024–2025"]
    client.force_login(member)  # SSU adopts the plans: its members read the draft
    assert sorted(search(client, "legevakt")[0]) == [
        "1.1 Felles legevaktsamarbeid", "1.1 Ny legevakt",
    ]  # fmt: skip


def test_the_public_does_not_find_draft_agreement_versions(client, member, make_agreement):
    make_agreement("Tenesteavtale 7", versions=[
        ("2020", Version.Status.IN_FORCE, "Gjeldande tekst om rettleiing."),
        ("2026", Version.Status.DRAFT, "Utkast om rettleiing og hospitering."),
    ])  # fmt: skip
    make_agreement("Særavtale om kurs", versions=[("utkast", Version.Status.DRAFT, "")])
    assert search(client, "rettleiing")[0] == ["Tenesteavtale 7 (2020)"]
    assert search(client, "hospitering")[0] == []
    assert search(client, "særavtale")[0] == [], "no public version: the agreement is hidden"
    client.force_login(member)  # SSU is responsible for the agreements
    assert search(client, "hospitering")[0] == ["Tenesteavtale 7 (2026)"]
    assert sorted(search(client, "særavtale")[0]) == [
        "Særavtale om kurs (utkast)", "Særavtale om kurs: Samarbeid",
    ]  # fmt: skip
