"""The one PDF function: PDF/A-2a with metadata, our fonts, and nothing fetched from outside."""

import contextlib
import re
import shutil
import subprocess
import zlib

import pytest

from samarbeid.pdf import StaticOnlyFetcher, render_pdf, static_url

PROBE = """{% extends "pdf/base.html" %}{% block content %}
<h1>{{ title }}</h1>
<p>{{ text }}</p>
{{ unsafe|safe }}
{% endblock %}"""


@pytest.fixture
def probe_template(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"probe.html": PROBE}),
                    "django.template.loaders.filesystem.Loader",
                ]
            },
        }
    ]


def render(language="nn", **context):
    fetcher = StaticOnlyFetcher()
    pdf = render_pdf(
        "probe.html",
        {"text": "Æøå – Björg Schönberg", "unsafe": "", **context},
        title="Referat SSU møte 1/2026",
        language=language,
        fetcher=fetcher,
    )
    return pdf, fetcher


def test_it_makes_a_pdf_with_the_text(probe_template, pdf_text):
    pdf, _ = render()
    assert pdf.startswith(b"%PDF-1.7")
    text = pdf_text(pdf)
    assert "Referat SSU møte 1/2026" in text
    assert "Æøå – Björg Schönberg" in text


@pytest.mark.parametrize(("language", "footer"), [("nn", "Side 1 av 1"), ("nb", "Side 1 av 1"),
                                                  ("en", "Page 1 of 1")])  # fmt: skip
def test_it_numbers_pages_in_the_documents_language(probe_template, pdf_text, language, footer):
    pdf, _ = render(language)
    assert footer in pdf_text(pdf)


def test_it_is_pdf_a_2a_with_title_author_and_tags(probe_template):
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo not found: apt-get install poppler-utils")
    pdf, _ = render()
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    meta = subprocess.run(
        ["pdfinfo", "-meta", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    assert b"Title:           Referat SSU m\xc3\xb8te 1/2026" in info
    assert b"Author:          Samarbeidssekretariatet" in info
    assert b"Tagged:          yes" in info
    assert b'pdfaid:part="2"' in meta and b'pdfaid:conformance="A"' in meta


def test_it_embeds_the_projects_own_font(probe_template):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts not found: apt-get install poppler-utils")
    pdf, _ = render()
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout
    rows = [line for line in fonts.decode().splitlines()[2:] if line.strip()]
    assert rows and all("Noto-Sans" in row for row in rows)
    assert all(" yes " in row for row in rows)  # embedded


def test_it_never_fetches_files_or_the_network(probe_template, pdf_text):
    pdf, fetcher = render(
        unsafe='<img src="file:///etc/passwd" alt=""><img src="http://example.com/x.png" alt="">'
        '<link rel="stylesheet" href="https://evil.example/x.css">'
        '<p style="background: url(file:///etc/shadow)">x</p>'
    )
    assert "root:" not in pdf_text(pdf)
    assert set(fetcher.refused) >= {
        "file:///etc/passwd",
        "http://example.com/x.png",
    }
    assert not any(url.startswith(static_url("")) for url in fetcher.refused)


def link_targets(pdf):
    """The URIs of the PDF's links, read from its (compressed) object streams."""
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(stream))
    return {uri.decode() for chunk in chunks for uri in re.findall(rb"/URI \((.*?)\)", chunk)}


def test_relative_links_point_at_the_site_and_nothing_is_fetched(probe_template, settings):
    settings.SITE_URL = "https://samarbeid.example.no"
    pdf, fetcher = render(
        unsafe='<p><a href="/mote/">Møta</a> <a href="avtalar/">Avtalane</a></p>'
        '<img src="/media/saker/x.png" alt="">'
    )
    assert {"https://samarbeid.example.no/mote/", "https://samarbeid.example.no/avtalar/"} <= (
        link_targets(pdf)
    )
    assert not any("static.samarbeid.invalid/mote" in uri for uri in link_targets(pdf))
    # An image at a relative address is on the site, and the site is never fetched from.
    assert "https://samarbeid.example.no/media/saker/x.png" in fetcher.refused


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "http://127.0.0.1:8000/admin/", static_url("../../etc/passwd"),
     static_url("vendor/../../samarbeid/settings.py"), "https://static.samarbeid.invalid.evil/static/x"],
)  # fmt: skip
def test_the_fetcher_refuses_anything_but_our_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_the_fetcher_serves_our_stylesheet():
    response = StaticOnlyFetcher().fetch(static_url("pdf/document.css"))
    assert b"@page" in response.read()
