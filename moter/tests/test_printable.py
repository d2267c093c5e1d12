"""Texts that WeasyPrint cannot print (lists 150 deep, 60 tables or 300 quotes inside each
other) are refused when saved, with the reason on the field; a render that fails anyway names
its case, and a render that takes too long is stopped with a message, not a 500."""

import threading

import pytest
from django.test import override_settings
from django.urls import reverse

from moter.models import AgendaItem
from moter.tests.conftest import advance
from tests.adminforms import form_data

DEEP = {
    "lists": "<ul><li>punkt" * 150 + "</li></ul>" * 150,
    "tables": "<table><tr><td>celle" * 60 + "</td></tr></table>" * 60,
    "quotes": ">" * 300 + " sitat",
    "markdown lists": "\n".join("    " * i + "- punkt" for i in range(40)),
}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(cases=2)


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP)
def test_the_case_screen_refuses_nesting_that_cannot_be_printed(editor_client, meeting, text):
    case = meeting.items.get(title="Sak 2")
    url = reverse("admin:moter_agendaitem_change", args=[case.pk])
    data = form_data(editor_client.get(url))
    data["title"] = "Ny tittel"
    data["decision"] = text
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["decision"]
    assert "Make the structure flatter" in " ".join(errors)
    case.refresh_from_db()
    assert (case.title, case.decision) == ("Sak 2", "")  # nothing is half-saved


def test_ordinary_nesting_is_saved(editor_client, meeting):
    case = meeting.items.get(title="Sak 2")
    url = reverse("admin:moter_agendaitem_change", args=[case.pk])
    data = form_data(editor_client.get(url))
    data["decision"] = "- SSU ber SSE:\n    - leggje tiltaket inn\n        - i juni\n\n> Sitat"
    assert editor_client.post(url, data).status_code == 302


def test_the_meeting_screen_refuses_it_on_the_case_row(editor_client, meeting):
    url = reverse("admin:moter_meeting_change", args=[meeting.pk])
    data = form_data(editor_client.get(url))
    row = next(k.removesuffix("-title") for k, v in data.items() if v == "Sak 2")
    data[f"{row}-narrative"] = DEEP["quotes"]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert not AgendaItem.objects.filter(narrative=DEEP["quotes"]).exists()


def test_a_deep_text_saved_before_the_check_names_its_case_in_the_draft_pdf(
    editor_client, meeting
):
    case = meeting.items.get(title="Sak 2")
    AgendaItem.objects.filter(pk=case.pk).update(decision=DEEP["tables"])  # as before the check
    response = editor_client.get(
        reverse("moter:draft_pdf", args=[meeting.body.slug, meeting.year, meeting.number])
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert f"Sak {case.number} Sak 2" in html  # the meeting's language: nynorsk
    assert "tabellar inni tabellar" in html


def test_publishing_names_the_case_in_the_error(meeting, django_capture_on_commit_callbacks):
    advance(meeting, "referat_godkjent")
    case = meeting.items.get(title="Sak 2")
    AgendaItem.objects.filter(pk=case.pk).update(summary=DEEP["lists"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting.request_publication()
    meeting.refresh_from_db()
    assert meeting.status == "referat_godkjent"
    assert meeting.publish_error.startswith(f"Sak {case.number} Sak 2: ")


def test_a_failure_no_check_foresees_is_traced_to_its_case(meeting, monkeypatch):
    """A case that breaks the renderer for a reason the nesting check does not know."""
    from moter.documents import render_minutes
    from samarbeid import pdf
    from samarbeid.pdf import RenderError

    case = meeting.items.get(title="Sak 2")
    AgendaItem.objects.filter(pk=case.pk).update(narrative="Ordet BRYT her.")
    real = pdf.HTML

    class Breaks(real):
        def write_pdf(self, *args, **kwargs):
            if "BRYT" in self._html_source:
                raise RecursionError("maximum recursion depth exceeded")
            return super().write_pdf(*args, **kwargs)

    def html(*, string, **kwargs):
        document = Breaks(string=string, **kwargs)
        document._html_source = string
        return document

    monkeypatch.setattr(pdf, "HTML", html)
    with override_settings(PDF_MEMO=False), pytest.raises(RenderError) as error:
        render_minutes(meeting)
    assert str(error.value).startswith(f"Sak {case.number} Sak 2: ")


@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(),
    reason="the time limit is an alarm, set only in the main thread",
)
def test_a_render_that_takes_too_long_is_stopped_with_a_message(editor_client, meeting):
    url = reverse("moter:draft_pdf", args=[meeting.body.slug, meeting.year, meeting.number])
    with override_settings(PDF_TIME_LIMIT=0.001, PDF_MEMO=False):
        response = editor_client.get(url)
    assert response.status_code == 422
    assert "0.001" in response.content.decode()  # "took more than 0.001 seconds"
    with override_settings(PDF_MEMO=False):
        assert editor_client.get(url).status_code == 200  # the alarm is off again
