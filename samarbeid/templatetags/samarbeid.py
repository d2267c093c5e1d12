from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samarbeid.lib import render_markdown

register = template.Library()


@register.filter
def startswith(value, prefix):
    return str(value).startswith(str(prefix))


@register.filter(name="markdown")
def markdown_filter(text):
    """Render the secretariat's Markdown, sanitised by an allow-list."""
    return mark_safe(render_markdown(text))


@register.simple_tag
def person_name(membership, show_private):
    """The member's name, or their seat's category when the name is private."""
    person = membership.person
    if person.name_is_public or show_private:
        return person.name
    return _("%(category)s (name not public)") % {"category": membership.get_category_display()}
