"""PDF documents: an HTML template with print CSS, rendered by WeasyPrint, locked down.

`render_pdf()` is the one way the product makes a PDF. The output is PDF/A-2a (archival and
tagged, so screen readers can read it), with title, author and language metadata. The URL
fetcher serves only our own static files (stylesheets, fonts) and `data:` URLs: a reference in
user text to `file:///etc/passwd` or `http://…` is refused, never fetched. Relative links
(`[the meetings](/mote/)` in a case's Markdown) resolve against SITE_URL, so they work in the
PDF; what they point at is never fetched either.
"""

import hashlib
import mimetypes
import os
import signal
import ssl
import threading
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Our static files are addressed under this origin, which is never contacted: the fetcher
# maps its URLs to files found by Django's static-file finders.
STATIC_ORIGIN = "https://static.samarbeid.invalid"
STATIC_PREFIX = "/static/"
DEFAULT_STYLESHEET = "pdf/document.css"


class RenderError(Exception):
    """A PDF could not be made; the message says why, for the secretariat (and which case,
    where the caller knows)."""


class RenderTimeout(RenderError):
    """The rendering took longer than PDF_TIME_LIMIT seconds and was stopped."""


def describe_error(error):
    """What the secretariat is told of a failed rendering: our own message as it is, anything
    else with its kind ("OSError: font missing")."""
    return str(error) if isinstance(error, RenderError) else f"{type(error).__name__}: {error}"


@contextmanager
def time_limit(seconds):
    """Stop what runs inside after `seconds` with RenderTimeout.

    In the main thread (a gunicorn sync worker, `db_worker`, a management command) an alarm
    interrupts the work itself. Elsewhere (threaded development server) no alarm can be set:
    the work runs on, unlimited.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _Alarm  # not an Exception: no `except Exception` in WeasyPrint swallows it

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Alarm:
        raise RenderTimeout(
            _("Making the PDF took more than %(seconds)s seconds and was stopped.")
            % {"seconds": seconds}
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Alarm(BaseException):
    """The time limit's alarm went off."""


# With the setting PDF_MEMO on (only the test suite turns it on, in conftest.py), a PDF is
# rendered once per distinct HTML and stylesheet, and the same bytes are handed out again:
# the tests render the same documents over and over, and WeasyPrint is slow. PDF_MEMO may
# name a folder: the PDFs are kept there too, shared by the test processes (and by the two
# database runs of .ci/run).
_memo = {}


def _memo_get(key, folder):
    if key not in _memo and folder:
        with suppress(FileNotFoundError):
            _memo[key] = (Path(folder) / f"{key}.pdf").read_bytes()
    return _memo.get(key)


def _memo_put(key, pdf, folder):
    _memo[key] = pdf
    if folder:
        path = Path(folder) / f"{key}.pdf"
        partial = path.with_name(f"{key}.{os.getpid()}.part")
        partial.write_bytes(pdf)
        partial.replace(path)  # atomic: another process reads all of it or nothing


class StaticOnlyFetcher(URLFetcher):
    """Serve our own static files and data: URLs; refuse (and remember) everything else."""

    # It never opens a connection, yet urllib's HTTPS handler would load the system's
    # certificates for every fetcher (about 30 ms of every PDF): it gets this one
    # context, made without them.
    _UNUSED_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)

    def __init__(self):
        super().__init__(
            allowed_protocols={"https", "data"}, allow_redirects=False,
            ssl_context=self._UNUSED_TLS,
        )  # fmt: skip
        self.refused = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == STATIC_ORIGIN and parts.path.startswith(
            STATIC_PREFIX
        ):
            name = unquote(parts.path.removeprefix(STATIC_PREFIX))
            found = finders.find(name) if ".." not in name.split("/") else None
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url)
        raise ValueError(f"Only the product's own static files are fetched, not {url}")


def static_url(name):
    """The URL under which a PDF template refers to one of our static files."""
    return f"{STATIC_ORIGIN}{STATIC_PREFIX}{name}"


def render_pdf(template_name, context, *, title, language, author=None, stylesheet=None,
               fetcher=None):  # fmt: skip
    """Render `template_name` with `context` (plain data) into PDF/A-2a bytes.

    `language` ("nn", "nb" or "en") sets the document's fixed labels, the page footer and
    the PDF's language metadata. The template receives `title`, `author` and `language`.
    """
    author = author or "Samarbeidssekretariatet"
    # A caller's own fetcher wants to see what is fetched: never from the memo.
    memo = getattr(settings, "PDF_MEMO", False) if fetcher is None else False
    folder = memo if isinstance(memo, (str, Path)) else None
    with translation.override(language):
        html = render_to_string(
            template_name, {**context, "title": title, "author": author, "language": language}
        )
        page, of = _("Page"), _("of")
        footer_css = (
            f'@page {{ @bottom-right {{ content: "{page} " counter(page) " {of} " '
            "counter(pages); } }"
        )
    stylesheet = stylesheet or DEFAULT_STYLESHEET
    key = hashlib.sha256("\0".join([html, stylesheet, footer_css]).encode()).hexdigest()
    if memo and (cached := _memo_get(key, folder)) is not None:
        return cached
    fetcher = fetcher or StaticOnlyFetcher()
    # Links resolve against the site; fetching stays with the fetcher, which serves only
    # STATIC_ORIGIN, so an image at a relative address is refused, not fetched from the site.
    document = HTML(string=html, base_url=f"{settings.SITE_URL}/", url_fetcher=fetcher)
    stylesheets = [
        CSS(url=static_url(stylesheet), url_fetcher=fetcher),
        CSS(string=footer_css),
    ]
    try:
        with time_limit(getattr(settings, "PDF_TIME_LIMIT", 0)):
            pdf = document.write_pdf(
                stylesheets=stylesheets,
                pdf_variant="pdf/a-2a",
                uncompressed_pdf=False,
                custom_metadata=True,
            )
    except RenderError:
        raise
    except (RecursionError, MemoryError) as error:
        raise RenderError(
            _("The text is nested too deeply to be printed (%(error)s).")
            % {"error": type(error).__name__}
        ) from error
    if memo:
        _memo_put(key, pdf, folder)
    return pdf


def pdf_response(pdf_bytes, filename, *, public=True):
    """An HTTP response that shows `pdf_bytes` as `filename`; kept out of every cache when
    it is not `public` (drafts, internal versions)."""
    from django.http import HttpResponse

    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response
