"""Error pages: in the site's layout and language, and 503 when the database does not answer.

The suite runs with DEBUG off, so these are the pages visitors get. The 500 and 503 pages
render from a lean layout that needs no database and no request context.
"""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.template import loader
from django.test import Client

pytestmark = pytest.mark.urls("samarbeid.tests.urls_errors")


@pytest.fixture
def visitor():
    """A client that gets the error page instead of the exception."""
    return Client(raise_request_exception=False)


def test_a_missing_page_is_a_404_in_the_layout_and_in_nynorsk(client, db):
    response = client.get("/finst-ikkje/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Sida finst ikkje" in page
    assert '<html lang="nn"' in page
    assert 'class="site-nav"' in page and 'href="/sok/"' in page


def test_the_404_follows_the_language(client, db):
    client.cookies["django_language"] = "nb"
    assert "Siden finnes ikke" in client.get("/finst-ikkje/").content.decode()


def test_no_access_is_a_403_in_the_layout(member_client):
    response = member_client.get("/arbeid/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Inga tilgang" in page and 'class="site-nav"' in page


def test_a_bug_is_a_500_page_in_nynorsk(visitor, db):
    response = visitor.get("/feil/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Noko gjekk gale" in page and 'class="site-header"' in page
    assert "a bug" not in page and "Traceback" not in page


@pytest.mark.parametrize("url", ["/feil/database/", "/feil/database-borte/"])
def test_a_database_that_does_not_answer_is_a_503_with_retry_after(visitor, db, url):
    response = visitor.get(url)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "Databasen svarar ikkje, prøv igjen om litt." in page
    assert "timeout expired" not in page


def test_the_503_also_comes_when_the_session_cannot_be_read(editor, monkeypatch):
    # The database fails before any view runs: the middleware reads the session.
    visitor = Client(raise_request_exception=False)
    visitor.force_login(editor)

    def down(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(SessionStore, "load", down)
    response = visitor.get("/arbeid/")
    assert response.status_code == 503
    assert "Databasen svarar ikkje" in response.content.decode()


def test_the_500_and_503_pages_need_no_database(visitor):
    # No `db` fixture: pytest-django refuses every query, so a page that made one would fail.
    assert visitor.get("/feil/").status_code == 500
    assert visitor.get("/feil/database/").status_code == 503
    for name in ("500.html", "503.html", "400.html", "403_csrf.html"):
        assert "Samarbeid" in loader.render_to_string(name)


def test_an_expired_form_is_explained_in_nynorsk(editor):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/konto/logg-inn/", {"username": "redaktor", "password": "pw"})
    assert response.status_code == 403
    assert "Skjemaet har gått ut" in response.content.decode()
