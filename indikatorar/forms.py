from django import forms
from django.utils.translation import gettext_lazy as _

from indikatorar.figures import Scope

FIRST_YEAR, LAST_YEAR, MOST_YEARS = 2000, 2100, 20

YEAR_ERRORS = {
    "invalid": _("Write the year with four digits, for example 2026."),
    "min_value": _("Choose a year from 2000 to 2100."),
    "max_value": _("Choose a year from 2000 to 2100."),
}


class IndicatorForm(forms.Form):
    """The page's filters: one body or all, a range of years, and (editors) unpublished."""

    body = forms.ChoiceField(
        label=_("Body"),
        required=False,
        error_messages={"invalid_choice": _("Choose a body from the list.")},
    )
    year_from = forms.IntegerField(
        label=_("From year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages=YEAR_ERRORS,
    )
    year_to = forms.IntegerField(
        label=_("To year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages=YEAR_ERRORS,
    )
    unpublished = forms.BooleanField(
        label=_("Count meetings whose minutes are not published yet"), required=False
    )

    def __init__(self, data, *, bodies, editor, default_years):
        super().__init__(data)
        self.bodies = {b.slug: b for b in bodies}
        self.default_years = default_years
        self.fields["body"].choices = [("", _("All bodies"))] + [(b.slug, str(b)) for b in bodies]
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs.update(inputmode="numeric", size=6)
        if not editor:
            del self.fields["unpublished"]

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", _("The last year cannot be before the first year."))
        elif first and last and last - first >= MOST_YEARS:
            self.add_error(
                "year_to", _("Choose at most %(n)s years at a time.") % {"n": MOST_YEARS}
            )
        return data

    def scope(self):
        """The Scope the valid form asks for.

        Missing years come from `default_years(include_unpublished)` → (first, last).
        """
        data = self.cleaned_data
        unpublished = bool(data.get("unpublished"))
        first, last = data.get("year_from"), data.get("year_to")
        if not (first and last):
            default_first, default_last = self.default_years(unpublished)
            if first:
                last = min(first + MOST_YEARS - 1, max(first, default_last))
            elif last:
                first = max(last - MOST_YEARS + 1, min(last, default_first))
            else:
                first, last = default_first, default_last
        body = self.bodies.get(data.get("body"))
        return Scope(
            first_year=first,
            last_year=last,
            body_ids=(body.pk,) if body else None,
            include_unpublished=unpublished,
        )

    @property
    def chosen_body(self):
        return self.bodies.get(self.cleaned_data.get("body"))
