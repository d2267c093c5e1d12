from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class QuickSelect(forms.Select):
    """A select whose options are written here rather than through a template each, with
    the same markup as Django's (samarbeid/tests/test_quick_select.py): the public filters
    offer hundreds of options (every measure of every plan in the decisions register), each
    a template render with Django's select."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            html = format_html_join(
                "", '<option value="{}"{}>{}</option>',
                ((str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in options),
            )  # fmt: skip
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group, html)
                         if group else html)  # fmt: skip
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], _attrs(widget["attrs"]),
            mark_safe("".join(parts)),
        )  # fmt: skip


def _attrs(attrs):
    """As django/forms/widgets/attrs.html writes them: in order, True as a bare name."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


# The filters' drop-down lists.
FILTER_SELECT = QuickSelect(attrs={"class": "ds-input"})


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
