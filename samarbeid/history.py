"""The admin's history pages (django-simple-history), for every model that keeps history."""

from django.db import models
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page names the foreign keys it fetches with the rows.

    django-simple-history 3.13 calls `select_related(*names)` with the model's tracked foreign
    keys, which for a model without any (a statutory topic, a number start) is
    `select_related()` with no arguments: deprecated in Django 6.0 (it follows every non-null
    foreign key) and gone in 7.0. Here it is called only when there are names.
    """

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        rows = history_manager.filter(**{pk_name: object_id})
        related = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        if not isinstance(history_manager.model.history_user, property):
            related.append("history_user")
        return rows.select_related(*related) if related else rows
