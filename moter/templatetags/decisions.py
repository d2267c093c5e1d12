"""`{% decided_in case %}`: “Vedteke i SSU 05/26” with a link back to the case, for the pages
of what a decision caused (measures, agreement versions, working groups, bodies)."""

from django import template

from moter.links import PHRASES, decided_in_html

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
