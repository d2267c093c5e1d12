"""Conflict of interest (inhabilitet): a member declares it for a case with a reason; the
minutes record "X gjekk frå under handsaminga av sak NN/YY" on the pages and in the PDF."""

from django.urls import reverse

from moter.documents import render_minutes
from moter.models import ProtocolEntry
from samarbeid.models import Person


def declare(client, item, reason="Styremedlem i søkjaren"):
    return client.post(reverse("medlem:conflict", args=[item.pk]), {"reason": reason},
                       follow=True)  # fmt: skip


def test_a_declared_conflict_is_recorded_in_the_minutes(ola_client, issued, pdf_text, client):
    item = issued.items.get(title="Ny tenesteavtale 3")
    response = declare(ola_client, item)
    assert f"you are not impartial in case {item.number}" in response.text
    entry = ProtocolEntry.objects.get()
    assert entry.kind == "inhabil" and entry.person.name == "Ola Medlem"
    assert entry.history.get().history_user.username == "ola"  # who, and when
    assert (
        "You have declared that you are not impartial"
        in ola_client.get(reverse("medlem:mine")).text
    )

    line = f"Ola Medlem gjekk frå under handsaminga av sak {item.number}."
    # The live minutes for the body (in the meeting's language), the case page, the draft PDF.
    assert line in ola_client.get(issued.get_absolute_url()).text
    assert "Styremedlem i søkjaren" in ola_client.get(item.get_absolute_url()).text
    assert line in " ".join(pdf_text(render_minutes(issued, public=False)).split())

    # Published: the public page and the PDF say it too.
    advance_from(issued)
    public = client.get(issued.get_absolute_url()).text
    assert line in public
    pdf = issued.published_minutes().file.read()
    assert line in " ".join(pdf_text(pdf).split())


def advance_from(meeting):
    meeting.mark_held()
    meeting.start_minutes()
    meeting.approve_minutes(in_case=None)
    meeting.publish()


def test_a_private_person_is_named_by_role_in_public(client, issued, people, committee):
    siri = people["siri"]
    siri.name_is_public = False
    siri.save()
    item = issued.items.get(title="Ny tenesteavtale 3")
    ProtocolEntry.objects.create(item=item, person=siri, kind="inhabil", text="Nærståande")
    advance_from(issued)
    page = client.get(issued.get_absolute_url()).text
    assert "Siri Vara" not in page
    assert f"gjekk frå under handsaminga av sak {item.number}" in page


def test_declaring_twice_keeps_one_entry_with_the_newest_reason(ola_client, issued):
    item = issued.items.get(title="Ny tenesteavtale 3")
    declare(ola_client, item)
    declare(ola_client, item, reason="Tilsett hos søkjaren")
    assert ProtocolEntry.objects.get().text == "Tilsett hos søkjaren"


def test_a_reason_is_required_and_nothing_is_saved_without_it(ola_client, issued):
    item = issued.items.get(title="Ny tenesteavtale 3")
    response = declare(ola_client, item, reason="  ")
    assert "Say why you are not impartial in this case." in response.text
    assert not ProtocolEntry.objects.exists()


def test_it_is_refused_after_approval_and_for_other_bodies(ola_client, issued, other_member):
    item = issued.items.get(title="Ny tenesteavtale 3")
    issued.mark_held()
    issued.start_minutes()
    issued.approve_minutes(in_case=None)
    assert "The minutes are approved" in declare(ola_client, item).text
    assert not ProtocolEntry.objects.exists()
    ola_client.force_login(other_member)
    assert declare(ola_client, item).status_code == 404
    assert Person.objects.filter(user=other_member).exists()
