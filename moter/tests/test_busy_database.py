"""SQLite's single writer: short write transactions, and a save that finds the database
locked shows the form again with a "try again" message instead of an error page."""

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from moter.models import Meeting
from moter.tests.conftest import advance
from moter.tests.test_admin import change_url, form_data


@pytest.fixture(autouse=True)
def nynorsk(settings):
    """The screens as the secretariat sees them (the forms' dates are typed in nn's format)."""
    settings.LANGUAGE_CODE = "nn"
    with translation.override("nn"):
        yield


BUSY = "så ingenting vart lagra"


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(cases=2, place="Haukeland")


class Locked:
    """Every write fails as SQLite fails it when another process holds the write lock past
    the busy timeout."""

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)


def test_a_locked_save_shows_the_form_again_with_what_was_typed(editor_client, meeting):
    data = form_data(editor_client, meeting)
    data["place"] = "Vardesenteret"
    data["items-1-title"] = "Ny tittel på sak 2"
    with connection.execute_wrapper(Locked()):
        response = editor_client.post(change_url(meeting), data)
    assert response.status_code == 200  # not a server error
    page = response.content.decode()
    assert BUSY in page and "prøv igjen" in page
    assert 'value="Vardesenteret"' in page and "Ny tittel på sak 2" in page
    meeting.refresh_from_db()
    assert meeting.place == "Haukeland" and meeting.version == 1
    # Pressing Save again when the database is free saves it all.
    response = editor_client.post(change_url(meeting), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Vardesenteret"


def test_a_locked_case_save_shows_the_form_again(editor_client, meeting):
    case = meeting.items.get(title="Sak 1")
    url = reverse("admin:moter_agendaitem_change", args=[case.pk])
    response = editor_client.get(url)
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data[f"{fs.prefix}-TOTAL_FORMS"] = fs.total_form_count()
        data[f"{fs.prefix}-INITIAL_FORMS"] = fs.initial_form_count()
    data["title"] = "Retta tittel"
    with connection.execute_wrapper(Locked()):
        response = editor_client.post(url, data)
    assert response.status_code == 200
    assert BUSY in response.content.decode()
    assert 'value="Retta tittel"' in response.content.decode()
    case.refresh_from_db()
    assert case.title == "Sak 1"


def test_a_locked_lifecycle_step_says_try_again(editor_client, meeting):
    advance(meeting, "innkalla")
    url = reverse("admin:moter_meeting_transition", args=[meeting.pk, "mark_held"])
    with connection.execute_wrapper(Locked()):
        response = editor_client.post(url)
    assert response.status_code == 200
    assert BUSY in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_ISSUED


def test_the_meeting_screen_is_read_without_a_write_transaction(editor_client, meeting):
    """On SQLite a transaction takes the write lock at BEGIN (IMMEDIATE): reading the screen
    inside one would hold up every other save while it builds."""
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(change_url(meeting))
    assert response.status_code == 200
    opened = [q["sql"] for q in queries if q["sql"].upper().startswith(("SAVEPOINT", "BEGIN"))]
    assert opened == []


def test_the_notice_pdf_renders_outside_the_write_transaction(meeting, monkeypatch):
    from moter import documents

    depth_outside = len(connection.atomic_blocks)  # the test's own transaction
    depths = []
    real = documents.render_pdf

    def render(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return real(*args, **kwargs)

    monkeypatch.setattr(documents, "render_pdf", render)
    meeting.issue_notice()
    assert depths == [depth_outside]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_ISSUED


def test_a_case_changed_while_the_notice_renders_is_in_the_notice(meeting, monkeypatch):
    """The notice is rendered outside the lock: if the agenda changed meanwhile, it is
    rendered again, so the stored notice is the agenda as it was when the numbers froze."""
    from moter import documents

    real = documents.render_pdf
    calls = []

    def render(template, context, **kwargs):
        calls.append([item["title"] for item in context["doc"]["items"]])
        if len(calls) == 1:
            meeting.items.filter(title="Sak 2").update(title="Sak 2, retta")
        return real(template, context, **kwargs)

    monkeypatch.setattr(documents, "render_pdf", render)
    meeting.issue_notice()
    assert len(calls) == 2 and "Sak 2, retta" in calls[1]


def test_the_settings_wait_for_the_lock_before_giving_up(settings, db):
    """Writers queue (BEGIN IMMEDIATE) and wait up to 20 s for each other on SQLite."""
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's settings")
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 20
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20000
