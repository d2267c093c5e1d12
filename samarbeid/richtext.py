"""What the Markdown fields may hold so that the PDFs can be made.

WeasyPrint lays out nested boxes recursively: lists nested 150 levels deep, 60 tables inside
each other or 300 quotes inside each other take it tens of seconds and then end in a
RecursionError. No real document nests like that, so a text is refused when it is saved
(`validate_printable` on every Markdown field), and checked again before a PDF is made
(`too_deep`), for texts saved before the check or written by code.
"""

from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samarbeid.lib import render_markdown

# The deepest nesting allowed, per kind of block, and of all of them together.
LIMITS = {"list": 10, "quote": 10, "table": 4, "all": 20}
KINDS = {"ul": "list", "ol": "list", "blockquote": "quote", "table": "table"}
NAMES = {
    "list": gettext_lazy("lists inside lists"),
    "quote": gettext_lazy("quotes inside quotes"),
    "table": gettext_lazy("tables inside tables"),
    "all": gettext_lazy("lists, quotes and tables inside each other"),
}


class _Depth(HTMLParser):
    """The deepest nesting of each kind of block in a piece of (sanitised) HTML."""

    def __init__(self):
        super().__init__()
        self.open = dict.fromkeys(LIMITS, 0)
        self.deepest = dict(self.open)

    def handle_starttag(self, tag, attrs):
        if kind := KINDS.get(tag):
            for k in (kind, "all"):
                self.open[k] += 1
                self.deepest[k] = max(self.deepest[k], self.open[k])

    def handle_endtag(self, tag):
        if kind := KINDS.get(tag):
            for k in (kind, "all"):
                self.open[k] = max(0, self.open[k] - 1)


def too_deep(html):
    """Why `html` cannot be printed ("" when it can): the first limit it goes past."""
    parser = _Depth()
    parser.feed(html)
    parser.close()
    for kind, limit in LIMITS.items():
        if parser.deepest[kind] > limit:
            return _(
                "The text has %(what)s %(depth)d levels deep; at most %(limit)d can be printed. "
                "Make the structure flatter."
            ) % {"what": NAMES[kind], "depth": parser.deepest[kind], "limit": limit}
    return ""


def validate_printable(text):
    """A Markdown field's validator: refuse nesting that the PDFs cannot print."""
    if message := too_deep(render_markdown(text)):
        raise ValidationError(message, code="too_deep")
