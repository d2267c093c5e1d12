"""The browser-test harness: Playwright (sync API) drives Debian's Chromium against a live server.

Fixtures for the tests in tests/browser:

    browser                    one headless Chromium for the whole session
    new_page(**context_kwargs) a fresh page in a fresh context (cookies, language, viewport);
                               any Playwright `browser.new_context` argument can be given
    page                       `new_page()` with the default desktop viewport
    demo                       the demo data, committed to the live server's database
    editor_login               a secretariat login (username, password) on the demo data;
                               admin_login(page, editor_login, next_url) uses it
    axe_violations(page)       runs axe-core (WCAG 2.0/2.1 A and AA) and returns its violations
    assert_no_axe_violations(page)  fails with every violation, its impact, help and nodes
    assert_no_horizontal_overflow(page)  fails, naming the culprits, if the page scrolls sideways
    focus                      keyboard helpers: focus.tab_until(page, selector), focus.active(
                               page, "el.href"), focus.is_visible(page)

Contexts are a nynorsk-speaking visitor in Norway (locale nn-NO, so Accept-Language picks
nynorsk, as the site's default) on a 1280×900 screen, unless the test says otherwise.

Pages use the live server as their base URL, so `page.goto("/utval/ssu/")` works. Every test
here is marked `browser` (run only them with `-m browser`, skip them with `-m "not browser"`).

Chromium is /usr/bin/chromium, or $CHROMIUM_PATH. When it is missing the tests are skipped
with a notice, except when $CI is set: then they fail, because CI must always run them.
A failing test leaves a screenshot of each of its pages in test-artifacts/.
"""

import json
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the main thread, and Django refuses
# ORM calls from a thread with a running loop (SynchronousOnlyOperation). The test code
# that touches the database (loading the demo data) is still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
AXE_JS = HERE / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_VIEWPORT = {"width": 1280, "height": 900}
# How long an action or an `expect()` waits. Generous: with one test process per core the
# live server shares the CPU with the other worker, and a save that renders a PDF can take
# more than ten seconds on a busy CI machine.
TIMEOUT_MS = 30_000


def _in_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _chromium_missing():
    """Why Chromium cannot be used, or None when it can."""
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        return (
            f"Chromium not found at {CHROMIUM_PATH}: apt-get install chromium chromium-driver "
            "(or set CHROMIUM_PATH)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed: make test installs it"
    return None


# --- Collection: mark every browser test, and skip them all when Chromium is missing ------


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects, so `-m browser` sees the marker
def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if HERE in item.path.parents]
    if not mine:
        return
    for item in mine:
        item.add_marker(pytest.mark.browser)
    missing = _chromium_missing()
    if missing and not _in_ci():
        skip = pytest.mark.skip(reason=f"browser tests skipped: {missing}")
        for item in mine:
            item.add_marker(skip)


_reports = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def _failed(item):
    reports = item.stash.get(_reports, {})
    return any(r.failed for r in reports.values())


# --- Browser, contexts and pages ------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    missing = _chromium_missing()
    if missing:
        # Only reached with $CI set (otherwise the tests were skipped at collection).
        pytest.fail(f"CI is set, so the browser tests must run, but {missing}", pytrace=False)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(request, collected_static):
    """pytest-django's live server, but serving static files the way production does.

    pytest-django wraps the server in staticfiles' StaticFilesHandler, which looks files up
    through the finders by their plain names, so the hashed names that the manifest storage
    puts in the pages (css/site.1a2b3c.css) come back 404 and the pages have no CSS. Here
    nothing wraps the app: WhiteNoise (in MIDDLEWARE) serves STATIC_ROOT, which the suite's
    `collected_static` has filled, exactly as in production.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = lambda app: app
    server.start()
    yield server
    server.stop()


@pytest.fixture
def demo(transactional_db, live_server, demo_rows):
    """The demo data, committed, so that the live server's thread sees it.

    Overrides the suite's `demo` (which uses the rolled-back `db`): the live server needs
    `transactional_db`, which empties the tables again after each test (and conftest.py
    then puts back what the migrations had written).
    """
    demo_rows.load_demo()


@pytest.fixture
def new_page(request, browser, live_server):
    """Make a page in a new context; `new_page(viewport=..., locale=...)` passes through.

    Contexts bypass the site's Content-Security-Policy (script-src 'self'), so that axe-core
    can be injected; the site itself still runs under its CSP headers.
    """
    contexts = []

    def make(**context_kwargs):
        options = {
            "base_url": live_server.url,
            "bypass_csp": True,
            "viewport": DEFAULT_VIEWPORT,
            "locale": "nn-NO",
            "timezone_id": "Europe/Oslo",
        } | context_kwargs
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    try:
        if _failed(request.node):
            _save_artifacts(request.node, contexts)
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def _save_artifacts(item, contexts):
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid).strip("_")
    pages = [p for context in contexts for p in context.pages]
    for index, page in enumerate(pages):
        suffix = f"-{index}" if len(pages) > 1 else ""
        try:
            page.screenshot(path=ARTIFACTS / f"{stem}{suffix}.png", full_page=True)
            (ARTIFACTS / f"{stem}{suffix}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # the page may have crashed; never mask the real failure
            print(f"could not save a screenshot of {page.url}: {error}")
        else:
            print(f"screenshot of {page.url}: {ARTIFACTS / f'{stem}{suffix}.png'}")


# --- The secretariat in the admin ------------------------------------------------------


def admin_login(page, credentials, next_url="/admin/"):
    """Log in on the admin's login page with `credentials` (`editor_login`), then go on to
    `next_url`."""
    page.goto(f"/admin/login/?next={next_url}")
    page.fill("#id_username", credentials[0])
    page.fill("#id_password", credentials[1])
    with page.expect_navigation():
        page.locator("input[type=submit]").click()


def save_and_continue(page):
    """ "Save and continue editing" on an admin form; fails with the form's errors."""
    with page.expect_navigation(timeout=120_000):
        page.locator("input[name=_continue]").click()
    assert page.locator(".errornote").count() == 0, page.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()


# --- axe-core -------------------------------------------------------------------------


def _axe_violations(page, *, context=None, tags=None, disable_rules=()):
    """Run axe-core on the page as it is now; return its violations (a list of dicts).

    context: an axe context, e.g. {"include": ["main"]} (default: the whole document).
    tags: the rule tags to run (default: WCAG 2.0 and 2.1, levels A and AA).
    disable_rules: rule ids not to run; say why in the test that uses it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    options = {
        "runOnly": {"type": "tag", "values": list(tags or AXE_TAGS)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disable_rules},
    }
    return page.evaluate(
        """async ([context, options]) => {
            await document.fonts.ready;
            const results = await axe.run(context || document, options);
            return results.violations;
        }""",
        [context, options],
    )


def format_axe_violations(violations, url=""):
    """A readable report: each rule with its impact, help, link and failing nodes."""
    count = sum(len(v["nodes"]) for v in violations)
    lines = [f"{len(violations)} axe violation(s), {count} node(s), on {url}:"]
    for v in violations:
        lines.append("")
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        lines.append(f"  {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"  - target: {json.dumps(node['target'], ensure_ascii=False)}")
            lines.append(f"    html:   {_shorten(node['html'], 300)}")
            summary = node.get("failureSummary")
            if summary:
                for row in summary.splitlines():
                    lines.append(f"    {row}")
    return "\n".join(lines)


def _shorten(text, limit):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@pytest.fixture
def axe_violations():
    return _axe_violations


@pytest.fixture
def assert_no_axe_violations():
    """`assert_no_axe_violations(page, context=None, tags=None, disable_rules=())`."""

    def check(page, **kwargs):
        __tracebackhide__ = True  # point at the test's line, not at this helper
        violations = _axe_violations(page, **kwargs)
        if violations:
            raise AssertionError(format_axe_violations(violations, page.url))

    return check


# --- Layout ---------------------------------------------------------------------------

_OVERFLOW_JS = """async () => {
    await document.fonts.ready;  // the web font changes the widths
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width) return null;
    const clipped = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
    };
    const culprits = [...document.body.querySelectorAll('*')].filter((el) => {
        const sticksOut = el.getBoundingClientRect().right > width + 0.5;
        const spills = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
            && getComputedStyle(el).overflowX === 'visible';
        return (sticksOut || spills) && !clipped(el);
    });
    const innermost = culprits.filter((el) => !culprits.some((o) => o !== el && el.contains(o)));
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].map((c) => '.' + c).join('');
    const path = (el) => {
        const parts = [];
        for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
            parts.unshift(name(e));
        }
        return parts.join(' > ');
    };
    return {
        scrollWidth: root.scrollWidth,
        clientWidth: width,
        culprits: innermost.slice(0, 10).map((el) => ({
            path: path(el),
            right: Math.round(el.getBoundingClientRect().right),
            scrollWidth: el.scrollWidth,
            clientWidth: el.clientWidth,
            html: el.outerHTML.slice(0, 300),
        })),
    };
}"""


@pytest.fixture
def assert_no_horizontal_overflow():
    """Fail if the page is wider than the viewport (WCAG 1.4.10 Reflow), naming the elements
    that stick out of it or whose content spills out of them."""

    def check(page):
        __tracebackhide__ = True
        overflow = page.evaluate(_OVERFLOW_JS)
        if overflow:
            lines = [
                f"{page.url} scrolls sideways: it is {overflow['scrollWidth']}px wide in a "
                f"{overflow['clientWidth']}px viewport. Innermost elements that stick out:"
            ]
            for c in overflow["culprits"]:
                lines.append(
                    f"  - {c['path']}: right edge at {c['right']}px, content "
                    f"{c['scrollWidth']}px in {c['clientWidth']}px"
                )
                lines.append(f"    html: {_shorten(c['html'], 300)}")
            raise AssertionError("\n".join(lines))

    return check


# --- Keyboard -------------------------------------------------------------------------


class Focus:
    """Keyboard helpers. Loops are bounded, and a failure lists where the focus went."""

    MAX_PRESSES = 25

    @staticmethod
    def active(page, expression):
        """Evaluate the JavaScript `expression` with `el` bound to the focused element."""
        return page.evaluate(
            f"() => {{ const el = document.activeElement; return {expression}; }}"
        )

    @staticmethod
    def is_visible(page):
        """The focused element draws a focus indicator: an outline or a box shadow."""
        return page.evaluate(
            """() => {
                const style = getComputedStyle(document.activeElement);
                const outline = style.outlineStyle !== 'none'
                    && parseFloat(style.outlineWidth) > 0;
                return outline || (style.boxShadow !== 'none' && style.boxShadow !== '');
            }"""
        )

    def tab_until(self, page, selector, *, key="Tab", limit=MAX_PRESSES):
        """Press `key` until the focused element matches `selector`; return the presses."""
        __tracebackhide__ = True
        visited = []
        for presses in range(1, limit + 1):
            page.keyboard.press(key)
            if self.active(page, f"el.matches({json.dumps(selector)})"):
                return presses
            visited.append(self.active(page, "el.outerHTML.slice(0, 120)"))
        raise AssertionError(
            f"{key} × {limit} never reached {selector}; the focus went through:\n  "
            + "\n  ".join(visited)
        )


@pytest.fixture
def focus():
    return Focus()


@pytest.fixture
def editor_login(demo):
    """A secretariat login (username, password) on the demo data."""
    from django.contrib.auth.models import Group, User

    from samarbeid.access import EDITORS, sync_editor_group

    sync_editor_group()
    User.objects.create_user("sse", password="rett-passord-9", is_staff=True).groups.add(
        Group.objects.get(name=EDITORS)
    )
    return "sse", "rett-passord-9"
