"""What is published, sent or adopted is never deleted.

A model that keeps such records has `deletion_refused()`: the reason (for the secretariat, in
their language) why this row must stay, or "" when it may go. `keep_records(Model)` makes the
database path refuse too (a `pre_delete` guard: the admin, a bulk action, a cascade from a
parent row, code), and `RefusesDeletion` makes the admin say why instead of offering to delete.
Material that is withdrawn is marked so (withdrawn, repealed, ended), with a reason, and stays.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.shortcuts import redirect
from django.urls import reverse


class DeletionRefused(ProtectedError):
    """A row that keeps a record was about to be deleted; nothing was."""


def keep_records(model):
    """Class decorator: rows whose `deletion_refused()` gives a reason are never deleted."""
    pre_delete.connect(_refuse, sender=model, dispatch_uid=f"keep-records-{model._meta.label}")
    return model


def _refuse(sender, instance, **kwargs):
    reason = instance.deletion_refused()
    if reason:
        raise DeletionRefused(str(reason), [instance])


class RefusesDeletion:
    """ModelAdmin mixin: an object that must be kept has no delete button; its delete page
    sends back to the object with the reason, and the bulk "delete selected" action lists
    the reasons and deletes nothing."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.pk and obj.deletion_refused():
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        reason = obj.deletion_refused() if obj is not None else ""
        if reason and super().has_delete_permission(request, obj):
            self.message_user(request, reason, messages.ERROR)
            opts = self.opts
            return redirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            )
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        reasons = [str(reason) for reason in (o.deletion_refused() for o in objs) if reason]
        for reason in reasons:
            self.message_user(request, reason, messages.ERROR)
        return deleted, counts, perms_needed, [*reasons, *protected]


class KeepsRows:
    """InlineModelAdmin mixin: a row ticked for deletion that must be kept stops the save,
    with the reason above the rows; nothing is saved."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Rows(formset):
            def clean(self):
                super().clean()
                reasons = [
                    str(reason)
                    for form in self.deleted_forms
                    if form.instance.pk and (reason := form.instance.deletion_refused())
                ]
                if reasons:
                    raise ValidationError(reasons, code="kept")

        Rows.__name__ = formset.__name__
        return Rows
