"""The secretariat's Markdown is rendered, and anything unsafe is dropped."""

from samarbeid.lib import render_markdown


def test_it_renders_lists_emphasis_and_links():
    html = render_markdown("- *onsdag* 9. juni\n- [saman.no](https://saman.no)")
    assert "<li><em>onsdag</em> 9. juni</li>" in html
    assert 'href="https://saman.no"' in html
    assert 'rel="noopener noreferrer"' in html


def test_it_drops_scripts_handlers_and_javascript_links():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        '[klikk](javascript:alert(3)) <b onclick="x()">feit</b>'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<b>feit</b>" in html


def test_it_keeps_the_html_the_seed_minutes_use():
    assert render_markdown("<b>Tid:</b> kl. 09–12") == "<p><b>Tid:</b> kl. 09–12</p>"


def test_it_renders_nothing_for_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_a_text_seen_before_is_not_converted_again_and_a_long_one_always_is(monkeypatch):
    from samarbeid import lib

    conversions = []
    parser = lib._parser()
    original = parser.convert
    monkeypatch.setattr(parser, "convert", lambda text: conversions.append(text) or original(text))
    lib._converted.cache_clear()

    short = "Saka vart *drøfta*."
    assert render_markdown(short) == render_markdown(short) == "<p>Saka vart <em>drøfta</em>.</p>"
    long = "Eit langt avsnitt. " * (lib.MARKDOWN_CACHE_CHARS // 10)
    assert render_markdown(long) == render_markdown(long)
    assert conversions == [short, long, long]
