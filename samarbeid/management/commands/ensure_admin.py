import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from samarbeid.access import EDITORS


class Command(BaseCommand):
    help = (
        "Create an administrator login if there is none, with a random password that is "
        "printed once and kept in DATA_DIR/admin-password.txt (readable by the owner only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        saved = settings.DATA_DIR / "admin-password.txt"
        if User.objects.filter(is_superuser=True).exists():
            if saved.exists():
                self.stdout.write(f"Log in at /admin/ with: {saved.read_text().strip()}")
            else:
                self.stdout.write("An administrator exists already; no password was changed.")
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email="", password=password)
        user.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.touch(mode=0o600)
        saved.write_text(f"{username} / {password}\n")
        self.stdout.write(self.style.SUCCESS(f"Created the administrator {username!r}."))
        self.stdout.write(f"Log in at /admin/ with: {username} / {password}")
