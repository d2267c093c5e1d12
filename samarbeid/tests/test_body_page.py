"""The body page: current members grouped as in the minutes, private names kept private."""

import re

import pytest
from django.urls import reverse

from samarbeid.models import Body, Membership, Person

PRIVATE = [
    "Evy Knutsen",
    "Bjørn Sivertsen",
    "Gunn Mali Steen Sund",
    "Marius Omland",
    "Theresa Dang",
]


def ssu_page(client):
    response = client.get(reverse("body", kwargs={"slug": "ssu"}))
    assert response.status_code == 200
    return response.content.decode()


def headings(html):
    return re.findall(r"<h3[^>]*>(.*?)</h3>", html)


def test_it_groups_the_members_as_the_seed_minutes_do(client, demo):
    response = client.get("/utval/ssu/")
    html = response.content.decode()
    groups = [g for g, _ in response.context["groups"]]
    assert [g.value for g in groups] == [
        "kommunehelsetenesta",
        "spesialisthelsetenesta",
        "brukar",
        "fastlege",
        "ungdomsrad",
        "tillitsvald",
        "statsforvaltar",
        "observator",
        "sekretariat",
    ]
    assert len(headings(html)) == len(groups)
    # The personal substitutes follow their member, with "vara for".
    assert html.index("Kjerstin Fyllingen") < html.index("Rebekka Ljosland")
    assert html.index("Eystein Hauge") < html.index("Inger Uglenes")
    assert len(re.findall(r"substitute for|vara for", html)) == 2
    # The chair is marked.
    chair = re.search(r"Eivind Hansen</span>\s*<span class=\"ds-tag\"[^>]*>([^<]+)<", html)
    assert chair, "the chair's role should be shown beside the name"


def test_it_shows_every_public_member_and_the_secretariat(client, demo):
    html = ssu_page(client)
    for name in [
        "Ingvild Kirsti Hjelmtveit",
        "Eivind Hansen",
        "Hilde Ystanes",
        "Kristin Cotta Schönberg",
        "Trude Hjortland",
        "Reidun Braut Kjosås",
    ]:
        assert name in html


@pytest.mark.parametrize("persona", ["client", "other_member_client"])
def test_it_hides_private_names_from_the_public(request, demo, persona):
    html = ssu_page(request.getfixturevalue(persona))
    for name in PRIVATE:
        assert name not in html
    assert html.count("(name not public)") + html.count("ikkje offentleg") == len(PRIVATE)


@pytest.mark.parametrize("persona", ["member_client", "editor_client"])
def test_it_shows_private_names_to_members_and_the_secretariat(request, demo, persona):
    html = ssu_page(request.getfixturevalue(persona))
    for name in PRIVATE:
        assert name in html


def test_it_never_shows_contact_details(client, demo):
    Person.objects.filter(name="Eivind Hansen").update(
        email="eivind@example.no", phone="55 97 50 00"
    )
    html = ssu_page(client)
    assert "eivind@example.no" not in html
    assert "55 97 50 00" not in html


def test_it_answers_404_for_an_unknown_body(client, db):
    assert client.get("/utval/finst-ikkje/").status_code == 404


def test_it_refuses_other_methods(client, demo):
    assert client.post("/utval/ssu/").status_code == 405


def add_members(body, n):
    for i in range(n):
        person = Person.objects.create(name=f"Medlem {i:03}", name_is_public=i % 3 != 0)
        principal = Membership.objects.create(
            person=person, body=body, category=Membership.Category.MUNICIPAL, area=body.parent
        )
        if i % 5 == 0:
            Membership.objects.create(
                person=Person.objects.create(name=f"Vara {i:03}"),
                body=body,
                category=Membership.Category.MUNICIPAL,
                role=Membership.Role.SUBSTITUTE,
                substitute_for=principal,
            )


@pytest.mark.parametrize("n", [5, 60])
def test_it_uses_the_same_queries_however_many_members(client, db, django_assert_num_queries,
                                                       django_assert_max_num_queries, n):  # fmt: skip
    parent = Body.objects.create(slug="ou", short_name="OU", name_nn="OU", kind=Body.Kind.OU)
    body = Body.objects.create(slug="fsu", name_nn="FSU", kind=Body.Kind.FSU, parent=parent)
    add_members(body, n)
    # 1 the data's version (samarbeid/pagecache.py), 2 the body with its parent, 3 its
    # current members with person, organisation, area and substituted member, 4 the bodies
    # under it, 5-7 its coming meetings, latest minutes and latest decisions.
    with django_assert_num_queries(7):
        response = client.get("/utval/fsu/")
    substitutes = len(range(0, n, 5))
    assert response.content.decode().count('class="member-name"') == n + substitutes
    # The next reader gets the public's copy while nothing has changed: the data's version
    # at most (none while the version read a moment ago is kept, samarbeid/pagecache.py).
    with django_assert_max_num_queries(1):
        again = client.get("/utval/fsu/")
    assert again.content.decode().count('class="member-name"') == n + substitutes


def test_the_publics_copy_follows_every_change(client, demo):
    """The body page for the public is kept between requests; any change shows at once."""
    assert "Eivind Hansen" in ssu_page(client)
    person = Person.objects.get(name="Eivind Hansen")
    person.name = "Eivind Hanssen"
    person.save()
    assert "Eivind Hanssen" in ssu_page(client)
    body = Body.objects.get(slug="ssu")
    body.mandate = "Eit nytt mandat."
    body.save()
    assert "Eit nytt mandat." in ssu_page(client)
    Membership.objects.get(person=person, body=body).delete()
    assert "Eivind Hanssen" not in ssu_page(client)


def test_it_adds_one_query_for_a_logged_in_member(member_client, django_assert_num_queries):
    # + session, user, and the member's own bodies.
    with django_assert_num_queries(9):
        member_client.get("/utval/ssu/")
