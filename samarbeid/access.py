"""Who may see and change what.

Three kinds of reader:
- the secretariat's editors: active staff users who are in the EDITORS group (or hold its
  `samarbeid.secretariat` permission directly, or are superusers); they edit everything in the
  admin. Staff status alone gives nothing: a staff login without the group sees what the public
  sees;
- committee members: users linked to a Person with a current membership; they read the
  internal material of *their* bodies;
- everybody else, logged in or not: published material only.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Sekretariatet"
# The apps whose data the editors keep, plus the logins of committee members.
EDITOR_APPS = ("samarbeid", "moter", "handlingsplan", "avtaler", "medlem", "auth")
EDITOR_AUTH_MODELS = ("user",)


# The permission that makes a staff user the secretariat (declared on samarbeid.Body).
SECRETARIAT_PERMISSION = "samarbeid.secretariat"


def sync_after_migrate(sender, **kwargs):
    """post_migrate receiver: sync once every app's permissions exist.

    `migrate` sends post_migrate once per app, in INSTALLED_APPS order, and each app's
    permissions are made by its own signal. Syncing on an early app would leave out the later
    apps' permissions, so this waits for the last app.
    """
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        sync_editor_group(using=kwargs.get("using"))


def sync_editor_group(using=None, **kwargs):
    """Give the editors' group every permission on the product's data."""
    group, _ = Group.objects.using(using or "default").get_or_create(name=EDITORS)
    perms = Permission.objects.filter(content_type__app_label__in=EDITOR_APPS).exclude(
        content_type__app_label="auth", content_type__model__in=("group", "permission")
    )
    group.permissions.set(perms)


def is_editor(user):
    """Is `user` the secretariat? Active, staff, and in the group (or holding its permission).

    The answer is kept on the user object for the rest of the request.
    """
    if not (user.is_active and user.is_staff):
        return False
    if not hasattr(user, "_is_editor"):
        if user.is_superuser or hasattr(user, "_perm_cache"):
            user._is_editor = user.has_perm(SECRETARIAT_PERMISSION)
        else:  # one query, where has_perm would load every permission (two)
            app_label, codename = SECRETARIAT_PERMISSION.split(".")
            user._is_editor = Permission.objects.filter(
                Q(user=user) | Q(group__user=user),
                content_type__app_label=app_label,
                codename=codename,
            ).exists()
    return user._is_editor


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


def make_secretary(user):
    """Put `user` in the secretariat (staff, in the group): for the bench and the demo login."""
    group, _ = Group.objects.get_or_create(name=EDITORS)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(group)
    return user
