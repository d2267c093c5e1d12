from django import forms
from django.utils.translation import gettext_lazy as _


class AbsenceForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        help_text=_("Seen by the secretariat only."),
        max_length=300,
        required=False,
        strip=True,
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you are not impartial"),
        help_text=_("Recorded in the minutes, for example “board member of the applicant”."),
        max_length=500,
        strip=True,
        error_messages={"required": _("Say why you are not impartial in this case.")},
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        error_messages={"invalid": _("Write a whole e-mail address, such as kari@example.no.")},
    )
