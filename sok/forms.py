from django import forms
from django.utils.translation import gettext_lazy as _

from samarbeid.models import Body
from sok.models import Entry

FIRST_YEAR, LAST_YEAR = 1990, 2100


class SearchForm(forms.Form):
    """The search page's query and filters, read from the address (?q=…&utval=…&ar=…&type=…)."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    utval = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.order_by("order", "name_nn"),
        to_field_name="slug",
        required=False,
        empty_label=_("All bodies"),
        error_messages={"invalid_choice": _("There is no body with that name in the list.")},
    )
    ar = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": _("Write the year with four digits, for example 2026."),
            "min_value": _("Write a year from %(limit_value)s on."),
            "max_value": _("Write a year up to %(limit_value)s."),
        },
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *Entry.Kind.choices],
        error_messages={"invalid_choice": _("Choose one of the types in the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        self.fields["q"].error_messages["max_length"] = _(
            "Write at most %(limit_value)d characters."
        )
        self.fields["ar"].widget.attrs.update({"inputmode": "numeric"})

    def filters(self):
        data = self.cleaned_data
        return {"body": data["utval"], "year": data["ar"], "kind": data["type"]}
