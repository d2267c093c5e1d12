"""The admin's fieldsets are written in Python (samarbeid/templatetags/admin_fieldset.py) with
the markup of Django's own template: every fieldset of every admin screen of the demo, shown
and sent back with mistakes, is written both ways and compared, character for character."""

from pathlib import Path

import django.contrib.admin
import pytest
from django.template import engines
from django.urls import reverse

from moter.meeting_steps import STEPS
from moter.models import AgendaItem, Meeting
from samarbeid.templatetags import admin_fieldset
from samarbeid.tests.test_admin import PAGES, page_url
from tests.adminforms import form_data

DJANGOS = Path(django.contrib.admin.__file__).parent / "templates/admin/includes/fieldset.html"


@pytest.fixture
def compared(monkeypatch):
    """Each fieldset written here and by Django's template; the names of those compared."""
    djangos = engines["django"].engine.from_string(DJANGOS.read_text())
    written = admin_fieldset.write
    seen = []

    def both(context):
        ours = written(context)
        assert ours == djangos.render(context)
        seen.append(str(context["fieldset"].name))
        return ours

    monkeypatch.setattr(admin_fieldset, "write", both)
    return seen


def test_it_writes_what_djangos_template_writes_on_every_screen(editor_client, demo, compared):
    meeting = Meeting.objects.filter(items__isnull=False).order_by("pk").first()
    urls = [page_url(name, model, pk) for name, model, pk in PAGES if not name.endswith(
        ("_changelist", "_history"))]  # fmt: skip
    urls += [reverse(f"admin:moter_meeting_{step}", args=[meeting.pk]) for step, _ in STEPS]
    for url in urls:
        assert editor_client.get(url).status_code == 200, url
    # Screens with headings, descriptions, help texts, read-only and hidden fields, several
    # fields on a line, checkboxes, and the cases' inline fieldsets.
    assert len(compared) > 100
    assert len(set(compared)) > 10


def test_it_writes_the_errors_as_djangos_template_does(editor_client, demo, compared):
    """Sent back with mistakes: a field's errors, a line's errors, the row marked."""
    case = AgendaItem.objects.filter(meeting__status=Meeting.Status.PLANNED).first()
    url = reverse("admin:moter_agendaitem_change", args=[case.pk])
    data = form_data(editor_client.get(url))
    data["title"] = ""  # required
    data["access"] = "exempt"  # without a legal basis: refused with a message
    data["legal_basis"] = ""
    compared.clear()
    response = editor_client.post(url, data)
    assert response.status_code == 200  # the form again, with its errors
    assert 'class="errorlist' in response.content.decode()
    assert compared

    add = reverse("admin:samarbeid_body_add")
    compared.clear()
    response = editor_client.post(add, {"short_name": "", "slug": "ugyldig adresse!"})
    assert response.status_code == 200 and compared
    assert 'class="errorlist' in response.content.decode()


@pytest.mark.parametrize("data", [None, {"short_name": "", "slug": "ugyldig adresse!"}])
@pytest.mark.parametrize("classes", [("collapse",), ("wide",), ()])
def test_it_writes_descriptions_folded_sets_and_shared_lines_as_django_does(
    rf, editor, data, classes
):
    """What no screen of the demo has: a description, a folded set (unfolded when one of its
    fields has errors), errors on a line of two fields, a heading level given or not."""
    from django.contrib.admin import helpers, site
    from django.template import Context

    from samarbeid.models import Body

    request = rf.get("/")
    request.user = editor
    model_admin = site._registry[Body]
    form = model_admin.get_form(request)(data=data)
    form.is_valid()
    djangos = engines["django"].engine.from_string(DJANGOS.read_text())
    for fields in ([("short_name", "slug"), "name_nn", "mandate"], ["name_nb", "mandate"]):
        fieldset = helpers.Fieldset(
            form, name="Organet <i>sitt</i> namn", fields=fields, classes=classes,
            description="Om <b>organet</b>", readonly_fields=("mandate",),
            model_admin=model_admin,
        )  # fmt: skip
        for extra in ({"heading_level": 3, "id_prefix": 1}, {}):
            context = Context({"fieldset": fieldset, "prefix": "p", "id_suffix": 2, **extra})
            ours = admin_fieldset.write(context)
            assert ours == djangos.render(context)
            assert ("<details>" in ours) == (
                "collapse" in classes and not (data and "short_name" in str(fields))
            )
