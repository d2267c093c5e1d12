from django.core.management.base import BaseCommand

from medlem.accounts import deactivate_former_members


class Command(BaseCommand):
    help = "End the logins of members whose last seat has ended (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        people = deactivate_former_members()
        for person in people:
            self.stdout.write(f"Login ended: {person.name} ({person.user.get_username()})")
        if not people:
            self.stdout.write("No logins to end.")
