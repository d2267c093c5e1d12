from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class FormRenderer(TemplatesSetting):
    """Django's form renderer with the project's templates (TemplatesSetting), except that the
    commonest widgets, a <select> with its options and an <input>, and a field's label are
    written here with the markup Django's own templates write
    (samarbeid/tests/test_form_renderer.py), and an empty error list is nothing.

    A template render per option is what made the secretariat's screens slow: the minutes
    step of a meeting offers every person in each case's presenter and dissent rows, and the
    decisions register's filter every measure, each option a template (with its attributes
    another). The meeting screen's 14 cases have a thousand labels, a template each (a
    quarter of its time). A template the project overrides (templates/django/forms/…) is
    rendered as a template."""

    def render(self, template_name, context, request=None):
        write = self._written_here.get(template_name)
        if write is not None:
            html = write(context)
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request)

    @cached_property
    def _written_here(self):
        return {
            name: write
            for name, write in WRITTEN_HERE.items()
            if Path(self.get_template(name).origin.name) == DJANGO_TEMPLATES / name
        }


DJANGO_TEMPLATES = Path(forms.__file__).parent / "templates"
SELECT_OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs):
    """As django/forms/widgets/attrs.html writes them: in order, True as a bare name."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value):
    """A value as {{ value }} writes it: localized, escaped ({{ value|stringformat:'s' }}
    writes it as escape() does: not localized)."""
    return escape(localize(value))


def _select(context):
    widget = context["widget"]
    parts = []
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{_text(group)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                return None  # a widget with options of its own: its templates
            parts.append(
                f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"  # the option template's last line break
            )
        if group:
            parts.append("\n  </optgroup>")
    return f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>{"".join(parts)}\n</select>'


def _input(context):
    widget = context["widget"]
    value = widget["value"]
    value = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(context):
    widget = context["widget"]
    value = _text(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _file_input(context):
    """django/forms/widgets/clearable_file_input.html without a file yet (the case papers'
    upload field on every row of the agenda step); with one, its template (None)."""
    widget = context["widget"]
    if widget["is_initial"]:
        return None
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>"
    )


def _label(context):
    """django/forms/label.html: the label, in its tag when the field has an id."""
    label = _text(context["label"])
    if not context["use_tag"]:
        return label
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def _error_list(context):
    """django/forms/errors/list/*.html: nothing for a field without errors (the admin asks
    each field and line for theirs, 450 empty lists on the meeting screen); a list with
    errors is left to the template (None)."""
    return None if context["errors"] else ""


INPUTS = "checkbox color date datetime email hidden number password search tel text time url"
WRITTEN_HERE = {
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/clearable_file_input.html": _file_input,
    **{f"django/forms/widgets/{name}.html": _input for name in INPUTS.split()},
}

# The filters' drop-down lists.
FILTER_SELECT = forms.Select(attrs={"class": "ds-input"})


class OTPForm(forms.Form):
    """The code from the authenticator app, in the second login step and its set-up."""

    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        help_text=_("Six digits. A new code comes every 30 seconds."),
        max_length=8,
        strip=True,
    )


class GuardedForm(forms.ModelForm):
    """Refuses to save over somebody else's newer save of the same row (optimistic locking).

    The form carries the row's counter (`version_field`, raised by every save of the row) as it
    was when the screen was opened. A row that this form changes, and that was saved since, is
    refused with `stale_message`; everything typed stays in the form. A row of an inline
    (`leaves_untouched_rows`) that the editor did not touch (it holds what the screen showed,
    read from the row's history at that version) is left as it is now, not written back.
    Used for the case screen, the case rows of the meeting screen, agreement versions and
    their signing rows.
    """

    version_field = "version"
    leaves_untouched_rows = False
    stale_message = _(
        "Someone else has saved %(object)s since you opened this screen. Nothing of yours was "
        "saved; your changes are still in the form. Open it in a new tab to see theirs, then "
        "bring yours over and save again."
    )

    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.untouched = False
        if self.instance.pk:
            self.fields["version_seen"].initial = getattr(self.instance, self.version_field)

    def clean(self):
        cleaned = super().clean()
        changed = [name for name in self.changed_data if name != "version_seen"]
        if self.instance.pk and changed:
            # Inside the admin's transaction: the row stays locked until our save is done.
            current = (
                type(self.instance)
                ._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list(self.version_field, flat=True)
                .first()
            )
            seen = cleaned.get("version_seen")
            if current is not None and seen != current:
                if self.leaves_untouched_rows and self._as_shown(seen, changed):
                    self.untouched = True
                else:
                    raise ValidationError(
                        self.stale_message % {"object": self.instance}, code="stale"
                    )
        return cleaned

    def has_changed(self):
        return not self.untouched and super().has_changed()

    def _post_clean(self):
        if self.untouched:  # not saved: the row stays as it is now, checked when it was saved
            self.instance.refresh_from_db()
            return
        super()._post_clean()

    def _as_shown(self, seen, names):
        """Whether the fields `names` hold what the screen showed: the row at version `seen`."""
        history = getattr(type(self.instance), "history", None)
        if history is None or seen is None:
            return False
        shown = (
            history.filter(id=self.instance.pk, **{self.version_field: seen})
            .order_by("-history_date", "-history_id")
            .first()
        )
        if shown is None:
            return False
        for name in names:
            field = self.instance._meta.get_field(name)
            value = self.cleaned_data.get(name)
            if field.is_relation:
                value = value.pk if value is not None else None
            if _plain(value) != _plain(getattr(shown, field.attname)):
                return False
        return True


def _plain(value):
    """A value as compared for "unchanged": text without surrounding space or CR line ends."""
    if value is None:
        return ""
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value
