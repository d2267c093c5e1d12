from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from moter.models import AgendaItem, FollowUp

# How many candidate cases the closing form offers (newest first).
CLOSING_CHOICES = 200


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, case):
        return f"{case.meeting.body.name} {case.number}: {case.title}"


class CloseForm(forms.Form):
    """Which later case closed the follow-up."""

    case = CaseChoiceField(
        label=_("Closed by case"),
        queryset=AgendaItem.objects.none(),
        widget=forms.Select(attrs={"class": "ds-input", "aria-describedby": "id_case_help"}),
        help_text=_("Cases of meetings after the decision, of the bodies involved; newest first."),
    )

    def __init__(self, *args, follow_up, **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        self.fields["case"].queryset = closing_candidates(follow_up)
        if follow_up.taken_up_in_id:
            self.initial.setdefault("case", follow_up.taken_up_in_id)


def closing_candidates(follow_up):
    bodies = {follow_up.item.meeting.body_id, follow_up.case_body_id, follow_up.owner_body_id}
    if follow_up.due_meeting_id:
        bodies.add(follow_up.due_meeting.body_id)
    bodies.discard(None)
    ids = AgendaItem.objects.filter(
        meeting__body_id__in=bodies,
        meeting__starts_at__gt=follow_up.item.meeting.starts_at,
    ).order_by("-meeting__starts_at", "-order")[:CLOSING_CHOICES]
    return (
        AgendaItem.objects.filter(pk__in=list(ids.values_list("pk", flat=True)))
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "order")
    )


class OfferForm(forms.Form):
    """The follow-ups to put on a meeting's agenda (all ticked to begin with)."""

    follow_ups = forms.ModelMultipleChoiceField(
        label=_("Put on the agenda"),
        queryset=FollowUp.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        offers = (
            FollowUp.objects.aimed_at(meeting)
            .for_register()
            .order_by(F("due").asc(nulls_last=True), "pk")
        )
        self.fields["follow_ups"].queryset = offers
        self.offers = list(offers)
        self.initial.setdefault("follow_ups", [f.pk for f in self.offers])
