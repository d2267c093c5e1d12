"""Who may see and change what.

Three kinds of reader:
- the secretariat's editors: staff users in the EDITORS group; they edit everything in the admin;
- committee members: users linked to a Person with a current membership; they read the
  internal material of *their* bodies;
- everybody else, logged in or not: published material only.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Sekretariatet"
# The apps whose data the editors keep, plus the logins of committee members.
EDITOR_APPS = ("samarbeid", "moter", "handlingsplan", "avtaler", "auth")
EDITOR_AUTH_MODELS = ("user",)


def sync_editor_group(**kwargs):
    """Give the editors' group every permission on the product's data (after each migrate)."""
    group, _ = Group.objects.get_or_create(name=EDITORS)
    perms = Permission.objects.filter(content_type__app_label__in=EDITOR_APPS).exclude(
        content_type__app_label="auth", content_type__model__in=("group", "permission")
    )
    group.permissions.set(perms)


def is_editor(user):
    return user.is_active and user.is_staff


def member_body_ids(user):
    """Ids of the bodies where `user` has a current seat (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_member_body_ids"):
        from samarbeid.models import Membership

        user._member_body_ids = frozenset(
            Membership.objects.current()
            .filter(person__user=user)
            .values_list("body_id", flat=True)
        )
    return user._member_body_ids


def can_read_internal(user, body):
    """May `user` read what `body` has not published (private names, drafts, papers)?"""
    return is_editor(user) or body.pk in member_body_ids(user)
