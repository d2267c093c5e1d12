"""Keep the search index current: after a save or delete, rewrite the rows it touches.

Connected in SokConfig.ready. Each handler names what the change can alter: publishing a
meeting (its status) changes who finds its cases, its minutes document who finds the
meeting, a plan's status who finds its measures, a new public version whether the agreement
is public. A bulk load can skip the
work with `paused()` and rebuild the index once afterwards.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save, pre_save

from avtaler.models import Agreement, Version
from handlingsplan.models import Area, Measure, Plan, StatusReport
from moter.models import AgendaItem, Meeting, MeetingDocument, SubItem
from samarbeid.models import Body
from sok import index

_state = threading.local()


@contextmanager
def paused():
    """No index updates inside; run `manage.py rebuild_search_index` (or index.rebuild()) after.

    Nests: leaving an inner `paused()` keeps the outer one's pause."""
    before = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = before


def _refresh(model, ids):
    if not getattr(_state, "paused", False):
        index.refresh(model, ids)


def _ids(queryset):
    return list(queryset.values_list("pk", flat=True))


def _meeting_and_cases(meeting_id):
    """Who finds a meeting's cases follows the meeting's status."""
    _refresh(Meeting, [meeting_id])
    _refresh(AgendaItem, _ids(AgendaItem.objects.filter(meeting_id=meeting_id)))


def meeting_changed(instance):
    """The meeting's row; its cases' rows only when what they show of it changed (a new
    meeting, another status, date or body): a lifecycle step saves the meeting several
    times, and a meeting may have a hundred cases."""
    before = instance.__dict__.pop("_sok_before", None)
    after = index.meeting_as_its_cases_show_it(
        instance.status, instance.starts_at, instance.body_id
    )
    if before == after:
        _refresh(Meeting, [instance.pk])
    else:
        _meeting_and_cases(instance.pk)


def meeting_saving(sender, instance, raw=False, **kwargs):
    """pre_save: what the meeting's cases show of it now, as the database holds it (and so
    as their rows in the index say: the index is written in the same transaction as every
    save). Read from the database, not from the instance, which may be stale."""
    if raw or instance.pk is None or getattr(_state, "paused", False):
        return
    row = Meeting.objects.filter(pk=instance.pk).values_list("status", "starts_at", "body_id")
    if row := row.first():
        instance._sok_before = index.meeting_as_its_cases_show_it(*row)


def document_changed(instance):
    """Whether the public finds a meeting follows its documents (the minutes, the notice);
    its cases' rows read only the meeting's status (see meeting_changed)."""
    _refresh(Meeting, [instance.meeting_id])


def case_changed(instance):
    _refresh(AgendaItem, [instance.pk])


def sub_item_changed(instance):
    _refresh(AgendaItem, [instance.item_id])


def measure_changed(instance):
    _refresh(Measure, [instance.pk])


def report_changed(instance):
    _refresh(Measure, [instance.measure_id])


def area_changed(instance):
    _refresh(Measure, _ids(Measure.objects.filter(area_id=instance.pk)))


def plan_changed(instance):
    _refresh(Plan, [instance.pk])
    _refresh(Measure, _ids(Measure.objects.filter(area__plan_id=instance.pk)))


def agreement_changed(instance):
    _refresh(Agreement, [instance.pk])
    _refresh(Version, _ids(Version.objects.filter(agreement_id=instance.pk)))


def version_changed(instance):
    _refresh(Version, [instance.pk])
    _refresh(Agreement, [instance.agreement_id])


def body_changed(instance):
    """A meeting's title carries its body's name; its cases' addresses, the body's web
    address (rewritten only when that changed: a body holds thousands of cases)."""
    before = instance.__dict__.pop("_sok_slug_before", None)
    _refresh(Meeting, _ids(Meeting.objects.filter(body_id=instance.pk)))
    if before is not None and before != instance.slug:
        _refresh(AgendaItem, _ids(AgendaItem.objects.filter(meeting__body_id=instance.pk)))


def body_saving(sender, instance, raw=False, **kwargs):
    """pre_save: the body's web address as the database (and so the index) holds it."""
    if raw or instance.pk is None or getattr(_state, "paused", False):
        return
    instance._sok_slug_before = (
        Body.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    )


HANDLERS = {
    Meeting: meeting_changed,
    MeetingDocument: document_changed,
    AgendaItem: case_changed,
    SubItem: sub_item_changed,
    Measure: measure_changed,
    StatusReport: report_changed,
    Area: area_changed,
    Plan: plan_changed,
    Agreement: agreement_changed,
    Version: version_changed,
    Body: body_changed,
}


def _on_save(handler):
    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:  # fixtures: the related rows may not be there yet
            handler(instance)

    return receiver


def _on_delete(handler):
    def receiver(sender, instance, **kwargs):
        handler(instance)

    return receiver


def connect():
    for model, handler in HANDLERS.items():
        uid = f"sok-{model._meta.label_lower}"
        post_save.connect(_on_save(handler), sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(_on_delete(handler), sender=model, weak=False, dispatch_uid=uid)
    pre_save.connect(meeting_saving, sender=Meeting, dispatch_uid="sok-moter.meeting-before")
    pre_save.connect(body_saving, sender=Body, dispatch_uid="sok-samarbeid.body-before")
