from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from handlingsplan.models import Status
from samarbeid.models import Organisation


class RoundDateForm(forms.Form):
    """The reporting date a status round is for (in the address: ?dato=2020-09-01)."""

    dato = forms.DateField(
        label=_("Reporting date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
        help_text=_("The date the reports are for; they are shown as its month."),
    )

    def day(self):
        return self.cleaned_data.get("dato") or timezone.localdate()


class AsOfForm(forms.Form):
    """Which reporting date the plan page shows the plan as of (?pr=2020-05-01)."""

    pr = forms.TypedChoiceField(
        label=_("Status as of"),
        required=False,
        coerce=forms.DateField().to_python,
        empty_value=None,
        widget=forms.Select(attrs={"class": "ds-input"}),
    )

    def __init__(self, data, *, dates, labels):
        super().__init__(data)
        self.fields["pr"].choices = [("", _("Now (newest reports)"))] + [
            (d.isoformat(), label) for d, label in zip(dates, labels, strict=True)
        ]


class SinceForm(forms.Form):
    """The date the "changes since" page starts from (?sidan=2020-06-01)."""

    sidan = forms.DateField(
        label=_("Changes since"),
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
    )


class Parties:
    """Organisations by the names an editor types ("Austevoll", "Helse Bergen")."""

    def __init__(self):
        self.by_name = {}
        for org in Organisation.objects.all():
            for name in (org.short_name_nn, org.short_name_nb, org.name_nn, org.name_nb):
                if name:
                    self.by_name.setdefault(name.casefold(), org)

    def get(self, name):
        return self.by_name.get(name.strip().casefold())


class MeasureStatusForm(forms.Form):
    """One measure's row in the status round: its new status, text and per-party lines."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=Status.choices,
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    text = forms.CharField(
        label=_("Status text"),
        required=False,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 4}),
    )
    lines = forms.CharField(
        label=_("Per party (optional)"),
        required=False,
        help_text=_(
            "One line per party with news: “Austevoll: Avtale signert”. The other parties' "
            "lines are carried forward with the month they were last reported."
        ),
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 2}),
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, measure, previous, existing, parties, **kwargs):
        self.measure, self.previous, self.existing = measure, previous, existing
        self.parties = parties
        base = existing or previous
        kwargs["initial"] = {
            "status": base.status if base else measure.current_status,
            "text": existing.text if existing else "",
            "lines": "\n".join(f"{line.party}: {line.text}" for line in existing.own_lines())
            if existing
            else "",
            "version": existing.version if existing else "",
        }
        super().__init__(*args, prefix=f"m{measure.pk}", **kwargs)

    def clean_lines(self):
        parsed, unknown = [], []
        for row in self.cleaned_data["lines"].splitlines():
            if not row.strip():
                continue
            name, sep, text = row.partition(":")
            party = self.parties.get(name) if sep else None
            if party is None or not text.strip():
                unknown.append(row.strip())
            else:
                parsed.append((party, text.strip()))
        if unknown:
            raise forms.ValidationError(
                _("Write each line as “party: status”, with a party from the register: %(rows)s")
                % {"rows": "; ".join(unknown)}
            )
        return parsed

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        said = data["text"].strip() or data["lines"]
        old_status = (self.existing or self.previous or self.measure).status
        if not said and not self.existing and data["status"] != old_status:
            raise forms.ValidationError(_("Write a status text for the new status."))
        return data

    def entry(self):
        """What to save for this measure, or None when the row is unchanged."""
        data = self.cleaned_data
        text = data["text"].strip()
        if not text and not data["lines"]:
            return None
        if self.existing and (
            self.existing.status == data["status"]
            and self.existing.text == text
            and [(li.party, li.text) for li in self.existing.own_lines()] == data["lines"]
        ):
            return None
        return {
            "measure": self.measure,
            "status": data["status"],
            "text": text,
            "lines": data["lines"],
            "version": data["version"],
        }
