"""`{% decided_in case %}`: “Vedteke i SSU 05/26” with a link back to the case, for the pages
of what a decision caused (measures, agreement versions, working groups, bodies)."""

from django import template
from django.utils.html import format_html

from moter.links import PHRASES, case_is_readable, case_label, decided_in_html

register = template.Library()


@register.simple_tag(takes_context=True)
def decided_in(context, item, phrase="decided"):
    """The case as a link, or only its number for a reader who may not open it.

    `item` needs its meeting and the meeting's body loaded (select_related), so the tag
    costs no query. `phrase`: one of moter.links.PHRASES (decided, approved, sent, changed,
    set_up).
    """
    if item is None:
        return ""
    if phrase not in PHRASES:
        raise template.TemplateSyntaxError(f"decided_in: unknown phrase {phrase!r}")
    return decided_in_html(context["request"].user, item, phrase)


@register.simple_tag(takes_context=True)
def case_link(context, item):
    """“SSU 05/26” as a link to the case, or only the number for a reader who may not open it."""
    if item is None:
        return ""
    if case_is_readable(context["request"].user, item):
        return format_html('<a class="ds-link" href="{}">{}</a>', item.get_absolute_url(),
                           case_label(item))  # fmt: skip
    return case_label(item)
