"""Small helpers that are not Django-specific."""

import functools
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
    """Markdown → sanitised HTML (a str; mark it safe only at the template boundary).

    The result depends on the text alone, so a text seen lately is not converted again: a
    meeting page for the secretariat renders every case's texts afresh on each request
    (about 200 conversions for 40 cases, a third of its time). The cache holds
    MARKDOWN_CACHE_SIZE texts of up to MARKDOWN_CACHE_CHARS characters (a few MB at most);
    longer texts are converted every time."""
    if not text:
        return ""
    if len(text) > MARKDOWN_CACHE_CHARS:
        return _convert(text)
    return _converted(text)


MARKDOWN_CACHE_SIZE = 2048
MARKDOWN_CACHE_CHARS = 4000


def _convert(text):
    html = _parser().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


_converted = functools.lru_cache(maxsize=MARKDOWN_CACHE_SIZE)(_convert)
