"""The register, the agreement page, the signing page, the matrix and their PDFs.

Who may read: everybody reads agreements with a public version (sent, in force, replaced,
repealed); drafts, consultation and "for approval" versions only the responsible body's
members (member: SSU) and the secretariat (editor); everyone else gets 404.
"""

import datetime

import pytest

from avtaler.models import Agreement, Signature, Version
from avtaler.tests.helpers import make_agreement, make_parties, make_version, sent_version

V = Version.Status


def get(client, url, status=200):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status, url
    return response


# --- Permissions ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["client", "other_member_client"])
def test_it_hides_drafts_from_the_public_and_other_bodies(request, demo, persona):
    client = request.getfixturevalue(persona)
    get(client, "/avtalar/ta-4-bergen/", 404)  # only a version in preparation
    get(client, "/avtalar/legemiddelberedskap/", 404)
    draft = Version.objects.get(agreement__slug="ta-4-bergen")
    get(client, f"/avtalar/ta-4-bergen/versjon/{draft.pk}/", 404)
    get(client, "/avtalar/ta-4-bergen/signering/", 404)
    html = get(client, "/avtalar/").content.decode()
    assert "Særavtale til TA 4 – Bergen" not in html
    assert "Særavtale til TA 4 – Austevoll" in html


def test_it_hides_a_draft_version_of_a_public_agreement(client, db):
    agreement = make_agreement()
    make_version(agreement, "2020", status=V.IN_FORCE, valid_from=datetime.date(2020, 1, 1))
    draft = make_version(agreement, "utkast-2026", status=V.CONSULTATION,
                         consultation_deadline=datetime.date(2026, 6, 1))  # fmt: skip
    html = get(client, "/avtalar/ta-x/").content.decode()
    assert "2020" in html and "utkast-2026" not in html
    get(client, f"/avtalar/ta-x/versjon/{draft.pk}/", 404)
    get(client, f"/avtalar/ta-x/versjon/{draft.pk}/pdf/", 404)
    assert "utkast-2026" not in get(client, "/avtalar/?status=hoyring").content.decode()


@pytest.mark.parametrize("persona", ["member_client", "editor_client"])
def test_it_shows_drafts_to_the_responsible_body_and_the_secretariat(request, demo, persona):
    client = request.getfixturevalue(persona)
    html = get(client, "/avtalar/ta-4-bergen/").content.decode()
    assert "Avtalearbeidet er i sluttfasen" in html
    assert "Særavtale til TA 4 – Bergen" in get(client, "/avtalar/").content.decode()
    draft = Version.objects.get(agreement__slug="ta-4-bergen")
    assert (
        "not public" in get(client, f"/avtalar/ta-4-bergen/versjon/{draft.pk}/").content.decode()
    )


def test_it_refuses_other_methods(client, demo):
    assert client.post("/avtalar/").status_code == 405
    assert client.post("/avtalar/signeringsoversikt/").status_code == 405
    assert client.post("/avtalar/lis1-rekruttering/signering/").status_code == 405


def test_a_missing_agreement_is_404(client, db):
    get(client, "/avtalar/finst-ikkje/", 404)
    get(client, "/avtalar/finst-ikkje/signering/pdf/", 404)


# --- The register and its filters ----------------------------------------------------


def test_it_lists_the_agreement_structure_with_versions_in_force(client, demo):
    html = get(client, "/avtalar/").content.decode()
    for label in ["Overordna samarbeidsavtale", "Tenesteavtale 2", "Tenesteavtale 11 og 12",
                  "Særavtale om LIS1-rekruttering", "Særavtale til TA 4 – Voss"]:  # fmt: skip
        assert label in html


@pytest.mark.parametrize(
    "query, present, absent",
    [
        ("level=saeravtale", "Særavtale om LIS1-rekruttering", "Tenesteavtale 2<"),
        ("topic=4", "Særavtale til TA 4 – Austevoll", "Tenesteavtale 7<"),
        ("status=sendt", "Særavtale om LIS1-rekruttering", "Tenesteavtale 2<"),
        ("party=austevoll", "Særavtale til TA 4 – Austevoll", "Særavtale til TA 4 – Voss"),
    ],
)
def test_it_filters_the_register(client, demo, query, present, absent):
    html = get(client, f"/avtalar/?{query}").content.decode()
    assert present in html
    assert absent not in html


@pytest.mark.parametrize("query", ["level=bogus", "topic=99", "party=nowhere", "status=x"])
def test_it_says_so_when_a_filter_value_is_invalid(client, demo, query):
    html = get(client, f"/avtalar/?{query}").content.decode()
    assert 'role="alert"' in html
    assert "Tenesteavtale 2" in html  # and shows everything


# --- The signing page: "who has signed LIS1, and who have we not heard from?" --------


def test_it_answers_who_has_signed_and_who_has_not(client, demo):
    version = Version.objects.get(agreement__slug="lis1-rekruttering")
    bergen = version.signatures.get(party__slug="bergen").party
    version.record_signature(bergen, on=datetime.date(2026, 4, 1))
    html = get(client, "/avtalar/lis1-rekruttering/signering/").content.decode()
    assert "Signed (1)" in html and "1 April 2026" in html
    assert "Not heard from yet (23)" in html
    assert "Øygarden" in html


def test_it_prints_the_signing_of_one_agreement(client, demo, pdf_text):
    response = get(client, "/avtalar/lis1-rekruttering/signering/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Særavtale om LIS1-rekruttering" in text
    assert "Øygarden" in text and "(24)" in text


# --- The matrix ------------------------------------------------------------------------


def test_the_matrix_shows_each_party_s_status(client, demo):
    html = get(client, "/avtalar/signeringsoversikt/").content.decode()
    assert (
        html.count('class="matrix-agreement"')
        == Agreement.objects.filter(versions__status__in=Version.SIGNING).distinct().count()
    )
    assert "01.09.20" in html  # Austevoll and Voss signed
    assert "Kontakt mellom partane" not in html  # Askøy's agreement is not sent


def test_the_matrix_cells_are_right(client, db):
    a, b, _outsider = make_parties(3)
    agreement = make_agreement(rule=Agreement.Parties.LISTED, parties=[a, b])
    version = sent_version(agreement)
    version.record_signature(a, on=datetime.date(2026, 4, 1))
    row = version.signatures.get(party=b)
    row.status, row.note = Signature.Status.IN_PROCESS, "Til politisk handsaming"
    row.save()
    html = get(client, "/avtalar/signeringsoversikt/").content.decode()
    cells = html.split('class="matrix-agreement"')[1].split("</tr>")[0]
    assert cells.count("cell--signert") == 1 and "01.04.26" in cells
    assert cells.count("cell--under_behandling") == 1 and "Til politisk handsaming" in cells
    assert cells.count("cell--ikkje_part") == 1  # c is not a party


def test_the_matrix_shows_the_version_out_for_signing_over_the_one_in_force(client, db):
    (party,) = make_parties(1)
    agreement = make_agreement()
    old = sent_version(agreement, "2020")
    old.record_signature(party, on=datetime.date(2026, 3, 12))
    old.put_in_force(on=datetime.date(2026, 3, 12))
    sent_version(agreement, "2026")
    html = get(client, "/avtalar/signeringsoversikt/").content.decode()
    assert "version 2026" in html and "cell--sendt" in html


def test_the_matrix_filters_and_reports_bad_values(client, demo):
    html = get(client, "/avtalar/signeringsoversikt/?agreement=lis1-rekruttering").content.decode()
    assert html.count('class="matrix-agreement"') == 1
    html = get(client, "/avtalar/signeringsoversikt/?level=saeravtale").content.decode()
    # LIS1, security-political crises, and the TA 4 agreements of Austevoll, Bjørnafjorden, Voss
    assert html.count('class="matrix-agreement"') == 5
    html = get(client, "/avtalar/signeringsoversikt/?agreement=ta-4-bergen").content.decode()
    assert 'role="alert"' in html  # not sent, so not a choice


def _fill(agreements, parties):
    party_rows = make_parties(parties)
    for i in range(agreements):
        version = sent_version(make_agreement(f"a-{i}"))
        version.record_signature(party_rows[i % parties], on=datetime.date(2026, 4, 1))


@pytest.mark.parametrize("agreements, parties", [(3, 5), (10, 20)])
def test_the_matrix_query_count_does_not_grow(client, db, django_assert_num_queries,
                                              django_assert_max_num_queries, agreements,
                                              parties):  # fmt: skip
    _fill(agreements, parties)
    # 1 the data's version (samarbeid/pagecache.py), 2 the agreements sent for signing,
    # 3 their sent and in-force versions, 4 those versions' signing rows, 5 the listed
    # parties, 6 the parties (columns) with their area committee, 7 the agreements for the
    # agreement filter.
    with django_assert_num_queries(7):
        response = client.get("/avtalar/signeringsoversikt/")
    html = response.content.decode()
    assert html.count('class="matrix-agreement"') == agreements
    assert html.count('<td class="cell cell--signert"') == agreements
    # The next reader: the public's copy, after the data's version at most (none while
    # the version read a moment ago is kept, samarbeid/pagecache.py).
    with django_assert_max_num_queries(1):
        again = client.get("/avtalar/signeringsoversikt/").content.decode()
    assert again.count('<td class="cell cell--signert"') == agreements


def test_the_publics_copy_of_the_matrix_follows_every_change(client, db):
    a, b = make_parties(2)
    agreement = make_agreement(rule=Agreement.Parties.LISTED, parties=[a])
    version = sent_version(agreement)
    for _ in range(2):  # the second from the copy
        html = get(client, "/avtalar/signeringsoversikt/").content.decode()
        assert '<td class="cell cell--signert"' not in html
        assert html.count('<td class="cell cell--ikkje_part"') == 1
    version.record_signature(a, on=datetime.date(2026, 4, 1))
    html = get(client, "/avtalar/signeringsoversikt/").content.decode()
    assert '<td class="cell cell--signert"' in html and "01.04.26" in html
    agreement.parties.add(b)  # a row of the many-to-many table only
    html = get(client, "/avtalar/signeringsoversikt/").content.decode()
    assert '<td class="cell cell--ikkje_part"' not in html
    b.short_name_nn = "Nytt namn"
    b.save()
    assert "Nytt namn" in get(client, "/avtalar/signeringsoversikt/").content.decode()


def test_a_cells_note_is_escaped(client, db):
    (party,) = make_parties(1)
    version = sent_version(make_agreement(rule=Agreement.Parties.LISTED, parties=[party]))
    row = version.signatures.get(party=party)
    row.status, row.note = Signature.Status.IN_PROCESS, '<script>alert("x")</script> & co'
    row.save()
    html = get(client, "/avtalar/signeringsoversikt/").content.decode()
    assert "<script>" not in html
    assert 'title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"' in html
    assert "&lt;/script&gt; &amp; co)</span></td>" in html  # read out after the status


def test_the_register_query_count_does_not_grow(client, db, django_assert_num_queries):
    _fill(10, 5)
    # 1 the agreements with parent, 2 their topics, 3 their visible versions, 4–5 the topics
    # and parties for the filter.
    with django_assert_num_queries(5):
        client.get("/avtalar/")


def test_it_prints_the_matrix_landscape_in_nynorsk(client, demo, pdf_text):
    response = get(client, "/avtalar/signeringsoversikt/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Signering av avtalane" in text or "Signing of the agreements" in text
    assert "LIS1-" in text and "Sendt" in text  # the label wraps in its narrow column
    assert "OU Bergensregionen" in text


def test_the_matrix_pdf_with_a_bad_filter_goes_back_with_a_message(client, demo):
    response = client.get("/avtalar/signeringsoversikt/pdf/?level=bogus")
    assert response.status_code == 302 and response.url == "/avtalar/signeringsoversikt/"


def test_it_prints_a_version_s_text(client, db, pdf_text):
    agreement = make_agreement()
    version = make_version(agreement, "2020", status=V.IN_FORCE, valid_from=datetime.date(2020, 1, 1),
                           text="## § 1 Formål\n\nPartane skal samarbeide.")  # fmt: skip
    text = pdf_text(get(client, f"/avtalar/ta-x/versjon/{version.pk}/pdf/").content)
    assert "§ 1 Formål" in text and "Partane skal samarbeide." in text


def test_it_links_the_approving_case_only_for_readers_who_may_open_it(editor_client):
    from django.test import Client
    from django.utils import timezone

    from avtaler.tests.helpers import ssu
    from moter.links import case_label
    from moter.models import AgendaItem, Meeting

    make_parties(2)
    meeting = Meeting.objects.create(
        body=ssu(), starts_at=timezone.make_aware(datetime.datetime(2026, 3, 11, 9))
    )
    case = AgendaItem.objects.create(meeting=meeting, title="Godkjenning", decision="Godkjent.")
    agreement = make_agreement("ta-lenke")
    version = sent_version(agreement)
    version.approved_in = case
    version.save()
    url = agreement.get_absolute_url()
    link = f'href="{case.get_absolute_url()}"'
    public = Client().get(url).content.decode()
    assert case_label(case) in public and link not in public  # minutes not published
    assert link in editor_client.get(url).content.decode()
