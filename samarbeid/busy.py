"""SQLite's "database is locked": a save that finds the database busy never ends in an error
page and never loses what was typed.

Writers queue for up to 20 seconds (the busy timeout in settings); should a save still find
the database busy, an admin screen with `WaitsForTheDatabase` shows the form again with the
values as sent and a message to press Save again (nothing was saved: the transaction rolled
back). Its pages are read without a write transaction (on SQLite, `transaction_mode
IMMEDIATE` takes the write lock at BEGIN, so a read inside one would stop every save for as
long as the screen takes to build).
"""

from django.db import OperationalError
from django.utils.translation import gettext_lazy as _

BUSY_MESSAGE = _(
    "The database was busy with another save, so nothing was saved. Your changes are still "
    "in the form: try again by pressing Save."
)


def is_locked(error):
    """Is this SQLite's "database is locked" (or "database table is locked")?"""
    return isinstance(error, OperationalError) and "is locked" in str(error).lower()


class WaitsForTheDatabase:
    """For a ModelAdmin: see the module's docstring."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method in ("GET", "HEAD"):
            return self._changeform_view(request, object_id, form_url, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OperationalError as error:
            if not is_locked(error):
                raise
            request.database_was_busy = True
            # Again, outside a transaction: the form is refused (below) so nothing is written.
            return self._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not getattr(request, "database_was_busy", False):
            return form

        class RefusedWhileBusy(form):
            def full_clean(self):
                super().full_clean()
                if self.is_bound:
                    self.add_error(None, BUSY_MESSAGE)

        RefusedWhileBusy.__name__ = form.__name__
        return RefusedWhileBusy
