"""Small helpers that are not Django-specific."""

import threading

import markdown as md
import nh3

# What the secretariat's Markdown may become. Everything else is dropped, so no
# raw user HTML (scripts, styles, event handlers, iframes) reaches a page or a PDF.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan"},
    "th": {"colspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}


# Building a Markdown parser costs more than most conversions (the extensions, the patterns):
# each thread keeps one and resets it between texts. Parsers are not thread-safe, hence
# one per thread.
_parsers = threading.local()


def _parser():
    parser = getattr(_parsers, "markdown", None)
    if parser is None:
        parser = _parsers.markdown = md.Markdown(
            extensions=["sane_lists", "tables"], output_format="html"
        )
    return parser


def render_markdown(text):
    """Markdown → sanitised HTML (a str; mark it safe only at the template boundary)."""
    if not text:
        return ""
    html = _parser().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
