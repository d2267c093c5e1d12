"""How a person is named: the one place that decides, for every output.

A person whose name may not be shown publicly (`Person.name_is_public` off: user
representatives, youth council members, GPs) is named by their role in public output: pages
for readers outside the body, the frozen public snapshot, public PDFs, feeds and search.
Readers who may read the body's internal material, and the secretariat, see the name.

Contact data (e-mail, phone) is never printed outside the admin.
"""

from django.utils.translation import gettext as _


def name_is_shown(person, *, public):
    """May `person`'s name be printed in this output?"""
    return not public or person.name_is_public


def role_of(seat):
    """What the public reads instead of a private person's name: their seat's category."""
    return seat.get_category_display() if seat is not None else _("(name not public)")


def shown_name(person, *, public, seat=None):
    """The person's name, or their role when the name may not be printed here."""
    return person.name if name_is_shown(person, public=public) else role_of(seat)


def presenter_label(presenter, *, public):
    """ "Kari Nordmann, rådgjevar, Helse Bergen"; a private person shows title and organisation."""
    person = presenter.person if presenter.person_id else None
    if person is not None and not name_is_shown(person, public=public):
        name = ""
    else:
        name = presenter.display_name
    parts = [name, presenter.title, presenter.organisation]
    label = ", ".join(part for part in parts if part)
    return label or _("(name not public)")


def membership_name(membership, *, public):
    """A member on a body's or group's page: the name, or '<category> (name not public)'."""
    person = membership.person
    if name_is_shown(person, public=public):
        return person.name
    return _("%(category)s (name not public)") % {"category": membership.get_category_display()}
