from django import template
from django.utils.safestring import mark_safe

from samarbeid.access import is_editor
from samarbeid.lib import render_markdown
from samarbeid.privacy import membership_name

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
    return membership_name(membership, public=not show_private)


@register.filter
def is_secretariat(user):
    """{% if user|is_secretariat %}: the secretariat's links (staff status alone is not enough)."""
    return is_editor(user)
