"""The form renderer writes the commonest widgets itself, with the markup Django's templates
write, and leaves a widget to its template when the project overrides it."""

import datetime

import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import TemplatesSetting
from django.test import override_settings

from samarbeid.forms import FormRenderer

CHOICES = [
    ("", "Alle"),
    ("1", "Tiltak <1> & «meir»"),
    ("Plan 2026", [("2", "To"), ("3", 'Tre "sitert"')]),
    (2026, 2026),
]
ATTRS = {"class": "ds-input", "id": "id_x", "aria-describedby": "hjelp <b>", "disabled": True,
         "data-off": False}  # fmt: skip


class StoredFile(str):
    """A stored file as a model's FileField gives it to the widget: a name with a URL."""

    url = property(lambda self: f"/filer/{self}")


WIDGETS = [
    (forms.Select(attrs=ATTRS, choices=CHOICES), [None, "", "1", "3", 2026]),
    (forms.SelectMultiple(attrs=ATTRS, choices=CHOICES), [None, ["1", "3"]]),
    (forms.NullBooleanSelect(), [None, True, False]),
    (forms.TextInput(attrs=ATTRS), [None, "", 'Sak <1> "&"', 3]),
    (forms.NumberInput(attrs={"min": 0, "step": 0.5}), [None, 12]),
    (forms.HiddenInput(), [None, "7"]),
    (forms.EmailInput(), ["ola@example.no"]),
    (forms.CheckboxInput(), [None, True, False]),
    (forms.DateInput(), [None, datetime.date(2026, 3, 11)]),
    (AdminDateWidget(), [datetime.date(2026, 3, 11)]),
    (forms.Textarea(attrs=ATTRS), [None, "", "Linje 1\nLinje <2> & «3»"]),
    (forms.ClearableFileInput(attrs=ATTRS), [None, StoredFile("saker/plan <1>.pdf")]),
    (forms.FileInput(), [None]),
    (forms.RadioSelect(choices=CHOICES), ["1"]),  # not written here: its templates
]


@pytest.mark.parametrize(("widget", "values"), WIDGETS, ids=lambda w: type(w).__name__)
def test_it_writes_what_djangos_templates_write(widget, values):
    for value in values:
        ours = widget.render("felt", value, renderer=FormRenderer())
        django = widget.render("felt", value, renderer=TemplatesSetting())
        assert ours == django


class Case(forms.Form):
    title = forms.CharField(label='Tittel <i>"&"</i>')
    note = forms.CharField(label="Merknad", required=False)


@pytest.mark.parametrize("auto_id", ["id_%s", ""])
def test_it_writes_the_labels_djangos_template_writes(auto_id):
    """The admin's labels (a thousand on the meeting screen) go through it too."""
    for name in ("title", "note"):
        calls = [{}, {"attrs": {"class": "required", "data-x": True}}, {"label_suffix": " –"},
                 {"contents": "Eigen <b>tekst</b>"}, {"tag": "legend"}]  # fmt: skip
        for kwargs in calls:
            ours = Case(auto_id=auto_id, renderer=FormRenderer())[name].label_tag(**kwargs)
            django = Case(auto_id=auto_id, renderer=TemplatesSetting())[name].label_tag(**kwargs)
            assert ours == django, kwargs


def test_an_empty_error_list_is_nothing_and_one_with_errors_is_djangos():
    for data in ({"title": "Sak"}, {"title": ""}):
        ours, django = (Case(data, renderer=r())["title"].errors for r in renderers())
        assert str(ours) == str(django)
        assert ours.as_ul() == django.as_ul()
    assert str(Case({"title": ""}, renderer=FormRenderer())["title"].errors).startswith(
        '<ul class="errorlist" id="id_title_error"><li>'
    )


def renderers():
    return FormRenderer, TemplatesSetting


def test_the_select_is_written_here_not_by_its_template(monkeypatch):
    """What makes it fast: no option template is rendered (one render per option before)."""
    from django.template.backends.django import Template

    rendered = []
    original = Template.render

    def render(self, *args, **kwargs):
        rendered.append(self.origin.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Template, "render", render)
    widget = forms.Select(choices=[(str(i), f"Person {i}") for i in range(300)])
    html = widget.render("person", "7", renderer=FormRenderer())
    label = Case(renderer=FormRenderer())["title"].label_tag()
    no_errors = str(Case({"title": "Sak"}, renderer=FormRenderer())["title"].errors)
    assert rendered == []
    assert no_errors == ""
    assert label.startswith('<label for="id_title">')
    assert html.count("<option") == 300 and '<option value="7" selected>' in html
    forms.RadioSelect(choices=[("1", "Ein")]).render("r", "1", renderer=FormRenderer())
    assert rendered  # the check sees templates that are rendered


def test_a_widget_template_the_project_overrides_is_rendered_as_a_template(tmp_path, settings):
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "select.html").write_text('<select name="{{ widget.name }}" data-eigen></select>')
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with override_settings(TEMPLATES=templates):
        html = forms.Select(choices=CHOICES).render("x", "1", renderer=FormRenderer())
        text = forms.TextInput().render("y", "z", renderer=FormRenderer())
    assert html == '<select name="x" data-eigen></select>'
    assert text == '<input type="text" name="y" value="z">'


def test_the_site_renders_forms_with_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
